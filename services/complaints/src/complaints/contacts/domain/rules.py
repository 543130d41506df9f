"""CMP-14 answering standards: one pure function per measured clause; each returns the breach
(or None) for the agent who acted. Times are the contact system's, already bounded."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from complaints.contacts.domain.policy import ContactPolicy, email_due_by
from complaints.contacts.domain.values import Breach, Standard
from cskit.domain import enforces


def _seconds(start: datetime, end: datetime) -> int:
    # Whole seconds, rounded up: 15.2 s is over a 15 s standard, as the customer felt it.
    return -int(-(end - start).total_seconds() // 1)


@enforces("CMP-14")
def answer_rings_breach(rings: int, agent_id: str, at: datetime, policy: ContactPolicy) -> Breach | None:
    """A call is answered within 2 rings (policy; the 3-ring seed is an override)."""
    limit = policy.answer_within_rings
    return Breach(Standard.ANSWER_RINGS, agent_id, rings, limit, at) if rings > limit else None


def _waited(standard: Standard, since: datetime, at: datetime, limit: int, agent_id: str) -> Breach | None:
    waited = _seconds(since, at)
    return Breach(standard, agent_id, waited, limit, at) if waited > limit else None


@enforces("CMP-14")
def chat_greeting_breach(
    started_at: datetime, greeted_at: datetime, agent_id: str, policy: ContactPolicy
) -> Breach | None:
    """A chat is greeted within 15 s of its start."""
    return _waited(Standard.CHAT_GREETING, started_at, greeted_at, policy.chat_greeting_within_seconds, agent_id)


@enforces("CMP-14")
def reply_wait_breach(
    waiting_since: datetime, replied_at: datetime, agent_id: str, policy: ContactPolicy
) -> Breach | None:
    """No customer waits more than 20 s for the agent's reply."""
    return _waited(Standard.REPLY_WAIT, waiting_since, replied_at, policy.reply_wait_within_seconds, agent_id)


@enforces("CMP-14")
def email_same_day_breach(
    received_at: datetime, answered_at: datetime, agent_id: str, policy: ContactPolicy, zone: ZoneInfo
) -> Breach | None:
    """An e-mail is answered the day it came (branch calendar: a holiday's by the next working day)."""
    due = email_due_by(received_at, policy, zone)
    if answered_at < due:
        return None
    return Breach(
        Standard.EMAIL_SAME_DAY, agent_id, _seconds(received_at, answered_at), _seconds(received_at, due), answered_at
    )


@enforces("CMP-14")
def hold_start_breaches(agreed: bool, limit_seconds: int, agent_id: str, at: datetime) -> list[Breach]:
    """A hold needs the customer's agreement and a stated time limit."""
    found = []
    if not agreed:
        found.append(Breach(Standard.HOLD_AGREEMENT, agent_id, 0, 0, at))
    if limit_seconds <= 0:
        found.append(Breach(Standard.HOLD_LIMIT, agent_id, 0, 0, at))
    return found


@enforces("CMP-14")
def hold_overrun_breach(started_at: datetime, ended_at: datetime, limit_seconds: int, agent_id: str) -> Breach | None:
    """A hold ends within the limit told to the customer (no stated limit: already a breach)."""
    held = _seconds(started_at, ended_at)
    if limit_seconds <= 0 or held <= limit_seconds:
        return None
    return Breach(Standard.HOLD_OVERRUN, agent_id, held, limit_seconds, ended_at)
