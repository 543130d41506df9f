"""The contact-centre vocabulary (CMP-14): channels, the steps systems report, the standards."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Channel(StrEnum):
    PHONE = "phone"
    CHAT = "chat"
    EMAIL = "email"


class StepKind(StrEnum):
    CALL_OFFERED = "call_offered"
    CALL_ANSWERED = "call_answered"
    CHAT_STARTED = "chat_started"
    CHAT_GREETED = "chat_greeted"
    CHAT_CUSTOMER_WROTE = "chat_customer_wrote"
    CHAT_AGENT_REPLIED = "chat_agent_replied"
    EMAIL_RECEIVED = "email_received"
    EMAIL_ANSWERED = "email_answered"
    HOLD_STARTED = "hold_started"
    HOLD_ENDED = "hold_ended"


# The channel each step belongs to (holds belong to calls and chats).
CHANNEL_OF: dict[StepKind, Channel | None] = {
    StepKind.CALL_OFFERED: Channel.PHONE,
    StepKind.CALL_ANSWERED: Channel.PHONE,
    StepKind.CHAT_STARTED: Channel.CHAT,
    StepKind.CHAT_GREETED: Channel.CHAT,
    StepKind.CHAT_CUSTOMER_WROTE: Channel.CHAT,
    StepKind.CHAT_AGENT_REPLIED: Channel.CHAT,
    StepKind.EMAIL_RECEIVED: Channel.EMAIL,
    StepKind.EMAIL_ANSWERED: Channel.EMAIL,
    StepKind.HOLD_STARTED: None,
    StepKind.HOLD_ENDED: None,
}
# The steps that open a contact, and the customer's own steps (no agent needed).
OPENING: dict[Channel, StepKind] = {
    Channel.PHONE: StepKind.CALL_OFFERED,
    Channel.CHAT: StepKind.CHAT_STARTED,
    Channel.EMAIL: StepKind.EMAIL_RECEIVED,
}
CUSTOMER_STEPS = frozenset({*OPENING.values(), StepKind.CHAT_CUSTOMER_WROTE})


class Standard(StrEnum):
    """The answering standards of CMP-14, one name per measured clause."""

    ANSWER_RINGS = "answer_rings"
    EMAIL_SAME_DAY = "email_same_day"
    CHAT_GREETING = "chat_greeting"
    REPLY_WAIT = "reply_wait"
    HOLD_AGREEMENT = "hold_agreement"
    HOLD_LIMIT = "hold_limit"
    HOLD_OVERRUN = "hold_overrun"


# A contact system's id: an opaque token, never free text (it becomes a key and a label).
CONTACT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")


@dataclass(frozen=True, slots=True)
class Step:
    """One reported step, already decoded and bounded."""

    event_id: str
    contact_id: str
    branch_id: str
    kind: StepKind
    agent_id: str
    occurred_at: datetime
    rings: int = 0
    customer_agreed: bool = False
    limit_seconds: int = 0


@dataclass(frozen=True, slots=True)
class Breach:
    """A standard the contact missed, counted for ``agent_id``."""

    standard: Standard
    agent_id: str
    measured: int
    limit: int
    occurred_at: datetime
