"""Retention handlers: one function per command, domain calls only. Idempotency, commit, the
outbox and lost-race retries are the kit's (``cskit.calls``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from archives.domain.clearance import may_see
from archives.domain.policy import ArchivesPolicy
from archives.records.domain.model import ArchiveRecord
from archives.retention.app.ports import RetentionUnitOfWork, RetentionUnitOfWorkFactory
from archives.retention.domain.commands import (
    ApproveDestruction,
    ExecuteDestruction,
    PlaceHold,
    ProposeDestruction,
    RejectDestruction,
    ReleaseHold,
    SealRecords,
)
from archives.retention.domain.common import record_ids_of
from archives.retention.domain.destruction import DestructionProposal
from archives.retention.domain.holds import Hold
from archives.retention.domain.policy import RetentionPolicy
from archives.retention.domain.sealing import Sealing
from cskit.calls import Call, act, once
from cskit.domain import Clock, NotFound


async def sealing_now(uow: RetentionUnitOfWork, ref: str) -> Sealing:
    return await uow.sealings.get(ref)


async def hold_now(uow: RetentionUnitOfWork, ref: str) -> Hold:
    return await uow.holds.get(ref)


async def proposal_now(uow: RetentionUnitOfWork, ref: str) -> DestructionProposal:
    return await uow.destructions.get(ref)


class RetentionHandlers:
    def __init__(
        self, uow: RetentionUnitOfWorkFactory, clock: Clock, archives: ArchivesPolicy, policy: RetentionPolicy
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._archives = archives
        self._policy = policy

    async def _records(self, uow: RetentionUnitOfWork, ids: Sequence[str], call: Call) -> list[ArchiveRecord]:
        """The records named, in the caller's branch and clearance (ARC-05: above it, NotFound)."""
        records = await uow.records_of(record_ids_of(ids, self._policy.max_records))
        for record in records:
            if not may_see(call.actor, record.confidentiality, self._archives):
                # The same answer as a record of another branch (ARC-05, PLT-01).
                raise NotFound(f"archive record {record.id} not found", code="record_not_found")
        return records

    async def seal_records(self, cmd: SealRecords, call: Call) -> Sealing:
        async def seal(uow: RetentionUnitOfWork) -> Sealing:
            sealing = Sealing.seal(
                sealing_id=str(uuid.uuid4()),
                actor=call.actor,
                records=await self._records(uow, cmd.record_ids, call),
                bag_number=cmd.bag_number,
                policy=self._policy,
                archives=self._archives,
                now=self._clock.now(),
            )
            uow.sealings.add(sealing)
            return sealing

        return await once(self._uow(call), seal, ref=lambda s: s.id, replay=sealing_now)

    async def place_hold(self, cmd: PlaceHold, call: Call) -> Hold:
        async def place(uow: RetentionUnitOfWork) -> Hold:
            hold = Hold.place(
                hold_id=str(uuid.uuid4()),
                actor=call.actor,
                records=await self._records(uow, cmd.record_ids, call),
                reason=cmd.reason,
                policy=self._policy,
                now=self._clock.now(),
            )
            uow.holds.add(hold)
            return hold

        return await once(self._uow(call), place, ref=lambda h: h.id, replay=hold_now)

    async def release_hold(self, cmd: ReleaseHold, call: Call) -> Hold:
        async def release(uow: RetentionUnitOfWork) -> Hold:
            hold = await uow.holds.get(cmd.id)
            hold.release(
                call.actor,
                records=await uow.records_of(hold.record_ids),
                note=cmd.note,
                policy=self._policy,
                now=self._clock.now(),
            )
            return hold

        return await once(self._uow(call), release, ref=lambda h: h.id, replay=hold_now)

    async def propose_destruction(self, cmd: ProposeDestruction, call: Call) -> DestructionProposal:
        async def propose(uow: RetentionUnitOfWork) -> DestructionProposal:
            proposal = DestructionProposal.propose(
                proposal_id=str(uuid.uuid4()),
                actor=call.actor,
                records=await self._records(uow, cmd.record_ids, call),
                method=cmd.method,
                reason=cmd.reason,
                policy=self._policy,
                archives=self._archives,
                now=self._clock.now(),
            )
            uow.destructions.add(proposal)
            return proposal

        return await once(self._uow(call), propose, ref=lambda p: p.id, replay=proposal_now)

    async def approve_destruction(self, cmd: ApproveDestruction, call: Call) -> DestructionProposal:
        return await act(
            self._uow(call),
            cmd.id,
            load=proposal_now,
            change=lambda p: p.approve(call.actor, note=cmd.note, policy=self._policy, now=self._clock.now()),
            ref=lambda p: p.id,
        )

    async def reject_destruction(self, cmd: RejectDestruction, call: Call) -> DestructionProposal:
        return await act(
            self._uow(call),
            cmd.id,
            load=proposal_now,
            change=lambda p: p.reject(call.actor, reason=cmd.reason, policy=self._policy, now=self._clock.now()),
            ref=lambda p: p.id,
        )

    async def execute_destruction(self, cmd: ExecuteDestruction, call: Call) -> DestructionProposal:
        async def execute(uow: RetentionUnitOfWork) -> DestructionProposal:
            proposal = await uow.destructions.get(cmd.id)
            proposal.execute(
                call.actor,
                records=await uow.records_of(proposal.record_ids),
                witnesses=cmd.witnesses,
                policy=self._policy,
                archives=self._archives,
                now=self._clock.now(),
            )
            return proposal

        return await once(self._uow(call), execute, ref=lambda p: p.id, replay=proposal_now)
