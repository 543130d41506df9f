"""Fixtures for the workflow tests (CMP-05..07): the people of the rulebook, as actors,
and a case brought to each stage of routing and investigation."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from complaints.domain.states import Status
from complaints.intake.domain.model import Complaint
from complaints.workflow.domain.policy import DEFAULT_WORKFLOW_POLICY, WorkflowPolicy
from complaints.workflow.domain.values import ReportContent, ResponsiblePerson, RoutingTarget
from cskit.domain import Actor


def person(subject: str, *roles: str, grade: int = 0, branch: str = "B1", head_office: bool = False) -> Actor:
    return Actor(subject=subject, branch_id=branch, roles=frozenset(roles), grade=grade, head_office=head_office)


class Flow:
    """The cast: customer service, administration, leadership, the handling department,
    the approval chain and the escalation ladder (workflow_policy.py's default mapping)."""

    policy: WorkflowPolicy = DEFAULT_WORKFLOW_POLICY
    person = staticmethod(person)
    agent = person("agent-1", "agent")  # the store's desk (Desk.agent)
    engineer = person("eng-1", "engineer")  # writes the report
    supervisor = person("lead-2", "team_lead", grade=2)
    admin = person("admin-1", "admin", grade=3, head_office=True)
    gm = person("gm-1", "general_manager", grade=5, head_office=True)
    director = person("dir-1", "director", grade=4)
    ops = person("mgr-1", "manager", grade=2)
    hq_agent = person("hq-agent", "agent", branch="hq", head_office=True)

    def __init__(self, desk: Any) -> None:
        self.desk = desk
        self.t = desk.at

    def report(self, **changes: Any) -> ReportContent:
        base = ReportContent(
            cause="The lift's door sensor failed and the call was logged as low priority.",
            course_of_events="Reported Monday 09:00; engineer sent Wednesday; part replaced Thursday.",
            responsible_people=(
                ResponsiblePerson(person_id="e-17", name="Zhao Gang", team="lifts", department="maintenance"),
            ),
            conclusion="Complaint justified: the priority rules were not followed.",
            countermeasures="Lift faults are urgent by default; weekly review of open lift calls.",
        )
        return replace(base, **changes)

    def accepted(self, **changes: Any) -> Complaint:
        return self.desk.in_status(Status.ACCEPTED, **changes)  # type: ignore[no-any-return]

    def routed(self, **changes: Any) -> Complaint:
        c = self.accepted(**changes)
        c.route(self.agent, RoutingTarget.ADMINISTRATION, "Card: lift out of order two days", self.policy, self.t(0.2))
        return c

    def assigned(self, **changes: Any) -> Complaint:
        c = self.routed(**changes)
        c.assign_handling_department(self.admin, "maintenance", "Check the call log", self.policy, self.t(0.3))
        return c

    def submitted(self, **changes: Any) -> Complaint:
        c = self.assigned(**changes)
        c.submit_investigation_report(self.engineer, self.report(), self.policy, self.t(0.4))
        return c

    def approved(self, **changes: Any) -> Complaint:
        c = self.submitted(**changes)
        for who, hours in ((self.supervisor, 0.5), (self.admin, 0.6), (self.gm, 0.7)):
            c.approve_investigation_report(who, "ok", self.policy, self.t(hours))
        return c


@pytest.fixture
def flow(desk: Any) -> Flow:
    return Flow(desk)
