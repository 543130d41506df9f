"""A simulated electronic key cabinet: a test double of the cabinets the port serves. It keeps
which key fob hangs on which hook and produces the reports a real cabinet gateway sends
(removed, returned, forced door), each with a fresh event id and the cabinet's own clock;
``again`` re-sends a report (the gateway's at-least-once delivery). Test support, never wired
into the service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import count

from keys.cabinets.domain.model import CabinetPolicy, CabinetReport, checked_report


@dataclass(frozen=True, slots=True, kw_only=True)
class CabinetSignal:
    """One report as the gateway sends it (the fields of ``cs.keys.v1.CabinetEvent``)."""

    event_id: str
    kind: str
    cabinet: str
    hook: str
    key_code: str
    badge: str
    occurred_at: datetime

    def checked(self, now: datetime, policy: CabinetPolicy | None = None) -> CabinetReport:
        return checked_report(
            event_id=self.event_id,
            kind=self.kind,
            cabinet=self.cabinet,
            hook=self.hook,
            key_code=self.key_code,
            badge=self.badge,
            occurred_at=self.occurred_at,
            now=now,
            policy=policy or CabinetPolicy(),
        )


@dataclass
class SimulatedCabinet:
    cabinet: str
    # hook -> the fob code hanging on it
    hooks: dict[str, str]
    clock: Callable[[], datetime]
    sent: list[CabinetSignal] = field(default_factory=list)
    _ids: count[int] = field(default_factory=lambda: count(1))

    def _signal(self, kind: str, hook: str, code: str, badge: str) -> CabinetSignal:
        signal = CabinetSignal(
            event_id=f"{self.cabinet}-{next(self._ids):06d}",
            kind=kind,
            cabinet=self.cabinet,
            hook=hook,
            key_code=code,
            badge=badge,
            occurred_at=self.clock(),
        )
        self.sent.append(signal)
        return signal

    def take(self, badge: str, hook: str) -> CabinetSignal:
        """The cabinet releases the key on ``hook`` to ``badge`` (it does not judge the loan)."""
        return self._signal("key_removed", hook, self.hooks.pop(hook, ""), badge)

    def hang(self, badge: str, hook: str, code: str) -> CabinetSignal:
        self.hooks[hook] = code
        return self._signal("key_returned", hook, code, badge)

    def force_door(self) -> CabinetSignal:
        return self._signal("door_forced", "", "", "")

    def again(self, signal: CabinetSignal) -> CabinetSignal:
        self.sent.append(signal)
        return signal
