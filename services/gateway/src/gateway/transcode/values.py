"""The value types a transcoded request's fields take: text by the kit's rules, money, integers
as JSON has them, defaults and a time range's order (pydantic annotations and validators)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from google.protobuf.descriptor import FieldDescriptor
from pydantic import AfterValidator, BaseModel, Field, ValidationInfo, field_validator

from cs.platform.v1 import http_pb2
from cskit import jsonmap
from cskit.domain.money import AMOUNT_PATTERN, MAX_AMOUNT, amount_problem
from gateway.schemas import ID_PATTERN, MultiLineText, SingleLineText

_NOT_BLANK = r"\S"
CURRENCY = r"^[A-Z]{3}$"  # ISO 4217; which currencies a service takes is its rule
INTS = frozenset(
    {
        FieldDescriptor.TYPE_INT32,
        FieldDescriptor.TYPE_INT64,
        FieldDescriptor.TYPE_UINT32,
        FieldDescriptor.TYPE_UINT64,
        FieldDescriptor.TYPE_SINT32,
        FieldDescriptor.TYPE_SINT64,
    }
)
FLOATS = frozenset({FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT})
# What each integer type holds: a value outside it is the caller's 422, not protobuf's error.
_RANGES = {
    FieldDescriptor.TYPE_INT32: (-(2**31), 2**31 - 1),
    FieldDescriptor.TYPE_SINT32: (-(2**31), 2**31 - 1),
    FieldDescriptor.TYPE_UINT32: (0, 2**32 - 1),
    FieldDescriptor.TYPE_INT64: (-(2**63), 2**63 - 1),
    FieldDescriptor.TYPE_SINT64: (-(2**63), 2**63 - 1),
    FieldDescriptor.TYPE_UINT64: (0, 2**64 - 1),
}


def json_integer(value: object) -> object:
    # JSON Schema's "integer" admits 5.0 but not "5" or true: pydantic's lax int is wider,
    # StrictInt narrower. (A validator, not a type, keeps minimum/maximum in OpenAPI.)
    if isinstance(value, str | bool):
        raise ValueError("must be a JSON integer")
    return value


def int_bounds(field: FieldDescriptor, options: http_pb2.JsonField) -> tuple[int, int]:
    """An integer field's least and greatest value: the contract's minimum and maximum, else
    its type's range."""
    low, high = _RANGES[field.type]
    return (
        options.minimum if options.HasField("minimum") else low,
        options.maximum if options.HasField("maximum") else high,
    )


def _bounded_amount(value: str) -> str:
    if (problem := amount_problem(Decimal(value))) is not None:
        raise ValueError(problem)
    return value


def text_type(options: http_pb2.JsonField) -> Any:
    constraints: dict[str, Any] = {}
    extra: list[Any] = []
    if options.text == http_pb2.TEXT_ID:
        constraints = {"min_length": 1, "pattern": ID_PATTERN}
    elif options.text == http_pb2.TEXT_MONEY:
        constraints = {
            "pattern": AMOUNT_PATTERN,
            "examples": ["1234.50"],
            "description": f"Decimal string, at most {MAX_AMOUNT}",
        }
        extra = [AfterValidator(_bounded_amount)]
    else:
        if options.required:  # required text must hold a non-blank character
            constraints = {"min_length": 1, "pattern": _NOT_BLANK}
        if options.text == http_pb2.TEXT_SINGLE_LINE:
            extra = [SingleLineText]
        elif options.text == http_pb2.TEXT_MULTI_LINE:
            extra = [MultiLineText]
    if options.max_length:
        constraints["max_length"] = options.max_length
    if options.pattern:  # the contract's own shape (a month), over the text kind's
        constraints["pattern"] = options.pattern
    return Annotated[str, Field(**constraints), *extra]


def default_value(field: FieldDescriptor, text: str) -> Any:
    if field.type in INTS:
        return int(text)
    if field.type == FieldDescriptor.TYPE_BOOL:
        return text == "true"
    return text


def not_before(member: jsonmap.JsonMember, members: list[jsonmap.JsonMember]) -> Any:
    """A field that must not be before a sibling (a time range's end), checked on the request."""
    parent = member.path[:-1]
    other = next(m.name for m in members if m.path[:-1] == parent and m.field.name == member.options.not_before)

    def check(cls: type[BaseModel], value: datetime | None, info: ValidationInfo) -> datetime | None:
        start = info.data.get(other)
        if value is not None and start is not None and start > value:
            raise ValueError(f"must not be before {other}")
        return value

    return field_validator(member.name)(classmethod(check))
