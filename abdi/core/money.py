"""Money as the agency writes it: whole rupiah, dots between thousands ("Rp 1.250.000"),
whatever the interface language (an amount in rupiah is Indonesian in the English UI too)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def rupiah(value: int | Decimal | float | None, *, empty: str = "—") -> str:
    """`Rp 1.250.000` for 1250000; `empty` for None; rounded to the whole rupiah."""
    if value is None or value == "":
        return empty
    amount = int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    digits = f"{abs(amount):,}".replace(",", ".")
    return f"{'-' if amount < 0 else ''}Rp\u00a0{digits}"
