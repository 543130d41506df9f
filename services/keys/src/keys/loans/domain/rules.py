"""The lending rules, one pure function per clause, each tagged with its rule ID.

Who a key may go to is decided here, before the key set moves; the key set only guards its
states (``keys.register.domain.states``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from cskit.domain import Forbidden, InvalidInput, RuleViolation
from cskit.domain.actor import IdentityGrammar
from cskit.domain.rules import enforces
from keys.domain.kinds import KeyKind, due_same_day
from keys.domain.policy import KeysPolicy
from keys.loans.domain.policy import LoansPolicy


class BorrowerKind(StrEnum):
    STAFF = "staff"
    OWNER_COLLECTOR = "owner_collector"
    CONTRACTOR = "contractor"


# The property's own staff; nobody else borrows without the checks below (KEY-04).
STAFF_ROLES = ("customer_service", "engineer", "security", "cleaning")
# KEY-05: which proof each kind of collector shows.
PROOFS = {
    "owner": ("ownership_proof",),
    "helper": ("access_pass",),
    "family": ("id_copy", "authorisation_letter"),
    "agent": ("id_copy", "authorisation_letter"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Borrowing:
    """Who takes the keys, and the papers they came with (as the request states them)."""

    borrower_kind: str
    borrower: str = ""
    borrower_role: str = ""
    borrower_name: str = ""
    collector_relation: str = ""
    proof_kind: str = ""
    proof_document_id: str = ""
    owner_call_at: datetime | None = None
    owner_consent_at: datetime | None = None
    contractor_company: str = ""
    developer_paperwork_ref: str = ""
    special_case_reason: str = ""
    special_case_approver: str = ""


def borrower_kind_of(value: str) -> BorrowerKind:
    try:
        return BorrowerKind(value)
    except ValueError:
        raise InvalidInput.on("borrower_kind", "must be staff, owner_collector or contractor") from None


def to_minute(at: datetime) -> datetime:
    return at.replace(second=0, microsecond=0)


@enforces("KEY-04")
def due_time(
    kind: KeyKind, requested: datetime | None, now: datetime, keys: KeysPolicy, loans: LoansPolicy
) -> datetime:
    """Vacant-unit and repair keys are due by the end of today's shift; others when asked,
    within the longest loan."""
    if due_same_day(kind):
        shift_end = keys.shift_end_of(now)
        if now >= shift_end:
            raise RuleViolation(
                f"{kind.value} keys are lent only before the end of the shift ({keys.shift_end:%H:%M})",
                code="after_shift_end",
                rule_id="KEY-04",
            )
        if requested is not None and requested > shift_end:
            raise InvalidInput.on(
                "due_at", "vacant-unit and repair keys are due back before the end of the shift", rule_id="KEY-04"
            )
        return requested if requested is not None and requested > now else shift_end
    if requested is None:
        raise InvalidInput.on("due_at", "is required: when the keys are due back", rule_id="KEY-04")
    if requested <= now:
        raise InvalidInput.on("due_at", "must be in the future", rule_id="KEY-04")
    if requested > now + loans.max_loan:
        raise InvalidInput.on("due_at", f"must be within {loans.max_loan.days} days", rule_id="KEY-04")
    return requested


@enforces("KEY-04")
def check_borrower(kind: KeyKind, b: Borrowing) -> BorrowerKind:
    """Keys go to the property's own staff; an owner's collector or a contractor only with
    the identity checks of KEY-05 and KEY-12 (the permission the rule asks for)."""
    if kind is KeyKind.HAZARDOUS:
        # KEY-15's own flow (issued in person, with a usage record) is the only way out.
        raise RuleViolation(
            "the hazardous-materials cabinet key is issued in person, never lent", code="never_lent", rule_id="KEY-15"
        )
    borrower_kind = borrower_kind_of(b.borrower_kind)
    if borrower_kind is not BorrowerKind.OWNER_COLLECTOR:
        if not IdentityGrammar.subject_ok(b.borrower):
            raise InvalidInput.on("borrower", "must be a staff member's id", rule_id="KEY-04")
        if b.borrower_role not in STAFF_ROLES:
            raise InvalidInput.on("borrower_role", f"must be one of {', '.join(STAFF_ROLES)}", rule_id="KEY-04")
    if borrower_kind is BorrowerKind.OWNER_COLLECTOR and kind is not KeyKind.OWNER_ENTRUSTED:
        raise Forbidden(
            "only an owner-entrusted key goes to the owner's collector", code="not_owners_key", rule_id="KEY-04"
        )
    return borrower_kind


@enforces("KEY-05")
def check_collector(b: Borrowing, now: datetime, loans: LoansPolicy) -> tuple[datetime | None, datetime | None]:
    """A non-owner shows the proof of their relation (its copy kept) and the owner agrees on
    the phone, the call time to the minute; the owner shows proof of ownership."""
    if not b.borrower_name.strip():
        raise InvalidInput.on("borrower_name", "the collector's name is required", rule_id="KEY-05")
    allowed = PROOFS.get(b.collector_relation)
    if allowed is None:
        raise InvalidInput.on("collector_relation", "must be owner, helper, family or agent", rule_id="KEY-05")
    if b.proof_kind not in allowed:
        raise InvalidInput.on("proof_kind", f"a {b.collector_relation} shows {' or '.join(allowed)}", rule_id="KEY-05")
    if not b.proof_document_id.strip():
        raise InvalidInput.on("proof_document_id", "the kept copy's document id is required", rule_id="KEY-05")
    if b.collector_relation == "owner":
        return None, None
    if b.owner_call_at is None or b.owner_consent_at is None:
        raise InvalidInput.on(
            "owner_consent_at", "the owner's phone consent and the call time are required", rule_id="KEY-05"
        )
    call, consent = to_minute(b.owner_call_at), to_minute(b.owner_consent_at)
    latest = now + loans.clock_skew
    if b.owner_call_at > latest or b.owner_consent_at > latest:
        raise InvalidInput.on("owner_call_at", "the call cannot be in the future", rule_id="KEY-05")
    if consent < call:
        raise InvalidInput.on(
            "owner_consent_at", "the consent cannot be recorded before the call was made", rule_id="KEY-05"
        )
    if call < now - loans.consent_valid_for:
        hours = loans.consent_valid_for / timedelta(hours=1)
        raise InvalidInput.on(
            "owner_call_at", f"the owner's consent must be for this collection (within {hours:g} h)", rule_id="KEY-05"
        )
    return call, consent


@enforces("KEY-12")
def check_contractor(kind: KeyKind, b: Borrowing) -> None:
    """A contractor borrows repair keys only with the developer's paperwork, signed for by an
    engineer, who is the borrower of record (outside workers never borrow directly)."""
    if kind is not KeyKind.REPAIR:
        raise Forbidden("contractors borrow repair keys only", code="contractor_repair_only", rule_id="KEY-12")
    if not b.developer_paperwork_ref.strip():
        raise InvalidInput.on("developer_paperwork_ref", "the developer's paperwork is required", rule_id="KEY-12")
    if not b.borrower_name.strip():
        raise InvalidInput.on("borrower_name", "the contractor's worker is named", rule_id="KEY-12")
    if b.borrower_role != "engineer":
        raise Forbidden(
            "an engineer signs for the contractor and borrows the keys", code="engineer_signatory", rule_id="KEY-12"
        )


@enforces("KEY-13")
def check_plant_room(kind: KeyKind, b: Borrowing, lender: str) -> None:
    """Customer-service staff do not take plant-room keys, except a recorded special case
    approved by a manager who is neither the lender nor the borrower."""
    if kind is not KeyKind.PLANT_ROOM or b.borrower_role != "customer_service":
        return
    if not b.special_case_reason.strip() or not b.special_case_approver:
        raise Forbidden(
            "customer-service staff take plant-room keys only in a special case, with the reason and a manager's approval",
            code="plant_room_special_case",
            rule_id="KEY-13",
        )
    if not IdentityGrammar.subject_ok(b.special_case_approver):
        raise InvalidInput.on("special_case_approver", "must be a manager's id", rule_id="KEY-13")
    if b.special_case_approver in (lender, b.borrower):
        raise Forbidden(
            "the special case is approved by someone else than the requester", code="self_approval", rule_id="PLT-02"
        )
