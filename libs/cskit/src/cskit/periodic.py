"""Light periodic work inside a service process (gauges, housekeeping).

Not for work that must happen: that is a durable timer (``cskit.timers``). A failing run is
logged and the loop carries on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


async def every(seconds: float, job: Callable[[], Awaitable[None]], stop: asyncio.Event) -> None:
    """Run ``job`` now and then every ``seconds`` until ``stop`` is set."""
    while not stop.is_set():
        try:
            await job()
        except Exception:
            log.exception("periodic job %s failed", getattr(job, "__qualname__", job))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=seconds)
