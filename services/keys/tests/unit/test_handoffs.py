"""KEY-14 custodian hand-offs, pure: never to oneself, the deputy must hold a custodian's or
a team lead's role (proved by their own verified roles when they accept), never overlapping
another of the same custodian; ``custodian_for`` answers whose custody someone holds."""

from __future__ import annotations

from datetime import date

import pytest
from keys.handoffs.domain.model import HandOff, HandOffStatus, custodians_held, keeper_of
from keys.testing import T0, actor

from cskit.domain import Conflict, Forbidden, InvalidInput

ALICE = actor("alice", "key_custodian")
TODAY = date(2026, 11, 2)


def propose(
    first: str = "2026-11-03",
    last: str = "2026-11-07",
    deputy: str = "dave",
    others: list[HandOff] | None = None,
    by: object = ALICE,
) -> HandOff:
    return HandOff.propose(
        hand_off_id="h1",
        actor=by,  # type: ignore[arg-type]
        custodian="alice",
        deputy=deputy,
        from_day=date.fromisoformat(first),
        to_day=date.fromisoformat(last),
        reason="leave",
        today=TODAY,
        others=others or [],
        now=T0,
    )


def test_KEY_14_a_hand_off_to_oneself_is_refused() -> None:
    with pytest.raises(InvalidInput) as err:
        propose(deputy="alice")
    assert err.value.code == "self_hand_off"


def test_KEY_14_a_deputy_without_a_custodian_or_lead_role_cannot_take_custody() -> None:
    hand_off = propose()
    with pytest.raises(Forbidden) as err:
        hand_off.accept(actor("dave", "agent"), now=T0)
    assert err.value.code == "deputy_role_required"
    with pytest.raises(Forbidden):
        hand_off.accept(actor("eve", "team_lead"), now=T0)  # not the named deputy
    hand_off.accept(actor("dave", "team_lead"), now=T0)
    assert hand_off.status is HandOffStatus.ACTIVE


def test_KEY_14_overlapping_hand_offs_of_the_same_custodian_are_refused() -> None:
    first = propose()
    with pytest.raises(Conflict):
        propose("2026-11-07", "2026-11-09", deputy="erin", others=[first])
    propose("2026-11-08", "2026-11-09", deputy="erin", others=[first])
    first.end(ALICE, reason="back early", now=T0)
    propose("2026-11-04", "2026-11-05", deputy="erin", others=[first])


def test_KEY_14_only_the_custodian_or_an_overseer_hands_off_and_periods_are_sane() -> None:
    with pytest.raises(Forbidden):
        propose(by=actor("bob", "key_custodian"))
    propose(by=actor("lead-1", "team_lead"))
    with pytest.raises(InvalidInput):
        propose("2026-11-05", "2026-11-03")
    with pytest.raises(InvalidInput):
        propose("2026-11-01", "2026-11-03")  # starts in the past


def test_KEY_14_custodian_for_covers_the_period_only_once_accepted() -> None:
    hand_off = propose()
    assert custodians_held("dave", [hand_off], date(2026, 11, 4)) == {"dave"}
    hand_off.accept(actor("dave", "key_custodian"), now=T0)
    assert custodians_held("dave", [hand_off], date(2026, 11, 4)) == {"dave", "alice"}
    assert custodians_held("dave", [hand_off], date(2026, 11, 8)) == {"dave"}
    assert keeper_of("alice", [hand_off], date(2026, 11, 3)) == "dave"
    hand_off.end(actor("dave", "key_custodian"), reason="", now=T0)
    assert keeper_of("alice", [hand_off], date(2026, 11, 3)) == "alice"
    assert HandOff.rebuild(hand_off.history + hand_off.pending).status is HandOffStatus.ENDED
