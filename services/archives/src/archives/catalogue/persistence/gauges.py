"""The catalogue's gauges from the database, so every replica reports the same complete numbers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from archives.catalogue.persistence.rows import VolumeRow
from archives.observability import UNPLACED, VOLUMES
from archives.records.persistence.rows import RecordRow


async def refresh_catalogue_gauges(engine: AsyncEngine, now: datetime) -> None:
    async with engine.connect() as conn:
        unplaced = (
            await conn.execute(
                select(RecordRow.branch_id, func.count())
                .where(RecordRow.volume_id == "", RecordRow.state != "destroyed")
                .group_by(RecordRow.branch_id)
            )
        ).all()
        volumes = (
            await conn.execute(
                select(VolumeRow.branch_id, VolumeRow.category, func.count()).group_by(
                    VolumeRow.branch_id, VolumeRow.category
                )
            )
        ).all()
    UNPLACED.clear()
    for branch, count in unplaced:
        UNPLACED.labels(branch).set(count)
    VOLUMES.clear()
    for branch, category, count in volumes:
        VOLUMES.labels(branch, category).set(count)
