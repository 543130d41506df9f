"""The month's duty-log review (HO-05): the supervisor reads and signs the month's logs;
the manager spot-checks at least the policy's share of them, drawn at random with a recorded
seed (the draw is reproducible from the seed and the signed logs), and records each check."""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from attendance.handover.domain.common import EPOCH, LEADS, MANAGERS, ref, text
from attendance.handover.domain.events import DutyLogsSigned, DutyReviewEvent, SpotCheckRecorded, SpotChecksDrawn
from attendance.handover.domain.policy import HandoverPolicy
from cskit.domain import Actor, Conflict, InvalidInput, RuleViolation
from cskit.domain.actor import require_not_requester, require_role
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces

_IDS = uuid.UUID("3e1c9b52-7d0a-4c41-9f62-5b8a1d7e2c90")


def review_id_of(branch_id: str, month: date) -> str:
    return str(uuid.uuid5(_IDS, f"{branch_id}\x1f{month.strftime('%Y-%m')}"))


def sample_size(population: int, share: Decimal) -> int:
    """At least ``share`` of the logs: 20 % of 7 is 1.4, so 2 are checked."""
    return min(population, math.ceil(Decimal(population) * share))


@enforces("HO-05")
def draw(log_ids: Sequence[str], seed: int, share: Decimal) -> tuple[str, ...]:
    """The spot-check draw: the same signed logs and seed always give the same sample."""
    population = sorted(log_ids)
    return tuple(sorted(random.Random(seed).sample(population, sample_size(len(population), share))))


class DutyReview(EventSourced[DutyReviewEvent]):
    id: str
    branch_id: str
    month: str
    signed_by: str
    signed_logs: tuple[str, ...]
    drawn_by: str
    seed: int
    drawn: tuple[str, ...]
    checked: tuple[str, ...]
    failed: tuple[str, ...]
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.month = self.signed_by = self.drawn_by = ""
        self.seed = 0
        self.signed_logs = self.drawn = self.checked = self.failed = ()
        self.created_at = self.updated_at = EPOCH

    @classmethod
    def sign(cls, *, actor: Actor, month: date, log_ids: Sequence[str], now: datetime) -> DutyReview:
        """The supervisor signs the month's duty logs (the signed handover logs, listed by
        the caller); the draw is made from exactly these."""
        require_role(actor, LEADS, action="signing the month's duty logs")
        if not log_ids:
            raise RuleViolation("the month has no duty logs to sign", code="no_duty_logs", rule_id="HO-05")
        review = cls()
        review._record(
            DutyLogsSigned(
                review_id=review_id_of(actor.branch_id, month),
                branch_id=actor.branch_id,
                month=month.strftime("%Y-%m"),
                log_ids=tuple(sorted(set(log_ids))),
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return review

    def draw_checks(self, *, actor: Actor, seed: int, policy: HandoverPolicy, now: datetime) -> None:
        require_role(actor, MANAGERS, action="drawing the spot checks")
        require_not_requester(actor, self.signed_by, action="drawing the spot checks of logs one signed")
        if self.drawn:
            raise Conflict("this month's spot checks are drawn already", code="checks_drawn", rule_id="HO-05")
        self._record(
            SpotChecksDrawn(
                review_id=self.id,
                branch_id=self.branch_id,
                month=self.month,
                seed=seed,
                population=len(self.signed_logs),
                log_ids=draw(self.signed_logs, seed, policy.spot_check_share),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def check(self, *, actor: Actor, log_id: str, passed: bool, note: str, now: datetime) -> None:
        require_role(actor, MANAGERS, action="recording a spot check")
        log = ref(log_id, "log_id")
        if log not in self.drawn:
            raise InvalidInput.on("log_id", "not a log drawn for this month's spot checks", rule_id="HO-05")
        if log in self.checked:
            raise Conflict("this log's spot check is recorded already", code="check_recorded", rule_id="HO-05")
        self._record(
            SpotCheckRecorded(
                review_id=self.id,
                branch_id=self.branch_id,
                month=self.month,
                log_id=log,
                passed=passed,
                note=text(note, "note", required=not passed),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def _apply(self, event: DutyReviewEvent) -> None:
        match event:
            case DutyLogsSigned():
                self.id, self.branch_id, self.month = event.review_id, event.branch_id, event.month
                self.signed_by, self.signed_logs, self.created_at = event.actor, event.log_ids, event.occurred_at
            case SpotChecksDrawn():
                self.drawn_by, self.seed, self.drawn = event.actor, event.seed, event.log_ids
            case SpotCheckRecorded():
                self.checked = (*self.checked, event.log_id)
                if not event.passed:
                    self.failed = (*self.failed, event.log_id)
        self.updated_at = event.occurred_at
