"""The ONE transition table every movement of an archive record goes through.

awaiting_original --receive--> on_shelf                     (ARC-01, ARC-02: the paper handed over)
on_shelf --lend--> lent --return--> on_shelf                (ARC-06)
on_shelf | lent --report_missing--> missing --find--> on_shelf   (ARC-08, ARC-10)
on_shelf --destroy--> destroyed                             (ARC-11)
Moves that keep the state: place (catalogue, ARC-03), transfer (ARC-12), seal (ARC-04),
hold / release (ARC-11), note the condition (ARC-08, ARC-10).
"""

from __future__ import annotations

from enum import StrEnum

from archives.domain.categories import RecordState
from cskit.domain.transitions import IllegalMove, TransitionTable


class IllegalRecordMove(IllegalMove):
    """An action the record's current state does not allow."""


class RecordAction(StrEnum):
    RECEIVE = "receive the original of"
    PLACE = "place"
    TRANSFER = "transfer"
    LEND = "lend"
    RETURN = "take back"
    REPORT_MISSING = "report missing"
    FIND = "find"
    NOTE_CONDITION = "note the condition of"
    SEAL = "seal"
    HOLD = "hold"
    RELEASE = "release"
    DESTROY = "destroy"


S, A = RecordState, RecordAction
_KEPT = (S.AWAITING_ORIGINAL, S.ON_SHELF, S.LENT, S.MISSING)

TRANSITIONS: TransitionTable[RecordState, RecordAction] = TransitionTable(
    {
        (S.AWAITING_ORIGINAL, A.RECEIVE): S.ON_SHELF,
        (S.AWAITING_ORIGINAL, A.PLACE): S.AWAITING_ORIGINAL,
        (S.ON_SHELF, A.PLACE): S.ON_SHELF,
        (S.LENT, A.PLACE): S.LENT,
        (S.AWAITING_ORIGINAL, A.TRANSFER): S.AWAITING_ORIGINAL,
        (S.ON_SHELF, A.TRANSFER): S.ON_SHELF,
        (S.ON_SHELF, A.LEND): S.LENT,
        (S.LENT, A.RETURN): S.ON_SHELF,
        (S.ON_SHELF, A.REPORT_MISSING): S.MISSING,
        (S.LENT, A.REPORT_MISSING): S.MISSING,
        (S.MISSING, A.FIND): S.ON_SHELF,
        (S.ON_SHELF, A.NOTE_CONDITION): S.ON_SHELF,
        (S.LENT, A.NOTE_CONDITION): S.LENT,
        (S.ON_SHELF, A.SEAL): S.ON_SHELF,
        **{(state, A.HOLD): state for state in _KEPT},
        **{(state, A.RELEASE): state for state in _KEPT},
        (S.ON_SHELF, A.DESTROY): S.DESTROYED,
    },
    record="an archive record",
    rule={
        A.RECEIVE: "ARC-02",
        A.PLACE: "ARC-03",
        A.TRANSFER: "ARC-12",
        A.LEND: "ARC-06",
        A.RETURN: "ARC-06",
        A.REPORT_MISSING: "ARC-08",
        A.FIND: "ARC-10",
        A.NOTE_CONDITION: "ARC-08",
        A.SEAL: "ARC-04",
        A.HOLD: "ARC-11",
        A.RELEASE: "ARC-11",
        A.DESTROY: "ARC-11",
    },
    codes={
        A.RECEIVE: "record_not_awaiting_original",
        A.LEND: "record_not_on_shelf",
        A.RETURN: "record_not_lent",
        A.FIND: "record_not_missing",
        A.SEAL: "record_not_on_shelf",
        A.DESTROY: "record_not_on_shelf",
    },
    error=IllegalRecordMove,
)
