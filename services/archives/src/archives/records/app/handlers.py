"""Record handlers: one function per command, domain calls only. Idempotency, commit, the
outbox and lost-race retries are the kit's (``cskit.calls``)."""

from __future__ import annotations

import uuid

from archives.domain.policy import ArchivesPolicy
from archives.records.app.ports import RecordsUnitOfWork, RecordsUnitOfWorkFactory
from archives.records.domain.commands import FileRecord, ReceiveOriginal, TransferRecord
from archives.records.domain.filing import day_of
from archives.records.domain.model import ArchiveRecord
from cskit.calls import Call, act, once
from cskit.domain import Clock


def record_ref(record: ArchiveRecord) -> str:
    return record.id


async def record_now(uow: RecordsUnitOfWork, record_id: str) -> ArchiveRecord:
    """A repeated call answers with the record as it now stands."""
    return await uow.records.get(record_id)


class RecordHandlers:
    def __init__(self, uow: RecordsUnitOfWorkFactory, clock: Clock, policy: ArchivesPolicy) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy

    async def file_record(self, cmd: FileRecord, call: Call) -> ArchiveRecord:
        async def file(uow: RecordsUnitOfWork) -> ArchiveRecord:
            record = ArchiveRecord.file(
                record_id=str(uuid.uuid4()),
                actor=call.actor,
                branch_id=call.actor.branch_id,
                policy=self._policy,
                title=cmd.title,
                category=cmd.category,
                confidentiality=cmd.confidentiality,
                medium=cmd.medium,
                department=cmd.department,
                handed_over_by=cmd.handed_over_by,
                document_date=day_of(cmd.document_date),
                original=cmd.original,
                external=cmd.external,
                counterparty=cmd.counterparty,
                retention_years=cmd.retention_years,
                references=cmd.references,
                file_pointer=cmd.file_pointer,
                sha256=cmd.sha256,
                notes=cmd.notes,
                location=cmd.location,
                now=self._clock.now(),
            )
            uow.records.add(record)
            return record

        return await once(self._uow(call), file, ref=record_ref, replay=record_now)

    async def receive_original(self, cmd: ReceiveOriginal, call: Call) -> ArchiveRecord:
        return await act(
            self._uow(call),
            cmd.id,
            load=record_now,
            change=lambda r: r.receive(
                call.actor,
                handed_over_by=cmd.handed_over_by,
                location=cmd.location,
                note=cmd.note,
                now=self._clock.now(),
            ),
            ref=record_ref,
        )

    async def transfer_record(self, cmd: TransferRecord, call: Call) -> ArchiveRecord:
        return await act(
            self._uow(call),
            cmd.id,
            load=record_now,
            change=lambda r: r.transfer(
                call.actor,
                department=cmd.department,
                handed_over_by=cmd.handed_over_by,
                note=cmd.note,
                policy=self._policy,
                now=self._clock.now(),
            ),
            ref=record_ref,
        )
