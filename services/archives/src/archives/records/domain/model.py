"""The archive record: one original in the archives (ARC-01), event-sourced.

Every movement (received, placed, transferred, lent, returned, missing, found, sealed, held,
released, destroyed) is a method here going through the ONE transition table; the sub-domain
that owns the cause (a loan, a stock-take, a destruction) calls it inside its own unit of
work with its record's id as ``ref``. So the record's history is the register of everything
that happened to the file (ARC-12, PLT-04). The rules that belong to the file itself are
here, once: what may be filed (ARC-01, ARC-02), when it may be sealed (ARC-04) and when and
how it may be destroyed (ARC-11, ARC-13)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from archives.domain.categories import (
    Category,
    Medium,
    RecordState,
    category_of,
    confidentiality_of,
    medium_of,
)
from archives.domain.policy import ArchivesPolicy, years_after
from archives.records.domain.events import (
    OriginalReceived,
    RecordConditionNoted,
    RecordDestroyed,
    RecordEvent,
    RecordFiled,
    RecordFound,
    RecordHeld,
    RecordLent,
    RecordPlaced,
    RecordReleased,
    RecordReportedMissing,
    RecordReturned,
    RecordSealed,
    RecordTransferred,
    Reference,
)
from archives.records.domain.filing import ARCHIVISTS, CONDITIONS, checked_references, checked_sha256, text
from archives.records.domain.record import ArchiveRecordState
from archives.records.domain.states import TRANSITIONS, RecordAction
from cskit.domain import Actor, InvalidInput, RuleViolation
from cskit.domain.actor import require_role, staff_id
from cskit.domain.rules import enforces

# ARC-11: nothing is simply thrown away; confidential and secret files are shredded.
DESTRUCTION_METHODS = frozenset({"shredding", "pulping", "incineration", "electronic_erasure"})
SHREDDING = "shredding"


class ArchiveRecord(ArchiveRecordState):
    """Build it with ``file`` or ``rebuild``, never directly."""

    # -- filing ------------------------------------------------------------------------------

    @classmethod
    @enforces("ARC-01", "ARC-02", "ARC-04", "ARC-13")
    def file(
        cls,
        *,
        record_id: str,
        actor: Actor,
        branch_id: str,
        policy: ArchivesPolicy,
        title: str,
        category: str,
        confidentiality: str,
        medium: str,
        department: str,
        handed_over_by: str,
        document_date: date,
        original: bool,
        external: bool = False,
        counterparty: str = "",
        retention_years: int = 0,
        references: Sequence[Reference] = (),
        file_pointer: str = "",
        sha256: str = "",
        notes: str = "",
        location: str = "",
        source: tuple[str, str, str, str] = ("", "", "", ""),
        now: datetime,
    ) -> ArchiveRecord:
        """An original enters the archives. By hand, the archivist receives it there and then
        (the handover record names who handed it over); from a filing request, an electronic
        original is filed at once and a paper one awaits its handover (``receive``).

        ``source`` is (filing id, service, record type, record id) of a filing request."""
        require_role(actor, ARCHIVISTS, action="filing a record")
        if not original:
            raise InvalidInput("only originals are filed, complete and true", code="not_an_original", rule_id="ARC-01")
        checked_category = category_of(category)
        checked_medium = medium_of(medium)
        other = text("counterparty", counterparty)
        # ARC-02: internal and external documents are kept apart; each external organisation has its own file.
        if external and not other:
            raise InvalidInput.on("counterparty", "an external document names its organisation", rule_id="ARC-02")
        if not external and other:
            raise InvalidInput.on("counterparty", "only an external document names an organisation", rule_id="ARC-02")
        if not 0 <= retention_years <= 100:
            raise InvalidInput.on("retention_years", "must be 0 (the category's period) to 100", rule_id="ARC-04")
        if document_date > policy.local_day(now):
            raise InvalidInput.on("document_date", "must not be in the future")
        pointer = text("file_pointer", file_pointer)
        if checked_medium is Medium.ELECTRONIC and not pointer:
            raise InvalidInput.on("file_pointer", "an electronic original names its file", rule_id="ARC-01")
        dept = text("department", department)
        giver = staff_id(handed_over_by, "handed_over_by") if handed_over_by else ""
        by_hand = "system" not in actor.roles
        if by_hand and not giver:
            raise InvalidInput.on(
                "handed_over_by", "filing needs a handover record: who handed it over", rule_id="ARC-02"
            )
        years = policy.retention_of(checked_category, retention_years)
        received = by_hand or checked_medium is Medium.ELECTRONIC
        record = cls()
        record._record(
            RecordFiled(
                record_id=record_id,
                branch_id=branch_id,
                title=text("title", title),
                category=checked_category.value,
                confidentiality=confidentiality_of(confidentiality).value,
                medium=checked_medium.value,
                external=external,
                counterparty=other,
                department=dept,
                custodian=policy.custodian_of(checked_category, dept),
                document_date=document_date,
                retention_years=years,
                retain_until=years_after(document_date, years),
                seal_due=years_after(document_date, policy.seal_after_years),
                references=checked_references(references),
                file_pointer=pointer,
                sha256=checked_sha256(sha256),
                notes=text("notes", notes),
                filing_id=source[0],
                source_service=source[1],
                source_record_type=source[2],
                source_record_id=source[3],
                handed_over_by=giver,
                received_by=actor.subject if received else "",
                location=text("location", location),
                state=(RecordState.ON_SHELF if received else RecordState.AWAITING_ORIGINAL).value,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return record

    @classmethod
    def rebuild(cls, history: Sequence[RecordEvent]) -> ArchiveRecord:
        record = cls()
        record._replay(history)
        return record

    @enforces("ARC-02")
    def receive(self, actor: Actor, *, handed_over_by: str, location: str, note: str, now: datetime) -> None:
        """The paper original handed to the archivist: the handover record is complete."""
        require_role(actor, ARCHIVISTS, action="receiving an original")
        TRANSITIONS.move(self.state, RecordAction.RECEIVE)
        self._record(
            OriginalReceived(
                record_id=self.id,
                handed_over_by=staff_id(handed_over_by, "handed_over_by"),
                location=text("location", location),
                note=text("note", note),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("ARC-12")
    def transfer(
        self, actor: Actor, *, department: str, handed_over_by: str, note: str, policy: ArchivesPolicy, now: datetime
    ) -> None:
        """Custody passes to another department (with its handover record)."""
        require_role(actor, ARCHIVISTS, action="transferring a record")
        TRANSITIONS.move(self.state, RecordAction.TRANSFER)
        dept = text("department", department)
        self._record(
            RecordTransferred(
                record_id=self.id,
                custodian=policy.custodian_of(self.category, dept),
                department=dept,
                handed_over_by=staff_id(handed_over_by, "handed_over_by"),
                note=text("note", note),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    # -- movements other sub-domains cause (their rules are theirs; the state's are here) ----

    def place(self, actor: Actor, *, ref: str, volume_id: str, archive_no: str, location: str, now: datetime) -> None:
        TRANSITIONS.move(self.state, RecordAction.PLACE)
        self._record(
            RecordPlaced(
                record_id=self.id,
                volume_id=volume_id,
                archive_no=text("archive_no", archive_no),
                location=text("location", location),
                ref=ref,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def lend(self, actor: Actor, *, ref: str, borrower: str, due_at: datetime, in_place: bool, now: datetime) -> None:
        TRANSITIONS.move(self.state, RecordAction.LEND)
        self._record(
            RecordLent(
                record_id=self.id,
                ref=ref,
                borrower=borrower,
                due_at=due_at,
                in_place=in_place,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def return_(self, actor: Actor, *, ref: str, condition: str, now: datetime) -> None:
        TRANSITIONS.move(self.state, RecordAction.RETURN)
        if ref != self.ref:
            raise InvalidInput(f"record {self.id} is out under another loan", code="wrong_loan", rule_id="ARC-06")
        self._record(
            RecordReturned(
                record_id=self.id, ref=ref, condition=self._condition(condition), actor=actor.subject, occurred_at=now
            )
        )

    def report_missing(self, actor: Actor, *, ref: str, note: str, now: datetime) -> None:
        TRANSITIONS.move(self.state, RecordAction.REPORT_MISSING)
        self._record(
            RecordReportedMissing(
                record_id=self.id, ref=ref, note=text("note", note), actor=actor.subject, occurred_at=now
            )
        )

    def find(self, actor: Actor, *, ref: str, location: str, now: datetime) -> None:
        TRANSITIONS.move(self.state, RecordAction.FIND)
        self._record(
            RecordFound(
                record_id=self.id, ref=ref, location=text("location", location), actor=actor.subject, occurred_at=now
            )
        )

    def note_condition(self, actor: Actor, *, ref: str, condition: str, note: str, now: datetime) -> None:
        TRANSITIONS.move(self.state, RecordAction.NOTE_CONDITION)
        self._record(
            RecordConditionNoted(
                record_id=self.id,
                ref=ref,
                condition=self._condition(condition),
                note=text("note", note),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("ARC-04")
    def seal(self, actor: Actor, *, ref: str, bag_number: str, policy: ArchivesPolicy, now: datetime) -> None:
        """Into its archive bag, once its sealing year has come (the bag's number recorded)."""
        TRANSITIONS.move(self.state, RecordAction.SEAL)
        if self.bag_number:
            raise RuleViolation(f"record {self.id} is already sealed", code="already_sealed", rule_id="ARC-04")
        if policy.local_day(now) < self.seal_due:
            raise RuleViolation(
                f"record {self.id} is sealed from {self.seal_due.isoformat()}",
                code="not_due_for_sealing",
                rule_id="ARC-04",
            )
        self._record(
            RecordSealed(
                record_id=self.id,
                ref=ref,
                bag_number=text("bag_number", bag_number),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("ARC-11")
    def hold(self, actor: Actor, *, ref: str, reason: str, now: datetime) -> None:
        """Kept whatever its retention says (a dispute, an audit) until released."""
        TRANSITIONS.move(self.state, RecordAction.HOLD)
        if ref in self.holds:
            return
        self._record(
            RecordHeld(record_id=self.id, ref=ref, reason=text("reason", reason), actor=actor.subject, occurred_at=now)
        )

    def release(self, actor: Actor, *, ref: str, now: datetime) -> None:
        TRANSITIONS.move(self.state, RecordAction.RELEASE)
        if ref in self.holds:
            self._record(RecordReleased(record_id=self.id, ref=ref, actor=actor.subject, occurred_at=now))

    def destruction_refusal(self, policy: ArchivesPolicy, now: datetime) -> RuleViolation | None:
        """Why the file may not be destroyed now, or None (ARC-11, ARC-13): for a proposal's
        check and for ``destroy``, so both say the same."""
        if self.state is not RecordState.ON_SHELF:
            return RuleViolation(
                f"record {self.id} is {self.state.value}, not on the shelf",
                code="record_not_on_shelf",
                rule_id="ARC-11",
            )
        if policy.local_day(now) < self.retain_until:
            rule = "ARC-13" if self.category is Category.COMPLAINT_RECORD else "ARC-11"
            return RuleViolation(
                f"record {self.id} is under retention until {self.retain_until.isoformat()}",
                code="under_retention",
                rule_id=rule,
            )
        if self.holds:
            return RuleViolation(
                f"record {self.id} is on hold ({', '.join(self.holds)})", code="on_hold", rule_id="ARC-11"
            )
        return None

    def check_destruction_method(self, method: str) -> None:
        """ARC-11: an allowed method, and shredding for confidential and secret files; for a
        proposal's early check and for ``destroy``, so both say the same."""
        if method not in DESTRUCTION_METHODS:
            raise InvalidInput.on(
                "method", f"must be one of {', '.join(sorted(DESTRUCTION_METHODS))}", rule_id="ARC-11"
            )
        if self.restricted and method != SHREDDING:
            raise RuleViolation(
                f"record {self.id} is {self.confidentiality.value}: it is destroyed by shredding",
                code="shredding_required",
                rule_id="ARC-11",
            )

    @enforces("ARC-11", "ARC-13")
    def destroy(self, actor: Actor, *, ref: str, method: str, policy: ArchivesPolicy, now: datetime) -> None:
        """Past retention, not held, by an allowed method (confidential and secret: shredding);
        the approved destruction record ``ref`` is the caller's."""
        if (refusal := self.destruction_refusal(policy, now)) is not None:
            raise refusal
        self.check_destruction_method(method)
        TRANSITIONS.move(self.state, RecordAction.DESTROY)
        self._record(RecordDestroyed(record_id=self.id, ref=ref, method=method, actor=actor.subject, occurred_at=now))

    @staticmethod
    def _condition(value: str) -> str:
        if value not in CONDITIONS:
            raise InvalidInput.on("condition", "must be good or damaged", rule_id="ARC-08")
        return value
