"""Small pieces the handover records share: ids, references, text, roles (dates: ``attendance.domain.fields``)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from attendance.domain.fields import MAX_REF, bounded
from cskit.domain import InvalidInput

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_TEXT = 2000
# Who leads a shift or supervises (the gateway's "supervisors" group, PLT-02).
LEADS = frozenset({"team_lead", "manager", "director", "general_manager"})
MANAGERS = frozenset({"manager", "director", "general_manager"})


def new_id() -> str:
    return str(uuid.uuid4())


def ref(value: str, field: str) -> str:
    return bounded(value, field, MAX_REF)


def text(value: str, field: str, *, required: bool = False) -> str:
    out = value.strip()
    if required and not out:
        raise InvalidInput.on(field, "must not be blank")
    if len(out) > MAX_TEXT:
        raise InvalidInput.on(field, f"must be at most {MAX_TEXT} characters")
    return out
