"""The filing inbox: the consumer's transaction (with its processed-events claim) leaves the
request as a due timer, and ``serve``'s timer runner files it through the event store and the
outbox. So the consumer needs no async event store, and a request is filed once: the
timer's (kind, subject) is the request's record, and filing a record that exists is a no-op."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from archives.intake.domain.request import FilingRequest
from cskit.domain.codec import fields_to_json
from cskit.timers.schedule import schedule_statement

FILE = "archives.file"


def enqueue(session: Session, request: FilingRequest, now: datetime) -> None:
    stmt = schedule_statement(
        session.get_bind().dialect.name, FILE, request.record_id, now, payload=fields_to_json(request)
    )
    session.execute(stmt)
