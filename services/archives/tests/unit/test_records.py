"""The archive record (ARC-01, ARC-02, ARC-04, ARC-11, ARC-12, ARC-13): what is filed, by whom,
with which dates, and the ONE transition table every movement of a file goes through."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from archives.domain.categories import Category, Confidentiality, RecordState
from archives.domain.clearance import may_approve_reading, may_see, visible_levels
from archives.domain.policy import ArchivesPolicy, years_after
from archives.records.domain.events import RecordFiled, Reference
from archives.records.domain.model import ArchiveRecord
from archives.records.domain.states import TRANSITIONS, IllegalRecordMove, RecordAction
from archives.testing import AGENT, ARCHIVIST, GM, MANAGER, POLICY, T0, actor, record

from cskit.domain import Forbidden, InvalidInput, RuleViolation


def filed(**overrides: object) -> ArchiveRecord:
    values: dict[str, object] = dict(
        record_id="r-1",
        actor=ARCHIVIST.actor,
        branch_id="b1",
        policy=POLICY,
        title="2026 fire drill records",
        category="safety_record",
        confidentiality="internal",
        medium="paper",
        department="security",
        handed_over_by="guard-7",
        document_date=date(2026, 10, 8),
        original=True,
        now=T0,
    )
    values.update(overrides)
    return ArchiveRecord.file(**values)  # type: ignore[arg-type]


def test_ARC_01_every_category_may_be_filed_and_lands_on_the_shelf() -> None:
    for category in Category:
        if category is Category.UNSPECIFIED:
            continue
        made = record(category.value)
        assert (made.category, made.state) == (category, RecordState.ON_SHELF)


def test_ARC_01_only_originals_are_filed_and_an_unknown_category_is_refused() -> None:
    with pytest.raises(InvalidInput) as copy:
        filed(original=False)
    assert (copy.value.rule_id, copy.value.code) == ("ARC-01", "not_an_original")
    with pytest.raises(InvalidInput) as unknown:
        filed(category="receipts")
    assert unknown.value.rule_id == "ARC-01"
    with pytest.raises(InvalidInput):
        filed(medium="electronic")  # an electronic original names its file
    with pytest.raises(InvalidInput):
        filed(document_date=date(2026, 11, 3))  # in the future


def test_ARC_02_filing_needs_a_handover_record_and_the_archivist() -> None:
    with pytest.raises(InvalidInput) as handover:
        filed(handed_over_by="")
    assert handover.value.rule_id == "ARC-02"
    with pytest.raises(Forbidden):
        filed(actor=AGENT.actor)
    made = filed()
    assert (made.handed_over_by, made.received_by, made.received_at) == ("guard-7", ARCHIVIST.actor.subject, T0)


def test_ARC_02_custody_follows_the_category_and_external_files_name_their_organisation() -> None:
    assert filed().custodian == "security"  # security records: the owning department
    assert filed(category="company_document").custodian == "gm_secretary"
    with pytest.raises(InvalidInput) as external:
        filed(external=True)
    assert external.value.rule_id == "ARC-02"
    with pytest.raises(InvalidInput):
        filed(counterparty="Acme Lifts")  # an internal document names no organisation
    made = filed(category="contract", external=True, counterparty="Acme Lifts")
    assert (made.external, made.counterparty) == (True, "Acme Lifts")


def test_ARC_02_a_paper_original_from_a_filing_request_awaits_its_handover() -> None:
    system = actor("system", "system", branch="system")
    made = filed(actor=system, handed_over_by="", source=("f-1", "complaints", "agreement", "a-1"))
    assert (made.state, made.received_by) == (RecordState.AWAITING_ORIGINAL, "")
    with pytest.raises(IllegalRecordMove):
        made.lend(ARCHIVIST.actor, ref="loan-1", borrower="agent-1", due_at=T0, in_place=False, now=T0)
    made.receive(ARCHIVIST.actor, handed_over_by="agent-9", location="R1-S2", note="", now=T0)
    assert (made.state, made.handed_over_by, made.location) == (RecordState.ON_SHELF, "agent-9", "R1-S2")
    with pytest.raises(IllegalRecordMove) as again:
        made.receive(ARCHIVIST.actor, handed_over_by="agent-9", location="", note="", now=T0)
    assert again.value.code == "record_not_awaiting_original"


def test_ARC_04_retention_and_sealing_dates_count_from_the_document_date() -> None:
    work_order = record("work_order", document_date=date(2024, 2, 29))
    assert work_order.retention_years == 2
    assert work_order.retain_until == date(2026, 2, 28)  # 29 February -> 28 February
    assert work_order.seal_due == date(2025, 2, 28)
    assert record("contract").retention_years == POLICY.default_retention_years
    assert filed(category="contract", retention_years=30).retention_years == 30  # longer may be asked
    assert record("work_order").retention_years == 2  # never shorter than the category's
    assert years_after(date(2026, 1, 31), 1) == date(2027, 1, 31)


def test_ARC_04_a_file_is_sealed_only_once_its_sealing_year_has_come() -> None:
    made = record("duty_log", document_date=date(2025, 11, 3))  # sealed from 2026-11-03
    with pytest.raises(RuleViolation) as early:
        made.seal(ARCHIVIST.actor, ref="s-1", bag_number="BAG-1", policy=POLICY, now=T0)
    assert (early.value.rule_id, early.value.code) == ("ARC-04", "not_due_for_sealing")
    made.seal(ARCHIVIST.actor, ref="s-1", bag_number="BAG-1", policy=POLICY, now=T0 + timedelta(days=1))
    assert (made.bag_number, made.state) == ("BAG-1", RecordState.ON_SHELF)
    with pytest.raises(RuleViolation):
        made.seal(ARCHIVIST.actor, ref="s-2", bag_number="BAG-2", policy=POLICY, now=T0 + timedelta(days=2))


def test_ARC_11_destroying_one_day_before_retention_ends_is_refused_and_on_the_day_allowed() -> None:
    made = record("work_order", document_date=date(2024, 11, 2))  # retained until 2026-11-02
    day_before = T0 - timedelta(days=1)
    with pytest.raises(RuleViolation) as early:
        made.destroy(ARCHIVIST.actor, ref="d-1", method="pulping", policy=POLICY, now=day_before)
    assert (early.value.rule_id, early.value.code) == ("ARC-11", "under_retention")
    made.destroy(ARCHIVIST.actor, ref="d-1", method="pulping", policy=POLICY, now=T0)
    assert (made.state, made.destruction_method, made.destroyed_at) == (RecordState.DESTROYED, "pulping", T0)


def test_ARC_11_a_held_file_is_kept_and_confidential_ones_are_shredded() -> None:
    made = record("work_order", confidentiality="confidential", document_date=date(2020, 1, 1))
    made.hold(ARCHIVIST.actor, ref="hold-1", reason="customer dispute", now=T0)
    made.hold(ARCHIVIST.actor, ref="hold-1", reason="customer dispute", now=T0)  # once per hold
    assert made.holds == ("hold-1",)
    with pytest.raises(RuleViolation) as held:
        made.destroy(ARCHIVIST.actor, ref="d-1", method="shredding", policy=POLICY, now=T0)
    assert held.value.code == "on_hold"
    made.release(ARCHIVIST.actor, ref="hold-1", now=T0)
    with pytest.raises(RuleViolation) as method:
        made.destroy(ARCHIVIST.actor, ref="d-1", method="pulping", policy=POLICY, now=T0)
    assert (method.value.code, method.value.rule_id) == ("shredding_required", "ARC-11")
    with pytest.raises(InvalidInput):
        made.destroy(ARCHIVIST.actor, ref="d-1", method="bin", policy=POLICY, now=T0)  # never simply thrown away
    made.destroy(ARCHIVIST.actor, ref="d-1", method="shredding", policy=POLICY, now=T0)
    assert made.state is RecordState.DESTROYED


def test_ARC_13_complaint_files_are_kept_at_least_a_year_whatever_the_settings_say() -> None:
    lax = ArchivesPolicy(retention_years={Category.COMPLAINT_RECORD: 0}, complaint_minimum_years=1)
    made = record("complaint_record", document_date=date(2025, 11, 3), policy=lax)
    assert made.retention_years == 1
    with pytest.raises(RuleViolation) as early:
        made.destroy(ARCHIVIST.actor, ref="d-1", method="shredding", policy=lax, now=T0)
    assert early.value.rule_id == "ARC-13"


def test_ARC_12_every_movement_is_an_event_of_the_record() -> None:
    made = record("contract", document_date=date(2024, 1, 5))
    made.place(ARCHIVIST.actor, ref="vol-1", volume_id="vol-1", archive_no="HT-2024-001-01", location="A-1-1", now=T0)
    made.lend(ARCHIVIST.actor, ref="loan-1", borrower="agent-1", due_at=T0 + timedelta(days=3), in_place=False, now=T0)
    with pytest.raises(InvalidInput):
        made.return_(ARCHIVIST.actor, ref="loan-2", condition="good", now=T0)  # another loan's
    made.return_(ARCHIVIST.actor, ref="loan-1", condition="damaged", now=T0)
    made.report_missing(ARCHIVIST.actor, ref="st-1", note="not on shelf A-1-1", now=T0)
    made.find(ARCHIVIST.actor, ref="st-2", location="A-1-2", now=T0)
    made.transfer(ARCHIVIST.actor, department="legal", handed_over_by="clerk-2", note="", policy=POLICY, now=T0)
    events = made.pull_pending()
    names = [type(e).__name__ for e in events]
    assert names == [
        "RecordFiled",
        "RecordPlaced",
        "RecordLent",
        "RecordReturned",
        "RecordReportedMissing",
        "RecordFound",
        "RecordTransferred",
    ]
    rebuilt = ArchiveRecord.rebuild(events)
    assert (rebuilt.state, rebuilt.condition, rebuilt.location, rebuilt.archive_no, rebuilt.custodian) == (
        RecordState.ON_SHELF,
        "damaged",
        "A-1-2",
        "HT-2024-001-01",
        "gm_secretary",
    )


def test_references_are_checked_bounded_and_deduplicated() -> None:
    ref = Reference(kind="complaint_number", value="b1-202611-00042")
    made = filed(references=(ref, ref))
    assert made.references == (ref,)
    with pytest.raises(InvalidInput):
        filed(references=tuple(Reference(kind="k", value=str(n)) for n in range(21)))
    with pytest.raises(InvalidInput):
        filed(sha256="not-hex")


def test_ARC_05_clearance_bounds_what_a_role_sees_and_who_approves_reading() -> None:
    assert may_see(AGENT.actor, Confidentiality.INTERNAL, POLICY)
    assert not may_see(AGENT.actor, Confidentiality.CONFIDENTIAL, POLICY)
    assert may_see(MANAGER.actor, Confidentiality.CONFIDENTIAL, POLICY)
    assert not may_see(MANAGER.actor, Confidentiality.SECRET, POLICY)
    assert may_see(ARCHIVIST.actor, Confidentiality.SECRET, POLICY)
    assert visible_levels(AGENT.actor, POLICY) == ("public", "internal")
    assert may_approve_reading(MANAGER.actor, Confidentiality.CONFIDENTIAL, POLICY)
    assert not may_approve_reading(MANAGER.actor, Confidentiality.SECRET, POLICY)
    assert may_approve_reading(GM.actor, Confidentiality.SECRET, POLICY)


def test_the_transition_table_is_the_agreed_one() -> None:
    S, A = RecordState, RecordAction  # noqa: N806 - the table reads as the docstring draws it
    moving = {(s, a): t for (s, a), t in TRANSITIONS.items() if s != t}
    assert moving == {
        (S.AWAITING_ORIGINAL, A.RECEIVE): S.ON_SHELF,
        (S.ON_SHELF, A.LEND): S.LENT,
        (S.LENT, A.RETURN): S.ON_SHELF,
        (S.ON_SHELF, A.REPORT_MISSING): S.MISSING,
        (S.LENT, A.REPORT_MISSING): S.MISSING,
        (S.MISSING, A.FIND): S.ON_SHELF,
        (S.ON_SHELF, A.DESTROY): S.DESTROYED,
    }
    # Nothing happens to a destroyed file.
    assert not [a for (s, a) in TRANSITIONS if s is S.DESTROYED]


def test_the_filed_event_carries_what_rebuilding_needs() -> None:
    made = filed()
    (event,) = made.pull_pending()
    assert isinstance(event, RecordFiled)
    rebuilt = ArchiveRecord.rebuild([event])
    assert rebuilt.to_document() == made.to_document()
