"""The archives loan, pure (ARC-05 ... ARC-08): document archives read in place only;
restricted files only with their level's special approval; approval rights and never the
requester; the due date; external borrowers; the joint count confirmed by both; chasing; the
written report of a loss, damage or leak and the responsibility decision."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from archives.domain.categories import RecordState
from archives.loans.domain.model import Loan
from archives.loans.domain.policy import LoansPolicy
from archives.loans.domain.rules import end_of_day
from archives.loans.domain.states import IllegalLoanMove, LoanState
from archives.records.domain.model import ArchiveRecord
from archives.records.domain.states import IllegalRecordMove
from archives.testing import AGENT, ARCHIVIST, GM, LEAD, MANAGER, POLICY, T0, call, record
from archives.wiring import system_call

from cskit.domain import Forbidden, InvalidInput, RuleViolation

LOANS = LoansPolicy()
SYSTEM = system_call("test")


def request(rec: ArchiveRecord, kind: str = "lend", *, by: Any = AGENT, now: datetime = T0, **kw: Any) -> Loan:
    due = kw.pop("due_at", now + timedelta(days=3) if kind == "lend" else None)
    return Loan.request(
        loan_id="loan-1",
        record=rec,
        actor=by.actor,
        kind=kind,
        purpose="checking the 2025 contract terms",
        due_at=due,
        borrower_kind=kw.pop("borrower_kind", "staff"),
        archives=POLICY,
        loans=LOANS,
        now=now,
        **kw,
    )


def out(rec: ArchiveRecord, kind: str = "lend", *, approver: Any = LEAD) -> Loan:
    loan = request(rec, kind)
    loan.approve(approver.actor, note="", archives=POLICY, loans=LOANS, now=T0)
    loan.count_out(ARCHIVIST.actor, rec, items=2, pages=30, now=T0)
    loan.confirm(AGENT.actor, rec, items=2, pages=30, signature_ref="", archives=POLICY, now=T0)
    return loan


# -- ARC-05 ---------------------------------------------------------------------------------


def test_arc_05_lending_a_document_archive_is_refused_while_reading_in_place_is_allowed() -> None:
    document = record("company_document")
    with pytest.raises(RuleViolation) as err:
        request(document, "lend")
    assert (err.value.code, err.value.rule_id) == ("document_read_in_place", "ARC-05")
    loan = request(document, "read_in_place")
    assert loan.state is LoanState.REQUESTED and loan.due_at is None


def test_arc_05_a_contract_may_be_lent() -> None:
    assert request(record("contract")).kind.value == "lend"


@pytest.mark.parametrize("kind", ["lend", "read_in_place"])
def test_arc_05_a_confidential_file_is_not_read_without_its_levels_special_approval(kind: str) -> None:
    rec = record("contract", confidentiality="confidential")
    loan = request(rec, kind)
    assert loan.special_approval_needed
    with pytest.raises(Forbidden) as err:
        loan.approve(LEAD.actor, note="", archives=POLICY, loans=LOANS, now=T0)  # a team lead gives none
    assert (err.value.code, err.value.rule_id) == ("special_approval_required", "ARC-05")
    with pytest.raises(IllegalLoanMove):
        loan.count_out(ARCHIVIST.actor, rec, items=1, pages=0, now=T0)  # not open without it
    loan.approve(MANAGER.actor, note="for the audit", archives=POLICY, loans=LOANS, now=T0)
    assert loan.special_approval and loan.state is LoanState.APPROVED


def test_arc_05_a_secret_file_needs_the_general_managers_approval() -> None:
    loan = request(record("contract", confidentiality="secret"), "read_in_place")
    with pytest.raises(Forbidden):
        loan.approve(MANAGER.actor, note="", archives=POLICY, loans=LOANS, now=T0)
    loan.approve(GM.actor, note="", archives=POLICY, loans=LOANS, now=T0)
    assert loan.special_approval


# -- ARC-06 ---------------------------------------------------------------------------------


def test_arc_06_the_borrower_registers_as_themself_with_a_due_date() -> None:
    loan = request(record("contract"))
    assert (loan.borrower, loan.requester, loan.record_borrower) == ("agent-1", "agent-1", "agent-1")
    with pytest.raises(InvalidInput):
        request(record("contract"), due_at=None)
    with pytest.raises(InvalidInput):
        request(record("contract"), due_at=T0 - timedelta(hours=1))
    with pytest.raises(InvalidInput) as err:
        request(record("contract"), due_at=T0 + LOANS.max_loan + timedelta(minutes=1))
    assert err.value.rule_id == "ARC-06"


def test_arc_06_reading_in_place_is_due_the_same_local_day() -> None:
    with pytest.raises(InvalidInput):
        request(record("company_document"), "read_in_place", due_at=T0 + timedelta(days=1))
    rec = record("company_document")
    loan = out(rec, "read_in_place")
    assert loan.due_at == end_of_day(T0, POLICY)
    assert POLICY.local_day(loan.due_at - timedelta(seconds=1)) == POLICY.local_day(T0)
    assert rec.in_place and rec.state is RecordState.LENT


def test_arc_06_approval_within_the_rights_never_by_the_requester() -> None:
    loan = request(record("contract"), by=LEAD)
    with pytest.raises(Forbidden) as err:
        loan.approve(LEAD.actor, note="", archives=POLICY, loans=LOANS, now=T0)
    assert err.value.code == "self_approval"
    with pytest.raises(Forbidden) as err:
        loan.approve(call("agent-2", "agent").actor, note="", archives=POLICY, loans=LOANS, now=T0)
    assert err.value.code == "role_required"
    loan.approve(MANAGER.actor, note="", archives=POLICY, loans=LOANS, now=T0)
    assert loan.approver == "manager-1"


def test_arc_06_an_external_borrower_reads_in_place_with_letter_id_and_a_leaders_approval() -> None:
    papers = dict(
        borrower_kind="external",
        borrower_name="Li Lei",
        organisation="District housing bureau",
        introduction_letter_ref="HB-2026-117",
        id_document_kind="resident_id",
        id_number="110101199003071234",
    )
    with pytest.raises(Forbidden):
        request(record("contract"), "read_in_place", **papers)  # registered by the archivist
    with pytest.raises(RuleViolation) as err:
        request(record("contract"), "lend", by=ARCHIVIST, **papers)
    assert err.value.code == "external_read_in_place"
    with pytest.raises(InvalidInput):
        request(record("contract"), "read_in_place", by=ARCHIVIST, **{**papers, "introduction_letter_ref": ""})
    rec = record("contract")
    loan = request(rec, "read_in_place", by=ARCHIVIST, **papers)
    assert loan.borrower == "" and loan.record_borrower == "external:loan-1"
    assert loan.id_number_masked == "110101********1234"  # only the masked number is kept (PLT-06)
    with pytest.raises(Forbidden):
        loan.approve(LEAD.actor, note="", archives=POLICY, loans=LOANS, now=T0)  # not a leader
    loan.approve(MANAGER.actor, note="", archives=POLICY, loans=LOANS, now=T0)
    loan.count_out(ARCHIVIST.actor, rec, items=1, pages=4, now=T0)
    with pytest.raises(InvalidInput):  # the signed register's reference
        loan.confirm(ARCHIVIST.actor, rec, items=1, pages=4, signature_ref="", archives=POLICY, now=T0)
    loan.confirm(ARCHIVIST.actor, rec, items=1, pages=4, signature_ref="REG-2026-88", archives=POLICY, now=T0)
    assert loan.state is LoanState.OUT and rec.borrower == "external:loan-1" and rec.in_place


def test_arc_06_the_parent_company_follows_the_same_registration() -> None:
    with pytest.raises(InvalidInput):
        request(record("contract"), "read_in_place", by=ARCHIVIST, borrower_kind="parent_company")
    with pytest.raises(RuleViolation):
        request(
            record("contract"),
            "lend",
            by=ARCHIVIST,
            borrower_kind="parent_company",
            borrower_name="Wang Fang",
            organisation="Group HQ",
            introduction_letter_ref="G-1",
            id_document_kind="work_pass",
            id_number="G123456",
        )


def test_arc_06_the_record_goes_out_only_when_both_have_confirmed_the_count() -> None:
    rec = record("contract")
    loan = request(rec)
    loan.approve(LEAD.actor, note="", archives=POLICY, loans=LOANS, now=T0)
    with pytest.raises(Forbidden):
        loan.count_out(AGENT.actor, rec, items=2, pages=30, now=T0)  # the archivist counts
    loan.count_out(ARCHIVIST.actor, rec, items=2, pages=30, now=T0)
    assert loan.state is LoanState.COUNTED_OUT and rec.state is RecordState.ON_SHELF
    with pytest.raises(Forbidden) as err:
        loan.confirm(ARCHIVIST.actor, rec, items=2, pages=30, signature_ref="", archives=POLICY, now=T0)
    assert err.value.code == "borrower_confirms"
    with pytest.raises(RuleViolation) as err:
        loan.confirm(AGENT.actor, rec, items=2, pages=29, signature_ref="", archives=POLICY, now=T0)
    assert err.value.code == "count_not_agreed"
    loan.count_out(ARCHIVIST.actor, rec, items=2, pages=29, now=T0)  # counted again together
    loan.confirm(AGENT.actor, rec, items=2, pages=29, signature_ref="", archives=POLICY, now=T0)
    assert loan.state is LoanState.OUT
    assert (rec.state, rec.borrower, rec.ref, rec.due_at) == (RecordState.LENT, "agent-1", "loan-1", loan.due_at)


def test_arc_06_the_return_closes_only_when_both_have_confirmed_the_count() -> None:
    rec = record("contract")
    loan = out(rec)
    later = T0 + timedelta(days=1)
    loan.count_in(ARCHIVIST.actor, items=2, pages=30, condition="good", now=later)
    assert loan.state is LoanState.COUNTED_IN and rec.state is RecordState.LENT
    loan.confirm(AGENT.actor, rec, items=2, pages=30, signature_ref="", archives=POLICY, now=later)
    assert loan.state is LoanState.RETURNED and loan.returned_at == later
    assert (rec.state, rec.borrower, rec.ref) == (RecordState.ON_SHELF, "", "")


def test_arc_06_a_count_short_at_return_is_refused_until_the_loss_is_reported() -> None:
    rec = record("contract")
    loan = out(rec)
    with pytest.raises(RuleViolation) as err:
        loan.count_in(ARCHIVIST.actor, items=2, pages=28, condition="good", now=T0)
    assert (err.value.code, err.value.rule_id) == ("count_mismatch", "ARC-06")
    loan.report(
        ARCHIVIST.actor,
        rec,
        incident="damaged",
        description="pages 7-8 torn out",
        discovered_at=None,
        loans=LOANS,
        now=T0,
    )
    loan.count_in(ARCHIVIST.actor, items=2, pages=28, condition="damaged", now=T0)
    loan.confirm(AGENT.actor, rec, items=2, pages=28, signature_ref="", archives=POLICY, now=T0)
    assert rec.condition == "damaged" and rec.state is RecordState.ON_SHELF


def test_arc_06_a_file_lent_elsewhere_is_not_lent_again() -> None:
    rec = record("contract")
    out(rec)
    second = request(rec)
    second.approve(LEAD.actor, note="", archives=POLICY, loans=LOANS, now=T0)
    with pytest.raises(IllegalRecordMove):
        second.count_out(ARCHIVIST.actor, rec, items=1, pages=0, now=T0)


# -- ARC-07 ---------------------------------------------------------------------------------


def test_arc_07_an_overdue_loan_is_chased_until_returned() -> None:
    rec = record("contract")
    loan = out(rec)
    assert loan.due_at is not None
    loan.chase(SYSTEM.actor, loan.due_at + timedelta(minutes=1))
    loan.chase(SYSTEM.actor, loan.due_at + timedelta(days=1))
    assert (loan.overdue, loan.chases) == (True, 2)
    loan.count_in(ARCHIVIST.actor, items=2, pages=30, condition="good", now=T0 + timedelta(days=5))
    loan.chase(SYSTEM.actor, T0 + timedelta(days=5))  # back on the desk, not yet confirmed: still chased
    loan.confirm(AGENT.actor, rec, items=2, pages=30, signature_ref="", archives=POLICY, now=T0 + timedelta(days=5))
    with pytest.raises(IllegalLoanMove):
        loan.chase(SYSTEM.actor, T0 + timedelta(days=6))


# -- ARC-08 ---------------------------------------------------------------------------------


def test_arc_08_a_loss_is_reported_at_once_and_the_record_reported_missing() -> None:
    rec = record("contract")
    loan = out(rec)
    with pytest.raises(Forbidden):
        loan.report(
            call("agent-9", "agent").actor,
            rec,
            incident="lost",
            description="x",
            discovered_at=None,
            loans=LOANS,
            now=T0,
        )
    with pytest.raises(InvalidInput):
        loan.report(AGENT.actor, rec, incident="lost", description=" ", discovered_at=None, loans=LOANS, now=T0)
    found = T0 + timedelta(hours=2)
    report = loan.report(
        AGENT.actor, rec, incident="lost", description="left on the metro", discovered_at=T0, loans=LOANS, now=found
    )
    assert (report.report_no, report.open, report.discovered_at, report.reported_by) == (1, True, T0, "agent-1")
    assert loan.state is LoanState.LOST and loan.open_reports == 1
    # ARC-09 reads the record: missing, still on the borrower.
    assert (rec.state, rec.borrower, rec.ref) == (RecordState.MISSING, "agent-1", "loan-1")


def test_arc_08_damage_notes_the_records_condition_and_a_leak_moves_nothing() -> None:
    rec = record("contract")
    loan = out(rec)
    loan.report(
        ARCHIVIST.actor, rec, incident="leaked", description="photographed", discovered_at=None, loans=LOANS, now=T0
    )
    assert rec.condition == "good" and loan.state is LoanState.OUT
    loan.report(ARCHIVIST.actor, rec, incident="damaged", description="coffee", discovered_at=None, loans=LOANS, now=T0)
    assert rec.condition == "damaged" and rec.state is RecordState.LENT
    fresh = out(record("contract"))
    with pytest.raises(RuleViolation) as err:  # damaged at return without its report: refused
        fresh.count_in(ARCHIVIST.actor, items=2, pages=30, condition="damaged", now=T0)
    assert (err.value.code, err.value.rule_id) == ("report_required", "ARC-08")


def test_arc_08_the_report_stays_open_until_a_manager_decides_the_responsibility() -> None:
    rec = record("contract")
    loan = out(rec)
    loan.report(ARCHIVIST.actor, rec, incident="lost", description="gone", discovered_at=None, loans=LOANS, now=T0)
    with pytest.raises(Forbidden):
        loan.decide(LEAD.actor, report_no=1, responsible="agent-1", decision="warning", loans=LOANS, now=T0)
    with pytest.raises(InvalidInput):
        loan.decide(MANAGER.actor, report_no=2, responsible="agent-1", decision="warning", loans=LOANS, now=T0)
    with pytest.raises(Forbidden) as err:
        loan.decide(call("agent-1", "manager").actor, report_no=1, responsible="", decision="none", loans=LOANS, now=T0)
    assert err.value.rule_id == "PLT-02"
    loan.decide(MANAGER.actor, report_no=1, responsible="agent-1", decision="written warning", loans=LOANS, now=T0)
    (report,) = loan.reports
    assert (report.open, report.responsible, report.decided_by, loan.open_reports) == (False, "agent-1", "manager-1", 0)
    with pytest.raises(RuleViolation):
        loan.decide(MANAGER.actor, report_no=1, responsible="", decision="again", loans=LOANS, now=T0)


def test_a_loan_rebuilds_from_its_history() -> None:
    rec = record("contract")
    loan = out(rec)
    loan.report(ARCHIVIST.actor, rec, incident="leaked", description="x", discovered_at=None, loans=LOANS, now=T0)
    again = Loan.rebuild(loan.pending)
    assert (again.state, again.borrower, again.out_pages, again.reports) == (
        loan.state,
        loan.borrower,
        loan.out_pages,
        loan.reports,
    )


def test_a_loan_round_trips_through_its_stored_document() -> None:
    rec = record("contract")
    loan = out(rec)
    loan.report(ARCHIVIST.actor, rec, incident="lost", description="x", discovered_at=None, loans=LOANS, now=T0)
    stored = Loan.from_document(loan.to_document(), loan.version)
    assert (stored.state, stored.kind, stored.due_at, stored.reports, stored.borrower_kind) == (
        loan.state,
        loan.kind,
        loan.due_at,
        loan.reports,
        loan.borrower_kind,
    )
