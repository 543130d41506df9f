"""How the kit publishes outbox rows to Kafka: the producer settings, the bounds on a relay's
transactions, and one acknowledged batch send (the relay and ``republish`` share them)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kafka import KafkaProducer

from cskit.messaging.outbox import OutboxRow


@dataclass(frozen=True, slots=True)
class RelayTimeouts:
    """Bounds on every relay transaction, in seconds (PostgreSQL only; SQLite has one writer anyway).

    ``idle_in_transaction`` is how long a frozen relay keeps its buckets; ``send`` is the whole
    budget for one batch's broker round trip (metadata, send, every ack), spent while the
    transaction is open and idle, hence strictly below ``idle_in_transaction``.
    """

    statement: float = 5.0
    lock: float = 2.0
    idle_in_transaction: float = 10.0
    send: float = 8.0

    def __post_init__(self) -> None:
        for name in ("statement", "lock", "idle_in_transaction", "send"):
            if getattr(self, name) <= 0:
                raise ValueError(f"relay timeout {name} must be positive")
        if self.send >= self.idle_in_transaction:
            raise ValueError(
                f"relay send timeout ({self.send}s) must be below idle_in_transaction ({self.idle_in_transaction}s): "
                "the broker round trip happens inside the transaction"
            )

    def settings_sql(self) -> str:
        """One statement setting the three bounds for the current transaction only (``is_local``)."""
        ms = {
            "statement_timeout": self.statement,
            "lock_timeout": self.lock,
            "idle_in_transaction_session_timeout": self.idle_in_transaction,
        }
        return "SELECT " + ", ".join(f"set_config('{k}', '{int(v * 1000)}', true)" for k, v in ms.items())


def producer_config(service: str, *, send_timeout: float, role: str = "outbox-relay") -> dict[str, Any]:
    """The kit's producer settings for publishing outbox rows (the relay and ``republish``)."""
    budget_ms = int(send_timeout * 1000)
    request_ms = min(5_000, budget_ms)
    return {
        "acks": "all",
        "linger_ms": 0,
        # One request in flight per connection keeps a key's records in send order on retries.
        "max_in_flight_requests_per_connection": 1,
        "retries": 2**31 - 1,
        # Topics are created explicitly with their declared partitions (``ensure_topics``);
        # production clusters disable auto-creation, so never depend on it here either.
        "allow_auto_create_topics": False,
        # Fail fast when the broker is away so the loop backs off instead of hanging, and
        # reconnect within seconds (not kafka-python's 30 s backoff cap) once it is back.
        "bootstrap_timeout_ms": 5_000,
        "reconnect_backoff_max_ms": 2_000,
        "max_block_ms": min(5_000, budget_ms),
        "request_timeout_ms": request_ms,
        # A record not acknowledged within the send budget fails; its row stays unpublished.
        "delivery_timeout_ms": max(budget_ms, request_ms),
        "client_id": f"{service}-{role}",
    }


def send_rows(producer: KafkaProducer, rows: Sequence[OutboxRow], *, timeout: float) -> None:
    """Send ``rows`` in order and wait until the broker acknowledged every one, within ``timeout``.

    Raises on the first record not acknowledged in time; the caller then keeps its rows unpublished.
    """
    deadline = time.monotonic() + timeout
    futures = [
        producer.send(row.topic, key=row.key.encode(), value=row.payload, headers=row.kafka_headers()) for row in rows
    ]
    producer.flush(timeout=max(0.0, deadline - time.monotonic()))
    for future in futures:
        # Every record must be acknowledged before any row is marked published.
        future.get(timeout=max(0.0, deadline - time.monotonic()))
