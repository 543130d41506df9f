"""Contact events on ``cs.complaints.v1`` (CMP-14): ``ContactLinked`` keyed by the complaint id
(in order with the case), ``AgentContactBreachesCounted`` keyed by the agent's person id (as
penalties' ledger events, so one person's month facts stay in order for HR and attendance)."""

from __future__ import annotations

from datetime import datetime

from complaints import SERVICE
from complaints.contacts.app.ports import AgentMonth
from complaints.contacts.domain.model import Contact
from complaints.events.common import SCHEMA_VERSION
from cs.complaints.v1 import contacts_pb2 as pb
from cskit.messaging.envelope import Envelope
from cskit.protomap import timestamp


def linked_envelope(contact: Contact, linked_by: str, at: datetime) -> Envelope:
    payload = pb.ContactLinked(
        contact_id=contact.id,
        complaint_id=contact.complaint_id,
        branch_id=contact.branch_id,
        channel=contact.channel.value,
        linked_by=linked_by,
        linked_at=timestamp(at),
    )
    return Envelope.new(
        payload,
        source=SERVICE,
        subject=contact.complaint_id,
        branch_id=contact.branch_id,
        time=at,
        schema_version=SCHEMA_VERSION,
    )


def counted_envelope(branch_id: str, month: str, agent: AgentMonth, at: datetime) -> Envelope:
    payload = pb.AgentContactBreachesCounted(
        agent_id=agent.agent_id,
        branch_id=branch_id,
        month=month,
        contacts=agent.contacts,
        breached_contacts=agent.breached_contacts,
        breaches=[pb.StandardCount(standard=s, breaches=n) for s, n in sorted(agent.breaches.items())],
        counted_at=timestamp(at),
    )
    return Envelope.new(
        payload, source=SERVICE, subject=agent.agent_id, branch_id=branch_id, time=at, schema_version=SCHEMA_VERSION
    )
