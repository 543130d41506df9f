"""Shipping's pure checks: bounded texts, client-reported times and days (PLT-05), roles."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

from cskit.domain import InvalidInput
from cskit.domain.actor import IdentityGrammar
from cskit.domain.text import bounded_text

# Sales asks for shipment; finance confirms payments and issues delivery notes; after-sales
# hands goods to logistics and the warehouse and speaks to the customer; logistics and the
# warehouse record waybills and tracking.
SALES = frozenset({"sales", "on_site_sales", "sales_manager"})
FINANCE = frozenset({"finance", "finance_manager"})
AFTERSALES = frozenset({"agent", "team_lead", "manager", "director", "general_manager"})
LOGISTICS = frozenset({"logistics", "warehouse"}) | AFTERSALES
TECHNICIANS = frozenset({"engineer", "technician"})
GENERAL_MANAGER = frozenset({"general_manager"})

# field -> (max length, required)
_TEXT = {
    "sales_order": (64, True),
    "customer_name": (100, True),
    "customer_phone": (32, False),
    "address": (300, True),
    "product": (200, True),
    "payment_reference": (64, True),
    "currency": (3, True),
    "note_number": (64, True),
    "product_number": (64, True),
    "warehouse": (100, False),
    "waybill_number": (64, True),
    "carrier": (100, True),
    "received_by": (100, True),
    "note": (2000, False),
    "destination": (300, True),
    "purpose": (2000, True),
    "shipment_id": (36, False),
    "reason": (500, True),
    "progress": (2000, True),
    "work_done": (2000, True),
    "customer_opinion": (2000, True),
}
_MULTILINE = frozenset({"note", "purpose", "reason", "progress", "work_done", "customer_opinion", "address"})


def text(field: str, value: str) -> str:
    limit, required = _TEXT[field]
    return bounded_text(value, field, limit, required=required, multiline=field in _MULTILINE)


def subject(value: str, field: str) -> str:
    if not IdentityGrammar.subject_ok(value):
        raise InvalidInput.on(field, "must be a staff member's id")
    return value


def amount(value: str, field: str = "amount") -> Decimal:
    try:
        parsed = Decimal(value.strip())
    except (InvalidOperation, AttributeError):
        raise InvalidInput.on(field, "must be a decimal number") from None
    if not parsed.is_finite() or parsed <= 0 or parsed >= Decimal("1e12") or parsed != parsed.quantize(Decimal("0.01")):
        raise InvalidInput.on(field, "must be above zero, in cents")
    return parsed


def bounded_time(
    value: datetime | None, field: str, *, not_before: datetime, not_after: datetime, rule_id: str | None = None
) -> datetime:
    """PLT-05: a time a client reports lies within the bounds we set, never trusted unbounded."""
    if value is None:
        raise InvalidInput.on(field, "is required", rule_id=rule_id)
    if value.tzinfo is None:
        raise InvalidInput.on(field, "must carry its zone")
    if not not_before <= value <= not_after:
        raise InvalidInput.on(
            field, f"must lie between {not_before.isoformat()} and {not_after.isoformat()}", rule_id=rule_id
        )
    return value.astimezone(UTC)


def day(value: str, field: str) -> date:
    """A calendar day as YYYY-MM-DD."""
    try:
        return date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise InvalidInput.on(field, "must be a date, YYYY-MM-DD") from None
