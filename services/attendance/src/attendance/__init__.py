"""The attendance service: punches, rosters, leave, overtime, handover, month close."""

SERVICE = "attendance"
TOPIC = "cs.attendance.v1"
