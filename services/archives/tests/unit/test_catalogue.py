"""The catalogue's volumes without a database: numbered per branch, code and year; records placed
only where they belong (ARC-02 internal and external apart, one organisation per external
volume; ARC-03 category, unit, year, branch; ARC-05 no record above the volume's level); items
numbered in date order, a late older one by a sub-number. The catalogues' files and the
search are in ``test_catalogue_files_and_search``."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from archives.catalogue.app.handlers import CatalogueHandlers
from archives.catalogue.domain.commands import OpenVolume, PlaceRecord
from archives.catalogue.domain.model import Volume
from archives.catalogue.domain.numbering import VolumeItem, in_date_order, next_item_no
from archives.catalogue.domain.policy import CataloguePolicy
from archives.domain.categories import Category
from archives.records.domain.model import ArchiveRecord
from archives.records.domain.states import IllegalRecordMove
from archives.testing import AGENT, ARCHIVIST, OTHER_BRANCH, POLICY, T0, record
from archives.testing import volume as open_volume

from cskit.calls import Call
from cskit.domain import Forbidden, FrozenClock, InvalidInput, NotFound, RuleViolation
from cskit.testing.eventstore import IdempotencyMemory, InMemoryEventStore, InMemoryUnitOfWork


def not_found(record_id: str) -> NotFound:
    return NotFound(f"{record_id} not found")


class Stores:
    def __init__(self) -> None:
        self.volumes: InMemoryEventStore[Any, Any] = InMemoryEventStore.of(Volume, not_found)
        self.records: InMemoryEventStore[Any, Any] = InMemoryEventStore.of(ArchiveRecord, not_found)
        self.keys = IdempotencyMemory()
        self.numbers: dict[tuple[str, str, int], int] = {}


class MemoryCatalogueUnitOfWork(InMemoryUnitOfWork):
    def __init__(self, stores: Stores, c: Call) -> None:
        super().__init__(c.scope, keys=stores.keys)
        self.stores = stores
        self.volumes = self.repository(stores.volumes)
        self.records = self.repository(stores.records)

    async def next_seq(self, branch_id: str, code: str, year: int) -> int:
        return self.stores.numbers.get((branch_id, code, year), 0) + 1

    async def commit(self, *, result_ref: str | None = None) -> None:
        await super().commit(result_ref=result_ref)
        for aggregate, _ in self.committed:
            if isinstance(aggregate, Volume):
                key = (aggregate.branch_id, aggregate.code, aggregate.year)
                self.stores.numbers[key] = max(self.stores.numbers.get(key, 0), aggregate.seq)


@pytest.fixture
def stores() -> Stores:
    return Stores()


def handlers(stores: Stores, policy: CataloguePolicy | None = None) -> CatalogueHandlers:
    return CatalogueHandlers(
        lambda c: MemoryCatalogueUnitOfWork(stores, c), FrozenClock(T0), policy or CataloguePolicy(), POLICY
    )


def opening(**kw: Any) -> OpenVolume:
    values: dict[str, Any] = {
        "title": "2026年客服部公司文件",
        "category": "company_document",
        "year": 2026,
        "department": "customer_service",
        "shelf": "A柜-1层-01",
    }
    return OpenVolume(**(values | kw))


def shelved(stores: Stores, **kw: Any) -> ArchiveRecord:
    made = record(**kw)
    stores.records.append(made)
    return made


def external(stores: Stores, organisation: str, **kw: Any) -> ArchiveRecord:
    made = ArchiveRecord.file(
        record_id=f"ext-{organisation}-{len(stores.records._records)}",
        actor=ARCHIVIST.actor,
        branch_id="b1",
        policy=POLICY,
        title=f"{organisation}来函",
        category=kw.get("category", "company_document"),
        confidentiality="internal",
        medium="paper",
        department="customer_service",
        handed_over_by="clerk-1",
        document_date=kw.get("document_date", date(2026, 10, 8)),
        original=True,
        external=True,
        counterparty=organisation,
        now=T0,
    )
    stores.records.append(made)
    return made


# -- numbering -----------------------------------------------------------------------------


async def test_arc_03_volumes_are_numbered_per_branch_code_and_year(stores: Stores) -> None:
    h = handlers(stores)
    first = await h.open_volume(opening(), ARCHIVIST)
    second = await h.open_volume(opening(title="2026年客服部公司文件(二)"), ARCHIVIST)
    contracts = await h.open_volume(opening(category="contract", title="2026年物业服务合同"), ARCHIVIST)
    last_year = await h.open_volume(opening(year=2025, title="2025年客服部公司文件"), ARCHIVIST)
    elsewhere = await h.open_volume(opening(), OTHER_BRANCH)
    assert [first.volume_no, second.volume_no] == ["WS-2026-001", "WS-2026-002"]
    assert contracts.volume_no == "HT-2026-001"
    assert last_year.volume_no == "WS-2025-001"
    assert elsewhere.volume_no == "WS-2026-001" and elsewhere.branch_id == "b2"


async def test_arc_03_a_category_code_is_configurable(stores: Stores) -> None:
    policy = CataloguePolicy(codes={Category.COMPANY_DOCUMENT: "WSD"})
    volume = await handlers(stores, policy).open_volume(opening(), ARCHIVIST)
    assert volume.volume_no == "WSD-2026-001"


def test_arc_03_items_are_numbered_in_date_order_and_a_late_older_item_by_a_sub_number() -> None:
    items: list[VolumeItem] = []

    def add(day: date) -> str:
        number = next_item_no(items, day)
        items.append(VolumeItem(record_id=str(len(items)), item_no=number, document_date=day))
        return number

    assert [add(date(2026, 3, d)) for d in (1, 3, 9)] == ["1", "2", "3"]
    assert add(date(2026, 3, 5)) == "2.1"  # between 3 March (2) and 9 March (3)
    assert add(date(2026, 3, 6)) == "2.2"
    assert add(date(2026, 2, 1)) == "0.1"  # older than every item
    assert add(date(2026, 3, 9)) == "4"  # the same day as the newest: the next whole number
    assert [i.item_no for i in in_date_order(items)] == ["0.1", "1", "2", "2.1", "2.2", "3", "4"]


# -- placing -------------------------------------------------------------------------------


async def test_arc_03_a_placed_record_takes_its_archive_number_and_its_history_says_so(stores: Stores) -> None:
    h = handlers(stores)
    volume = await h.open_volume(opening(), ARCHIVIST)
    later = shelved(stores, document_date=date(2026, 10, 8))
    earlier = shelved(stores, document_date=date(2026, 3, 2))
    placed = await h.place_record(PlaceRecord(id=volume.id, record_id=later.id), ARCHIVIST)
    assert placed.archive_no == "WS-2026-001-1" and placed.volume_id == volume.id
    assert placed.location == "A柜-1层-01"
    early = await h.place_record(PlaceRecord(id=volume.id, record_id=earlier.id), ARCHIVIST)
    assert early.archive_no == "WS-2026-001-0.1"
    history = await stores.records.history(later.id, ARCHIVIST.scope)
    assert type(history[-1]).__name__ == "RecordPlaced" and history[-1].ref == volume.id
    stored = await stores.volumes.read(volume.id, ARCHIVIST.scope)
    assert [i.record_id for i in stored.in_date_order()] == [earlier.id, later.id]


async def test_arc_03_a_record_is_placed_once(stores: Stores) -> None:
    h = handlers(stores)
    volume = await h.open_volume(opening(), ARCHIVIST)
    other = await h.open_volume(opening(title="2026年客服部公司文件(二)"), ARCHIVIST)
    made = shelved(stores)
    await h.place_record(PlaceRecord(id=volume.id, record_id=made.id), ARCHIVIST)
    with pytest.raises(RuleViolation) as err:
        await h.place_record(PlaceRecord(id=other.id, record_id=made.id), ARCHIVIST)
    assert err.value.code == "already_placed"


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"category": "contract"}, "other_category"),
        ({"department": "engineering"}, "other_unit"),
        ({"document_date": date(2025, 12, 31)}, "other_year"),
    ],
)
async def test_arc_03_a_record_of_another_category_unit_or_year_is_refused(
    stores: Stores, kw: dict[str, Any], code: str
) -> None:
    h = handlers(stores)
    volume = await h.open_volume(opening(), ARCHIVIST)
    made = shelved(stores, **kw)
    with pytest.raises(RuleViolation) as err:
        await h.place_record(PlaceRecord(id=volume.id, record_id=made.id), ARCHIVIST)
    assert err.value.code == code and err.value.rule_id == "ARC-03"


async def test_arc_03_another_branchs_record_is_not_found(stores: Stores) -> None:
    h = handlers(stores)
    volume = await h.open_volume(opening(), ARCHIVIST)
    theirs = shelved(stores, by=OTHER_BRANCH)
    with pytest.raises(NotFound):
        await h.place_record(PlaceRecord(id=volume.id, record_id=theirs.id), ARCHIVIST)
    theirs_volume = await h.open_volume(opening(), OTHER_BRANCH)
    with pytest.raises(NotFound):
        await h.place_record(PlaceRecord(id=theirs_volume.id, record_id=shelved(stores).id), ARCHIVIST)


def test_arc_03_a_head_office_caller_cannot_mix_branches() -> None:
    volume = open_volume(seq=1)
    refusal = volume.refusal(record(by=OTHER_BRANCH), CataloguePolicy())
    assert refusal is not None and refusal.code == "other_branch"


async def test_arc_02_an_external_record_never_joins_an_internal_volume(stores: Stores) -> None:
    h = handlers(stores)
    internal = await h.open_volume(opening(), ARCHIVIST)
    letter = external(stores, "市住建局")
    with pytest.raises(RuleViolation) as err:
        await h.place_record(PlaceRecord(id=internal.id, record_id=letter.id), ARCHIVIST)
    assert err.value.code == "internal_external_apart" and err.value.rule_id == "ARC-02"


async def test_arc_02_each_external_organisation_has_its_own_volume(stores: Stores) -> None:
    h = handlers(stores)
    theirs = await h.open_volume(opening(title="2026年市住建局来文", external=True, counterparty="市住建局"), ARCHIVIST)
    placed = await h.place_record(PlaceRecord(id=theirs.id, record_id=external(stores, "市住建局").id), ARCHIVIST)
    assert placed.archive_no == "WS-2026-001-1"
    with pytest.raises(RuleViolation) as err:
        await h.place_record(PlaceRecord(id=theirs.id, record_id=external(stores, "街道办").id), ARCHIVIST)
    assert err.value.code == "other_organisation" and err.value.rule_id == "ARC-02"
    with pytest.raises(RuleViolation) as apart:
        await h.place_record(PlaceRecord(id=theirs.id, record_id=shelved(stores).id), ARCHIVIST)
    assert apart.value.code == "internal_external_apart"


async def test_arc_02_an_external_volume_names_one_organisation_and_an_internal_one_none(stores: Stores) -> None:
    h = handlers(stores)
    with pytest.raises(InvalidInput):
        await h.open_volume(opening(external=True), ARCHIVIST)
    with pytest.raises(InvalidInput):
        await h.open_volume(opening(counterparty="市住建局"), ARCHIVIST)


async def test_arc_05_no_record_above_the_volumes_level_is_placed_in_it(stores: Stores) -> None:
    h = handlers(stores)
    volume = await h.open_volume(opening(), ARCHIVIST)
    secret = shelved(stores, confidentiality="confidential")
    with pytest.raises(RuleViolation) as err:
        await h.place_record(PlaceRecord(id=volume.id, record_id=secret.id), ARCHIVIST)
    assert err.value.code == "above_volume_level" and err.value.rule_id == "ARC-05"
    locked = await h.open_volume(opening(title="2026年公司密件", confidentiality="confidential"), ARCHIVIST)
    placed = await h.place_record(PlaceRecord(id=locked.id, record_id=secret.id), ARCHIVIST)
    assert placed.archive_no == "WS-2026-002-1"


async def test_arc_03_a_volume_title_says_what_is_inside_and_only_the_archivist_opens_one(stores: Stores) -> None:
    h = handlers(stores)
    with pytest.raises(InvalidInput) as err:
        await h.open_volume(opening(title="文件"), ARCHIVIST)
    assert err.value.rule_id == "ARC-03"
    with pytest.raises(InvalidInput):
        await h.open_volume(opening(year=2027), ARCHIVIST)  # T0 is in 2026
    with pytest.raises(Forbidden):
        await h.open_volume(opening(), AGENT)


async def test_a_destroyed_record_is_not_placed(stores: Stores) -> None:
    h = handlers(stores)
    volume = await h.open_volume(opening(), ARCHIVIST)
    made = shelved(stores)
    made.destroy(ARCHIVIST.actor, ref="d-1", method="shredding", policy=POLICY, now=T0.replace(year=2040))
    stores.records.append(made)
    with pytest.raises(IllegalRecordMove):
        await h.place_record(PlaceRecord(id=volume.id, record_id=made.id), ARCHIVIST)


async def test_arc_03_a_volume_is_full_at_the_policys_limit(stores: Stores) -> None:
    h = handlers(stores, CataloguePolicy(max_items=1))
    volume = await h.open_volume(opening(), ARCHIVIST)
    await h.place_record(PlaceRecord(id=volume.id, record_id=shelved(stores).id), ARCHIVIST)
    with pytest.raises(RuleViolation) as err:
        await h.place_record(PlaceRecord(id=volume.id, record_id=shelved(stores).id), ARCHIVIST)
    assert err.value.code == "volume_full"
