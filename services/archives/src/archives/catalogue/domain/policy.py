"""The catalogue's policy: the volume numbers' code per category and the bounds of a volume
and a search. Rulebook defaults; ``CS_ARCHIVES_CATALOGUE_*`` settings override them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from archives.domain.categories import Category

# ARC-03: each category's volumes are numbered "<code>-<year>-<seq>" per branch. The codes
# are the pinyin initials of the category's usual Chinese name (文书 WS, 合同 HT, 工单 GD...).
DEFAULT_CODES: Mapping[Category, str] = {
    Category.GOVERNMENT_POLICY: "ZC",
    Category.GOVERNMENT_OR_GROUP_APPROVAL: "PF",
    Category.COMPANY_DOCUMENT: "WS",
    Category.PROPERTY_RECORD: "CQ",
    Category.SAFETY_RECORD: "AQ",
    Category.LEADERSHIP_SPEECH: "JH",
    Category.CONTRACT: "HT",
    Category.MEDIA: "SX",
    Category.OWNER_FILE: "YZ",
    Category.QUALITY_RECORD: "ZL",
    Category.DUTY_LOG: "ZB",
    Category.COMPLAINT_RECORD: "TS",
    Category.WORK_ORDER: "GD",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class CataloguePolicy:
    codes: Mapping[Category, str] = field(default_factory=lambda: dict(DEFAULT_CODES))
    # A volume holds at most this many items (its in-volume catalogue is read whole).
    max_items: int = 500

    def code_of(self, category: Category) -> str:
        return self.codes.get(category) or DEFAULT_CODES[category]
