"""The complainant's customer data (PLT-06) at the API: which fields are personal and the
CSV export of a branch's complaints with them (history details: ``api.common.DETAIL_KEYS``).

The rules, the trail and the grants are the kit's (``cskit.privacy``); only what is the
complaint's own is here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from complaints.intake.domain.model import Complaint
from cskit.domain.spreadsheet import Cell, csv_bytes
from cskit.privacy.access import PersonalField
from cskit.privacy.masks import PersonalKind

RECORD_TYPE = "complaint"
EXPORT = "complaints.csv"

# The complainant's personal fields by their JSON names, with the names the trail records.
FIELDS = {
    "contact": PersonalField("complainant.contact", PersonalKind.PHONE),
    "id_number": PersonalField("complainant.id_number", PersonalKind.ID_NUMBER),
    "address": PersonalField("complainant.address", PersonalKind.ADDRESS),
}

EXPORT_COLUMNS = (
    "number",
    "received",
    "status",
    "complainant",
    "contact",
    "id_number",
    "address",
    "order_number",
    "description",
)


def available(complaint: Complaint) -> dict[str, tuple[PersonalField, str]]:
    """The complainant's personal fields that hold a value, in clear."""
    values = {
        "contact": complaint.complainant.contact,
        "id_number": complaint.complainant.id_number,
        "address": complaint.complainant.address,
    }
    return {name: (FIELDS[name], value) for name, value in values.items() if value}


def export_csv(complaints: Sequence[Complaint], zone: ZoneInfo) -> bytes:
    """The export: one row per case, oldest first, times in the branch's zone (PLT-05)."""

    def local(at: datetime) -> str:
        return at.astimezone(zone).isoformat(timespec="minutes")

    rows: list[tuple[Cell, ...]] = [EXPORT_COLUMNS]
    for x in sorted(complaints, key=lambda c: (c.received_at, c.number)):
        person = x.complainant
        rows.append(
            (
                x.number,
                local(x.received_at),
                x.status.value,
                person.name,
                person.contact,
                person.id_number,
                person.address,
                person.order_number,
                x.description,
            )
        )
    return csv_bytes(rows)
