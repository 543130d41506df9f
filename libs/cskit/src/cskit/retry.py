"""Retry a command whose write lost a race the caller did not cause.

A command loads an aggregate, decides, and commits with the version it loaded. When
something else committed to the same record in between (the service's own clock timer,
another internal writer, or another user's independent command), the commit fails with a
``WriteConflict``. The caller saw nothing stale: they asked for an action, not for an
action on a particular version. So the handler re-runs the whole command (a fresh unit of
work, the aggregate re-loaded, the domain asked again) a few times with jittered backoff.
If the re-run finds the action no longer allowed (say the case was rejected meanwhile),
the domain answers with its own error, which is the genuine conflict the user sees.

Only ``WriteConflict`` is retried: domain errors and other failures propagate at once.
Idempotency holds across attempts: each attempt re-reads the idempotency key first.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

from prometheus_client import Counter

from cskit.domain.errors import WriteConflict

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

WRITE_CONFLICT_RETRIES = Counter(
    "cs_write_conflict_retries_total",
    "Commands re-run after losing a write race to another writer, by outcome (retried, exhausted).",
    ["outcome"],
)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """``attempts`` runs in all; between them a full-jitter sleep of up to
    ``min(max_delay, base_delay * 2**n)`` seconds, so racers spread out instead of
    colliding again in lock step."""

    attempts: int = 10
    base_delay: float = 0.01
    max_delay: float = 0.5

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("attempts must be at least 1")
        if self.base_delay < 0 or self.max_delay < 0:
            raise ValueError("delays must not be negative")

    def delay(self, retry: int) -> float:
        return random.uniform(0.0, min(self.max_delay, self.base_delay * 2**retry))


DEFAULT_RETRY = RetryPolicy()


async def retry_write_conflicts(call: Callable[[], Awaitable[T]], policy: RetryPolicy = DEFAULT_RETRY) -> T:
    """``call()``, re-run on ``WriteConflict`` up to ``policy.attempts`` times in all."""
    for retry in range(policy.attempts):
        try:
            return await call()
        except WriteConflict:
            if retry == policy.attempts - 1:
                WRITE_CONFLICT_RETRIES.labels("exhausted").inc()
                raise
            WRITE_CONFLICT_RETRIES.labels("retried").inc()
            log.debug("write conflict; re-running the command (attempt %d)", retry + 2)
            await asyncio.sleep(policy.delay(retry))
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def retried(method: Callable[P, Awaitable[T]], policy: RetryPolicy = DEFAULT_RETRY) -> Callable[P, Awaitable[T]]:
    """Decorate a command handler: the whole handler (its own unit of work) is re-run on a lost race.

    The handler must open its unit of work inside itself, so each attempt starts fresh.
    """

    @functools.wraps(method)
    async def run(*args: P.args, **kwargs: P.kwargs) -> T:
        return await retry_write_conflicts(lambda: method(*args, **kwargs), policy)

    return run
