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

# Retention (ARC-04, ARC-11, ARC-13).
DESTRUCTION_BACKLOG = Gauge(
    "cs_archives_destruction_backlog",
    "Records past retention, not held and not destroyed, by branch (ARC-11): waiting for a destruction proposal.",
    ["branch"],
)
DESTRUCTION_PROPOSALS_PENDING = Gauge(
    "cs_archives_destruction_proposals_pending",
    "Destruction proposals awaiting approval, by branch (ARC-11).",
    ["branch"],
)
SEALING_DUE = Gauge(
    "cs_archives_sealing_due",
    "Records whose sealing year has come and that are not sealed, by branch (ARC-04).",
    ["branch"],
)

# Stock-take (ARC-10) and leavers (ARC-09).
STOCKTAKE_DISCREPANCIES = Gauge(
    "cs_archives_stocktake_discrepancies",
    "Open stock-take discrepancies by branch and kind (ARC-10): missing (reported by a stock-take, not found since), "
    "damaged (awaiting repair or copying), and the latest closed session's misplaced, unknown and lent_on_shelf.",
    ["branch", "kind"],
)
LEAVERS_NOT_CLEARED = Gauge(
    "cs_archives_leavers_not_cleared",
    "Leavers' clearance cases still open (files out with the leaver), by branch (ARC-09).",
    ["branch"],
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

# ARC-03: the catalogue (archives.catalogue.persistence.gauges).
UNPLACED = Gauge(
    "cs_archives_records_unplaced",
    "Records kept (not destroyed) but not yet placed in a volume, so in no catalogue, by branch (ARC-03).",
    ["branch"],
)
VOLUMES = Gauge(
    "cs_archives_volumes", "Volumes in the general catalogue, by branch and category (ARC-03).", ["branch", "category"]
)
