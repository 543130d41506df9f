"""The electronic cabinets' part of the composition root: the CabinetFeedService port."""

from __future__ import annotations

from datetime import timedelta

from cskit.records import registration
from keys.cabinets.api import servicer as api
from keys.cabinets.app.handlers import CabinetHandlers
from keys.cabinets.domain.model import CabinetPolicy
from keys.cabinets.persistence.uow import SqlCabinetUnitOfWork
from keys.wiring import Parts, Wiring


def parts(w: Wiring) -> Parts:
    s = w.settings
    policy = CabinetPolicy(
        issuers=frozenset(s.cabinet_gateway_issuers),
        clock_skew=timedelta(seconds=s.cabinet_clock_skew_seconds),
        max_age=timedelta(days=s.cabinet_max_age_days),
    )
    handlers = CabinetHandlers(lambda call: SqlCabinetUnitOfWork(w.sessions, call, w.clock), w.clock, policy)
    return Parts([registration(api.SERVICE_DESCRIPTOR, api.add_to_server, api.CabinetFeedServicer(handlers))])
