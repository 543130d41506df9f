"""grpc.aio CatalogueService: the commands' methods come from the contract
(``command_methods``); the catalogues, the export and the search are written here. No
business branching."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from archives.api import page_of, page_response
from archives.catalogue.app.handlers import CatalogueHandlers
from archives.catalogue.domain import commands
from archives.catalogue.domain.catalogues import (
    CatalogueKind,
    ItemLine,
    catalogue_file,
    format_of,
    general_table,
    items_table,
    kind_of,
    volume_table,
)
from archives.catalogue.domain.model import Volume
from archives.catalogue.domain.search import SearchQuery
from archives.catalogue.persistence.reader import CatalogueReader, volume_line
from archives.records.api.servicer import record_message
from cs.archives.v1 import catalogue_pb2 as pb
from cs.archives.v1 import catalogue_pb2_grpc
from cskit.calls import current_call
from cskit.domain import Clock, InvalidInput
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["CatalogueService"]
add_to_server = catalogue_pb2_grpc.add_CatalogueServiceServicer_to_server


def volume_message(volume: Volume) -> pb.Volume:
    line = volume_line(volume)
    return message_of(
        pb.Volume,
        attributes(volume, item_count=line.items, first_date=line.first_date, last_date=line.last_date),
    )


def item_message(item: ItemLine) -> pb.VolumeItem:
    return message_of(pb.VolumeItem, attributes(item))


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id")
class CatalogueServicer(CommandServicer[CatalogueHandlers, CatalogueReader]):
    def __init__(self, handlers: CatalogueHandlers, reader: CatalogueReader, clock: Clock) -> None:
        super().__init__(handlers, reader)
        self.clock = clock

    def answer(self, response: type[Message], result: Any) -> Message:
        if isinstance(result, Volume):
            return response(volume=volume_message(result))
        return response(record=record_message(result))

    async def GetVolume(self, request: pb.GetVolumeRequest, context: Any) -> pb.GetVolumeResponse:
        return pb.GetVolumeResponse(volume=volume_message(await self.reader.volume(request.id, current_call())))

    async def ListVolumes(self, request: pb.ListVolumesRequest, context: Any) -> pb.ListVolumesResponse:
        volumes, token = await self.reader.general(current_call(), page_of(request.page), request.branch_id)
        return pb.ListVolumesResponse(volumes=[volume_message(v) for v in volumes], page=page_response(token))

    async def ListVolumeItems(self, request: pb.ListVolumeItemsRequest, context: Any) -> pb.ListVolumeItemsResponse:
        volume, items = await self.reader.items(request.id, current_call())
        return pb.ListVolumeItemsResponse(volume=volume_message(volume), items=[item_message(i) for i in items])

    async def ExportCatalogue(self, request: pb.ExportCatalogueRequest, context: Any) -> pb.ExportCatalogueResponse:
        call = current_call()
        kind, fmt = kind_of(request.catalogue), format_of(request.format)
        if kind is CatalogueKind.GENERAL:
            volumes = await self.reader.whole_general(call, request.branch_id)
            branch = request.branch_id or call.actor.branch_id
            table, name = general_table(branch, [volume_line(v) for v in volumes]), f"general-catalogue-{branch}"
        elif not request.volume_id:
            raise InvalidInput.on("volume_id", f"names the volume of a {kind.value} catalogue")
        elif kind is CatalogueKind.VOLUME:
            volume = await self.reader.volume(request.volume_id, call)
            table, name = volume_table(volume_line(volume)), f"volume-{volume.volume_no}"
        else:
            volume, items = await self.reader.items(request.volume_id, call)
            table, name = items_table(volume_line(volume), items), f"volume-items-{volume.volume_no}"
        made = catalogue_file(fmt, table, name, self.clock.now())
        return pb.ExportCatalogueResponse(
            content=made.content, content_type=made.content_type, filename=made.filename, rows=made.rows
        )

    async def SearchRecords(self, request: pb.SearchRecordsRequest, context: Any) -> pb.SearchRecordsResponse:
        query = SearchQuery.checked(
            title=request.title,
            text=request.text,
            category=request.category,
            date_from=request.date_from,
            date_to=request.date_to,
            reference_kind=request.reference_kind,
            reference_value=request.reference_value,
        )
        records, token = await self.reader.search(current_call(), page_of(request.page), query)
        return pb.SearchRecordsResponse(records=[record_message(r) for r in records], page=page_response(token))
