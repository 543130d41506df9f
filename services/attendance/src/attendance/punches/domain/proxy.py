"""Proxy punching (ATT-06): HR samples a day's terminal punches against the rosters, and
records a finding that a punch was made by someone else; both the absent employee and the
one who punched for them get a day of absence on the punch's branch-local date.

The sample is pure: every punch the rosters make suspicious, plus a share of the others drawn
by a hash of the punch id and the date (the same day drawn twice gives the same sample, so a
review can be reproduced and audited; a terminal cannot learn which ids are safe, as the
share's salt is the date)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from attendance.domain.facts import ProxyFinding
from attendance.punches.domain.events import ProxyPunchFound
from attendance.punches.domain.model import Punch, PunchSource, checked_ref
from cskit.domain import Actor, InvalidInput
from cskit.domain.actor import require_role
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_IDS = uuid.UUID("0b5e3a4c-51f2-4c7d-8e0a-7d9f6b1c2e3a")
MAX_NOTE = 2000
# Who samples terminal exports and records findings (ATT-06: "HR samples").
PROXY_REVIEWERS = frozenset({"hr"})


class SampleReason(StrEnum):
    REST_DAY = "rest_day"
    NO_ROSTER = "no_roster"
    OTHER_BRANCH_ROSTER = "other_branch_roster"
    RANDOM = "random"


@dataclass(frozen=True, slots=True)
class Sampled:
    punch: Punch
    reason: SampleReason


@dataclass(frozen=True, slots=True, kw_only=True)
class RosterSeen:
    """An employee's roster for the day as the sample sees it: in which branch, rest or not."""

    branch_id: str
    rest_day: bool


def drawn(punch_id: str, day: date, share: float) -> bool:
    """The random share, reproducible: a hash of the punch and the date below the share."""
    digest = hashlib.sha256(f"{day.isoformat()}\x1f{punch_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") < share * 2**64


def proxy_sample(
    punches: Sequence[Punch], rosters: Mapping[str, list[RosterSeen]], day: date, share: float
) -> list[Sampled]:
    """The day's terminal punches HR reviews (ATT-06), in the order given. ``rosters`` are
    each employee's roster days for ``day`` in every branch the caller sees: a punch in a
    branch where its employee has no roster is suspicious, more so when they are rostered in
    another branch; a punch on a rostered rest day is suspicious; the rest are drawn at
    ``share``."""
    sample: list[Sampled] = []
    for punch in punches:
        if punch.source is not PunchSource.TERMINAL:
            continue
        seen = rosters.get(punch.employee_id, [])
        here = [r for r in seen if r.branch_id == punch.branch_id]
        if here and here[0].rest_day:
            sample.append(Sampled(punch, SampleReason.REST_DAY))
        elif not here and seen:
            sample.append(Sampled(punch, SampleReason.OTHER_BRANCH_ROSTER))
        elif not here:
            sample.append(Sampled(punch, SampleReason.NO_ROSTER))
        elif drawn(punch.id, day, share):
            sample.append(Sampled(punch, SampleReason.RANDOM))
    return sample


def finding_id_of(branch_id: str, punch_id: str) -> str:
    """One finding per punch: HR recording the same punch twice names one finding."""
    return str(uuid.uuid5(_IDS, f"{branch_id}\x1f{punch_id}"))


class ProxyFindingRecord(EventSourced[ProxyPunchFound]):
    """Build it with ``find`` or ``rebuild``. A finding is recorded once and never changed;
    its event is its audit trail (PLT-04)."""

    id: str
    branch_id: str
    punch_id: str
    day: str
    absent_employee_id: str
    punched_by_employee_id: str
    note: str
    found_by: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.punch_id = self.day = ""
        self.absent_employee_id = self.punched_by_employee_id = self.note = self.found_by = ""
        self.created_at = self.updated_at = _EPOCH

    @classmethod
    @enforces("ATT-06")
    def find(
        cls,
        *,
        actor: Actor,
        punch: Punch,
        absent_employee_id: str,
        punched_by_employee_id: str,
        note: str,
        zone: ZoneInfo,
        now: datetime,
    ) -> ProxyFindingRecord:
        """HR names the punch, the employee it was made for (who was absent) and the one who
        made it; the day is the punch's branch-local date, when both get a day of absence."""
        require_role(actor, PROXY_REVIEWERS, action="recording a proxy-punch finding")
        absent = checked_ref(absent_employee_id, "absent_employee_id", required=True)
        puncher = checked_ref(punched_by_employee_id, "punched_by_employee_id", required=True)
        if punch.source is PunchSource.MANUAL:
            raise InvalidInput.on(
                "punch_id", "a manual correction is entered by its approver, not punched", rule_id="ATT-06"
            )
        if absent != punch.employee_id:
            raise InvalidInput.on("absent_employee_id", "must be the employee the punch was made for", rule_id="ATT-06")
        if puncher == absent:
            raise InvalidInput.on(
                "punched_by_employee_id", "must be someone other than the absent employee", rule_id="ATT-06"
            )
        if len(note) > MAX_NOTE:
            raise InvalidInput.on("note", f"at most {MAX_NOTE} characters")
        record = cls()
        record._record(
            ProxyPunchFound(
                finding_id=finding_id_of(punch.branch_id, punch.id),
                branch_id=punch.branch_id,
                punch_id=punch.id,
                day=punch.punched_at.astimezone(zone).date().isoformat(),
                absent_employee_id=absent,
                punched_by_employee_id=puncher,
                note=note.strip(),
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return record

    def facts(self) -> list[ProxyFinding]:
        """The two days of absence the finding gives (ATT-06), for the month."""
        day = date.fromisoformat(self.day)
        return [
            ProxyFinding(employee_id=self.absent_employee_id, day=day, finding_id=self.id),
            ProxyFinding(employee_id=self.punched_by_employee_id, day=day, finding_id=self.id),
        ]

    @classmethod
    def rebuild(cls, history: Sequence[ProxyPunchFound]) -> ProxyFindingRecord:
        record = cls()
        record._replay(history)
        return record

    def _apply(self, event: ProxyPunchFound) -> None:
        self.id, self.branch_id, self.punch_id, self.day = event.finding_id, event.branch_id, event.punch_id, event.day
        self.absent_employee_id, self.punched_by_employee_id = event.absent_employee_id, event.punched_by_employee_id
        self.note, self.found_by = event.note, event.actor
        self.created_at = self.updated_at = event.occurred_at
