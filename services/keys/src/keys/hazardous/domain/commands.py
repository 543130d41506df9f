"""Hazardous-key commands, mirroring the requests of ``HazardousKeyService`` (items decoded
by the servicer: a repeated message is not a plain wire value)."""

from __future__ import annotations

from dataclasses import dataclass

from keys.hazardous.domain.events import StockItem


@dataclass(frozen=True, slots=True, kw_only=True)
class IssueHazardousKey:
    key_set_id: str
    recipient: str
    purpose: str
    in_person: bool
    taken: tuple[StockItem, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnHazardousKey:
    id: str
    returned: tuple[StockItem, ...]
