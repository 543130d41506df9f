"""A terminal's day uploaded at once (issue 11, item 2): the whole batch is checked before
anything is written, item by item, through the one ``Punch.record`` the single path uses
(so the drift bound and the id of a device's punch are decided in one place).

What the batch decides: an item that breaks a rule is *refused* with its field and reason,
and the valid ones are still recorded (a terminal cannot fix last night's punch, and
refusing 499 good punches for one bad one would lose a day of attendance); an item naming a
terminal punch id already in the batch is a *duplicate* of the first; whether a valid punch
was stored before (a re-sent or overlapping batch) only the store knows, so ``recorded``
here is a candidate until the write says which ids were new."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from attendance.punches.domain.model import Punch, PunchSource, checked_ref, punch_id_of
from attendance.punches.domain.policy import AttendancePolicy
from cskit.domain import Actor, InvalidInput


class ItemOutcome(StrEnum):
    RECORDED = "recorded"
    DUPLICATE = "duplicate"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchItem:
    employee_id: str
    source_punch_id: str
    # None: the item came without one (refused, not a 500).
    device_time: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemResult:
    index: int
    source_punch_id: str
    outcome: ItemOutcome
    punch_id: str = ""
    clock_drift_flagged: bool = False
    field: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class BatchPlan:
    """The batch's results in request order, and the punches to write (one per new terminal
    punch id, in request order); ``settle`` turns the candidates the store did not insert
    into duplicates."""

    results: list[ItemResult]
    punches: list[Punch]

    def settle(self, inserted: set[str]) -> list[ItemResult]:
        return [
            r
            if r.outcome is not ItemOutcome.RECORDED or r.punch_id in inserted
            else ItemResult(
                index=r.index, source_punch_id=r.source_punch_id, outcome=ItemOutcome.DUPLICATE, punch_id=r.punch_id
            )
            for r in self.results
        ]


def plan_batch(
    *, actor: Actor, device_id: str, items: list[BatchItem], now: datetime, policy: AttendancePolicy
) -> BatchPlan:
    """The batch as a whole must name its terminal and hold 1 to ``max_batch_punches`` items
    (else nothing of it is looked at); each item is then recorded or refused on its own."""
    if not items or len(items) > policy.max_batch_punches:
        raise InvalidInput.on("punches", f"a batch holds 1 to {policy.max_batch_punches} punches")
    device = checked_ref(device_id, "device_id", required=True)
    results: list[ItemResult] = []
    punches: list[Punch] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        ref = item.source_punch_id.strip()
        try:
            if item.device_time is None:
                raise InvalidInput.on("device_time", "is required")
            punch_id = punch_id_of(
                actor.branch_id, PunchSource.TERMINAL, device, checked_ref(ref, "source_punch_id", required=True)
            )
            if punch_id in seen:
                results.append(
                    ItemResult(index=index, source_punch_id=ref, outcome=ItemOutcome.DUPLICATE, punch_id=punch_id)
                )
                continue
            punch = Punch.record(
                punch_id=punch_id,
                actor=actor,
                employee_id=item.employee_id,
                source=PunchSource.TERMINAL,
                device_id=device,
                source_punch_id=ref,
                device_time=item.device_time,
                now=now,
                policy=policy,
            )
        except InvalidInput as exc:
            violation = exc.violations[0] if exc.violations else None
            results.append(
                ItemResult(
                    index=index,
                    source_punch_id=ref,
                    outcome=ItemOutcome.REFUSED,
                    field=violation.field if violation else "",
                    reason=violation.description if violation else str(exc),
                )
            )
            continue
        seen.add(punch_id)
        punches.append(punch)
        results.append(
            ItemResult(
                index=index,
                source_punch_id=ref,
                outcome=ItemOutcome.RECORDED,
                punch_id=punch_id,
                clock_drift_flagged=punch.clock_drift_flagged,
            )
        )
    return BatchPlan(results, punches)
