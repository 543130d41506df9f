"""CMP-10 follow-up (notes, return visits, closing) and CMP-02 reclassification."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from complaints.domain.errors import IllegalTransition
from complaints.domain.states import Status
from complaints.domain.values import Category, Nature, ProgressNote, ReturnVisit
from complaints.intake.domain.events import ComplaintReclassified, ComplaintReopened, ReturnVisitRecorded
from complaints.intake.domain.policy import ComplaintPolicy
from cskit.domain import Actor, Forbidden, InvalidInput, RuleViolation

if TYPE_CHECKING:
    from conftest import Desk


def test_cmp_10_progress_notes_are_kept_in_order(desk: Desk) -> None:
    c = desk.in_status(Status.IN_PROGRESS)
    c.add_progress_note(desk.agent, "Part ordered", True, desk.at(1))
    c.add_progress_note(desk.lead, "Supplier delayed", False, desk.at(2))
    assert c.notes == (
        ProgressNote(desk.at(1), "agent-1", "Part ordered", True),
        ProgressNote(desk.at(2), "lead-1", "Supplier delayed", False),
    )


def test_cmp_10_no_progress_note_once_closed(desk: Desk) -> None:
    c = desk.in_status(Status.CLOSED)
    with pytest.raises(IllegalTransition) as caught:
        c.add_progress_note(desk.agent, "late", True, desk.at(1))
    assert caught.value.rule_id == "CMP-10"


def test_cmp_10_closing_a_valid_complaint_without_a_satisfied_visit_is_refused(desk: Desk) -> None:
    c = desk.in_status(Status.RESOLVED)
    with pytest.raises(RuleViolation) as caught:
        c.close(desk.agent, "done", desk.at(1))
    assert (caught.value.code, caught.value.rule_id) == ("return_visit_required", "CMP-10")
    # Filed, accepted, resolved, its return-visit task (CMP-17); refused: nothing recorded.
    assert (c.status, c.version) == (Status.RESOLVED, 4)
    c.record_return_visit(desk.agent, True, 4, "Fine now", desk.at(1))
    c.close(desk.agent, "done", desk.at(2))
    assert c.status is Status.CLOSED
    assert c.return_visits == (ReturnVisit(desk.at(1), "agent-1", True, 4, "Fine now"),)


def test_cmp_10_a_communicative_complaint_can_close_after_resolve(desk: Desk) -> None:
    c = desk.in_status(Status.RESOLVED, category=Category.CONSULTING)
    c.close(desk.agent, "Question answered", desk.at(1))
    assert c.status is Status.CLOSED
    assert c.return_visits == ()


def test_cmp_10_a_branch_may_visit_communicative_complaints_too(desk: Desk) -> None:
    policy = ComplaintPolicy(visit_communicative=True)
    c = desk.in_status(Status.RESOLVED, policy, category=Category.CONSULTING)
    with pytest.raises(RuleViolation) as caught:
        c.close(desk.agent, "answered", desk.at(1))
    assert caught.value.code == "return_visit_required"


@pytest.mark.parametrize("satisfaction", [0, 6, -1, 100])
def test_cmp_10_satisfaction_is_one_to_five(desk: Desk, satisfaction: int) -> None:
    c = desk.in_status(Status.RESOLVED)
    with pytest.raises(InvalidInput) as caught:
        c.record_return_visit(desk.agent, True, satisfaction, "", desk.at(1))
    assert [v.field for v in caught.value.violations] == ["satisfaction"]
    assert caught.value.rule_id == "CMP-10"


def test_cmp_10_unsatisfied_visit_records_the_visit_then_the_reopening(desk: Desk) -> None:
    c = desk.in_status(Status.RESOLVED)
    c.pull_pending()
    c.record_return_visit(desk.agent, False, 2, "Still broken", desk.at(5))
    visit, reopened = c.pull_pending()
    assert isinstance(visit, ReturnVisitRecorded)
    assert isinstance(reopened, ComplaintReopened)
    assert (reopened.reopen_count, reopened.reason) == (1, "Still broken")
    assert c.nature is Nature.VALID
    assert not c.reclassified


def test_cmp_03_reject_needs_a_reason(desk: Desk) -> None:
    c = desk.file()
    with pytest.raises(InvalidInput) as caught:
        c.reject(desk.agent, "  ", desk.at(0.1))
    assert caught.value.rule_id == "CMP-03"
    c.reject(desk.agent, "Concerns the neighbour's flat", desk.at(0.1))
    assert (c.status, c.rejection_reason) == (Status.REJECTED, "Concerns the neighbour's flat")


def test_cmp_02_reclassify_a_communicative_complaint_to_valid(desk: Desk) -> None:
    c = desk.in_status(Status.IN_PROGRESS, category=Category.VENTING)
    c.reclassify(desk.lead, "The desk brushed the customer off", desk.at(1))
    assert (c.nature, c.reclassified) == (Nature.VALID, True)
    event = c.history[-1]
    assert isinstance(event, ComplaintReclassified)
    assert (event.from_nature, event.to_nature) == (Nature.COMMUNICATIVE, Nature.VALID)
    # Valid now: closing needs a satisfied visit (CMP-10).
    c.resolve(desk.agent, "Apologised and fixed", desk.at(2))
    with pytest.raises(RuleViolation):
        c.close(desk.agent, "", desk.at(3))


def test_cmp_02_a_valid_complaint_cannot_be_reclassified(desk: Desk) -> None:
    c = desk.in_status(Status.ACCEPTED)
    with pytest.raises(RuleViolation) as caught:
        c.reclassify(desk.lead, "Customer was only asking", desk.at(1))
    assert (caught.value.code, caught.value.rule_id) == ("not_reclassifiable", "CMP-02")
    assert c.nature is Nature.VALID


def test_cmp_02_a_reclassified_complaint_cannot_be_reclassified_again(desk: Desk) -> None:
    c = desk.in_status(Status.ACCEPTED, category=Category.HELP_SEEKING)
    c.reclassify(desk.lead, "Mishandled", desk.at(1))
    with pytest.raises(RuleViolation):
        c.reclassify(desk.lead, "Again", desk.at(2))


@pytest.mark.parametrize("role", ["team_lead", "manager", "director", "general_manager", "admin"])
def test_cmp_02_leads_and_above_may_reclassify(desk: Desk, role: str) -> None:
    c = desk.in_status(Status.RECEIVED, category=Category.CONSULTING)
    c.reclassify(Actor(subject="u", branch_id="B1", roles=frozenset({role})), "Mishandled", desk.at(1))
    assert c.nature is Nature.VALID


def test_cmp_02_an_agent_may_not_reclassify(desk: Desk) -> None:
    c = desk.in_status(Status.RECEIVED, category=Category.CONSULTING)
    with pytest.raises(Forbidden):
        c.reclassify(desk.agent, "Mishandled", desk.at(1))


def test_cmp_02_an_unsatisfied_visit_makes_a_communicative_complaint_valid(desk: Desk) -> None:
    c = desk.in_status(Status.RESOLVED, category=Category.HELP_SEEKING)
    c.record_return_visit(desk.agent, False, 1, "Nobody helped me", desk.at(2))
    assert (c.nature, c.reclassified, c.status, c.reopen_count) == (Nature.VALID, True, Status.IN_PROGRESS, 1)
    kinds = [type(e).__name__ for e in c.history[-3:]]
    assert kinds == ["ReturnVisitRecorded", "ComplaintReclassified", "ComplaintReopened"]


def test_cmp_02_the_automatic_reclassification_follows_policy(desk: Desk) -> None:
    policy = ComplaintPolicy(reclassify_unsatisfied_communicative=False)
    c = desk.in_status(Status.RESOLVED, policy, category=Category.HELP_SEEKING)
    c.record_return_visit(desk.agent, False, 1, "Nobody helped me", desk.at(2))
    assert (c.nature, c.reclassified, c.status) == (Nature.COMMUNICATIVE, False, Status.IN_PROGRESS)
