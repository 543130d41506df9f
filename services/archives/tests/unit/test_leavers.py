"""ARC-09 leavers, with in-memory fakes: a leaver with a file out is not cleared until it is
returned (the record lent and returned through the core's own methods), HR's other events are
skipped, and the envelope must agree with its payload."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from archives.leavers.app.handlers import RECHECK, LeaverHandlers
from archives.leavers.domain.commands import RecheckClearance
from archives.leavers.domain.model import OUT_STATES, ClearanceCase, Departure, LeaverFileOut
from archives.leavers.domain.policy import LeaversPolicy
from archives.leavers.events.inbound import departure_from
from archives.leavers.persistence.store import clearance_not_found
from archives.records.domain.model import ArchiveRecord
from archives.testing import ARCHIVIST, T0, record

from cs.hr.v1 import events_pb2 as hr
from cskit.domain import FrozenClock, InvalidInput
from cskit.messaging.envelope import Envelope
from cskit.testing.eventstore import InMemoryEventStore, InMemoryUnitOfWork

POLICY = LeaversPolicy(recheck_every=timedelta(minutes=30))


class FakeUoW(InMemoryUnitOfWork):
    def __init__(self, store: InMemoryEventStore[Any, Any], shelf: dict[str, ArchiveRecord], call: Any) -> None:
        super().__init__(call.scope)
        self.cases = self.repository(store)
        self.shelf = shelf
        self.timers: list[tuple[str, str, datetime | None]] = []

    async def files_out(self, branch_id: str, employee_id: str) -> list[LeaverFileOut]:
        return [
            LeaverFileOut(
                record_id=r.id,
                archive_no=r.archive_no,
                category=r.category.value,
                state=r.state.value,
                ref=r.ref,
                due_at=r.due_at,
            )
            for r in self.shelf.values()
            if r.branch_id == branch_id and r.borrower == employee_id and r.state.value in OUT_STATES
        ]

    def schedule_timer(
        self, kind: str, subject: str, due_at: datetime, payload: dict[str, object] | None = None
    ) -> None:
        self.timers.append((kind, subject, due_at))

    def cancel_timer(self, kind: str, subject: str) -> None:
        self.timers.append((kind, subject, None))


def departure(employee: str = "emp-7") -> Departure:
    return Departure(
        event_id="hr-1", employee_id=employee, branch_id="b1", last_day="2026-11-30", reason="resigned", occurred_at=T0
    )


async def test_ARC_09_a_leaver_with_one_file_out_is_not_cleared_until_it_is_returned() -> None:
    clock = FrozenClock(T0)
    store = InMemoryEventStore.of(ClearanceCase, clearance_not_found)
    shelf: dict[str, ArchiveRecord] = {}
    file = record("contract")
    file.pull_pending()
    file.lend(ARCHIVIST.actor, ref="loan-1", borrower="emp-7", due_at=T0 + timedelta(days=7), in_place=False, now=T0)
    other = record("contract")
    other.lend(ARCHIVIST.actor, ref="loan-2", borrower="emp-8", due_at=T0 + timedelta(days=7), in_place=False, now=T0)
    shelf[file.id], shelf[other.id] = file, other
    uows: list[FakeUoW] = []

    def uow(call: Any) -> FakeUoW:
        made = FakeUoW(store, shelf, call)
        uows.append(made)
        return made

    handlers = LeaverHandlers(uow, clock, POLICY)
    assert await handlers.open_case(departure(), ARCHIVIST, uow(ARCHIVIST))
    assert not await handlers.open_case(departure(), ARCHIVIST, uow(ARCHIVIST))  # delivered twice: one case
    case_id = departure().case_id
    case = await store.load(case_id, ARCHIVIST.scope)
    assert not case.cleared
    assert [f.record_id for f in case.outstanding] == [file.id]  # only the leaver's own file
    assert [type(e).__name__ for e in store.published] == ["LeaverNotCleared"]
    assert uows[0].timers == [(RECHECK, case_id, T0 + timedelta(minutes=30))]

    # The timer's re-check while the file is still out: no new answer, the timer moves on.
    clock.advance(timedelta(minutes=30))
    again = await handlers.recheck(case_id, ARCHIVIST, uow(ARCHIVIST))
    assert not again.cleared and len(store.published) == 1
    assert uows[-1].timers == [(RECHECK, case_id, clock.now() + timedelta(minutes=30))]

    file.return_(ARCHIVIST.actor, ref="loan-1", condition="good", now=clock.now())
    cleared = await handlers.recheck_clearance(RecheckClearance(id=case_id), ARCHIVIST)
    assert cleared.cleared and cleared.outstanding == ()
    assert [type(e).__name__ for e in store.published] == ["LeaverNotCleared", "LeaverCleared"]
    assert uows[-1].timers == [(RECHECK, case_id, None)]
    # Cleared once: a later re-check answers nothing more.
    await handlers.recheck(case_id, ARCHIVIST, uow(ARCHIVIST))
    assert len(store.published) == 2


def test_ARC_09_a_leaver_with_nothing_out_is_cleared_at_once_and_a_lost_file_keeps_the_case_open() -> None:
    files = [
        LeaverFileOut(record_id="r1", archive_no="", category="contract", state="missing", ref="loan-1", due_at=None)
    ]
    case = ClearanceCase.open(departure(), [], actor="system", now=T0)
    assert case.cleared and [type(e).__name__ for e in case.pending] == ["LeaverCleared"]
    lost = ClearanceCase.open(departure(), files, actor="system", now=T0)
    assert not lost.cleared
    assert not lost.recheck(files, actor="system", now=T0)
    assert [type(e).__name__ for e in lost.pending] == ["LeaverNotCleared"]  # same list: no new answer


def envelope(message: Any, *, subject: str = "emp-7", branch: str = "b1") -> Envelope:
    return Envelope.new(
        message, source="hr", subject=subject, branch_id=branch, time=datetime(2026, 11, 30, tzinfo=UTC)
    )


def test_ARC_09_only_employee_left_opens_a_case_and_the_envelope_must_agree() -> None:
    left = hr.EmployeeLeft(
        event_id="hr-1", employee_id="emp-7", branch_id="b1", last_day="2026-11-30", reason="resigned"
    )
    taken = departure_from(envelope(left))
    assert taken is not None and (taken.employee_id, taken.last_day) == ("emp-7", "2026-11-30")
    assert departure_from(envelope(hr.EmployeeJoined(event_id="hr-2", employee_id="emp-7", branch_id="b1"))) is None
    assert departure_from(envelope(hr.EmployeeMoved(event_id="hr-3", employee_id="emp-7", branch_id="b1"))) is None
    with pytest.raises(InvalidInput):
        departure_from(envelope(left, subject="emp-8"))
    with pytest.raises(InvalidInput):
        departure_from(envelope(left, branch="b2"))
    bad_day = hr.EmployeeLeft(event_id="hr-1", employee_id="emp-7", branch_id="b1", last_day="30/11/2026")
    with pytest.raises(InvalidInput):
        departure_from(envelope(bad_day))
