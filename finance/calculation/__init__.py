"""The statement calculation (finance.md §7, §8): pure functions over plain values, no database.

`calculate_statement(StatementInput) -> StatementCalculation` computes every figure exactly;
`statement_lines(...)` arranges them as the statement page shows them; `exported_declarations(...)` picks the rows
of the declarations CSV."""

from finance.calculation.banded import BandFill, allocate, monthly_service_fee
from finance.calculation.display import Line, StatementLines, statement_lines
from finance.calculation.inputs import (
    AdjustmentInput,
    BandedFeeStructureInput,
    BandInput,
    ContractInput,
    DeclarationInput,
    FlatRateFeeStructureInput,
    HistoryCount,
    StatementInput,
)
from finance.calculation.money import format_money, round_for_display
from finance.calculation.statement import StatementCalculation, calculate_statement, exported_declarations

__all__ = [
    "AdjustmentInput",
    "BandFill",
    "BandInput",
    "BandedFeeStructureInput",
    "ContractInput",
    "DeclarationInput",
    "FlatRateFeeStructureInput",
    "HistoryCount",
    "Line",
    "StatementCalculation",
    "StatementInput",
    "StatementLines",
    "allocate",
    "calculate_statement",
    "exported_declarations",
    "format_money",
    "monthly_service_fee",
    "round_for_display",
    "statement_lines",
]
