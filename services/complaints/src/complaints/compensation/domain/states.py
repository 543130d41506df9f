"""Supplementary-agreement statuses and the ONE transition table (CMP-09).

drafted -> legal_confirmed -> signing -> approved -> paid; a rejection at any approval
step returns the agreement to drafted for revision and resubmission. Conditions beyond the
status (who may act, the next step of the chain, the exact amount) live in
``compensation_rules.py``.
"""

from __future__ import annotations

from enum import StrEnum

from cskit.domain.transitions import IllegalMove, TransitionTable


class IllegalAgreementMove(IllegalMove):
    """An action the agreement's current status does not allow (CMP-09)."""


class AgreementStatus(StrEnum):
    UNSPECIFIED = "unspecified"
    DRAFTED = "drafted"
    LEGAL_CONFIRMED = "legal_confirmed"
    SIGNING = "signing"
    APPROVED = "approved"
    PAID = "paid"


class AgreementAction(StrEnum):
    REVISE = "revise"
    CONFIRM = "confirm"
    SIGN = "sign"
    # Recorded by the aggregate itself when the chain's last signature is in.
    APPROVE = "approve"
    REJECT = "reject"
    PAY = "pay"


TRANSITIONS: TransitionTable[AgreementStatus, AgreementAction] = TransitionTable(
    {
        (AgreementStatus.DRAFTED, AgreementAction.REVISE): AgreementStatus.DRAFTED,
        (AgreementStatus.DRAFTED, AgreementAction.CONFIRM): AgreementStatus.LEGAL_CONFIRMED,
        # Legal counsel refuses to confirm: stays drafted, with the reason, for revision.
        (AgreementStatus.DRAFTED, AgreementAction.REJECT): AgreementStatus.DRAFTED,
        (AgreementStatus.LEGAL_CONFIRMED, AgreementAction.SIGN): AgreementStatus.SIGNING,
        (AgreementStatus.SIGNING, AgreementAction.SIGN): AgreementStatus.SIGNING,
        (AgreementStatus.SIGNING, AgreementAction.APPROVE): AgreementStatus.APPROVED,
        (AgreementStatus.LEGAL_CONFIRMED, AgreementAction.REJECT): AgreementStatus.DRAFTED,
        (AgreementStatus.SIGNING, AgreementAction.REJECT): AgreementStatus.DRAFTED,
        (AgreementStatus.APPROVED, AgreementAction.PAY): AgreementStatus.PAID,
    },
    record="an agreement",
    rule="CMP-09",
    error=IllegalAgreementMove,
)


def transition(status: AgreementStatus, action: AgreementAction) -> AgreementStatus:
    """Where ``action`` leads from ``status``; IllegalAgreementMove (CMP-09) if nowhere."""
    return TRANSITIONS.move(status, action)
