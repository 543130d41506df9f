"""The facts and results of monthly complaint statistics (CMP-12): plain values with their
JSON document form; the rules that compute them are in ``statistics.py``."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from complaints.domain.states import Status
from complaints.domain.values import Category, Channel, ClockKind, ClockState, Nature


@dataclass(frozen=True, slots=True)
class VisitFact:
    visited_at: datetime
    satisfied: bool
    satisfaction: int


@dataclass(frozen=True, slots=True)
class VisitTaskFact:
    """A visit the case owed (CMP-15, CMP-17): due by ``due_at``, made at ``done_at``."""

    kind: str
    due_at: datetime
    done_at: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponsibilityFact:
    """CMP-11's decision on a case and its sanctions (published ones marked)."""

    level: str
    person_id: str = ""
    team: str = ""
    department: str = ""
    sanction_ids: tuple[str, ...] = ()
    published_sanction_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseFacts:
    """What the statistics need of one case, read from its projection and history."""

    complaint_id: str
    number: str
    branch_id: str
    status: Status
    nature: Nature
    category: Category
    channel: Channel
    department: str
    received_at: datetime
    breached: bool = False
    rejected: bool = False
    # From the history, oldest first.
    closures: tuple[datetime, ...] = ()
    reopens: tuple[datetime, ...] = ()
    visits: tuple[VisitFact, ...] = ()
    clocks: Mapping[ClockKind, ClockState] = field(default_factory=dict)
    responsibility: ResponsibilityFact | None = None
    visit_tasks: tuple[VisitTaskFact, ...] = ()


@dataclass(frozen=True, slots=True)
class MonthWindow:
    branch_id: str
    month: str
    time_zone: str
    start: datetime  # UTC, inclusive
    end: datetime  # UTC, exclusive

    def holds(self, at: datetime | None) -> bool:
        return at is not None and self.start <= at < self.end


@dataclass(frozen=True, slots=True)
class ClockComplianceStat:
    clock: str
    met: int
    breached: int
    rate: float


@dataclass(frozen=True, slots=True)
class TimeToCloseStat:
    cases: int = 0
    mean_hours: float = 0.0
    p50_hours: float = 0.0
    p90_hours: float = 0.0


@dataclass(frozen=True, slots=True)
class ReturnVisitStat:
    valid_closed: int = 0
    visited: int = 0
    rate: float = 0.0
    target: float = 1.0


@dataclass(frozen=True, slots=True)
class VisitSummaryStat:
    """CMP-17's monthly visit summary: the visits due in the month, how many were made, on
    time (by the due date) and late (made after it, or not made)."""

    due: int = 0
    done: int = 0
    on_time: int = 0
    late: int = 0
    on_time_rate: float = 0.0


