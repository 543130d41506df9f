"""Visit commands: imperative names, fields mirroring the requests of ``VisitService``
(``cskit.servicing.command_methods`` decodes them by field name). Who acts and when come
from the call and the clock."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordReturnVisit:
    id: str
    reached: bool
    satisfaction: str = ""
    comment: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RegisterSite:
    name: str
    households: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeSiteHouseholds:
    id: str
    households: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordOwnerVisit:
    # The site's id.
    id: str
    unit: str
    # ISO date (YYYY-MM-DD), the local day of the visit.
    visited_on: str
    staff: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenSurveyCampaign:
    # The site's id.
    id: str
    units_sent: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordSurveyReturns:
    id: str
    count: int
