"""grpc.aio PriceListService and QuoteService: the commands' methods come from the contract
(``command_methods``; the quote's lines and the customer's times by their decoders); the
reads are written here. No business branching."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from aftersales.api import history_entries, page_of, page_response
from aftersales.charges.app.handlers import ChargeHandlers
from aftersales.charges.domain import commands
from aftersales.charges.domain.price import PriceItem
from aftersales.charges.domain.quote import Quote
from aftersales.charges.persistence.reader import PriceListReader, QuoteReader
from cs.aftersales.v1 import charges_pb2 as pb
from cs.aftersales.v1 import charges_pb2_grpc
from cskit.calls import current_call
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods

PRICE_LIST = pb.DESCRIPTOR.services_by_name["PriceListService"]
QUOTES = pb.DESCRIPTOR.services_by_name["QuoteService"]
add_price_list = charges_pb2_grpc.add_PriceListServiceServicer_to_server
add_quotes = charges_pb2_grpc.add_QuoteServiceServicer_to_server


def item_message(item: PriceItem) -> pb.PriceItem:
    return message_of(pb.PriceItem, attributes(item))


def quote_message(quote: Quote) -> pb.Quote:
    return message_of(pb.Quote, attributes(quote))


def draft_quote(request: pb.DraftQuoteRequest) -> commands.DraftQuote:
    lines = tuple((line.code, line.quantity) for line in request.lines)
    return commands.DraftQuote(order_id=request.order_id, lines=lines, note=request.note)


@command_methods(PRICE_LIST, commands, id_field="id")
class PriceListServicer(CommandServicer[ChargeHandlers, PriceListReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(item=item_message(result))

    async def GetPriceItem(self, request: pb.GetPriceItemRequest, context: Any) -> pb.GetPriceItemResponse:
        return pb.GetPriceItemResponse(item=item_message(await self.reader.item(request.id, current_call())))

    async def ListPriceItems(self, request: pb.ListPriceItemsRequest, context: Any) -> pb.ListPriceItemsResponse:
        items, token = await self.reader.find(current_call(), page_of(request.page), q=request.q, every=request.all)
        return pb.ListPriceItemsResponse(items=[item_message(i) for i in items], page=page_response(token))

    async def ListPriceItemHistory(
        self, request: pb.ListPriceItemHistoryRequest, context: Any
    ) -> pb.ListPriceItemHistoryResponse:
        items, token = await self.reader.item_history(request.id, current_call(), page_of(request.page))
        return pb.ListPriceItemHistoryResponse(entries=history_entries(items), page=page_response(token))


@command_methods(
    QUOTES,
    commands,
    id_field="id",
    decoders={"DraftQuote": draft_quote},
)
class QuoteServicer(CommandServicer[ChargeHandlers, QuoteReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(quote=quote_message(result))

    async def GetQuote(self, request: pb.GetQuoteRequest, context: Any) -> pb.GetQuoteResponse:
        return pb.GetQuoteResponse(quote=quote_message(await self.reader.quote(request.id, current_call())))

    async def ListQuotes(self, request: pb.ListQuotesRequest, context: Any) -> pb.ListQuotesResponse:
        quotes, token = await self.reader.find(
            current_call(), page_of(request.page), order_id=request.order_id, state=request.state
        )
        return pb.ListQuotesResponse(quotes=[quote_message(q) for q in quotes], page=page_response(token))
