"""What every aftersales sub-domain's gRPC adapter shares: pages, history entries, and the
request decoders of commands that take a time."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any

from google.protobuf import message_factory
from google.protobuf.descriptor import FieldDescriptor, ServiceDescriptor
from google.protobuf.message import Message

from cs.aftersales.v1 import orders_pb2 as pb
from cs.common.v1 import common_pb2
from cskit.domain import InvalidInput
from cskit.eventstore import HistoryEntry
from cskit.pagination import Page
from cskit.protomap import attributes, message_of, present_timestamp
from cskit.servicing import Decoder

TIMESTAMP = "google.protobuf.Timestamp"


def page_of(page: common_pb2.PageRequest) -> Page:
    return Page(page.page_size, page.page_token)


def page_response(token: str) -> common_pb2.PageResponse:
    return common_pb2.PageResponse(next_page_token=token)


def history_entries(items: Sequence[HistoryEntry]) -> list[pb.HistoryEntry]:
    """A record's history as the contract's entries (PLT-04)."""
    return [
        message_of(
            pb.HistoryEntry, attributes(i, details_json=json.dumps(i.details, ensure_ascii=False, sort_keys=True))
        )
        for i in items
    ]


def timestamp_decoder(command: type, request: type[Message], *, id_field: str = "id", **own: Decoder) -> Decoder:
    """``cskit.servicing.field_decoder``, with a Timestamp field read as an aware datetime (a
    required one missing is InvalidInput naming it) and ``own`` decoders for other fields."""
    wire = request.DESCRIPTOR.fields_by_name
    plain: dict[str, str] = {}
    stamps: dict[str, bool] = {}
    for f in dataclasses.fields(command):
        if f.name in own:
            continue
        source = "id" if f.name == id_field and f.name not in wire else f.name
        fd = wire.get(source)
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if fd is None:
            if required:
                raise TypeError(f"{command.__name__}.{f.name} has no field in {request.__name__}: give it a decoder")
            continue
        if fd.message_type is not None and fd.message_type.full_name == TIMESTAMP and not _repeated(fd):
            stamps[f.name] = required
        elif fd.type in (FieldDescriptor.TYPE_ENUM, FieldDescriptor.TYPE_MESSAGE) or _repeated(fd):
            raise TypeError(f"{command.__name__}.{f.name} is not a plain wire value: give it a decoder")
        else:
            plain[f.name] = source

    def decode(req: Any) -> object:
        values: dict[str, object] = {name: getattr(req, source) for name, source in plain.items()}
        for name, required in stamps.items():
            at = present_timestamp(req, name)
            if at is None and required:
                raise InvalidInput.on(name, "is required")
            if at is not None:
                values[name] = at
        values |= {name: decode_field(req) for name, decode_field in own.items()}
        return command(**values)

    return decode


def timestamp_decoders(service: ServiceDescriptor, commands: object) -> dict[str, Decoder]:
    """A ``timestamp_decoder`` for every RPC of ``service`` whose command takes a time."""
    found: dict[str, Decoder] = {}
    for method in service.methods:
        command = getattr(commands, method.name, None)
        if not (isinstance(command, type) and dataclasses.is_dataclass(command)):
            continue
        fields = method.input_type.fields_by_name
        if any(
            (fd := fields.get(f.name)) is not None
            and fd.message_type is not None
            and fd.message_type.full_name == TIMESTAMP
            for f in dataclasses.fields(command)
        ):
            found[method.name] = timestamp_decoder(command, message_factory.GetMessageClass(method.input_type))
    return found


def _repeated(fd: Any) -> bool:
    return bool(fd.is_repeated)
