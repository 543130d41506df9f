"""Commands: imperative names, fields mirroring the ``cs.complaints.v1`` requests.

Who acts and when are not part of a command: handlers pass the caller's ``Actor`` and the
injected clock's ``now`` alongside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from complaints.domain.values import Channel, Grade, Intake, VisitKind


@dataclass(frozen=True, slots=True, kw_only=True)
class FileComplaint:
    intake: Intake
    # Empty: the caller's own branch. Head-office callers may file for any branch (PLT-01).
    branch_id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AcceptComplaint:
    complaint_id: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RejectComplaint:
    complaint_id: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplyToRejection:
    complaint_id: str
    # The courteous explanation given to the complainant (CMP-03).
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplyToComplaint:
    complaint_id: str
    message: str
    # When the customer will hear from us next (CMP-04).
    next_reply_at: datetime
    # CMP-15: unspecified means the intake channel; another one needs a reason.
    channel: Channel = Channel.UNSPECIFIED
    channel_reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AddProgressNote:
    complaint_id: str
    message: str
    customer_informed: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolveComplaint:
    complaint_id: str
    resolution: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordReturnVisit:
    complaint_id: str
    satisfied: bool
    # 1 (very unsatisfied) .. 5 (very satisfied).
    satisfaction: int
    comment: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CloseComplaint:
    complaint_id: str
    summary: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReclassifyComplaint:
    complaint_id: str
    # Why the communicative complaint was mishandled (CMP-02).
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PauseResolutionClock:
    complaint_id: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ResumeResolutionClock:
    complaint_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RegradeComplaint:
    complaint_id: str
    grade: Grade
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordVisit:
    complaint_id: str
    kind: VisitKind
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordPropertyDates:
    complaint_id: str
    contract_verified_on: date | None = None
    handed_over_on: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckClocks:
    """Fired by the timer at ``Complaint.next_deadline``: records due breaches."""

    complaint_id: str


ComplaintCommand = (
    FileComplaint
    | AcceptComplaint
    | RejectComplaint
    | ReplyToRejection
    | ReplyToComplaint
    | AddProgressNote
    | ResolveComplaint
    | RecordReturnVisit
    | CloseComplaint
    | ReclassifyComplaint
    | PauseResolutionClock
    | ResumeResolutionClock
    | RegradeComplaint
    | RecordVisit
    | RecordPropertyDates
    | CheckClocks
)
