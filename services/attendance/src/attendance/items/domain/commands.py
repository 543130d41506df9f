"""Item commands: imperative names, fields mirroring the requests of ``AttendanceService``
(``cskit.servicing.command_methods`` decodes them by field name). Who acts and when come from the call and the clock."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateItem:
    title: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CompleteItem:
    id: str
