"""CMP-08 evidence on real PostgreSQL: store first, then the record and its event in one
transaction; branch isolation; site photos before an engineering case resolves; and the
same through a real S3 server (SeaweedFS)."""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from complaints.bootstrap import Complaints, build
from complaints.domain.states import Status
from complaints.domain.values import Category
from complaints.evidence.app.handlers import EvidenceCorrupt, EvidenceHandlers
from complaints.evidence.domain.model import AttachEvidence, EvidenceKind
from complaints.evidence.persistence.queries import SqlEvidenceReader
from complaints.evidence.persistence.rows import EvidenceRow
from complaints.evidence.persistence.uow import SqlEvidenceUnitOfWork
from complaints.intake.app.ports import CallContext, Page
from complaints.intake.domain import commands as c
from complaints.settings import ComplaintsSettings
from cs.complaints.v1 import evidence_events_pb2, evidence_pb2
from cskit.db.migrations import upgrade
from cskit.dev.seaweed import SeaweedS3
from cskit.domain import FrozenClock, InvalidInput, NotFound, RuleViolation, Unavailable
from cskit.idempotency import IdempotencyGuard
from cskit.messaging.envelope import Envelope, decode
from cskit.messaging.outbox import OutboxRow
from cskit.objectstore import AsyncObjectStore, LocalFolderStore, ObjectStoreError, StoredObject
from cskit.pagination import DEV_KEY, PageTokens

from .conftest import AGENT_B1, AGENT_B2, HEAD_OFFICE, intake

pytestmark = pytest.mark.integration
MIGRATIONS = Path(__file__).resolve().parents[2] / "src" / "complaints" / "persistence" / "migrations"


