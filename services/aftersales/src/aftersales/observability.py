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

# Repair keys (issue 14 item 2, aftersales.keyloans).
KEY_LOAN_CALLS = Counter(
    "cs_aftersales_key_loan_calls_total",
    "Calls to the keys service for work orders' repair keys, by outcome (lent, returned, refused, retried).",
    ["outcome"],
)
ORDERS_WITH_KEY_OUT = Gauge(
    "cs_aftersales_orders_with_key_out",
    "Work orders whose repair key is asked for, out or on its way back (no sign-off yet), by branch.",
    ["branch"],
)

# Charges (AFS-04, AFS-05): what finance and the archives were told, counted as it is staged.
CHARGES = Counter(
    "cs_aftersales_charges_total",
    "Charges raised for finance on signed-off chargeable work orders (AFS-05), by branch.",
    ["branch"],
)
CHARGED_YUAN = Counter(
    "cs_aftersales_charged_yuan_total",
    "Yuan charged by accepted quotes on signed-off work orders (AFS-05), by branch and currency.",
    ["branch", "currency"],
)
FILING_REQUESTS = Counter(
    "cs_aftersales_filing_requests_total",
    "Completed work orders sent to the archives for their 2-year retention (AFS-04), by branch.",
    ["branch"],
)
# Return cases and refunds (aftersales.returns, AFS-10).
REFUNDS_DUE = Gauge("cs_aftersales_refunds_due", "Refunds approved and not yet paid (AFS-10), by branch.", ["branch"])
REFUNDS_OVERDUE = Gauge(
    "cs_aftersales_refunds_overdue",
    "Refunds approved and unpaid past their one-week due time (AFS-10), by branch.",
    ["branch"],
)
RETURN_CASES_OPENED = Counter(
    "cs_aftersales_return_cases_opened_total",
    "Return cases opened (AFS-10), by branch and situation (refused_on_delivery, signed).",
    ["branch", "situation"],
)
REFUNDS_APPROVED = Counter("cs_aftersales_refunds_approved_total", "Refunds approved (AFS-10), by branch.", ["branch"])
REFUNDS_PAID = Counter(
    "cs_aftersales_refunds_paid_total", "Refunds paid, by branch and whether late (AFS-10).", ["branch", "late"]
)
REFUND_CLOCKS_RUN_OUT = Counter(
    "cs_aftersales_refund_clocks_run_out_total",
    "Refunds whose one-week clock ran out unpaid (AFS-10), by branch.",
    ["branch"],
)

# Fault cases (aftersales.faults, AFS-09).
FAULTS_RECORDED = Counter("cs_aftersales_faults_recorded_total", "Faults recorded (AFS-09), by branch.", ["branch"])
FAULTS_CLOSED = Counter(
    "cs_aftersales_faults_resolved_total",
    "Faults resolved (AFS-09), by branch and how: answered, on_site, return_to_factory, closed.",
    ["branch", "outcome"],
)
FAULTS_BY_STATE = Gauge("cs_aftersales_fault_cases", "Fault cases, by branch and state (AFS-09).", ["branch", "state"])
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
