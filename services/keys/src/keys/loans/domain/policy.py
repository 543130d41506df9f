"""The lending policy: the rulebook's numbers as configuration (``KeysSettings``, loans block)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True, kw_only=True)
class LoansPolicy:
    # KEY-04: keys other than vacant-unit and repair keys are lent for at most this long.
    max_loan: timedelta = timedelta(days=30)
    # KEY-05: a client's clock may run this much ahead of ours.
    clock_skew: timedelta = timedelta(minutes=1)
    # KEY-05: the owner's phone consent is for this collection, not one from days ago.
    consent_valid_for: timedelta = timedelta(hours=2)
    # KEY-04: who the overdue loan is reported to (a role of the loan's branch).
    escalate_to: str = "team_lead"
