"""CMP-14 answering standards, on crafted contact steps (no database, no broker)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from complaints.contacts.domain.model import Contact, require_step
from complaints.contacts.domain.policy import ContactPolicy, close_due_at, contact_policy_for
from complaints.contacts.domain.values import Standard, Step, StepKind
from complaints.contacts.events.inbound import step_from
from cs.complaints.v1 import contacts_pb2
from cs.contacts.v1 import events_pb2
from cskit.domain import Conflict, InvalidInput, NotFound
from cskit.messaging.envelope import Envelope

ZONE = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 4, 2, 0, tzinfo=UTC)  # Wednesday 10:00 in Shanghai
POLICY = ContactPolicy()


def step(kind: StepKind, after: float = 0, *, agent: str = "a1", contact: str = "c1", **extra: object) -> Step:
    return Step(f"e-{kind}-{after}", contact, "b1", kind, agent, T0 + timedelta(seconds=after), **extra)  # type: ignore[arg-type]


def run(*steps: Step, policy: ContactPolicy = POLICY) -> Contact:
    contact = Contact.open(steps[0], ZONE)
    contact.steps.append(steps[0])
    for s in steps[1:]:
        contact.record(s, policy, ZONE)
    return contact


def standards(contact: Contact) -> list[Standard]:
    return [b.standard for b in contact.breaches]


def test_cmp_14_a_call_answered_within_2_rings_meets_the_standard_3_breaches() -> None:
    ok = run(step(StepKind.CALL_OFFERED, agent=""), step(StepKind.CALL_ANSWERED, 6, rings=2))
    late = run(step(StepKind.CALL_OFFERED, agent=""), step(StepKind.CALL_ANSWERED, 9, rings=3))
    assert standards(ok) == []
    assert standards(late) == [Standard.ANSWER_RINGS]
    assert (late.breaches[0].agent_id, late.breaches[0].measured, late.breaches[0].limit) == ("a1", 3, 2)


def test_cmp_14_the_3_ring_seed_is_reachable_by_policy() -> None:
    three = contact_policy_for("b2", {"b2": {"answer_within_rings": 3}})
    assert three.answer_within_rings == 3
    contact = run(step(StepKind.CALL_OFFERED, agent=""), step(StepKind.CALL_ANSWERED, 9, rings=3), policy=three)
    assert standards(contact) == []
    assert contact_policy_for("b1", {"b2": {"answer_within_rings": 3}}).answer_within_rings == 2


def test_cmp_14_a_chat_greeted_after_16_s_breaches_for_its_agent_15_s_does_not() -> None:
    assert standards(run(step(StepKind.CHAT_STARTED, agent=""), step(StepKind.CHAT_GREETED, 15))) == []
    late = run(step(StepKind.CHAT_STARTED, agent=""), step(StepKind.CHAT_GREETED, 16, agent="agent-7"))
    assert [(b.standard, b.agent_id, b.measured, b.limit) for b in late.breaches] == [
        (Standard.CHAT_GREETING, "agent-7", 16, 15)
    ]
    # 15.2 s is over 15 s: the customer waited into the 16th second.
    assert standards(run(step(StepKind.CHAT_STARTED, agent=""), step(StepKind.CHAT_GREETED, 15.2))) == [
        Standard.CHAT_GREETING
    ]


def test_cmp_14_no_wait_between_replies_over_20_s_measured_from_the_first_unanswered_message() -> None:
    contact = run(
        step(StepKind.CHAT_STARTED, agent=""),
        step(StepKind.CHAT_GREETED, 5),
        step(StepKind.CHAT_CUSTOMER_WROTE, 10, agent=""),
        step(StepKind.CHAT_CUSTOMER_WROTE, 25, agent=""),  # still waiting since 10
        step(StepKind.CHAT_AGENT_REPLIED, 30),  # 20 s: met
        step(StepKind.CHAT_CUSTOMER_WROTE, 40, agent=""),
        step(StepKind.CHAT_AGENT_REPLIED, 61),  # 21 s: breached
        step(StepKind.CHAT_AGENT_REPLIED, 200),  # nobody was waiting
    )
    assert [(b.standard, b.measured) for b in contact.breaches] == [(Standard.REPLY_WAIT, 21)]


def test_cmp_14_an_email_is_answered_the_same_branch_local_day() -> None:
    evening = datetime(2026, 11, 4, 15, 30, tzinfo=UTC)  # 23:30 Wednesday in Shanghai

    def mail(received: datetime, answered: datetime, policy: ContactPolicy = POLICY) -> list[Standard]:
        opened = Step("e1", "m1", "b1", StepKind.EMAIL_RECEIVED, "", received)
        return standards(run(opened, Step("e2", "m1", "b1", StepKind.EMAIL_ANSWERED, "a1", answered), policy=policy))

    assert mail(evening, evening + timedelta(minutes=29)) == []
    assert mail(evening, evening + timedelta(minutes=31)) == [Standard.EMAIL_SAME_DAY]
    saturday = datetime(2026, 11, 7, 2, 0, tzinfo=UTC)
    # Received on a weekend: due by the end of Monday; a Saturday holiday-free calendar says so.
    assert mail(saturday, saturday + timedelta(days=2, hours=13)) == []
    assert mail(saturday, saturday + timedelta(days=2, hours=16)) == [Standard.EMAIL_SAME_DAY]
    # A make-up working Saturday (branch calendar) is a working day: the same day applies.
    makeup = contact_policy_for("b1", {"b1": {"makeup_days": ["2026-11-07"]}})
    assert mail(saturday, saturday + timedelta(hours=23), makeup) == [Standard.EMAIL_SAME_DAY]


def test_cmp_14_a_hold_needs_agreement_and_a_stated_limit_and_must_not_exceed_it() -> None:
    def held(agreed: bool, limit: int, ended_after: float) -> list[Standard]:
        return standards(
            run(
                step(StepKind.CALL_OFFERED, agent=""),
                step(StepKind.CALL_ANSWERED, 3, rings=1),
                step(StepKind.HOLD_STARTED, 10, customer_agreed=agreed, limit_seconds=limit),
                step(StepKind.HOLD_ENDED, 10 + ended_after),
            )
        )

    assert held(True, 60, 60) == []
    assert held(True, 60, 61) == [Standard.HOLD_OVERRUN]
    assert held(False, 60, 30) == [Standard.HOLD_AGREEMENT]
    assert held(True, 0, 300) == [Standard.HOLD_LIMIT]
    assert held(False, 0, 300) == [Standard.HOLD_AGREEMENT, Standard.HOLD_LIMIT]


def test_cmp_14_steps_that_do_not_fit_the_contact_are_refused() -> None:
    with pytest.raises(InvalidInput):
        run(step(StepKind.CALL_ANSWERED, rings=1))  # never offered
    with pytest.raises(InvalidInput):
        run(step(StepKind.CALL_OFFERED, agent=""), step(StepKind.CHAT_GREETED, 2))  # wrong channel
    with pytest.raises(InvalidInput):
        run(step(StepKind.CALL_OFFERED, agent=""), step(StepKind.CALL_ANSWERED, 2), step(StepKind.CALL_ANSWERED, 3))
    with pytest.raises(InvalidInput):
        run(step(StepKind.CALL_OFFERED, agent=""), step(StepKind.HOLD_STARTED, 2, customer_agreed=True))
    with pytest.raises(InvalidInput):
        run(step(StepKind.CHAT_STARTED, agent=""), step(StepKind.CHAT_GREETED, -1))  # before the start
    other_branch = Step("e9", "c1", "b2", StepKind.CALL_ANSWERED, "a1", T0)
    with pytest.raises(InvalidInput):
        run(step(StepKind.CALL_OFFERED, agent=""), other_branch)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"contact_id": "c 1"}, "contact_id"),
        ({"contact_id": "x" * 65}, "contact_id"),
        ({"branch_id": "b1;drop"}, "branch_id"),
        ({"agent_id": ""}, "agent_id"),
        ({"agent_id": "a\n1"}, "agent_id"),
        ({"occurred_at": T0 + timedelta(minutes=6)}, "occurred_at"),
        ({"occurred_at": T0 - timedelta(hours=49)}, "occurred_at"),
        ({"rings": -1}, "rings"),
        ({"limit_seconds": 86_401}, "limit_seconds"),
    ],
)
def test_cmp_14_hostile_steps_are_refused_by_grammar_and_time_bounds(change: dict[str, object], field: str) -> None:
    good = step(StepKind.CALL_ANSWERED, rings=1)
    require_step(good, T0, POLICY)
    bad = Step(**{**{f: getattr(good, f) for f in good.__slots__}, **change})  # type: ignore[arg-type]
    with pytest.raises(InvalidInput) as raised:
        require_step(bad, T0, POLICY)
    assert raised.value.violations[0].field == field


def test_cmp_14_the_customer_steps_need_no_agent() -> None:
    require_step(step(StepKind.CHAT_STARTED, agent=""), T0, POLICY)


def test_cmp_14_a_contact_links_to_one_complaint_of_its_branch() -> None:
    contact = run(step(StepKind.CALL_OFFERED, agent=""))
    with pytest.raises(NotFound):
        contact.link("k1", "b2")
    assert contact.link("k1", "b1") is True
    assert contact.link("k1", "b1") is False
    with pytest.raises(Conflict):
        contact.link("k2", "b1")


def test_cmp_14_policy_overrides_are_checked_and_the_month_closes_after_its_late_steps() -> None:
    with pytest.raises(InvalidInput) as raised:
        contact_policy_for("b1", {"b1": {"answer_within_rings": 0, "colour": 1, "holidays": ["x"]}})
    assert {v.field for v in raised.value.violations} == {"b1.answer_within_rings", "b1.colour", "b1.holidays"}
    with pytest.raises(InvalidInput):
        contact_policy_for("b1", {"b1": {"close_day": 1, "close_hour": 2}})
    assert close_due_at("2026-12", POLICY, ZONE) == datetime(2027, 1, 2, 18, 0, tzinfo=UTC)


def test_cmp_14_replay_keeps_the_breaches_as_recorded() -> None:
    live = run(step(StepKind.CALL_OFFERED, agent=""), step(StepKind.CALL_ANSWERED, 9, rings=3))
    again = Contact.replay(
        live.steps, live.breaches, ZONE, contact_policy_for("b1", {"b1": {"answer_within_rings": 5}})
    )
    assert again.breaches == live.breaches and again.agent_id == "a1" and again.answered


def _envelope(message: object, subject: str = "c1", branch: str = "b1") -> Envelope:
    return Envelope.new(message, source="chat", subject=subject, branch_id=branch, time=T0)  # type: ignore[arg-type]


def _chat_step(**changes: object) -> events_pb2.ContactStep:
    s = events_pb2.ContactStep(contact_id="c1", branch_id="b1", agent_id="a1")
    s.occurred_at.FromDatetime(T0)
    for k, v in changes.items():
        setattr(s, k, v)
    return s


def test_cmp_14_an_inbound_event_becomes_a_step_with_its_event_id() -> None:
    e = _envelope(events_pb2.HoldStarted(step=_chat_step(), customer_agreed=True, limit_seconds=60))
    got = step_from(e)
    assert (got.event_id, got.kind, got.agent_id, got.occurred_at, got.customer_agreed, got.limit_seconds) == (
        e.id, StepKind.HOLD_STARTED, "a1", T0, True, 60
    )  # fmt: skip


@pytest.mark.parametrize(
    "envelope",
    [
        _envelope(events_pb2.ChatGreeted(step=_chat_step()), subject="c2"),  # filed under another key
        _envelope(events_pb2.ChatGreeted(step=_chat_step()), branch="b2"),  # another branch's header
        _envelope(events_pb2.ChatGreeted(step=events_pb2.ContactStep(contact_id="c1", branch_id="b1"))),  # no time
        _envelope(contacts_pb2.ContactLinked(contact_id="c1")),  # not a contact-system event
    ],
)
def test_cmp_14_inbound_envelopes_that_disagree_with_their_payload_are_refused(envelope: Envelope) -> None:
    with pytest.raises(InvalidInput):
        step_from(envelope)


def test_cmp_14_a_payload_that_is_not_its_type_is_refused() -> None:
    e = _envelope(events_pb2.ChatGreeted(step=_chat_step()))
    with pytest.raises(InvalidInput):
        step_from(Envelope(**{**{f: getattr(e, f) for f in e.__slots__}, "payload": b"\xff\xff\xff"}))  # type: ignore[arg-type]
