"""pydantic models derived from message descriptors and their ``(cs.platform.v1.json)`` options:
strict request bodies and query strings, complete response models (OpenAPI components)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, create_model

from cs.platform.v1 import http_pb2
from cskit import jsonmap
from gateway.schemas import Timestamp
from gateway.transcode.values import (
    CURRENCY,
    FLOATS,
    INTS,
    default_value,
    int_bounds,
    json_integer,
    not_before,
    text_type,
)


class _In(BaseModel):
    # Unknown members are an error, not silently dropped; text is kept as sent (no stripping).
    model_config = ConfigDict(extra="forbid")


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Models:
    """pydantic models derived from descriptors, named once each (OpenAPI components)."""

    def __init__(self) -> None:
        self._taken: dict[str, str] = {}  # model name -> the descriptor it was made for
        self._made: dict[tuple[str, str], type[BaseModel]] = {}

    def _name(self, wanted: str, full_name: str) -> str:
        owner = self._taken.setdefault(wanted, full_name)
        if owner == full_name:
            return wanted
        return self._name(full_name.replace(".", "_") + wanted.removeprefix(wanted.rstrip("InOut")), full_name)

    # ---- requests ------------------------------------------------------------------------

    def request(
        self, descriptor: Descriptor, name: str, *, exclude: frozenset[str] = frozenset(), query: bool = False
    ) -> type[BaseModel]:
        key = (descriptor.full_name + "|" + name, "in")
        if key in self._made:
            return self._made[key]
        fields: dict[str, Any] = {}
        validators: dict[str, Any] = {}
        members = [m for m in jsonmap.members(descriptor) if m.path[0].name not in exclude]
        for member in members:
            fields[member.name] = self._input_field(member, query=query)
            if member.options.not_before:
                validators[f"_{member.name}_not_before"] = not_before(member, members)
        model = create_model(
            self._name(name, descriptor.full_name + "|" + name), __base__=_In, __validators__=validators, **fields
        )
        self._made[key] = model
        return model

    def _input_field(self, member: jsonmap.JsonMember, *, query: bool) -> tuple[Any, Any]:
        field, options = member.field, member.options
        if member.part == "currency":
            code = Annotated[str, Field(pattern=CURRENCY, examples=[options.currency_default or "CNY"])]
            return (code, options.currency_default) if options.currency_default else (code | None, None)
        if member.part == "amount":  # the kit's one money type, bounded (cskit.domain.money)
            amount = text_type(http_pb2.JsonField(text=http_pb2.TEXT_MONEY))
            return (amount, ...) if options.required else (amount | None, None)
        item = self._input_type(field, options, query=query)
        info: dict[str, Any] = {}
        if options.description:
            info["description"] = options.description
        if options.example:
            info["examples"] = [options.example]
        if field.is_repeated:
            limit: dict[str, Any] = {
                **({"min_length": options.min_items} if options.min_items else {}),
                **({"max_length": options.max_items} if options.max_items else {}),
            }
            default: Any = ... if options.required else Field(default_factory=list)
            return Annotated[list[item], Field(**limit, **info)], default  # type: ignore[valid-type]
        if options.required:
            return Annotated[item, Field(**info)], ...
        if options.default:
            return Annotated[item, Field(**info)], default_value(field, options.default)
        if field.type == FieldDescriptor.TYPE_BOOL:
            return Annotated[item, Field(**info)], False
        return Annotated[item | None, Field(**info)], None

    def _input_type(self, field: FieldDescriptor, options: http_pb2.JsonField, *, query: bool) -> Any:
        if field.enum_type is not None:
            return Literal[tuple(jsonmap.enum_names(field.enum_type))]
        if field.message_type is not None:
            kind = field.message_type.full_name
            if kind == jsonmap.TIMESTAMP:
                return Timestamp
            if kind == jsonmap.DURATION:
                return Annotated[float, Field(description="Seconds.")]
            return self.request(field.message_type, field.message_type.name + "In")
        if options.json_object:
            return dict[str, Any]
        if field.type == FieldDescriptor.TYPE_BOOL:
            return bool if query else StrictBool
        if field.type in INTS:
            low, high = int_bounds(field, options)
            if query:  # query values are text: "20" is the number 20 there
                return Annotated[int, Field(ge=low, le=high)]
            return Annotated[int, Field(ge=low, le=high), BeforeValidator(json_integer)]
        if field.type in FLOATS:
            return float
        return text_type(options)

    # ---- responses -----------------------------------------------------------------------

    def response(self, descriptor: Descriptor) -> type[BaseModel]:
        key = (descriptor.full_name, "out")
        if key in self._made:
            return self._made[key]
        fields = {m.name: self._output_field(m) for m in jsonmap.members(descriptor)}
        model = create_model(self._name(descriptor.name, descriptor.full_name), __base__=_Out, **fields)  # type: ignore[call-overload]
        self._made[key] = model
        return model

    def _output_field(self, member: jsonmap.JsonMember) -> tuple[Any, Any]:
        field, options = member.field, member.options
        info = jsonmap.output_field_info(options)  # PLT-06: personal fields say they are masked
        kind: Any
        nulled = bool(options.null_unless)  # null unless a sibling says so, whatever the type
        nullable = options.empty_is_null or options.nullable
        if member.part:  # a money amount (decimal string) or its currency code
            return Annotated[str | None if nulled else str, Field(**info)], ...
        if field.enum_type is not None:
            kind = Literal[tuple(jsonmap.enum_names(field.enum_type))]
            nullable = not field.is_repeated  # zero or newer than this gateway: null
        elif field.message_type is not None:
            name = field.message_type.full_name
            if name == jsonmap.TIMESTAMP:
                kind, nullable = datetime, not field.is_repeated
            elif name == jsonmap.DURATION:
                kind = float
            else:
                kind = self.response(field.message_type)
        elif options.json_object:
            kind = dict[str, Any]
        elif field.type == FieldDescriptor.TYPE_BOOL:
            kind = bool
        elif field.type in INTS:
            kind = int
        elif field.type in FLOATS:
            kind = float
        elif field.type == FieldDescriptor.TYPE_BYTES:
            kind = bytes
        else:
            kind = str
        if field.is_repeated:
            kind = list[kind]
        if nulled or (nullable and not field.is_repeated):
            kind = kind | None
        return Annotated[kind, Field(**info)], ...
