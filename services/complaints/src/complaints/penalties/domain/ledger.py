"""A person's monthly deduction ledger (CMP-11).

Penalties land in a month; HR records each month's performance bonus; closing a month takes
what is due (carried in + assessed) up to the cap and carries the rest into the next month.
Months close in order, and once a month carries something over, the very next month must
close before any later one: the excess is taken month by month until paid (第二十一条.3).
A closed month never changes again (PLT-04).

Published sanctions are booked into a month too and priced at its close (CMP-16,
``bonus.py``): beside the capped deduction, never capped or carried themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from complaints.penalties.domain.bonus import SanctionDeduction, deduction_month, price_sanctions
from complaints.penalties.domain.events import DeductionSettled, MonthlyBonusRecorded, PenaltyAssessed
from complaints.penalties.domain.rules import ZERO, PenaltyPolicy, Settlement, money, next_month, settle
from cskit.domain import Actor, RuleViolation, enforces, require_role

LedgerEvent = MonthlyBonusRecorded | DeductionSettled


@dataclass
class LedgerMonth:
    month: str
    bonus: Decimal | None = None
    assessed: Decimal = ZERO
    settlement: Settlement | None = None
    settled_at: datetime | None = None
    # CMP-16: published sanctions booked here; priced when the month closes.
    sanctions: tuple[SanctionDeduction, ...] = ()

    @property
    def settled(self) -> bool:
        return self.settlement is not None

    @property
    def active(self) -> bool:
        return self.bonus is not None or self.assessed > 0 or bool(self.sanctions)

    @property
    def sanction_deducted(self) -> Decimal:
        return sum((s.amount or ZERO for s in self.sanctions), ZERO)


@dataclass(eq=False)
class PersonLedger:
    person_id: str
    branch_id: str
    # What the last closed month carried over and no later month has taken yet.
    outstanding: Decimal = ZERO
    last_settled: str = ""
    months: dict[str, LedgerMonth] = field(default_factory=dict)
    version: int = 0
    dirty: set[str] = field(default_factory=set, repr=False)
    _pending: list[LedgerEvent] = field(default_factory=list, repr=False)

    def _month(self, month: str) -> LedgerMonth:
        if month not in self.months:
            self.months[month] = LedgerMonth(month)
        self.dirty.add(month)
        return self.months[month]

    @enforces("CMP-11", "PLT-04")
    def _require_open(self, month: str) -> None:
        if self.last_settled and month <= self.last_settled:
            raise RuleViolation(
                f"{self.person_id}'s ledger is closed up to {self.last_settled}; {month} cannot change",
                code="month_settled",
                rule_id="CMP-11",
            )

    def apply_penalty(self, event: PenaltyAssessed) -> None:
        """Books a penalty into its month (the case recorded the event)."""
        self._require_open(event.month)
        entry = self._month(event.month)
        entry.assessed += event.amount

    @enforces("CMP-16")
    def book_sanction(self, sanction: SanctionDeduction, published_month: str) -> str:
        """Books a published sanction into its month, or the first open one; answers the month."""
        month = deduction_month(published_month, self.last_settled)
        entry = self._month(month)
        if all(s.sanction_id != sanction.sanction_id for s in entry.sanctions):
            entry.sanctions = (*entry.sanctions, sanction)
        return month

    @enforces("CMP-11")
    def record_bonus(self, month: str, amount: Decimal, actor: Actor, policy: PenaltyPolicy, now: datetime) -> None:
        require_role(actor, policy.ledger_roles, action="record a monthly bonus")
        amount = money(amount, "amount")
        self._require_open(month)
        self._month(month).bonus = amount
        self._pending.append(
            MonthlyBonusRecorded(
                occurred_at=now,
                actor=actor.subject,
                branch_id=self.branch_id,
                person_id=self.person_id,
                month=month,
                amount=amount,
            )
        )

    def has_work(self, month: str) -> bool:
        """Something to close in ``month``: activity there, or an unpaid carry waiting for it."""
        if self.last_settled and month <= self.last_settled:
            return False
        entry = self.months.get(month)
        return (entry is not None and entry.active) or self.outstanding > 0

    @enforces("CMP-11", "CMP-16")
    def settle(self, month: str, actor: Actor, policy: PenaltyPolicy, now: datetime) -> Settlement:
        """Closes ``month``: deducts penalties up to the cap of its bonus and carries the rest
        over (CMP-11); deducts its sanctions by the policy table, uncapped (CMP-16)."""
        require_role(actor, policy.ledger_roles, action="settle a month")
        self._require_open(month)
        earlier = sorted(m for m, e in self.months.items() if m < month and not e.settled and e.active)
        if self.last_settled:
            earlier = [m for m in earlier if m > self.last_settled]
        if earlier:
            raise RuleViolation(
                f"settle {earlier[0]} for {self.person_id} before {month}", code="settle_in_order", rule_id="CMP-11"
            )
        if self.outstanding > 0 and self.last_settled and month != next_month(self.last_settled):
            due = next_month(self.last_settled)
            raise RuleViolation(
                f"{self.person_id} carries {self.outstanding} into {due}; settle {due} first",
                code="settle_in_order",
                rule_id="CMP-11",
            )
        entry = self._month(month)
        if entry.bonus is None and (self.outstanding + entry.assessed > 0 or entry.sanctions):
            raise RuleViolation(
                f"record {self.person_id}'s performance bonus for {month} before settling it",
                code="bonus_missing",
                rule_id="CMP-11",
            )
        result = settle(self.outstanding, entry.assessed, entry.bonus or ZERO, policy)
        entry.sanctions, sanctioned = price_sanctions(entry.sanctions, entry.bonus or ZERO, policy)
        entry.settlement, entry.settled_at = result, now
        self.outstanding, self.last_settled = result.carried_over, month
        self._pending.append(
            DeductionSettled(
                occurred_at=now,
                actor=actor.subject,
                branch_id=self.branch_id,
                person_id=self.person_id,
                month=month,
                bonus=result.bonus,
                carried_in=result.carried_in,
                assessed=result.assessed,
                cap=result.cap,
                deducted=result.deducted,
                carried_over=result.carried_over,
                sanction_deductions=entry.sanctions,
                sanction_deducted=sanctioned,
                total_deducted=result.deducted + sanctioned,
            )
        )
        return result

    def pull_pending(self) -> list[LedgerEvent]:
        events, self._pending = self._pending, []
        return events
