"""The payroll record's figures (ATT-11) as stored and published, and corrections after close:
explicit, with a reason, and published with the corrected figures and the difference
(corrected minus previous, field by field)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from decimal import Decimal
from typing import Any

from attendance.month.domain.figures import LeaveHours, MonthCounts, MonthRecord
from cskit.domain import InvalidInput
from cskit.domain.rules import enforces

MAX_REASON = 500
# The figures a correction may set (the rest follow from them or stay as counted).
CORRECTABLE = (
    "worked_minutes",
    "deducted_minutes",
    "absence_days",
    "absence_minutes",
    "overtime_minutes",
    "triple_pay_minutes",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class PayrollFigures(MonthCounts):
    termination_reasons: tuple[str, ...] = ()

    @classmethod
    def of(cls, record: MonthRecord) -> PayrollFigures:
        values = {f.name: getattr(record, f.name) for f in fields(cls) if f.name not in ("termination_reasons",)}
        return cls(**values, termination_reasons=tuple(r.value for r in record.termination))

    def to_document(self) -> dict[str, Any]:
        doc = asdict(self)
        doc["leave"] = [{**asdict(x), "pay_rate": str(x.pay_rate)} for x in self.leave]
        doc["termination_reasons"] = list(self.termination_reasons)
        return doc

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> PayrollFigures:
        leave = tuple(LeaveHours(**{**x, "pay_rate": Decimal(x["pay_rate"])}) for x in doc.get("leave", ()))
        plain = {
            f.name: doc[f.name] for f in fields(cls) if f.name in doc and f.name not in ("leave", "termination_reasons")
        }
        return cls(**plain, leave=leave, termination_reasons=tuple(doc.get("termination_reasons", ())))

    def minus(self, before: PayrollFigures) -> PayrollFigures:
        """The difference of the numeric figures (leave and reasons are not corrected: empty)."""
        numbers = {
            f.name: getattr(self, f.name) - getattr(before, f.name)
            for f in fields(self)
            if f.name not in ("leave", "termination_reasons")
        }
        return PayrollFigures(**numbers)


@enforces("ATT-11")
def corrected(before: PayrollFigures, changes: dict[str, int], reason: str) -> PayrollFigures:
    """A closed month changes only through an explicit correction with a reason; the figures
    given replace the stored ones, each a whole number of minutes or days, not negative."""
    text = reason.strip()
    if not text or len(text) > MAX_REASON:
        raise InvalidInput.on("reason", f"a correction needs a reason of 1 to {MAX_REASON} characters")
    if not changes:
        raise InvalidInput.on("figures", f"give at least one of {', '.join(CORRECTABLE)}")
    for name, value in changes.items():
        if name not in CORRECTABLE:
            raise InvalidInput.on(name, "cannot be corrected")
        if value < 0:
            raise InvalidInput.on(name, "must not be negative")
    after = replace(before, **changes)  # type: ignore[arg-type]
    if after == before:
        raise InvalidInput.on("figures", "the correction changes nothing")
    return after


def month_key(month: date) -> str:
    return month.strftime("%Y-%m")


def parse_month(text: str, field: str = "month") -> date:
    try:
        year, number = text.strip().split("-")
        month = date(int(year), int(number), 1)
    except ValueError as exc:
        raise InvalidInput.on(field, "must be a month YYYY-MM") from exc
    if not 1970 <= month.year <= 9000:
        raise InvalidInput.on(field, "must be a month between 1970-01 and 9000-12")
    return month
