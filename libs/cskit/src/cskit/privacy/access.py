"""Unmasking and exporting customer data (PLT-06): the rules, pure; the trail is ``store``.

- **Reveal**: one record's personal fields in clear, for a caller whose role may reveal
  those kinds (``PersonalDataPolicy.reveal``), with a reason. Every field revealed is one
  access entry: who, when, which record and field, why, from where.
- **Export**: a file of many records with their personal data (a CSV, a register) runs only
  under an **export grant**: recorded by an approving role (never the exporter), for one
  exporter, one export and one branch, until a time at most ``max_grant_hours`` away,
  checked when the export runs. Every record and field exported is an access entry too, so
  "who saw this customer's phone number" has one answer across reveals and exports.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from cskit.domain.actor import Actor, BranchScope
from cskit.domain.errors import FieldViolation, Forbidden, InvalidInput
from cskit.domain.rules import enforces
from cskit.privacy.masks import PersonalKind
from cskit.privacy.policy import PersonalDataPolicy

RULE = "PLT-06"
MAX_REASON = 500


class AccessAction(StrEnum):
    REVEAL = "reveal"
    EXPORT = "export"


@dataclass(frozen=True, slots=True)
class PersonalField:
    """A personal field of a record: its name in the contract (``complainant.contact``)."""

    name: str
    kind: PersonalKind


@dataclass(frozen=True, slots=True)
class AccessEntry:
    """One field of one record read in clear: the answer to "who saw this phone number"."""

    occurred_at: datetime
    action: AccessAction
    subject: str
    actor_branch_id: str
    record_type: str
    record_id: str
    record_branch_id: str
    field: str
    kind: PersonalKind
    reason: str
    request_id: str | None = None
    client_ip: str | None = None
    grant_id: str | None = None


@dataclass(frozen=True, slots=True)
class AccessQuery:
    scope: BranchScope
    record_id: str = ""
    field: str = ""
    subject: str = ""


@dataclass(frozen=True, slots=True)
class ExportGrant:
    id: str
    export: str
    branch_id: str
    grantee: str
    granted_by: str
    granted_at: datetime
    valid_until: datetime
    reason: str

    def covers(self, *, export: str, branch_id: str, grantee: str, at: datetime) -> bool:
        return (
            self.export == export
            and self.branch_id == branch_id
            and self.grantee == grantee
            and self.granted_at <= at < self.valid_until
        )


def _reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise InvalidInput.on("reason", "is required: say why customer data is needed", rule_id=RULE)
    if len(text) > MAX_REASON:
        raise InvalidInput.on("reason", f"is longer than {MAX_REASON} characters", rule_id=RULE)
    return text


@enforces("PLT-06")
def reveal_entries(
    policy: PersonalDataPolicy,
    actor: Actor,
    *,
    record_type: str,
    record_id: str,
    record_branch_id: str,
    fields: Iterable[PersonalField],
    reason: str,
    at: datetime,
    request_id: str | None = None,
    client_ip: str | None = None,
) -> list[AccessEntry]:
    """The access entries of revealing ``fields`` of one record, or Forbidden/InvalidInput."""
    why = _reason(reason)
    wanted = list(fields)
    if not wanted:
        raise InvalidInput.on("fields", "name at least one personal field", rule_id=RULE)
    allowed = policy.revealable(actor.roles)
    refused = [f.name for f in wanted if f.kind not in allowed]
    if refused:
        raise Forbidden(
            f"your role may not unmask {', '.join(refused)} (PLT-06)",
            code="personal_data_forbidden",
            rule_id=RULE,
            violations=tuple(FieldViolation(name, "not revealable for your role") for name in refused),
        )
    return _entries(
        AccessAction.REVEAL, actor, record_type, [(record_id, record_branch_id)], wanted, why, at, request_id, client_ip
    )


@enforces("PLT-06")
def grant_export(
    policy: PersonalDataPolicy,
    approver: Actor,
    *,
    export: str,
    branch_id: str,
    grantee: str,
    hours: int,
    reason: str,
    at: datetime,
) -> ExportGrant:
    """An approving role's time-bounded grant for one exporter, export and branch."""
    why = _reason(reason)
    if not policy.may_approve_exports(approver):
        raise Forbidden(
            "only an approving role may grant an export of customer data (PLT-06)",
            code="export_approval_forbidden",
            rule_id=RULE,
        )
    if grantee == approver.subject:
        raise Forbidden(
            "nobody approves their own export of customer data (PLT-06)", code="export_self_approval", rule_id=RULE
        )
    if not (approver.head_office or approver.branch_id == branch_id):
        raise Forbidden(
            "an approver grants exports of their own branch only (PLT-01, PLT-06)",
            code="export_approval_forbidden",
            rule_id=RULE,
        )
    if not 1 <= hours <= policy.max_grant_hours:
        raise InvalidInput.on("valid_hours", f"must be between 1 and {policy.max_grant_hours}", rule_id=RULE)
    for name, value in (("export", export), ("branch_id", branch_id), ("grantee", grantee)):
        if not value.strip():
            raise InvalidInput.on(name, "is required", rule_id=RULE)
    return ExportGrant(
        id=str(uuid.uuid4()),
        export=export,
        branch_id=branch_id,
        grantee=grantee,
        granted_by=approver.subject,
        granted_at=at,
        valid_until=at + timedelta(hours=hours),
        reason=why,
    )


@enforces("PLT-06")
def require_export_grant(
    grants: Iterable[ExportGrant], *, export: str, branch_id: str, exporter: Actor, at: datetime
) -> ExportGrant:
    """The grant in force for this export now, or Forbidden naming PLT-06."""
    for grant in grants:
        if grant.covers(export=export, branch_id=branch_id, grantee=exporter.subject, at=at):
            return grant
    raise Forbidden(
        f"exporting customer data ({export}, branch {branch_id}) needs an approval in force (PLT-06)",
        code="export_not_approved",
        rule_id=RULE,
    )


def export_entries(
    grant: ExportGrant,
    exporter: Actor,
    *,
    record_type: str,
    records: Iterable[tuple[str, str]],
    fields: Iterable[PersonalField],
    at: datetime,
    request_id: str | None = None,
    client_ip: str | None = None,
) -> list[AccessEntry]:
    """One access entry per (record id, record branch) and field of an export run under ``grant``."""
    why = f"export {grant.export}: {grant.reason}"
    return _entries(
        AccessAction.EXPORT, exporter, record_type, records, list(fields), why, at, request_id, client_ip, grant.id
    )


def _entries(
    action: AccessAction,
    actor: Actor,
    record_type: str,
    records: Iterable[tuple[str, str]],
    fields: list[PersonalField],
    reason: str,
    at: datetime,
    request_id: str | None,
    client_ip: str | None,
    grant_id: str | None = None,
) -> list[AccessEntry]:
    return [
        AccessEntry(
            occurred_at=at,
            action=action,
            subject=actor.subject,
            actor_branch_id=actor.branch_id,
            record_type=record_type,
            record_id=record_id,
            record_branch_id=record_branch,
            field=f.name,
            kind=f.kind,
            reason=reason,
            request_id=request_id,
            client_ip=client_ip,
            grant_id=grant_id,
        )
        for record_id, record_branch in records
        for f in fields
    ]
