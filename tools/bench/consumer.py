"""Event-latency consumer: one line of JSON per record handled, with the envelope's time.

Runs as its own process (so it does not share a GIL with the load generator), joins a fresh
consumer group at the end of the topic, prints READY once partitions are assigned, then
writes ``{"id", "type", "subject", "ce_time", "handled"}`` per record (times as Unix
seconds) until SIGTERM/SIGINT. "Handled" is taken after the CloudEvents envelope is parsed.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
import uuid
from types import FrameType

from kafka import KafkaConsumer

from cskit.messaging.envelope import Envelope

_stop = False


def _on_signal(_sig: int, _frame: FrameType | None) -> None:
    global _stop
    _stop = True


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--max-seconds", type=float, default=120.0)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)

    consumer = KafkaConsumer(
        args.topic,
        bootstrap_servers=args.bootstrap,
        group_id=f"bench-latency-{uuid.uuid4().hex[:8]}",
        client_id="bench-latency",
        auto_offset_reset="latest",
        enable_auto_commit=False,
        fetch_max_wait_ms=5,
        # Short group timeouts (dev values): the first join still takes ~3 s of rebalance.
        max_poll_interval_ms=6000,
        session_timeout_ms=6000,
        heartbeat_interval_ms=1000,
    )
    deadline = time.monotonic() + args.max_seconds
    with open(args.out, "w", encoding="utf-8") as out:

        def handle(batch: dict[object, list[object]]) -> None:
            for records in batch.values():
                for record in records:
                    env = Envelope.from_kafka(record.headers, record.value)  # type: ignore[attr-defined]
                    handled = time.time()
                    line = {
                        "id": env.id,
                        "type": env.type,
                        "subject": env.subject,
                        "ce_time": env.time.timestamp(),
                        "handled": handled,
                    }
                    out.write(json.dumps(line) + "\n")
            out.flush()

        try:
            while not consumer.assignment() and not _stop and time.monotonic() < deadline:
                handle(consumer.poll(timeout_ms=100))
            for tp in consumer.assignment():
                consumer.position(tp)  # resolve "latest" now, before the load starts
            print("READY", flush=True)
            while not _stop and time.monotonic() < deadline:
                handle(consumer.poll(timeout_ms=100))
        finally:
            consumer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
