"""Retention's part of the composition root: the RetentionService, the daily sealing-due
timer (ARC-04) armed at start-up, and the retention gauges."""

from __future__ import annotations

from archives.records.wiring import reader as record_reader
from archives.retention.api import servicer as api
from archives.retention.app.handlers import RetentionHandlers
from archives.retention.domain.policy import RetentionPolicy
from archives.retention.persistence.jobs import SEALING_DUE_LIST, arm_sealing_due, retention_gauges, sealing_due_timer
from archives.retention.persistence.reader import RetentionReader
from archives.retention.persistence.uow import SqlRetentionUnitOfWork
from archives.wiring import Parts, Wiring
from cskit.records import registration


def policy_of(w: Wiring) -> RetentionPolicy:
    s = w.settings
    return RetentionPolicy(
        zone=w.policy.zone,
        keepers=frozenset(s.hold_keeper_roles),
        approvers=frozenset(s.destruction_approver_roles),
        sealing_list_at=s.sealing_list_at,
        max_records=s.retention_max_records,
    )


def parts(w: Wiring) -> Parts:
    policy = policy_of(w)
    handlers = RetentionHandlers(
        lambda call: SqlRetentionUnitOfWork(w.sessions, call, w.clock), w.clock, w.policy, policy
    )
    reader = RetentionReader(w.sessions, tokens=w.tokens, records=record_reader(w), clock=w.clock, archives=w.policy)

    async def arm() -> None:
        await arm_sealing_due(w.sessions, w.clock, policy)

    return Parts(
        [registration(api.SERVICE_DESCRIPTOR, api.add_to_server, api.RetentionServicer(handlers, reader))],
        timers={SEALING_DUE_LIST: sealing_due_timer(w.clock, w.policy, policy)},
        starts=[arm],
        gauges=[retention_gauges(w.policy)],
    )
