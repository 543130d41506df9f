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
UNPLACED = Gauge(
    "cs_archives_records_unplaced",
    "Records kept (not destroyed) but not yet placed in a volume, so in no catalogue, by branch (ARC-03).",
    ["branch"],
)
VOLUMES = Gauge(
    "cs_archives_volumes", "Volumes in the general catalogue, by branch and category (ARC-03).", ["branch", "category"]
)
