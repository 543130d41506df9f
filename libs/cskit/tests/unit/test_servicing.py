"""``command_methods``: a servicer's command RPCs written from the contract, refused early when
a command cannot be decoded by name or an RPC is served neither way."""

from __future__ import annotations

import types
from dataclasses import dataclass
from typing import Any

import pytest
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.descriptor import ServiceDescriptor
from google.protobuf.message import Message

from cskit.calls import Call, reset_current_call, set_current_call
from cskit.domain import Actor
from cskit.servicing import command_methods, snake_case

STRING, ENUM, MESSAGE = 9, 14, 11


def _service() -> ServiceDescriptor:
    pool = descriptor_pool.Default()
    name = "cskit_test_servicing.proto"
    try:
        pool.FindFileByName(name)
    except KeyError:
        f = descriptor_pb2.FileDescriptorProto(name=name, package="cskit.servicing.v1", syntax="proto3")
        level = f.enum_type.add(name="Level")
        level.value.add(name="LEVEL_UNSPECIFIED", number=0)
        level.value.add(name="LEVEL_HIGH", number=1)
        for message, fields in {
            "MarkThingRequest": [("id", STRING, ""), ("note", STRING, "")],
            "RaiseThingRequest": [("id", STRING, ""), ("level", ENUM, ".cskit.servicing.v1.Level")],
            "GetThingRequest": [("id", STRING, "")],
            "ThingResponse": [("text", STRING, "")],
        }.items():
            m = f.message_type.add(name=message)
            for number, (field, kind, type_name) in enumerate(fields, start=1):
                m.field.add(name=field, number=number, type=kind, label=1, type_name=type_name or None)
        s = f.service.add(name="Things")
        for rpc in ("MarkThing", "RaiseThing", "GetThing"):
            s.method.add(
                name=rpc,
                input_type=f".cskit.servicing.v1.{rpc}Request",
                output_type=".cskit.servicing.v1.ThingResponse",
            )
        pool.Add(f)
    return pool.FindServiceByName("cskit.servicing.v1.Things")


def _request(name: str, **values: Any) -> Any:
    descriptor = descriptor_pool.Default().FindMessageTypeByName(f"cskit.servicing.v1.{name}")
    return message_factory.GetMessageClass(descriptor)(**values)


@dataclass(frozen=True, kw_only=True)
class MarkThing:
    thing_id: str
    note: str
    urgent: bool = False  # not on the wire: keeps its default


@dataclass(frozen=True, kw_only=True)
class RaiseThing:
    thing_id: str
    level: str


COMMANDS = types.SimpleNamespace(MarkThing=MarkThing, RaiseThing=RaiseThing)


class Handlers:
    def __init__(self) -> None:
        self.seen: list[tuple[str, object, Call]] = []

    async def mark_thing(self, command: MarkThing, call: Call) -> str:
        self.seen.append(("mark_thing", command, call))
        return f"marked {command.thing_id}"

    async def raise_thing(self, command: RaiseThing, call: Call) -> str:
        self.seen.append(("raise_thing", command, call))
        return f"raised {command.level}"


def _servicer_class() -> type[Any]:
    @command_methods(
        _service(),
        COMMANDS,
        id_field="thing_id",
        decoders={"RaiseThing": lambda r: RaiseThing(thing_id=r.id, level="high")},
    )
    class ThingServicer:
        def __init__(self, handlers: Handlers) -> None:
            self.handlers = handlers

        def answer(self, response: type[Message], result: str) -> Message:
            return response(text=result)

        async def GetThing(self, request: Any, context: Any) -> Any:
            return _request("ThingResponse", text=request.id)

    return ThingServicer


async def test_a_command_is_decoded_by_name_run_for_the_caller_and_answered() -> None:
    handlers = Handlers()
    servicer = _servicer_class()(handlers)
    call = Call(actor=Actor(subject="u1", branch_id="b1", roles=frozenset({"agent"})))
    token = set_current_call(call)
    try:
        marked = await servicer.MarkThing(_request("MarkThingRequest", id="t1", note="n"), None)
        raised = await servicer.RaiseThing(_request("RaiseThingRequest", id="t1", level=1), None)
    finally:
        reset_current_call(token)
    assert (marked.text, raised.text) == ("marked t1", "raised high")
    assert handlers.seen == [
        ("mark_thing", MarkThing(thing_id="t1", note="n", urgent=False), call),
        ("raise_thing", RaiseThing(thing_id="t1", level="high"), call),
    ]


def test_an_enum_or_message_field_without_a_decoder_is_refused_when_the_class_is_made() -> None:
    with pytest.raises(TypeError, match=r"RaiseThing\.level is not a plain wire value"):

        @command_methods(_service(), COMMANDS, id_field="thing_id")
        class _Servicer:
            async def GetThing(self, request: Any, context: Any) -> None: ...


def test_an_rpc_served_neither_way_is_refused_when_the_class_is_made() -> None:
    with pytest.raises(TypeError, match="serves no GetThing"):

        @command_methods(_service(), COMMANDS, id_field="thing_id", decoders={"RaiseThing": lambda r: r})
        class _Servicer:
            pass


def test_handler_names_are_the_rpc_names_in_snake_case() -> None:
    assert snake_case("ReplyToRejection") == "reply_to_rejection"
    assert snake_case("AssignHandlingDepartment") == "assign_handling_department"
