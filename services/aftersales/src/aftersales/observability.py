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

# Return visits, owner visits and surveys (AFS-06, AFS-12).
RETURN_VISITS_DUE = Gauge(
    "cs_aftersales_return_visits_due", "Return visits open and not yet past due (AFS-06), by branch.", ["branch"]
)
RETURN_VISITS_OVERDUE = Gauge(
    "cs_aftersales_return_visits_overdue",
    "Return visits open past the 2 working days (AFS-06), by branch.",
    ["branch"],
)
RETURN_VISITS_RECORDED = Counter(
    "cs_aftersales_return_visits_recorded_total",
    "Return-visit calls recorded (AFS-06), by branch and whether the customer was reached.",
    ["branch", "reached"],
)
RETURN_VISITS_LATE = Counter(
    "cs_aftersales_return_visits_late_total",
    "Return visits flagged past the 2 working days (AFS-06), by branch.",
    ["branch"],
)
OWNER_VISIT_SHORTFALL = Gauge(
    "cs_aftersales_owner_visit_shortfall",
    "Households still to visit this month to reach 5 % of the site's (AFS-12), by branch and site.",
    ["branch", "site"],
)
OWNER_VISITS_RECORDED = Counter(
    "cs_aftersales_owner_visits_recorded_total", "Owner visits recorded (AFS-12), by branch.", ["branch"]
)
OWNER_VISIT_MONTHS = Counter(
    "cs_aftersales_owner_visit_months_total",
    "Site months closed (AFS-12), by branch and result (met, missed).",
    ["branch", "result"],
)
SURVEYS_CLOSED = Counter(
    "cs_aftersales_survey_campaigns_closed_total",
    "Survey campaigns collected (AFS-06), by branch and result (met, missed: 50 % returned).",
    ["branch", "result"],
)
