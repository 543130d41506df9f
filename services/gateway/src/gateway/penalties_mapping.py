"""protobuf <-> JSON for PenaltyService (CMP-11): decimal strings <-> Money, exact."""

from __future__ import annotations

import json
from decimal import Decimal

from cs.common.v1 import common_pb2
from cs.complaints.v1 import penalties_pb2 as pb
from cskit.protomap import money_amount, money_parts
from gateway import penalties_schemas as s
from gateway.mapping import _time
from gateway.schemas import HistoryEntryOut

CURRENCY = "CNY"


def money(amount: str) -> common_pb2.Money:
    units, nanos = money_parts(Decimal(amount))
    return common_pb2.Money(currency_code=CURRENCY, units=units, nanos=nanos)


def amount_text(value: common_pb2.Money) -> str:
    return f"{money_amount(value.units, value.nanos).quantize(Decimal('0.01')):f}"


def _opt(value: str) -> str | None:
    return value or None


def responsibility_request(complaint_id: str, body: s.ResponsibilityBody) -> pb.AssignResponsibilityRequest:
    return pb.AssignResponsibilityRequest(
        complaint_id=complaint_id, person_id=body.person_id or "", team=body.team or "",
        department=body.department or "", reason=body.reason,
    )  # fmt: skip


def penalty_request(complaint_id: str, body: s.PenaltyBody) -> pb.AssessPenaltyRequest:
    return pb.AssessPenaltyRequest(
        complaint_id=complaint_id, amount=money(body.amount), month=body.month or "",
        members=[pb.PenaltyMember(person_id=m.person_id, base_points=m.base_points) for m in body.members],
    )  # fmt: skip


def bonus_request(body: s.BonusBody) -> pb.RecordMonthlyBonusRequest:
    return pb.RecordMonthlyBonusRequest(
        person_id=body.person_id, month=body.month, amount=money(body.amount), branch_id=body.branch_id or ""
    )


def settlement_request(body: s.SettlementBody) -> pb.SettleMonthRequest:
    return pb.SettleMonthRequest(month=body.month, person_id=body.person_id or "", branch_id=body.branch_id or "")


def sanction_request(complaint_id: str, body: s.SanctionBody) -> pb.ProposeSanctionRequest:
    return pb.ProposeSanctionRequest(
        complaint_id=complaint_id, person_id=body.person_id, kind=s.SANCTION_KIND.to_proto(body.kind),
        reason=body.reason,
    )  # fmt: skip


def responsibility(msg: pb.Responsibility) -> s.ResponsibilityOut:
    return s.ResponsibilityOut(
        complaint_id=msg.complaint_id, branch_id=msg.branch_id, level=s.RESPONSIBILITY_LEVEL.from_proto(msg.level),
        person_id=_opt(msg.person_id), team=_opt(msg.team), department=_opt(msg.department), reason=msg.reason,
        decided_by=msg.decided_by, decided_at=_time(msg, "decided_at"),
    )  # fmt: skip


def penalty(msg: pb.Penalty) -> s.PenaltyOut:
    split = bool(msg.total_points)
    return s.PenaltyOut(
        id=msg.penalty_id, complaint_id=msg.complaint_id, branch_id=msg.branch_id, person_id=msg.person_id,
        amount=amount_text(msg.amount), currency=msg.amount.currency_code or CURRENCY, month=msg.month,
        level=s.RESPONSIBILITY_LEVEL.from_proto(msg.level), loss=amount_text(msg.loss) if split else None,
        base_points=_opt(msg.base_points), total_points=_opt(msg.total_points), assessed_by=msg.assessed_by,
        assessed_at=_time(msg, "assessed_at"),
    )  # fmt: skip


def ledger_month(msg: pb.LedgerMonth) -> s.LedgerMonthOut:
    done = msg.settled
    return s.LedgerMonthOut(
        person_id=msg.person_id, month=msg.month, bonus=amount_text(msg.bonus) if msg.bonus_recorded else None,
        assessed=amount_text(msg.assessed), carried_in=amount_text(msg.carried_in) if done else None,
        cap=amount_text(msg.cap) if done else None, deducted=amount_text(msg.deducted) if done else None,
        carried_over=amount_text(msg.carried_over) if done else None, settled=done,
        settled_at=_time(msg, "settled_at"), sanction_deductions=[sanction_deduction(d) for d in msg.sanction_deductions],
        sanction_deducted=amount_text(msg.sanction_deducted) if done else None,
        total_deducted=amount_text(msg.total_deducted) if done else None,
    )  # fmt: skip


def sanction_deduction(msg: pb.SanctionDeduction) -> s.SanctionDeductionOut:
    return s.SanctionDeductionOut(
        sanction_id=msg.sanction_id, complaint_id=msg.complaint_id, kind=s.SANCTION_KIND.from_proto(msg.kind),
        published_at=_time(msg, "published_at"), percent=_opt(msg.percent),
        amount=amount_text(msg.amount) if msg.HasField("amount") else None,
    )  # fmt: skip


def ledger(msg: pb.GetLedgerResponse) -> s.LedgerOut:
    return s.LedgerOut(
        person_id=msg.person_id, branch_id=msg.branch_id, currency=msg.outstanding.currency_code or CURRENCY,
        outstanding=amount_text(msg.outstanding), last_settled_month=_opt(msg.last_settled_month),
        months=[ledger_month(m) for m in msg.months],
    )  # fmt: skip


def sanction(msg: pb.Sanction) -> s.SanctionOut:
    return s.SanctionOut(
        id=msg.sanction_id, complaint_id=msg.complaint_id, branch_id=msg.branch_id, person_id=msg.person_id,
        kind=s.SANCTION_KIND.from_proto(msg.kind), status=s.SANCTION_STATUS.from_proto(msg.status),
        reason=msg.reason, proposed_by=msg.proposed_by, proposed_at=_time(msg, "proposed_at"),
        approved_by=_opt(msg.approved_by), approved_at=_time(msg, "approved_at"),
        published_by=_opt(msg.published_by), published_at=_time(msg, "published_at"),
    )  # fmt: skip


def accountability(msg: pb.GetCaseAccountabilityResponse) -> s.AccountabilityOut:
    return s.AccountabilityOut(
        responsibility=responsibility(msg.responsibility) if msg.HasField("responsibility") else None,
        penalties=[penalty(p) for p in msg.penalties],
        sanctions=[sanction(x) for x in msg.sanctions],
    )


def audit_entry(msg: pb.AccountabilityAuditEntry) -> HistoryEntryOut:
    try:
        details = json.loads(msg.details_json) if msg.details_json else {}
    except ValueError:
        details = {}
    return HistoryEntryOut(
        sequence=msg.sequence, event_type=msg.event_type, actor=msg.actor, occurred_at=_time(msg, "occurred_at"),
        details=details if isinstance(details, dict) else {"value": details},
    )  # fmt: skip
