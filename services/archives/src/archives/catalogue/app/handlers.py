"""Catalogue handlers: open a volume, place a record in it. Idempotency, commit, the outbox
and lost races (two volumes numbered alike, two items placed at once) are the kit's
(``cskit.calls.once``: the loser runs again from a fresh read)."""

from __future__ import annotations

import uuid

from archives.catalogue.app.ports import CatalogueUnitOfWork, CatalogueUnitOfWorkFactory
from archives.catalogue.domain.commands import OpenVolume, PlaceRecord
from archives.catalogue.domain.model import Volume
from archives.catalogue.domain.policy import CataloguePolicy
from archives.domain.categories import category_of
from archives.domain.clearance import may_see
from archives.domain.policy import ArchivesPolicy
from archives.records.domain.model import ArchiveRecord
from cskit.calls import Call, once
from cskit.domain import Clock, NotFound


def volume_ref(volume: Volume) -> str:
    return volume.id


async def volume_now(uow: CatalogueUnitOfWork, volume_id: str) -> Volume:
    return await uow.volumes.get(volume_id)


class CatalogueHandlers:
    def __init__(
        self, uow: CatalogueUnitOfWorkFactory, clock: Clock, policy: CataloguePolicy, archives: ArchivesPolicy
    ) -> None:
        self._uow = uow
        self._clock = clock
        self.policy = policy
        self._archives = archives

    async def open_volume(self, cmd: OpenVolume, call: Call) -> Volume:
        code = self.policy.code_of(category_of(cmd.category))
        branch = call.actor.branch_id

        async def open_(uow: CatalogueUnitOfWork) -> Volume:
            volume = Volume.open(
                volume_id=str(uuid.uuid4()),
                actor=call.actor,
                branch_id=branch,
                seq=await uow.next_seq(branch, code, cmd.year),
                title=cmd.title,
                category=cmd.category,
                year=cmd.year,
                department=cmd.department,
                shelf=cmd.shelf,
                external=cmd.external,
                counterparty=cmd.counterparty,
                confidentiality=cmd.confidentiality,
                policy=self.policy,
                archives=self._archives,
                now=self._clock.now(),
            )
            uow.volumes.add(volume)
            return volume

        return await once(self._uow(call), open_, ref=volume_ref, replay=volume_now)

    async def place_record(self, cmd: PlaceRecord, call: Call) -> ArchiveRecord:
        """The volume admits the record (ARC-02, ARC-03, ARC-05) and the record is placed
        (``ArchiveRecord.place``, its history says by which volume): one transaction."""

        async def place(uow: CatalogueUnitOfWork) -> ArchiveRecord:
            volume = await uow.volumes.get(cmd.id)
            record = await uow.records.get(cmd.record_id)
            if not may_see(call.actor, record.confidentiality, self._archives):
                raise NotFound(f"archive record {cmd.record_id} not found", code="record_not_found")
            now = self._clock.now()
            archive_no = volume.admit(call.actor, record, policy=self.policy, now=now)
            record.place(
                call.actor, ref=volume.id, volume_id=volume.id, archive_no=archive_no, location=volume.shelf, now=now
            )
            return record

        async def record_now(uow: CatalogueUnitOfWork, record_id: str) -> ArchiveRecord:
            return await uow.records.get(record_id)

        return await once(self._uow(call), place, ref=lambda r: r.id, replay=record_now)
