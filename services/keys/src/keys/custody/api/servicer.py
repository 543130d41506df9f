"""grpc.aio KeyCustodyService: the commands' methods come from the contract
(``command_methods``; the decoders below turn times and people into the domain's types); the
reads are written here. No business branching."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from cs.keys.v1 import custody_pb2 as pb
from cs.keys.v1 import custody_pb2_grpc
from cskit.calls import current_call
from cskit.protomap import attributes, message_of, present_timestamp
from cskit.servicing import command_methods
from keys.api import history_page, page_of, page_response
from keys.custody.app.deposits import DepositHandlers
from keys.custody.app.emergencies import EmergencyHandlers
from keys.custody.domain import commands
from keys.custody.domain.deposit import Deposit
from keys.custody.domain.emergency import Emergency
from keys.custody.domain.people import person
from keys.custody.persistence.reader import DepositReader, EmergencyReader

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["KeyCustodyService"]
add_to_server = custody_pb2_grpc.add_KeyCustodyServiceServicer_to_server


def deposit_message(deposit: Deposit) -> pb.Deposit:
    return message_of(pb.Deposit, attributes(deposit))


def emergency_message(emergency: Emergency) -> pb.Emergency:
    return message_of(pb.Emergency, attributes(emergency))


def open_seal_with_consent(req: pb.OpenSealWithConsentRequest) -> commands.OpenSealWithConsent:
    return commands.OpenSealWithConsent(
        id=req.id,
        consent_channel=req.consent_channel,
        consented_at=present_timestamp(req, "consented_at"),
        reason=req.reason,
    )


def record_owner_contact(req: pb.RecordOwnerContactRequest) -> commands.RecordOwnerContact:
    return commands.RecordOwnerContact(
        id=req.id, contacted_at=present_timestamp(req, "contacted_at"), channel=req.channel, note=req.note
    )


def use_emergency_keys(req: pb.UseEmergencyKeysRequest) -> commands.UseEmergencyKeys:
    return commands.UseEmergencyKeys(
        id=req.id,
        staff=tuple(person(s.name, s.role, s.subject) for s in req.staff),
        no_time_reason=req.no_time_reason,
    )


DECODERS = {
    "OpenSealWithConsent": open_seal_with_consent,
    "RecordOwnerContact": record_owner_contact,
    "UseEmergencyKeys": use_emergency_keys,
}


class Handlers:
    """Both handler sets behind the one gRPC service (``command_methods`` looks methods up here)."""

    def __init__(self, deposits: DepositHandlers, emergencies: EmergencyHandlers) -> None:
        self.record_deposit = deposits.record_deposit
        self.seal_deposit = deposits.seal_deposit
        self.open_seal_with_consent = deposits.open_seal_with_consent
        self.declare_emergency = emergencies.declare_emergency
        self.approve_emergency = emergencies.approve_emergency
        self.record_owner_contact = emergencies.record_owner_contact
        self.use_emergency_keys = emergencies.use_emergency_keys
        self.log_emergency_duty = emergencies.log_emergency_duty
        self.close_emergency = emergencies.close_emergency


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id", decoders=DECODERS)  # type: ignore[arg-type]
class CustodyServicer:
    def __init__(self, handlers: Handlers, deposits: DepositReader, emergencies: EmergencyReader) -> None:
        self.handlers = handlers
        self.deposits = deposits
        self.emergencies = emergencies

    def answer(self, response: type[Message], result: Any) -> Message:
        if isinstance(result, Deposit):
            return response(deposit=deposit_message(result))
        return response(emergency=emergency_message(result))

    async def GetDeposit(self, request: pb.GetDepositRequest, context: Any) -> pb.GetDepositResponse:
        deposit = await self.deposits.get(request.id, current_call().scope)
        return pb.GetDepositResponse(deposit=deposit_message(deposit))

    async def ListDeposits(self, request: pb.ListDepositsRequest, context: Any) -> pb.ListDepositsResponse:
        found, token = await self.deposits.find(
            current_call().scope, page_of(request.page), status=request.status, key_set_id=request.key_set_id
        )
        return pb.ListDepositsResponse(deposits=[deposit_message(d) for d in found], page=page_response(token))

    async def ListDepositHistory(
        self, request: pb.ListDepositHistoryRequest, context: Any
    ) -> pb.ListDepositHistoryResponse:
        entries, page = await history_page(self.deposits, request.id, request.page)
        return pb.ListDepositHistoryResponse(entries=entries, page=page)

    async def GetEmergency(self, request: pb.GetEmergencyRequest, context: Any) -> pb.GetEmergencyResponse:
        emergency = await self.emergencies.get(request.id, current_call().scope)
        return pb.GetEmergencyResponse(emergency=emergency_message(emergency))

    async def ListEmergencies(self, request: pb.ListEmergenciesRequest, context: Any) -> pb.ListEmergenciesResponse:
        found, token = await self.emergencies.find(
            current_call().scope,
            page_of(request.page),
            status=request.status,
            key_set_id=request.key_set_id,
            reseal_task=request.reseal_task,
        )
        return pb.ListEmergenciesResponse(emergencies=[emergency_message(e) for e in found], page=page_response(token))

    async def ListEmergencyHistory(
        self, request: pb.ListEmergencyHistoryRequest, context: Any
    ) -> pb.ListEmergencyHistoryResponse:
        entries, page = await history_page(self.emergencies, request.id, request.page)
        return pb.ListEmergencyHistoryResponse(entries=entries, page=page)
