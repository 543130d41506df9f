"""What a signed-off work order leaves behind here, once each: its charge for finance
(AFS-05) and its filing request to the archives (AFS-04). One record per order (its id is
the order's), so a completion timer firing twice finds the work done and records nothing.

An order under warranty raises ``NoChargeDue`` rather than nothing: finance then hears of
every completed order once, and the record shows its charge was settled."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import assert_never

from aftersales.charges.domain.events import (
    ChargeRaised,
    CompletionEvent,
    Confidentiality,
    FilingCategory,
    FilingRequested,
    Medium,
    NoChargeDue,
    Reference,
)
from aftersales.charges.domain.policy import ChargesPolicy
from aftersales.charges.domain.quote import Quote, QuoteState
from aftersales.domain.kinds import OrderState
from aftersales.orders.domain.events import WorkOrderSignedOff
from aftersales.orders.domain.model import WorkOrder
from cskit.domain import RuleViolation
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SOURCE = "aftersales"
RECORD_TYPE = "work_order"
# A fixed namespace: the same work order always gets the same filing id, so the archives
# file a re-delivered request once.
_FILING_NAMESPACE = uuid.UUID("0c6f1b7e-93a4-4e2b-8f1d-5a7c2e9b4d60")


def filing_id_for(order_id: str) -> str:
    return str(uuid.uuid5(_FILING_NAMESPACE, f"{SOURCE}/{RECORD_TYPE}/{order_id}"))


class Completion(EventSourced[CompletionEvent]):
    id: str
    branch_id: str
    number: str
    charged: bool
    total: str
    filed: bool
    filing_id: str
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.number = self.total = self.filing_id = ""
        self.charged = self.filed = False
        self.updated_at = _EPOCH

    @classmethod
    def of(cls, order: WorkOrder) -> Completion:
        """A completed order's record, before anything is raised for it."""
        if order.state is not OrderState.COMPLETED or order.completed_at is None:
            raise RuleViolation("only a signed-off work order is charged and filed", code="order_not_completed")
        completion = cls()
        completion.id, completion.branch_id, completion.number = order.id, order.branch_id, order.number
        return completion

    @classmethod
    def rebuild(cls, history: Sequence[CompletionEvent]) -> Completion:
        completion = cls()
        completion._replay(history)
        return completion

    @enforces("AFS-05")
    def charge(self, order: WorkOrder, quote: Quote | None, *, now: datetime) -> bool:
        """Tell finance, once: a chargeable order by its accepted quote; any other nothing is
        due. False when it was already done."""
        if self.charged:
            return False
        assert order.completed_at is not None
        if order.chargeable and quote is not None and quote.state is QuoteState.AGREED and quote.id == order.quote_id:
            self._record(
                ChargeRaised(
                    order_id=order.id,
                    branch_id=order.branch_id,
                    number=order.number,
                    quote_id=quote.id,
                    lines=quote.lines,
                    total=quote.total,
                    currency=quote.currency,
                    completed_at=order.completed_at,
                    actor="system",
                    occurred_at=now,
                )
            )
        else:
            self._record(
                NoChargeDue(
                    order_id=order.id,
                    branch_id=order.branch_id,
                    number=order.number,
                    warranty=order.warranty.value,
                    reason="in warranty" if not order.chargeable else "no accepted quote",
                    completed_at=order.completed_at,
                    actor="system",
                    occurred_at=now,
                )
            )
        return True

    @enforces("AFS-04")
    def file(self, order: WorkOrder, *, policy: ChargesPolicy, now: datetime) -> bool:
        """Send the completed order to the archives, kept ``work_order_retention_years`` (2):
        the signed paper form is the original (its scan, when the sign-off has one, the pointer).
        False when it was already sent."""
        if self.filed:
            return False
        assert order.completed_at is not None
        place = order.unit or order.facility
        scans = [e.signature_pointer for e in order.history if isinstance(e, WorkOrderSignedOff)]
        self._record(
            FilingRequested(
                filing_id=filing_id_for(order.id),
                source_service=SOURCE,
                source_record_type=RECORD_TYPE,
                source_record_id=order.id,
                category=FilingCategory.WORK_ORDER,
                title=f"工作任务单 {order.number} {place}"[:300],
                references=(Reference("work_order", order.number),),
                medium=Medium.PAPER,
                file_pointer=scans[-1] if scans else "",
                sha256="",
                retention_years=policy.work_order_retention_years,
                confidentiality=Confidentiality.INTERNAL,
                counterparty="",
                branch_id=order.branch_id,
                department="after-sales",
                handed_over_by="",
                document_date=order.completed_at,
                requested_at=now,
                actor="system",
                occurred_at=now,
            )
        )
        return True

    def _apply(self, event: CompletionEvent) -> None:
        match event:
            case ChargeRaised():
                self.id, self.branch_id, self.number = event.order_id, event.branch_id, event.number
                self.charged, self.total = True, f"{event.total:f}"
            case NoChargeDue():
                self.id, self.branch_id, self.number = event.order_id, event.branch_id, event.number
                self.charged, self.total = True, "0.00"
            case FilingRequested():
                self.id, self.branch_id = event.source_record_id, event.branch_id
                self.filed, self.filing_id = True, event.filing_id
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
