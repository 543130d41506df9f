"""The catalogue on real PostgreSQL: the migrations give exactly the models' schema; two
volumes opened at once take two numbers; a placement commits the volume, the record, their
histories and outbox rows together; the general catalogue is in shelving order and pages; the
in-volume catalogue is in date order and exports as CSV and HTML; the search finds by title,
text, category, dates and reference within the caller's branch and clearance (ARC-05)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from archives.bootstrap import build
from archives.catalogue import wiring as catalogue
from archives.catalogue.api.servicer import CatalogueServicer
from archives.catalogue.app.handlers import CatalogueHandlers
from archives.catalogue.domain.commands import OpenVolume, PlaceRecord
from archives.catalogue.domain.search import SearchQuery
from archives.catalogue.persistence.reader import CatalogueReader
from archives.catalogue.persistence.uow import SqlCatalogueUnitOfWork
from archives.records.app.handlers import RecordHandlers
from archives.records.domain.commands import FileRecord
from archives.records.domain.events import Reference
from archives.records.persistence.uow import SqlRecordsUnitOfWork
from archives.service import MIGRATIONS
from archives.settings import ArchivesSettings
from archives.testing import AGENT, ARCHIVIST, MANAGER, OTHER_BRANCH, T0
from archives.wiring import ArchivesParts, Wiring
from sqlalchemy import create_engine, select

from cs.archives.v1 import catalogue_pb2 as pb
from cskit.calls import Call, reset_current_call, set_current_call
from cskit.db.base import Base
from cskit.db.engine import sync_url
from cskit.db.migrations import upgrade
from cskit.domain import FrozenClock, NotFound
from cskit.messaging.outbox import OutboxRow
from cskit.pagination import Page, PageTokens

pytestmark = pytest.mark.integration


@pytest.fixture
async def app(pg_url: str) -> AsyncIterator[ArchivesParts]:
    upgrade(MIGRATIONS, pg_url)
    parts = build(ArchivesSettings(database_url=pg_url), clock=FrozenClock(T0), test_clock=False)
    try:
        yield parts
    finally:
        await parts.database.dispose()


def wiring(app: ArchivesParts) -> Wiring:
    settings = ArchivesSettings()
    return Wiring(
        app.database.async_sessions(),
        app.clock,
        PageTokens(settings.page_token_key.get_secret_value()),
        settings.policy(),
        settings,
    )


def handlers(app: ArchivesParts) -> CatalogueHandlers:
    w = wiring(app)
    return CatalogueHandlers(
        lambda call: SqlCatalogueUnitOfWork(w.sessions, call, w.clock), w.clock, catalogue.policy(w), w.policy
    )


def reader(app: ArchivesParts) -> CatalogueReader:
    return catalogue.reader(wiring(app))


async def file(app: ArchivesParts, title: str, by: Call = ARCHIVIST, **kw: Any) -> str:
    w = wiring(app)
    records = RecordHandlers(lambda call: SqlRecordsUnitOfWork(w.sessions, call, w.clock), w.clock, w.policy)
    values: dict[str, Any] = {
        "title": title,
        "category": "company_document",
        "confidentiality": "internal",
        "medium": "paper",
        "department": "customer_service",
        "handed_over_by": "clerk-1",
        "document_date": "2026-10-08",
        "original": True,
    }
    return (await records.file_record(FileRecord(**(values | kw)), by)).id


def opening(**kw: Any) -> OpenVolume:
    values: dict[str, Any] = {
        "title": "2026年客服部公司文件",
        "category": "company_document",
        "year": 2026,
        "department": "customer_service",
        "shelf": "A柜-1层-01",
    }
    return OpenVolume(**(values | kw))


def _table_of(obj: object, name: str | None, kind: str) -> str:
    return str(name) if kind == "table" else str(getattr(getattr(obj, "table", None), "name", ""))


def test_the_migrations_give_the_models_schema(pg_url: str) -> None:
    upgrade(MIGRATIONS, pg_url)
    engine = create_engine(sync_url(pg_url))
    try:
        with engine.connect() as conn:
            ours = {"include_object": lambda obj, name, kind, *_: _table_of(obj, name, kind).startswith("archives_")}
            diff = compare_metadata(MigrationContext.configure(conn, opts=ours), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


async def test_arc_03_two_volumes_opened_at_once_take_two_numbers(app: ArchivesParts) -> None:
    made = await asyncio.gather(
        *(handlers(app).open_volume(opening(title=f"2026年公司文件第{n}卷"), ARCHIVIST) for n in range(3))
    )
    assert sorted(v.volume_no for v in made) == ["WS-2026-001", "WS-2026-002", "WS-2026-003"]


async def test_arc_03_a_placement_commits_volume_record_and_their_events_together(app: ArchivesParts) -> None:
    volume = await handlers(app).open_volume(opening(), ARCHIVIST)
    later = await file(app, "关于物业费调整的通知", document_date="2026-10-08")
    earlier = await file(app, "关于春节值班安排的通知", document_date="2026-02-01")
    placed = await handlers(app).place_record(PlaceRecord(id=volume.id, record_id=later), ARCHIVIST)
    early = await handlers(app).place_record(PlaceRecord(id=volume.id, record_id=earlier), ARCHIVIST)
    assert (placed.archive_no, early.archive_no) == ("WS-2026-001-1", "WS-2026-001-0.1")
    async with app.database.async_sessions()() as session:
        types = (await session.scalars(select(OutboxRow.event_type).order_by(OutboxRow.id))).all()
    names = [t.rsplit(".", 1)[-1] for t in types]
    assert names[-4:] == ["VolumeItemAdded", "RecordPlaced", "VolumeItemAdded", "RecordPlaced"]
    volume_now, items = await reader(app).items(volume.id, ARCHIVIST)
    assert [i.title for i in items] == ["关于春节值班安排的通知", "关于物业费调整的通知"]
    assert [i.position for i in items] == [1, 2] and volume_now.volume_no == "WS-2026-001"
    cover = await reader(app).volume(volume.id, ARCHIVIST)
    assert len(cover.items) == 2


async def test_arc_03_the_general_catalogue_is_in_shelving_order_and_pages(app: ArchivesParts) -> None:
    h = handlers(app)
    await h.open_volume(opening(category="contract", title="2026年物业服务合同"), ARCHIVIST)
    await h.open_volume(opening(department="engineering", title="2026年工程部公司文件"), ARCHIVIST)
    await h.open_volume(opening(), ARCHIVIST)
    await h.open_volume(opening(year=2025, title="2025年客服部公司文件"), ARCHIVIST)
    await h.open_volume(opening(), OTHER_BRANCH)
    first, token = await reader(app).general(ARCHIVIST, Page(2, ""))
    rest, last = await reader(app).general(ARCHIVIST, Page(2, token))
    # Category, then unit, then year and number: the shelves' order (ARC-03).
    assert [v.volume_no for v in first + rest] == ["WS-2025-001", "WS-2026-002", "WS-2026-001", "HT-2026-001"]
    assert last == ""


async def test_arc_05_a_confidential_volume_is_not_in_an_agents_catalogue(app: ArchivesParts) -> None:
    locked = await handlers(app).open_volume(opening(title="2026年公司密件", confidentiality="confidential"), ARCHIVIST)
    await handlers(app).open_volume(opening(), ARCHIVIST)
    seen, _ = await reader(app).general(AGENT, Page(50, ""))
    assert [v.title for v in seen] == ["2026年客服部公司文件"]
    with pytest.raises(NotFound):
        await reader(app).items(locked.id, AGENT)
    assert (await reader(app).volume(locked.id, MANAGER)).title == "2026年公司密件"


async def test_arc_03_the_in_volume_catalogue_exports_as_csv_and_html(app: ArchivesParts) -> None:
    volume = await handlers(app).open_volume(opening(), ARCHIVIST)
    record = await file(app, "<b>业主来信</b> =1+1", notes="需回复")
    await handlers(app).place_record(PlaceRecord(id=volume.id, record_id=record), ARCHIVIST)
    servicer = CatalogueServicer(handlers(app), reader(app), app.clock)
    token = set_current_call(ARCHIVIST)
    try:
        csv = await servicer.ExportCatalogue(pb.ExportCatalogueRequest(catalogue="items", volume_id=volume.id), None)
        page = await servicer.ExportCatalogue(pb.ExportCatalogueRequest(catalogue="general", format="html"), None)
    finally:
        reset_current_call(token)
    text = csv.content.decode("utf-8")
    assert text.startswith("\ufeff顺序号,件号,档号") and "WS-2026-001-1" in text and "需回复" in text
    assert csv.content_type == "text/csv; charset=utf-8" and csv.rows == 1
    html = page.content.decode("utf-8")
    assert page.content_type == "text/html; charset=utf-8" and "案卷总目录" in html and "WS-2026-001" in html


async def test_arc_05_search_hides_a_confidential_title_from_an_agent_and_shows_it_to_the_archivist_and_manager(
    app: ArchivesParts,
) -> None:
    await file(
        app,
        "投诉C-2026-0042赔偿协议",
        category="complaint_record",
        confidentiality="confidential",
        document_date="2026-09-01",
        references=(
            Reference(kind="complaint_number", value="C-2026-0042"),
            Reference(kind="agreement_id", value="AG-7"),
        ),
        notes="业主张某 漏水赔偿",
    )
    await file(
        app,
        "漏水维修工单",
        category="work_order",
        document_date="2026-03-05",
        references=(Reference(kind="work_order", value="WO-88"),),
        notes="5号楼 漏水",
    )
    await file(app, "漏水 50%_off", document_date="2026-01-02")
    await file(app, "另一分支的漏水报告", by=OTHER_BRANCH)

    async def titles(call: Call, **kw: Any) -> list[str]:
        found, _ = await reader(app).search(call, Page(50, ""), SearchQuery.checked(**kw))
        return sorted(r.title for r in found)

    assert await titles(AGENT, text="漏水") == ["漏水 50%_off", "漏水维修工单"]
    assert await titles(ARCHIVIST, text="漏水") == ["投诉C-2026-0042赔偿协议", "漏水 50%_off", "漏水维修工单"]
    assert await titles(MANAGER, reference_kind="complaint_number", reference_value="C-2026-0042") == [
        "投诉C-2026-0042赔偿协议"
    ]
    assert await titles(AGENT, reference_kind="complaint_number", reference_value="C-2026-0042") == []
    assert await titles(ARCHIVIST, reference_kind="agreement_id", reference_value="ag-7") == ["投诉C-2026-0042赔偿协议"]
    assert await titles(ARCHIVIST, reference_kind="work_order", reference_value="WO-8") == []
    assert await titles(ARCHIVIST, title="50%_") == ["漏水 50%_off"]
    assert await titles(ARCHIVIST, title="0%") == ["漏水 50%_off"]
    assert await titles(ARCHIVIST, text="5号楼") == ["漏水维修工单"]
    assert await titles(ARCHIVIST, category="work_order") == ["漏水维修工单"]
    assert await titles(ARCHIVIST, date_from="2026-03-01", date_to="2026-09-01") == [
        "投诉C-2026-0042赔偿协议",
        "漏水维修工单",
    ]
    assert await titles(OTHER_BRANCH, text="漏水") == ["另一分支的漏水报告"]
    page, token = await reader(app).search(ARCHIVIST, Page(1, ""), SearchQuery.checked(text="漏水"))
    assert len(page) == 1 and token


async def test_arc_03_the_gauges_count_unplaced_records_and_volumes(app: ArchivesParts) -> None:
    from archives.catalogue.persistence.gauges import refresh_catalogue_gauges
    from prometheus_client import REGISTRY

    volume = await handlers(app).open_volume(opening(), ARCHIVIST)
    first, _second = await file(app, "关于电梯年检的通知"), await file(app, "关于停水的通知")
    await refresh_catalogue_gauges(app.database.async_engine, T0)
    assert REGISTRY.get_sample_value("cs_archives_records_unplaced", {"branch": "b1"}) == 2
    await handlers(app).place_record(PlaceRecord(id=volume.id, record_id=first), ARCHIVIST)
    await refresh_catalogue_gauges(app.database.async_engine, T0)
    assert REGISTRY.get_sample_value("cs_archives_records_unplaced", {"branch": "b1"}) == 1
    assert REGISTRY.get_sample_value("cs_archives_volumes", {"branch": "b1", "category": "company_document"}) == 1
