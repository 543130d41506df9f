"""The archives service's own metrics (``cs_archives_*``), for the domain dashboard and alerts.
The gauges are recomputed from the database by the sub-domains' refreshes
(``service.gauges``), so every replica reports the same complete numbers (dashboards take
max() across replicas). Each sub-domain declares its metrics here, once."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

RECORDS = Gauge("cs_archives_records", "Archive records, by branch and state (ARC-01, ARC-12).", ["branch", "state"])
FILING_REQUESTS = Counter(
    "cs_archives_filing_requests_total",
    "Filing requests taken from cs.filing.v1, by source service and outcome (filed, duplicate).",
    ["source", "outcome"],
)
# ARC-06, ARC-07: the loans (archives.loans.persistence.gauges).
LOANS_OUT = Gauge(
    "cs_archives_loans_out",
    "Archive loans out (lent or read in place, not yet returned), by branch (ARC-06).",
    ["branch"],
)
LOANS_OVERDUE = Gauge(
    "cs_archives_loans_overdue", "Archive loans out past their due time, by branch (ARC-07).", ["branch"]
)
LOAN_CHASES = Counter(
    "cs_archives_loan_chases_total", "Overdue archive loans chased (each reminder), by branch (ARC-07).", ["branch"]
)
