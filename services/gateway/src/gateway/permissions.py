"""Who may call which route (PLT-02): ONE table, declared on the route as a dependency.

The gateway's check is a coarse first gate with a clear 403; services still enforce their
own rules (branch scope, separation of duties, approval grades) and answer
PERMISSION_DENIED, which the gateway renders the same way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from fastapi import Depends

from cskit.domain.actor import Actor, require_role
from cskit.domain.errors import Forbidden
from gateway.auth import current_actor
from gateway.problems import ProblemError

# Front-line staff and everyone above them.
STAFF = frozenset({"agent", "team_lead", "manager", "director", "general_manager", "admin"})
# Reclassifying a communicative complaint as valid (CMP-02) is a supervisor's call.
SUPERVISORS = frozenset({"team_lead", "manager", "director", "general_manager", "admin"})


@dataclass(frozen=True, slots=True)
class Permission:
    roles: frozenset[str]
    min_grade: int = 0


PERMISSIONS: dict[str, Permission] = {
    "complaints.file": Permission(STAFF),
    "complaints.read": Permission(STAFF),
    "complaints.reply": Permission(STAFF),
    "complaints.note": Permission(STAFF),
    "complaints.return_visit": Permission(STAFF),
    # CMP-03: the receiving front desk decides acceptance, so agents may accept and reject.
    "complaints.accept": Permission(STAFF),
    "complaints.reject": Permission(STAFF),
    "complaints.resolve": Permission(STAFF),
    "complaints.close": Permission(STAFF),
    "complaints.pause_clock": Permission(STAFF),
    "complaints.resume_clock": Permission(STAFF),
    "complaints.reclassify": Permission(SUPERVISORS),
}


def requires(
    *, roles: Iterable[str], min_grade: int = 0, action: str = "this action"
) -> Callable[..., Awaitable[Actor]]:
    """A dependency that yields the authenticated actor when they hold a role and grade."""
    wanted = frozenset(roles)

    async def check(actor: Actor = Depends(current_actor)) -> Actor:  # noqa: B008 (FastAPI idiom)
        try:
            require_role(actor, wanted, min_grade=min_grade, action=action)
        except Forbidden as exc:
            raise ProblemError(status=403, code=exc.code, detail=exc.message, rule=exc.rule_id) from exc
        return actor

    return check


def permit(action: str) -> Callable[..., Awaitable[Actor]]:
    """``Depends(permit("complaints.file"))``: the route's entry in the table."""
    permission = PERMISSIONS[action]
    return requires(roles=permission.roles, min_grade=permission.min_grade, action=action)
