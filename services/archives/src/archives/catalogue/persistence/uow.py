"""The catalogue's unit of work: a volume and the records placed in it, their histories and
outbox rows commit in one transaction (PLT-03); the next volume number is read in it."""

from __future__ import annotations

from sqlalchemy import func, select

from archives.catalogue.domain.events import VolumeEvent
from archives.catalogue.domain.model import Volume
from archives.catalogue.persistence.rows import VolumeRow
from archives.catalogue.persistence.store import VOLUMES
from archives.outbound import OUTBOUND
from archives.records.domain.events import RecordEvent
from archives.records.domain.model import ArchiveRecord
from archives.records.persistence.store import RECORDS
from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork


class SqlCatalogueUnitOfWork(CallUnitOfWork):
    volumes: Repository[Volume, VolumeEvent]
    records: Repository[ArchiveRecord, RecordEvent]

    def open(self) -> None:
        self.volumes = self.repository(VOLUMES, OUTBOUND)
        self.records = self.repository(RECORDS, OUTBOUND)

    async def next_seq(self, branch_id: str, code: str, year: int) -> int:
        """One past the branch's highest number of ``code`` and ``year`` (a concurrent opening
        takes the same and loses on the unique number; ``once`` retries it with the next)."""
        stmt = select(func.max(VolumeRow.seq)).where(
            VolumeRow.branch_id == branch_id, VolumeRow.code == code, VolumeRow.year == year
        )
        return int(await self.session.scalar(stmt) or 0) + 1
