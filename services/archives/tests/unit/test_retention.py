"""Retention without a database (the kit's in-memory event store): sealing into a bag after
the sealing year, all or nothing (ARC-04); holds (ARC-11); the destruction workflow with its
checks at proposal and again at execution, its approval (never the proposer), its method
(shredding for confidential and secret) and its destruction record (ARC-11); complaint files
kept at least a year whatever is set or asked (ARC-13)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from archives.domain.categories import Category, RecordState
from archives.domain.policy import ArchivesPolicy
from archives.records.domain.model import ArchiveRecord
from archives.retention.app.handlers import RetentionHandlers
from archives.retention.domain.commands import (
    ApproveDestruction,
    ExecuteDestruction,
    PlaceHold,
    ProposeDestruction,
    RejectDestruction,
    ReleaseHold,
    SealRecords,
)
from archives.retention.domain.destruction import DestructionProposal, ProposalState
from archives.retention.domain.events import DestructionExecuted, HoldPlaced
from archives.retention.domain.holds import Hold, HoldState
from archives.retention.domain.policy import RetentionPolicy
from archives.retention.domain.sealing import Sealing
from archives.settings import ArchivesSettings
from archives.testing import ARCHIVIST, GM, LEAD, MANAGER, OTHER_BRANCH, POLICY, T0, call, record
from pydantic import ValidationError

from cskit.calls import Call
from cskit.domain import Forbidden, FrozenClock, InvalidInput, NotFound, RuleViolation
from cskit.domain.transitions import IllegalMove
from cskit.testing.eventstore import IdempotencyMemory, InMemoryEventStore, InMemoryUnitOfWork

DOC_DAY = date(2020, 3, 10)  # company documents: 10 years -> 2030-03-10; sealing: 2021-03-10
LEGAL = call("legal-1", "legal")
ARCHIVIST_2 = call("archivist-9", "archivist")


def not_found(record_id: str) -> NotFound:
    return NotFound(f"{record_id} not found", code="record_not_found")


def at_local(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=POLICY.zone).astimezone(UTC)


class Stores:
    def __init__(self) -> None:
        self.records: InMemoryEventStore[Any, Any] = InMemoryEventStore.of(ArchiveRecord, not_found)
        self.sealings: InMemoryEventStore[Any, Any] = InMemoryEventStore.of(Sealing, not_found)
        self.holds: InMemoryEventStore[Any, Any] = InMemoryEventStore.of(Hold, not_found)
        self.destructions: InMemoryEventStore[Any, Any] = InMemoryEventStore.of(DestructionProposal, not_found)
        self.keys = IdempotencyMemory()

    def add(self, *records: ArchiveRecord) -> list[str]:
        for r in records:
            self.records.append(r)
        return [r.id for r in records]


class MemoryRetentionUnitOfWork(InMemoryUnitOfWork):
    def __init__(self, stores: Stores, c: Call) -> None:
        super().__init__(c.scope, keys=stores.keys)
        self.records = self.repository(stores.records)
        self.sealings = self.repository(stores.sealings)
        self.holds = self.repository(stores.holds)
        self.destructions = self.repository(stores.destructions)

    async def records_of(self, record_ids: Any) -> list[ArchiveRecord]:
        return [await self.records.get(i) for i in record_ids]


@pytest.fixture
def stores() -> Stores:
    return Stores()


def handlers(stores: Stores, clock: FrozenClock, archives: ArchivesPolicy = POLICY, **kw: Any) -> RetentionHandlers:
    return RetentionHandlers(lambda c: MemoryRetentionUnitOfWork(stores, c), clock, archives, RetentionPolicy(**kw))


async def stored(stores: Stores, ident: str) -> ArchiveRecord:
    return await stores.records.read(ident, ARCHIVIST.scope)


def filed(category: str = "company_document", day: date = DOC_DAY, **kw: Any) -> ArchiveRecord:
    return record(category, document_date=day, now=at_local(day), **kw)


# -- sealing (ARC-04) ------------------------------------------------------------------------


async def test_ARC_04_records_are_sealed_into_one_bag_from_their_sealing_day(stores: Stores) -> None:
    ids = stores.add(filed(), filed(day=DOC_DAY + timedelta(days=1)))
    clock = FrozenClock(at_local(date(2021, 3, 11)))
    sealing = await handlers(stores, clock).seal_records(
        SealRecords(bag_number="BAG-7", record_ids=tuple(ids)), ARCHIVIST
    )
    assert (sealing.bag_number, sealing.record_ids, sealing.sealed_by) == ("BAG-7", tuple(ids), "archivist-1")
    for ident in ids:
        r = await stored(stores, ident)
        assert r.bag_number == "BAG-7"
        history = await stores.records.history(ident, ARCHIVIST.scope)
        assert history[-1].ref == sealing.id  # the record's own history names the sealing (ARC-12)


async def test_ARC_04_one_record_not_due_refuses_the_whole_bag(stores: Stores) -> None:
    due, early = filed(), filed(day=date(2020, 3, 12))
    ids = stores.add(due, early)
    clock = FrozenClock(at_local(date(2021, 3, 11)))  # the second is due on 2021-03-12
    with pytest.raises(RuleViolation) as err:
        await handlers(stores, clock).seal_records(SealRecords(bag_number="BAG-1", record_ids=tuple(ids)), ARCHIVIST)
    assert (err.value.code, err.value.rule_id) == ("not_due_for_sealing", "ARC-04")
    assert not (await stored(stores, due.id)).bag_number  # nothing of the bag was kept
    assert stores.sealings.published == []


async def test_ARC_04_only_the_archivist_seals_and_not_twice(stores: Stores) -> None:
    ids = stores.add(filed())
    clock = FrozenClock(at_local(date(2022, 1, 1)))
    with pytest.raises(Forbidden):
        await handlers(stores, clock).seal_records(SealRecords(bag_number="B", record_ids=tuple(ids)), MANAGER)
    await handlers(stores, clock).seal_records(SealRecords(bag_number="B", record_ids=tuple(ids)), ARCHIVIST)
    with pytest.raises(RuleViolation) as err:
        await handlers(stores, clock).seal_records(SealRecords(bag_number="C", record_ids=tuple(ids)), ARCHIVIST)
    assert err.value.code == "already_sealed"


async def test_ARC_04_a_bag_names_records_and_a_number(stores: Stores) -> None:
    clock = FrozenClock(T0)
    with pytest.raises(InvalidInput):
        await handlers(stores, clock).seal_records(SealRecords(bag_number="B", record_ids=()), ARCHIVIST)
    ids = stores.add(filed())
    with pytest.raises(InvalidInput):
        await handlers(stores, clock).seal_records(SealRecords(bag_number="  ", record_ids=tuple(ids)), ARCHIVIST)


def test_ARC_04_the_sealing_list_runs_daily_at_the_local_time() -> None:
    policy = RetentionPolicy(sealing_list_at=time(6, 0))
    before = at_local(date(2026, 11, 2), 5)
    assert policy.next_sealing_list(before) == at_local(date(2026, 11, 2), 6)
    assert policy.next_sealing_list(at_local(date(2026, 11, 2), 6)) == at_local(date(2026, 11, 3), 6)


# -- holds (ARC-11) --------------------------------------------------------------------------


async def test_ARC_11_a_hold_keeps_records_past_retention_until_released(stores: Stores) -> None:
    old = filed()
    ids = stores.add(old)
    clock = FrozenClock(at_local(date(2031, 1, 1)))  # past 2030-03-10
    hold = await handlers(stores, clock).place_hold(PlaceHold(reason="dispute 12", record_ids=tuple(ids)), LEGAL)
    assert (hold.placed_by, hold.placed_as, hold.state) == ("legal-1", "legal", HoldState.ACTIVE)
    assert isinstance(stores.holds.published[0], HoldPlaced)
    with pytest.raises(RuleViolation) as err:
        await handlers(stores, clock).propose_destruction(
            ProposeDestruction(method="pulping", reason="past retention", record_ids=tuple(ids)), ARCHIVIST
        )
    assert (err.value.code, err.value.rule_id) == ("on_hold", "ARC-11")
    released = await handlers(stores, clock).release_hold(ReleaseHold(id=hold.id, note="settled"), MANAGER)
    assert (released.state, released.released_by, released.released_as) == (HoldState.RELEASED, "manager-1", "manager")
    assert (await stored(stores, old.id)).holds == ()
    proposal = await handlers(stores, clock).propose_destruction(
        ProposeDestruction(method="pulping", reason="past retention", record_ids=tuple(ids)), ARCHIVIST
    )
    assert proposal.state is ProposalState.PROPOSED


async def test_ARC_11_only_keepers_place_and_release_holds(stores: Stores) -> None:
    ids = stores.add(filed())
    clock = FrozenClock(T0)
    with pytest.raises(Forbidden):
        await handlers(stores, clock).place_hold(PlaceHold(reason="audit", record_ids=tuple(ids)), LEAD)
    hold = await handlers(stores, clock).place_hold(PlaceHold(reason="audit", record_ids=tuple(ids)), ARCHIVIST)
    with pytest.raises(Forbidden):
        await handlers(stores, clock).release_hold(ReleaseHold(id=hold.id), GM)
    await handlers(stores, clock).release_hold(ReleaseHold(id=hold.id), ARCHIVIST)
    with pytest.raises(IllegalMove):
        await handlers(stores, clock).release_hold(ReleaseHold(id=hold.id), call("archivist-3", "archivist"))


async def test_ARC_11_another_branchs_records_are_not_found(stores: Stores) -> None:
    ids = stores.add(filed())
    with pytest.raises(NotFound):
        await handlers(stores, FrozenClock(T0)).place_hold(PlaceHold(reason="x", record_ids=tuple(ids)), OTHER_BRANCH)


# -- destruction (ARC-11, ARC-13) ------------------------------------------------------------


async def propose(stores: Stores, clock: FrozenClock, ids: list[str], method: str = "pulping") -> DestructionProposal:
    return await handlers(stores, clock).propose_destruction(
        ProposeDestruction(method=method, reason="past retention", record_ids=tuple(ids)), ARCHIVIST
    )


async def test_ARC_11_destroying_one_day_before_retention_ends_is_refused(stores: Stores) -> None:
    r = filed()
    ids = stores.add(r)
    assert r.retain_until == date(2030, 3, 10)
    clock = FrozenClock(at_local(date(2030, 3, 9), 23))  # the last day under retention, local time
    with pytest.raises(RuleViolation) as err:
        await propose(stores, clock, ids)
    assert (err.value.code, err.value.rule_id) == ("under_retention", "ARC-11")
    clock.set(at_local(date(2030, 3, 10), 0))  # its first day past retention
    assert (await propose(stores, clock, ids)).record_ids == tuple(ids)


async def test_ARC_11_the_whole_workflow_writes_the_destruction_record(stores: Stores) -> None:
    a, b = filed(), filed(confidentiality="confidential")
    ids = stores.add(a, b)
    clock = FrozenClock(at_local(date(2030, 4, 1)))
    proposal = await propose(stores, clock, ids, method="shredding")
    with pytest.raises(Forbidden):  # a team lead is below the approvers
        await handlers(stores, clock).approve_destruction(ApproveDestruction(id=proposal.id), LEAD)
    with pytest.raises(IllegalMove):  # not approved yet
        await handlers(stores, clock).execute_destruction(
            ExecuteDestruction(id=proposal.id, witnesses=("clerk-2",)), ARCHIVIST
        )
    approved = await handlers(stores, clock).approve_destruction(ApproveDestruction(id=proposal.id, note="ok"), MANAGER)
    assert (approved.state, approved.approved_by, approved.approved_as) == (
        ProposalState.APPROVED,
        "manager-1",
        "manager",
    )
    clock.advance(timedelta(days=1))
    done = await handlers(stores, clock).execute_destruction(
        ExecuteDestruction(id=proposal.id, witnesses=("clerk-2", "manager-1")), ARCHIVIST
    )
    assert (done.state, done.destroyed_by, done.witnesses) == (
        ProposalState.EXECUTED,
        "archivist-1",
        ("clerk-2", "manager-1"),
    )
    assert [(line.record_id, line.method, line.destroyed_at) for line in done.destroyed] == [
        (a.id, "shredding", clock.now()),
        (b.id, "shredding", clock.now()),
    ]
    executed = stores.destructions.published[-1]
    assert isinstance(executed, DestructionExecuted) and executed.witnesses == ("clerk-2", "manager-1")
    for ident in ids:
        r = await stored(stores, ident)
        history = await stores.records.history(ident, ARCHIVIST.scope)
        assert (r.state, r.destruction_method, history[-1].ref) == (RecordState.DESTROYED, "shredding", proposal.id)


async def test_ARC_11_the_approver_is_never_the_proposer(stores: Stores) -> None:
    ids = stores.add(filed())
    clock = FrozenClock(at_local(date(2030, 4, 1)))
    both = call("boss-1", "archivist", "manager")
    proposal = await handlers(stores, clock).propose_destruction(
        ProposeDestruction(method="pulping", reason="r", record_ids=tuple(ids)), both
    )
    with pytest.raises(Forbidden) as err:
        await handlers(stores, clock).approve_destruction(ApproveDestruction(id=proposal.id), both)
    assert err.value.code == "self_approval"
    with pytest.raises(Forbidden):
        await handlers(stores, clock).reject_destruction(RejectDestruction(id=proposal.id, reason="no"), both)


async def test_ARC_11_the_approver_roles_are_configurable(stores: Stores) -> None:
    ids = stores.add(filed())
    clock = FrozenClock(at_local(date(2030, 4, 1)))
    proposal = await propose(stores, clock, ids)
    only_gm = handlers(stores, clock, approvers=frozenset({"general_manager"}))
    with pytest.raises(Forbidden):
        await only_gm.approve_destruction(ApproveDestruction(id=proposal.id), MANAGER)
    assert (await only_gm.approve_destruction(ApproveDestruction(id=proposal.id), GM)).approved_as == "general_manager"


async def test_ARC_11_a_rejected_proposal_destroys_nothing(stores: Stores) -> None:
    ids = stores.add(filed())
    clock = FrozenClock(at_local(date(2030, 4, 1)))
    proposal = await propose(stores, clock, ids)
    rejected = await handlers(stores, clock).reject_destruction(RejectDestruction(id=proposal.id, reason="keep"), GM)
    assert (rejected.state, rejected.rejected_by) == (ProposalState.REJECTED, "gm-1")
    with pytest.raises(IllegalMove):
        await handlers(stores, clock).execute_destruction(
            ExecuteDestruction(id=proposal.id, witnesses=("c-2",)), ARCHIVIST
        )
    assert (await stored(stores, ids[0])).state is RecordState.ON_SHELF


async def test_ARC_11_confidential_files_are_shredded_refused_early_at_the_proposal(stores: Stores) -> None:
    ids = stores.add(filed(confidentiality="secret"))
    clock = FrozenClock(at_local(date(2030, 4, 1)))
    with pytest.raises(RuleViolation) as err:
        await propose(stores, clock, ids, method="pulping")
    assert (err.value.code, err.value.rule_id) == ("shredding_required", "ARC-11")
    with pytest.raises(InvalidInput):
        await propose(stores, clock, ids, method="bin")
    assert stores.destructions.published == []


async def test_ARC_11_a_destruction_is_witnessed_by_another_person(stores: Stores) -> None:
    ids = stores.add(filed())
    clock = FrozenClock(at_local(date(2030, 4, 1)))
    proposal = await propose(stores, clock, ids)
    await handlers(stores, clock).approve_destruction(ApproveDestruction(id=proposal.id), MANAGER)
    for witnesses in ((), ("archivist-1",), ("archivist-1", "clerk-2"), ("bad witness",)):
        with pytest.raises(InvalidInput):
            await handlers(stores, clock).execute_destruction(
                ExecuteDestruction(id=proposal.id, witnesses=witnesses), ARCHIVIST
            )
    with pytest.raises(Forbidden):  # the approver does not destroy
        await handlers(stores, clock).execute_destruction(
            ExecuteDestruction(id=proposal.id, witnesses=("c-2",)), MANAGER
        )


async def test_ARC_11_a_record_held_after_approval_is_refused_at_execution(stores: Stores) -> None:
    a, b = filed(), filed()
    ids = stores.add(a, b)
    clock = FrozenClock(at_local(date(2030, 4, 1)))
    proposal = await propose(stores, clock, ids)
    await handlers(stores, clock).approve_destruction(ApproveDestruction(id=proposal.id), MANAGER)
    await handlers(stores, clock).place_hold(PlaceHold(reason="new claim", record_ids=(b.id,)), LEGAL)
    with pytest.raises(RuleViolation) as err:
        await handlers(stores, clock).execute_destruction(
            ExecuteDestruction(id=proposal.id, witnesses=("clerk-2",)), ARCHIVIST_2
        )
    assert (err.value.code, err.value.rule_id) == ("on_hold", "ARC-11")
    assert (await stored(stores, a.id)).state is RecordState.ON_SHELF  # all or nothing
    assert (await stores.destructions.read(proposal.id, ARCHIVIST.scope)).state is ProposalState.APPROVED


async def test_ARC_11_a_record_above_the_callers_clearance_is_not_found(stores: Stores) -> None:
    ids = stores.add(filed(confidentiality="secret"))
    with pytest.raises(NotFound):
        await handlers(stores, FrozenClock(T0)).place_hold(PlaceHold(reason="audit", record_ids=tuple(ids)), MANAGER)


async def test_ARC_13_complaint_files_are_kept_a_year_even_if_the_setting_asks_less(stores: Stores) -> None:
    lax = ArchivesPolicy(retention_years={Category.COMPLAINT_RECORD: 0}, complaint_minimum_years=1)
    day = date(2025, 6, 1)
    r = record("complaint_record", document_date=day, now=at_local(day), policy=lax)
    assert (r.retention_years, r.retain_until) == (1, date(2026, 6, 1))
    ids = stores.add(r)
    clock = FrozenClock(at_local(date(2026, 5, 31)))
    with pytest.raises(RuleViolation) as err:
        await handlers(stores, clock, archives=lax).propose_destruction(
            ProposeDestruction(method="shredding", reason="r", record_ids=tuple(ids)), ARCHIVIST
        )
    assert (err.value.code, err.value.rule_id) == ("under_retention", "ARC-13")
    clock.set(at_local(date(2026, 6, 1)))
    assert (
        await handlers(stores, clock, archives=lax).propose_destruction(
            ProposeDestruction(method="shredding", reason="r", record_ids=tuple(ids)), ARCHIVIST
        )
    ).state is ProposalState.PROPOSED


def test_ARC_13_no_setting_or_request_shortens_a_complaint_files_year() -> None:
    with pytest.raises(ValidationError):
        ArchivesSettings(retention_years={Category.COMPLAINT_RECORD: 0})
    with pytest.raises(ValidationError):
        ArchivesSettings(complaint_minimum_years=0)
    policy = ArchivesSettings(retention_years={Category.COMPLAINT_RECORD: 1}).policy()
    assert policy.retention_of(Category.COMPLAINT_RECORD, requested=0) == 1
    assert policy.retention_of(Category.COMPLAINT_RECORD, requested=3) == 3


async def test_ARC_13_a_complaint_record_is_checked_again_at_execution(stores: Stores) -> None:
    """The proposal is made when due; a moved-back clock at execution is refused by destroy."""
    day = date(2025, 6, 1)
    ids = stores.add(record("complaint_record", document_date=day, now=at_local(day)))
    clock = FrozenClock(at_local(date(2026, 6, 2)))
    proposal = await propose(stores, clock, ids, method="shredding")
    await handlers(stores, clock).approve_destruction(ApproveDestruction(id=proposal.id), MANAGER)
    clock.set(at_local(date(2026, 5, 31)))
    with pytest.raises(RuleViolation) as err:
        await handlers(stores, clock).execute_destruction(
            ExecuteDestruction(id=proposal.id, witnesses=("clerk-2",)), ARCHIVIST
        )
    assert err.value.rule_id == "ARC-13"


def test_ARC_11_the_retention_settings_reach_the_policy() -> None:
    from archives.retention.wiring import policy_of
    from archives.wiring import Wiring

    from cskit.pagination import PageTokens

    settings = ArchivesSettings(
        destruction_approver_roles=frozenset({"general_manager"}), sealing_list_at=time(7, 30), retention_max_records=5
    )
    policy = policy_of(Wiring(None, FrozenClock(T0), PageTokens("k" * 32), settings.policy(), settings))  # type: ignore[arg-type]
    assert (policy.approvers, policy.sealing_list_at, policy.max_records) == (
        frozenset({"general_manager"}),
        time(7, 30),
        5,
    )
    with pytest.raises(ValidationError):
        ArchivesSettings(destruction_approver_roles=frozenset())
