"""One function per accountability command (CMP-11): load, call the domain; ``cskit.calls.once``
commits through the unit of work, which writes the state, the audit trail (PLT-04) and the
outbox (PLT-03), and answers a repeated idempotency key with the record as it now stands."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from complaints.intake.app.ports import CallContext
from complaints.intake.domain.policy import policy_for
from complaints.penalties.app.ports import AccountabilityUnitOfWork, AccountabilityUowFactory
from complaints.penalties.domain import commands as c
from complaints.penalties.domain.accountability import CaseAccountability, require_accountable
from complaints.penalties.domain.bonus import SanctionDeduction
from complaints.penalties.domain.events import PenaltyAssessed
from complaints.penalties.domain.ledger import PersonLedger
from complaints.penalties.domain.rules import PenaltyPolicy, month, month_of, text
from complaints.penalties.domain.sanctions import Sanction
from cskit.calls import act, once
from cskit.domain import Clock, Forbidden, RuleViolation, acting_branch

Uow = AccountabilityUnitOfWork


@dataclass(frozen=True, slots=True)
class LedgerAt:
    ledger: PersonLedger
    month: str


def _new_id() -> str:
    return str(uuid.uuid4())


def _not_for_another_branch(_branch: str) -> Forbidden:
    return Forbidden("only head office acts for another branch", rule_id="PLT-01")


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
        return acting_branch(ctx.actor, ctx.scope, branch_id, _not_for_another_branch)

    async def assign_responsibility(self, cmd: c.AssignResponsibility, ctx: CallContext) -> CaseAccountability:
        async def record_of(uow: Uow, _ref: str = "") -> CaseAccountability:
            return await uow.accountability.accountability(await uow.accountability.case(cmd.complaint_id))

        async def assign(uow: Uow) -> CaseAccountability:
            case = await uow.accountability.case(cmd.complaint_id)
            record = await uow.accountability.accountability(case)
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
            return record

        return await once(self._uow(ctx), assign, ref=lambda r: r.complaint_id, replay=record_of)

    async def assess_penalty(self, cmd: c.AssessPenalty, ctx: CallContext) -> list[PenaltyAssessed]:
        assessment_id = _new_id()

        async def assess(uow: Uow) -> list[PenaltyAssessed]:
            repo = uow.accountability
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
            repo.add_assessment(assessment_id, penalties)
            return penalties

        async def assessed(uow: Uow, ref: str) -> list[PenaltyAssessed]:
            return await uow.accountability.assessment(ref)

        return await once(self._uow(ctx), assess, ref=lambda _: assessment_id, replay=assessed)

    async def record_monthly_bonus(self, cmd: c.RecordMonthlyBonus, ctx: CallContext) -> LedgerAt:
        branch = self._branch(ctx, cmd.branch_id)
        person = text(cmd.person_id, "person_id", required=True)
        when = month(cmd.month)

        async def ledger_now(uow: Uow, _ref: str = "") -> LedgerAt:
            return LedgerAt(await uow.accountability.ledger(person, branch, scoped=True), when)

        async def record(uow: Uow) -> LedgerAt:
            at = await ledger_now(uow)
            at.ledger.record_bonus(when, cmd.amount, ctx.actor, self.policy, self._clock.now())
            return at

        return await once(self._uow(ctx), record, ref=lambda _: f"{person}:{when}", replay=ledger_now)

    async def settle_month(self, cmd: c.SettleMonth, ctx: CallContext) -> list[LedgerAt]:
        """Closes ``month`` for one person, or for everyone in the branch with something to close."""
        branch = self._branch(ctx, cmd.branch_id)
        when = month(cmd.month)

        async def ledgers(uow: Uow) -> list[PersonLedger]:
            repo = uow.accountability
            if cmd.person_id:
                return [await repo.ledger(text(cmd.person_id, "person_id", required=True), branch, scoped=True)]
            return list(await repo.ledgers_to_settle(branch, when))

        async def settled(uow: Uow, _ref: str) -> list[LedgerAt]:
            return [LedgerAt(x, when) for x in await ledgers(uow) if x.months.get(when) and x.months[when].settled]

        async def settle(uow: Uow) -> list[LedgerAt]:
            now = self._clock.now()
            found = await ledgers(uow)
            failures: list[str] = []
            for ledger in found:
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
            return [LedgerAt(x, when) for x in found]

        return await once(self._uow(ctx), settle, ref=lambda _: f"{branch}:{when}:{cmd.person_id}", replay=settled)

    async def propose_sanction(self, cmd: c.ProposeSanction, ctx: CallContext) -> Sanction:
        async def propose(uow: Uow) -> Sanction:
            repo = uow.accountability
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
            return sanction

        return await once(self._uow(ctx), propose, ref=sanction_ref, replay=sanction_now)

    async def approve_sanction(self, cmd: c.ApproveSanction, ctx: CallContext) -> Sanction:
        return await self._on_sanction(
            ctx, cmd.sanction_id, lambda s: s.approve(ctx.actor, self.policy, self._clock.now())
        )

    async def publish_sanction(self, cmd: c.PublishSanction, ctx: CallContext) -> Sanction:
        """Publishes, and books the sanction into the person's ledger for its month's bonus
        deduction (CMP-16): the month on the platform's clock in the branch's time zone."""

        async def publish(uow: Uow) -> Sanction:
            sanction = await sanction_now(uow, cmd.sanction_id)
            now = self._clock.now()
            sanction.publish(ctx.actor, self.policy, now)
            ledger = await uow.accountability.ledger(sanction.person_id, sanction.branch_id, scoped=False)
            ledger.book_sanction(
                SanctionDeduction(
                    sanction_id=sanction.id, complaint_id=sanction.complaint_id, kind=sanction.kind, published_at=now
                ),
                month_of(now, policy_for(sanction.branch_id, self._overrides).zone),
            )
            return sanction

        return await once(self._uow(ctx), publish, ref=sanction_ref, replay=sanction_now)

    async def _on_sanction(self, ctx: CallContext, sanction_id: str, change: Callable[[Sanction], None]) -> Sanction:
        return await act(self._uow(ctx), sanction_id, load=sanction_now, change=change, ref=sanction_ref)


def sanction_ref(sanction: Sanction) -> str:
    return sanction.id


async def sanction_now(uow: Uow, sanction_id: str) -> Sanction:
    """A repeated call answers with the sanction as it now stands."""
    return await uow.accountability.sanction(sanction_id)
