"""AFS-01: the paper form had three copies - resident, engineering, customer service - and each
party sees its own. A copy is the order with only its party's fields; the rest are left out.

- The resident's: what was asked, when and by whom it is done, and the sign-off; none of the
  internal clocks, the keys or the customer-service notes.
- Engineering's: the job - where, what, the appointment, the departure clock, the key, the
  warranty and quote, extra work; the requester's name and phone to reach them.
- Customer service's: everything (it keeps the register and answers the resident)."""

from __future__ import annotations

from aftersales.domain.kinds import Party

_COMMON = frozenset(
    {
        "id",
        "branch_id",
        "number",
        "kind",
        "origin",
        "requester_name",
        "unit",
        "facility",
        "area",
        "fault",
        "product",
        "warranty",
        "appointment_at",
        "state",
        "engineer",
        "completed_at",
        "signer_name",
        "created_at",
    }
)
COPY_FIELDS: dict[Party, frozenset[str]] = {
    Party.RESIDENT: _COMMON | {"quote_total", "currency", "extra_work", "signer_department", "signer_position"},
    Party.ENGINEERING: _COMMON
    | {
        "requester_phone",
        "reporting_department",
        "diagnosis",
        "basis",
        "accepted_at",
        "departure_due",
        "departed_at",
        "departure_seconds",
        "departure_overdue",
        "tools_and_parts",
        "started_at",
        "quote_id",
        "quote_total",
        "currency",
        "extra_work",
        "key_set_id",
        "key_loan",
        "key_loan_id",
        "key_note",
        "signer_department",
        "signer_position",
        "updated_at",
        "version",
    },
}


def copy_fields(party: Party) -> frozenset[str] | None:
    """The fields of ``party``'s copy; None: all of them (customer service's)."""
    return COPY_FIELDS.get(party)


def party_of_roles(roles: frozenset[str]) -> Party:
    """The copy a caller reads by default: engineers the engineering copy, everyone else
    (customer service, the leads, head office) the customer-service copy."""
    if "engineer" in roles and not roles & {"agent", "team_lead", "manager", "director", "general_manager"}:
        return Party.ENGINEERING
    return Party.CUSTOMER_SERVICE
