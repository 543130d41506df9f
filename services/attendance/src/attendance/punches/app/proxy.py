"""Proxy punching (ATT-06), the application side: HR's sample of a day's terminal punches
against the rosters, and the finding recorded once per punch through the kit's ``once``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Protocol, Self, TypeVar
from zoneinfo import ZoneInfo

from attendance.punches.domain.commands import RecordProxyFinding
from attendance.punches.domain.model import Punch
from attendance.punches.domain.proxy import (
    PROXY_REVIEWERS,
    ProxyFindingRecord,
    RosterSeen,
    Sampled,
    finding_id_of,
    proxy_sample,
)
from cskit.calls import Call, OnceUnitOfWork, once
from cskit.domain import Clock, Conflict, NotFound
from cskit.domain.actor import BranchScope, require_role

# A branch-local date spans at most these hours either side of its UTC date (UTC-12..UTC+14).
_ZONE_SLACK = timedelta(hours=14)


T = TypeVar("T")


class Repo(Protocol[T]):
    async def get(self, record_id: str) -> T: ...

    def add(self, aggregate: T) -> None: ...


class ProxyFindingsUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def findings(self) -> Repo[ProxyFindingRecord]: ...

    @property
    def punches(self) -> Repo[Punch]: ...

    async def __aenter__(self) -> Self: ...


class DayPunches(Protocol):
    async def punched_between(self, scope: BranchScope, start: datetime, end: datetime) -> list[Punch]: ...


class DayRosters(Protocol):
    async def rosters_on(self, scope: BranchScope, employee_ids: list[str], day: date) -> dict[str, list[RosterSeen]]:
        """Each employee's roster for ``day`` in every branch of ``scope`` (none: absent)."""
        ...


class ProxyHandlers:
    def __init__(
        self,
        uow: Callable[[Call], ProxyFindingsUnitOfWork],
        clock: Clock,
        zone_of: Callable[[str], ZoneInfo],
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._zone_of = zone_of

    async def record_proxy_finding(self, cmd: RecordProxyFinding, call: Call) -> ProxyFindingRecord:
        """One finding per punch: the same finding again answers with the stored one; another
        pair of employees for a punch already found is a conflict (correct it explicitly)."""
        require_role(call.actor, PROXY_REVIEWERS, action="recording a proxy-punch finding")

        async def work(uow: ProxyFindingsUnitOfWork) -> ProxyFindingRecord:
            punch = await uow.punches.get(cmd.punch_id.strip())
            try:
                found = await uow.findings.get(finding_id_of(punch.branch_id, punch.id))
            except NotFound:
                pass
            else:
                if (found.absent_employee_id, found.punched_by_employee_id) == (
                    cmd.absent_employee_id.strip(),
                    cmd.punched_by_employee_id.strip(),
                ):
                    return found
                raise Conflict(
                    f"punch {punch.id} has a proxy finding naming other employees",
                    code="proxy_finding_exists",
                    rule_id="ATT-06",
                )
            finding = ProxyFindingRecord.find(
                actor=call.actor,
                punch=punch,
                absent_employee_id=cmd.absent_employee_id,
                punched_by_employee_id=cmd.punched_by_employee_id,
                note=cmd.note,
                zone=self._zone_of(punch.branch_id),
                now=self._clock.now(),
            )
            uow.findings.add(finding)
            return finding

        async def replay(uow: ProxyFindingsUnitOfWork, ref: str) -> ProxyFindingRecord:
            return await uow.findings.get(ref)

        return await once(self._uow(call), work, ref=lambda f: f.id, replay=replay)


class ProxySampler:
    def __init__(
        self,
        punches: DayPunches,
        rosters: DayRosters,
        zone_of: Callable[[str], ZoneInfo],
        share_of: Callable[[str], float],
    ) -> None:
        self._punches = punches
        self._rosters = rosters
        self._zone_of = zone_of
        self._share_of = share_of

    async def sample(self, call: Call, day: date) -> list[Sampled]:
        """The terminal punches counted on ``day`` in their branch's zone (PLT-05), drawn for review."""
        require_role(call.actor, PROXY_REVIEWERS, action="sampling terminal punches")
        scope = call.scope
        start = datetime.combine(day, datetime.min.time(), tzinfo=ZoneInfo("UTC")) - _ZONE_SLACK
        candidates = await self._punches.punched_between(scope, start, start + timedelta(days=1) + 2 * _ZONE_SLACK)
        punches = [p for p in candidates if p.punched_at.astimezone(self._zone_of(p.branch_id)).date() == day]
        rosters = await self._rosters.rosters_on(scope, sorted({p.employee_id for p in punches}), day)
        share = self._share_of(call.actor.branch_id)
        return proxy_sample(punches, rosters, day, share)
