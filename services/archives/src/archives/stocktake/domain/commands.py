"""Stock-take commands, mirroring the requests of ``StocktakeService``."""

from __future__ import annotations

from dataclasses import dataclass, field

from archives.stocktake.domain.events import Found


@dataclass(frozen=True, slots=True, kw_only=True)
class StartStocktake:
    kind: str
    scope: str = ""
    category: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordFindings:
    id: str
    items: tuple[Found, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True, kw_only=True)
class CloseStocktake:
    id: str
