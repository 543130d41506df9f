"""Fixtures for the complaints domain tests: a desk that files and drives complaints."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from complaints.domain.states import Status
from complaints.domain.values import Category, Channel, Complainant, Demand, Intake, Severity, Target
from complaints.intake.domain.model import Complaint
from complaints.intake.domain.policy import DEFAULT_POLICY, ComplaintPolicy
from cskit.domain import Actor

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # Monday 09:00 in Asia/Shanghai


class Desk:
    """Builds complaints at known times; ``at(h)`` is ``h`` hours after T0."""

    t0 = T0
    agent = Actor(subject="agent-1", branch_id="B1", roles=frozenset({"agent"}))
    lead = Actor(subject="lead-1", branch_id="B1", roles=frozenset({"team_lead"}))

    def at(self, hours: float = 0, *, seconds: float = 0) -> datetime:
        return T0 + timedelta(hours=hours, seconds=seconds)

    def intake(self, **changes: Any) -> Intake:
        base = Intake(
            channel=Channel.PHONE,
            complainant=Complainant(name="Wang Li", contact="+86 138 0000 0000", address="Unit 3-1201"),
            target=Target(department="maintenance"),
            description="The lift in block 3 has been broken for two days.",
            demands=(Demand.CRITICISM_OR_SUGGESTION,),
            category=Category.MAINTENANCE,
            severity=Severity.ORDINARY,
            received_at=T0,
        )
        return replace(base, **changes)

    def file(
        self,
        policy: ComplaintPolicy = DEFAULT_POLICY,
        sequence: int = 42,
        now: datetime = T0,
        **changes: Any,
    ) -> Complaint:
        return Complaint.file(
            complaint_id="c-1",
            branch_id="B1",
            sequence=sequence,
            actor=self.agent,
            intake=self.intake(**changes),
            policy=policy,
            now=now,
        )

    def in_status(self, status: Status, policy: ComplaintPolicy = DEFAULT_POLICY, **changes: Any) -> Complaint:
        """A complaint brought to ``status`` by the ordinary path, all within the first hour."""
        c = self.file(policy, **changes)
        a, t = self.agent, self.at
        if status is Status.REJECTED:
            c.reject(a, "Not our property", t(0.1))
        elif status is not Status.RECEIVED:
            c.accept(a, "", t(0.1))
        if status is Status.IN_PROGRESS:
            c.reply(a, "Engineer on the way", t(2), t(0.2))
        if status in (Status.RESOLVED, Status.VISITED, Status.CLOSED):
            c.resolve(a, "Lift repaired", t(0.3))
        if status is Status.VISITED:
            c.record_return_visit(a, True, 5, "", t(0.4))
        if status is Status.CLOSED:
            c.record_return_visit(a, True, 5, "", t(0.4))
            c.close(a, "Done", t(0.5))
        assert c.status is status
        return c


@pytest.fixture
def desk() -> Desk:
    return Desk()
