"""Who may do what in the case workflow (CMP-05, CMP-06, CMP-07): policy with defaults.

The rulebook names the parties (customer service, administration, leadership, the handling
department, supervisor, general manager; store, operations supervisor, head-office customer
service) but PLT-02 gives roles, not departments. The default mapping:

- customer service (营运部客服), which fills and routes the card and answers the customer:
  ``agent``, ``team_lead``, ``manager``;
- administration (行政人事部): ``admin`` (a branch's) and ``hq_admin`` (head office's,
  cskit.domain.actor.ADMINISTRATION); leadership (公司有关领导): ``director``,
  ``general_manager``;
- the handling department writing the report: ``agent``, ``team_lead``, ``manager``,
  ``engineer`` (the token carries no department, so membership is not checked);
- approval chain: supervisor = ``team_lead``/``manager`` grade 2+, administration =
  ``admin`` grade 3+, general manager = ``general_manager`` grade 5+ (the rulebook gives no
  grades; these are ours);
- escalation ladder: store = ``agent``/``team_lead``; operations supervisor = ``manager``;
  head-office customer service = ``agent``/``team_lead``/``manager`` at head office;
  administration = ``admin``; general manager = ``general_manager``.

Overrides come as plain JSON (``workflow_policy_from``), validated at start-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from complaints.domain.values import Category
from complaints.workflow.domain.values import CHAIN, LADDER, ApprovalStep, EscalationLevel
from cskit.domain import Actor, FieldViolation, Forbidden, InvalidInput, enforces, require_role
from cskit.domain.actor import ADMINISTRATION


@dataclass(frozen=True, slots=True)
class Gate:
    """Who may act: any of ``roles``, at ``min_grade`` or above, at head office if asked."""

    roles: frozenset[str]
    min_grade: int = 0
    head_office: bool = False


CUSTOMER_SERVICE = frozenset({"agent", "team_lead", "manager"})


def _chain() -> dict[ApprovalStep, Gate]:
    return {
        ApprovalStep.SUPERVISOR: Gate(frozenset({"team_lead", "manager"}), 2),
        ApprovalStep.ADMINISTRATION: Gate(ADMINISTRATION, 3),
        ApprovalStep.GENERAL_MANAGER: Gate(frozenset({"general_manager"}), 5),
    }


def _ladder() -> dict[EscalationLevel, Gate]:
    return {
        EscalationLevel.STORE: Gate(frozenset({"agent", "team_lead"})),
        EscalationLevel.OPERATIONS_SUPERVISOR: Gate(frozenset({"manager"})),
        EscalationLevel.HEAD_OFFICE_CUSTOMER_SERVICE: Gate(CUSTOMER_SERVICE, head_office=True),
        EscalationLevel.ADMINISTRATION: Gate(ADMINISTRATION),
        EscalationLevel.GENERAL_MANAGER: Gate(frozenset({"general_manager"})),
    }


@dataclass(frozen=True, slots=True)
class WorkflowPolicy:
    # CMP-05: customer service fills the complaint card and sends it on.
    routing: Gate = Gate(CUSTOMER_SERVICE)
    # CMP-05: administration names the handling department.
    administration: Gate = Gate(ADMINISTRATION)
    # CMP-05: leadership rules on pure contract disputes (and may name a department).
    leadership: Gate = Gate(frozenset({"director", "general_manager"}))
    # CMP-05: categories that are pure contract disputes (to leadership, with an opinion).
    leadership_categories: frozenset[Category] = frozenset({Category.CONTRACT_BREACH})
    # CMP-05: categories whose shipping-paperwork issues may follow the sales rules.
    sales_categories: frozenset[Category] = frozenset({Category.DELIVERY, Category.TRANSPORT_DAMAGE})
    # CMP-06: the handling department's report writers.
    report_authors: Gate = Gate(frozenset({"agent", "team_lead", "manager", "engineer"}))
    # CMP-06: supervisor -> administration -> general manager, role and grade per step.
    approval_chain: Mapping[ApprovalStep, Gate] = field(default_factory=_chain)
    # CMP-06: customer service records how the customer was answered.
    customer_service: Gate = Gate(CUSTOMER_SERVICE)
    # CMP-07: the roles of each level of the escalation ladder.
    ladder: Mapping[EscalationLevel, Gate] = field(default_factory=_ladder)

    def step_gate(self, step: ApprovalStep) -> Gate:
        return self.approval_chain[step]

    def level_gate(self, level: EscalationLevel) -> Gate:
        return self.ladder[level]


# The rule each policy field configures.
WORKFLOW_POLICY_RULES: dict[str, str] = {
    "routing": "CMP-05",
    "administration": "CMP-05",
    "leadership": "CMP-05",
    "leadership_categories": "CMP-05",
    "sales_categories": "CMP-05",
    "report_authors": "CMP-06",
    "approval_chain": "CMP-06",
    "customer_service": "CMP-06",
    "ladder": "CMP-07",
}

DEFAULT_WORKFLOW_POLICY = WorkflowPolicy()

_GATES = ("routing", "administration", "leadership", "report_authors", "customer_service")


@enforces("CMP-05", "CMP-06", "CMP-07", "PLT-02")
def workflow_policy_from(data: Mapping[str, Any]) -> WorkflowPolicy:
    """The defaults with ``data``'s overrides, e.g.
    ``{"administration": {"roles": ["admin", "hr"]}, "approval_chain": {"general_manager": {"min_grade": 7}},
    "ladder": {"operations_supervisor": {"roles": ["manager", "director"]}}}``.
    A gate given in part keeps its other defaults; every bad key is reported in one InvalidInput."""
    bad: list[FieldViolation] = []
    changes: dict[str, Any] = {}
    base = DEFAULT_WORKFLOW_POLICY
    for key, value in data.items():
        if key in _GATES:
            changes[key] = _gate(getattr(base, key), value, key, bad)
        elif key in ("leadership_categories", "sales_categories"):
            try:
                changes[key] = frozenset(Category(v) for v in value)
            except (TypeError, ValueError):
                bad.append(FieldViolation(key, "must be a list of complaint categories"))
        elif key == "approval_chain" and isinstance(value, Mapping):
            chain = dict(base.approval_chain)
            for name, raw in value.items():
                step = next((s for s in CHAIN if s.value == name), None)
                if step is None:
                    bad.append(FieldViolation(f"{key}.{name}", f"must be one of {[s.value for s in CHAIN]}"))
                else:
                    chain[step] = _gate(chain[step], raw, f"{key}.{name}", bad)
            changes[key] = chain
        elif key == "ladder" and isinstance(value, Mapping):
            ladder = dict(base.ladder)
            for name, raw in value.items():
                level = next((lv for lv in LADDER if lv.value == name), None)
                if level is None:
                    bad.append(FieldViolation(f"{key}.{name}", f"must be one of {[lv.value for lv in LADDER]}"))
                else:
                    ladder[level] = _gate(ladder[level], raw, f"{key}.{name}", bad)
            changes[key] = ladder
        else:
            bad.append(FieldViolation(key, "unknown workflow policy setting"))
    if bad:
        first = bad[0].field.split(".", 1)[0]
        raise InvalidInput(
            "bad complaint workflow policy",
            code="invalid_policy",
            rule_id=WORKFLOW_POLICY_RULES.get(first),
            violations=tuple(bad),
        )
    return replace(base, **changes)


def _gate(default: Gate, raw: object, where: str, bad: list[FieldViolation]) -> Gate:
    if not isinstance(raw, Mapping) or set(raw) - {"roles", "min_grade", "head_office"}:
        bad.append(FieldViolation(where, "must be an object with roles, min_grade, head_office"))
        return default
    roles, grade, head = (
        raw.get("roles", default.roles),
        raw.get("min_grade", default.min_grade),
        raw.get("head_office", default.head_office),
    )
    if isinstance(roles, str) or not all(isinstance(r, str) and r for r in roles) or not roles:
        bad.append(FieldViolation(f"{where}.roles", "must be a non-empty list of role names"))
        return default
    if isinstance(grade, bool) or not isinstance(grade, int) or grade < 0:
        bad.append(FieldViolation(f"{where}.min_grade", "must be a whole number, 0 or more"))
        return default
    if not isinstance(head, bool):
        bad.append(FieldViolation(f"{where}.head_office", "must be true or false"))
        return default
    return Gate(frozenset(roles), grade, head)


def is_member(actor: Actor, gate: Gate) -> bool:
    """The actor holds one of the gate's roles, its grade, and head office if it asks."""
    return (
        actor.has_any_role(gate.roles) and actor.grade >= gate.min_grade and (actor.head_office or not gate.head_office)
    )


@enforces("PLT-02")
def require_gate(actor: Actor, gate: Gate, *, action: str) -> None:
    """Role and grade (the kit's check), then head office where the gate asks for it."""
    require_role(actor, gate.roles, min_grade=gate.min_grade, action=action)
    if gate.head_office and not actor.head_office:
        raise Forbidden(f"{action} is for head office", code="head_office_required", rule_id="PLT-02")
