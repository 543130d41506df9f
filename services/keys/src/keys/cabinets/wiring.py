"""The electronic cabinets' part of the composition root: the CabinetFeedService port."""

from __future__ import annotations

from cskit.records import registration
from keys.cabinets.api import servicer as api
from keys.cabinets.app.handlers import CabinetHandlers
from keys.cabinets.domain.model import CabinetPolicy
from keys.cabinets.persistence.uow import SqlCabinetUnitOfWork
from keys.wiring import Parts, Wiring


def parts(w: Wiring) -> Parts:
    policy = CabinetPolicy(
        issuers=w.cabinet_gateway_issuers, clock_skew=w.cabinet_clock_skew, max_age=w.cabinet_max_age
    )
    handlers = CabinetHandlers(lambda call: SqlCabinetUnitOfWork(w.sessions, call, w.clock), w.clock, policy)
    return Parts([registration(api.SERVICE_DESCRIPTOR, api.add_to_server, api.CabinetFeedServicer(handlers))])
