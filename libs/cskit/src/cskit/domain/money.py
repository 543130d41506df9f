"""One money value for the whole platform: an exact Decimal with one upper bound.

Amounts travel as decimal strings (REST) or units + nanos (protobuf); everything that holds
an amount (compensation, penalties, bonuses, the ledger) parses it here, so an agreement can
no longer be 9,999,999,999,999,999.99 while a penalty stops at 100,000,000.00. The bound is
a sanity limit for hostile or mistyped input, far above any real customer payment, and
small enough for every NUMERIC(18, 2) column.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from cskit.domain.errors import InvalidInput

# The largest amount any record holds (one hundred million, in the currency's major unit).
MAX_AMOUNT = Decimal("100000000.00")
# Decimal places accepted at the edge; the currency's minor unit is checked by the rule using it.
MAX_DECIMAL_PLACES = 9
# The wire form: plain digits, optional fraction; no sign, exponent, spaces or thousands separators.
AMOUNT_PATTERN = r"^[0-9]{1,9}(\.[0-9]{1,9})?$"
_AMOUNT = re.compile(AMOUNT_PATTERN)


def amount_problem(value: Decimal) -> str | None:
    """Why ``value`` is not an amount the platform holds, or None."""
    if not isinstance(value, Decimal) or not value.is_finite():
        return "must be a finite decimal amount"
    if value < 0:
        return "must not be negative"
    if value > MAX_AMOUNT:
        return f"must be at most {MAX_AMOUNT}"
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # finite, checked above
    if -exponent > MAX_DECIMAL_PLACES and value != value.quantize(Decimal(1).scaleb(-MAX_DECIMAL_PLACES)):
        return f"must have at most {MAX_DECIMAL_PLACES} decimal places"
    return None


def check_amount(value: Decimal, field: str, *, rule_id: str | None = None) -> Decimal:
    """``value`` when it is within the platform's money bound; InvalidInput on ``field`` otherwise."""
    problem = amount_problem(value)
    if problem is not None:
        raise InvalidInput.on(field, problem, rule_id=rule_id)
    return value


def parse_amount(text: str, field: str, *, rule_id: str | None = None) -> Decimal:
    """A decimal string ("1234.50") as a bounded Decimal; never a float on the way."""
    if not _AMOUNT.fullmatch(text):
        raise InvalidInput.on(field, "must be a decimal amount such as 1234.50", rule_id=rule_id)
    try:
        value = Decimal(text)
    except InvalidOperation as exc:  # unreachable after the pattern, kept for safety
        raise InvalidInput.on(field, "must be a decimal amount", rule_id=rule_id) from exc
    return check_amount(value, field, rule_id=rule_id)


CENT = Decimal("0.01")


def parse_cents(text: str, field: str, *, positive: bool = True, rule_id: str | None = None) -> Decimal:
    """A decimal string in whole cents ("1234.5" is 1234.50, "1.234" is refused), above zero
    unless ``positive`` is False: the usual price, charge or refund."""
    value = parse_amount(text.strip(), field, rule_id=rule_id)
    if value != value.quantize(CENT):
        raise InvalidInput.on(field, "must be in whole cents", rule_id=rule_id)
    if positive and value <= 0:
        raise InvalidInput.on(field, "must be above zero", rule_id=rule_id)
    return value.quantize(CENT)
