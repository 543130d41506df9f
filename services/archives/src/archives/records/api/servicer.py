"""grpc.aio RecordService: the commands' methods come from the contract
(``command_methods``); the reads are written here. No business branching."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from archives.api import history_entries, page_of, page_response
from archives.records.app.handlers import RecordHandlers
from archives.records.domain import commands
from archives.records.domain.events import Reference
from archives.records.domain.model import ArchiveRecord
from archives.records.persistence.reader import RecordFilter, RecordReader
from cs.archives.v1 import records_pb2 as pb
from cs.archives.v1 import records_pb2_grpc
from cskit.calls import current_call
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["RecordService"]
add_to_server = records_pb2_grpc.add_RecordServiceServicer_to_server


def record_message(record: ArchiveRecord) -> pb.ArchiveRecord:
    return message_of(pb.ArchiveRecord, attributes(record))


def file_record(request: pb.FileRecordRequest) -> commands.FileRecord:
    return commands.FileRecord(
        title=request.title,
        category=request.category,
        confidentiality=request.confidentiality,
        medium=request.medium,
        department=request.department,
        handed_over_by=request.handed_over_by,
        document_date=request.document_date,
        original=request.original,
        external=request.external,
        counterparty=request.counterparty,
        retention_years=request.retention_years,
        references=tuple(Reference(kind=r.kind, value=r.value) for r in request.references),
        file_pointer=request.file_pointer,
        sha256=request.sha256,
        notes=request.notes,
        location=request.location,
    )


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id", decoders={"FileRecord": file_record})
class RecordServicer(CommandServicer[RecordHandlers, RecordReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(record=record_message(result))

    async def GetRecord(self, request: pb.GetRecordRequest, context: Any) -> pb.GetRecordResponse:
        return pb.GetRecordResponse(record=record_message(await self.reader.record(request.id, current_call())))

    async def ListRecords(self, request: pb.ListRecordsRequest, context: Any) -> pb.ListRecordsResponse:
        wanted = RecordFilter(
            state=request.state,
            category=request.category,
            department=request.department,
            borrower=request.borrower,
            source_service=request.source_service,
            source_record_id=request.source_record_id,
        )
        records, token = await self.reader.find(current_call(), page_of(request.page), wanted)
        return pb.ListRecordsResponse(records=[record_message(r) for r in records], page=page_response(token))

    async def ListRecordHistory(
        self, request: pb.ListRecordHistoryRequest, context: Any
    ) -> pb.ListRecordHistoryResponse:
        items, token = await self.reader.record_history(request.id, current_call(), page_of(request.page))
        return pb.ListRecordHistoryResponse(entries=history_entries(items), page=page_response(token))
