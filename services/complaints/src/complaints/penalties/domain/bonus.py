"""Published sanctions into performance-bonus deductions (CMP-16). Pure: no I/O.

第二十四条 converts each published sanction into a share of the month's performance bonus:
a warning 100 % (as the seed reads; see ``PenaltyPolicy.warning_deduction_percent``), a
minor demerit 30 % each (the seed's 每基数: per demerit), a major demerit or worse the whole
bonus. The base is the person's performance bonus for the month, the one HR records
(``MonthlyBonusRecorded``) and CMP-11's cap is measured on; nothing else.

- **Which month.** A sanction counts in the month it was published in, on the platform's
  clock in the branch's time zone; if that month is already closed for the person, in their
  first open month (a closed month never changes, PLT-04, and no sanction is lost).
- **When.** At the month's close (HR's ``SettleMonth``, the ledger's one month end): the
  booked sanctions are priced with the policy in force then.
- **Not CMP-11.** Sanction deductions are neither capped at 50 % nor carried over: they are
  priced on the whole bonus beside CMP-11's capped penalty deduction, which they leave
  unchanged. Together they are at most the whole bonus (the seed's largest sanction takes
  "the whole bonus"; there is no more to take): several sanctions are taken in the order
  they were published until the bonus is used up.
- Each share is cut DOWN to the cent, like CMP-11's cap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import ROUND_DOWN, Decimal

from complaints.penalties.domain.rules import CENT, ZERO, PenaltyPolicy, next_month
from complaints.penalties.domain.values import SanctionKind
from cskit.domain import enforces

HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True, kw_only=True)
class SanctionDeduction:
    """One published sanction in a person's ledger month; priced (``percent``, ``amount``) at
    the month's close, None before."""

    sanction_id: str
    complaint_id: str
    kind: SanctionKind
    published_at: datetime
    percent: Decimal | None = None
    amount: Decimal | None = None


@enforces("CMP-16")
def deduction_percent(kind: SanctionKind, policy: PenaltyPolicy) -> Decimal:
    """The policy table: the share of the month's bonus one sanction of ``kind`` takes."""
    table = {
        SanctionKind.WARNING: policy.warning_deduction_percent,
        SanctionKind.MINOR_DEMERIT: policy.minor_demerit_deduction_percent,
        SanctionKind.MAJOR_DEMERIT: policy.major_demerit_deduction_percent,
    }
    return table[kind]


@enforces("CMP-16")
def deduction_month(published_month: str, last_settled: str) -> str:
    """The month a sanction is deducted in: its publication month, or the person's first open
    month when that one is closed already."""
    if last_settled and published_month <= last_settled:
        return next_month(last_settled)
    return published_month


@enforces("CMP-16")
def price_sanctions(
    booked: Sequence[SanctionDeduction], bonus: Decimal, policy: PenaltyPolicy
) -> tuple[tuple[SanctionDeduction, ...], Decimal]:
    """Each booked sanction's share of ``bonus`` by the policy table, in publication order,
    together at most the whole bonus; the priced lines and their total. No CMP-11 cap."""
    left = bonus
    priced: list[SanctionDeduction] = []
    for line in sorted(booked, key=lambda s: (s.published_at, s.sanction_id)):
        percent = deduction_percent(line.kind, policy)
        share = (bonus * percent / HUNDRED).quantize(CENT, rounding=ROUND_DOWN)
        amount = min(share, left)
        left -= amount
        priced.append(replace(line, percent=percent, amount=amount))
    return tuple(priced), sum((p.amount or ZERO for p in priced), ZERO)
