"""The case gauges count what the database holds, per branch (dashboards read them)."""

from __future__ import annotations

import pytest

from complaints.bootstrap import Complaints
from complaints.domain.values import Category
from complaints.intake.domain import commands as c
from complaints.observability import CLOCKS_RUNNING, OPEN_CASES, TIME_TO_CLOSE
from cskit.domain import FrozenClock

from .conftest import AGENT_B1, AGENT_B2, hours, intake

pytestmark = pytest.mark.integration


async def test_open_cases_and_running_clocks_are_counted_per_branch(
    service: Complaints, frozen_clock: FrozenClock
) -> None:
    await service.handlers.file_complaint(intake(), AGENT_B1)
    x = await service.handlers.file_complaint(intake(), AGENT_B1)
    await service.handlers.file_complaint(intake(), AGENT_B2)
    await service.handlers.accept_complaint(c.AcceptComplaint(complaint_id=x.id), AGENT_B1)
    frozen_clock.advance(hours(3))
    await service.refresh_gauges()
    assert OPEN_CASES.labels("b1", "received")._value.get() == 1
    assert OPEN_CASES.labels("b1", "accepted")._value.get() == 1
    assert OPEN_CASES.labels("b2", "received")._value.get() == 1
    # Three hours on, no reply: every first-reply clock is past its deadline (CMP-04).
    assert CLOCKS_RUNNING.labels("first_reply", "b1", "true")._value.get() == 2
    assert CLOCKS_RUNNING.labels("closure", "b1", "false")._value.get() == 2


async def test_cmp_04_time_to_close_is_observed_when_a_case_closes(
    service: Complaints, frozen_clock: FrozenClock
) -> None:
    x = await service.handlers.file_complaint(intake(category=Category.CONSULTING), AGENT_B1)
    before = TIME_TO_CLOSE.labels("communicative")._sum.get()
    await service.handlers.accept_complaint(c.AcceptComplaint(complaint_id=x.id), AGENT_B1)
    # Resolved within the 2-hour reply clock: a breach would make it valid (CMP-02) and due a visit.
    frozen_clock.advance(hours(1))
    await service.handlers.resolve_complaint(c.ResolveComplaint(complaint_id=x.id, resolution="explained"), AGENT_B1)
    frozen_clock.advance(hours(4))
    await service.handlers.close_complaint(c.CloseComplaint(complaint_id=x.id), AGENT_B1)
    assert TIME_TO_CLOSE.labels("communicative")._sum.get() == before + 5 * 3600
