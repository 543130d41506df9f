"""grpc.aio KeyImportService."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from cs.keys.v1 import counts_pb2 as pb
from cs.keys.v1 import counts_pb2_grpc
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods
from keys.imports.app.handlers import ImportHandlers
from keys.imports.domain import commands
from keys.imports.domain.report import ImportReport

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["KeyImportService"]
add_to_server = counts_pb2_grpc.add_KeyImportServiceServicer_to_server


def report_message(report: ImportReport) -> pb.ImportReport:
    return message_of(pb.ImportReport, attributes(report))


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id")
class ImportServicer(CommandServicer[ImportHandlers, None]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(report=report_message(result))
