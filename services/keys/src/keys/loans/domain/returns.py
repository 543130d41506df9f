"""The return check (KEY-07): the keys handed back are counted and their tag read; anything
but what went out is refused and opens a case pinned on the lender, in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cskit.domain import Actor, InvalidInput
from cskit.domain.actor import require_role
from cskit.domain.rules import enforces
from keys.discrepancies.domain.model import Discrepancy, DiscrepancyKind
from keys.loans.domain.model import Loan
from keys.loans.domain.states import TRANSITIONS, LoanAction
from keys.register.domain.model import KeySet


@dataclass(frozen=True, slots=True)
class TakenBack:
    """What a return did: ``case`` is the discrepancy it opened (a refusal or a loss)."""

    loan: Loan
    case: Discrepancy | None = None
    refused: str = ""


def mismatch(loan: Loan, key_count: int, key_set_code: str) -> str:
    """Why the keys handed back are not the ones that went out, or ""."""
    if key_set_code.strip().casefold() != loan.key_set_code.casefold():
        return f"the keys handed back are tagged {key_set_code.strip()!r}, not {loan.key_set_code!r} ({loan.unit})"
    if key_count != loan.key_count:
        return f"{key_count} keys handed back, {loan.key_count} went out"
    return ""


@enforces("KEY-07")
def take_back(
    loan: Loan,
    key_set: KeySet,
    actor: Actor,
    *,
    roles: frozenset[str],
    key_count: int,
    key_set_code: str,
    lost: bool,
    note: str,
    case_id: str,
    now: datetime,
) -> TakenBack:
    """Match -> returned; mismatch -> refused, the loan stays open, a RETURN_MISMATCH case on
    the lender; declared lost -> the key set reported lost, a LOSS case on the lender."""
    require_role(actor, roles, action="taking keys back")
    if not loan.is_open:
        # A second return of a closed loan: the transition table says why (409).
        TRANSITIONS.move(loan.state, LoanAction.RETURN)
    if lost:
        case = _case(loan, actor, DiscrepancyKind.LOSS, f"keys declared lost on return. {note}".strip(), case_id, now)
        loan.keys_lost(actor, discrepancy_id=case_id, now=now)
        key_set.report_lost(actor, ref=loan.id, now=now)
        return TakenBack(loan, case)
    if not key_set_code.strip() or key_count < 1:
        raise InvalidInput.on("key_set_code", "state the number of keys and the code on their tag", rule_id="KEY-07")
    reason = mismatch(loan, key_count, key_set_code)
    if reason:
        case = _case(loan, actor, DiscrepancyKind.RETURN_MISMATCH, reason, case_id, now)
        loan.refuse_return(
            actor,
            key_count=key_count,
            key_set_code=key_set_code.strip()[:40],
            reason=reason,
            discrepancy_id=case_id,
            now=now,
        )
        return TakenBack(loan, case, reason)
    loan.returned(actor, key_count=key_count, note=note, now=now)
    key_set.return_(actor, ref=loan.id, now=now)
    return TakenBack(loan)


def _case(loan: Loan, actor: Actor, kind: DiscrepancyKind, detail: str, case_id: str, now: datetime) -> Discrepancy:
    return Discrepancy.open(
        discrepancy_id=case_id,
        branch_id=loan.branch_id,
        key_set_id=loan.key_set_id,
        kind=kind,
        pinned_on=loan.lender,
        detail=detail,
        source_ref=loan.id,
        actor=actor,
        now=now,
    )
