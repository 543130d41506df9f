"""CMP-05 Routing: where the complaint card goes, and who names the handling department.

Quality, spec, quantity and the other valid complaints go to administration, which names
the handling department; pure contract disputes (``policy.leadership_categories``) go to
leadership with an opinion; shipping-paperwork issues (route ``sales``, allowed for
``policy.sales_categories``) follow the sales rules and get no handling department here.
"""

from __future__ import annotations

from complaints.domain.values import Category, Nature
from complaints.intake.domain import rules
from complaints.workflow.domain.policy import Gate, WorkflowPolicy, require_gate
from complaints.workflow.domain.values import ReportStatus, RoutingTarget
from cskit.domain import Actor, InvalidInput, RuleViolation, enforces


@enforces("CMP-05")
def require_router(actor: Actor, policy: WorkflowPolicy) -> None:
    """Customer service fills the complaint card and sends it on."""
    require_gate(actor, policy.routing, action="routing a complaint (CMP-05)")


@enforces("CMP-05")
def require_routable(nature: Nature, report_status: ReportStatus) -> None:
    """Only a valid complaint goes on a card; once a report exists the route is settled."""
    if nature is not Nature.VALID:
        raise RuleViolation(
            f"a {nature.value} complaint is not routed; only valid complaints go on a complaint card",
            code="not_routable",
            rule_id="CMP-05",
        )
    if report_status is not ReportStatus.UNSPECIFIED:
        raise RuleViolation(
            "the case is under investigation; its route and department are settled",
            code="routing_settled",
            rule_id="CMP-05",
        )


@enforces("CMP-05")
def expected_route(category: Category, paperwork: bool, policy: WorkflowPolicy) -> RoutingTarget:
    """The route the rulebook gives a category (``paperwork``: a shipping-paperwork issue)."""
    if category in policy.leadership_categories:
        return RoutingTarget.LEADERSHIP
    if paperwork and category in policy.sales_categories:
        return RoutingTarget.SALES
    return RoutingTarget.ADMINISTRATION


@enforces("CMP-05")
def require_route_fits(category: Category, route: RoutingTarget, opinion: str, policy: WorkflowPolicy) -> str:
    """The chosen route must be the rulebook's for the category; leadership needs an opinion.
    Returns the opinion, trimmed."""
    text = rules.optional_text(opinion, "opinion", "CMP-05")
    if route is RoutingTarget.UNSPECIFIED:
        raise InvalidInput.on("route", "is required", rule_id="CMP-05")
    expected = expected_route(category, route is RoutingTarget.SALES, policy)
    if route is not expected:
        raise RuleViolation(
            f"a {category.value} complaint goes to {expected.value}, not {route.value}"
            " (contract disputes to leadership, shipping paperwork to sales, the rest to administration)",
            code="wrong_route",
            rule_id="CMP-05",
        )
    if route is RoutingTarget.LEADERSHIP and not text:
        raise InvalidInput.on("opinion", "a contract dispute goes to leadership with an opinion", rule_id="CMP-05")
    return text


@enforces("CMP-05")
def assigner_gate(route: RoutingTarget, policy: WorkflowPolicy) -> Gate:
    """Administration names the department; for a contract dispute, leadership does."""
    if route is RoutingTarget.ADMINISTRATION:
        return policy.administration
    if route is RoutingTarget.LEADERSHIP:
        return policy.leadership
    if route is RoutingTarget.SALES:
        raise RuleViolation(
            "a shipping-paperwork case follows the sales rules; no handling department is named here",
            code="sales_process",
            rule_id="CMP-05",
        )
    raise RuleViolation(
        "the case has not been routed; route it before naming a department",
        code="not_routed",
        rule_id="CMP-05",
    )


@enforces("CMP-05")
def require_assigner(actor: Actor, route: RoutingTarget, policy: WorkflowPolicy) -> None:
    require_gate(actor, assigner_gate(route, policy), action="naming the handling department (CMP-05)")


@enforces("CMP-05")
def require_department(department: str) -> str:
    return rules.require_text(department, "department", "CMP-05", multiline=False)
