"""One function per accountability command (CMP-11): load, call the domain, commit through
the unit of work, which writes the state, the audit trail (PLT-04) and the outbox (PLT-03)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from complaints.app.penalty_ports import AccountabilityUowFactory
from complaints.app.ports import CallContext
from complaints.domain import penalty_commands as c
from complaints.domain.accountability import CaseAccountability, require_accountable
from complaints.domain.ledger import PersonLedger
from complaints.domain.penalties import PenaltyPolicy, month, month_of, text
from complaints.domain.penalty_events import PenaltyAssessed
from complaints.domain.policies import policy_for
from complaints.domain.sanctions import Sanction
from cskit.domain import Clock, Forbidden, RuleViolation
from cskit.retry import retried


@dataclass(frozen=True, slots=True)
class LedgerAt:
    ledger: PersonLedger
    month: str


def _new_id() -> str:
    return str(uuid.uuid4())


class PenaltyHandlers:
    def __init__(
        self,
        uow: AccountabilityUowFactory,
        clock: Clock,
        policy: PenaltyPolicy,
        complaint_overrides: Mapping[str, Mapping[str, object]],
    ) -> None:
        self._uow = uow
        self._clock = clock
        self.policy = policy
        self._overrides = complaint_overrides

    def _branch(self, ctx: CallContext, branch_id: str) -> str:
        branch = branch_id or ctx.actor.branch_id
        if not ctx.scope.allows(branch):
            raise Forbidden("only head office acts for another branch", rule_id="PLT-01")
        return branch

    @retried
    async def assign_responsibility(self, cmd: c.AssignResponsibility, ctx: CallContext) -> CaseAccountability:
        async with self._uow(ctx) as uow:
            repo = uow.accountability
            case = await repo.case(cmd.complaint_id)
            record = await repo.accountability(case)
            if await uow.recall() is not None and record.responsibility is not None:
                return record
            require_accountable(case.nature, case.rejected)
            record.assign(
                person_id=cmd.person_id,
                team=cmd.team,
                department=cmd.department,
                reason=cmd.reason,
                actor=ctx.actor,
                policy=self.policy,
                now=self._clock.now(),
            )
            await uow.commit(result_ref=case.complaint_id)
            return record

    @retried
    async def assess_penalty(self, cmd: c.AssessPenalty, ctx: CallContext) -> list[PenaltyAssessed]:
        async with self._uow(ctx) as uow:
            repo = uow.accountability
            if (prior := await uow.recall()) is not None:
                return await repo.assessment(prior)
            case = await repo.case(cmd.complaint_id)
            require_accountable(case.nature, case.rejected)
            record = await repo.accountability(case)
            now = self._clock.now()
            when = month(cmd.month) if cmd.month else month_of(now, policy_for(case.branch_id, self._overrides).zone)
            penalties = record.assess(
                amount=cmd.amount,
                members=cmd.members,
                month=when,
                actor=ctx.actor,
                policy=self.policy,
                now=now,
                new_id=_new_id,
            )
            for penalty in penalties:
                ledger = await repo.ledger(penalty.person_id, case.branch_id, scoped=False)
                ledger.apply_penalty(penalty)
            assessment_id = _new_id()
            repo.add_assessment(assessment_id, penalties)
            await uow.commit(result_ref=assessment_id)
            return penalties

    @retried
    async def record_monthly_bonus(self, cmd: c.RecordMonthlyBonus, ctx: CallContext) -> LedgerAt:
        branch = self._branch(ctx, cmd.branch_id)
        person = text(cmd.person_id, "person_id", required=True)
        when = month(cmd.month)
        async with self._uow(ctx) as uow:
            ledger = await uow.accountability.ledger(person, branch, scoped=True)
            if await uow.recall() is None:
                ledger.record_bonus(when, cmd.amount, ctx.actor, self.policy, self._clock.now())
                await uow.commit(result_ref=f"{person}:{when}")
            return LedgerAt(ledger, when)

    @retried
    async def settle_month(self, cmd: c.SettleMonth, ctx: CallContext) -> list[LedgerAt]:
        """Closes ``month`` for one person, or for everyone in the branch with something to close."""
        branch = self._branch(ctx, cmd.branch_id)
        when = month(cmd.month)
        now = self._clock.now()
        async with self._uow(ctx) as uow:
            repo = uow.accountability
            if cmd.person_id:
                ledgers = [await repo.ledger(text(cmd.person_id, "person_id", required=True), branch, scoped=True)]
            else:
                ledgers = await repo.ledgers_to_settle(branch, when)
            if await uow.recall() is not None:
                return [LedgerAt(x, when) for x in ledgers if x.months.get(when) and x.months[when].settled]
            failures: list[str] = []
            for ledger in ledgers:
                try:
                    ledger.settle(when, ctx.actor, self.policy, now)
                except RuleViolation as exc:
                    if cmd.person_id:
                        raise
                    failures.append(exc.message)
            if failures:
                # All or nothing: HR fixes every listed person, then closes the month again.
                raise RuleViolation(
                    f"{len(failures)} ledgers cannot close {when}: " + "; ".join(failures[:20]),
                    code="settlement_blocked",
                    rule_id="CMP-11",
                )
            await uow.commit(result_ref=f"{branch}:{when}:{cmd.person_id}")
            return [LedgerAt(x, when) for x in ledgers]

    @retried
    async def propose_sanction(self, cmd: c.ProposeSanction, ctx: CallContext) -> Sanction:
        async with self._uow(ctx) as uow:
            repo = uow.accountability
            if (prior := await uow.recall()) is not None:
                return await repo.sanction(prior)
            case = await repo.case(cmd.complaint_id)
            require_accountable(case.nature, case.rejected)
            sanction = Sanction.propose(
                sanction_id=_new_id(),
                complaint_id=case.complaint_id,
                branch_id=case.branch_id,
                person_id=cmd.person_id,
                kind=cmd.kind,
                reason=cmd.reason,
                actor=ctx.actor,
                policy=self.policy,
                now=self._clock.now(),
            )
            repo.add_sanction(sanction)
            await uow.commit(result_ref=sanction.id)
            return sanction

    @retried
    async def approve_sanction(self, cmd: c.ApproveSanction, ctx: CallContext) -> Sanction:
        async with self._uow(ctx) as uow:
            sanction = await uow.accountability.sanction(cmd.sanction_id)
            if await uow.recall() is None:
                sanction.approve(ctx.actor, self.policy, self._clock.now())
                await uow.commit(result_ref=sanction.id)
            return sanction

    @retried
    async def publish_sanction(self, cmd: c.PublishSanction, ctx: CallContext) -> Sanction:
        async with self._uow(ctx) as uow:
            sanction = await uow.accountability.sanction(cmd.sanction_id)
            if await uow.recall() is None:
                sanction.publish(ctx.actor, self.policy, self._clock.now())
                await uow.commit(result_ref=sanction.id)
            return sanction
