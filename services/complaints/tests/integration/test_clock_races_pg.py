"""A user's command racing the service's own clock timer on one case, on real PostgreSQL.

Before the kit's write-conflict retry, most accepts that landed while the timer recorded a
breach on the same case answered ``write_conflict``/``concurrent_change`` (409) although the
user saw nothing stale. Now the loser re-runs from a fresh load, so nobody sees a 409.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from complaints.bootstrap import Complaints
from complaints.domain.states import Status
from complaints.domain.values import ClockKind
from complaints.intake.domain import commands as c
from complaints.intake.domain.events import ClockBreached, ComplaintAccepted
from complaints.persistence.streams import COMPLAINTS
from cskit.domain import FrozenClock

from .conftest import AGENT_B1, hours, intake

pytestmark = pytest.mark.integration

CASES = 20


async def _drain_timers(app: Complaints) -> int:
    fired = 0
    while (n := await app.timers.run_once()) > 0:
        fired += n
    return fired


async def test_cmp_04_accepts_racing_the_clock_timer_never_answer_409(
    service: Complaints, frozen_clock: FrozenClock
) -> None:
    made = [await service.handlers.file_complaint(intake(), AGENT_B1) for _ in range(CASES)]
    # Every first-reply clock is now due: the timer writes a ClockBreached on each case while
    # the users accept the same cases.
    frozen_clock.advance(hours(2) + timedelta(seconds=1))
    accepts = [service.handlers.accept_complaint(c.AcceptComplaint(complaint_id=x.id), AGENT_B1) for x in made]
    results = await asyncio.gather(*accepts, _drain_timers(service), _drain_timers(service), return_exceptions=True)
    failures = [r for r in results if isinstance(r, BaseException)]
    assert failures == []
    for x in made:
        # The history itself (reads answer from the read model, which holds none).
        async with service.database.async_sessions()() as session:
            after = await COMPLAINTS.load(session, x.id, AGENT_B1.scope)
        assert after.status is Status.ACCEPTED
        assert (await service.servicer.reader.get(x.id, AGENT_B1.scope)).snapshot() == after.snapshot()
        breaches = [e for e in after.history if isinstance(e, ClockBreached) and e.kind is ClockKind.FIRST_REPLY]
        assert len(breaches) == 1, after.history  # recorded once, by whichever writer came first
        assert sum(isinstance(e, ComplaintAccepted) for e in after.history) == 1
    assert await _drain_timers(service) == 0  # nothing left over for a slow retry later


async def test_two_users_adding_notes_at_once_both_succeed_in_order(service: Complaints) -> None:
    """Neither user expected a version: both notes are kept, none overwritten, none refused."""
    x = await service.handlers.file_complaint(intake(), AGENT_B1)
    notes = [
        service.handlers.add_progress_note(c.AddProgressNote(complaint_id=x.id, message=f"note {i}"), AGENT_B1)
        for i in range(10)
    ]
    await asyncio.gather(*notes)
    after = await service.servicer.reader.get(x.id, AGENT_B1.scope)
    assert sorted(n.message for n in after.notes) == sorted(f"note {i}" for i in range(10))
