"""Shipping tables: each record's read projection (with the whole record as ``document``) and
its append-only history, which is its register (PLT-04)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin


class ShipmentRow(Base):
    """Shipments as lists, the shipping-clock gauges and the jobs read them; the truth is the history."""

    __tablename__ = "aftersales_shipments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    number: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(20))
    sales_order: Mapped[str] = mapped_column(String(64))
    waybill_number: Mapped[str] = mapped_column(String(64))
    payment_confirmed_at: Mapped[datetime]
    late: Mapped[bool] = mapped_column(Boolean)
    overdue: Mapped[bool] = mapped_column(Boolean)
    customer_notified: Mapped[bool] = mapped_column(Boolean)
    shipped_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_aftersales_shipments_branch_created", "branch_id", "created_at", "id"),
        Index("ix_aftersales_shipments_branch_state", "branch_id", "state"),
        Index("ix_aftersales_shipments_sales_order", "branch_id", "sales_order"),
        Index("ix_aftersales_shipments_waybill", "waybill_number"),
        Index("ix_aftersales_shipments_waiting", "state", "payment_confirmed_at"),
    )


class ShipmentEventRow(EventRowMixin, Base):
    __tablename__ = "aftersales_shipment_events"

    shipment_id: Mapped[str] = mapped_column(ForeignKey("aftersales_shipments.id"), primary_key=True)


class FieldTripRow(Base):
    __tablename__ = "aftersales_field_trips"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(20))
    technician: Mapped[str] = mapped_column(String(128))
    shipment_id: Mapped[str] = mapped_column(String(36))
    unreported: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_aftersales_field_trips_branch_created", "branch_id", "created_at", "id"),
        Index("ix_aftersales_field_trips_branch_state", "branch_id", "state"),
        Index("ix_aftersales_field_trips_technician", "technician", "state"),
    )


class FieldTripEventRow(EventRowMixin, Base):
    __tablename__ = "aftersales_field_trip_events"

    trip_id: Mapped[str] = mapped_column(ForeignKey("aftersales_field_trips.id"), primary_key=True)
