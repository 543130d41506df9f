"""Discrepancy cases: opened with who answers for them, resolved once by a lead with what was done."""

from __future__ import annotations

import pytest
from keys.discrepancies.domain.model import Discrepancy, DiscrepancyKind, DiscrepancyStatus
from keys.testing import AGENT, CUSTODIAN, LEAD, T0

from cskit.domain import Forbidden, InvalidInput
from cskit.domain.transitions import IllegalMove


def opened() -> Discrepancy:
    return Discrepancy.open(
        discrepancy_id="d-1",
        branch_id="b1",
        key_set_id="k-1",
        kind=DiscrepancyKind.RETURN_MISMATCH,
        pinned_on="custodian-1",
        detail="2 keys out, 1 back",
        source_ref="loan-1",
        actor=CUSTODIAN.actor,
        now=T0,
    )


def test_a_case_is_resolved_once_by_a_lead_with_a_resolution() -> None:
    case = opened()
    assert (case.status, case.pinned_on, case.branch_id) == (DiscrepancyStatus.OPEN, "custodian-1", "b1")
    with pytest.raises(Forbidden):
        case.resolve(AGENT.actor, resolution="found it", now=T0)
    with pytest.raises(InvalidInput):
        case.resolve(LEAD.actor, resolution="  ", now=T0)
    case.resolve(LEAD.actor, resolution="second key found in the drawer", now=T0)
    assert (case.status, case.resolved_by) == (DiscrepancyStatus.RESOLVED, "lead-1")
    with pytest.raises(IllegalMove):
        case.resolve(LEAD.actor, resolution="again", now=T0)
    assert Discrepancy.rebuild(case.pull_pending()).to_document() == case.to_document()
