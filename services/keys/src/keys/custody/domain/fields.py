"""Checked text fields of the custody records (one table, so limits read in one place)."""

from __future__ import annotations

from cskit.domain import InvalidInput
from cskit.domain.text import clean_text

# field -> (max length, required, multi-line)
_TEXT = {
    "purpose": (200, True, False),
    "form_ref": (200, True, False),
    "seal_number": (40, True, False),
    "signature_ref": (200, True, False),
    "consent_channel": (40, True, False),
    "description": (1000, True, True),
    "channel": (40, True, False),
    "note": (500, False, True),
    "reason": (500, True, True),
    "entry": (2000, True, True),
}


def text(field: str, value: str, *, rule_id: str | None = None) -> str:
    limit, required, multiline = _TEXT[field]
    cleaned = clean_text(value, field, multiline=multiline).strip()
    if required and not cleaned:
        raise InvalidInput.on(field, "is required", rule_id=rule_id)
    if len(cleaned) > limit:
        raise InvalidInput.on(field, f"must be at most {limit} characters", rule_id=rule_id)
    return cleaned
