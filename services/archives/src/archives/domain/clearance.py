"""ARC-05, who may see what: a role's clearance bounds the confidentiality levels whose
records (titles included) it is shown, in every list, search and catalogue; and the special
approval each restricted level needs before anyone reads it. One place for both."""

from __future__ import annotations

from archives.domain.categories import Confidentiality
from archives.domain.policy import ArchivesPolicy
from cskit.domain import Actor
from cskit.domain.rules import enforces


def clearance_of(actor: Actor, policy: ArchivesPolicy) -> Confidentiality:
    """The highest level among the actor's roles (the service's own work sees everything)."""
    if "system" in actor.roles:
        return Confidentiality.SECRET
    levels = [policy.clearances[r] for r in actor.roles if r in policy.clearances]
    return max(levels, key=lambda c: c.rank, default=policy.default_clearance)


@enforces("ARC-05")
def may_see(actor: Actor, level: Confidentiality, policy: ArchivesPolicy) -> bool:
    return level.rank <= clearance_of(actor, policy).rank


def visible_levels(actor: Actor, policy: ArchivesPolicy) -> tuple[str, ...]:
    """The levels a list or search may return to the actor (a SQL ``IN``)."""
    top = clearance_of(actor, policy).rank
    return tuple(level.value for level in Confidentiality if level.rank <= top)


@enforces("ARC-05")
def may_approve_reading(actor: Actor, level: Confidentiality, policy: ArchivesPolicy) -> bool:
    """Whether the actor's role gives the special approval a restricted level needs."""
    return bool(actor.roles & policy.special_approvers.get(level, frozenset()))
