"""Customer data masks (PLT-06): what a caller sees of a phone, ID or address it may not read.

Chinese conventions, as banks and carriers print them: a mobile number keeps its carrier
prefix and last four digits (``138****5678``); a resident identity card number keeps the
six-digit region code and the last four (``110101********1234``, GB 11643 numbers have 18
characters, old ones 15); an address keeps its administrative part up to the district
(``江苏省南京市玄武区****``). The seeds (003 一.18, 001 客服日常工作制度 十, 002 五) say only
that customer data is protected, not how it is masked; these formats are policy-free
because a format that varied by configuration would leak by configuration.

Masks are idempotent (masking a masked value changes nothing) and never reveal the length of
an address. Anything too short to keep a part of is masked whole.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from enum import StrEnum

from cskit.domain.rules import enforces

MASK = "*"
HIDDEN = "****"


class PersonalKind(StrEnum):
    """The kinds of customer data PLT-06 names (the contract's ``Personal`` option)."""

    PHONE = "phone"
    ID_NUMBER = "id_number"
    ADDRESS = "address"


def _keep(value: str, head: int, tail: int) -> str:
    if len(value) <= head + tail:
        # Too short to keep both ends without showing (nearly) all of it.
        keep = min(2, len(value) // 3)
        return MASK * (len(value) - keep) + (value[-keep:] if keep else "")
    return value[:head] + MASK * (len(value) - head - tail) + value[-tail:]


@enforces("PLT-06")
def mask_phone(value: str) -> str:
    """A phone number with its first three and last four characters: ``138****5678``."""
    text = value.strip()
    return _keep(text, 3, 4) if text else ""


@enforces("PLT-06")
def mask_id_number(value: str) -> str:
    """An ID number with its region code (6) and last four: ``110101********1234``."""
    text = value.strip()
    return _keep(text, 6, 4) if text else ""


# The administrative part of a Chinese address ends at the first district-level word (区, 县,
# 旗) or, failing one, at the city (市). A residential "小区" or "社区", a "园区", "校区",
# "景区" or "街区" is not a district: it is the detail PLT-06 hides.
_DISTRICT = re.compile(r"(?<![小社园校景街厂矿营])(?:区|县|旗)")
_CITY = re.compile(r"市")
# Only the first characters can be the administrative part (the longest province, autonomous
# prefecture and county names fit); a later 区 is inside the street detail.
_ADMIN_SPAN = 24


@enforces("PLT-06")
def mask_address(value: str) -> str:
    """An address kept up to its district: ``江苏省南京市玄武区****``; otherwise ``****``."""
    text = value.strip()
    if not text:
        return ""
    head = text[:_ADMIN_SPAN]
    found = _DISTRICT.search(head) or _CITY.search(head)
    if found is None:
        return HIDDEN
    kept = text[: found.end()]
    return kept if kept == text else kept + HIDDEN


MASKS = {
    PersonalKind.PHONE: mask_phone,
    PersonalKind.ID_NUMBER: mask_id_number,
    PersonalKind.ADDRESS: mask_address,
}


def mask(kind: PersonalKind, value: str) -> str:
    return MASKS[kind](value)


# The kinds the caller of the RPC being served reads in clear; set by the kit's masking
# interceptor, empty (mask everything) outside a call: fail closed.
_visible: ContextVar[frozenset[PersonalKind]] = ContextVar("cs_personal_visible", default=frozenset())


def visible_kinds() -> frozenset[PersonalKind]:
    return _visible.get()


def set_visible_kinds(kinds: frozenset[PersonalKind]) -> object:
    return _visible.set(kinds)


def reset_visible_kinds(token: object) -> None:
    _visible.reset(token)  # type: ignore[arg-type]


@enforces("PLT-06")
def mask_details(
    details: object, keys: dict[str, PersonalKind], visible: frozenset[PersonalKind] | None = None
) -> object:
    """A JSON-like value (a history event's details) with the strings under ``keys`` masked,
    at any depth, unless their kind is ``visible`` (default: the current caller's): the
    contract's option cannot see inside a free-form details object, so the service names its
    personal keys here."""
    if visible is None:
        visible = visible_kinds()
    if isinstance(details, dict):
        return {
            k: (
                mask(keys[k], v)
                if k in keys and keys[k] not in visible and isinstance(v, str)
                else mask_details(v, keys, visible)
            )
            for k, v in details.items()
        }
    if isinstance(details, list):
        return [mask_details(v, keys, visible) for v in details]
    return details
