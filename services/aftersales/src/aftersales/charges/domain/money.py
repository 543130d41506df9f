"""Money and quantities as exact decimals (AFS-05): never floats, cents rounded half up."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from cskit.domain import InvalidInput
from cskit.domain.money import CENT, parse_cents

# The most a price-list item costs, and the most of it one quote line takes.
MAX_PRICE = Decimal("1000000")
MAX_QUANTITY = Decimal("10000")


def _decimal(value: str, field: str) -> Decimal:
    try:
        amount = Decimal(value.strip())
    except (InvalidOperation, AttributeError):
        raise InvalidInput.on(field, "must be a decimal number, e.g. 12.50") from None
    if not amount.is_finite():
        raise InvalidInput.on(field, "must be a decimal number, e.g. 12.50")
    return amount


def price(value: str, field: str = "unit_price") -> Decimal:
    """A price in yuan to the cent: positive, at most two places."""
    amount = parse_cents(value, field, rule_id="AFS-05")
    if amount > MAX_PRICE:
        raise InvalidInput.on(field, f"must be more than 0 and at most {MAX_PRICE}", rule_id="AFS-05")
    return amount


def quantity(value: str, field: str = "quantity") -> Decimal:
    """How much of an item a line takes (pieces, hours, metres): positive, at most three places."""
    amount = _decimal(value, field)
    if amount != amount.quantize(Decimal("0.001")):
        raise InvalidInput.on(field, "has at most three decimal places")
    if not Decimal(0) < amount <= MAX_QUANTITY:
        raise InvalidInput.on(field, f"must be more than 0 and at most {MAX_QUANTITY}")
    return amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount.normalize()


def line_amount(unit_price: Decimal, count: Decimal) -> Decimal:
    return (unit_price * count).quantize(CENT, rounding=ROUND_HALF_UP)
