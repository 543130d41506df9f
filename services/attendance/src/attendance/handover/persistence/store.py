"""How handover records are stored: the kit's event store, one stream per record kind."""

from __future__ import annotations

from attendance.handover.domain.events import DutyReviewEvent, HandoverLogEvent, PostAbsenceEvent, SwapEvent
from attendance.handover.domain.logs import HandoverLog
from attendance.handover.domain.posts import PostAbsence
from attendance.handover.domain.reviews import DutyReview
from attendance.handover.domain.swaps import ShiftSwap
from attendance.handover.persistence import rows
from cskit.eventstore import EventStore
from cskit.eventstore.store import stream_of
from cskit.eventstore.table import columns_of

LOGS: EventStore[HandoverLog, HandoverLogEvent] = EventStore(
    stream_of(
        HandoverLog,
        record="handover_log",
        projection=rows.HandoverLogRow,
        events=rows.HandoverLogEventRow,
        stream_column="log_id",
        event_union=HandoverLogEvent,
        columns=lambda log: columns_of(log, ["kind", "day", "state", "created_at"]),
    )
)

SWAPS: EventStore[ShiftSwap, SwapEvent] = EventStore(
    stream_of(
        ShiftSwap,
        record="shift_swap",
        projection=rows.ShiftSwapRow,
        events=rows.ShiftSwapEventRow,
        stream_column="swap_id",
        event_union=SwapEvent,
        columns=lambda swap: columns_of(
            swap,
            ["requester_id", "counterpart_id", "state", "created_at"],
            requester_day=swap.requester_shift.day,
            counterpart_day=swap.counterpart_shift.day,
        ),
    )
)

ABSENCES: EventStore[PostAbsence, PostAbsenceEvent] = EventStore(
    stream_of(
        PostAbsence,
        record="post_absence",
        projection=rows.PostAbsenceRow,
        events=rows.PostAbsenceEventRow,
        stream_column="absence_id",
        event_union=PostAbsenceEvent,
        columns=lambda a: columns_of(
            a, ["kind", "employee_id", "state", "overrun_minutes", "started_at", "created_at"]
        ),
    )
)

REVIEWS: EventStore[DutyReview, DutyReviewEvent] = EventStore(
    stream_of(
        DutyReview,
        record="duty_review",
        projection=rows.DutyReviewRow,
        events=rows.DutyReviewEventRow,
        stream_column="review_id",
        event_union=DutyReviewEvent,
        columns=lambda r: columns_of(r, ["month", "created_at"]),
    )
)
