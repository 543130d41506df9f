"""How loans are stored: the kit's event store, configured once."""

from __future__ import annotations

from cskit.domain import NotFound
from cskit.eventstore import EventStore, stream_of
from keys.loans.domain.events import LoanEvent
from keys.loans.domain.model import Loan, external_key
from keys.loans.persistence.rows import LoanEventRow, LoanRow


def loan_not_found(loan_id: str) -> NotFound:
    # The same answer for "missing" and "another branch's" (PLT-01).
    return NotFound(f"loan {loan_id} not found", code="loan_not_found")


def loan_columns(loan: Loan) -> dict[str, object]:
    return {
        "key_set_id": loan.key_set_id,
        "key_kind": loan.key_kind,
        "borrower": loan.borrower,
        "lender": loan.lender,
        "state": loan.state.value,
        "overdue": loan.overdue,
        "due_at": loan.due_at,
        "external_key": external_key(loan.caller_service, loan.external_ref),
        "created_at": loan.created_at,
    }


LOANS: EventStore[Loan, LoanEvent] = EventStore(
    stream_of(
        Loan,
        record="loan",
        projection=LoanRow,
        events=LoanEventRow,
        stream_column="loan_id",
        event_union=LoanEvent,
        columns=loan_columns,
        not_found=loan_not_found,
    )
)
