"""ARC-03 numbering, pure: a volume's number, and an item's number inside its volume.

Volumes: ``<code>-<year>-<seq>`` (``WS-2026-003``), the sequence counted per branch, code and
year from 1; the unique index on (branch, number) makes two archivists opening a volume at
the same moment collide, and the loser is retried with the next number.

Items: numbered in date order (``document_date``). An item is normally later than every item
already in the volume and takes the next whole number. Numbers are written on the file and
cited by loans and stock-takes, so they never change: an item that arrives late, older than
the volume's newest item, is numbered after the item it follows in date order, as a
sub-number: between ``3`` (1 March) and ``4`` (9 March) a 5 March item becomes ``3.1`` (a
second late item in the same gap ``3.2``, in arrival order); one older than every item
becomes ``0.1``. So the numbers follow date order (among late items sharing one gap, their
arrival order), and the in-volume catalogue sorts by date, then number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


def volume_no(code: str, year: int, seq: int) -> str:
    return f"{code}-{year}-{seq:03d}"


@dataclass(frozen=True, slots=True, kw_only=True)
class VolumeItem:
    record_id: str
    item_no: str
    document_date: date


def number_key(item_no: str) -> tuple[int, int]:
    """``"3.1"`` -> (3, 1); ``"4"`` -> (4, 0): the numbers' own order."""
    whole, _, sub = item_no.partition(".")
    return int(whole), int(sub or 0)


def in_date_order(items: Sequence[VolumeItem]) -> list[VolumeItem]:
    """The in-volume catalogue's order: by date, then number (ARC-03)."""
    return sorted(items, key=lambda i: (i.document_date, number_key(i.item_no)))


def next_item_no(items: Sequence[VolumeItem], document_date: date) -> str:
    """The number of an item of ``document_date`` joining ``items`` (see the module's note)."""
    ordered = in_date_order(items)
    if not ordered or document_date >= ordered[-1].document_date:
        return str(max((number_key(i.item_no)[0] for i in ordered), default=0) + 1)
    before = [i for i in ordered if i.document_date <= document_date]
    whole = number_key(before[-1].item_no)[0] if before else 0
    subs = [number_key(i.item_no)[1] for i in ordered if number_key(i.item_no)[0] == whole]
    return f"{whole}.{max(subs, default=0) + 1}"
