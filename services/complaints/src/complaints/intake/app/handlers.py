"""One function per command: load, call the domain; ``cskit.calls.once`` does the rest.

``once`` claims the call's idempotency key, commits the change with its result through the
unit of work, replays a repeated key, and re-runs a command that lost a write race.
Handlers never publish: the unit of work turns the events the aggregate recorded into
outbox rows in the same transaction (PLT-03).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime

from complaints.evidence.app.ports import NoSitePhotos, SitePhotoCounter
from complaints.evidence.domain import rules as evidence_rules
from complaints.evidence.domain.policy import evidence_policy_for
from complaints.intake.app.ports import SYSTEM, CallContext, UnitOfWork, UnitOfWorkFactory
from complaints.intake.domain import commands as c
from complaints.intake.domain import rules
from complaints.intake.domain.model import Complaint
from complaints.intake.domain.policy import ComplaintPolicy, policy_for
from complaints.statistics.app.ports import FrozenMonths, NoFrozenMonths
from cskit.calls import act, once
from cskit.domain import Actor, Clock, Forbidden, acting_branch
from cskit.retry import DEFAULT_RETRY, RetryPolicy

Action = Callable[[Complaint, Actor, datetime], None]


def case_ref(complaint: Complaint) -> str:
    """What a call's idempotency key records: the case, replayed as it then stands."""
    return complaint.id


async def complaint_now(uow: UnitOfWork, complaint_id: str) -> Complaint:
    """A repeated call answers with the case as it now stands."""
    return await uow.complaints.get(complaint_id)


async def act_on_complaint(
    uow: UnitOfWork,
    complaint_id: str,
    change: Callable[[Complaint], None],
    *,
    retry: RetryPolicy | None = DEFAULT_RETRY,
) -> Complaint:
    """A command on one case (the complaint and workflow handlers' one step)."""
    return await act(uow, complaint_id, load=complaint_now, change=change, ref=case_ref, retry=retry)


def _not_for_another_branch(_branch: str) -> Forbidden:
    return Forbidden("only head office files complaints for another branch", rule_id="PLT-01")


