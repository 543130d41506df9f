"""The leavers' inbox: the consumer's transaction (with its processed-events claim) leaves the
departure as a due timer, and ``serve``'s timer runner opens the case through the event store
and the outbox. The timer's (kind, subject) is the case: a departure delivered twice is one case."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from archives.leavers.domain.model import Departure
from cskit.domain.codec import fields_to_json
from cskit.timers.schedule import schedule_statement

OPEN_CASE = "archives.leaver"


def enqueue(session: Session, departure: Departure, now: datetime) -> None:
    stmt = schedule_statement(
        session.get_bind().dialect.name, OPEN_CASE, departure.case_id, now, payload=fields_to_json(departure)
    )
    session.execute(stmt)
