"""How archives loans are stored: the kit's event store, configured once."""

from __future__ import annotations

from archives.loans.domain.events import LoanEvent
from archives.loans.domain.model import Loan
from archives.loans.persistence.rows import LoanEventRow, LoanRow
from cskit.domain import NotFound
from cskit.eventstore import EventStore, stream_of


def loan_not_found(loan_id: str) -> NotFound:
    # The same answer for "missing", "another branch's" and "above your clearance" (PLT-01, ARC-05).
    return NotFound(f"archives loan {loan_id} not found", code="loan_not_found")


def loan_columns(loan: Loan) -> dict[str, object]:
    return {
        "record_id": loan.record_id,
        "confidentiality": loan.confidentiality.value,
        "kind": loan.kind.value,
        "borrower": loan.borrower,
        "state": loan.state.value,
        "overdue": loan.overdue,
        "due_at": loan.due_at,
        "open_reports": loan.open_reports,
        "created_at": loan.created_at,
    }


LOANS: EventStore[Loan, LoanEvent] = EventStore(
    stream_of(
        Loan,
        record="archives loan",
        projection=LoanRow,
        events=LoanEventRow,
        stream_column="loan_id",
        event_union=LoanEvent,
        columns=loan_columns,
        not_found=loan_not_found,
    )
)
