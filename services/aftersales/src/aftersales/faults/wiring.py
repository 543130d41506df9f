"""The fault cases' part of the composition root: the FaultCaseService and its gauges."""

from __future__ import annotations

from aftersales.faults.api import servicer as api
from aftersales.faults.app.handlers import FaultHandlers
from aftersales.faults.domain.policy import FaultsPolicy
from aftersales.faults.persistence.gauges import refresh_fault_gauges
from aftersales.faults.persistence.reader import FaultReader
from aftersales.faults.persistence.uow import SqlFaultsUnitOfWork
from aftersales.wiring import Parts, Wiring
from cskit.records import registration


def parts(w: Wiring) -> Parts:
    handlers = FaultHandlers(
        lambda call: SqlFaultsUnitOfWork(w.sessions, call, w.clock),
        w.clock,
        FaultsPolicy(currency=w.settings.currency),
        w.policy,
    )
    servicer = api.FaultCaseServicer(handlers, FaultReader(w.sessions, tokens=w.tokens))
    return Parts(
        [registration(api.SERVICE_DESCRIPTOR, api.add_to_server, servicer)],
        gauges=[refresh_fault_gauges],
    )
