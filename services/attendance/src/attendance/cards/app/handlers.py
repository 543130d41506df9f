"""Card handlers (ATT-13): one function per command, domain calls only. Idempotency, commit,
the outbox and lost-race retries are the kit's (``cskit.calls``)."""

from __future__ import annotations

from attendance.cards.app.ports import CardsUnitOfWork, CardsUnitOfWorkFactory
from attendance.cards.domain.commands import ClearCardAtDeparture, IssueCard, ReplaceCard
from attendance.cards.domain.model import AttendanceCard, card_id_of, card_number_of, replacement_reason
from attendance.cards.domain.policy import CardPolicy
from attendance.domain.fields import employee_ref
from cskit.calls import Call, act, once
from cskit.domain import Clock, NotFound


def card_ref(card: AttendanceCard) -> str:
    return card.id


async def card_now(uow: CardsUnitOfWork, card_id: str) -> AttendanceCard:
    return await uow.cards.get(card_id)


class CardHandlers:
    def __init__(self, uow: CardsUnitOfWorkFactory, clock: Clock, policy: CardPolicy) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy

    async def issue_card(self, cmd: IssueCard, call: Call) -> AttendanceCard:
        employee, number = employee_ref(cmd.employee_id), card_number_of(cmd.card_number)
        card_id = card_id_of(call.actor.branch_id, employee)

        async def issue(uow: CardsUnitOfWork) -> AttendanceCard:
            now = self._clock.now()
            try:
                card = await uow.cards.get(card_id)
            except NotFound:
                card = AttendanceCard.issue(actor=call.actor, employee_id=employee, card_number=number, now=now)
                uow.cards.add(card)
                return card
            card.reissue(actor=call.actor, card_number=number, now=now)
            return card

        return await once(self._uow(call), issue, ref=card_ref, replay=card_now)

    async def replace_card(self, cmd: ReplaceCard, call: Call) -> AttendanceCard:
        """A lost or damaged card: a new number, and the fee charged (``CardFeeCharged``)."""
        card_id = card_id_of(call.actor.branch_id, employee_ref(cmd.employee_id))
        number, reason = card_number_of(cmd.card_number), replacement_reason(cmd.reason)

        def replace(card: AttendanceCard) -> None:
            card.replace(
                actor=call.actor, card_number=number, reason=reason, policy=self._policy, now=self._clock.now()
            )

        return await act(self._uow(call), card_id, load=card_now, change=replace, ref=card_ref)

    async def clear_card_at_departure(self, cmd: ClearCardAtDeparture, call: Call) -> AttendanceCard:
        """Returned, or not and deducted from the final pay (``CardDeductionRaised``)."""
        card_id = card_id_of(call.actor.branch_id, employee_ref(cmd.employee_id))

        def clear(card: AttendanceCard) -> None:
            card.clear_departure(actor=call.actor, returned=cmd.returned, policy=self._policy, now=self._clock.now())

        return await act(self._uow(call), card_id, load=card_now, change=clear, ref=card_ref)
