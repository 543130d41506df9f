"""REST bodies for the monthly complaint statistics (CMP-12) and the register (CMP-13).

A month is ``YYYY-MM`` in the branch's time zone. ``frozen`` says whether the numbers are
the stored snapshot (never recomputed on read) or a live preview. Rates are shares 0..1."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from gateway.schemas import ID_PATTERN, BranchId, OptionalMessage, _In, _Out

# YYYY-MM from 1970 on (the service refuses a month in the future).
MONTH_PATTERN = r"^(19[7-9][0-9]|[2-9][0-9]{3})-(0[1-9]|1[0-2])$"
Month = Annotated[str, Field(pattern=MONTH_PATTERN, examples=["2026-11"], description="YYYY-MM, branch local")]


class BranchScopeQuery(_In):
    """Query of the statistics reads; unknown parameters are refused like everywhere else."""

    branch_id: Annotated[
        str | None,
        Field(min_length=1, max_length=64, pattern=ID_PATTERN, description="Empty: yours, or all (head office)"),
    ] = None


class FreezeBody(_In):
    # Empty: the caller's own branch.
    branch_id: BranchId | None = None
    # Replace an already frozen month (administration only, with a reason; audited).
    recompute: bool = False
    reason: OptionalMessage = ""


class CountOut(_Out):
    key: str
    count: int


class ComplianceOut(_Out):
    clock: str
    met: int
    breached: int
    rate: float


class TimeToCloseOut(_Out):
    cases: int
    mean_hours: float
    p50_hours: float
    p90_hours: float


class ReturnVisitsOut(_Out):
    valid_closed: int
    visited: int
    rate: float
    target: float


class SatisfactionOut(_Out):
    rated: int
    mean_score: float
    satisfied: int
    satisfied_share: float


class SanctionDueOut(_Out):
    complaint_id: str
    number: str
    closed_at: datetime | None
    level: str
    person_id: str | None
    team: str | None
    department: str | None
    sanction_published: bool
    sanction_ids: list[str]


class MonthlyStatisticsOut(_Out):
    branch_id: str
    month: str
    time_zone: str
    window_start: datetime | None
    window_end: datetime | None
    frozen: bool
    content_hash: str
    computed_at: datetime | None
    computed_by: str | None
    recomputations: int
    received: int
    closed: int
    by_nature: list[CountOut]
    by_category: list[CountOut]
    by_channel: list[CountOut]
    by_branch: list[CountOut]
    by_department: list[CountOut]
    compliance: list[ComplianceOut]
    time_to_close: TimeToCloseOut
    return_visits: ReturnVisitsOut
    satisfaction: SatisfactionOut
    sanctions_due: list[SanctionDueOut]
    register_pointer: str | None
    register_sha256: str | None
    register_cases: int


class StatisticsOut(_Out):
    month: str
    # One per branch: the asked (or caller's) branch, or every branch for head office.
    items: list[MonthlyStatisticsOut]


class FreezeOut(_Out):
    statistics: MonthlyStatisticsOut
    # False: the month was frozen already and nothing changed.
    newly_frozen: bool


class FrozenMonthOut(_Out):
    branch_id: str
    month: str
    content_hash: str
    computed_at: datetime | None
    recomputations: int


class FrozenMonthsOut(_Out):
    items: list[FrozenMonthOut]
