"""KEY-08's daily job, as pure decisions: when it runs next, and who is reminded of which
cabinets (KEY-14: a custodian's cabinets go to their deputy while a hand-off covers the day)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime, timedelta

from cskit.domain.rules import enforces
from keys.counts.domain.events import CountReminderDue
from keys.domain.policy import KeysPolicy
from keys.handoffs.domain.model import HandOff, keeper_of


def next_reminder(policy: KeysPolicy, now: datetime) -> datetime:
    """The next ``daily_count_at`` (branch-local) strictly after ``now``."""
    today = policy.local_day(now)
    at = policy.at_local(today, policy.daily_count_at)
    return at if at > now else policy.at_local(today + timedelta(days=1), policy.daily_count_at)


@enforces("KEY-08", "KEY-14")
def reminders_due(
    cabinets: Iterable[tuple[str, str, str]],
    counted: Collection[tuple[str, str]],
    hand_offs: Iterable[HandOff],
    day: date,
    now: datetime,
) -> list[CountReminderDue]:
    """``cabinets``: (branch, cabinet, custodian) of every cabinet with key sets; ``counted``:
    the (branch, cabinet) counted on ``day``. One reminder per branch and keeper."""
    by_branch: dict[str, list[HandOff]] = {}
    for h in hand_offs:
        by_branch.setdefault(h.branch_id, []).append(h)
    due: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
    for branch, cabinet, custodian in cabinets:
        if (branch, cabinet) in counted:
            continue
        keeper = keeper_of(custodian, by_branch.get(branch, ()), day)
        cabinets_of, behalf = due.setdefault((branch, keeper), (set(), set()))
        cabinets_of.add(cabinet)
        if keeper != custodian:
            behalf.add(custodian)
    return [
        CountReminderDue(
            branch_id=branch,
            custodian=keeper,
            on_behalf_of=tuple(sorted(behalf)),
            cabinets=tuple(sorted(cabinets_of)),
            day=day.isoformat(),
            occurred_at=now,
        )
        for (branch, keeper), (cabinets_of, behalf) in sorted(due.items())
    ]
