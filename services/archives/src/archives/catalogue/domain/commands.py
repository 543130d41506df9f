"""Catalogue commands, fields mirroring the requests of ``CatalogueService``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenVolume:
    """A new volume (案卷) of the branch (ARC-02, ARC-03)."""

    title: str
    category: str
    year: int
    department: str
    shelf: str
    external: bool = False
    counterparty: str = ""
    confidentiality: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceRecord:
    """A record placed in a volume: it takes its archive number ``<volume no>-<item no>``."""

    id: str
    record_id: str
