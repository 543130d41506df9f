"""gRPC command methods from the contract: decode, call a handler, encode, written once.

A service's command RPCs share one shape: the request becomes a command dataclass named like
the RPC (``AcceptComplaint``), the handler method of that name in snake case
(``accept_complaint``) runs it for the verified caller (``cskit.calls.current_call``), and the
``<Rpc>Response`` wraps what it returns. ``command_methods`` writes those methods onto a
servicer class from its service descriptor, so a servicer holds only what differs: reads,
the decoders of requests that need one, and ``answer``.

A command field is filled from the request field of the same name, or ``id_field`` from the
request's ``id``; a field the request lacks keeps its default. An enum, timestamp or message
field needs a decoder of its own (the domain's types are not the wire's): a command that
would need one and has none is refused when the servicer class is made, not at a call.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Generic, Protocol, TypeVar

from google.protobuf import message_factory
from google.protobuf.descriptor import FieldDescriptor, ServiceDescriptor
from google.protobuf.message import Message

from cskit.calls import current_call
from cskit.protomap import present_timestamp

Decoder = Callable[[Any], object]
S = TypeVar("S", bound=type)
_TIMESTAMP = "google.protobuf.Timestamp"
H = TypeVar("H")
R = TypeVar("R")


class _Servicer(Protocol):
    """What a generated method needs of its servicer."""

    handlers: Any

    def answer(self, response: type[Message], result: Any) -> Message: ...


class CommandServicer(Generic[H, R]):
    """A servicer's usual state: the handlers its command methods call and the reader its
    reads answer from. A subclass adds ``answer`` and its reads."""

    def __init__(self, handlers: H, reader: R) -> None:
        self.handlers = handlers
        self.reader = reader


def snake_case(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def field_decoder(command: type, request: type[Message], *, id_field: str) -> Decoder:
    """The request -> command decoder by field name (a Timestamp is a datetime, or None when
    unset); TypeError when a field needs a real decoder."""
    wire = request.DESCRIPTOR.fields_by_name
    sources: dict[str, str] = {}
    times: set[str] = set()
    for f in dataclasses.fields(command):
        source = "id" if f.name == id_field and f.name not in wire else f.name
        fd = wire.get(source)
        if fd is None:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise TypeError(f"{command.__name__}.{f.name} has no field in {request.__name__}: give it a decoder")
            continue
        if fd.message_type is not None and fd.message_type.full_name == _TIMESTAMP and not fd.is_repeated:
            times.add(f.name)  # an unset time is None, never 1970 (the command's field is Optional)
        elif fd.type in (FieldDescriptor.TYPE_ENUM, FieldDescriptor.TYPE_MESSAGE) or fd.is_repeated:
            raise TypeError(f"{command.__name__}.{f.name} is not a plain wire value: give it a decoder")
        sources[f.name] = source

    def decode(req: Any) -> object:
        return command(
            **{
                name: present_timestamp(req, source) if name in times else getattr(req, source)
                for name, source in sources.items()
            }
        )

    return decode


def command_methods(
    service: ServiceDescriptor,
    commands: object,
    *,
    id_field: str,
    decoders: Mapping[str, Decoder] | None = None,
) -> Callable[[S], S]:
    """A class decorator adding one method per RPC of ``service`` that has a command dataclass
    of its name in ``commands`` (``decoders`` may name others); the class gives ``handlers``
    and ``answer`` and writes the other RPCs (reads) itself: an RPC it serves neither way is
    a TypeError when the class is made. The class need not derive from the generated
    ``*Servicer`` (whose stubs declare every RPC abstract): ``add_*_to_server`` takes any
    object with the methods."""
    decoders = dict(decoders or {})

    def decorate(cls: S) -> S:
        for method in service.methods:
            name = method.name
            command = getattr(commands, name, None)
            if name not in decoders and not (isinstance(command, type) and dataclasses.is_dataclass(command)):
                continue
            request = _message_class(method.input_type)
            decode = decoders.get(name) or field_decoder(command, request, id_field=id_field)  # type: ignore[arg-type]
            setattr(cls, name, _method(snake_case(name), decode, _message_class(method.output_type)))
        if missing := [m.name for m in service.methods if not callable(getattr(cls, m.name, None))]:
            raise TypeError(f"{cls.__name__} serves no {', '.join(missing)} of {service.full_name}")
        return cls

    return decorate


def _message_class(descriptor: Any) -> type[Message]:
    return message_factory.GetMessageClass(descriptor)


def _method(
    handler: str, decode: Decoder, response: type[Message]
) -> Callable[[_Servicer, Any, Any], Awaitable[Message]]:
    async def method(self: _Servicer, request: Any, context: Any) -> Message:
        command = decode(request)
        result = await getattr(self.handlers, handler)(command, current_call())
        return self.answer(response, result)

    method.__name__ = method.__qualname__ = response.DESCRIPTOR.name.removesuffix("Response")
    return method
