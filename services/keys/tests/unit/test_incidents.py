"""Copies (KEY-10), the hazardous-materials cabinet key (KEY-15) and office openings (KEY-16)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from keys.copies.domain.model import CopyRequest, CopyStatus, IllegalCopyMove
from keys.domain.kinds import KeyKind
from keys.hazardous.domain.events import StockItem
from keys.hazardous.domain.model import HazardousIssue, IllegalIssueMove
from keys.offices.domain.model import IllegalOpeningMove, OfficeOpening, OpeningStatus
from keys.testing import AGENT, CUSTODIAN, LEAD, MANAGER, T0, call

from cskit.domain import Forbidden, InvalidInput


def copy(kind: KeyKind = KeyKind.VACANT_UNIT, by: object = AGENT) -> CopyRequest:
    return CopyRequest.request(
        copy_request_id="c-1",
        branch_id="b1",
        key_set_id="ks-1",
        kind=kind,
        actor=by.actor,  # type: ignore[attr-defined]
        copies=2,
        reason="a second viewing team",
        now=T0,
    )


def test_KEY_10_no_copy_of_a_vacant_unit_key_without_the_leads_approval() -> None:
    request = copy()
    with pytest.raises(IllegalCopyMove) as early:
        request.made(AGENT.actor, key_count=4, now=T0)
    assert early.value.code == "copy_not_approved"
    with pytest.raises(Forbidden):
        request.approve(CUSTODIAN.actor, note="", now=T0)
    request.approve(LEAD.actor, note="ok", now=T0)
    request.made(AGENT.actor, key_count=4, now=T0)
    assert request.status is CopyStatus.MADE


def test_KEY_10_the_approver_is_never_the_requester() -> None:
    request = copy(by=LEAD)
    with pytest.raises(Forbidden) as same:
        request.approve(LEAD.actor, note="", now=T0)
    assert same.value.rule_id == "PLT-02"


@pytest.mark.parametrize("kind", [KeyKind.OWNER_ENTRUSTED, KeyKind.HAZARDOUS])
def test_KEY_10_owner_entrusted_and_hazardous_keys_are_never_copied(kind: KeyKind) -> None:
    with pytest.raises(InvalidInput) as refused:
        copy(kind)
    assert refused.value.code == "key_kind_not_copyable"


def test_KEY_10_a_rejected_request_is_never_made() -> None:
    request = copy()
    request.reject(MANAGER.actor, note="not needed", now=T0)
    with pytest.raises(IllegalCopyMove):
        request.made(AGENT.actor, key_count=4, now=T0)


BLEACH = StockItem(item="bleach", quantity=Decimal("2"), unit="L")


def issue(by: object = LEAD, **changes: object) -> HazardousIssue:
    args: dict[str, object] = dict(
        issue_id="h-1",
        branch_id="b1",
        key_set_id="ks-h",
        kind=KeyKind.HAZARDOUS,
        actor=by.actor,  # type: ignore[attr-defined]
        recipient="cleaner-1",
        purpose="floor cleaning",
        in_person=True,
        taken=(BLEACH,),
        due_at=T0 + timedelta(hours=9),
        now=T0,
    )
    args.update(changes)
    return HazardousIssue.issue(**args)  # type: ignore[arg-type]


def test_KEY_15_issued_in_person_by_a_lead_or_above_to_someone_else() -> None:
    with pytest.raises(Forbidden):
        issue(by=AGENT)
    with pytest.raises(Forbidden) as remote:
        issue(in_person=False)
    assert remote.value.code == "not_in_person"
    with pytest.raises(Forbidden) as self_issue:
        issue(recipient="lead-1")
    assert self_issue.value.rule_id == "PLT-02"
    assert issue(by=call("gm-1", "general_manager")).issued_by == "gm-1"


def test_KEY_15_only_the_hazardous_key_and_only_with_what_is_taken() -> None:
    with pytest.raises(InvalidInput):
        issue(kind=KeyKind.VACANT_UNIT)
    with pytest.raises(InvalidInput):
        issue(taken=())
    with pytest.raises(InvalidInput):
        issue(taken=(StockItem(item="bleach", quantity=Decimal("0"), unit="L"),))


def test_KEY_15_unused_stock_returns_never_more_than_taken() -> None:
    made = issue()
    for bad in (
        StockItem(item="bleach", quantity=Decimal("2.5"), unit="L"),
        StockItem(item="acid", quantity=Decimal("1"), unit="L"),
        StockItem(item="bleach", quantity=Decimal("1"), unit="kg"),
    ):
        with pytest.raises(InvalidInput):
            made.return_(CUSTODIAN.actor, returned=(bad,), now=T0)
    made.return_(CUSTODIAN.actor, returned=(StockItem(item="bleach", quantity=Decimal("0.5"), unit="L"),), now=T0)
    assert made.returned[0].quantity == Decimal("0.5") and made.returned_at == T0
    with pytest.raises(IllegalIssueMove):
        made.return_(CUSTODIAN.actor, returned=(), now=T0)


def opening() -> OfficeOpening:
    return OfficeOpening.request(
        opening_id="o-1",
        branch_id="b1",
        actor=AGENT.actor,
        requester_name="Zhang San",
        office="12F-1203",
        reason="forgot the office key",
        request_document_ref="scan/2026/11/o-1.pdf",
        key_set_id="",
        now=T0,
    )


def test_KEY_16_no_opening_before_the_heads_confirmation_and_the_managers_consent() -> None:
    made = opening()
    with pytest.raises(IllegalOpeningMove) as early:
        made.open(AGENT.actor, note="", now=T0)
    assert early.value.code == "opening_not_consented"
    with pytest.raises(IllegalOpeningMove):
        made.consent(MANAGER.actor, note="", now=T0)
    made.confirm(
        AGENT.actor,
        head_name="Head Li",
        confirmed_at=T0 + timedelta(minutes=3, seconds=20),
        now=T0 + timedelta(minutes=4),
    )
    assert made.head_confirmed_at == T0 + timedelta(minutes=3)
    with pytest.raises(IllegalOpeningMove):
        made.open(AGENT.actor, note="", now=T0)
    with pytest.raises(Forbidden):
        made.consent(LEAD.actor, note="", now=T0)
    made.consent(MANAGER.actor, note="", now=T0 + timedelta(minutes=5))
    made.open(AGENT.actor, note="opened with the sealed key", now=T0 + timedelta(minutes=10))
    with pytest.raises(InvalidInput):
        made.file(AGENT.actor, filing_ref=" ", now=T0)
    made.file(AGENT.actor, filing_ref="ARCH-2026-118", now=T0 + timedelta(days=1))
    assert made.status is OpeningStatus.FILED


def test_KEY_16_the_manager_who_consents_never_recorded_the_request() -> None:
    made = OfficeOpening.request(
        opening_id="o-2",
        branch_id="b1",
        actor=MANAGER.actor,
        requester_name="Zhang San",
        office="12F",
        reason="forgot",
        request_document_ref="scan/1",
        key_set_id="",
        now=T0,
    )
    made.confirm(AGENT.actor, head_name="Head Li", confirmed_at=T0, now=T0)
    with pytest.raises(Forbidden):
        made.consent(MANAGER.actor, note="", now=T0)


def test_KEY_16_the_heads_confirmation_time_is_bounded() -> None:
    for bad in (T0 - timedelta(minutes=2), T0 + timedelta(hours=1), None):
        with pytest.raises(InvalidInput):
            opening().confirm(AGENT.actor, head_name="Head Li", confirmed_at=bad, now=T0 + timedelta(minutes=1))
