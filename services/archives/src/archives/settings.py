"""Archives settings: ``CS_ARCHIVES_*`` environment variables (the kit's fields, these defaults).

The policy numbers are the rulebook's defaults (``archives.domain.policy.ArchivesPolicy``)."""

from __future__ import annotations

import re
from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator

from archives.domain.categories import Category
from archives.domain.policy import ArchivesPolicy
from cskit.settings import ServiceSettings, service_config


class ArchivesSettings(ServiceSettings):
    model_config = service_config("archives")

    database_url: str = "sqlite:///.data/archives.db"
    grpc_port: int = 50081
    metrics_port: int = 9131
    relay_metrics_port: int = 9132
    consumer_metrics_port: int = 9133
    # How long the timer runner sleeps when nothing is due (filing requests, overdue loans).
    timers_max_idle_seconds: float = 1.0
    # How often the domain gauges are recomputed from the database.
    gauges_interval_seconds: float = Field(15.0, gt=0)

    # PLT-05: the branches' zone; dates of documents, retention and sealing are local days.
    time_zone: str = "Asia/Shanghai"
    # ARC-04, ARC-13: years kept per category, e.g. {"work_order": 2, "contract": 30}; a
    # category not named keeps default_retention_years.
    retention_years: dict[Category, int] = Field(default_factory=lambda: dict(ArchivesPolicy().retention_years))
    default_retention_years: int = Field(10, ge=1, le=100)
    # ARC-13: complaint and feedback files are kept at least this long, whatever else is set.
    complaint_minimum_years: int = Field(1, ge=1, le=100)
    # ARC-04: a file is sealed into an archive bag this many years after its date.
    seal_after_years: int = Field(1, ge=1, le=10)

    # Retention (ARC-04, ARC-11, ARC-13; archives.retention). The daily list of records due
    # for sealing is made at this branch-local time.
    sealing_list_at: time = time(6, 0)
    # ARC-11: who approves a destruction (never the proposer): manager or above.
    destruction_approver_roles: frozenset[str] = frozenset({"manager", "director", "general_manager"})
    # ARC-11: who places and releases holds (the archives.keep roles).
    hold_keeper_roles: frozenset[str] = frozenset({"archivist", "manager", "legal"})
    # At most this many records in one sealing, hold or destruction proposal.
    retention_max_records: int = Field(200, ge=1, le=1000)

    # Stock-take and leavers (archives.stocktake, archives.leavers).
    # ARC-10: the branch-local time of the stock-take reminder, sent on the last day of
    # each month and, for the yearly full check, on the first working day of January.
    stocktake_reminder_at: time = time(9, 0)
    # ARC-09: how often a leaver's uncleared case checks again for the files still out.
    leavers_recheck_minutes: int = Field(60, ge=1, le=7 * 24 * 60)

    # Loans (archives.loans).
    # ARC-06: a file is lent for at most this many days (reading in place: the same day).
    loan_max_days: int = Field(14, ge=1, le=365)
    # ARC-07: an overdue loan is chased again this often until it is returned.
    loan_chase_every_hours: int = Field(24, ge=1, le=24 * 30)
    # ARC-06: who approves a loan (阅档批准权限); never the requester or borrower (PLT-02).
    loan_approver_roles: list[str] = Field(
        default_factory=lambda: ["director", "general_manager", "manager", "team_lead"]
    )
    # ARC-06: the leaders who approve an external borrower (and the parent company's).
    loan_leader_roles: list[str] = Field(default_factory=lambda: ["director", "general_manager", "manager"])
    # ARC-08: who records the responsibility decision closing a loss, damage or leak report.
    loan_responsibility_roles: list[str] = Field(default_factory=lambda: ["director", "general_manager", "manager"])
    # ARC-03 catalogue: volumes are numbered "<code>-<year>-<seq>" per branch; a category's code
    # (capital letters and digits, at most 8), e.g. {"company_document": "WS"}; a category not
    # named keeps its default (archives.catalogue.domain.policy.DEFAULT_CODES).
    catalogue_category_codes: dict[Category, str] = Field(default_factory=dict)
    # The most items one volume holds (its in-volume catalogue is read whole).
    catalogue_volume_max_items: int = Field(500, ge=1, le=5000)

    @field_validator("catalogue_category_codes")
    @classmethod
    def _codes(cls, value: dict[Category, str]) -> dict[Category, str]:
        if Category.UNSPECIFIED in value or any(re.fullmatch(r"[A-Z][A-Z0-9]{0,7}", c) is None for c in value.values()):
            raise ValueError("a category's code is 1 to 8 capital letters and digits, starting with a letter")
        return value

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("retention_years")
    @classmethod
    def _sane_years(cls, value: dict[Category, int]) -> dict[Category, int]:
        if Category.UNSPECIFIED in value or any(not 1 <= y <= 100 for y in value.values()):
            raise ValueError("retention is 1 to 100 years per named category")
        return value

    @field_validator("destruction_approver_roles", "hold_keeper_roles")
    @classmethod
    def _some_roles(cls, value: frozenset[str]) -> frozenset[str]:
        if not value:
            raise ValueError("names at least one role")
        return value

    def policy(self) -> ArchivesPolicy:
        return ArchivesPolicy(
            zone=ZoneInfo(self.time_zone),
            retention_years=dict(self.retention_years),
            default_retention_years=self.default_retention_years,
            complaint_minimum_years=self.complaint_minimum_years,
            seal_after_years=self.seal_after_years,
        )