def png(width: int = 4, height: int = 3) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(b"\x00" + b"\x10\x80\xf0" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def photo(complaint_id: str, **changes: Any) -> AttachEvidence:
    args: dict[str, Any] = {
        "complaint_id": complaint_id,
        "filename": "lift-shaft.png",
        "content_type": "image/png",
        "content": png(),
        "kind": EvidenceKind.SITE_PHOTO,
        "note": "water on the floor",
    }
    args.update(changes)
    return AttachEvidence(**args)


def _settings(pg_url: str, store_url: str, **extra: Any) -> ComplaintsSettings:
    return ComplaintsSettings(database_url=pg_url, object_store_url=store_url, **extra)


@pytest.fixture
async def app(pg_url: str, frozen_clock: FrozenClock, tmp_path: Path) -> AsyncIterator[Complaints]:
    upgrade(MIGRATIONS, pg_url)
    built = build(_settings(pg_url, f"file://{tmp_path}/objects"), clock=frozen_clock)
    try:
        yield built
    finally:
        await built.database.dispose()


def evidence_of(app: Complaints) -> EvidenceHandlers:
    assert app.evidence is not None
    return app.evidence


async def rows(app: Complaints, entity: Any, *where: Any) -> list[Any]:
    async with app.database.async_sessions()() as session:
        return list(await session.scalars(sa.select(entity).where(*where)))


async def accepted(app: Complaints, **changes: Any) -> str:
    x = await app.handlers.file_complaint(intake(**changes), AGENT_B1)
    await app.handlers.accept_complaint(c.AcceptComplaint(complaint_id=x.id), AGENT_B1)
    return x.id


async def test_cmp_08_attach_stores_the_file_then_commits_record_and_event_together(
    app: Complaints, tmp_path: Path
) -> None:
    cid = await accepted(app)
    data = png()
    evidence = await evidence_of(app).attach_evidence(photo(cid), AGENT_B1)

    assert evidence.sha256 == hashlib.sha256(data).hexdigest() and evidence.size == len(data)
    assert evidence.content_type == "image/png" and evidence.branch_id == "b1"
    assert (tmp_path / "objects" / evidence.file_key).read_bytes() == data

    [row] = await rows(app, EvidenceRow, EvidenceRow.complaint_id == cid)
    assert (row.id, row.sha256, row.file_key, row.attached_by) == (
        evidence.id,
        evidence.sha256,
        evidence.file_key,
        "agent-b1",
    )
    outbox = await rows(app, OutboxRow, OutboxRow.key == cid, OutboxRow.event_type.like("%EvidenceAttached"))
    assert len(outbox) == 1
    assert outbox[0].topic == "cs.complaints.v1"
    envelope = Envelope.from_kafka(outbox[0].kafka_headers(), outbox[0].payload)
    payload = decode(envelope, evidence_events_pb2.EvidenceAttached)
    assert (payload.complaint_id, payload.evidence_id, payload.sha256, payload.size, payload.file_key) == (
        cid,
        evidence.id,
        evidence.sha256,
        len(data),
        evidence.file_key,
    )
    assert payload.kind == evidence_pb2.EVIDENCE_KIND_SITE_PHOTO and payload.content_type == "image/png"
    assert (envelope.subject, envelope.branch_id) == (cid, "b1")

    got, content = await evidence_of(app).evidence_content(cid, evidence.id, AGENT_B1)
    assert content == data and got == evidence


class FailingFiles:
    """An object store that is down."""

    def __init__(self) -> None:
        self.calls = 0

    async def put(self, key: str, data: bytes, content_type: str) -> StoredObject:
        self.calls += 1
        raise ObjectStoreError("connection refused")

    async def get(self, key: str) -> bytes:
        raise ObjectStoreError("connection refused")


async def test_cmp_08_a_store_failure_leaves_no_record_and_no_event(app: Complaints, frozen_clock: FrozenClock) -> None:
    cid = await accepted(app)
    sessions = app.database.async_sessions()
    files = FailingFiles()
    handlers = EvidenceHandlers(
        lambda ctx: SqlEvidenceUnitOfWork(sessions, ctx, frozen_clock),
        files,
        SqlEvidenceReader(sessions, tokens=PageTokens(DEV_KEY)),
        frozen_clock,
        {},
    )
    with pytest.raises(Unavailable) as caught:
        await handlers.attach_evidence(photo(cid), AGENT_B1)
    assert caught.value.code == "evidence_store_unavailable" and files.calls == 1
    assert await rows(app, EvidenceRow) == []
    assert await rows(app, OutboxRow, OutboxRow.event_type.like("%EvidenceAttached")) == []


class CommitFails(SqlEvidenceUnitOfWork):
    async def commit(self, *, result_ref: str | None = None) -> None:
        raise ConnectionError("database went away")


async def test_cmp_08_a_failed_commit_after_the_store_leaves_only_an_orphan_object(
    app: Complaints, frozen_clock: FrozenClock, tmp_path: Path
) -> None:
    cid = await accepted(app)
    sessions = app.database.async_sessions()
    store = LocalFolderStore(tmp_path / "orphans")
    handlers = EvidenceHandlers(
        lambda ctx: CommitFails(sessions, ctx, frozen_clock),
        AsyncObjectStore(store),
        SqlEvidenceReader(sessions, tokens=PageTokens(DEV_KEY)),
        frozen_clock,
        {},
    )
    with pytest.raises(ConnectionError):
        await handlers.attach_evidence(photo(cid), AGENT_B1)
    assert await rows(app, EvidenceRow) == []
    assert await rows(app, OutboxRow, OutboxRow.event_type.like("%EvidenceAttached")) == []
    [orphan] = [p for p in (tmp_path / "orphans").rglob("*") if p.is_file()]
    assert orphan.read_bytes() == png()  # documented: harmless, unreferenced, sweepable


async def test_plt_01_another_branch_gets_not_found_for_the_case_its_list_and_each_file(app: Complaints) -> None:
    cid = await accepted(app)
    evidence = await evidence_of(app).attach_evidence(photo(cid), AGENT_B1)
    handlers = evidence_of(app)
    with pytest.raises(NotFound):
        await handlers.attach_evidence(photo(cid), AGENT_B2)
    with pytest.raises(NotFound):
        await handlers.list_evidence(cid, AGENT_B2, Page())
    with pytest.raises(NotFound):
        await handlers.evidence_content(cid, evidence.id, AGENT_B2)
    with pytest.raises(NotFound):  # a real id under another case's path is not found either
        await handlers.evidence_content(await accepted(app), evidence.id, AGENT_B1)
    items, _ = await handlers.list_evidence(cid, HEAD_OFFICE, Page())
    assert [e.id for e in items] == [evidence.id]
    assert len(await rows(app, EvidenceRow)) == 1


async def test_cmp_08_engineering_case_resolves_only_once_a_site_photo_is_kept(app: Complaints) -> None:
    cid = await accepted(app, category=Category.ENGINEERING)
    resolve = c.ResolveComplaint(complaint_id=cid, resolution="Drain pipe re-laid")
    with pytest.raises(RuleViolation) as caught:
        await app.handlers.resolve_complaint(resolve, AGENT_B1)
    assert (caught.value.code, caught.value.rule_id) == ("site_photo_required", "CMP-08")

    document = photo(cid, kind=EvidenceKind.DOCUMENT, content=PDF, filename="quote.pdf", content_type="application/pdf")
    await evidence_of(app).attach_evidence(document, AGENT_B1)
    with pytest.raises(RuleViolation):
        await app.handlers.resolve_complaint(resolve, AGENT_B1)
    still = await app.servicer.reader.get(cid, AGENT_B1.scope)
    assert still.status is Status.ACCEPTED  # the refused move left nothing behind

    await evidence_of(app).attach_evidence(photo(cid), AGENT_B1)
    resolved = await app.handlers.resolve_complaint(resolve, AGENT_B1)
    assert resolved.status is Status.RESOLVED


async def test_cmp_08_an_ordinary_maintenance_case_needs_no_photo(app: Complaints) -> None:
    cid = await accepted(app)
    resolved = await app.handlers.resolve_complaint(c.ResolveComplaint(complaint_id=cid, resolution="fixed"), AGENT_B1)
    assert resolved.status is Status.RESOLVED


async def test_cmp_08_an_illegal_resolve_still_names_its_own_rule_first(app: Complaints) -> None:
    x = await app.handlers.file_complaint(intake(category=Category.DESIGN), AGENT_B1)  # not accepted yet
    with pytest.raises(RuleViolation) as caught:
        await app.handlers.resolve_complaint(c.ResolveComplaint(complaint_id=x.id, resolution="x"), AGENT_B1)
    assert caught.value.code == "illegal_transition"


async def test_cmp_08_bad_files_are_refused_before_anything_is_stored(app: Complaints, tmp_path: Path) -> None:
    cid = await accepted(app)
    handlers = evidence_of(app)
    for bad in (
        photo(cid, content=b"MZ\x90\x00" + b"\x00" * 40, filename="photo.png"),
        photo(cid, content=png(), content_type="image/jpeg"),
        photo(cid, kind=EvidenceKind.SITE_PHOTO, content=PDF, filename="x.pdf", content_type="application/pdf"),
    ):
        with pytest.raises(InvalidInput) as caught:
            await handlers.attach_evidence(bad, AGENT_B1)
        assert caught.value.rule_id == "CMP-08"
    assert await rows(app, EvidenceRow) == []
    assert not (tmp_path / "objects").exists() or not any((tmp_path / "objects").rglob("*.png"))


async def test_cmp_08_closed_case_takes_no_evidence(app: Complaints) -> None:
    x = await app.handlers.file_complaint(intake(), AGENT_B1)
    await app.handlers.reject_complaint(c.RejectComplaint(complaint_id=x.id, reason="not ours"), AGENT_B1)
    await app.handlers.reply_to_rejection(c.ReplyToRejection(complaint_id=x.id, message="sorry"), AGENT_B1)
    with pytest.raises(RuleViolation) as caught:
        await evidence_of(app).attach_evidence(photo(x.id), AGENT_B1)
    assert caught.value.code == "case_closed"


async def test_same_attach_twice_with_one_idempotency_key_keeps_one_record(app: Complaints) -> None:
    cid = await accepted(app)
    cmd = photo(cid)
    request = evidence_pb2.AttachEvidenceRequest(complaint_id=cid, filename=cmd.filename, content=cmd.content)
    guard = IdempotencyGuard(scope="agent-b1:Evidence.AttachEvidence", key="k-1", request=request)
    ctx = CallContext(actor=AGENT_B1.actor, idempotency=guard)
    first = await evidence_of(app).attach_evidence(cmd, ctx)
    again = IdempotencyGuard(scope="agent-b1:Evidence.AttachEvidence", key="k-1", request=request)
    second = await evidence_of(app).attach_evidence(cmd, CallContext(actor=AGENT_B1.actor, idempotency=again))
    assert first == second
    assert len(await rows(app, EvidenceRow)) == 1


async def test_list_pages_oldest_first(app: Complaints, frozen_clock: FrozenClock) -> None:
    cid = await accepted(app)
    ids = []
    for _ in range(3):
        ids.append((await evidence_of(app).attach_evidence(photo(cid), AGENT_B1)).id)
        frozen_clock.advance(timedelta(seconds=1))
    first, token = await evidence_of(app).list_evidence(cid, AGENT_B1, Page(size=2))
    rest, last = await evidence_of(app).list_evidence(cid, AGENT_B1, Page(size=2, token=token))
    assert [e.id for e in (*first, *rest)] == ids and token and last == ""


async def test_plt_04_evidence_rows_are_append_only(app: Complaints) -> None:
    cid = await accepted(app)
    await evidence_of(app).attach_evidence(photo(cid), AGENT_B1)
    async with app.database.async_engine.connect() as conn:
        with pytest.raises(DBAPIError, match="PLT-04"):
            await conn.execute(sa.update(EvidenceRow).values(note="changed"))
    async with app.database.async_engine.connect() as conn:
        with pytest.raises(DBAPIError, match="PLT-04"):
            await conn.execute(sa.delete(EvidenceRow))


async def test_a_file_changed_behind_our_back_is_never_served(app: Complaints, tmp_path: Path) -> None:
    cid = await accepted(app)
    evidence = await evidence_of(app).attach_evidence(photo(cid), AGENT_B1)
    (tmp_path / "objects" / evidence.file_key).write_bytes(b"tampered")
    with pytest.raises(EvidenceCorrupt):
        await evidence_of(app).evidence_content(cid, evidence.id, AGENT_B1)


async def test_cmp_08_evidence_through_a_real_s3_server(
    pg_url: str, frozen_clock: FrozenClock, s3_server: SeaweedS3
) -> None:
    upgrade(MIGRATIONS, pg_url)
    settings = _settings(
        pg_url,
        s3_server.url.replace(f"s3://{s3_server.bucket}", f"s3://{s3_server.bucket}/integration"),
        object_store_access_key=s3_server.access_key,
        object_store_secret_key=s3_server.secret_key,
    )
    s3_app = build(settings, clock=frozen_clock)
    try:
        cid = await accepted(s3_app, category=Category.DESIGN)
        evidence = await evidence_of(s3_app).attach_evidence(photo(cid), AGENT_B1)
        assert s3_server.store(prefix="integration").get(evidence.file_key) == png()
        _, content = await evidence_of(s3_app).evidence_content(cid, evidence.id, AGENT_B1)
        assert hashlib.sha256(content).hexdigest() == evidence.sha256
        resolved = await s3_app.handlers.resolve_complaint(
            c.ResolveComplaint(complaint_id=cid, resolution="redesigned"), AGENT_B1
        )
        assert resolved.status is Status.RESOLVED
    finally:
        await s3_app.database.dispose()
