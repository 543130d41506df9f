"""The kit's shared columns: a projection row's own, an audit row's trail, and list columns."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from cskit.eventstore import AuditTrailMixin, EventRowMixin, ProjectionRowMixin, columns_of


class _Base(DeclarativeBase):
    metadata = MetaData()


class ThingRow(ProjectionRowMixin, _Base):
    __tablename__ = "things"
    name: Mapped[str] = mapped_column(String(50))


class ThingEventRow(EventRowMixin, _Base):
    __tablename__ = "thing_events"
    thing_id: Mapped[str] = mapped_column(String(36), primary_key=True)


class ThingAuditRow(AuditTrailMixin, _Base):
    __tablename__ = "thing_audit"
    id: Mapped[int] = mapped_column(primary_key=True)


def _columns(row: type[_Base]) -> set[str]:
    return set(row.__table__.columns.keys())


def test_the_mixins_give_each_table_the_columns_the_store_and_the_audit_need() -> None:
    assert _columns(ThingRow) == {"id", "branch_id", "version", "document", "name"}
    assert _columns(ThingEventRow) == {
        "thing_id", "sequence", "event_type", "data", "actor", "occurred_at", "request_id", "client_ip",
    }  # fmt: skip
    assert _columns(ThingAuditRow) == {"id", "actor", "occurred_at", "request_id", "client_ip"}
    assert {c.name for c in ThingEventRow.__table__.primary_key} == {"thing_id", "sequence"}


class Colour(StrEnum):
    RED = "red"


@dataclass
class Thing:
    name: str
    colour: Colour
    size: int


def test_list_columns_take_attributes_by_name_enums_as_values_then_the_computed_ones() -> None:
    got = columns_of(Thing("a", Colour.RED, 3), ("name", "colour"), size_band="small", colour_again=Colour.RED)
    assert got == {"name": "a", "colour": "red", "size_band": "small", "colour_again": "red"}
    assert type(got["colour"]) is str
