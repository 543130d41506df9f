"""CMP-16 on PostgreSQL and the broker, on the platform's test clock: a sanction counts in the
month the clock says it was published in; at that month's close HR's DeductionSettled carries
it priced by the policy table, beside CMP-11's capped penalty and outside the cap."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from complaints import TOPIC
from complaints.__main__ import MIGRATIONS
from complaints.bootstrap import Complaints, build
from complaints.intake.domain import commands as cc
from complaints.intake.domain.policy import policy_for
from complaints.penalties.api.mapping import ledger_to
from complaints.penalties.domain import commands as c
from complaints.penalties.domain.values import SanctionKind
from complaints.penalties.persistence.queries import SqlAccountabilityReader
from complaints.settings import ComplaintsSettings
from cs.common.v1 import common_pb2
from cs.complaints.v1 import penalties_pb2
from cskit.db.migrations import upgrade
from cskit.dev.broker import TansuBroker
from cskit.domain import FrozenClock
from cskit.messaging.envelope import decode
from cskit.messaging.relay import OutboxRelay
from cskit.messaging.topics import ensure_topics
from cskit.pagination import DEV_KEY, PageTokens
from cskit.protomap import money_amount

from .conftest import AGENT_B1, HEAD_OFFICE, intake
from .test_events_broker import envelopes_for
from .test_penalties_pg import ADMIN_B1, HR_B1

pytestmark = pytest.mark.integration

PERSON = "emp-cmp16"


@pytest.fixture
async def platform(pg_url: str, frozen_clock: FrozenClock) -> AsyncIterator[Complaints]:
    """The service with the platform's test clock on, as the e2e platform runs it."""
    upgrade(MIGRATIONS, pg_url)
    app = build(ComplaintsSettings(database_url=pg_url), clock=frozen_clock, test_clock=True)
    assert app.test_clock is not None
    await app.test_clock.start()
    try:
        yield app
    finally:
        await app.database.dispose()


def amount(m: common_pb2.Money) -> int:
    """Whole yuan: every amount here is one (a fraction would fail the comparison)."""
    value = money_amount(m.units, m.nanos)
    return int(value) if value == int(value) else -1


def until_next_month(now: datetime, zone: ZoneInfo) -> timedelta:
    local = now.astimezone(zone)
    first = (local.replace(day=28) + timedelta(days=4)).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return first - local + timedelta(hours=1)


async def test_cmp_16_sanctions_into_the_bonus_at_month_end_on_the_test_clock(
    platform: Complaints, kafka_broker: TansuBroker
) -> None:
    ensure_topics(kafka_broker.bootstrap, [TOPIC])
    h, p, clock = platform.handlers, platform.penalties, platform.test_clock
    assert p is not None and clock is not None
    zone = policy_for("b1", {}).zone
    november = platform.clock.now().astimezone(zone).strftime("%Y-%m")
    x = await h.file_complaint(intake(), AGENT_B1)
    await h.accept_complaint(cc.AcceptComplaint(complaint_id=x.id), AGENT_B1)
    await p.assign_responsibility(c.AssignResponsibility(complaint_id=x.id, person_id=PERSON, reason="rude"), ADMIN_B1)
    await p.assess_penalty(c.AssessPenalty(complaint_id=x.id, amount=Decimal(900), month=november), ADMIN_B1)

    async def sanction(kind: SanctionKind) -> str:
        s = await p.propose_sanction(
            c.ProposeSanction(complaint_id=x.id, person_id=PERSON, kind=kind, reason="rude twice"), ADMIN_B1
        )
        await p.approve_sanction(c.ApproveSanction(sanction_id=s.id), HEAD_OFFICE)
        await p.publish_sanction(c.PublishSanction(sanction_id=s.id), ADMIN_B1)
        return s.id

    minor = await sanction(SanctionKind.MINOR_DEMERIT)
    # The month ends on the platform's clock (moved, never waited for): the next sanction is December's.
    await clock.advance(until_next_month(platform.clock.now(), zone))
    december = platform.clock.now().astimezone(zone).strftime("%Y-%m")
    assert december > november
    major = await sanction(SanctionKind.MAJOR_DEMERIT)

    await p.record_monthly_bonus(c.RecordMonthlyBonus(person_id=PERSON, month=november, amount=Decimal(1000)), HR_B1)
    await p.settle_month(c.SettleMonth(month=november), HR_B1)
    await p.record_monthly_bonus(c.RecordMonthlyBonus(person_id=PERSON, month=december, amount=Decimal(2000)), HR_B1)
    await p.settle_month(c.SettleMonth(month=december, person_id=PERSON), HR_B1)

    relay = OutboxRelay(platform.database, bootstrap_servers=kafka_broker.bootstrap, service="complaints")
    try:
        assert relay.relay_once() > 0
    finally:
        relay.close()
    events = envelopes_for(kafka_broker.bootstrap, PERSON, expected=5)
    settled = [decode(e, penalties_pb2.DeductionSettled) for e in events if e.type.endswith(".DeductionSettled")]
    assert [s.month for s in settled] == [november, december]
    nov, dec = settled
    # November: CMP-11's cap stops the penalty at 500 and carries 400; the minor demerit's 30 %
    # comes on top, uncapped.
    assert (amount(nov.cap), amount(nov.deducted), amount(nov.carried_over)) == (500, 500, 400)
    assert [(d.sanction_id, d.kind, d.percent, amount(d.amount)) for d in nov.sanction_deductions] == [
        (minor, penalties_pb2.SANCTION_KIND_MINOR_DEMERIT, "30", 300)
    ]
    assert (amount(nov.sanction_deducted), amount(nov.total_deducted)) == (300, 800)
    assert nov.sanction_deducted.currency_code == "CNY"
    # December: the carried 400 under the cap, and the major demerit takes the whole bonus.
    assert (amount(dec.carried_in), amount(dec.deducted), amount(dec.carried_over)) == (400, 400, 0)
    assert [(d.sanction_id, d.percent, amount(d.amount)) for d in dec.sanction_deductions] == [(major, "100", 2000)]
    assert (amount(dec.sanction_deducted), amount(dec.total_deducted)) == (2000, 2400)

    # The read side shows each month's sanction deductions apart from the capped ones.
    reader = SqlAccountabilityReader(platform.database.async_sessions(), tokens=PageTokens(DEV_KEY))
    view = ledger_to(await reader.ledger(PERSON, ADMIN_B1.scope), november, "CNY")
    [month] = view.months
    assert (amount(month.deducted), amount(month.sanction_deducted), amount(month.total_deducted)) == (500, 300, 800)
    assert [d.sanction_id for d in month.sanction_deductions] == [minor]
