"""Caller identity in gRPC metadata: the gateway writes it, services read it.

The gateway authenticates the bearer token and decides whether the caller is head office;
services trust these headers because only the gateway may reach them (NetworkPolicy).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cskit.domain.actor import Actor
from cskit.domain.errors import Unauthenticated

SUBJECT = "x-cs-subject"
BRANCH = "x-cs-branch"
ROLES = "x-cs-roles"
GRADE = "x-cs-grade"
HEAD_OFFICE = "x-cs-head-office"
IDEMPOTENCY_KEY = "x-cs-idempotency-key"
REQUEST_ID = "x-request-id"
CLIENT_IP = "x-cs-client-ip"

Metadata = Sequence[tuple[str, str | bytes]]


def metadata_for(
    actor: Actor,
    *,
    idempotency_key: str | None = None,
    request_id: str | None = None,
    client_ip: str | None = None,
) -> tuple[tuple[str, str], ...]:
    pairs = [
        (SUBJECT, actor.subject),
        (BRANCH, actor.branch_id),
        (ROLES, ",".join(sorted(actor.roles))),
        (GRADE, str(actor.grade)),
        (HEAD_OFFICE, "1" if actor.head_office else "0"),
    ]
    if idempotency_key:
        pairs.append((IDEMPOTENCY_KEY, idempotency_key))
    if request_id:
        pairs.append((REQUEST_ID, request_id))
    if client_ip:
        pairs.append((CLIENT_IP, client_ip))
    return tuple(pairs)


def _as_dict(metadata: Iterable[tuple[str, str | bytes]] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in metadata or ():
        out[key.lower()] = value.decode() if isinstance(value, bytes) else value
    return out


def actor_from_metadata(metadata: Iterable[tuple[str, str | bytes]] | None) -> Actor:
    md = _as_dict(metadata)
    subject, branch = md.get(SUBJECT, "").strip(), md.get(BRANCH, "").strip()
    if not subject or not branch:
        raise Unauthenticated("caller identity missing from metadata", code="no_identity")
    try:
        grade = int(md.get(GRADE, "0") or "0")
    except ValueError as exc:
        raise Unauthenticated("caller grade is not a number", code="bad_identity") from exc
    roles = frozenset(r for r in (s.strip() for s in md.get(ROLES, "").split(",")) if r)
    return Actor(subject=subject, branch_id=branch, roles=roles, grade=grade, head_office=md.get(HEAD_OFFICE) == "1")


def idempotency_key_from(metadata: Iterable[tuple[str, str | bytes]] | None) -> str | None:
    return _as_dict(metadata).get(IDEMPOTENCY_KEY) or None


def request_id_from(metadata: Iterable[tuple[str, str | bytes]] | None) -> str | None:
    return _as_dict(metadata).get(REQUEST_ID) or None


def client_ip_from(metadata: Iterable[tuple[str, str | bytes]] | None) -> str | None:
    return _as_dict(metadata).get(CLIENT_IP) or None
