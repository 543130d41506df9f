"""ATT-12's numbers: the discipline policy, with the rulebook's defaults (000 §11 2.3, §14 五).

Every value is configuration (``CS_ATTENDANCE_DISCIPLINE_*`` in settings); none is repeated in
code. Where the seed leaves a reading open, the choice is written next to the field."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class Tier:
    """At ``at`` or more in a month the item's whole deduction is ``points`` (it replaces the
    per-item deduction: "每次扣1分,达到3次的扣5分" reads as 1, 2, then 5 in all, not 3 + 5)."""

    at: int
    points: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class DisciplinePolicy:
    """ATT-12: customer-service staff start each month at ``start_points``."""

    start_points: Decimal = Decimal(10)
    # 迟到一次0.5分.
    late: Decimal = Decimal("0.5")
    # 超过30分钟以上算缺勤,缺勤一次2分 (the month engine counts the long lateness, ATT-04).
    absence_from_post: Decimal = Decimal(2)
    # 未经请示自行休息按旷工处理,旷工一次扣5分: a supervisor's entry, and each day of absence
    # (旷工) the month engine counted.
    unapproved_rest: Decimal = Decimal(5)
    # 每月累计3次...则扣5分: reaching the count deducts once; more in the month adds nothing.
    offline_times: int = 3
    offline: Decimal = Decimal(5)
    # 投诉达到3次的,扣5分,达到5次的,扣10分: below the first tier nothing.
    slow_answer_tiers: tuple[Tier, ...] = (Tier(at=3, points=Decimal(5)), Tier(at=5, points=Decimal(10)))
    # 每次扣1分,达到3次的扣5分,达到5次的,扣10分.
    rudeness_each: Decimal = Decimal(1)
    rudeness_tiers: tuple[Tier, ...] = (Tier(at=3, points=Decimal(5)), Tier(at=5, points=Decimal(10)))
    # 扣0.5-1分: the supervisor's entry, bounded.
    unfinished_min: Decimal = Decimal("0.5")
    unfinished_max: Decimal = Decimal(1)
    # 请假一次可充抵调休一次,每月可有4次调休,超过4次的,每请假一次按缺勤一次扣分: each leave day
    # uses one day off in lieu; each beyond deducts ``absence_from_post``.
    days_in_lieu: int = 4
    # Leave kinds that never use a day off in lieu (none by the seed's words; e.g. statutory
    # leave, if the customer says so).
    lieu_exempt_kinds: frozenset[str] = field(default_factory=frozenset)
    # 等于或低于5分,将给于口头警告。若等于或低于2分,公司将做出处罚.
    warning_at: Decimal = Decimal(5)
    penalty_at: Decimal = Decimal(2)
    # A "10分制" score has no negative marks: the score floors here; the items stay in full.
    floor: Decimal = Decimal(0)
    # The seed gives no payday (001 电商客服 (一)2③ only says "发工资前一天"): the 10th.
    payday: int = 10

    def __post_init__(self) -> None:
        if not 2 <= self.payday <= 28:
            # Every month has the day, and "the day before" falls after the sheet's month ends.
            raise ValueError("payday must be a day 2-28")
        if self.unfinished_min > self.unfinished_max or self.unfinished_min <= 0:
            raise ValueError("unfinished work: 0 < min <= max")
        if self.penalty_at > self.warning_at:
            raise ValueError("the penalty threshold must not be above the warning threshold")
