"""Attendance cards (ATT-13): HR issues a card; a lost or damaged one is replaced for the fee
(CardFeeCharged, for finance); at departure the card is returned, or not and its cost is
deducted from the final pay (CardDeductionRaised). On the kit's in-memory store."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from attendance.cards.app.handlers import CardHandlers
from attendance.cards.domain.commands import ClearCardAtDeparture, IssueCard, ReplaceCard
from attendance.cards.domain.events import CardDeductionRaised, CardEvent, CardFeeCharged, CardIssued, CardReturned
from attendance.cards.domain.model import AttendanceCard, card_id_of
from attendance.cards.domain.policy import CardCharge, CardPolicy
from attendance.cards.persistence.store import card_not_found
from attendance.settings import AttendanceSettings

from cskit.calls import Call
from cskit.domain import Actor, Conflict, FrozenClock, InvalidInput, NotFound, RuleViolation
from cskit.domain.errors import Forbidden
from cskit.testing.eventstore import IdempotencyMemory, InMemoryEventStore, InMemoryRepository, InMemoryUnitOfWork

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
HR = Call(actor=Actor(subject="hr-b1", branch_id="b1", roles=frozenset({"hr"})))
LEAD = Call(actor=Actor(subject="lead-b1", branch_id="b1", roles=frozenset({"team_lead"})))
POLICY = CardPolicy(replacement_fee=Decimal("25.00"), unreturned_deduction=Decimal("30.00"))


class Memory:
    def __init__(self) -> None:
        self.store: InMemoryEventStore[AttendanceCard, CardEvent] = InMemoryEventStore.of(
            AttendanceCard, card_not_found
        )
        self.keys = IdempotencyMemory()

    def uow(self, call: Call) -> InMemoryCards:
        return InMemoryCards(self, call)


class InMemoryCards(InMemoryUnitOfWork):
    def __init__(self, memory: Memory, call: Call) -> None:
        super().__init__(call.scope, keys=memory.keys, key=None)
        self._cards = self.repository(memory.store)

    @property
    def cards(self) -> InMemoryRepository[AttendanceCard, CardEvent]:
        return self._cards


async def history(memory: Memory, employee: str) -> list[CardEvent]:
    return list((await memory.uow(HR).cards.get(card_id_of("b1", employee))).history)


async def test_att_13_a_lost_card_is_replaced_for_the_fee_and_finance_gets_the_charge() -> None:
    memory = Memory()
    handlers = CardHandlers(memory.uow, FrozenClock(T0), POLICY)
    await handlers.issue_card(IssueCard(employee_id="emp-1", card_number="C-100"), HR)
    card = await handlers.replace_card(ReplaceCard(employee_id="emp-1", card_number="C-101"), HR)
    assert (card.card_number, card.replacements, card.charged, card.status) == ("C-101", 1, Decimal("25.00"), "active")
    charged = (await history(memory, "emp-1"))[-1]
    assert isinstance(charged, CardFeeCharged)
    assert (charged.reason, charged.replaced_card_number, charged.amount, charged.currency) == (
        "lost",
        "C-100",
        Decimal("25.00"),
        "CNY",
    )
    damaged = await handlers.replace_card(ReplaceCard(employee_id="emp-1", card_number="C-102", reason="damaged"), HR)
    assert (damaged.replacements, damaged.charged) == (2, Decimal("50.00"))


async def test_att_13_a_card_not_returned_at_departure_is_deducted_from_the_final_pay() -> None:
    memory = Memory()
    handlers = CardHandlers(memory.uow, FrozenClock(T0), POLICY)
    await handlers.issue_card(IssueCard(employee_id="emp-2", card_number="C-200"), HR)
    card = await handlers.clear_card_at_departure(ClearCardAtDeparture(employee_id="emp-2", returned=False), HR)
    again = await handlers.clear_card_at_departure(ClearCardAtDeparture(employee_id="emp-2", returned=False), HR)
    assert (card.status, card.charged, again.version) == ("deducted", Decimal("30.00"), 2)
    kinds = [type(e) for e in await history(memory, "emp-2")]
    assert kinds == [CardIssued, CardDeductionRaised]
    with pytest.raises(RuleViolation):  # the other outcome after a clearance
        await handlers.clear_card_at_departure(ClearCardAtDeparture(employee_id="emp-2", returned=True), HR)
    with pytest.raises(RuleViolation):  # a cleared card is not replaced
        await handlers.replace_card(ReplaceCard(employee_id="emp-2", card_number="C-201"), HR)


async def test_att_13_a_returned_card_costs_nothing_and_a_rehire_gets_a_new_card() -> None:
    memory = Memory()
    handlers = CardHandlers(memory.uow, FrozenClock(T0), POLICY)
    await handlers.issue_card(IssueCard(employee_id="emp-3", card_number="C-300"), HR)
    returned = await handlers.clear_card_at_departure(ClearCardAtDeparture(employee_id="emp-3", returned=True), HR)
    assert (returned.status, returned.charged) == ("returned", Decimal("0"))
    rehired = await handlers.issue_card(IssueCard(employee_id="emp-3", card_number="C-301"), HR)
    assert (rehired.status, rehired.card_number) == ("active", "C-301")
    with pytest.raises(Conflict):  # an active card is replaced, not issued again
        await handlers.issue_card(IssueCard(employee_id="emp-3", card_number="C-302"), HR)
    assert [type(e) for e in await history(memory, "emp-3")] == [CardIssued, CardReturned, CardIssued]


async def test_att_13_only_hr_keeps_cards_and_bad_input_is_refused() -> None:
    memory = Memory()
    handlers = CardHandlers(memory.uow, FrozenClock(T0), POLICY)
    with pytest.raises(Forbidden):
        await handlers.issue_card(IssueCard(employee_id="emp-4", card_number="C-400"), LEAD)
    with pytest.raises(NotFound):
        await handlers.replace_card(ReplaceCard(employee_id="emp-4", card_number="C-401"), HR)
    await handlers.issue_card(IssueCard(employee_id="emp-4", card_number="C-400"), HR)
    with pytest.raises(InvalidInput):  # the replacement needs a new number
        await handlers.replace_card(ReplaceCard(employee_id="emp-4", card_number="C-400"), HR)
    with pytest.raises(InvalidInput):
        await handlers.replace_card(ReplaceCard(employee_id="emp-4", card_number="C-401", reason="stolen?"), HR)
    with pytest.raises(InvalidInput):
        await handlers.issue_card(IssueCard(employee_id=" ", card_number="C-1"), HR)


def test_att_13_the_fee_and_the_deduction_are_settings_with_documented_defaults() -> None:
    policy = AttendanceSettings().card_policy()
    assert (policy.charge(CardCharge.LOST), policy.charge(CardCharge.NOT_RETURNED)) == (
        Decimal("20.00"),
        Decimal("20.00"),
    )
    assert POLICY.charge(CardCharge.DAMAGED) == Decimal("25.00")
    assert AttendanceSettings(card_unreturned_deduction=Decimal("35")).card_policy().charge(
        CardCharge.NOT_RETURNED
    ) == Decimal("35")
