"""Count-session events (KEY-08), shaped like their payloads in ``cs/keys/v1/counts_events.proto``
(the lines themselves stay in the history, not on the topic)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Self


class _Flat:
    """A line of plain fields, to and from JSON without the generic codec's per-field walk:
    a 5,000-key count stores thousands of them (the codec takes ``to_dict``/``from_dict``)."""

    __slots__ = ()

    def to_dict(self) -> dict[str, object]:
        names: tuple[str, ...] = type(self).__slots__  # the dataclass's fields (slots=True)
        return {name: getattr(self, name) for name in names}

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Self:
        return cls(**raw)


@dataclass(frozen=True, slots=True, kw_only=True)
class Expected(_Flat):
    """What the register says hangs in the cabinet (or is out of it, lent) when counted."""

    key_set_id: str
    code: str
    hook: str
    # in_cabinet, sealed (counted as one envelope), lent (expected out).
    state: str
    key_count: int
    custodian: str
    loan_ref: str = ""
    borrower: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Found(_Flat):
    """What the custodian found on a hook: a key set's code and count, or an unknown item."""

    code: str
    hook: str
    count: int
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding(_Flat):
    """One line of the reconciliation, with the case it opened (if any)."""

    key_set_id: str
    code: str
    hook: str
    state: str
    expected: int
    found: int
    # ok, out, missing, short, unexpected, unknown.
    outcome: str
    loan_ref: str = ""
    borrower: str = ""
    note: str = ""
    # The discrepancy kind and who answers for it, when the outcome opens a case.
    kind: str = ""
    pinned_on: str = ""
    discrepancy_id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CountStarted:
    count_id: str
    branch_id: str
    cabinet: str
    day: str
    expected: tuple[Expected, ...]
    expected_items: int
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class CountItemsFound:
    count_id: str
    found: tuple[Found, ...]
    items: int
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class CountClosed:
    count_id: str
    branch_id: str
    cabinet: str
    day: str
    findings: tuple[Finding, ...]
    missing: int
    unexpected: int
    discrepancy_ids: tuple[str, ...]
    actor: str
    occurred_at: datetime


CountEvent = CountStarted | CountItemsFound | CountClosed


@dataclass(frozen=True, slots=True, kw_only=True)
class CountReminderDue:
    """The daily job's reminder: not an aggregate's event, staged straight on the outbox."""

    branch_id: str
    custodian: str
    on_behalf_of: tuple[str, ...]
    cabinets: tuple[str, ...]
    day: str
    occurred_at: datetime
