"""What the work order's form holds: the roles on it, its text fields and their limits, and the
number the form and the resident quote (AFS-01)."""

from __future__ import annotations

from datetime import datetime

from aftersales.domain.policy import AftersalesPolicy
from cskit.domain.text import TextFields

# The front desk: customer service opens, books, assigns and cancels work orders.
# Engineering: engineers accept, leave, work and record the sign-off; their leads decide too.
ENGINEERING = frozenset({"engineer"})
SYSTEM = frozenset({"system"})
HOUSEHOLD = "household"

# field -> (max length, required)
_TEXT = {
    "requester_name": (100, True),
    "requester_phone": (32, False),
    "unit": (100, False),
    "facility": (200, False),
    "area": (100, False),
    "reporting_department": (60, False),
    "fault": (2000, True),
    "product": (200, False),
    "note": (2000, False),
    "reason": (500, True),
    "tools_and_parts": (500, True),
    "diagnosis": (2000, True),
    "description": (2000, True),
    "consented_by": (100, True),
    "signer_name": (100, True),
    "signer_department": (60, True),
    "signer_position": (60, False),
    "signature_pointer": (500, False),
    "key_set_id": (128, True),
    "quote_id": (64, True),
}
_MULTILINE = frozenset({"fault", "note", "reason", "diagnosis", "description", "tools_and_parts"})


text = TextFields(_TEXT, _MULTILINE)


def order_number(order_id: str, opened_at: datetime, policy: AftersalesPolicy) -> str:
    """What the form and the resident quote: the local day and the id's first characters."""
    return f"WO{policy.local_day(opened_at):%Y%m%d}-{order_id.replace('-', '')[:6].upper()}"
