"""Every events contract of cs.keys.v1 is loaded with the outbox (``keys.outbound.PAYLOADS``):
a payload the outbox cannot find by name fails the commit that publishes it."""

from __future__ import annotations

from pathlib import Path

from keys.outbound import PAYLOADS

import cs.keys.v1


def test_every_keys_events_contract_is_a_payload_module() -> None:
    contracts = {p.name.removesuffix("_pb2.py") for p in Path(cs.keys.v1.__file__).parent.glob("*_events_pb2.py")}
    assert contracts == {m.DESCRIPTOR.name.rsplit("/", 1)[-1].removesuffix(".proto") for m in PAYLOADS}
