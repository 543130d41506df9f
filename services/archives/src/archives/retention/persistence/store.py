"""How sealings, holds and destruction proposals are stored: the kit's event store, once each."""

from __future__ import annotations

from archives.retention.domain.destruction import DestructionProposal
from archives.retention.domain.events import DestructionEvent, HoldEvent, SealingEvent
from archives.retention.domain.holds import Hold
from archives.retention.domain.sealing import Sealing
from archives.retention.persistence.rows import (
    DestructionEventRow,
    DestructionRow,
    HoldEventRow,
    HoldRow,
    SealingEventRow,
    SealingRow,
)
from cskit.domain import NotFound
from cskit.eventstore import EventStore, stream_of


def sealing_not_found(sealing_id: str) -> NotFound:
    return NotFound(f"sealing {sealing_id} not found", code="sealing_not_found")


def hold_not_found(hold_id: str) -> NotFound:
    return NotFound(f"hold {hold_id} not found", code="hold_not_found")


def proposal_not_found(proposal_id: str) -> NotFound:
    # The same answer for "missing" and "another branch's" (PLT-01).
    return NotFound(f"destruction proposal {proposal_id} not found", code="proposal_not_found")


SEALINGS: EventStore[Sealing, SealingEvent] = EventStore(
    stream_of(
        Sealing,
        record="sealing",
        projection=SealingRow,
        events=SealingEventRow,
        stream_column="sealing_id",
        event_union=SealingEvent,
        columns=lambda s: {"bag_number": s.bag_number, "created_at": s.sealed_at},
        not_found=sealing_not_found,
    )
)

HOLDS: EventStore[Hold, HoldEvent] = EventStore(
    stream_of(
        Hold,
        record="hold",
        projection=HoldRow,
        events=HoldEventRow,
        stream_column="hold_id",
        event_union=HoldEvent,
        columns=lambda h: {"state": h.state.value, "created_at": h.created_at},
        not_found=hold_not_found,
    )
)

DESTRUCTIONS: EventStore[DestructionProposal, DestructionEvent] = EventStore(
    stream_of(
        DestructionProposal,
        record="destruction proposal",
        projection=DestructionRow,
        events=DestructionEventRow,
        stream_column="proposal_id",
        event_union=DestructionEvent,
        columns=lambda p: {"state": p.state.value, "proposed_by": p.proposed_by, "created_at": p.created_at},
        not_found=proposal_not_found,
    )
)
