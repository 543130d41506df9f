"""Named advisory locks: a name is always the same 32-bit lock, and the idempotency guard's
lock is the named lock of its scope and key (one implementation)."""

from __future__ import annotations

import json

from google.protobuf.empty_pb2 import Empty

from cskit.db.locks import lock_number
from cskit.idempotency import IdempotencyGuard


def test_a_name_is_always_the_same_signed_32_bit_lock() -> None:
    first, again, other = (
        lock_number("overtime\x1fe1\x1f2026-11-21"),
        lock_number("overtime\x1fe1\x1f2026-11-21"),
        lock_number("x"),
    )
    assert first == again and first != other
    assert all(-(2**31) <= n < 2**31 for n in (first, other))


def test_the_idempotency_guard_holds_the_named_lock_of_its_scope_and_key() -> None:
    guard = IdempotencyGuard(scope="s", key="k", request=Empty())
    assert guard.lock_id == lock_number(json.dumps(["s", "k"]))
