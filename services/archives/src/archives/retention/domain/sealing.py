"""Sealing (ARC-04): several records into one archive bag, together. Each record's own
``seal`` decides whether its sealing year has come; one that has not refuses the whole bag
(the unit of work commits nothing). The sealing is kept as a record of the bag."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import assert_never

from archives.domain.policy import ArchivesPolicy
from archives.records.domain.filing import text
from archives.records.domain.model import ArchiveRecord
from archives.retention.domain.common import approved_as, record_ids_of
from archives.retention.domain.events import RecordsSealed, SealingEvent
from archives.retention.domain.policy import RetentionPolicy
from cskit.domain import Actor, InvalidInput
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Sealing(EventSourced[SealingEvent]):
    id: str
    branch_id: str
    bag_number: str
    record_ids: tuple[str, ...]
    sealed_by: str
    sealed_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.bag_number = self.sealed_by = ""
        self.record_ids = ()
        self.sealed_at = _EPOCH

    @classmethod
    @enforces("ARC-04")
    def seal(
        cls,
        *,
        sealing_id: str,
        actor: Actor,
        records: Sequence[ArchiveRecord],
        bag_number: str,
        policy: RetentionPolicy,
        archives: ArchivesPolicy,
        now: datetime,
    ) -> Sealing:
        approved_as(actor, policy.sealers, action="sealing records")
        ids = record_ids_of([r.id for r in records], policy.max_records)
        branches = {r.branch_id for r in records}
        if len(branches) != 1:
            raise InvalidInput.on("record_ids", "a bag holds records of one branch")
        bag = text("bag_number", bag_number)
        for record in records:
            record.seal(actor, ref=sealing_id, bag_number=bag, policy=archives, now=now)
        sealing = cls()
        sealing._record(
            RecordsSealed(
                sealing_id=sealing_id,
                branch_id=branches.pop(),
                bag_number=bag,
                record_ids=ids,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return sealing

    def _apply(self, event: SealingEvent) -> None:
        match event:
            case RecordsSealed():
                self.id, self.branch_id, self.bag_number = event.sealing_id, event.branch_id, event.bag_number
                self.record_ids, self.sealed_by, self.sealed_at = event.record_ids, event.actor, event.occurred_at
            case _:
                assert_never(event)
