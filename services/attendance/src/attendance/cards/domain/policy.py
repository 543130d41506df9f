"""What a card costs the employee (ATT-13; 000 §5.3(10)-(11)): the rulebook says a lost or
damaged card is replaced "for its cost" (工本费) and a card not returned at departure is
"deducted at cost" (成本抵扣) from the final pay, without an amount; both are settings
(``CS_ATTENDANCE_CARD_REPLACEMENT_FEE``, ``CS_ATTENDANCE_CARD_UNRETURNED_DEDUCTION``), by default
the 20 CNY a proximity card costs the branch."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from cskit.domain.rules import enforces


class CardCharge(StrEnum):
    LOST = "lost"
    DAMAGED = "damaged"
    NOT_RETURNED = "not_returned"


@dataclass(frozen=True, slots=True)
class CardPolicy:
    replacement_fee: Decimal = Decimal("20.00")
    unreturned_deduction: Decimal = Decimal("20.00")
    currency: str = "CNY"

    @enforces("ATT-13")
    def charge(self, why: CardCharge) -> Decimal:
        """The employee pays the replacement fee for a lost or damaged card, and the card's
        cost from the final pay for one not returned at departure."""
        return self.unreturned_deduction if why is CardCharge.NOT_RETURNED else self.replacement_fee
