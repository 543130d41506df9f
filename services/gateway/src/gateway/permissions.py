"""Who may call which route (PLT-02): ONE table, declared on the route as a dependency.

The gateway's check is a coarse first gate with a clear 403; services still enforce their
own rules (branch scope, separation of duties, approval grades) and answer
PERMISSION_DENIED, which the gateway renders the same way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from fastapi import Depends

from cskit.domain.actor import ADMINISTRATION, Actor, require_role
from cskit.domain.errors import Forbidden
from gateway.auth import current_actor
from gateway.problems import ProblemError

# Administration is a branch's ``admin`` and head office's ``hq_admin`` (cskit.domain.actor);
# which branches each sees is the kit's HeadOffice decision, not this table's.
# Front-line staff and everyone above them.
STAFF = frozenset({"agent", "team_lead", "manager", "director", "general_manager", *ADMINISTRATION})
# Reclassifying a communicative complaint as valid (CMP-02) is a supervisor's call.
SUPERVISORS = frozenset({"team_lead", "manager", "director", "general_manager", *ADMINISTRATION})


@dataclass(frozen=True, slots=True)
class Permission:
    roles: frozenset[str]
    min_grade: int = 0


PERMISSIONS: dict[str, Permission] = {
    "complaints.file": Permission(STAFF),
    "complaints.read": Permission(STAFF),
    # The trail shows where changes came from (client addresses): supervisors and auditors only.
    "complaints.audit": Permission(SUPERVISORS | {"legal", "finance", "hr"}),
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
    # PLT-06 customer data. Coarse gates: the service's policy (cskit.privacy) decides which
    # kinds a role may unmask, and an export needs a grant in force for the exporter.
    "complaints.unmask": Permission(STAFF),
    "complaints.export": Permission(STAFF),
    "customer_data.audit": Permission(SUPERVISORS | {"legal", "hr"}),
    "customer_data.approve_export": Permission(frozenset({"manager", "director", "general_manager", *ADMINISTRATION})),
    # CMP-15 / CMP-17: the desk grades, and records visits and a property case's dates.
    "complaints.regrade": Permission(STAFF),
    "complaints.visit": Permission(STAFF),
    "complaints.property_dates": Permission(STAFF),
    # CMP-08 evidence: staff attach and read photos and documents of their branch's cases.
    "complaints.evidence.attach": Permission(STAFF),
    "complaints.evidence.read": Permission(STAFF),
    # CMP-05..07 workflow. Coarse gates mirroring the service's default workflow policy
    # (complaints.workflow.domain.policy); the service checks the exact role, grade, level,
    # head office and that no one approves their own report or acknowledges their own step.
    "complaints.route": Permission(frozenset({"agent", "team_lead", "manager"})),
    "complaints.assign_department": Permission(frozenset({*ADMINISTRATION, "director", "general_manager"})),
    "complaints.submit_report": Permission(frozenset({"agent", "team_lead", "manager", "engineer"})),
    "complaints.review_report": Permission(frozenset({"team_lead", "manager", *ADMINISTRATION, "general_manager"})),
    "complaints.customer_answer": Permission(frozenset({"agent", "team_lead", "manager"})),
    "complaints.escalate": Permission(STAFF),
    "complaints.acknowledge_escalation": Permission(STAFF),
    "complaints.workflow_read": Permission(STAFF | {"engineer"}),
    # CMP-09 supplementary agreements. A coarse gate: the service checks the chain's step,
    # grade and that no one approves their own or twice (PLT-02).
    "compensation.draft": Permission(STAFF),
    "compensation.revise": Permission(STAFF),
    "compensation.read": Permission(STAFF | {"legal", "finance"}),
    "compensation.confirm": Permission(frozenset({"legal"})),
    "compensation.sign": Permission(SUPERVISORS),
    "compensation.reject": Permission(SUPERVISORS | {"legal"}),
    "compensation.pay": Permission(frozenset({"finance"})),
    # CMP-11. Administration (admin, hr) decides responsibility, penalties and sanctions; HR
    # keeps the ledger; the GM approves sanctions. Coarse gates: the service checks the grade
    # from its penalty policy and that no one approves their own proposal (PLT-02).
    "penalties.responsibility": Permission(frozenset({*ADMINISTRATION, "hr"})),
    "penalties.assess": Permission(frozenset({*ADMINISTRATION, "hr"})),
    "penalties.read": Permission(frozenset({*ADMINISTRATION, "hr", "manager", "director", "general_manager"})),
    "penalties.ledger": Permission(frozenset({"hr", *ADMINISTRATION})),
    "penalties.ledger_read": Permission(frozenset({"hr", *ADMINISTRATION, "manager", "director", "general_manager"})),
    "penalties.sanction_propose": Permission(frozenset({*ADMINISTRATION, "hr"})),
    "penalties.sanction_approve": Permission(frozenset({"general_manager"})),
    "penalties.sanction_publish": Permission(frozenset({*ADMINISTRATION, "hr"})),
    # CMP-12 statistics: supervisors, administration and HR read their branch's (head office: all);
    # administration and leadership freeze a month (the service checks its statistics policy,
    # and that only administration recomputes a frozen month, with a reason).
    "statistics.read": Permission(SUPERVISORS | {"hr"}),
    "statistics.freeze": Permission(frozenset({*ADMINISTRATION, "director", "general_manager"})),
    # CMP-14 contacts: supervisors and HR read a contact and the agents' service levels (ATT-12
    # uses them); staff link a contact to a complaint of their branch.
    "contacts.read": Permission(SUPERVISORS | {"hr"}),
    "contacts.link": Permission(STAFF),
    # The platform's test clock (test installations only; the routes exist only in test mode).
    "platform.test_clock": Permission(frozenset({"sre"})),
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
