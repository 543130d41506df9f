"""Evidence handlers (CMP-08): attach a file to a case, list a case's evidence, read a file back.

Attaching stores the bytes first and records them after: the record and its
``EvidenceAttached`` event commit in one transaction once the store has confirmed the
bytes. A store failure leaves no record. A commit that fails after the store succeeded
leaves an object no record points to (an orphan): harmless, invisible through the API, and
acceptable — keys are never reused, so it can be swept by comparing the store with the
table. The reverse (a record without its bytes) cannot happen.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable, Mapping, Sequence
from functools import partial

from complaints.evidence.app.ports import EvidenceFiles, EvidenceReader, EvidenceUnitOfWork, EvidenceUnitOfWorkFactory
from complaints.evidence.domain import rules
from complaints.evidence.domain.model import AttachEvidence, Evidence, StoreConfirmation, evidence_key
from complaints.evidence.domain.policy import EvidencePolicy, evidence_policy_for
from complaints.intake.app.ports import CallContext, Page
from cskit.calls import once
from cskit.domain import Clock, Unavailable
from cskit.objectstore import ObjectNotFound, ObjectStoreError

log = logging.getLogger(__name__)


class EvidenceCorrupt(RuntimeError):
    """Recorded bytes are missing or changed in the store: an operator's problem, never the caller's."""


class EvidenceHandlers:
    def __init__(
        self,
        uow: EvidenceUnitOfWorkFactory,
        files: EvidenceFiles,
        reader: EvidenceReader,
        clock: Clock,
        policy_overrides: Mapping[str, Mapping[str, object]],
    ) -> None:
        self._uow = uow
        self._files = files
        self._reader = reader
        self._clock = clock
        # A branch's policy: the rulebook defaults with its overrides.
        self.policy: Callable[[str], EvidencePolicy] = partial(evidence_policy_for, overrides=policy_overrides)

    async def attach_evidence(self, cmd: AttachEvidence, ctx: CallContext) -> Evidence:
        # 1. The case must be visible (PLT-01) and open; a repeated request answers as before
        # (a look only: the key is claimed in step 3, with the record).
        async with self._uow(ctx) as uow:
            if (prior := await uow.recall()) is not None:
                return await uow.evidence.get(prior)
            case = await uow.evidence.case(cmd.complaint_id)
        rules.require_open_case(case.status)
        upload = rules.check_upload(
            kind=cmd.kind,
            filename=cmd.filename,
            declared_type=cmd.content_type,
            content=cmd.content,
            note=cmd.note,
            policy=self.policy(case.branch_id),
        )
        # 2. Store first: no transaction is held open while the bytes travel.
        evidence_id = str(uuid.uuid4())
        key = evidence_key(case.complaint_id, evidence_id)
        try:
            stored = await self._files.put(key, cmd.content, upload.content_type)
        except ObjectStoreError as exc:
            log.warning("evidence store failed", extra={"complaint_id": case.complaint_id}, exc_info=True)
            raise Unavailable(
                "the evidence store is unavailable; nothing was recorded, try again", code="evidence_store_unavailable"
            ) from exc
        confirmation = StoreConfirmation(key=stored.key, size=stored.size, sha256=stored.sha256)

        # 3. Record it, with its event, in one transaction (PLT-03). A concurrent twin that
        # claimed the key first is replayed; our stored object is then an orphan.
        async def record(uow: EvidenceUnitOfWork) -> Evidence:
            case = await uow.evidence.case(cmd.complaint_id)
            evidence, event = rules.attach(
                case, upload, confirmation, evidence_id=evidence_id, actor=ctx.actor, now=self._clock.now()
            )
            uow.evidence.add(evidence, event)
            return evidence

        return await once(self._uow(ctx), record, ref=lambda e: e.id, replay=recorded)

    async def list_evidence(self, complaint_id: str, ctx: CallContext, page: Page) -> tuple[Sequence[Evidence], str]:
        return await self._reader.list(complaint_id, ctx.scope, page)

    async def evidence_content(self, complaint_id: str, evidence_id: str, ctx: CallContext) -> tuple[Evidence, bytes]:
        """The record and its bytes, checked against the recorded SHA-256."""
        evidence = await self._reader.get(complaint_id, evidence_id, ctx.scope)
        try:
            data = await self._files.get(evidence.file_key)
        except ObjectNotFound as exc:
            raise EvidenceCorrupt(f"evidence {evidence.id}: its file {evidence.file_key} is missing") from exc
        except ObjectStoreError as exc:
            raise Unavailable(
                "the evidence store is unavailable; try again", code="evidence_store_unavailable"
            ) from exc
        if hashlib.sha256(data).hexdigest() != evidence.sha256:
            raise EvidenceCorrupt(f"evidence {evidence.id}: the stored bytes do not match the recorded SHA-256")
        return evidence, data


async def recorded(uow: EvidenceUnitOfWork, evidence_id: str) -> Evidence:
    return await uow.evidence.get(evidence_id)
