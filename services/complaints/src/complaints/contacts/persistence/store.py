"""The consumer's store (CMP-14): reads and writes in the transaction that claims the event id,
so a step, its breaches and the event's ``processed_events`` row commit together or not at all."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from complaints.contacts.domain.model import Contact
from complaints.contacts.domain.policy import ContactPolicy
from complaints.contacts.domain.values import Breach, Step
from complaints.contacts.persistence import repository as r
from complaints.contacts.persistence.rows import ContactRow
from cskit.domain import Clock, system_scope

# A step names its contact, whatever the branch; the domain then refuses a step whose branch
# is not the contact's (PLT-01), so a producer cannot add to another branch's contact.
_STEPS = system_scope("contact consumer: a step's branch is checked against its contact's")


class SqlContactSteps:
    def __init__(self, session: Session, clock: Clock) -> None:
        self._session = session
        self._clock = clock

    def load(self, contact_id: str, zone: ZoneInfo, policy: ContactPolicy) -> Contact | None:
        # FOR UPDATE: a contact's steps share a partition, but a rebalance may hand it over mid-step.
        row = self._session.execute(r.contact_query(contact_id, _STEPS).with_for_update()).scalar_one_or_none()
        if row is None:
            return None
        steps = self._session.execute(r.steps_query(contact_id)).scalars().all()
        breaches = self._session.execute(r.breaches_query(contact_id)).scalars().all()
        return r.contact_of(row, steps, breaches, zone, policy)

    def month_closed(self, branch_id: str, month: str) -> bool:
        return self._session.execute(r.closed_query(branch_id, month)).first() is not None

    def save(self, contact: Contact, step: Step, breaches: Sequence[Breach], *, new: bool, zone: ZoneInfo) -> None:
        values = r.record_values(contact)
        if new:
            self._session.execute(insert(ContactRow).values(values))
        else:
            self._session.execute(update(ContactRow).where(ContactRow.id == contact.id).values(values))
        self._session.add_all(r.new_rows(contact, step, breaches, zone, self._clock.now()))
        self._session.flush()

    def arm_close(self, branch_id: str, month: str, due_at: datetime) -> None:
        dialect = self._session.get_bind().dialect.name
        self._session.execute(r.arm_close_statement(dialect, branch_id, month, due_at))
