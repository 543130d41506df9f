"""How complaints and agreements are stored: the kit's event store, configured once.

Each record is its append-only history (PLT-04) plus one projection row holding the
read-model document; the kit writes both in the unit of work's transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime

from complaints.compensation.domain.events import AgreementEvent
from complaints.compensation.domain.model import Agreement
from complaints.compensation.persistence.rows import AgreementEventRow, AgreementRow
from complaints.domain.values import ClockState
from complaints.intake.domain.clocks import desk_deadline
from complaints.intake.domain.events import ComplaintEvent
from complaints.intake.domain.model import Complaint
from complaints.persistence.rows import ComplaintEventRow, ComplaintRow
from cskit.domain import NotFound
from cskit.eventstore import EventStore, columns_of, stream_of


def not_found(complaint_id: str) -> NotFound:
    # The same answer for "missing" and "another branch's": nothing is revealed (PLT-01).
    return NotFound(f"complaint {complaint_id} not found", code="complaint_not_found")


def agreement_not_found(agreement_id: str) -> NotFound:
    return NotFound(f"agreement {agreement_id} not found", code="agreement_not_found")


COMPLAINT_COLUMNS = ("number", "status", "nature", "category", "channel", "severity", "compensation_involved")
AGREEMENT_COLUMNS = ("complaint_id", "status", "amount", "currency", "drafted_by", "created_at", "updated_at")


# A case with no running or breached clock sorts after every deadline in the desk's queue.
END_OF_TIME = datetime(9999, 12, 31, tzinfo=UTC)


def complaint_columns(complaint: Complaint) -> dict[str, object]:
    """What lists filter and sort by. Clocks are seen at the last event's time, so a rebuild
    from history writes exactly what the live write did."""
    clocks = complaint.clocks(complaint.updated_at)
    return columns_of(
        complaint,
        (*COMPLAINT_COLUMNS, "received_at", "updated_at", "filed_by"),
        target_department=complaint.target.department,
        closed_at=complaint.updated_at if complaint.status.value == "closed" else None,
        breached=any(c.state is ClockState.BREACHED for c in clocks),
        report_step=step.value if (step := complaint.workflow.next_step) is not None else None,
        next_deadline_at=desk_deadline(clocks) or END_OF_TIME,
    )


def agreement_columns(agreement: Agreement) -> dict[str, object]:
    return columns_of(
        agreement,
        AGREEMENT_COLUMNS,
        payee_name=agreement.payee.name,
        paid_at=agreement.payment.paid_at if agreement.payment else None,
        awaiting_role=step.role if (step := agreement.next_step) is not None else None,
    )


COMPLAINTS: EventStore[Complaint, ComplaintEvent] = EventStore(
    stream_of(
        Complaint, record="complaint", projection=ComplaintRow, events=ComplaintEventRow, stream_column="complaint_id",
        event_union=ComplaintEvent, columns=complaint_columns, not_found=not_found,
    )
)  # fmt: skip
AGREEMENTS: EventStore[Agreement, AgreementEvent] = EventStore(
    stream_of(
        Agreement, record="agreement", projection=AgreementRow, events=AgreementEventRow,
        stream_column="agreement_id", event_union=AgreementEvent, columns=agreement_columns,
        not_found=agreement_not_found,
    )
)  # fmt: skip
