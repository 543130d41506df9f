"""The kit's write-conflict retry: lost races re-run, everything else propagates at once."""

from __future__ import annotations

import pytest

from cskit.domain import Conflict
from cskit.domain.errors import WriteConflict
from cskit.retry import RetryPolicy, retried, retry_write_conflicts

FAST = RetryPolicy(attempts=4, base_delay=0.0, max_delay=0.0)


async def test_a_lost_race_is_re_run_until_it_succeeds() -> None:
    calls: list[int] = []

    async def command() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise WriteConflict("changed meanwhile", code="concurrent_change")
        return "done"

    assert await retry_write_conflicts(command, FAST) == "done"
    assert len(calls) == 3


async def test_retries_are_bounded_and_the_last_conflict_surfaces() -> None:
    calls: list[int] = []

    async def command() -> None:
        calls.append(1)
        raise WriteConflict("changed meanwhile", code="write_conflict")

    with pytest.raises(WriteConflict):
        await retry_write_conflicts(command, FAST)
    assert len(calls) == FAST.attempts


async def test_a_genuine_conflict_is_not_retried() -> None:
    """A domain Conflict (a reused idempotency key, a stale If-Match) is the user's to see."""
    calls: list[int] = []

    class Handlers:
        @retried
        async def act(self) -> None:
            calls.append(1)
            raise Conflict("this Idempotency-Key was used with a different request", code="idempotency_key_reused")

    with pytest.raises(Conflict) as caught:
        await Handlers().act()
    assert caught.value.code == "idempotency_key_reused" and len(calls) == 1


def test_jitter_stays_within_the_capped_exponential_window() -> None:
    policy = RetryPolicy(attempts=5, base_delay=0.01, max_delay=0.05)
    for retry in range(6):
        for _ in range(50):
            assert 0.0 <= policy.delay(retry) <= min(0.05, 0.01 * 2**retry)
    with pytest.raises(ValueError, match="attempts"):
        RetryPolicy(attempts=0)
