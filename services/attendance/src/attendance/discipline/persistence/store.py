"""How discipline entries and score sheets are stored: the kit's event store, configured once."""

from __future__ import annotations

from attendance.discipline.domain.events import (
    DisciplineEntryRecorded,
    SheetEvent,
)
from attendance.discipline.domain.model import DisciplineEntry, ScoreSheet
from attendance.discipline.persistence.rows import (
    DisciplineEntryEventRow,
    DisciplineEntryRow,
    ScoreSheetEventRow,
    ScoreSheetRow,
)
from cskit.domain import NotFound
from cskit.eventstore import EventStore, stream_of


def entry_not_found(entry_id: str) -> NotFound:
    return NotFound(f"discipline entry {entry_id} not found", code="discipline_entry_not_found")


def sheet_not_found(sheet_id: str) -> NotFound:
    # The same answer for "missing" and "another branch's" (PLT-01).
    return NotFound(f"score sheet {sheet_id} not found", code="score_sheet_not_found")


def entry_columns(entry: DisciplineEntry) -> dict[str, object]:
    return {"employee_id": entry.employee_id, "day": entry.day, "created_at": entry.created_at}


def sheet_columns(sheet: ScoreSheet) -> dict[str, object]:
    return {"month": sheet.month, "status": sheet.status.value, "created_at": sheet.created_at}


ENTRIES: EventStore[DisciplineEntry, DisciplineEntryRecorded] = EventStore(
    stream_of(
        DisciplineEntry,
        record="discipline_entry",
        projection=DisciplineEntryRow,
        events=DisciplineEntryEventRow,
        stream_column="entry_id",
        event_union=DisciplineEntryRecorded,
        columns=entry_columns,
        not_found=entry_not_found,
    )
)

SHEETS: EventStore[ScoreSheet, SheetEvent] = EventStore(
    stream_of(
        ScoreSheet,
        record="score_sheet",
        projection=ScoreSheetRow,
        events=ScoreSheetEventRow,
        stream_column="sheet_id",
        event_union=SheetEvent,
        columns=sheet_columns,
        not_found=sheet_not_found,
    )
)
