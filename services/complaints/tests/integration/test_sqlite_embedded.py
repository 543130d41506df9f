"""The embedded default (SQLite): concurrent intake in one process queues instead of failing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from complaints.__main__ import MIGRATIONS
from complaints.bootstrap import build
from complaints.settings import ComplaintsSettings
from cskit.db.migrations import upgrade
from cskit.domain import FrozenClock

from .conftest import AGENT_B1, intake

pytestmark = pytest.mark.integration


async def test_cmp_01_concurrent_intake_on_sqlite_numbers_every_case_once(
    tmp_path: Path, frozen_clock: FrozenClock
) -> None:
    url = f"sqlite:///{tmp_path / 'complaints.db'}"
    upgrade(MIGRATIONS, url)
    app = build(ComplaintsSettings(database_url=url), clock=frozen_clock)
    try:
        made = await asyncio.gather(*(app.handlers.file_complaint(intake(), AGENT_B1) for _ in range(25)))
    finally:
        await app.database.dispose()
    numbers = sorted(x.number for x in made)
    assert len(set(numbers)) == 25
    assert numbers[-1].endswith("-00025")
