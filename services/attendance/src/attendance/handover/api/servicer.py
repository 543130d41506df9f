"""grpc.aio HandoverService: the commands come from the contract (``command_methods``); the
reads and the decoder of OpenHandover (its repeated items) are written here."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from attendance.domain.fields import day_of, month_of
from attendance.handover.app.handlers import HandoverHandlers
from attendance.handover.domain import commands
from attendance.handover.domain.events import AfterHoursItem, CheckItem
from attendance.handover.domain.logs import HandoverLog
from attendance.handover.domain.posts import PostAbsence
from attendance.handover.domain.reviews import DutyReview, review_id_of
from attendance.handover.domain.swaps import ShiftSwap
from attendance.handover.persistence.reader import HandoverReads
from cs.attendance.v1 import handover_pb2 as pb
from cs.attendance.v1 import handover_pb2_grpc
from cs.common.v1 import common_pb2
from cskit.calls import current_call
from cskit.domain import InvalidInput
from cskit.pagination import Page
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["HandoverService"]
add_to_server = handover_pb2_grpc.add_HandoverServiceServicer_to_server


def open_handover(req: pb.OpenHandoverRequest) -> commands.OpenHandover:
    return commands.OpenHandover(
        kind=req.kind,
        day=req.day,
        slot=req.slot,
        incoming_id=req.incoming_id,
        work_state=req.work_state,
        items=tuple(CheckItem(name=i.name, passed=i.passed, note=i.note) for i in req.items),
        after_hours=tuple(
            AfterHoursItem(kind=i.kind, ref=i.ref, urgent=i.urgent, note=i.note) for i in req.after_hours
        ),
    )


def handover_message(log: HandoverLog) -> pb.Handover:
    questions = [
        pb.HandoverQuestion(question_no=n, text=q, answer=a)
        for n, (q, a) in enumerate(zip(log.questions, log.answers, strict=True), start=1)
    ]
    return message_of(pb.Handover, attributes(log, questions=questions))


def review_message(review: DutyReview) -> pb.DutyReview:
    counts = {
        "signed_count": len(review.signed_logs),
        "drawn_count": len(review.drawn),
        "checked_count": len(review.checked),
    }
    return message_of(pb.DutyReview, attributes(review, **counts))


def encode(result: object) -> tuple[str, Message]:
    if isinstance(result, HandoverLog):
        return "handover", handover_message(result)
    if isinstance(result, ShiftSwap):
        return "swap", message_of(pb.ShiftSwap, attributes(result))
    if isinstance(result, PostAbsence):
        return "absence", message_of(pb.PostAbsence, attributes(result))
    if isinstance(result, DutyReview):
        return "review", review_message(result)
    raise TypeError(f"no message for {type(result).__name__}")


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id", decoders={"OpenHandover": open_handover})
class HandoverServicer(CommandServicer[HandoverHandlers, HandoverReads]):
    def answer(self, response: type[Message], result: Any) -> Message:
        field, message = encode(result)
        return response(**{field: message})

    async def GetHandover(self, request: pb.GetHandoverRequest, context: Any) -> pb.GetHandoverResponse:
        return pb.GetHandoverResponse(
            handover=handover_message(await self.reader.logs.get(request.id, current_call().scope))
        )

    async def ListHandovers(self, request: pb.ListHandoversRequest, context: Any) -> pb.ListHandoversResponse:
        first, last = day_of(request.from_day, "from_day"), day_of(request.to_day, "to_day")
        if last < first:
            raise InvalidInput.on("to_day", "must not be before from_day")
        page = Page(request.page.page_size, request.page.page_token)
        logs, token = await self.reader.logs.day_page(current_call().scope, first, last, page)
        return pb.ListHandoversResponse(
            handovers=[handover_message(x) for x in logs], page=common_pb2.PageResponse(next_page_token=token)
        )

    async def GetShiftSwap(self, request: pb.GetShiftSwapRequest, context: Any) -> pb.GetShiftSwapResponse:
        swap = await self.reader.swaps.get(request.id, current_call().scope)
        return pb.GetShiftSwapResponse(swap=message_of(pb.ShiftSwap, attributes(swap)))

    async def GetPostAbsence(self, request: pb.GetPostAbsenceRequest, context: Any) -> pb.GetPostAbsenceResponse:
        absence = await self.reader.absences.get(request.id, current_call().scope)
        return pb.GetPostAbsenceResponse(absence=message_of(pb.PostAbsence, attributes(absence)))

    async def GetDutyReview(self, request: pb.GetDutyReviewRequest, context: Any) -> pb.GetDutyReviewResponse:
        call = current_call()
        review = await self.reader.reviews.get(review_id_of(call.actor.branch_id, month_of(request.month)), call.scope)
        return pb.GetDutyReviewResponse(review=review_message(review))
