"""Monthly statistics (CMP-12) and the register's filing (CMP-13): read (frozen or preview),
freeze, recompute, and the monthly job the durable timer fires.

A frozen month is read from its stored document, never recomputed: a later change to a
case cannot alter it. Freezing an already frozen month answers the stored snapshot
(idempotent); replacing it takes an explicit recompute by administration with a reason,
which the audit trail keeps (PLT-04).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from complaints.domain.filing import FilingRequest
from complaints.intake.app.ports import SYSTEM, CallContext
from complaints.intake.domain.policy import policy_for
from complaints.penalties.domain.rules import month_of, next_month
from complaints.statistics.app.ports import (
    RegisterFiles,
    StatisticsChange,
    StatisticsSnapshot,
    StatisticsUnitOfWork,
    StatisticsUowFactory,
)
from complaints.statistics.domain.commands import FreezeMonth, RunMonthlyFreeze
from complaints.statistics.domain.policy import (
    StatisticsPolicy,
    freeze_due_at,
    previous_month,
    require_may_freeze,
    require_recompute,
    statistics_policy_for,
)
from complaints.statistics.domain.register import REGISTER_CONTENT_TYPE, register_csv, register_filing, register_key
from complaints.statistics.domain.rules import (
    compute_month,
    content_hash,
    month_window,
    require_month_over,
    require_statistics_month,
)
from cskit.domain import Clock, NotFound, RuleViolation, acting_branch


def _no_statistics(branch: str) -> NotFound:
    return NotFound(f"no statistics for branch {branch}", code="statistics_not_found")


class StatisticsHandlers:
    def __init__(
        self,
        uow: StatisticsUowFactory,
        clock: Clock,
        files: RegisterFiles,
        complaint_overrides: Mapping[str, Mapping[str, object]],
        statistics_overrides: Mapping[str, Mapping[str, Any]],
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._files = files
        self._complaint_overrides = complaint_overrides
        self._overrides = statistics_overrides

    def policy(self, branch_id: str) -> StatisticsPolicy:
        return statistics_policy_for(branch_id, self._overrides)

    def time_zone(self, branch_id: str) -> str:
        return policy_for(branch_id, self._complaint_overrides).time_zone

    def _branch(self, ctx: CallContext, branch_id: str) -> str:
        """PLT-01: another branch's statistics do not exist for the caller (the same answer as
        for a branch that does not exist: nothing is revealed)."""
        return acting_branch(ctx.actor, ctx.scope, branch_id, _no_statistics)

    # -- reads ------------------------------------------------------------------------------

    async def monthly(self, branch_id: str, month: str, ctx: CallContext) -> list[StatisticsSnapshot]:
        """One branch's month, or every branch's for head office asking without a branch."""
        async with self._uow(ctx) as uow:
            if not branch_id and ctx.scope.everything:
                branches: Sequence[str] = await uow.branches()
            else:
                branches = [self._branch(ctx, branch_id)]
            out = []
            for branch in branches:
                require_statistics_month(month, self._clock.now(), self.time_zone(branch))
                frozen = await uow.frozen(branch, month)
                out.append(frozen if frozen is not None else await self._preview(uow, branch, month))
            return out

    async def frozen_months(self, branch_id: str, ctx: CallContext) -> Sequence[StatisticsSnapshot]:
        if branch_id:
            self._branch(ctx, branch_id)
        async with self._uow(ctx) as uow:
            return await uow.frozen_months(ctx.scope.branches, branch_id)

    async def _preview(self, uow: StatisticsUnitOfWork, branch_id: str, month: str) -> StatisticsSnapshot:
        window = month_window(branch_id, month, self.time_zone(branch_id))
        target = self.policy(branch_id).return_visit_target_percent / 100
        statistics = compute_month(window, await uow.facts(window), return_visit_target=target)
        return StatisticsSnapshot(
            statistics=statistics,
            frozen=False,
            content_hash=content_hash(statistics.document()),
            computed_at=self._clock.now(),
            register_cases=statistics.received,
        )

    # -- freezing ---------------------------------------------------------------------------

    async def freeze_month(self, cmd: FreezeMonth, ctx: CallContext) -> tuple[StatisticsSnapshot, bool]:
        """Freeze (or, explicitly, recompute) a month; ``(snapshot, False)`` if it was frozen already."""
        branch = self._branch(ctx, cmd.branch_id)
        policy = self.policy(branch)
        require_may_freeze(ctx.actor, policy)
        zone = self.time_zone(branch)
        require_statistics_month(cmd.month, self._clock.now(), zone)
        require_month_over(cmd.month, self._clock.now(), zone)
        async with self._uow(ctx) as uow:
            existing = await uow.frozen(branch, cmd.month, lock=True)
            reason = ""
            if cmd.recompute:
                reason = require_recompute(ctx.actor, policy, cmd.reason)
                if existing is None:
                    raise RuleViolation(
                        f"{branch} {cmd.month} is not frozen; freeze it instead", code="not_frozen", rule_id="CMP-12"
                    )
            elif existing is not None:
                return existing, False
            snapshot, filing = await self._freeze(uow, branch, cmd.month, policy, ctx, existing)
            uow.record(StatisticsChange(snapshot=snapshot, replaces=existing, reason=reason, filing=filing))
            await uow.commit()
        return snapshot, True

    async def _freeze(
        self,
        uow: StatisticsUnitOfWork,
        branch_id: str,
        month: str,
        policy: StatisticsPolicy,
        ctx: CallContext,
        existing: StatisticsSnapshot | None,
    ) -> tuple[StatisticsSnapshot, FilingRequest]:
        now = self._clock.now()
        window = month_window(branch_id, month, self.time_zone(branch_id))
        facts = await uow.facts(window)
        statistics = compute_month(window, facts, return_visit_target=policy.return_visit_target_percent / 100)
        data, cases = register_csv(window, facts)
        # CMP-13: the register is stored before anything points at it.
        stored = await self._files.put(
            register_key(branch_id, month, hashlib.sha256(data).hexdigest()), data, REGISTER_CONTENT_TYPE
        )
        snapshot = StatisticsSnapshot(
            statistics=statistics,
            frozen=True,
            content_hash=content_hash(statistics.document()),
            computed_at=now,
            computed_by=ctx.actor.subject,
            recomputations=0 if existing is None else existing.recomputations + 1,
            register_pointer=stored.key,
            register_sha256=stored.sha256,
            register_cases=cases,
        )
        filing = register_filing(
            branch_id=branch_id, month=month, pointer=stored.key, sha256=stored.sha256, cases=cases,
            retention_years=policy.register_retention_years, handed_over_by=ctx.actor.subject,
            document_date=min(now, window.end), requested_at=now,
        )  # fmt: skip
        return snapshot, filing

    # -- the monthly job (durable timer) ------------------------------------------------------

    async def run_monthly_freeze(self, cmd: RunMonthlyFreeze) -> StatisticsSnapshot:
        """Freeze last month (idempotent), then schedule the next month's freeze for this branch
        and a first one for any branch that has none yet."""
        snapshot, _ = await self.freeze_month(FreezeMonth(branch_id=cmd.branch_id, month=cmd.month), SYSTEM)
        following = next_month(cmd.month)
        async with self._uow(SYSTEM) as uow:
            zone = self.time_zone(cmd.branch_id)
            await uow.schedule_freeze(
                cmd.branch_id, following, freeze_due_at(following, self.policy(cmd.branch_id), zone)
            )
            await self._ensure(uow, exclude=cmd.branch_id)
            await uow.commit()
        return snapshot

    async def ensure_timers(self) -> int:
        """Give every known branch its monthly freeze timer (at start-up; idempotent)."""
        async with self._uow(SYSTEM) as uow:
            count = await self._ensure(uow)
            await uow.commit()
        return count

    async def _ensure(self, uow: StatisticsUnitOfWork, exclude: str = "") -> int:
        count = 0
        now = self._clock.now()
        for branch in await uow.branches():
            if branch == exclude or await uow.freeze_timer_pending(branch):
                continue
            month, due = await self._first_freeze(uow, branch, now)
            await uow.schedule_freeze(branch, month, due)
            count += 1
        return count

    async def _first_freeze(self, uow: StatisticsUnitOfWork, branch: str, now: datetime) -> tuple[str, datetime]:
        """Last month at its freeze time; past that time and not frozen: now (catch up)."""
        zone = self.time_zone(branch)
        policy = self.policy(branch)
        last = previous_month(month_of(now, ZoneInfo(zone)))
        due = freeze_due_at(last, policy, zone)
        if due > now:
            return last, due
        if await uow.frozen(branch, last) is None:
            return last, now
        current = next_month(last)
        return current, freeze_due_at(current, policy, zone)
