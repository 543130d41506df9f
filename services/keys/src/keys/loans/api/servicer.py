"""grpc.aio LoanService: the gateway's commands come from the contract (``command_methods``);
the work-order calls (other services only: no REST route) and the reads are written here."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from google.protobuf.message import Message

from cs.keys.v1 import loans_pb2 as pb
from cs.keys.v1 import loans_pb2_grpc
from cskit.calls import current_call
from cskit.grpc.caller import current_caller
from cskit.protomap import attributes, message_of, present_timestamp
from cskit.servicing import CommandServicer, command_methods
from keys.api import history_page, page_of, page_response
from keys.loans.app.handlers import LoanHandlers
from keys.loans.domain.commands import LendForWorkOrder, LendKey, ReturnForWorkOrder, ReturnLoan
from keys.loans.domain.model import Loan
from keys.loans.persistence.reader import LoanFilter, LoanReader

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["LoanService"]
add_to_server = loans_pb2_grpc.add_LoanServiceServicer_to_server
# Only the gateway's commands are generated; the work-order calls need the calling service.
_COMMANDS = SimpleNamespace(LendKey=LendKey, ReturnLoan=ReturnLoan)


def loan_message(loan: Loan) -> pb.Loan:
    return message_of(pb.Loan, attributes(loan))


def decode_lend_key(req: pb.LendKeyRequest) -> LendKey:
    return LendKey(
        key_set_id=req.key_set_id,
        borrower_kind=req.borrower_kind,
        purpose=req.purpose,
        borrower=req.borrower,
        borrower_role=req.borrower_role,
        borrower_name=req.borrower_name,
        due_at=present_timestamp(req, "due_at"),
        collector_relation=req.collector_relation,
        proof_kind=req.proof_kind,
        proof_document_id=req.proof_document_id,
        owner_call_at=present_timestamp(req, "owner_call_at"),
        owner_consent_at=present_timestamp(req, "owner_consent_at"),
        contractor_company=req.contractor_company,
        developer_paperwork_ref=req.developer_paperwork_ref,
        special_case_reason=req.special_case_reason,
        special_case_approver=req.special_case_approver,
    )


@command_methods(SERVICE_DESCRIPTOR, _COMMANDS, id_field="id", decoders={"LendKey": decode_lend_key})
class LoanServicer(CommandServicer[LoanHandlers, LoanReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(loan=loan_message(result))

    async def LendForWorkOrder(self, request: pb.LendForWorkOrderRequest, context: Any) -> pb.LendForWorkOrderResponse:
        cmd = LendForWorkOrder(
            work_order_id=request.work_order_id,
            key_set_id=request.key_set_id,
            purpose=request.purpose,
            contractor_name=request.contractor_name,
            contractor_company=request.contractor_company,
            developer_paperwork_ref=request.developer_paperwork_ref,
        )
        loan = await self.handlers.lend_for_work_order(cmd, current_call(), current_caller().issuer)
        return pb.LendForWorkOrderResponse(loan=loan_message(loan))

    async def ReturnForWorkOrder(
        self, request: pb.ReturnForWorkOrderRequest, context: Any
    ) -> pb.ReturnForWorkOrderResponse:
        cmd = ReturnForWorkOrder(
            work_order_id=request.work_order_id,
            key_count=request.key_count,
            key_set_code=request.key_set_code,
            lost=request.lost,
            note=request.note,
        )
        loan = await self.handlers.return_for_work_order(cmd, current_call(), current_caller().issuer)
        return pb.ReturnForWorkOrderResponse(loan=loan_message(loan))

    async def GetLoan(self, request: pb.GetLoanRequest, context: Any) -> pb.GetLoanResponse:
        loan = await self.reader.get(request.id, current_call().scope)
        return pb.GetLoanResponse(loan=loan_message(loan))

    async def ListLoans(self, request: pb.ListLoansRequest, context: Any) -> pb.ListLoansResponse:
        wanted = LoanFilter(
            state=request.state, overdue=request.overdue, key_set_id=request.key_set_id, borrower=request.borrower
        )
        loans, token = await self.reader.find(current_call().scope, page_of(request.page), wanted)
        return pb.ListLoansResponse(loans=[loan_message(x) for x in loans], page=page_response(token))

    async def ListLoanHistory(self, request: pb.ListLoanHistoryRequest, context: Any) -> pb.ListLoanHistoryResponse:
        entries, page = await history_page(self.reader, request.id, request.page)
        return pb.ListLoanHistoryResponse(entries=entries, page=page)
