"""Records <-> rows by field name: explicit keywords first, enums as values, nothing guessed."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import pytest
from sqlalchemy import MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from cskit.db.records import record_from, values_for


class _Base(DeclarativeBase):
    metadata = MetaData()


class Kind(StrEnum):
    PHOTO = "photo"


class FileRow(_Base):
    __tablename__ = "files"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(50))
    request_id: Mapped[str | None] = mapped_column(String(100))


@dataclass
class File:
    id: str
    kind: Kind
    name: str
    note: str = "none"
    _pending: list[str] = field(default_factory=list)


def test_a_record_takes_the_rows_attributes_by_name_and_its_defaults_for_the_rest() -> None:
    row = FileRow(id="f1", kind="photo", name="a.png")
    assert record_from(File, row, kind=Kind(row.kind)) == File("f1", Kind.PHOTO, "a.png")


def test_a_row_takes_the_records_attributes_by_column_name_enums_as_values() -> None:
    values = values_for(FileRow, File("f1", Kind.PHOTO, "a.png"), request_id="r-1")
    assert values == {"id": "f1", "kind": "photo", "name": "a.png", "request_id": "r-1"}
    assert type(values["kind"]) is str
    assert values_for(FileRow, File("f1", Kind.PHOTO, "a.png"), skip=("id", "request_id")) == {
        "kind": "photo", "name": "a.png",
    }  # fmt: skip


def test_a_required_field_the_row_lacks_is_refused_not_guessed() -> None:
    @dataclass
    class Wider:
        id: str
        size: int

    with pytest.raises(TypeError):
        record_from(Wider, FileRow(id="f1", kind="photo", name="a.png"))
