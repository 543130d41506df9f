"""The aftersales service's own metrics (``cs_aftersales_*``), for the domain dashboard and
alerts. The gauges are recomputed from the database by the sub-domains' refreshes
(``service.gauges``), so every replica reports the same complete numbers (dashboards take
max() across replicas). Each sub-domain declares its metrics here, once."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

# Work orders (AFS-01, AFS-02, AFS-03, AFS-13).
ORDERS_BY_STATE = Gauge("cs_aftersales_work_orders", "Work orders, by branch and state (AFS-01).", ["branch", "state"])
DEPARTURE_SECONDS = Histogram(
    "cs_aftersales_departure_seconds",
    "Seconds from an engineer accepting a work order to leaving with tools and parts (AFS-02: within 5 minutes).",
    ["branch"],
    buckets=(30, 60, 120, 180, 240, 300, 420, 600, 900, 1800, 3600),
)
DEPARTURES_OVERDUE = Counter(
    "cs_aftersales_departures_overdue_total",
    "Work orders accepted and not left for within the departure clock (AFS-02), by branch.",
    ["branch"],
)
ACKNOWLEDGEMENTS_OVERDUE = Counter(
    "cs_aftersales_acknowledgements_overdue_total",
    "Requests not acknowledged within 24 hours (AFS-13), by branch.",
    ["branch"],
)
COMPLETION_SECONDS = Histogram(
    "cs_aftersales_completion_seconds",
    "Seconds from opening a work order to its sign-off (AFS-03), by branch and kind.",
    ["branch", "kind"],
    buckets=(1800, 3600, 7200, 14400, 28800, 86400, 172800, 604800),
)

# Shipping and field trips (aftersales.shipping; AFS-07, AFS-08).
SHIPMENTS_WAITING = Gauge(
    "cs_aftersales_shipments_waiting",
    "Paid shipments not shipped yet, by branch and how long since the payment: "
    "'24h' past the 24-hour target, '48h' past the 48-hour limit (AFS-07; dashboard: shipping clock).",
    ["branch", "past"],
)
PAYMENT_TO_SHIP_HOURS = Histogram(
    "cs_aftersales_payment_to_ship_hours",
    "Hours from the payment's confirmation to shipping (AFS-07: within 24, never past 48), by branch.",
    ["branch"],
    buckets=(1, 2, 4, 8, 12, 24, 36, 48, 72, 120, 240),
)
FIELD_TRIPS_BY_STATE = Gauge(
    "cs_aftersales_field_trips", "Field trips, by branch and state (AFS-08).", ["branch", "state"]
)
