"""What the retention aggregates share: the record list a sealing, hold or proposal names,
their texts, and the role an approval is given in."""

from __future__ import annotations

from collections.abc import Sequence

from cskit.domain import Actor, InvalidInput
from cskit.domain.actor import IdentityGrammar, require_role
from cskit.domain.text import bounded_text

MAX_TEXT = 1000


def record_ids_of(values: Sequence[str], limit: int) -> tuple[str, ...]:
    """One or more records, each once, in the order given."""
    ids = tuple(dict.fromkeys(v.strip() for v in values))
    if not ids or any(not v for v in ids):
        raise InvalidInput.on("record_ids", "names one or more records")
    if len(ids) > limit:
        raise InvalidInput.on("record_ids", f"at most {limit} records")
    if any(len(v) > 128 for v in ids):
        raise InvalidInput.on("record_ids", "each at most 128 characters")
    return ids


def text_of(value: str, field: str, *, required: bool, limit: int = MAX_TEXT) -> str:
    return bounded_text(value, field, limit, required=required, multiline=True)


def approved_as(actor: Actor, roles: frozenset[str], *, action: str) -> str:
    """The role the actor acts in (PLT-02): refused without one of ``roles``."""
    require_role(actor, roles, action=action)
    return sorted(actor.roles & roles)[0]


def people_of(values: Sequence[str], field: str) -> tuple[str, ...]:
    people = tuple(dict.fromkeys(v.strip() for v in values))
    if any(not IdentityGrammar.subject_ok(v) for v in people):
        raise InvalidInput.on(field, "must be staff members' ids")
    return people
