"""protobuf <-> domain for PenaltyService (CMP-11); the only accountability API module that
knows the messages. Money travels as cs.common.v1.Money and becomes Decimal exactly."""

from __future__ import annotations

import json
from decimal import Decimal

from complaints.intake.app.ports import HistoryItem
from complaints.penalties.domain import commands as c
from complaints.penalties.domain.accountability import Responsibility
from complaints.penalties.domain.events import PenaltyAssessed
from complaints.penalties.domain.ledger import LedgerMonth, PersonLedger
from complaints.penalties.domain.rules import ZERO, Member, points
from complaints.penalties.domain.sanctions import Sanction
from complaints.penalties.domain.values import SanctionKind
from complaints.penalties.events.outbound import sanction_deduction_to
from cs.common.v1 import common_pb2
from cs.complaints.v1 import penalties_pb2 as pb
from cskit.domain import InvalidInput
from cskit.protomap import enum_from_proto, enum_to_proto, money, money_amount, timestamp


def amount_from(value: common_pb2.Money, field: str, currency: str) -> Decimal:
    if value.currency_code and value.currency_code != currency:
        raise InvalidInput.on(f"{field}.currency_code", f"must be {currency}", rule_id="CMP-11")
    if value.units and value.nanos and (value.units < 0) != (value.nanos < 0):
        raise InvalidInput.on(field, "units and nanos must have the same sign")
    return money_amount(value.units, value.nanos)


def assess_from(req: pb.AssessPenaltyRequest, currency: str) -> c.AssessPenalty:
    members = tuple(
        Member(m.person_id.strip(), points(m.base_points, f"members[{i}].base_points"))
        for i, m in enumerate(req.members)
    )
    return c.AssessPenalty(
        complaint_id=req.complaint_id, amount=amount_from(req.amount, "amount", currency), members=members,
        month=req.month,
    )  # fmt: skip


def kind_from(value: int) -> SanctionKind:
    return enum_from_proto(pb.SanctionKind, value, SanctionKind, field="kind")


def responsibility_to(complaint_id: str, branch_id: str, r: Responsibility) -> pb.Responsibility:
    return pb.Responsibility(
        complaint_id=complaint_id, branch_id=branch_id, level=enum_to_proto(pb.ResponsibilityLevel, r.level),
        person_id=r.person_id, team=r.team, department=r.department, reason=r.reason, decided_by=r.decided_by,
        decided_at=timestamp(r.decided_at),
    )  # fmt: skip


def penalty_to(p: PenaltyAssessed, currency: str) -> pb.Penalty:
    return pb.Penalty(
        penalty_id=p.penalty_id, complaint_id=p.complaint_id, branch_id=p.branch_id, person_id=p.person_id,
        amount=money(p.amount, currency), month=p.month, level=enum_to_proto(pb.ResponsibilityLevel, p.level),
        loss=money(p.loss, currency), base_points=p.base_points, total_points=p.total_points,
        assessed_by=p.actor, assessed_at=timestamp(p.occurred_at),
    )  # fmt: skip


def ledger_month_to(person_id: str, entry: LedgerMonth, currency: str) -> pb.LedgerMonth:
    s = entry.settlement
    out = pb.LedgerMonth(
        person_id=person_id, month=entry.month, bonus_recorded=entry.bonus is not None,
        bonus=money(entry.bonus or ZERO, currency), assessed=money(entry.assessed, currency),
        settled=s is not None, settled_at=timestamp(entry.settled_at),
        sanction_deductions=[sanction_deduction_to(x, currency) for x in entry.sanctions],
    )  # fmt: skip
    if s is not None:
        out.sanction_deducted.CopyFrom(money(entry.sanction_deducted, currency))
        out.total_deducted.CopyFrom(money(s.deducted + entry.sanction_deducted, currency))
        out.carried_in.CopyFrom(money(s.carried_in, currency))
        out.cap.CopyFrom(money(s.cap, currency))
        out.deducted.CopyFrom(money(s.deducted, currency))
        out.carried_over.CopyFrom(money(s.carried_over, currency))
    return out


def month_of_ledger(ledger: PersonLedger, month: str, currency: str) -> pb.LedgerMonth:
    return ledger_month_to(ledger.person_id, ledger.months.get(month) or LedgerMonth(month), currency)


def ledger_to(ledger: PersonLedger, month: str, currency: str) -> pb.GetLedgerResponse:
    months = [m for key, m in sorted(ledger.months.items()) if not month or key == month]
    return pb.GetLedgerResponse(
        person_id=ledger.person_id, branch_id=ledger.branch_id,
        months=[ledger_month_to(ledger.person_id, m, currency) for m in months],
        outstanding=money(ledger.outstanding, currency), last_settled_month=ledger.last_settled,
    )  # fmt: skip


def sanction_to(s: Sanction) -> pb.Sanction:
    return pb.Sanction(
        sanction_id=s.id, complaint_id=s.complaint_id, branch_id=s.branch_id, person_id=s.person_id,
        kind=enum_to_proto(pb.SanctionKind, s.kind), status=enum_to_proto(pb.SanctionStatus, s.status),
        reason=s.reason, proposed_by=s.proposed_by, proposed_at=timestamp(s.proposed_at),
        approved_by=s.approved_by, approved_at=timestamp(s.approved_at), published_by=s.published_by,
        published_at=timestamp(s.published_at),
    )  # fmt: skip


def audit_to(item: HistoryItem) -> pb.AccountabilityAuditEntry:
    return pb.AccountabilityAuditEntry(
        sequence=item.sequence, event_type=item.event_type, actor=item.actor,
        occurred_at=timestamp(item.occurred_at), details_json=json.dumps(item.details, sort_keys=True),
    )  # fmt: skip
