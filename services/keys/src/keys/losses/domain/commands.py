"""Loss-report commands, mirroring the requests of ``LossService``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportLoss:
    key_set_id: str
    damage: str
    circumstances: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestLossApproval:
    id: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ApproveLoss:
    id: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordOwnerAgreement:
    id: str
    contacted_at: datetime | None
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordLossProtection:
    id: str
    measure: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolveLoss:
    id: str
    resolution: str
    key_count: int
    duty_log_entry: str
    cost: Decimal | None = None
    currency: str = "CNY"
    borne_by: str = ""
    liable_staff: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportLockChange:
    key_set_id: str
    changed_on: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class HandInSpareKey:
    id: str
    key_count: int