class ComplaintHandlers:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        policy_overrides: Mapping[str, Mapping[str, object]],
        *,
        site_photos: SitePhotoCounter | None = None,
        evidence_overrides: Mapping[str, Mapping[str, object]] | None = None,
        frozen_months: FrozenMonths | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._overrides = policy_overrides
        self._site_photos = site_photos or NoSitePhotos()
        self._evidence_overrides = evidence_overrides or {}
        self._frozen_months = frozen_months or NoFrozenMonths()

    def policy(self, branch_id: str) -> ComplaintPolicy:
        return policy_for(branch_id, self._overrides)

    async def file_complaint(self, cmd: c.FileComplaint, ctx: CallContext) -> Complaint:
        branch_id = acting_branch(ctx.actor, ctx.scope, cmd.branch_id, _not_for_another_branch)
        policy = self.policy(branch_id)

        async def file(uow: UnitOfWork) -> Complaint:
            now = self._clock.now()
            rules.validate_intake(cmd.intake, now, policy)
            await self._refuse_backdate_into_frozen_month(branch_id, cmd.intake.received_at, now, policy)
            period = rules.numbering_period(now, policy.time_zone)
            complaint = Complaint.file(
                complaint_id=str(uuid.uuid4()),
                branch_id=branch_id,
                sequence=await uow.complaints.next_sequence(branch_id, period),
                actor=ctx.actor,
                intake=cmd.intake,
                policy=policy,
                now=now,
            )
            uow.complaints.add(complaint)
            return complaint

        return await once(self._uow(ctx), file, ref=case_ref, replay=complaint_now)

    async def _refuse_backdate_into_frozen_month(
        self, branch_id: str, received_at: datetime | None, now: datetime, policy: ComplaintPolicy
    ) -> None:
        if (month := rules.backdated_month(received_at, now, policy.time_zone)) is not None:
            rules.require_unfrozen_month(month, await self._frozen_months.is_frozen(branch_id, month))

    async def _act(
        self, ctx: CallContext, complaint_id: str, action: Action, *, retry: RetryPolicy | None = DEFAULT_RETRY
    ) -> Complaint:
        """A user's command: re-run from a fresh load when it loses a write race (a timer or
        another writer committed to the case meanwhile); the caller expected no version."""
        return await act_on_complaint(
            self._uow(ctx), complaint_id, lambda x: action(x, ctx.actor, self._clock.now()), retry=retry
        )

    async def accept_complaint(self, cmd: c.AcceptComplaint, ctx: CallContext) -> Complaint:
        return await self._act(ctx, cmd.complaint_id, lambda x, a, now: x.accept(a, cmd.note, now))

    async def reject_complaint(self, cmd: c.RejectComplaint, ctx: CallContext) -> Complaint:
        return await self._act(ctx, cmd.complaint_id, lambda x, a, now: x.reject(a, cmd.reason, now))

    async def reply_to_rejection(self, cmd: c.ReplyToRejection, ctx: CallContext) -> Complaint:
        return await self._act(ctx, cmd.complaint_id, lambda x, a, now: x.reply_to_rejection(a, cmd.message, now))

    async def reply_to_complaint(self, cmd: c.ReplyToComplaint, ctx: CallContext) -> Complaint:
        return await self._act(
            ctx,
            cmd.complaint_id,
            lambda x, a, now: x.reply(a, cmd.message, cmd.next_reply_at, now, cmd.channel, cmd.channel_reason),
        )

    async def add_progress_note(self, cmd: c.AddProgressNote, ctx: CallContext) -> Complaint:
        return await self._act(
            ctx,
            cmd.complaint_id,
            lambda x, a, now: x.add_progress_note(a, cmd.message, cmd.customer_informed, now),
        )

    async def resolve_complaint(self, cmd: c.ResolveComplaint, ctx: CallContext) -> Complaint:
        photos = await self._site_photos.site_photos(cmd.complaint_id)

        def resolve(x: Complaint, a: Actor, now: datetime) -> None:
            x.resolve(a, cmd.resolution, now)  # the move's own rules first; a refusal below discards it
            policy = evidence_policy_for(x.branch_id, self._evidence_overrides)
            evidence_rules.require_site_photos(x.category, photos, policy)  # CMP-08

        return await self._act(ctx, cmd.complaint_id, resolve)

    async def record_return_visit(self, cmd: c.RecordReturnVisit, ctx: CallContext) -> Complaint:
        return await self._act(
            ctx,
            cmd.complaint_id,
            lambda x, a, now: x.record_return_visit(a, cmd.satisfied, cmd.satisfaction, cmd.comment, now),
        )

    async def close_complaint(self, cmd: c.CloseComplaint, ctx: CallContext) -> Complaint:
        return await self._act(ctx, cmd.complaint_id, lambda x, a, now: x.close(a, cmd.summary, now))

    async def reclassify_complaint(self, cmd: c.ReclassifyComplaint, ctx: CallContext) -> Complaint:
        return await self._act(ctx, cmd.complaint_id, lambda x, a, now: x.reclassify(a, cmd.reason, now))

    async def pause_resolution_clock(self, cmd: c.PauseResolutionClock, ctx: CallContext) -> Complaint:
        return await self._act(ctx, cmd.complaint_id, lambda x, a, now: x.pause_resolution_clock(a, cmd.reason, now))

    async def resume_resolution_clock(self, cmd: c.ResumeResolutionClock, ctx: CallContext) -> Complaint:
        return await self._act(ctx, cmd.complaint_id, lambda x, a, now: x.resume_resolution_clock(a, now))

    async def regrade_complaint(self, cmd: c.RegradeComplaint, ctx: CallContext) -> Complaint:
        return await self._act(ctx, cmd.complaint_id, lambda x, a, now: x.regrade(a, cmd.grade, cmd.reason, now))

    async def record_visit(self, cmd: c.RecordVisit, ctx: CallContext) -> Complaint:
        return await self._act(ctx, cmd.complaint_id, lambda x, a, now: x.record_visit(a, cmd.kind, cmd.note, now))

    async def record_property_dates(self, cmd: c.RecordPropertyDates, ctx: CallContext) -> Complaint:
        return await self._act(
            ctx,
            cmd.complaint_id,
            lambda x, a, now: x.record_property_dates(a, cmd.contract_verified_on, cmd.handed_over_on, now),
        )

    async def check_clocks(self, cmd: c.CheckClocks, ctx: CallContext = SYSTEM) -> Complaint:
        """Fired by the timer when a deadline passes: records each due breach once (CMP-03, CMP-04)."""

        def check(complaint: Complaint, _actor: Actor, now: datetime) -> None:
            complaint.check_clocks(now)

        # Runs inside the timer runner's transaction, which retries the whole firing itself.
        return await self._act(ctx, cmd.complaint_id, check, retry=None)
