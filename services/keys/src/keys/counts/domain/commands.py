"""Count commands, mirroring the requests of ``KeyCountService``."""

from __future__ import annotations

from dataclasses import dataclass, field

from keys.counts.domain.events import Found


@dataclass(frozen=True, slots=True, kw_only=True)
class StartCount:
    cabinet: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordFound:
    id: str
    items: tuple[Found, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True, kw_only=True)
class CloseCount:
    id: str
