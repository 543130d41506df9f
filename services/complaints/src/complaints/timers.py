"""Timer kinds of the complaints service and the command each fires."""

from __future__ import annotations

CHECK_CLOCKS = "complaints.check_clocks"
