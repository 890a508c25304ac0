"""Turn a computed statement (`finance.selectors.statements.ComputedStatement`) into what the templates print.
Every amount is rounded on its own here (finance.md R3) from the calculation's exact figures; nothing is summed
after rounding."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from core.clock import LONDON
from finance.calculation import format_money
from finance.models import FeeType, Statement, StatementStatus


def money(amount: Decimal | None) -> str:
    return "" if amount is None else format_money(amount)


def status_tag(statement: Statement) -> dict[str, str]:
    """journeys.md §6.8.2: Open blue, Payable yellow, Paid green — "Authorised for payment" for output statements."""
    if statement.status == StatementStatus.OPEN:
        return {"text": "Open", "colour": "blue"}
    if statement.status == StatementStatus.PAYABLE:
        return {"text": "Payable", "colour": "yellow"}
    if statement.fee_type == FeeType.OUTPUT:
        return {"text": "Authorised for payment", "colour": "green"}
    return {"text": "Paid", "colour": "green"}


def authorised_at(moment: dt.datetime | None) -> str:
    """finance.md §5.2: `3:05pm on 4 March 2025`, London time."""
    if moment is None:
        return ""
    local = moment.astimezone(LONDON)
    hour = local.hour % 12 or 12
    return f"{hour}:{local:%M}{'am' if local.hour < 12 else 'pm'} on {local.day} {local:%B %Y}"


def _cell(value: Any) -> str:
    return money(value) if isinstance(value, Decimal) else str(value)


def statement_page(lines) -> dict[str, Any]:
    """§8.2–§8.7 as plain strings for the template."""
    return {
        "overview": [{"label": line.label, "value": line.display} for line in lines.overview],
        "total": lines.total.display,
        "summary": {
            "columns": list(lines.summary.columns),
            "rows": [{"label": label, "cells": [str(c) for c in cells]} for label, cells in lines.summary.rows],
        },
        "output_tables": [
            {
                "caption": table.caption,
                "columns": list(table.columns),
                "rows": [
                    {
                        "label": row.label,
                        "cells": [_cell(c) for c in row.cells],
                        "payment": "" if row.payment is None else money(row.payment),
                        "is_fee": row.payment is not None,
                    }
                    for row in table.rows
                ],
                "total_label": table.total.label,
                "total": table.total.display,
            }
            for table in lines.output_tables
        ],
        "uplift": None
        if lines.uplift_table is None
        else {
            "count": lines.uplift_table.count,
            "fee": money(lines.uplift_table.fee),
            "payment": money(lines.uplift_table.payment),
        },
        "clawback_tables": [
            {
                "caption": table.caption,
                "rows": [
                    {"payment_type": r.payment_type, "count": r.count, "fee": money(r.fee), "payment": money(r.payment)}
                    for r in table.rows
                ],
                "total": money(table.total),
            }
            for table in lines.clawback_tables
        ],
        "adjustments_total": lines.adjustments_total.display,
        "targets": {
            "rows": [{"label": label, "value": value} for label, value in lines.provider_targets.rows],
            "bands": [
                {
                    "letter": band.letter,
                    "min": f"{band.min_declarations:,}",
                    "max": f"{band.max_declarations:,}",
                    "fee": money(band.fee_per_declaration),
                }
                for band in lines.provider_targets.bands
            ],
        },
    }
