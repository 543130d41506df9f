"""protobuf <-> domain for ContactsService (CMP-14); the only contacts API module that knows
the messages. Ids are checked here too: gRPC callers bypass the gateway's checks."""

from __future__ import annotations

import re

from complaints.contacts.app.handlers import ServiceLevels
from complaints.contacts.app.ports import AgentMonth
from complaints.contacts.domain.commands import LinkContact
from complaints.contacts.domain.model import Contact
from complaints.contacts.domain.values import CONTACT_ID
from cs.complaints.v1 import contacts_pb2 as pb
from cskit.domain import IdentityGrammar, InvalidInput
from cskit.protomap import attributes, message_of

MONTH = re.compile(r"(19[7-9][0-9]|[2-9][0-9]{3})-(0[1-9]|1[0-2])")


def contact_id(value: str, field: str = "contact_id") -> str:
    if CONTACT_ID.fullmatch(value) is None:
        raise InvalidInput.on(field, "must be 1-64 characters of A-Z a-z 0-9 . _ : -")
    return value


def link_from(request: pb.LinkContactRequest) -> LinkContact:
    return LinkContact(
        contact_id=contact_id(request.contact_id), complaint_id=contact_id(request.complaint_id, "complaint_id")
    )


def month_query(request: pb.GetServiceLevelsRequest) -> tuple[str, str, str]:
    if MONTH.fullmatch(request.month) is None:
        raise InvalidInput.on("month", "must be YYYY-MM")
    if request.branch_id and not IdentityGrammar.branch_ok(request.branch_id):
        raise InvalidInput.on("branch_id", "must be 1-64 characters of A-Z a-z 0-9 . _ -")
    if request.agent_id and not IdentityGrammar.subject_ok(request.agent_id):
        raise InvalidInput.on("agent_id", "must be an employee id")
    return request.branch_id, request.month, request.agent_id


def contact_to(contact: Contact) -> pb.Contact:
    return message_of(pb.Contact, attributes(contact))


def _level(month: AgentMonth) -> pb.ServiceLevel:
    rate = 1.0 if month.contacts == 0 else max(0.0, 1 - month.breached_contacts / month.contacts)
    breaches = [pb.StandardCount(standard=s, breaches=n) for s, n in sorted(month.breaches.items())]
    return message_of(pb.ServiceLevel, attributes(month, service_level=rate, breaches=breaches))


def levels_to(levels: ServiceLevels) -> pb.GetServiceLevelsResponse:
    return pb.GetServiceLevelsResponse(
        branch_id=levels.branch_id,
        month=levels.month,
        branch=_level(levels.branch),
        agents=[_level(a) for a in levels.agents],
        closed=levels.closed,
    )
