"""How work orders are stored: the kit's event store, configured once."""

from __future__ import annotations

from aftersales.orders.domain.events import OrderEvent
from aftersales.orders.domain.model import WorkOrder
from aftersales.orders.persistence.rows import WorkOrderEventRow, WorkOrderRow
from cskit.domain import NotFound
from cskit.eventstore import EventStore, stream_of


def order_not_found(order_id: str) -> NotFound:
    # The same answer for "missing" and "another branch's" (PLT-01).
    return NotFound(f"work order {order_id} not found", code="work_order_not_found")


def order_columns(order: WorkOrder) -> dict[str, object]:
    """What lists, dashboards and the jobs filter by."""
    return {
        "number": order.number,
        "kind": order.kind.value,
        "state": order.state.value,
        "engineer": order.engineer,
        "unit": order.unit,
        "facility": order.facility,
        "warranty": order.warranty.value,
        "key_loan": order.key_loan.value,
        "acknowledged": order.acknowledged_at is not None,
        "departure_overdue": order.departure_overdue,
        "departure_seconds": order.departure_seconds,
        "completed_at": order.completed_at,
        "created_at": order.created_at,
    }


ORDERS: EventStore[WorkOrder, OrderEvent] = EventStore(
    stream_of(
        WorkOrder,
        record="work order",
        projection=WorkOrderRow,
        events=WorkOrderEventRow,
        stream_column="order_id",
        event_union=OrderEvent,
        columns=order_columns,
        not_found=order_not_found,
    )
)
