"""A terminal's batch (issue 11, item 2): checked whole before anything is written, item by
item through the single punch's rules; refused items say why, valid ones are recorded, a
punch id repeated in the batch or already stored is a duplicate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from attendance.punches.app.handlers import PunchHandlers
from attendance.punches.domain.batch import BatchItem, ItemOutcome, plan_batch
from attendance.punches.domain.commands import RecordPunchBatch
from attendance.punches.domain.model import Punch, punch_id_of
from attendance.punches.domain.policy import AttendancePolicy

from cskit.calls import Call
from cskit.domain import Actor, FrozenClock, InvalidInput

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
TERMINAL = Actor(subject="terminal-7", branch_id="b1", roles=frozenset({"terminal"}))
POLICY = AttendancePolicy(max_batch_punches=6)


def item(ref: str, employee: str = "emp-1", at: datetime | None = T0 - timedelta(minutes=1)) -> BatchItem:
    return BatchItem(employee_id=employee, source_punch_id=ref, device_time=at)


def test_ATT_01_a_batch_records_the_valid_items_and_refuses_the_malformed_ones_with_their_reason() -> None:
    items = [
        item("1"),
        item("2", employee=" "),
        item("3", at=None),
        item("4", at=datetime(2026, 11, 2, 9, 0)),  # no UTC offset
        item(""),
        item("6"),
    ]
    plan = plan_batch(actor=TERMINAL, device_id="T-01", items=items, now=T0, policy=POLICY)
    assert [(r.index, r.outcome, r.field) for r in plan.results] == [
        (0, ItemOutcome.RECORDED, ""),
        (1, ItemOutcome.REFUSED, "employee_id"),
        (2, ItemOutcome.REFUSED, "device_time"),
        (3, ItemOutcome.REFUSED, "device_time"),
        (4, ItemOutcome.REFUSED, "source_punch_id"),
        (5, ItemOutcome.RECORDED, ""),
    ]
    assert all(r.reason for r in plan.results if r.outcome is ItemOutcome.REFUSED)
    assert [p.source_punch_id for p in plan.punches] == ["1", "6"]
    assert plan.results[0].punch_id == punch_id_of("b1", "terminal", "T-01", "1")


def test_ATT_01_a_punch_id_repeated_in_the_batch_is_one_punch() -> None:
    plan = plan_batch(actor=TERMINAL, device_id="T-01", items=[item("1"), item("1"), item("2")], now=T0, policy=POLICY)
    assert [r.outcome for r in plan.results] == [ItemOutcome.RECORDED, ItemOutcome.DUPLICATE, ItemOutcome.RECORDED]
    assert plan.results[0].punch_id == plan.results[1].punch_id
    assert len(plan.punches) == 2


def test_ATT_01_a_batch_keeps_the_drift_bound_of_the_single_punch() -> None:
    late = T0 - POLICY.max_clock_drift - timedelta(seconds=1)
    plan = plan_batch(actor=TERMINAL, device_id="T-01", items=[item("1", at=late), item("2")], now=T0, policy=POLICY)
    assert [r.clock_drift_flagged for r in plan.results] == [True, False]
    assert (plan.punches[0].device_time, plan.punches[0].punched_at, plan.punches[0].received_at) == (late, T0, T0)


def test_a_batch_holds_one_to_the_policys_number_of_punches_and_names_its_terminal() -> None:
    with pytest.raises(InvalidInput, match="1 to 6"):
        plan_batch(actor=TERMINAL, device_id="T-01", items=[], now=T0, policy=POLICY)
    with pytest.raises(InvalidInput, match="1 to 6"):
        plan_batch(actor=TERMINAL, device_id="T-01", items=[item(str(i)) for i in range(7)], now=T0, policy=POLICY)
    with pytest.raises(InvalidInput, match="device_id"):
        plan_batch(actor=TERMINAL, device_id=" ", items=[item("1")], now=T0, policy=POLICY)


def test_settling_turns_the_candidates_already_stored_into_duplicates() -> None:
    plan = plan_batch(actor=TERMINAL, device_id="T-01", items=[item("1"), item("2")], now=T0, policy=POLICY)
    settled = plan.settle({plan.results[1].punch_id})
    assert [r.outcome for r in settled] == [ItemOutcome.DUPLICATE, ItemOutcome.RECORDED]


class MemoryBatches:
    """The batch port in memory: what a store keyed by punch id would insert."""

    def __init__(self) -> None:
        self.stored: dict[str, Punch] = {}
        self.commits = 0
        self._pending: dict[str, Punch] = {}

    def __call__(self, call: Call) -> MemoryBatches:
        return self

    async def __aenter__(self) -> MemoryBatches:
        self._pending = {}
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._pending = {}

    async def insert_new(self, punches: list[Punch]) -> set[str]:
        self._pending = {p.id: p for p in punches if p.id not in self.stored}
        return set(self._pending)

    async def commit(self, *, result_ref: str | None = None) -> None:
        self.stored |= self._pending
        self.commits += 1


async def test_ATT_01_a_batch_sent_again_or_overlapping_records_nothing_twice() -> None:
    batches = MemoryBatches()
    handlers = PunchHandlers(lambda call: None, FrozenClock(T0), POLICY, batches=batches)  # type: ignore[arg-type,return-value]
    call = Call(actor=TERMINAL)
    first = await handlers.record_punch_batch(RecordPunchBatch(device_id="T-01", punches=[item("1"), item("2")]), call)
    assert [r.outcome for r in first] == [ItemOutcome.RECORDED, ItemOutcome.RECORDED]
    again = await handlers.record_punch_batch(
        RecordPunchBatch(device_id="T-01", punches=[item("2"), item("3"), item("x", employee="")]), call
    )
    assert [r.outcome for r in again] == [ItemOutcome.DUPLICATE, ItemOutcome.RECORDED, ItemOutcome.REFUSED]
    assert sorted(p.source_punch_id for p in batches.stored.values()) == ["1", "2", "3"]
    assert batches.commits == 2


async def test_a_branchs_own_batch_limit_applies_to_its_terminals() -> None:
    small = AttendancePolicy(max_batch_punches=1)
    handlers = PunchHandlers(
        lambda call: None,  # type: ignore[arg-type,return-value]
        FrozenClock(T0),
        POLICY,
        batches=MemoryBatches(),
        policy_of=lambda branch: small if branch == "b1" else POLICY,
    )
    with pytest.raises(InvalidInput, match="1 to 1"):
        await handlers.record_punch_batch(
            RecordPunchBatch(device_id="T-01", punches=[item("1"), item("2")]), Call(actor=TERMINAL)
        )
