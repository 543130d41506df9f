"""Evidence policy (CMP-08): rulebook defaults, per-branch overrides.

The rulebook says engineering or design disputes need site photos kept with the case
(000 §8 三.2). What a file may be (size, type) is our reading: photos and scanned documents,
10 MiB each, in formats every browser shows. A branch overrides through
``CS_COMPLAINTS_EVIDENCE_POLICY_OVERRIDES='{"b2": {"max_bytes": 5242880}}'``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from complaints.domain.values import Category
from cskit.domain import FieldViolation, InvalidInput, enforces

MIB = 1024 * 1024
# The kit's gRPC channels carry at most 16 MiB per message; the file rides in one request
# together with its name and note, so no branch may allow more than this.
HARD_MAX_BYTES = 15 * MIB
# What the sniffer (evidence_rules.sniff_content_type) recognises; a branch can allow
# only types whose bytes can be checked.
SNIFFABLE_TYPES = frozenset(
    {
        "image/jpeg",
        "image/png",
        "image/webp",
        "image/gif",
        "image/tiff",
        "image/bmp",
        "image/heic",
        "application/pdf",
    }
)


@dataclass(frozen=True, slots=True)
class EvidencePolicy:
    # CMP-08: the largest file kept with a case.
    max_bytes: int = 10 * MIB
    # CMP-08: the types accepted, checked against the file's own bytes.
    content_types: frozenset[str] = frozenset({"image/jpeg", "image/png", "image/webp", "application/pdf"})
    # CMP-08: cases of these categories need site photos before they are resolved ...
    site_photo_categories: frozenset[Category] = frozenset({Category.ENGINEERING, Category.DESIGN})
    # ... at least this many (0 turns the requirement off).
    site_photos_to_resolve: int = 1


POLICY_RULES: dict[str, str] = {
    "max_bytes": "CMP-08",
    "content_types": "CMP-08",
    "site_photo_categories": "CMP-08",
    "site_photos_to_resolve": "CMP-08",
}

DEFAULT_EVIDENCE_POLICY = EvidencePolicy()


def _positive_int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


@enforces("CMP-08")
def evidence_policy_for(branch_id: str, overrides: Mapping[str, Mapping[str, object]]) -> EvidencePolicy:
    """The defaults with ``branch_id``'s overrides; every bad key or value in one InvalidInput."""
    given = overrides.get(branch_id, {})
    changes: dict[str, Any] = {}
    bad: list[FieldViolation] = []
    for key, value in given.items():
        where = f"{branch_id}.{key}"
        if key == "max_bytes":
            size = _positive_int(value)
            if size is None or size > HARD_MAX_BYTES:
                bad.append(FieldViolation(where, f"must be a whole number of bytes from 1 to {HARD_MAX_BYTES}"))
            else:
                changes[key] = size
        elif key == "content_types":
            types = value if isinstance(value, list) and value else None
            if types is None or not all(isinstance(t, str) and t in SNIFFABLE_TYPES for t in types):
                bad.append(FieldViolation(where, f"must be a non-empty list from {sorted(SNIFFABLE_TYPES)}"))
            else:
                changes[key] = frozenset(types)
        elif key == "site_photo_categories":
            names = {c.value for c in Category if c is not Category.UNSPECIFIED}
            if not isinstance(value, list) or not all(isinstance(c, str) and c in names for c in value):
                bad.append(FieldViolation(where, f"must be a list of categories from {sorted(names)}"))
            else:
                changes[key] = frozenset(Category(c) for c in value)
        elif key == "site_photos_to_resolve":
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
                bad.append(FieldViolation(where, "must be a whole number from 0 to 100"))
            else:
                changes[key] = value
        else:
            bad.append(FieldViolation(where, "unknown evidence policy setting"))
    if bad:
        raise InvalidInput(
            f"bad evidence policy overrides for branch {branch_id}",
            code="invalid_policy",
            rule_id="CMP-08",
            violations=tuple(bad),
        )
    return replace(DEFAULT_EVIDENCE_POLICY, **changes)
