"""Hazardous-key handlers (KEY-15): an issue lends the cabinet key under the issue's id, due
by the end of the same shift; its return brings the key back; both in one transaction."""

from __future__ import annotations

import uuid
from datetime import datetime

from cskit.calls import Call, once
from cskit.domain import Clock
from keys.domain.policy import KeysPolicy
from keys.hazardous.app.ports import UnitOfWork, UnitOfWorkFactory
from keys.hazardous.domain.commands import IssueHazardousKey, ReturnHazardousKey
from keys.hazardous.domain.model import HazardousIssue


async def issue_now(uow: UnitOfWork, issue_id: str) -> HazardousIssue:
    return await uow.issues.get(issue_id)


def issue_ref(issue: HazardousIssue) -> str:
    return issue.id


class HazardousHandlers:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, policy: KeysPolicy) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy

    def _due(self, now: datetime) -> datetime:
        """The end of the shift; after it, the end of the local day (an evening use)."""
        end = self._policy.shift_end_of(now)
        if end > now:
            return end
        return self._policy.at_local(self._policy.local_day(now), self._policy.lost_resolved_by)

    async def issue_hazardous_key(self, cmd: IssueHazardousKey, call: Call) -> HazardousIssue:
        async def issue(uow: UnitOfWork) -> HazardousIssue:
            now = self._clock.now()
            key_set = await uow.key_sets.get(cmd.key_set_id)
            made = HazardousIssue.issue(
                issue_id=str(uuid.uuid4()),
                branch_id=key_set.branch_id,
                key_set_id=key_set.id,
                kind=key_set.kind,
                actor=call.actor,
                recipient=cmd.recipient,
                purpose=cmd.purpose,
                in_person=cmd.in_person,
                taken=cmd.taken,
                due_at=self._due(now),
                now=now,
            )
            key_set.lend(call.actor, ref=made.id, borrower=made.recipient, due_at=made.due_at, now=now)
            uow.issues.add(made)
            return made

        return await once(self._uow(call), issue, ref=issue_ref, replay=issue_now)

    async def return_hazardous_key(self, cmd: ReturnHazardousKey, call: Call) -> HazardousIssue:
        async def back(uow: UnitOfWork) -> HazardousIssue:
            now = self._clock.now()
            made = await uow.issues.get(cmd.id)
            made.return_(call.actor, returned=cmd.returned, now=now)
            key_set = await uow.key_sets.get(made.key_set_id)
            key_set.return_(call.actor, ref=made.id, now=now)
            return made

        return await once(self._uow(call), back, ref=issue_ref, replay=issue_now)
