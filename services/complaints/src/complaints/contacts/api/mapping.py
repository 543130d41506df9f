"""protobuf <-> domain for ContactsService (CMP-14); the only contacts API module that knows
the messages. Ids are checked here too: gRPC callers bypass the gateway's checks."""

from __future__ import annotations

import re

from complaints.contacts.app.handlers import ServiceLevels
from complaints.contacts.app.ports import AgentMonth
from complaints.contacts.domain.model import Contact
from complaints.contacts.domain.values import CONTACT_ID
from cs.complaints.v1 import contacts_pb2 as pb
from cskit.domain import IdentityGrammar, InvalidInput
from cskit.protomap import timestamp

MONTH = re.compile(r"(19[7-9][0-9]|[2-9][0-9]{3})-(0[1-9]|1[0-2])")


def contact_id(value: str, field: str = "contact_id") -> str:
    if CONTACT_ID.fullmatch(value) is None:
        raise InvalidInput.on(field, "must be 1-64 characters of A-Z a-z 0-9 . _ : -")
    return value


def month_query(request: pb.GetServiceLevelsRequest) -> tuple[str, str, str]:
    if MONTH.fullmatch(request.month) is None:
        raise InvalidInput.on("month", "must be YYYY-MM")
    if request.branch_id and not IdentityGrammar.branch_ok(request.branch_id):
        raise InvalidInput.on("branch_id", "must be 1-64 characters of A-Z a-z 0-9 . _ -")
    if request.agent_id and not IdentityGrammar.subject_ok(request.agent_id):
        raise InvalidInput.on("agent_id", "must be an employee id")
    return request.branch_id, request.month, request.agent_id


def contact_to(contact: Contact) -> pb.Contact:
    return pb.Contact(
        id=contact.id,
        branch_id=contact.branch_id,
        channel=contact.channel.value,
        agent_id=contact.agent_id,
        started_at=timestamp(contact.started_at),
        month=contact.month,
        steps=[
            pb.ContactStepRecord(kind=s.kind.value, agent_id=s.agent_id, occurred_at=timestamp(s.occurred_at),
                                 rings=s.rings, customer_agreed=s.customer_agreed, limit_seconds=s.limit_seconds)
            for s in contact.steps
        ],
        breaches=[
            pb.ContactBreach(standard=b.standard.value, agent_id=b.agent_id, measured=b.measured, limit=b.limit,
                             occurred_at=timestamp(b.occurred_at))
            for b in contact.breaches
        ],
        complaint_id=contact.complaint_id,
    )  # fmt: skip


def _level(month: AgentMonth) -> pb.ServiceLevel:
    rate = 1.0 if month.contacts == 0 else max(0.0, 1 - month.breached_contacts / month.contacts)
    return pb.ServiceLevel(
        agent_id=month.agent_id,
        contacts=month.contacts,
        breached_contacts=month.breached_contacts,
        service_level=rate,
        breaches=[pb.StandardCount(standard=s, breaches=n) for s, n in sorted(month.breaches.items())],
    )


def levels_to(levels: ServiceLevels) -> pb.GetServiceLevelsResponse:
    return pb.GetServiceLevelsResponse(
        branch_id=levels.branch_id,
        month=levels.month,
        branch=_level(levels.branch),
        agents=[_level(a) for a in levels.agents],
        closed=levels.closed,
    )
