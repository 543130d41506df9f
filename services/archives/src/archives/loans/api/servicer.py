"""grpc.aio LoanService: the commands' methods come from the contract (``command_methods``);
the reads are written here. No business branching."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from archives.api import history_entries, page_of, page_response
from archives.loans.app.handlers import LoanHandlers
from archives.loans.domain import commands
from archives.loans.domain.model import Loan
from archives.loans.persistence.reader import LoanFilter, LoanReader
from cs.archives.v1 import loans_pb2 as pb
from cs.archives.v1 import loans_pb2_grpc
from cskit.calls import current_call
from cskit.protomap import attributes, message_of, present_timestamp
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["LoanService"]
add_to_server = loans_pb2_grpc.add_LoanServiceServicer_to_server


def loan_message(loan: Loan) -> pb.Loan:
    return message_of(pb.Loan, attributes(loan, open_reports=loan.open_reports))


def request_loan(req: pb.RequestLoanRequest) -> commands.RequestLoan:
    return commands.RequestLoan(
        record_id=req.record_id,
        kind=req.kind,
        purpose=req.purpose,
        due_at=present_timestamp(req, "due_at"),
        borrower_kind=req.borrower_kind,
        borrower_name=req.borrower_name,
        organisation=req.organisation,
        introduction_letter_ref=req.introduction_letter_ref,
        id_document_kind=req.id_document_kind,
        id_number=req.id_number,
    )


def report_incident(req: pb.ReportIncidentRequest) -> commands.ReportIncident:
    return commands.ReportIncident(
        id=req.id,
        incident=req.incident,
        description=req.description,
        discovered_at=present_timestamp(req, "discovered_at"),
    )


@command_methods(
    SERVICE_DESCRIPTOR,
    commands,
    id_field="id",
    decoders={"RequestLoan": request_loan, "ReportIncident": report_incident},
)
class LoanServicer(CommandServicer[LoanHandlers, LoanReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(loan=loan_message(result))

    async def GetLoan(self, request: pb.GetLoanRequest, context: Any) -> pb.GetLoanResponse:
        return pb.GetLoanResponse(loan=loan_message(await self.reader.loan(request.id, current_call())))

    async def ListLoans(self, request: pb.ListLoansRequest, context: Any) -> pb.ListLoansResponse:
        wanted = LoanFilter(
            state=request.state, borrower=request.borrower, record_id=request.record_id, overdue=request.overdue
        )
        loans, token = await self.reader.find(current_call(), page_of(request.page), wanted)
        return pb.ListLoansResponse(loans=[loan_message(x) for x in loans], page=page_response(token))

    async def ListLoanHistory(self, request: pb.ListLoanHistoryRequest, context: Any) -> pb.ListLoanHistoryResponse:
        items, token = await self.reader.loan_history(request.id, current_call(), page_of(request.page))
        return pb.ListLoanHistoryResponse(entries=history_entries(items), page=page_response(token))
