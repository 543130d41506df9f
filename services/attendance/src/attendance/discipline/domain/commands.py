"""Discipline commands, fields mirroring the requests of ``DisciplineService``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordDisciplineEntry:
    employee_id: str
    kind: str
    day: str
    note: str
    # Unfinished daily work only: "0.5" to "1".
    points: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class DraftScoreSheet:
    month: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ApproveScoreSheet:
    month: str
