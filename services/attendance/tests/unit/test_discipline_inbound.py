"""ATT-12: which complaints events count as slow-answer and rudeness complaints, and which are
refused (the consumer dead-letters them) or skipped (not ours)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from attendance.discipline.domain.complaints import ComplaintCategorised, PersonResponsible, SlowAnswers
from attendance.discipline.events.inbound import fact_from
from google.protobuf.message import Message

from cs.complaints.v1 import complaints_pb2, contacts_pb2, events_pb2, penalties_pb2
from cskit.domain import InvalidInput
from cskit.messaging.envelope import Envelope

ZONE = ZoneInfo("Asia/Shanghai")
# 2026-11-30 17:00 UTC is already December in Shanghai.
LATE_NOV = datetime(2026, 11, 30, 17, tzinfo=UTC)


def env(message: Message, subject: str, branch: str = "b1", at: datetime = LATE_NOV) -> Envelope:
    return Envelope.new(message, source="complaints", subject=subject, branch_id=branch, time=at)


def counted(breached: int = 5, contacts: int = 9, **standards: int) -> contacts_pb2.AgentContactBreachesCounted:
    return contacts_pb2.AgentContactBreachesCounted(
        agent_id="a1",
        branch_id="b1",
        month="2026-11",
        contacts=contacts,
        breached_contacts=breached,
        breaches=[contacts_pb2.StandardCount(standard=k, breaches=v) for k, v in standards.items()],
    )


def test_att_12_slow_answers_are_the_answering_time_breaches_not_the_hold_ones() -> None:
    fact = fact_from(env(counted(5, chat_greeting=2, answer_rings=1, hold_limit=2), "a1"), ZONE)
    assert isinstance(fact, SlowAnswers)
    assert (fact.agent_id, fact.month, fact.breached_contacts) == ("a1", "2026-11", 3)


def test_att_12_slow_answers_never_exceed_the_breached_contacts() -> None:
    fact = fact_from(env(counted(2, chat_greeting=2, reply_wait=2), "a1"), ZONE)
    assert isinstance(fact, SlowAnswers) and fact.breached_contacts == 2


@pytest.mark.parametrize(
    ("message", "subject"),
    [
        (counted(5, contacts=4), "a1"),  # more breached than contacts
        (counted(1, chat_greeting=-1), "a1"),
        (counted(1), "someone-else"),  # the envelope's key is not the count's agent
        (contacts_pb2.AgentContactBreachesCounted(agent_id="a1", branch_id="b1", month="2026-13"), "a1"),
        (events_pb2.ComplaintFiled(complaint_id="", branch_id="b1"), "c1"),
    ],
)
def test_att_12_a_malformed_complaints_event_is_invalid_input_for_the_dead_letter_path(
    message: Message, subject: str
) -> None:
    with pytest.raises(InvalidInput):
        fact_from(env(message, subject), ZONE)


def test_att_12_a_payload_that_is_not_its_type_is_invalid_input() -> None:
    broken = env(counted(1), "a1")
    hostile = Envelope(**{**{f: getattr(broken, f) for f in broken.__dataclass_fields__}, "payload": b"\xff\xff"})
    with pytest.raises(InvalidInput):
        fact_from(hostile, ZONE)


def test_att_12_a_service_complaint_pinned_on_a_person_is_rudeness_in_the_branch_local_month() -> None:
    filed = fact_from(
        env(
            events_pb2.ComplaintFiled(complaint_id="c1", branch_id="b1", category=complaints_pb2.CATEGORY_SERVICE), "c1"
        ),
        ZONE,
    )
    assert filed == ComplaintCategorised(complaint_id="c1", branch_id="b1", service=True)
    assigned = penalties_pb2.ResponsibilityAssigned(
        complaint_id="c1", level=penalties_pb2.RESPONSIBILITY_LEVEL_PERSON, person_id="a1"
    )
    fact = fact_from(env(assigned, "c1"), ZONE)
    assert isinstance(fact, PersonResponsible)
    assert (fact.person_id, fact.month) == ("a1", "2026-12")


def test_att_12_team_responsibility_and_other_event_types_are_not_counted() -> None:
    team = penalties_pb2.ResponsibilityAssigned(
        complaint_id="c1", level=penalties_pb2.RESPONSIBILITY_LEVEL_TEAM, team="t"
    )
    assert fact_from(env(team, "c1"), ZONE) is None
    assert fact_from(env(events_pb2.ComplaintAccepted(complaint_id="c1"), "c1"), ZONE) is None
