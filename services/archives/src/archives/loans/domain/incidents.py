"""ARC-08 on a loan: a loss, damage or leak reported at once in writing (moving the record in the
same transaction), and the responsibility decided by a manager, which closes the report."""

from __future__ import annotations

from datetime import datetime

from archives.loans.domain.events import IncidentReported, ResponsibilityDecided
from archives.loans.domain.policy import LoansPolicy
from archives.loans.domain.record import LoanRecord
from archives.loans.domain.reports import Report
from archives.loans.domain.rules import ARCHIVISTS, Incident, incident_of, text
from archives.loans.domain.states import TRANSITIONS, LoanAction
from archives.records.domain.model import ArchiveRecord
from cskit.domain import Actor, Forbidden, InvalidInput, RuleViolation
from cskit.domain.actor import IdentityGrammar, require_role
from cskit.domain.rules import enforces


class LoanIncidents(LoanRecord):
    """The loan's incident reports and their decisions; ``Loan`` adds the rest of its life."""

    @enforces("ARC-08")
    def report(
        self,
        actor: Actor,
        record: ArchiveRecord,
        *,
        incident: str,
        description: str,
        discovered_at: datetime | None,
        loans: LoansPolicy,
        now: datetime,
    ) -> Report:
        """The written report, at once: who, what, when discovered, what happened. A loss
        reports the record missing, damage notes its condition - in the same transaction."""
        kind = incident_of(incident)
        if actor.subject != self.borrower and not actor.has_any_role(
            ARCHIVISTS | loans.approver_roles | loans.responsibility_roles
        ):
            raise Forbidden(
                "the borrower, the archivist or an approver reports a loss, damage or leak",
                code="role_required",
                rule_id="PLT-02",
            )
        TRANSITIONS.move(self.state, LoanAction.REPORT_LOSS if kind is Incident.LOST else LoanAction.REPORT)
        found = discovered_at or now
        if found > now:
            raise InvalidInput.on("discovered_at", "cannot be in the future", rule_id="ARC-08")
        what = text(description, "description", 2000, required=True, multiline=True)
        if kind is Incident.LOST:
            record.report_missing(actor, ref=self.id, note=what, now=now)
        elif kind is Incident.DAMAGED and record.condition != "damaged":
            record.note_condition(actor, ref=self.id, condition="damaged", note=what, now=now)
        event = IncidentReported(
            loan_id=self.id,
            branch_id=self.branch_id,
            record_id=self.record_id,
            report_no=len(self.reports) + 1,
            incident=kind.value,
            borrower=self.record_borrower,
            discovered_at=found,
            description=what,
            actor=actor.subject,
            occurred_at=now,
        )
        self._record(event)
        return self.reports[-1]

    @enforces("ARC-08", "PLT-02")
    def decide(
        self, actor: Actor, *, report_no: int, responsible: str, decision: str, loans: LoansPolicy, now: datetime
    ) -> None:
        """The responsibility pursued: a manager (never the borrower, nor the one held
        responsible) records the decision, which closes the report."""
        require_role(actor, loans.responsibility_roles, action="deciding the responsibility for an incident")
        report = next((r for r in self.reports if r.report_no == report_no), None)
        if report is None:
            raise InvalidInput.on("report_no", f"loan {self.id} has no report {report_no}", rule_id="ARC-08")
        if not report.open:
            raise RuleViolation(
                f"report {report_no} of loan {self.id} is already decided", code="already_decided", rule_id="ARC-08"
            )
        if responsible and not IdentityGrammar.subject_ok(responsible):
            raise InvalidInput.on("responsible", "must be a staff member's id", rule_id="ARC-08")
        if actor.subject in {self.borrower, responsible, report.reported_by} - {""}:
            raise Forbidden(
                "the responsibility is decided by someone else than the borrower, the reporter or the one held responsible",
                code="self_approval",
                rule_id="PLT-02",
            )
        self._record(
            ResponsibilityDecided(
                loan_id=self.id,
                branch_id=self.branch_id,
                report_no=report_no,
                responsible=responsible,
                decision=text(decision, "decision", 2000, required=True, multiline=True),
                actor=actor.subject,
                occurred_at=now,
            )
        )
