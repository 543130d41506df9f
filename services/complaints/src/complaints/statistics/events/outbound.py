"""A frozen (or recomputed) month -> ``MonthlyStatisticsFrozen`` on ``cs.complaints.v1`` (CMP-12)
and its register -> ``FilingRequested`` on ``cs.filing.v1`` (CMP-13), each in the envelope.

Key of the statistics event: ``stats:<branch>:<month>``, so a month's freeze and any later
recompute stay in order; the filing request is keyed by the register's record id
(``register:<branch>:<month>``) like every filing request.
"""

from __future__ import annotations

from complaints import TOPIC
from complaints.events.common import envelope
from complaints.events.filing import FILING_TOPIC, filing_envelope
from complaints.statistics.app.ports import StatisticsChange
from cs.complaints.v1 import statistics_pb2 as pb
from cskit.messaging.envelope import Envelope
from cskit.protomap import timestamp


def statistics_key(branch_id: str, month: str) -> str:
    return f"stats:{branch_id}:{month}"


def frozen_payload(change: StatisticsChange) -> pb.MonthlyStatisticsFrozen:
    s = change.snapshot
    return pb.MonthlyStatisticsFrozen(
        branch_id=s.statistics.branch_id,
        month=s.statistics.month,
        content_hash=s.content_hash,
        computed_at=timestamp(s.computed_at),
        frozen_by=s.computed_by,
        recomputed=change.replaces is not None,
        reason=change.reason,
        register_pointer=s.register_pointer,
    )


def outbox_entries(change: StatisticsChange) -> list[tuple[str, Envelope]]:
    s = change.snapshot
    key = statistics_key(s.statistics.branch_id, s.statistics.month)
    frozen = envelope(frozen_payload(change), subject=key, branch_id=s.statistics.branch_id, time=s.computed_at)
    return [(TOPIC, frozen), (FILING_TOPIC, filing_envelope(change.filing))]