@dataclass(frozen=True, slots=True)
class SatisfactionStat:
    rated: int = 0
    mean_score: float = 0.0
    satisfied: int = 0
    satisfied_share: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class SanctionDueItem:
    complaint_id: str
    number: str
    closed_at: datetime
    level: str
    person_id: str
    team: str
    department: str
    sanction_published: bool
    sanction_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class MonthlyStatistics:
    """One branch's month. ``document()`` is what freezes; its hash identifies the numbers."""

    branch_id: str
    month: str
    time_zone: str
    window_start: datetime
    window_end: datetime
    received: int
    closed: int
    by_nature: tuple[tuple[str, int], ...]
    by_category: tuple[tuple[str, int], ...]
    by_channel: tuple[tuple[str, int], ...]
    by_branch: tuple[tuple[str, int], ...]
    by_department: tuple[tuple[str, int], ...]
    compliance: tuple[ClockComplianceStat, ...]
    time_to_close: TimeToCloseStat
    return_visits: ReturnVisitStat
    satisfaction: SatisfactionStat
    sanctions_due: tuple[SanctionDueItem, ...]
    # CMP-17; months frozen before it was kept read as zeros.
    visit_summary: VisitSummaryStat = field(default_factory=VisitSummaryStat)

    def document(self) -> dict[str, object]:
        """JSON-safe and canonical: the same numbers always give the same document."""
        return {
            "branch_id": self.branch_id,
            "month": self.month,
            "time_zone": self.time_zone,
            "window_start": self.window_start.isoformat(),
            "window_end": self.window_end.isoformat(),
            "received": self.received,
            "closed": self.closed,
            "by_nature": [list(p) for p in self.by_nature],
            "by_category": [list(p) for p in self.by_category],
            "by_channel": [list(p) for p in self.by_channel],
            "by_branch": [list(p) for p in self.by_branch],
            "by_department": [list(p) for p in self.by_department],
            "compliance": [[c.clock, c.met, c.breached, c.rate] for c in self.compliance],
            "time_to_close": _fields(self.time_to_close),
            "return_visits": _fields(self.return_visits),
            "satisfaction": _fields(self.satisfaction),
            "visit_summary": _fields(self.visit_summary),
            "sanctions_due": [
                {**_fields(s), "closed_at": s.closed_at.isoformat(), "sanction_ids": list(s.sanction_ids)}
                for s in self.sanctions_due
            ],
        }

    @classmethod
    def from_document(cls, doc: Mapping[str, Any]) -> MonthlyStatistics:
        """The frozen document back as values (the stored numbers, never recomputed)."""

        def pairs(name: str) -> tuple[tuple[str, int], ...]:
            return tuple((str(k), int(v)) for k, v in _list(doc[name]))

        sanctions = tuple(
            SanctionDueItem(
                complaint_id=str(s["complaint_id"]), number=str(s["number"]),
                closed_at=datetime.fromisoformat(str(s["closed_at"])), level=str(s["level"]),
                person_id=str(s["person_id"]), team=str(s["team"]), department=str(s["department"]),
                sanction_published=bool(s["sanction_published"]),
                sanction_ids=tuple(str(x) for x in _list(s["sanction_ids"])),
            )
            for s in (_dict(item) for item in _list(doc["sanctions_due"]))
        )  # fmt: skip
        t, r, q = _dict(doc["time_to_close"]), _dict(doc["return_visits"]), _dict(doc["satisfaction"])
        v = _dict(doc.get("visit_summary", _fields(VisitSummaryStat())))
        return cls(
            branch_id=str(doc["branch_id"]), month=str(doc["month"]), time_zone=str(doc["time_zone"]),
            window_start=datetime.fromisoformat(str(doc["window_start"])),
            window_end=datetime.fromisoformat(str(doc["window_end"])),
            received=int(doc["received"]), closed=int(doc["closed"]),
            by_nature=pairs("by_nature"), by_category=pairs("by_category"), by_channel=pairs("by_channel"),
            by_branch=pairs("by_branch"), by_department=pairs("by_department"),
            compliance=tuple(
                ClockComplianceStat(str(c), int(m), int(b), float(x)) for c, m, b, x in _list(doc["compliance"])
            ),
            time_to_close=TimeToCloseStat(
                int(t["cases"]), float(t["mean_hours"]), float(t["p50_hours"]), float(t["p90_hours"])
            ),
            return_visits=ReturnVisitStat(
                int(r["valid_closed"]), int(r["visited"]), float(r["rate"]), float(r["target"])
            ),
            satisfaction=SatisfactionStat(
                int(q["rated"]), float(q["mean_score"]), int(q["satisfied"]), float(q["satisfied_share"])
            ),
            sanctions_due=sanctions,
            visit_summary=VisitSummaryStat(
                int(v["due"]), int(v["done"]), int(v["on_time"]), int(v["late"]), float(v["on_time_rate"])
            ),
        )  # fmt: skip


def _fields(obj: object) -> dict[str, object]:
    return {name: getattr(obj, name) for name in obj.__slots__}  # type: ignore[attr-defined]


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError("statistics document: a list was expected")
    return value


def _dict(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError("statistics document: an object was expected")
    return value


def content_hash(document: Mapping[str, object]) -> str:
    """Hex SHA-256 of the canonical JSON (sorted keys, no spaces)."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()
