"""Proxy-punch findings (ATT-06): stored with the kit's event store, read by date for the
month (``ProxyFindingFacts``), written with their outbox row by the kit's unit of work."""

from __future__ import annotations

from datetime import date

from attendance.domain.facts import ProxyFinding
from attendance.punches.domain.events import ProxyPunchFound
from attendance.punches.domain.proxy import ProxyFindingRecord
from attendance.punches.events.outbound import OUTBOUND
from attendance.punches.persistence.rows import ProxyFindingEventRow, ProxyFindingRow
from attendance.punches.persistence.store import PUNCHES
from cskit.db.keyset import Keyset
from cskit.domain import NotFound
from cskit.domain.actor import BranchScope
from cskit.eventstore import EventStore, EventTypes, Repository, Stream, StreamReader
from cskit.records import CallUnitOfWork


def finding_not_found(finding_id: str) -> NotFound:
    return NotFound(f"proxy finding {finding_id} not found", code="proxy_finding_not_found")


def finding_columns(finding: ProxyFindingRecord) -> dict[str, object]:
    return {"punch_id": finding.punch_id, "day": finding.day, "created_at": finding.created_at}


FINDINGS: EventStore[ProxyFindingRecord, ProxyPunchFound] = EventStore(
    Stream(
        record="proxy_finding",
        projection=ProxyFindingRow.__table__,  # type: ignore[arg-type]
        events=ProxyFindingEventRow.__table__,  # type: ignore[arg-type]
        stream_column="finding_id",
        types=EventTypes([ProxyPunchFound], record="proxy_finding"),
        rebuild=ProxyFindingRecord.rebuild,
        pending=ProxyFindingRecord.pull_pending,
        document=ProxyFindingRecord.to_document,
        restore=ProxyFindingRecord.from_document,
        columns=finding_columns,
        not_found=finding_not_found,
    )
)


class SqlProxyFindingsUnitOfWork(CallUnitOfWork):
    findings: Repository[ProxyFindingRecord, ProxyPunchFound]

    def open(self) -> None:
        self.findings = self.repository(FINDINGS, OUTBOUND)
        # The finding names a punch of the caller's branch: read in the same transaction.
        self.punches = Repository(PUNCHES, self.session, self.call.scope)


class ProxyFindingReader(StreamReader[ProxyFindingRecord, ProxyPunchFound]):
    """``attendance.domain.facts.ProxyFindingFacts``: each finding gives its two employees a
    day of absence on its date (ATT-06)."""

    @property
    def by_day(self) -> Keyset:
        p = self.store.stream.projection.c
        return Keyset("list:proxy-day", p.day, p.id)

    async def proxy_findings(self, scope: BranchScope, start: date, end: date) -> list[ProxyFinding]:
        p = self.store.stream.projection.c
        facts: list[ProxyFinding] = []
        token = ""
        while True:
            page, token = await self.documents(
                self.by_day, scope, _Page(token), p.day >= start.isoformat(), p.day <= end.isoformat()
            )
            facts.extend(fact for finding in page for fact in finding.facts())
            if not token:
                return facts


class _Page:
    size = 100

    def __init__(self, token: str) -> None:
        self.token = token
