"""Money conventions (finance.md §2): exact decimals, no intermediate rounding, each displayed figure rounded on
its own to pennies, half away from zero."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal

# R1: at least 28 significant digits; 40 keeps a division by 29 exact to far below a penny even on large totals.
MONEY_CONTEXT = Context(prec=40, rounding=ROUND_HALF_EVEN)
PENNY = Decimal("0.01")
ZERO = Decimal("0")


def round_for_display(amount: Decimal) -> Decimal:
    """R3: two places, half away from zero (Python's ROUND_HALF_UP rounds ties away from zero both ways:
    1275.045 → 1275.05, −0.005 → −0.01). A negated zero becomes plain zero (R5)."""
    rounded = amount.quantize(PENNY, rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)


def format_money(amount: Decimal) -> str:
    """R5: `£4,267.20`, `-£150.00`, and `£0.00` for any zero."""
    rounded = round_for_display(amount)
    sign = "-" if rounded < 0 else ""
    return f"{sign}£{abs(rounded):,.2f}"
