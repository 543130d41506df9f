"""Register commands: imperative names, fields mirroring the requests of ``KeyRegisterService``
(``cskit.servicing.command_methods`` decodes them by field name). Who acts and when come from
the call and the clock."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class RegisterKeySet:
    code: str
    unit: str
    kind: str
    key_count: int
    cabinet: str
    hook: str
    custodian: str
    owner_name: str = ""
    owner_phone: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateKeySet:
    id: str
    cabinet: str
    hook: str
    custodian: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RetireKeySet:
    id: str
    reason: str
