"""The topic the discipline score consumes and its consumer group (ATT-12); light to import
(the service declaration names them without loading the contracts)."""

COMPLAINTS_TOPIC = "cs.complaints.v1"
DISCIPLINE_GROUP = "attendance-discipline"
