"""Builders the keys tests share (unit, integration, e2e helpers): actors of each role and a
registered key set of any kind. Test support, never imported by the service."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from cskit.calls import Call
from cskit.domain import Actor
from keys.domain.kinds import KeyKind
from keys.register.domain.model import KeySet

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # 09:00 in Asia/Shanghai, a Monday


def actor(subject: str, *roles: str, branch: str = "b1", grade: int = 0) -> Actor:
    return Actor(subject=subject, branch_id=branch, roles=frozenset(roles or {"agent"}), grade=grade)


def call(subject: str, *roles: str, branch: str = "b1", grade: int = 0) -> Call:
    return Call(actor=actor(subject, *roles, branch=branch, grade=grade))


CUSTODIAN = call("custodian-1", "key_custodian")
LEAD = call("lead-1", "team_lead", grade=2)
MANAGER = call("manager-1", "manager", grade=3)
AGENT = call("agent-1", "agent")
OTHER_BRANCH = call("custodian-2", "key_custodian", branch="b2")


def key_set(
    kind: KeyKind = KeyKind.VACANT_UNIT,
    *,
    code: str = "",
    unit: str = "3-1-1201",
    key_count: int = 2,
    cabinet: str = "C1",
    hook: str = "",
    by: Call = CUSTODIAN,
    now: datetime = T0,
) -> KeySet:
    """A key set in the cabinet, as the custodian registered it (its events still pending)."""
    ident = str(uuid.uuid4())
    return KeySet.register(
        key_set_id=ident,
        actor=by.actor,
        code=code or f"K-{ident[:8]}",
        unit=unit,
        kind=kind.value,
        key_count=key_count,
        cabinet=cabinet,
        hook=hook or f"H-{ident[:4]}",
        custodian=by.actor.subject,
        owner_name="Owner Wang" if kind is KeyKind.OWNER_ENTRUSTED else "",
        owner_phone="13800138000" if kind is KeyKind.OWNER_ENTRUSTED else "",
        now=now,
    )
