"""The archives service: Filing, catalogue, retention, confidential loans, stock-take and destruction."""

SERVICE = "archives"
TOPIC = "cs.archives.v1"
