"""The finance statements list and the statement page's selector (journeys.md §6.8.2, §6.8.3 item 1): which
statements match the filters, and the choices each filter offers."""

from __future__ import annotations

import calendar
from dataclasses import dataclass

from django.db.models import QuerySet

from finance.models import FeeType, Statement
from providers.models import ContractPeriod, LeadProvider

ALL = ""
OUTPUT_STATEMENTS = "output"
SERVICE_STATEMENTS = "service"
ALL_STATEMENT_TYPES = "all"
STATEMENT_TYPES = (
    (ALL_STATEMENT_TYPES, "All"),
    (OUTPUT_STATEMENTS, "Output statements"),
    (SERVICE_STATEMENTS, "Service fee statements"),
)


@dataclass(frozen=True)
class StatementFilters:
    """Parsed filter values; anything unreadable counts as "All". The statement type defaults to output (§6.8.2)."""

    lead_provider_id: int | None = None
    contract_period_year: int | None = None
    month: int | None = None
    year: int | None = None
    statement_type: str = OUTPUT_STATEMENTS

    @classmethod
    def parse(cls, data) -> StatementFilters:
        statement_type = data.get("statement_type") or OUTPUT_STATEMENTS
        if statement_type not in dict(STATEMENT_TYPES):
            statement_type = OUTPUT_STATEMENTS
        month = year = None
        year_month = (data.get("statement_date") or "").split("-")
        if len(year_month) == 2 and all(part.isdigit() for part in year_month):
            year, month = int(year_month[0]), int(year_month[1])
            if not 1 <= month <= 12:
                year = month = None
        return cls(
            lead_provider_id=_number(data.get("lead_provider")),
            contract_period_year=_number(data.get("contract_period")),
            month=month,
            year=year,
            statement_type=statement_type,
        )

    @property
    def statement_date(self) -> str:
        return statement_date_value(self.year, self.month) if self.year and self.month else ALL

    def query(self) -> dict[str, str]:
        """The filters as query-string values (for pagination links and the selector's fall-back)."""
        return {
            "lead_provider": str(self.lead_provider_id or ""),
            "contract_period": str(self.contract_period_year or ""),
            "statement_date": self.statement_date,
            "statement_type": self.statement_type,
        }


def _number(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


def statement_date_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def statements_matching(filters: StatementFilters) -> QuerySet[Statement]:
    """Ordered by payment date, then lead provider name, so a provider's months read in order."""
    statements = Statement.objects.select_related("active_lead_provider__lead_provider")
    if filters.lead_provider_id is not None:
        statements = statements.filter(active_lead_provider__lead_provider_id=filters.lead_provider_id)
    if filters.contract_period_year is not None:
        statements = statements.filter(active_lead_provider__contract_period_id=filters.contract_period_year)
    if filters.month is not None:
        statements = statements.filter(month=filters.month, year=filters.year)
    if filters.statement_type == OUTPUT_STATEMENTS:
        statements = statements.filter(fee_type=FeeType.OUTPUT)
    elif filters.statement_type == SERVICE_STATEMENTS:
        statements = statements.filter(fee_type=FeeType.SERVICE)
    return statements.order_by("payment_date", "active_lead_provider__lead_provider__name", "pk")


def lead_provider_choices() -> list[tuple[str, str]]:
    """ "All" then every lead provider, A–Z."""
    return [(ALL, "All")] + [
        (str(pk), name) for pk, name in LeadProvider.objects.order_by("name").values_list("pk", "name")
    ]


def contract_year_choices() -> list[tuple[str, str]]:
    """ "All" then every contract period year, ascending."""
    return [(ALL, "All")] + [
        (str(year), str(year)) for year in ContractPeriod.objects.order_by("year").values_list("year", flat=True)
    ]


def statement_date_choices() -> list[tuple[str, str]]:
    """ "All" then each distinct statement month, in date order ("January 2026")."""
    months = Statement.objects.order_by("year", "month").values_list("year", "month").distinct()
    return [(ALL, "All")] + [(statement_date_value(y, m), f"{calendar.month_name[m]} {y}") for y, m in months]


def first_matching_statement(
    *, lead_provider_id: int | None, contract_period_year: int | None, year: int | None, month: int | None
) -> Statement | None:
    """The statement page's selector (§6.8.3 item 1): the statement for exactly that provider, year and month."""
    if lead_provider_id is None or contract_period_year is None or month is None:
        return None
    return (
        Statement.objects.filter(
            active_lead_provider__lead_provider_id=lead_provider_id,
            active_lead_provider__contract_period_id=contract_period_year,
            year=year,
            month=month,
        )
        .order_by("pk")
        .first()
    )
