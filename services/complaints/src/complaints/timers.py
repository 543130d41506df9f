"""Timer kinds of the complaints service and the command each fires."""

from __future__ import annotations

CHECK_CLOCKS = "complaints.check_clocks"
# CMP-12: freeze a branch's last month (subject: branch id; payload: {"month": "YYYY-MM"}).
FREEZE_STATISTICS = "complaints.freeze_statistics"
# CMP-14: publish a branch's per-agent contact breach counts of a month (subject: branch id;
# payload: {"month": "YYYY-MM"}) for attendance's discipline score (ATT-12).
CLOSE_CONTACT_MONTH = "complaints.close_contact_month"
