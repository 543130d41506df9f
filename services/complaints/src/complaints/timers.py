"""Timer kinds of the complaints service and the command each fires."""

from __future__ import annotations

CHECK_CLOCKS = "complaints.check_clocks"
# CMP-12: freeze a branch's last month (subject: branch id; payload: {"month": "YYYY-MM"}).
FREEZE_STATISTICS = "complaints.freeze_statistics"
