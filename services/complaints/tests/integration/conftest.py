"""The complaints service on real PostgreSQL, with a frozen clock the test moves."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from complaints.__main__ import MIGRATIONS
from complaints.bootstrap import Complaints, build
from complaints.domain.values import Category, Channel, Complainant, Demand, Intake, Severity, Target
from complaints.intake.app.ports import CallContext
from complaints.intake.domain.commands import FileComplaint
from complaints.settings import ComplaintsSettings
from cskit.db.migrations import upgrade
from cskit.domain import Actor, FrozenClock

AGENT_B1 = CallContext(actor=Actor(subject="agent-b1", branch_id="b1", roles=frozenset({"agent"}), grade=1))
AGENT_B2 = CallContext(actor=Actor(subject="agent-b2", branch_id="b2", roles=frozenset({"agent"}), grade=1))
HEAD_OFFICE = CallContext(
    actor=Actor(subject="gm", branch_id="hq", roles=frozenset({"general_manager"}), grade=9, head_office=True)
)


def intake(**changes: object) -> FileComplaint:
    data: dict[str, object] = {
        "channel": Channel.PHONE,
        "complainant": Complainant(name="Wang Li", contact="+86 138 0000 0000", address="Unit 3-1201"),
        "target": Target(department="maintenance"),
        "description": "The lift in block 3 has been broken for two days.",
        "demands": (Demand.COMPENSATION,),
        "category": Category.MAINTENANCE,
        "severity": Severity.ORDINARY,
    }
    data.update(changes)
    return FileComplaint(intake=Intake(**data))  # type: ignore[arg-type]


@pytest.fixture
async def service(pg_url: str, frozen_clock: FrozenClock) -> AsyncIterator[Complaints]:
    upgrade(MIGRATIONS, pg_url)
    app = build(ComplaintsSettings(database_url=pg_url), clock=frozen_clock)
    try:
        yield app
    finally:
        await app.database.dispose()


def hours(n: float) -> timedelta:
    return timedelta(hours=n)
