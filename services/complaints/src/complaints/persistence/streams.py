"""How complaints and agreements are stored: the kit's event store, configured once.

Each record is its append-only history (PLT-04) plus one projection row holding the
read-model document; the kit writes both in the unit of work's transaction.
"""

from __future__ import annotations

from complaints.compensation.domain.events import AgreementEvent
from complaints.compensation.domain.model import Agreement
from complaints.compensation.persistence.rows import AgreementEventRow, AgreementRow
from complaints.domain.values import ClockState
from complaints.intake.domain.events import ComplaintEvent
from complaints.intake.domain.model import Complaint
from complaints.persistence.rows import ComplaintEventRow, ComplaintRow
from cskit.domain import NotFound
from cskit.eventstore import EventStore, EventTypes, Stream


def not_found(complaint_id: str) -> NotFound:
    # The same answer for "missing" and "another branch's": nothing is revealed (PLT-01).
    return NotFound(f"complaint {complaint_id} not found", code="complaint_not_found")


def agreement_not_found(agreement_id: str) -> NotFound:
    return NotFound(f"agreement {agreement_id} not found", code="agreement_not_found")


def complaint_columns(complaint: Complaint) -> dict[str, object]:
    """What lists filter and sort by. Clocks are seen at the last event's time, so a rebuild
    from history writes exactly what the live write did."""
    clocks = complaint.clocks(complaint.updated_at)
    return {
        "number": complaint.number,
        "status": complaint.status.value,
        "nature": complaint.nature.value,
        "category": complaint.category.value,
        "channel": complaint.channel.value,
        "severity": complaint.severity.value,
        "target_department": complaint.target.department,
        "compensation_involved": complaint.compensation_involved,
        "received_at": complaint.received_at,
        "updated_at": complaint.updated_at,
        "closed_at": complaint.updated_at if complaint.status.value == "closed" else None,
        "breached": any(c.state is ClockState.BREACHED for c in clocks),
        "filed_by": complaint.filed_by,
    }


def agreement_columns(agreement: Agreement) -> dict[str, object]:
    return {
        "complaint_id": agreement.complaint_id,
        "status": agreement.status.value,
        "amount": agreement.amount,
        "currency": agreement.currency,
        "payee_name": agreement.payee.name,
        "drafted_by": agreement.drafted_by,
        "created_at": agreement.created_at,
        "updated_at": agreement.updated_at,
        "paid_at": agreement.payment.paid_at if agreement.payment else None,
    }


COMPLAINTS: EventStore[Complaint, ComplaintEvent] = EventStore(
    Stream(
        record="complaint",
        projection=ComplaintRow.__table__,  # type: ignore[arg-type]
        events=ComplaintEventRow.__table__,  # type: ignore[arg-type]
        stream_column="complaint_id",
        types=EventTypes.of_union(ComplaintEvent, record="complaint"),
        rebuild=Complaint.rebuild,
        pending=Complaint.pull_pending,
        document=Complaint.to_document,
        restore=Complaint.from_document,
        columns=complaint_columns,
        not_found=not_found,
    )
)

AGREEMENTS: EventStore[Agreement, AgreementEvent] = EventStore(
    Stream(
        record="agreement",
        projection=AgreementRow.__table__,  # type: ignore[arg-type]
        events=AgreementEventRow.__table__,  # type: ignore[arg-type]
        stream_column="agreement_id",
        types=EventTypes.of_union(AgreementEvent, record="agreement"),
        rebuild=Agreement.rebuild,
        pending=Agreement.pull_pending,
        document=Agreement.to_document,
        restore=Agreement.from_document,
        columns=agreement_columns,
        not_found=agreement_not_found,
    )
)
