"""Key-set states and the ONE transition table every movement of a key set goes through.

in_cabinet --lend--> lent --return--> in_cabinet
in_cabinet --seal--> sealed --open_seal--> in_cabinet           (KEY-03, KEY-06)
in_cabinet | lent | sealed --report_lost--> lost --replace--> in_cabinet   (KEY-09)
in_cabinet | lost --retire--> retired
"""

from __future__ import annotations

from enum import StrEnum

from cskit.domain.transitions import IllegalMove, TransitionTable
from keys.domain.kinds import KeyState


class IllegalKeySetMove(IllegalMove):
    """An action the key set's current state does not allow."""


class KeySetAction(StrEnum):
    LEND = "lend"
    RETURN = "return"
    SEAL = "seal"
    OPEN_SEAL = "open the seal of"
    REPORT_LOST = "report lost"
    REPLACE = "replace"
    RETIRE = "retire"


S, A = KeyState, KeySetAction

TRANSITIONS: TransitionTable[KeyState, KeySetAction] = TransitionTable(
    {
        (S.IN_CABINET, A.LEND): S.LENT,
        (S.LENT, A.RETURN): S.IN_CABINET,
        (S.IN_CABINET, A.SEAL): S.SEALED,
        (S.SEALED, A.OPEN_SEAL): S.IN_CABINET,
        (S.IN_CABINET, A.REPORT_LOST): S.LOST,
        (S.LENT, A.REPORT_LOST): S.LOST,
        (S.SEALED, A.REPORT_LOST): S.LOST,
        (S.LOST, A.REPLACE): S.IN_CABINET,
        (S.IN_CABINET, A.RETIRE): S.RETIRED,
        (S.LOST, A.RETIRE): S.RETIRED,
    },
    record="a key set",
    rule={
        A.LEND: "KEY-04",
        A.RETURN: "KEY-07",
        A.SEAL: "KEY-03",
        A.OPEN_SEAL: "KEY-03",
        A.REPORT_LOST: "KEY-09",
        A.REPLACE: "KEY-09",
        A.RETIRE: "KEY-02",
    },
    codes={A.LEND: "key_set_not_available", A.RETURN: "key_set_not_lent", A.OPEN_SEAL: "key_set_not_sealed"},
    error=IllegalKeySetMove,
)
