"""Archives settings: ``CS_ARCHIVES_*`` environment variables (the kit's fields, these defaults).

The policy numbers are the rulebook's defaults (``archives.domain.policy.ArchivesPolicy``)."""

from __future__ import annotations

import re
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

    def policy(self) -> ArchivesPolicy:
        return ArchivesPolicy(
            zone=ZoneInfo(self.time_zone),
            retention_years=dict(self.retention_years),
            default_retention_years=self.default_retention_years,
            complaint_minimum_years=self.complaint_minimum_years,
            seal_after_years=self.seal_after_years,
        )
