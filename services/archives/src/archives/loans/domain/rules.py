"""The borrowing rules, one pure function per clause, each tagged with its rule ID. The file
itself only guards its states (``archives.records.domain.states``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum

from archives.domain.categories import Category, Confidentiality
from archives.domain.clearance import may_approve_reading
from archives.domain.policy import ArchivesPolicy
from archives.loans.domain.policy import LoansPolicy
from cskit.domain import Actor, Forbidden, InvalidInput, RuleViolation
from cskit.domain.actor import require_not_requester, require_role
from cskit.domain.rules import enforces
from cskit.domain.text import bounded_text
from cskit.privacy import mask_id_number

# Who lends, takes back and counts with the borrower at the archive room (ARC-06).
ARCHIVISTS = frozenset({"archivist"})


class LoanKind(StrEnum):
    # Out of the archive room to the borrower's desk - never out of the company (ARC-06: there
    # is no "take out" kind for anyone).
    LEND = "lend"
    READ_IN_PLACE = "read_in_place"


class BorrowerKind(StrEnum):
    STAFF = "staff"
    EXTERNAL = "external"
    PARENT_COMPANY = "parent_company"


class Incident(StrEnum):
    LOST = "lost"
    DAMAGED = "damaged"
    LEAKED = "leaked"


ID_DOCUMENTS = ("resident_id", "passport", "work_pass", "other")


def text(value: str, field: str, limit: int, *, required: bool = False, multiline: bool = False) -> str:
    return bounded_text(value, field, limit, required=required, multiline=multiline)


def kind_of(value: str) -> LoanKind:
    try:
        return LoanKind(value)
    except ValueError:
        raise InvalidInput.on("kind", "must be lend or read_in_place", rule_id="ARC-06") from None


def borrower_kind_of(value: str) -> BorrowerKind:
    try:
        return BorrowerKind(value or BorrowerKind.STAFF.value)
    except ValueError:
        raise InvalidInput.on("borrower_kind", "must be staff, external or parent_company", rule_id="ARC-06") from None


def incident_of(value: str) -> Incident:
    try:
        return Incident(value)
    except ValueError:
        raise InvalidInput.on("incident", "must be lost, damaged or leaked", rule_id="ARC-08") from None


@enforces("ARC-05")
def check_kind(kind: LoanKind, category: Category, policy: ArchivesPolicy) -> None:
    """Document (文书) archives are read in place, never lent (000 §1 1.2.2)."""
    if kind is LoanKind.LEND and category in policy.document_categories:
        raise RuleViolation(
            f"{category.value} is a document archive: it is read in place, never lent",
            code="document_read_in_place",
            rule_id="ARC-05",
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Visitor:
    """An external borrower's registration, as checked: only what the register needs (PLT-06)."""

    name: str
    organisation: str
    introduction_letter_ref: str
    id_document_kind: str
    id_number_masked: str


@enforces("ARC-06")
def check_external(
    borrower_kind: BorrowerKind,
    kind: LoanKind,
    actor: Actor,
    *,
    name: str,
    organisation: str,
    introduction_letter_ref: str,
    id_document_kind: str,
    id_number: str,
) -> Visitor | None:
    """Another organisation's people (and the parent company's, the same registration) come
    with their introduction letter and ID, are registered by the archivist and read in the
    archive room only: nothing leaves the company (000 §1 1.2.8, 1.2.9, 2.5.1)."""
    if borrower_kind is BorrowerKind.STAFF:
        if any((name, organisation, introduction_letter_ref, id_document_kind, id_number)):
            raise InvalidInput.on("borrower_kind", "a staff borrower registers as themself, without papers")
        return None
    require_role(actor, ARCHIVISTS, action="registering an external borrower")
    if kind is not LoanKind.READ_IN_PLACE:
        raise RuleViolation(
            "external borrowers read in the archive room only: no file leaves the company",
            code="external_read_in_place",
            rule_id="ARC-06",
        )
    if id_document_kind not in ID_DOCUMENTS:
        raise InvalidInput.on("id_document_kind", f"must be one of {', '.join(ID_DOCUMENTS)}", rule_id="ARC-06")
    number = text(id_number, "id_number", 40, required=True)
    return Visitor(
        name=text(name, "borrower_name", 100, required=True),
        organisation=text(organisation, "organisation", 200, required=True),
        introduction_letter_ref=text(introduction_letter_ref, "introduction_letter_ref", 100, required=True),
        id_document_kind=id_document_kind,
        id_number_masked=mask_id_number(number),
    )


def end_of_day(at: datetime, policy: ArchivesPolicy) -> datetime:
    """The end of ``at``'s local day (the next local midnight)."""
    day = policy.local_day(at) + timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=policy.zone)


@enforces("ARC-06")
def due_time(
    kind: LoanKind, requested: datetime | None, now: datetime, archives: ArchivesPolicy, loans: LoansPolicy
) -> datetime | None:
    """A lent file has a due date within the longest loan; a file read in place is due back
    the same local day (None at the request: the day it is read)."""
    if kind is LoanKind.READ_IN_PLACE:
        if requested is not None and archives.local_day(requested) != archives.local_day(now):
            raise InvalidInput.on("due_at", "a file read in place is due back the same day", rule_id="ARC-06")
        return None
    if requested is None:
        raise InvalidInput.on("due_at", "is required: when the file is due back", rule_id="ARC-06")
    if requested <= now:
        raise InvalidInput.on("due_at", "must be in the future", rule_id="ARC-06")
    if requested > now + loans.max_loan:
        raise InvalidInput.on("due_at", f"must be within {loans.max_loan.days} days", rule_id="ARC-06")
    return requested


@enforces("ARC-06")
def check_approver(
    actor: Actor, *, requester: str, borrower: str, borrower_kind: BorrowerKind, loans: LoansPolicy
) -> None:
    """Staff borrow within their approval rights (阅档批准权限): an approver's role, never the
    requester or the borrower (PLT-02); an external borrower needs a leader's approval."""
    require_role(actor, loans.approver_roles, action="approving a loan")
    require_not_requester(actor, requester, action="approving a loan")
    if actor.subject == borrower:
        raise Forbidden("a borrower never approves their own loan", code="self_approval", rule_id="PLT-02")
    if borrower_kind is not BorrowerKind.STAFF:
        require_role(actor, loans.leader_roles, action="approving an external borrower (a leader's approval)")


@enforces("ARC-05")
def check_special_approval(actor: Actor, level: Confidentiality, archives: ArchivesPolicy) -> bool:
    """Confidential and secret files are not open for reading at all - lent or read in place -
    without the special approval their level requires. True when the approval is special."""
    if not level.restricted:
        return False
    if not may_approve_reading(actor, level, archives):
        raise Forbidden(
            f"a {level.value} file is read only with the special approval of its level",
            code="special_approval_required",
            rule_id="ARC-05",
        )
    return True


def check_count(items: int, pages: int) -> tuple[int, int]:
    if not 1 <= items <= 10_000:
        raise InvalidInput.on("items", "count the items together: 1 to 10000", rule_id="ARC-06")
    if not 0 <= pages <= 1_000_000:
        raise InvalidInput.on("pages", "must be 0 (not counted) to 1000000", rule_id="ARC-06")
    return items, pages
