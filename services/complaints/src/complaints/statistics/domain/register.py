"""The month's complaint register (CMP-13): a CSV of the cases received in the month, and the
filing request that sends it to the archives. Pure: text in, text out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from complaints.domain.filing import (
    Confidentiality,
    FilingCategory,
    FilingRequest,
    Medium,
    Reference,
    filing_id_for,
)
from complaints.statistics.domain.rules import CaseFacts, MonthWindow, final_closure
from cskit.domain import enforces
from cskit.domain.spreadsheet import Cell, csv_bytes

REGISTER_COLUMNS = ("number", "received", "channel", "category", "nature", "status", "closed", "breached")
REGISTER_RECORD_TYPE = "complaint_register"
REGISTER_CONTENT_TYPE = "text/csv"


def register_record_id(branch_id: str, month: str) -> str:
    """The register's record id (source_record_id, the filing key): one per branch and month."""
    return f"register:{branch_id}:{month}"


def register_key(branch_id: str, month: str, sha256: str) -> str:
    """Object-store key; content-addressed, so a recomputed register never overwrites the first."""
    return f"complaints/registers/{branch_id}/{month}/{sha256}.csv"


def _local(at: datetime | None, zone: ZoneInfo) -> str:
    return "" if at is None else at.astimezone(zone).isoformat(timespec="minutes")


@enforces("CMP-13")
def register_csv(window: MonthWindow, cases: Iterable[CaseFacts]) -> tuple[bytes, int]:
    """The register: the month's received cases by number, times in the branch's zone (PLT-05)."""
    zone = ZoneInfo(window.time_zone)
    rows = sorted((c for c in cases if window.holds(c.received_at)), key=lambda c: c.number)
    # The kit's writer neutralises formula cells, as in every export.
    table: list[tuple[Cell, ...]] = [tuple(REGISTER_COLUMNS)]
    for c in rows:
        table.append(
            (
                c.number,
                _local(c.received_at, zone),
                c.channel.value,
                c.category.value,
                c.nature.value,
                c.status.value,
                _local(final_closure(c), zone),
                "yes" if c.breached else "no",
            )
        )
    return csv_bytes(table), len(rows)


@enforces("CMP-13")
def register_filing(
    *,
    branch_id: str,
    month: str,
    pointer: str,
    sha256: str,
    cases: int,
    retention_years: int,
    handed_over_by: str,
    document_date: datetime,
    requested_at: datetime,
) -> FilingRequest:
    """The monthly register as an electronic original for the archives (complaint records)."""
    record_id = register_record_id(branch_id, month)
    return FilingRequest(
        filing_id=filing_id_for("complaints", REGISTER_RECORD_TYPE, record_id),
        source_service="complaints",
        source_record_type=REGISTER_RECORD_TYPE,
        source_record_id=record_id,
        category=FilingCategory.COMPLAINT_RECORD,
        title=f"Complaint register {branch_id} {month} ({cases} cases)",
        references=(Reference("branch_id", branch_id), Reference("month", month)),
        medium=Medium.ELECTRONIC,
        file_pointer=pointer,
        sha256=sha256,
        retention_years=retention_years,
        confidentiality=Confidentiality.INTERNAL,
        counterparty="",
        branch_id=branch_id,
        department="administration",
        handed_over_by=handed_over_by,
        document_date=document_date,
        requested_at=requested_at,
    )
