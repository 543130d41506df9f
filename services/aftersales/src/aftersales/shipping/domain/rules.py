"""Shipping's pure checks: bounded texts, client-reported times and days (PLT-05), roles."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from aftersales.domain.roles import FRONT_DESK
from cskit.domain import InvalidInput
from cskit.domain.money import parse_cents
from cskit.domain.text import TextFields

# Sales asks for shipment; finance confirms payments and issues delivery notes; after-sales
# hands goods to logistics and the warehouse and speaks to the customer; logistics and the
# warehouse record waybills and tracking.
SALES = frozenset({"sales", "on_site_sales", "sales_manager"})
FINANCE = frozenset({"finance", "finance_manager"})
AFTERSALES = FRONT_DESK
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


text = TextFields(_TEXT, _MULTILINE)


def amount(value: str, field: str = "amount") -> Decimal:
    return parse_cents(value, field, rule_id="AFS-07")


def day(value: str, field: str) -> date:
    """A calendar day as YYYY-MM-DD."""
    try:
        return date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise InvalidInput.on(field, "must be a date, YYYY-MM-DD") from None
