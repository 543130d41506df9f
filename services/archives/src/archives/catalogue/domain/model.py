"""The volume (案卷), event-sourced: what it holds is said by its title, its category, year,
unit and shelf; internal and external documents are kept apart and each external
organisation has its own volumes (ARC-02); items are numbered in date order (ARC-03,
``numbering``). Placing a record is the volume's decision (``admit``) and the record's
movement (``ArchiveRecord.place``), in one unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import assert_never

from archives.catalogue.domain.events import VolumeEvent, VolumeItemAdded, VolumeOpened
from archives.catalogue.domain.numbering import VolumeItem, in_date_order, next_item_no, volume_no
from archives.catalogue.domain.policy import CataloguePolicy
from archives.domain.categories import Category, Confidentiality, category_of, confidentiality_of
from archives.domain.policy import ArchivesPolicy
from archives.records.domain.filing import ARCHIVISTS
from archives.records.domain.model import ArchiveRecord
from cskit.domain import Actor, InvalidInput, RuleViolation
from cskit.domain.actor import require_role
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces
from cskit.domain.text import clean_text

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
FIRST_YEAR = 1949
# ARC-03: a title says what is inside; a bare word ("文件", "misc") does not.
MIN_TITLE = 4


def line(field: str, value: str, limit: int, *, required: bool) -> str:
    cleaned = clean_text(value, field, multiline=False).strip()
    if required and not cleaned:
        raise InvalidInput.on(field, "is required")
    if len(cleaned) > limit:
        raise InvalidInput.on(field, f"must be at most {limit} characters")
    return cleaned


class Volume(EventSourced[VolumeEvent]):
    """Build it with ``open`` or ``rebuild``, never directly."""

    id: str
    branch_id: str
    volume_no: str
    code: str
    year: int
    seq: int
    title: str
    category: Category
    external: bool
    counterparty: str
    department: str
    confidentiality: Confidentiality
    shelf: str
    items: tuple[VolumeItem, ...]
    opened_by: str
    opened_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.volume_no = self.code = self.title = ""
        self.counterparty = self.department = self.shelf = self.opened_by = ""
        self.year = self.seq = 0
        self.category = Category.UNSPECIFIED
        self.external = False
        self.confidentiality = Confidentiality.INTERNAL
        self.items = ()
        self.opened_at = self.updated_at = _EPOCH

    @classmethod
    @enforces("ARC-02", "ARC-03")
    def open(
        cls,
        *,
        volume_id: str,
        actor: Actor,
        branch_id: str,
        seq: int,
        title: str,
        category: str,
        year: int,
        department: str,
        shelf: str,
        external: bool,
        counterparty: str,
        confidentiality: str,
        policy: CataloguePolicy,
        archives: ArchivesPolicy,
        now: datetime,
    ) -> Volume:
        """A new volume numbered ``seq`` among its branch's volumes of its code and year."""
        require_role(actor, ARCHIVISTS, action="opening a volume")
        checked = category_of(category)
        name = line("title", title, 200, required=True)
        if len(name) < MIN_TITLE:
            raise InvalidInput.on(
                "title", f"must say what is inside (at least {MIN_TITLE} characters)", rule_id="ARC-03"
            )
        if not FIRST_YEAR <= year <= archives.local_day(now).year:
            raise InvalidInput.on("year", f"must be {FIRST_YEAR} to this year", rule_id="ARC-03")
        other = line("counterparty", counterparty, 200, required=False)
        # ARC-02: an external volume holds ONE organisation's documents; an internal one none.
        if external and not other:
            raise InvalidInput.on("counterparty", "an external volume names its organisation", rule_id="ARC-02")
        if not external and other:
            raise InvalidInput.on("counterparty", "only an external volume names an organisation", rule_id="ARC-02")
        code = policy.code_of(checked)
        volume = cls()
        volume._record(
            VolumeOpened(
                volume_id=volume_id,
                branch_id=branch_id,
                volume_no=volume_no(code, year, seq),
                code=code,
                year=year,
                seq=seq,
                title=name,
                category=checked.value,
                external=external,
                counterparty=other,
                department=line("department", department, 100, required=True),
                confidentiality=confidentiality_of(confidentiality).value,
                shelf=line("shelf", shelf, 100, required=True),
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return volume

    @classmethod
    def rebuild(cls, history: Sequence[VolumeEvent]) -> Volume:
        volume = cls()
        volume._replay(history)
        return volume

    def in_date_order(self) -> list[VolumeItem]:
        return in_date_order(self.items)

    @enforces("ARC-02", "ARC-03", "ARC-05")
    def refusal(self, record: ArchiveRecord, policy: CataloguePolicy) -> RuleViolation | None:
        """Why ``record`` may not go into this volume, or None."""

        def no(code: str, why: str, rule: str = "ARC-03") -> RuleViolation:
            return RuleViolation(f"record {record.id} {why}", code=code, rule_id=rule)

        if record.branch_id != self.branch_id:
            return no("other_branch", f"is branch {record.branch_id}'s; volume {self.volume_no} is {self.branch_id}'s")
        if record.volume_id:
            if record.volume_id == self.id:
                return no("already_in_volume", f"is already item {record.archive_no} of this volume")
            return no("already_placed", f"is already placed as {record.archive_no}")
        if record.category is not self.category:
            return no("other_category", f"is {record.category.value}; volume {self.volume_no} is {self.category.value}")
        if record.external != self.external:
            what = "an external document" if record.external else "an internal document"
            kind = "external" if self.external else "internal"
            return no("internal_external_apart", f"is {what}; volume {self.volume_no} is {kind}", "ARC-02")
        if record.external and record.counterparty != self.counterparty:
            return no(
                "other_organisation",
                f"is {record.counterparty}'s; volume {self.volume_no} is {self.counterparty}'s file",
                "ARC-02",
            )
        if record.department != self.department:
            return no("other_unit", f"is {record.department}'s; volume {self.volume_no} is {self.department}'s")
        if record.document_date.year != self.year:
            return no("other_year", f"is dated {record.document_date.year}; volume {self.volume_no} is {self.year}'s")
        if record.confidentiality.rank > self.confidentiality.rank:
            return no(
                "above_volume_level",
                f"is {record.confidentiality.value}; volume {self.volume_no} is {self.confidentiality.value}",
                "ARC-05",
            )
        if len(self.items) >= policy.max_items:
            return no("volume_full", f"cannot join volume {self.volume_no}: it holds {policy.max_items} items")
        return None

    def admit(self, actor: Actor, record: ArchiveRecord, *, policy: CataloguePolicy, now: datetime) -> str:
        """The record joins the volume in date order; returns its archive number."""
        require_role(actor, ARCHIVISTS, action="placing a record")
        if (refusal := self.refusal(record, policy)) is not None:
            raise refusal
        item_no = next_item_no(self.items, record.document_date)
        archive_no = f"{self.volume_no}-{item_no}"
        self._record(
            VolumeItemAdded(
                volume_id=self.id,
                record_id=record.id,
                item_no=item_no,
                archive_no=archive_no,
                document_date=record.document_date,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return archive_no

    def _apply(self, event: VolumeEvent) -> None:
        match event:
            case VolumeOpened():
                self.id, self.branch_id, self.volume_no = event.volume_id, event.branch_id, event.volume_no
                self.code, self.year, self.seq, self.title = event.code, event.year, event.seq, event.title
                self.category = Category(event.category)
                self.external, self.counterparty = event.external, event.counterparty
                self.department, self.shelf = event.department, event.shelf
                self.confidentiality = Confidentiality(event.confidentiality)
                self.opened_by, self.opened_at = event.actor, event.occurred_at
            case VolumeItemAdded():
                item = VolumeItem(record_id=event.record_id, item_no=event.item_no, document_date=event.document_date)
                self.items = (*self.items, item)
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
