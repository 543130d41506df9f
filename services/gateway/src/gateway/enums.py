"""Generic protobuf enum <-> JSON string helper: ``CHANNEL_WALK_IN`` <-> ``"walk_in"``.

One rule for every enum instead of a hand-written case per value: drop the enum's
UPPER_SNAKE prefix (AIP-126 style) and lowercase. ``*_UNSPECIFIED`` (0) is never a
valid input; on output it (and any value newer than this gateway) becomes ``None``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

if TYPE_CHECKING:
    from google.protobuf.internal.enum_type_wrapper import _EnumTypeWrapper

V = TypeVar("V", bound=int)


def _upper_snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()


class ProtoEnum(Generic[V]):
    """Use as ``Annotated[str, ProtoEnum(pb.Channel)]``; also converts both ways."""

    def __init__(self, wrapper: _EnumTypeWrapper[V]) -> None:
        descriptor = wrapper.DESCRIPTOR
        prefix = _upper_snake(descriptor.name) + "_"
        self.name = descriptor.name
        self._by_name: dict[str, V] = {}
        for value in descriptor.values:
            if not value.name.startswith(prefix):
                raise ValueError(f"{descriptor.full_name}.{value.name} lacks the prefix {prefix}")
            if value.number != 0:
                self._by_name[value.name.removeprefix(prefix).lower()] = wrapper.Value(value.name)
        self._by_number: dict[int, str] = {number: name for name, number in self._by_name.items()}
        self._unspecified = wrapper.Value(descriptor.values_by_number[0].name)

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(self._by_name)

    def to_proto(self, name: str | None) -> V:
        """JSON name -> enum value; ``None`` is the unspecified value (0)."""
        return self._unspecified if name is None else self._by_name[name]

    def from_proto(self, number: int) -> str | None:
        return self._by_number.get(number)

    # pydantic: validate as one of the names, document as a string enum.
    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.literal_schema(list(self.values))
