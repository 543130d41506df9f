"""What filing a record takes: who files, the limits of its fields, the one record id a
filing request maps to, and the checks of its dates, references and digest (ARC-01, ARC-02)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from archives.records.domain.events import Reference
from cskit.domain import InvalidInput
from cskit.domain.text import TextFields

# A fixed namespace: one filing request (its filing id, in its branch) is one record, however
# often it is delivered.
_FILING_NAMESPACE = uuid.UUID("8f4d1c2e-6a0b-4c55-9e3f-2b7a9d1e0c41")
# Who files and receives originals (ARC-02); the service files requests on its own ("system").
ARCHIVISTS = frozenset({"archivist", "system"})
MAX_REFERENCES = 20
CONDITIONS = frozenset({"good", "damaged"})

# field -> (max length, required)
_TEXT = {
    "title": (300, True),
    "department": (100, True),
    "counterparty": (200, False),
    "notes": (2000, False),
    "note": (2000, False),
    "location": (100, False),
    "file_pointer": (500, False),
    "reason": (500, True),
    "bag_number": (40, True),
    "archive_no": (60, True),
    "reference kind": (40, True),
    "reference value": (100, True),
}


text = TextFields(_TEXT, frozenset({"notes", "note", "reason"}))


def day_of(value: str, field: str = "document_date") -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput.on(field, "must be a date, YYYY-MM-DD") from None


def record_id_for(branch_id: str, filing_id: str) -> str:
    return str(uuid.uuid5(_FILING_NAMESPACE, f"{branch_id}/{filing_id}"))


def checked_references(references: Sequence[Reference]) -> tuple[Reference, ...]:
    if len(references) > MAX_REFERENCES:
        raise InvalidInput.on("references", f"at most {MAX_REFERENCES}")
    checked = [
        Reference(kind=text("reference kind", r.kind), value=text("reference value", r.value)) for r in references
    ]
    return tuple(dict.fromkeys(checked))


def checked_sha256(value: str) -> str:
    cleaned = value.strip().lower()
    if cleaned and (len(cleaned) != 64 or any(c not in "0123456789abcdef" for c in cleaned)):
        raise InvalidInput.on("sha256", "must be 64 hexadecimal digits")
    return cleaned
