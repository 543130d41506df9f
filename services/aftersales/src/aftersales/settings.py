"""Aftersales settings: ``CS_AFTERSALES_*`` environment variables (the kit's fields, these defaults).

The policy numbers are the rulebook's defaults (``aftersales.domain.policy.AftersalesPolicy``).
Each sub-domain adds its own block below, under a comment naming it."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator

from aftersales.domain.policy import AftersalesPolicy
from cskit.privacy import PersonalDataPolicy, PersonalKind
from cskit.settings import ServiceSettings, service_config


def _personal_data() -> PersonalDataPolicy:
    # PLT-06: engineers call the resident they are going to, so they read the phone in clear.
    return PersonalDataPolicy(clear={"engineer": frozenset({PersonalKind.PHONE})})


class AftersalesSettings(ServiceSettings):
    model_config = service_config("aftersales")

    database_url: str = "sqlite:///.data/aftersales.db"
    grpc_port: int = 50091
    metrics_port: int = 9141
    relay_metrics_port: int = 9142
    # How long the timer runner sleeps when nothing is due (departure and acknowledgement clocks).
    timers_max_idle_seconds: float = 1.0
    # How often the domain gauges are recomputed from the database.
    gauges_interval_seconds: float = Field(15.0, gt=0)
    personal_data_policy: PersonalDataPolicy = Field(default_factory=_personal_data)

    # The currency of prices, quotes, charges, shipments, returns and refunds (AFS-05, AFS-09, AFS-10).
    currency: str = Field("CNY", pattern=r"^[A-Z]{3}$")
    # PLT-05: the branches' zone; the local day numbers orders and counts working days.
    time_zone: str = "Asia/Shanghai"
    # PLT-05: the branch calendar's own days off and make-up working days (ISO dates), over
    # the official calendar (AFS-06's working days).
    holidays: list[date] = Field(default_factory=list)
    makeup_days: list[date] = Field(default_factory=list)

    # Work orders (aftersales.orders).
    # AFS-02: the engineer leaves with tools and parts within this many minutes of accepting.
    departure_minutes: int = Field(5, ge=1, le=240)
    # AFS-13: a request is acknowledged and confirmed with the customer within this many hours.
    acknowledge_hours: int = Field(24, ge=1, le=24 * 7)
    # AFS-03: a household member signing at home is at least this old.
    adult_age: int = Field(18, ge=14, le=25)
    # AFS-03: the positions that sign for a public facility, by reporting department; an
    # empty list: anyone of that department (office staff).
    signer_positions: dict[str, list[str]] = Field(
        default_factory=lambda: {k: sorted(v) for k, v in AftersalesPolicy().signer_positions.items()}
    )
    # AFS-02: an appointment is booked at most this many days ahead.
    appointment_horizon_days: int = Field(60, ge=1, le=365)
    # PLT-05: a time a client reports (a consent) may run this many seconds ahead of ours.
    reported_time_skew_seconds: int = Field(60, ge=0, le=600)

    # Repair keys (aftersales.keyloans).
    # The keys service's gRPC address (in a cluster the chart sets dns:///<release>-keys:50071).
    keys_target: str = "localhost:50071"
    # How long one call to keys may take before it counts as keys being down (and is retried).
    keys_call_timeout_seconds: float = Field(5.0, gt=0, le=60)
    # While keys is down a call is retried after this many seconds, doubling up to the maximum.
    keys_retry_base_seconds: float = Field(5.0, gt=0, le=600)
    keys_retry_max_seconds: float = Field(300.0, gt=0, le=3600)
    # Shipping and field trips (aftersales.shipping).
    # AFS-07: paid orders ship within this many hours of the payment's confirmation ...
    ship_within_hours: int = Field(24, ge=1, le=24 * 7)
    # ... and never later than this many: past it the customer is told and offered an exchange or refund.
    ship_at_latest_hours: int = Field(48, ge=1, le=24 * 14)
    # PLT-05: a payment confirmation sales reports is at most this many days old.
    payment_lookback_days: int = Field(30, ge=1, le=365)
    # AFS-07: a ship date is planned at most this many days ahead.
    ship_date_horizon_days: int = Field(30, ge=1, le=365)
    # AFS-08: an installation appointment is booked at most this many days ahead.
    installation_horizon_days: int = Field(60, ge=1, le=365)
    # AFS-08: the longest trip, in days, a technician may say they expect.
    max_trip_days: int = Field(60, ge=1, le=365)
    # AFS-08: a trip with no progress report for this many days is flagged.
    trip_report_days: int = Field(3, ge=1, le=60)
    # Return visits, owner visits and surveys (aftersales.visits).
    # AFS-06: a completed order's return visit within this many working days (branch calendar).
    return_visit_working_days: int = Field(2, ge=1, le=30)
    # AFS-06: the survey months (June and December).
    survey_months: list[int] = Field(default_factory=lambda: [6, 12])
    # AFS-06: a survey is collected this many working days after it is sent.
    survey_collect_working_days: int = Field(15, ge=1, le=60)
    # AFS-06: at least this share of the surveys sent come back.
    survey_return_target: float = Field(0.5, gt=0, le=1)
    # AFS-12: each month staff visit at least this share of a site's households (rounded up).
    owner_visit_share: float = Field(0.05, gt=0, le=1)

    # Charges (aftersales.charges).
    # AFS-09: the most lines one quote holds.
    quote_max_lines: int = Field(50, ge=1, le=200)
    # AFS-04: work orders are kept this many years (the retention asked of the archives).
    work_order_retention_years: int = Field(2, ge=1, le=100)
    # Return cases and refunds (aftersales.returns).
    # AFS-10: an approved refund is paid back within this many days (one week).
    refund_within_days: int = Field(7, ge=1, le=60)
    # PLT-02: the roles that approve a refund (never the one who asked for it).
    refund_approver_roles: list[str] = Field(
        default_factory=lambda: ["finance", "manager", "director", "general_manager"], min_length=1
    )

    @field_validator("survey_months")
    @classmethod
    def _months(cls, value: list[int]) -> list[int]:
        if not value or any(not 1 <= m <= 12 for m in value):
            raise ValueError("names at least one month, each 1-12")
        return sorted(set(value))

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("signer_positions")
    @classmethod
    def _departments(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        if not value:
            raise ValueError("names at least one reporting department")
        return {k.strip().lower(): [p.strip().lower() for p in v] for k, v in value.items()}

    def policy(self) -> AftersalesPolicy:
        return AftersalesPolicy(
            zone=ZoneInfo(self.time_zone),
            departure_within=timedelta(minutes=self.departure_minutes),
            acknowledge_within=timedelta(hours=self.acknowledge_hours),
            adult_age=self.adult_age,
            signer_positions={k: frozenset(v) for k, v in self.signer_positions.items()},
            appointment_horizon=timedelta(days=self.appointment_horizon_days),
            reported_time_skew=timedelta(seconds=self.reported_time_skew_seconds),
            holidays=tuple(self.holidays),
            makeup_days=tuple(self.makeup_days),
        )
