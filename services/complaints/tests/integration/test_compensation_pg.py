"""CMP-09 / CMP-13 on real PostgreSQL and the real broker: an agreement from draft to payment;
the finance event and the filing event arrive once each, in order, in the envelope."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
import sqlalchemy as sa
from kafka import KafkaConsumer, TopicPartition
from sqlalchemy.exc import DBAPIError

from complaints import TOPIC
from complaints.bootstrap import Complaints
from complaints.compensation.app.handlers import CompensationHandlers
from complaints.compensation.app.ports import AgreementFilter
from complaints.compensation.domain import commands as cc
from complaints.compensation.domain.events import Payee
from complaints.compensation.domain.states import AgreementStatus
from complaints.compensation.persistence.repository import SqlAgreementReader
from complaints.compensation.persistence.rows import AgreementEventRow, AgreementRow
from complaints.events.filing import FILING_TOPIC
from complaints.intake.app.ports import CallContext, Page
from complaints.intake.domain import commands as c
from cs.complaints.v1 import compensation_pb2
from cs.filing.v1 import filing_pb2
from cskit.dev.broker import TansuBroker
from cskit.domain import Actor, Forbidden, FrozenClock, NotFound, RuleViolation
from cskit.messaging.envelope import Envelope, decode
from cskit.messaging.relay import OutboxRelay
from cskit.messaging.topics import ensure_topics
from cskit.pagination import DEV_KEY, PageTokens
from cskit.protomap import money_amount

from .conftest import AGENT_B1, AGENT_B2, hours, intake

pytestmark = pytest.mark.integration


def ctx(subject: str, role: str, branch: str = "b1", head_office: bool = False) -> CallContext:
    return CallContext(
        actor=Actor(subject=subject, branch_id=branch, roles=frozenset({role}), grade=3, head_office=head_office)
    )


LEGAL = ctx("legal-b1", "legal")
MANAGER = ctx("manager-b1", "manager")
DIRECTOR = ctx("director-b1", "director")
GM = ctx("gm-hq", "general_manager", "hq", head_office=True)
FINANCE = ctx("finance-b1", "finance")
PAYEE = Payee("Wang Li", "6222 0000 1111 2222", "+86 138 0000 0000")


async def paid_agreement(service: Complaints, clock: FrozenClock, amount: str = "1234.50") -> tuple[str, str]:
    h, comp = service.handlers, service.compensation
    assert isinstance(comp, CompensationHandlers)
    x = await h.file_complaint(intake(compensation_involved=True), AGENT_B1)
    await h.accept_complaint(c.AcceptComplaint(complaint_id=x.id), AGENT_B1)
    money = Decimal(amount)
    a = await comp.draft_agreement(
        cc.DraftAgreement(
            complaint_id=x.id, amount=money, currency="CNY", payee=PAYEE, reason="ceiling damage", terms="in full"
        ),
        AGENT_B1,
    )
    await comp.confirm_agreement(cc.ConfirmAgreement(agreement_id=a.id), LEGAL)
    for signer in (MANAGER, DIRECTOR, GM):
        clock.advance(hours(1))
        await comp.sign_agreement(cc.SignAgreement(agreement_id=a.id), signer)
    paid = await comp.record_payment(
        cc.RecordPayment(
            agreement_id=a.id,
            amount=money,
            currency="CNY",
            paid_at=clock.now(),
            reference="VCH-1",
            signed_original_pointer="",
        ),
        FINANCE,
    )
    assert paid.status is AgreementStatus.PAID
    return x.id, a.id


def read_topic(bootstrap: str, topic: str, subject: str, expected: int, timeout: float = 20.0) -> list[Envelope]:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=10)
    try:
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or set())]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        found: list[Envelope] = []
        deadline = time.monotonic() + timeout
        while len(found) < expected and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=100).values():
                found += [e for e in (Envelope.from_kafka(r.headers, r.value) for r in batch) if e.subject == subject]
        for batch in consumer.poll(timeout_ms=300).values():  # a duplicate would show here
            found += [e for e in (Envelope.from_kafka(r.headers, r.value) for r in batch) if e.subject == subject]
        return found
    finally:
        consumer.close()


async def test_cmp_09_cmp_13_finance_and_filing_events_arrive_once_each_in_order_in_the_envelope(
    service: Complaints, kafka_broker: TansuBroker, frozen_clock: FrozenClock
) -> None:
    ensure_topics(kafka_broker.bootstrap, [TOPIC, FILING_TOPIC])
    complaint_id, agreement_id = await paid_agreement(service, frozen_clock)
    relay = OutboxRelay(service.database, bootstrap_servers=kafka_broker.bootstrap, service="complaints")
    try:
        assert relay.relay_once() == 10  # 2 case events + 7 agreement events + 1 filing request
        assert relay.relay_once() == 0
    finally:
        relay.close()

    case_events = read_topic(kafka_broker.bootstrap, TOPIC, complaint_id, expected=9)
    assert [e.type.rsplit(".", 1)[-1] for e in case_events] == [
        "ComplaintFiled",
        "ComplaintAccepted",
        "AgreementDrafted",
        "AgreementConfirmed",
        "AgreementSigned",
        "AgreementSigned",
        "AgreementSigned",
        "AgreementApproved",
        "CompensationPaid",
    ]
    assert len({e.id for e in case_events}) == 9
    paid_envelope = case_events[-1]
    assert (paid_envelope.source, paid_envelope.branch_id, paid_envelope.schema_version) == ("complaints", "b1", 1)
    paid = decode(paid_envelope, compensation_pb2.CompensationPaid)
    assert (paid.agreement_id, paid.complaint_id, paid.branch_id, paid.recorded_by) == (
        agreement_id,
        complaint_id,
        "b1",
        "finance-b1",
    )
    assert money_amount(paid.amount.units, paid.amount.nanos) == Decimal("1234.50")
    assert (paid.amount.currency_code, paid.payee.name, paid.payee.account) == ("CNY", "Wang Li", "6222 0000 1111 2222")
    signed = [decode(e, compensation_pb2.AgreementSigned) for e in case_events[4:7]]
    assert [(s.step, s.role) for s in signed] == [(1, "manager"), (2, "director"), (3, "general_manager")]

    filings = read_topic(kafka_broker.bootstrap, FILING_TOPIC, agreement_id, expected=1)
    assert len(filings) == 1
    f = decode(filings[0], filing_pb2.FilingRequested)
    assert (filings[0].source, filings[0].branch_id) == ("complaints", "b1")
    assert (f.source_record_id, f.category, f.medium) == (
        agreement_id,
        filing_pb2.CATEGORY_CONTRACT,
        filing_pb2.MEDIUM_PAPER,
    )
    assert {(r.kind, r.value) for r in f.references} >= {("agreement_id", agreement_id), ("complaint_id", complaint_id)}


async def test_plt_01_another_branch_cannot_see_or_act_on_the_agreement(
    service: Complaints, frozen_clock: FrozenClock
) -> None:
    _, agreement_id = await paid_agreement(service, frozen_clock)
    comp = service.compensation
    assert comp is not None
    with pytest.raises(NotFound):
        await comp.sign_agreement(cc.SignAgreement(agreement_id=agreement_id), AGENT_B2)


async def test_cmp_09_payment_before_sign_off_commits_nothing(service: Complaints) -> None:
    comp = service.compensation
    assert comp is not None
    x = await service.handlers.file_complaint(intake(compensation_involved=True), AGENT_B1)
    await service.handlers.accept_complaint(c.AcceptComplaint(complaint_id=x.id), AGENT_B1)
    a = await comp.draft_agreement(
        cc.DraftAgreement(complaint_id=x.id, amount=Decimal("0.3"), currency="CNY", payee=PAYEE, reason="r", terms="t"),
        AGENT_B1,
    )
    with pytest.raises(RuleViolation) as err:
        await comp.record_payment(
            cc.RecordPayment(agreement_id=a.id, amount=Decimal("0.30"), currency="CNY", paid_at=None, reference="V"),
            FINANCE,
        )
    assert err.value.rule_id == "CMP-09"
    with pytest.raises(Forbidden):
        await comp.confirm_agreement(cc.ConfirmAgreement(agreement_id=a.id), AGENT_B1)
    async with service.database.async_sessions()() as session:
        row = await session.get(AgreementRow, a.id)
        assert row is not None and row.status == "drafted" and row.amount == Decimal("0.30")
        events = await session.scalar(
            sa.select(sa.func.count()).select_from(AgreementEventRow).where(AgreementEventRow.agreement_id == a.id)
        )
        assert events == 1


async def test_plt_04_agreement_history_is_append_only_on_postgresql(
    service: Complaints, frozen_clock: FrozenClock
) -> None:
    _, agreement_id = await paid_agreement(service, frozen_clock)
    async with service.database.async_sessions()() as session:
        with pytest.raises(DBAPIError, match="PLT-04"):
            await session.execute(
                sa.update(AgreementEventRow).where(AgreementEventRow.agreement_id == agreement_id).values(actor="x")
            )


async def drafted(service: Complaints, agent: CallContext = AGENT_B1) -> str:
    comp = service.compensation
    assert comp is not None
    x = await service.handlers.file_complaint(intake(compensation_involved=True), agent)
    await service.handlers.accept_complaint(c.AcceptComplaint(complaint_id=x.id), agent)
    a = await comp.draft_agreement(
        cc.DraftAgreement(complaint_id=x.id, amount=Decimal("10"), currency="CNY", payee=PAYEE, reason="r", terms="t"),
        agent,
    )
    return a.id


async def test_cmp_09_plt_01_agreements_across_cases_by_status_and_awaiting_role_newest_first(
    service: Complaints, frozen_clock: FrozenClock
) -> None:
    comp = service.compensation
    assert comp is not None
    reader = SqlAgreementReader(service.database.async_sessions(), tokens=PageTokens(DEV_KEY))

    async def ids(scope_of: CallContext, page: Page | None = None, **query: object) -> list[str]:
        items, _ = await reader.list_across_cases(scope_of.scope, AgreementFilter(**query), page or Page())  # type: ignore[arg-type]
        return [a.id for a in items]

    first = await drafted(service)
    frozen_clock.advance(hours(1))
    second = await drafted(service)
    frozen_clock.advance(hours(1))
    other_branch = await drafted(service, AGENT_B2)
    await comp.confirm_agreement(cc.ConfirmAgreement(agreement_id=first), LEGAL)

    # Legal counsel's list is status "drafted"; the signers' is the role whose signature is due.
    assert await ids(LEGAL, statuses=frozenset({AgreementStatus.DRAFTED})) == [second]
    assert await ids(MANAGER, awaiting_role="manager") == [first]
    await comp.sign_agreement(cc.SignAgreement(agreement_id=first), MANAGER)
    assert await ids(MANAGER, awaiting_role="manager") == []
    assert await ids(DIRECTOR, awaiting_role="director") == [first]
    both = frozenset({AgreementStatus.DRAFTED, AgreementStatus.SIGNING})
    assert await ids(DIRECTOR, statuses=both) == [second, first]  # newest first

    # PLT-01: the branch sees its own cases' agreements only; head office sees every branch.
    assert await ids(AGENT_B2) == [other_branch]
    assert await ids(GM) == [other_branch, second, first]
    items, token = await reader.list_across_cases(GM.scope, AgreementFilter(), Page(2, ""))
    assert [a.id for a in items] == [other_branch, second] and token
    assert await ids(GM, Page(2, token)) == [first]

    # A rejection lapses the round: nothing is due from the director any more.
    await comp.reject_agreement(cc.RejectAgreement(agreement_id=first, reason="amount"), DIRECTOR)
    assert await ids(DIRECTOR, awaiting_role="director") == []
    async with service.database.async_engine.connect() as conn:
        mine = AgreementRow.id.in_([first, second, other_branch])
        roles = (await conn.execute(sa.select(AgreementRow.awaiting_role).where(mine))).scalars().all()
    assert roles == [None, None, None]
