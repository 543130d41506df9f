"""How discipline entries and score sheets are stored: the kit's event store, configured once."""

from __future__ import annotations

from attendance.discipline.domain.events import (
    DisciplineEntryRecorded,
    DisciplinePenaltyIssued,
    DisciplineScoreSheetApproved,
    DisciplineWarningIssued,
    ScoreSheetDrafted,
    ScoreSheetOpened,
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
from cskit.eventstore import EventStore, EventTypes, Stream


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
    Stream(
        record="discipline_entry",
        projection=DisciplineEntryRow.__table__,  # type: ignore[arg-type]
        events=DisciplineEntryEventRow.__table__,  # type: ignore[arg-type]
        stream_column="entry_id",
        types=EventTypes([DisciplineEntryRecorded], record="discipline_entry"),
        rebuild=DisciplineEntry.rebuild,
        pending=DisciplineEntry.pull_pending,
        document=DisciplineEntry.to_document,
        restore=DisciplineEntry.from_document,
        columns=entry_columns,
        not_found=entry_not_found,
    )
)

SHEETS: EventStore[ScoreSheet, SheetEvent] = EventStore(
    Stream(
        record="score_sheet",
        projection=ScoreSheetRow.__table__,  # type: ignore[arg-type]
        events=ScoreSheetEventRow.__table__,  # type: ignore[arg-type]
        stream_column="sheet_id",
        types=EventTypes(
            [
                ScoreSheetDrafted,
                ScoreSheetOpened,
                DisciplineScoreSheetApproved,
                DisciplineWarningIssued,
                DisciplinePenaltyIssued,
            ],
            record="score_sheet",
        ),
        rebuild=ScoreSheet.rebuild,
        pending=ScoreSheet.pull_pending,
        document=ScoreSheet.to_document,
        restore=ScoreSheet.from_document,
        columns=sheet_columns,
        not_found=sheet_not_found,
    )
)
