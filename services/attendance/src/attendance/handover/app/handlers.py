"""The handover handlers: one method per command of ``HandoverService``. Idempotency, commit,
the outbox and lost-race retries are the kit's (``cskit.calls``)."""

from __future__ import annotations

from attendance.handover.app.logs import LogHandlers
from attendance.handover.app.swaps import SwapHandlers


class HandoverHandlers(LogHandlers, SwapHandlers):
    """Handover logs and duty reviews (HO-01, HO-02, HO-05); swaps, cover, leaving the post (HO-03, HO-04)."""
