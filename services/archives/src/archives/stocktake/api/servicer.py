"""grpc.aio StocktakeService: the commands' methods come from the contract; the findings,
lines and report are mapped here. No business branching."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from archives.api import history_entries, page_of, page_response
from archives.stocktake.app.handlers import StocktakeHandlers
from archives.stocktake.domain import commands
from archives.stocktake.domain.events import QUIET, Found
from archives.stocktake.domain.model import StocktakeSession, StocktakeStatus, found_item
from archives.stocktake.domain.reconcile import key_of
from archives.stocktake.persistence.reader import StocktakeReader
from cs.archives.v1 import stocktake_pb2 as pb
from cs.archives.v1 import stocktake_pb2_grpc
from cskit.calls import current_call
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["StocktakeService"]
add_to_server = stocktake_pb2_grpc.add_StocktakeServiceServicer_to_server


def lines_of(session: StocktakeSession) -> list[pb.StocktakeLine]:
    """Closed: the reconciliation's findings; open: what is expected, with what was found so far."""
    if session.status is StocktakeStatus.CLOSED:
        return [message_of(pb.StocktakeLine, attributes(f)) for f in session.findings]
    latest = {key_of(f): f for f in session.found}
    by_no = {f.archive_no: f for f in latest.values() if f.archive_no and not f.record_id}
    lines: list[pb.StocktakeLine] = []
    matched: set[str] = set()
    for e in session.expected:
        f = latest.get(e.record_id) or (by_no.get(e.archive_no) if e.archive_no else None)
        if f is not None:
            matched.add(key_of(f))
        lines.append(
            pb.StocktakeLine(
                record_id=e.record_id,
                archive_no=e.archive_no,
                expected_location=e.location,
                found_location="" if f is None else f.location,
                state=e.state,
                condition="" if f is None else f.condition,
                damaged=f is not None and f.condition == "damaged",
            )
        )
    lines += [
        pb.StocktakeLine(
            record_id=f.record_id,
            archive_no=f.archive_no,
            found_location=f.location,
            condition=f.condition,
            damaged=f.condition == "damaged",
            note=f.note,
        )
        for k, f in latest.items()
        if k not in matched
    ]
    return lines


def session_message(session: StocktakeSession) -> pb.StocktakeSession:
    return message_of(pb.StocktakeSession, attributes(session, lines=lines_of(session)))


def report_message(session: StocktakeSession) -> pb.StocktakeReport:
    closed = session.status is StocktakeStatus.CLOSED
    discrepancies = [
        message_of(pb.StocktakeLine, attributes(f)) for f in session.findings if f.outcome not in QUIET or f.damaged
    ]
    return message_of(
        pb.StocktakeReport,
        attributes(
            session,
            session_id=session.id,
            status=session.status.value,
            found_items=session.found_items if closed else len({key_of(f) for f in session.found}),
            discrepancies=discrepancies,
        ),
    )


def decode_record_findings(request: pb.RecordFindingsRequest) -> commands.RecordFindings:
    items: tuple[Found, ...] = tuple(
        found_item(i.record_id, i.archive_no, i.location, i.condition, i.note) for i in request.items
    )
    return commands.RecordFindings(id=request.id, items=items)


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id", decoders={"RecordFindings": decode_record_findings})
class StocktakeServicer(CommandServicer[StocktakeHandlers, StocktakeReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(session=session_message(result))

    async def GetStocktake(self, request: pb.GetStocktakeRequest, context: Any) -> pb.GetStocktakeResponse:
        return pb.GetStocktakeResponse(session=session_message(await self.reader.get(request.id, current_call().scope)))

    async def GetStocktakeReport(
        self, request: pb.GetStocktakeReportRequest, context: Any
    ) -> pb.GetStocktakeReportResponse:
        session = await self.reader.get(request.id, current_call().scope)
        return pb.GetStocktakeReportResponse(report=report_message(session))

    async def ListStocktakes(self, request: pb.ListStocktakesRequest, context: Any) -> pb.ListStocktakesResponse:
        found, token = await self.reader.find(
            current_call().scope, page_of(request.page), kind=request.kind, period=request.period, status=request.status
        )
        return pb.ListStocktakesResponse(sessions=[session_message(s) for s in found], page=page_response(token))

    async def ListStocktakeHistory(
        self, request: pb.ListStocktakeHistoryRequest, context: Any
    ) -> pb.ListStocktakeHistoryResponse:
        items, token = await self.reader.history(request.id, current_call().scope, page_of(request.page))
        return pb.ListStocktakeHistoryResponse(entries=history_entries(items), page=page_response(token))
