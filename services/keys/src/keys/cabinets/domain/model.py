"""The electronic key cabinets' port (issue 12 item 9), as pure decisions: is a report
acceptable (the caller is a cabinet gateway; its time is plausible), and what does it mean
against the register and the open loans (a lent key set carries its loan's ref, KEY-04)?

- key removed: consistent when the key set is out on a loan (state lent with a ref: the loan
  is recorded before the cabinet releases the key, KEY-04 "every use is logged"); a key set
  still in the cabinet, sealed, or not in the register at all is CABINET_UNEXPECTED_REMOVAL,
  pinned on the badge holder;
- key returned: a key set hung on another hook (or cabinet) than the register says is
  CABINET_WRONG_HOOK, pinned on the badge holder (the register is not moved: a person checks);
- door forced: CABINET_DOOR_FORCED with no key set, pinned on nobody (the badge is empty)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from cskit.domain import Forbidden, InvalidInput
from cskit.domain.actor import IdentityGrammar
from cskit.domain.text import clean_text


class CabinetEventKind(StrEnum):
    KEY_REMOVED = "key_removed"
    KEY_RETURNED = "key_returned"
    DOOR_FORCED = "door_forced"


@dataclass(frozen=True, slots=True)
class CabinetPolicy:
    # The verified caller issuers that may report (settings cabinet_gateway_issuers).
    issuers: frozenset[str] = frozenset({"cabinet-gateway"})
    # A cabinet's clock may run this far ahead of ours...
    clock_skew: timedelta = timedelta(minutes=1)
    # ...and a report may arrive this late (a gateway back online sends its backlog).
    max_age: timedelta = timedelta(days=7)


@dataclass(frozen=True, slots=True, kw_only=True)
class CabinetReport:
    event_id: str
    kind: CabinetEventKind
    cabinet: str
    hook: str
    key_code: str
    badge: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class KeySetAt:
    """What the register says of the key set a report names."""

    key_set_id: str
    code: str
    cabinet: str
    hook: str
    state: str
    ref: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Verdict:
    # consistent, discrepancy (duplicate is the handler's: the same event id seen before).
    outcome: str
    key_set_id: str = ""
    kind: str = ""
    pinned_on: str = ""
    detail: str = ""


def require_gateway(issuer: str, policy: CabinetPolicy) -> None:
    if issuer not in policy.issuers:
        raise Forbidden("only a cabinet gateway reports cabinet events", code="not_cabinet_gateway")


def _line(value: str, field: str, limit: int, *, required: bool) -> str:
    cleaned = clean_text(value, field, multiline=False).strip()
    if required and not cleaned:
        raise InvalidInput.on(field, "is required")
    if len(cleaned) > limit:
        raise InvalidInput.on(field, f"must be at most {limit} characters")
    return cleaned


def checked_report(
    *,
    event_id: str,
    kind: str,
    cabinet: str,
    hook: str,
    key_code: str,
    badge: str,
    occurred_at: datetime | None,
    now: datetime,
    policy: CabinetPolicy,
) -> CabinetReport:
    """A cabinet's report, checked; its time bounded (not ahead of ours beyond the skew, not
    older than the policy's age) and kept to the minute."""
    try:
        checked_kind = CabinetEventKind(kind)
    except ValueError as exc:
        raise InvalidInput.on("kind", "must be key_removed, key_returned or door_forced") from exc
    if not IdentityGrammar.subject_ok(event_id) or len(event_id) > 64:
        raise InvalidInput.on("event_id", "must be the cabinet's event id (letters, digits, ._:-; at most 64)")
    if occurred_at is None:
        raise InvalidInput.on("occurred_at", "is required")
    if occurred_at > now + policy.clock_skew:
        raise InvalidInput.on("occurred_at", "is in the future")
    if occurred_at < now - policy.max_age:
        raise InvalidInput.on("occurred_at", f"is older than {policy.max_age.days} days")
    badge = _line(badge, "badge", 128, required=checked_kind is not CabinetEventKind.DOOR_FORCED)
    if badge and not IdentityGrammar.subject_ok(badge):
        raise InvalidInput.on("badge", "must be a staff member's id")
    return CabinetReport(
        event_id=event_id,
        kind=checked_kind,
        cabinet=_line(cabinet, "cabinet", 40, required=True),
        hook=_line(hook, "hook", 40, required=checked_kind is not CabinetEventKind.DOOR_FORCED),
        key_code=_line(key_code, "key_code", 40, required=False),
        badge=badge,
        occurred_at=occurred_at.replace(second=0, microsecond=0),
    )


def reconcile_report(report: CabinetReport, key_set: KeySetAt | None) -> Verdict:
    where = f"cabinet {report.cabinet} hook {report.hook or '-'}"
    at = f"{report.occurred_at:%Y-%m-%d %H:%M} UTC"
    match report.kind:
        case CabinetEventKind.DOOR_FORCED:
            return Verdict(
                outcome="discrepancy",
                kind="cabinet_door_forced",
                pinned_on=report.badge,
                detail=f"door of cabinet {report.cabinet} forced at {at}",
            )
        case CabinetEventKind.KEY_REMOVED:
            if key_set is not None and key_set.state == "lent" and key_set.ref:
                return Verdict(outcome="consistent", key_set_id=key_set.key_set_id)
            what = "a key not in the register" if key_set is None else f"{key_set.code} ({key_set.state}, no open loan)"
            return Verdict(
                outcome="discrepancy",
                key_set_id="" if key_set is None else key_set.key_set_id,
                kind="cabinet_unexpected_removal",
                pinned_on=report.badge,
                detail=f"{what} taken from {where} by {report.badge} at {at}",
            )
        case CabinetEventKind.KEY_RETURNED:
            if key_set is None:
                return Verdict(
                    outcome="discrepancy",
                    kind="cabinet_wrong_hook",
                    pinned_on=report.badge,
                    detail=f"a key not in the register ({report.key_code or 'no tag'}) hung on {where} at {at}",
                )
            if (key_set.cabinet, key_set.hook) != (report.cabinet, report.hook):
                return Verdict(
                    outcome="discrepancy",
                    key_set_id=key_set.key_set_id,
                    kind="cabinet_wrong_hook",
                    pinned_on=report.badge,
                    detail=(
                        f"{key_set.code} returned to {where} by {report.badge} at {at}; "
                        f"the register has it on cabinet {key_set.cabinet} hook {key_set.hook}"
                    ),
                )
            return Verdict(outcome="consistent", key_set_id=key_set.key_set_id)
    raise AssertionError(report.kind)  # pragma: no cover - the enum is exhausted above


def pick(candidates: Collection[KeySetAt], report: CabinetReport) -> KeySetAt | None:
    """The key set a report names: by its fob's code when read, else the one on the hook."""
    if report.key_code:
        return next((k for k in candidates if k.code == report.key_code), None)
    return next((k for k in candidates if (k.cabinet, k.hook) == (report.cabinet, report.hook)), None)
