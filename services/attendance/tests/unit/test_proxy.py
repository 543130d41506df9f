"""Proxy punching (ATT-06): HR's sample of a day's terminal punches against the rosters, and
the finding that gives both the absent employee and the one who punched a day of absence."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from attendance.punches.domain.model import Punch
from attendance.punches.domain.policy import AttendancePolicy
from attendance.punches.domain.proxy import (
    ProxyFindingRecord,
    RosterSeen,
    SampleReason,
    drawn,
    finding_id_of,
    proxy_sample,
)

from cskit.domain import Actor, InvalidInput
from cskit.domain.errors import Forbidden

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
DAY = date(2026, 11, 2)
TERMINAL = Actor(subject="terminal-7", branch_id="b1", roles=frozenset({"terminal"}))
LEAD = Actor(subject="lead-1", branch_id="b1", roles=frozenset({"team_lead"}))
HR = Actor(subject="hr-1", branch_id="b1", roles=frozenset({"hr"}))


def punch(ref: str, employee: str, *, at: datetime = T0, actor: Actor = TERMINAL, source: str = "terminal") -> Punch:
    manual = source == "manual"
    return Punch.record(
        punch_id=f"p-{ref}",
        actor=actor,
        employee_id=employee,
        source=source,
        device_id="" if manual else "T-01",
        source_punch_id="" if manual else ref,
        device_time=at,
        now=T0 + timedelta(hours=12) if manual else at,
        policy=AttendancePolicy(),
    )


def rostered(branch: str = "b1", rest: bool = False) -> list[RosterSeen]:
    return [RosterSeen(branch_id=branch, rest_day=rest)]


def test_ATT_06_the_sample_takes_every_punch_the_rosters_make_suspicious() -> None:
    punches = [
        punch("1", "resting"),
        punch("2", "unrostered"),
        punch("3", "elsewhere"),
        punch("4", "working"),
        punch("5", "fixed", actor=LEAD, source="manual"),
    ]
    rosters = {
        "resting": rostered(rest=True),
        "elsewhere": rostered(branch="b2"),
        "working": rostered(),
    }
    sample = proxy_sample(punches, rosters, DAY, share=0.0)
    assert [(s.punch.employee_id, s.reason) for s in sample] == [
        ("resting", SampleReason.REST_DAY),
        ("unrostered", SampleReason.NO_ROSTER),
        ("elsewhere", SampleReason.OTHER_BRANCH_ROSTER),
    ]
    # A manual correction is no terminal export: never sampled, even without a roster.
    assert all(s.punch.source_punch_id != "" for s in sample)


def test_ATT_06_the_random_share_draws_about_that_share_of_the_rest_and_the_same_ones_each_time() -> None:
    punches = [punch(str(i), f"emp-{i}") for i in range(2000)]
    rosters = {f"emp-{i}": rostered() for i in range(2000)}
    sample = proxy_sample(punches, rosters, DAY, share=0.1)
    assert {s.reason for s in sample} == {SampleReason.RANDOM}
    assert 150 <= len(sample) <= 250
    assert [s.punch.id for s in proxy_sample(punches, rosters, DAY, share=0.1)] == [s.punch.id for s in sample]
    assert proxy_sample(punches, rosters, DAY, share=0.0) == []
    assert len(proxy_sample(punches, rosters, DAY, share=1.0)) == 2000
    # Another date draws other punches: a terminal cannot learn which ids are never reviewed.
    assert {p.id for p in punches if drawn(p.id, DAY, 0.1)} != {
        p.id for p in punches if drawn(p.id, DAY + timedelta(1), 0.1)
    }


def find(
    actor: Actor = HR, *, absent: str = "emp-absent", puncher: str = "emp-friend", p: Punch | None = None
) -> ProxyFindingRecord:
    return ProxyFindingRecord.find(
        actor=actor,
        punch=p or punch("1", "emp-absent", at=datetime(2026, 11, 2, 16, 30, tzinfo=UTC)),
        absent_employee_id=absent,
        punched_by_employee_id=puncher,
        note="seen on the camera",
        zone=SH,
        now=T0 + timedelta(days=3),
    )


def test_ATT_06_a_finding_gives_the_absent_employee_and_the_one_who_punched_a_day_of_absence() -> None:
    finding = find()
    # 16:30 UTC is 00:30 the next day in Shanghai: the day is the branch-local date.
    assert finding.day == "2026-11-03"
    assert [(f.employee_id, f.day, f.finding_id) for f in finding.facts()] == [
        ("emp-absent", date(2026, 11, 3), finding.id),
        ("emp-friend", date(2026, 11, 3), finding.id),
    ]
    assert finding.id == finding_id_of("b1", "p-1")
    (event,) = finding.pull_pending()
    assert (event.punch_id, event.absent_employee_id, event.punched_by_employee_id, event.actor) == (
        "p-1",
        "emp-absent",
        "emp-friend",
        "hr-1",
    )
    assert ProxyFindingRecord.rebuild([event]).to_document() == finding.to_document()


def test_ATT_06_only_hr_records_a_finding() -> None:
    with pytest.raises(Forbidden):
        find(LEAD)


def test_ATT_06_a_finding_names_the_punchs_own_employee_as_absent_and_someone_else_as_the_puncher() -> None:
    with pytest.raises(InvalidInput, match="absent_employee_id"):
        find(absent="emp-other")
    with pytest.raises(InvalidInput, match="punched_by_employee_id"):
        find(puncher="emp-absent")
    with pytest.raises(InvalidInput, match="punch_id"):
        find(p=punch("9", "emp-absent", actor=LEAD, source="manual"))
