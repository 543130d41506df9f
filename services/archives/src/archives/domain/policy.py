"""The archives policy: the rulebook's numbers and lists as configuration (``CS_ARCHIVES_*``,
``ArchivesSettings``). Pure values and the date arithmetic the rules need."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from archives.domain.categories import Category, Confidentiality

# ARC-02: the owning department keeps these; the GM's secretary keeps the rest.
DEPARTMENT_KEPT = frozenset(
    {Category.PROPERTY_RECORD, Category.SAFETY_RECORD, Category.LEADERSHIP_SPEECH, Category.MEDIA}
)
# ARC-05: document (文书) archives - policy documents, approvals and instructions, company
# documents, speeches and reviews - are read in place, never lent.
DOCUMENT_CATEGORIES = frozenset(
    {
        Category.GOVERNMENT_POLICY,
        Category.GOVERNMENT_OR_GROUP_APPROVAL,
        Category.COMPANY_DOCUMENT,
        Category.LEADERSHIP_SPEECH,
    }
)
GM_SECRETARY = "gm_secretary"


def _retention() -> dict[Category, int]:
    # ARC-04: work orders 2 years; ARC-13: complaint and feedback files at least 1 year.
    return {Category.WORK_ORDER: 2, Category.COMPLAINT_RECORD: 1}


def _clearances() -> dict[str, Confidentiality]:
    # ARC-05: whose titles a role may see; any other staff role sees public and internal files.
    return {
        "archivist": Confidentiality.SECRET,
        "general_manager": Confidentiality.SECRET,
        "director": Confidentiality.SECRET,
        "manager": Confidentiality.CONFIDENTIAL,
        "legal": Confidentiality.CONFIDENTIAL,
        "hq_admin": Confidentiality.CONFIDENTIAL,
    }


def _special_approvers() -> dict[Confidentiality, frozenset[str]]:
    # ARC-05: the special approval a level needs before anyone reads it.
    return {
        Confidentiality.CONFIDENTIAL: frozenset({"manager", "director", "general_manager"}),
        Confidentiality.SECRET: frozenset({"general_manager"}),
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchivesPolicy:
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    # ARC-04, ARC-13: years kept per category; any other category keeps the default.
    retention_years: Mapping[Category, int] = field(default_factory=_retention)
    default_retention_years: int = 10
    # ARC-13: the floor no setting or request goes below for complaint and feedback files.
    complaint_minimum_years: int = 1
    # ARC-04: a file is sealed into an archive bag this many years after its date.
    seal_after_years: int = 1
    department_kept: frozenset[Category] = DEPARTMENT_KEPT
    document_categories: frozenset[Category] = DOCUMENT_CATEGORIES
    clearances: Mapping[str, Confidentiality] = field(default_factory=_clearances)
    default_clearance: Confidentiality = Confidentiality.INTERNAL
    special_approvers: Mapping[Confidentiality, frozenset[str]] = field(default_factory=_special_approvers)

    def retention_of(self, category: Category, requested: int = 0) -> int:
        """ARC-04/ARC-13: the category's period; a request may ask for longer, never shorter."""
        years = max(self.retention_years.get(category, self.default_retention_years), requested)
        if category is Category.COMPLAINT_RECORD:
            years = max(years, self.complaint_minimum_years)
        return years

    def custodian_of(self, category: Category, department: str) -> str:
        """ARC-02: who keeps a category's files."""
        return department if category in self.department_kept else GM_SECRETARY

    def local_day(self, at: datetime) -> date:
        return at.astimezone(self.zone).date()


def years_after(day: date, years: int) -> date:
    """The same calendar day ``years`` later (29 February -> 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
