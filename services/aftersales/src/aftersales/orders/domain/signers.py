"""Who may sign a work order off (AFS-03): at home an adult of the household; a public facility
a qualified role of the department that reported it."""

from __future__ import annotations

from aftersales.domain.kinds import OrderKind
from aftersales.domain.policy import AftersalesPolicy
from aftersales.orders.domain.form import HOUSEHOLD
from cskit.domain import RuleViolation


def check_signer(
    *,
    kind: OrderKind,
    reporting_department: str,
    department: str,
    position: str,
    signer_age: int,
    policy: AftersalesPolicy,
) -> None:
    """Raises when the signer may not sign for this order; ``WorkOrder.sign_off`` enforces AFS-03 with it."""
    if kind.at_home:
        if department != HOUSEHOLD:
            raise RuleViolation("signed at home by the household", code="signer_not_household", rule_id="AFS-03")
        if signer_age < policy.adult_age or signer_age > 150:
            raise RuleViolation(
                f"signed by an adult of the household ({policy.adult_age} or over)",
                code="signer_not_adult",
                rule_id="AFS-03",
            )
    else:
        if department != reporting_department:
            raise RuleViolation(
                f"signed by the reporting department ({reporting_department})",
                code="signer_wrong_department",
                rule_id="AFS-03",
            )
        if not policy.may_sign_for(department, position):
            raise RuleViolation(
                f"a {position or 'member'} of {department} may not sign for its reports",
                code="signer_not_qualified",
                rule_id="AFS-03",
            )
