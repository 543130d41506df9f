"""What the archives hold: categories (ARC-01), confidentiality levels (ARC-05), media and the
states of a record. The values mirror ``cs.filing.v1`` so a filing request maps by name."""

from __future__ import annotations

from enum import StrEnum

from cskit.domain import InvalidInput


class Category(StrEnum):
    """ARC-01: what is filed."""

    UNSPECIFIED = "unspecified"
    GOVERNMENT_POLICY = "government_policy"
    GOVERNMENT_OR_GROUP_APPROVAL = "government_or_group_approval"
    COMPANY_DOCUMENT = "company_document"
    PROPERTY_RECORD = "property_record"
    SAFETY_RECORD = "safety_record"
    LEADERSHIP_SPEECH = "leadership_speech"
    CONTRACT = "contract"
    MEDIA = "media"
    OWNER_FILE = "owner_file"
    QUALITY_RECORD = "quality_record"
    DUTY_LOG = "duty_log"
    COMPLAINT_RECORD = "complaint_record"
    WORK_ORDER = "work_order"


class Confidentiality(StrEnum):
    """ARC-05, in increasing order of protection (``rank``)."""

    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    SECRET = "secret"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def restricted(self) -> bool:
        """Not open for reading without the level's special approval; kept in a locked cabinet."""
        return self.rank >= _RANK[Confidentiality.CONFIDENTIAL]


_RANK = {level: n for n, level in enumerate(Confidentiality)}


class Medium(StrEnum):
    PAPER = "paper"
    ELECTRONIC = "electronic"


class RecordState(StrEnum):
    # A paper original announced by a filing request, not yet handed to the archivist.
    AWAITING_ORIGINAL = "awaiting_original"
    ON_SHELF = "on_shelf"
    LENT = "lent"
    MISSING = "missing"
    DESTROYED = "destroyed"


def category_of(value: str) -> Category:
    try:
        category = Category(value)
    except ValueError:
        category = Category.UNSPECIFIED
    if category is Category.UNSPECIFIED:
        names = ", ".join(c.value for c in Category if c is not Category.UNSPECIFIED)
        raise InvalidInput.on("category", f"must be one of {names}", rule_id="ARC-01")
    return category


def confidentiality_of(value: str) -> Confidentiality:
    try:
        return Confidentiality(value or Confidentiality.INTERNAL.value)
    except ValueError:
        names = ", ".join(c.value for c in Confidentiality)
        raise InvalidInput.on("confidentiality", f"must be one of {names}", rule_id="ARC-05") from None


def medium_of(value: str) -> Medium:
    try:
        return Medium(value)
    except ValueError:
        raise InvalidInput.on("medium", "must be paper or electronic") from None
