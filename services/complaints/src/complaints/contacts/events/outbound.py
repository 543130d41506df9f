"""Contact events on ``cs.complaints.v1`` (CMP-14): ``ContactLinked`` keyed by the complaint id
(in order with the case), ``AgentContactBreachesCounted`` keyed by the agent's person id (as
penalties' ledger events, so one person's month facts stay in order for HR and attendance)."""

from __future__ import annotations

from datetime import datetime

from complaints.contacts.app.ports import AgentMonth
from complaints.contacts.domain.model import Contact
from complaints.events.common import envelope, event_payload
from cs.complaints.v1 import contacts_pb2 as pb
from cskit.messaging.envelope import Envelope
from cskit.protomap import attributes


def linked_envelope(contact: Contact, linked_by: str, at: datetime) -> Envelope:
    value_of = attributes(
        contact, contact_id=contact.id, channel=contact.channel.value, linked_by=linked_by, linked_at=at
    )
    payload = event_payload("ContactLinked", value_of)
    return envelope(payload, subject=contact.complaint_id, branch_id=contact.branch_id, time=at)


def counted_envelope(branch_id: str, month: str, agent: AgentMonth, at: datetime) -> Envelope:
    breaches = [pb.StandardCount(standard=s, breaches=n) for s, n in sorted(agent.breaches.items())]
    value_of = attributes(agent, branch_id=branch_id, month=month, breaches=breaches, counted_at=at)
    payload = event_payload("AgentContactBreachesCounted", value_of)
    return envelope(payload, subject=agent.agent_id, branch_id=branch_id, time=at)
