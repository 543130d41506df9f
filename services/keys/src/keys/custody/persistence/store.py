"""How deposits and emergencies are stored: the kit's event store, configured once each."""

from __future__ import annotations

from cskit.eventstore import EventStore, stream_of
from keys.custody.domain.deposit import Deposit
from keys.custody.domain.emergency import Emergency
from keys.custody.domain.events import DepositEvent, EmergencyEvent
from keys.custody.persistence.rows import DepositEventRow, DepositRow, EmergencyEventRow, EmergencyRow


def deposit_columns(deposit: Deposit) -> dict[str, object]:
    return {
        "key_set_id": deposit.key_set_id,
        "status": deposit.status.value,
        "seal_number": deposit.seal_number,
        "created_at": deposit.created_at,
    }


def emergency_columns(emergency: Emergency) -> dict[str, object]:
    return {
        "key_set_id": emergency.key_set_id,
        "status": emergency.status.value,
        "approved": emergency.approved,
        "approval_due_at": emergency.approval_due_at,
        "reseal_task": emergency.reseal_task.value,
        "created_at": emergency.created_at,
    }


DEPOSITS: EventStore[Deposit, DepositEvent] = EventStore(
    stream_of(
        Deposit,
        record="deposit",
        projection=DepositRow,
        events=DepositEventRow,
        stream_column="deposit_id",
        event_union=DepositEvent,
        columns=deposit_columns,
    )
)

EMERGENCIES: EventStore[Emergency, EmergencyEvent] = EventStore(
    stream_of(
        Emergency,
        record="emergency",
        projection=EmergencyRow,
        events=EmergencyEventRow,
        stream_column="emergency_id",
        event_union=EmergencyEvent,
        columns=emergency_columns,
    )
)
