"""The shipping policy: the rulebook's numbers (``CS_AFTERSALES_*``, built in ``shipping.wiring``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True, kw_only=True)
class ShippingPolicy:
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    # AFS-07: orders ship within this long of the payment's confirmation ...
    ship_within: timedelta = timedelta(hours=24)
    # ... and never later than this: past it the customer is told and offered an exchange or refund.
    ship_at_latest: timedelta = timedelta(hours=48)
    # PLT-05: a payment confirmation reported by sales is at most this old.
    payment_lookback: timedelta = timedelta(days=30)
    # AFS-07: a ship date is planned at most this many days ahead.
    ship_date_horizon_days: int = 30
    # AFS-08: an installation appointment is booked at most this far ahead.
    installation_horizon: timedelta = timedelta(days=60)
    # AFS-08: the longest trip a technician may say they expect.
    max_trip_days: int = 60
    # AFS-08: a trip with no progress report for this many days is flagged.
    trip_report_days: int = 3
    # PLT-05: a time a client reports may run this far ahead of ours.
    reported_time_skew: timedelta = timedelta(minutes=1)

    def local_day(self, at: datetime) -> date:
        return at.astimezone(self.zone).date()

    @property
    def trip_report_interval(self) -> timedelta:
        return timedelta(days=self.trip_report_days)
