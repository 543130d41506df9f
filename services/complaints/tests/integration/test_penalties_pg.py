"""CMP-11 on PostgreSQL and the broker: penalty, deduction and sanction events arrive once
each, in order, in the envelope (PLT-03); the trail is append-only (PLT-04); branches stay
apart (PLT-01)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import text

from complaints import TOPIC
from complaints.bootstrap import Complaints
from complaints.intake.app.ports import CallContext, Page
from complaints.intake.domain import commands as cc
from complaints.penalties.domain import commands as c
from complaints.penalties.domain.rules import Member
from complaints.penalties.domain.values import SanctionKind
from complaints.penalties.persistence.queries import SqlAccountabilityReader
from cs.complaints.v1 import penalties_pb2
from cskit.dev.broker import TansuBroker
from cskit.domain import Actor, NotFound
from cskit.messaging.envelope import decode
from cskit.messaging.relay import OutboxRelay
from cskit.messaging.topics import ensure_topics
from cskit.pagination import DEV_KEY, PageTokens
from cskit.protomap import money_amount

from .conftest import AGENT_B1, HEAD_OFFICE, intake
from .test_events_broker import envelopes_for

pytestmark = pytest.mark.integration

ADMIN_B1 = CallContext(actor=Actor(subject="admin-b1", branch_id="b1", roles=frozenset({"admin"}), grade=3))
HR_B1 = CallContext(actor=Actor(subject="hr-b1", branch_id="b1", roles=frozenset({"hr"}), grade=3))
ADMIN_B2 = CallContext(actor=Actor(subject="admin-b2", branch_id="b2", roles=frozenset({"admin"}), grade=3))


async def test_cmp_11_plt_03_ledger_and_sanction_events_reach_the_broker_once_in_order(
    service: Complaints, kafka_broker: TansuBroker
) -> None:
    ensure_topics(kafka_broker.bootstrap, [TOPIC])
    h, p = service.handlers, service.penalties
    assert p is not None
    x = await h.file_complaint(intake(), AGENT_B1)
    await h.accept_complaint(cc.AcceptComplaint(complaint_id=x.id), AGENT_B1)
    await p.assign_responsibility(
        c.AssignResponsibility(complaint_id=x.id, department="maintenance", reason="lift neglected"), ADMIN_B1
    )
    members = (Member("emp-a", Decimal(3)), Member("emp-b", Decimal(3)), Member("emp-c", Decimal(4)))
    await p.assess_penalty(
        c.AssessPenalty(complaint_id=x.id, amount=Decimal("1800"), members=members, month="2026-11"), ADMIN_B1
    )
    await p.record_monthly_bonus(c.RecordMonthlyBonus(person_id="emp-c", month="2026-11", amount=Decimal(1000)), HR_B1)
    await p.record_monthly_bonus(c.RecordMonthlyBonus(person_id="emp-c", month="2026-12", amount=Decimal(700)), HR_B1)
    for person in ("emp-a", "emp-b"):
        await p.record_monthly_bonus(
            c.RecordMonthlyBonus(person_id=person, month="2026-11", amount=Decimal(2000)), HR_B1
        )
    settled = await p.settle_month(c.SettleMonth(month="2026-11"), HR_B1)
    assert sorted(s.ledger.person_id for s in settled) == ["emp-a", "emp-b", "emp-c"]
    await p.settle_month(c.SettleMonth(month="2026-12", person_id="emp-c"), HR_B1)
    sanction = await p.propose_sanction(
        c.ProposeSanction(complaint_id=x.id, person_id="emp-c", kind=SanctionKind.WARNING, reason="neglect"), ADMIN_B1
    )
    await p.approve_sanction(c.ApproveSanction(sanction_id=sanction.id), HEAD_OFFICE)
    await p.publish_sanction(c.PublishSanction(sanction_id=sanction.id), ADMIN_B1)

    # PLT-01: another branch sees neither the case's accountability nor the ledger.
    with pytest.raises(NotFound):
        await p.approve_sanction(c.ApproveSanction(sanction_id=sanction.id), ADMIN_B2)
    with pytest.raises(NotFound):
        await p.record_monthly_bonus(
            c.RecordMonthlyBonus(person_id="emp-c", month="2027-01", amount=Decimal(1)), ADMIN_B2
        )

    relay = OutboxRelay(service.database, bootstrap_servers=kafka_broker.bootstrap, service="complaints")
    try:
        assert relay.relay_once() > 0
        assert relay.relay_once() == 0
    finally:
        relay.close()

    person = envelopes_for(kafka_broker.bootstrap, "emp-c", expected=5)
    assert [e.type.rsplit(".", 1)[-1] for e in person] == [
        "PenaltyAssessed",
        "MonthlyBonusRecorded",
        "MonthlyBonusRecorded",
        "DeductionSettled",
        "DeductionSettled",
    ]
    assert len({e.id for e in person}) == len(person) == 5
    penalty = decode(person[0], penalties_pb2.PenaltyAssessed)
    assert (penalty.complaint_id, money_amount(penalty.amount.units, penalty.amount.nanos)) == (x.id, Decimal(720))
    assert penalty.amount.currency_code == "CNY" and penalty.base_points == "4"
    nov, dec = (decode(e, penalties_pb2.DeductionSettled) for e in person[3:])
    assert (nov.month, nov.deducted.units, nov.carried_over.units) == ("2026-11", 500, 220)
    assert (dec.month, dec.deducted.units, dec.carried_over.units) == ("2026-12", 220, 0)
    assert all((e.branch_id, e.source, e.schema_version) == ("b1", "complaints", 1) for e in person)

    case_events = [e for e in envelopes_for(kafka_broker.bootstrap, x.id, expected=6) if "Complaint" not in e.type]
    assert [e.type.rsplit(".", 1)[-1] for e in case_events] == [
        "ResponsibilityAssigned",
        "SanctionProposed",
        "SanctionApproved",
        "SanctionPublished",
    ]
    published = decode(case_events[-1], penalties_pb2.SanctionPublished)
    assert (published.approved_by, published.published_by, published.person_id) == ("gm", "admin-b1", "emp-c")


async def test_plt_04_the_accountability_trail_is_per_case_and_append_only(service: Complaints) -> None:
    h, p = service.handlers, service.penalties
    assert p is not None
    x = await h.file_complaint(intake(), AGENT_B1)
    await p.assign_responsibility(c.AssignResponsibility(complaint_id=x.id, person_id="emp-9", reason="rude"), ADMIN_B1)
    await p.assess_penalty(c.AssessPenalty(complaint_id=x.id, amount=Decimal("50.50"), month="2026-11"), ADMIN_B1)
    reader = SqlAccountabilityReader(service.database.async_sessions(), tokens=PageTokens(DEV_KEY))
    items, _ = await reader.audit(x.id, ADMIN_B1.scope, Page())
    assert [(i.event_type, i.details["amount"] if i.event_type == "PenaltyAssessed" else "") for i in items] == [
        ("ResponsibilityAssigned", ""),
        ("PenaltyAssessed", "50.50"),
    ]
    with pytest.raises(NotFound):
        await reader.audit(x.id, ADMIN_B2.scope, Page())
    async with service.database.async_engine.connect() as conn:
        rows = (
            await conn.execute(
                text("SELECT event_type, actor FROM accountability_audit WHERE complaint_id = :c ORDER BY id"),
                {"c": x.id},
            )
        ).all()
        assert [tuple(r) for r in rows] == [("ResponsibilityAssigned", "admin-b1"), ("PenaltyAssessed", "admin-b1")]
        with pytest.raises(Exception, match="PLT-04"):
            await conn.execute(text("DELETE FROM accountability_audit WHERE complaint_id = :c"), {"c": x.id})
