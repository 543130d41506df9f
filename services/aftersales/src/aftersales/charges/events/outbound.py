"""A completed order's record -> the outbox: its charge (``ChargeRaised``, ``NoChargeDue``)
for finance on ``cs.aftersales.v1`` like every aftersales event, its filing request on the
generic filing contract's topic ``cs.filing.v1``, unchanged, for the archives (AFS-04).

Both are keyed by the order's id, which is the filing request's source record id, as the
archives' intake checks (envelope subject = ``source_record_id``, ``cs_branch`` = its branch)."""

from __future__ import annotations

from typing import Any

from aftersales import SERVICE
from aftersales.charges.domain.events import FilingRequested

# Imported so the contract's message is in the descriptor pool the outbox looks it up in.
from aftersales.outbound import OUTBOUND
from cs.filing.v1 import filing_pb2
from cskit.messaging.envelope import Envelope
from cskit.records import Outbound

# The one place this service names the filing topic.
FILING_TOPIC = "cs.filing.v1"
FILING_OUTBOUND = Outbound(topic=FILING_TOPIC, source=SERVICE, package=filing_pb2.DESCRIPTOR.package)


def completion_outbound(record: Any, event: Any) -> tuple[str, Envelope]:
    if isinstance(event, FilingRequested):
        return FILING_OUTBOUND(record, event)
    return OUTBOUND(record, event)
