"""The complaints service: intake, service-level clocks and follow-up (CMP rules)."""

SERVICE = "complaints"
TOPIC = "cs.complaints.v1"
