"""Repair-key commands: fields mirroring the requests of ``RepairKeyService``
(``cskit.servicing.command_methods`` decodes them by field name)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class AskForRepairKey:
    id: str
    key_set_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnRepairKey:
    id: str
    key_count: int
    key_set_code: str
    lost: bool = False
    note: str = ""
