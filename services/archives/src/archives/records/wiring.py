"""The records' part of the composition root."""

from __future__ import annotations

from archives.records.api import servicer as api
from archives.records.app.handlers import RecordHandlers
from archives.records.persistence.gauges import refresh_record_gauges
from archives.records.persistence.reader import RecordReader
from archives.records.persistence.uow import SqlRecordsUnitOfWork
from archives.wiring import Parts, Wiring
from cskit.records import registration


def reader(w: Wiring) -> RecordReader:
    """The records' reads, bounded by branch and clearance: for every sub-domain that lists records."""
    return RecordReader(w.sessions, tokens=w.tokens, policy=w.policy)


def parts(w: Wiring) -> Parts:
    handlers = RecordHandlers(lambda call: SqlRecordsUnitOfWork(w.sessions, call, w.clock), w.clock, w.policy)
    servicer = api.RecordServicer(handlers, reader(w))
    return Parts([registration(api.SERVICE_DESCRIPTOR, api.add_to_server, servicer)], gauges=[refresh_record_gauges])
