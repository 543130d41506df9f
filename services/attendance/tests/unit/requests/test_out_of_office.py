"""Out-of-office records (ATT-07): filed before leaving, or announced by phone first and filed
and approved on the day of return; two levels of the employee's line sign; only an approved
record covers its span."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from attendance.domain.people import Grade
from attendance.outofoffice.domain.commands import (
    AnnounceOutOfOffice,
    ApproveOutOfOffice,
    FileOutOfOffice,
    RejectOutOfOffice,
)
from attendance.outofoffice.domain.events import OutOfOfficeApproved, OutOfOfficeSigned
from attendance.outofoffice.domain.model import OutOfOfficeState

from cskit.domain import Conflict, Forbidden, InvalidInput

from .conftest import World, call, local, person

DAY = date(2026, 11, 3)  # a Tuesday


def file(world: World, who: str = "e1", announcement: str = "", day: date = DAY) -> FileOutOfOffice:
    return FileOutOfOffice(
        day=day.isoformat(),
        reason="bank visit for the branch",
        from_time="14:00",
        to_time="16:30",
        announcement_id=announcement,
    )


async def test_att_07_filed_before_leaving_and_signed_at_both_levels_is_approved(world: World) -> None:
    world.clock.set(local(DAY, 9))
    record = await world.ooo.file_out_of_office(file(world), call("e1"))
    assert record.state is OutOfOfficeState.FILED and not record.late_filed
    world.clock.set(local(DAY + timedelta(days=2), 10))  # signing later is fine for a record filed in time
    await world.ooo.approve_out_of_office(ApproveOutOfOffice(record_id=record.id), call("sup"))
    done = await world.ooo.approve_out_of_office(ApproveOutOfOffice(record_id=record.id), call("mgr"))
    assert done.state is OutOfOfficeState.APPROVED
    assert (done.first_approver, done.second_approver) == ("sup", "mgr")
    assert done.start == local(DAY, 14) and done.end == local(DAY, 16, 30)
    assert [type(e) for e in world.memory.ooo.published][-2:] == [OutOfOfficeSigned, OutOfOfficeApproved]


async def test_att_07_filed_after_leaving_without_a_phone_call_is_refused(world: World) -> None:
    world.clock.set(local(DAY, 14, 1))
    with pytest.raises(InvalidInput) as refused:
        await world.ooo.file_out_of_office(file(world), call("e1"))
    assert refused.value.rule_id == "ATT-07" and refused.value.code == "out_of_office_not_announced"


async def test_att_07_announced_by_phone_then_filed_and_approved_on_the_day_of_return(world: World) -> None:
    world.clock.set(local(DAY, 13, 50))
    announced = await world.ooo.announce_out_of_office(
        AnnounceOutOfOffice(employee_id="e1", day=DAY.isoformat()), call("sup", frozenset({"team_lead"}))
    )
    assert announced.state is OutOfOfficeState.ANNOUNCED and announced.announced_by == "sup"
    world.clock.set(local(DAY, 17))
    record = await world.ooo.file_out_of_office(file(world, announcement=announced.id), call("e1"))
    assert record.id == announced.id and record.late_filed
    world.clock.set(local(DAY, 17, 30))
    await world.ooo.approve_out_of_office(ApproveOutOfOffice(record_id=record.id), call("sup"))
    world.clock.set(local(DAY, 23, 59))
    approved = await world.ooo.approve_out_of_office(ApproveOutOfOffice(record_id=record.id), call("mgr"))
    assert approved.state is OutOfOfficeState.APPROVED


async def test_att_07_an_announced_record_filed_the_day_after_return_is_refused(world: World) -> None:
    world.clock.set(local(DAY, 13, 50))
    announced = await world.ooo.announce_out_of_office(
        AnnounceOutOfOffice(employee_id="e1", day=DAY.isoformat()), call("sup")
    )
    world.clock.set(local(DAY + timedelta(days=1), 0, 1))
    with pytest.raises(InvalidInput) as refused:
        await world.ooo.file_out_of_office(file(world, announcement=announced.id), call("e1"))
    assert refused.value.code == "out_of_office_not_on_return_day"


async def test_att_07_a_late_filed_record_signed_the_day_after_return_does_not_cover_the_day(world: World) -> None:
    world.clock.set(local(DAY, 8))
    announced = await world.ooo.announce_out_of_office(
        AnnounceOutOfOffice(employee_id="e1", day=DAY.isoformat()), call("sup")
    )
    world.clock.set(local(DAY, 17))
    record = await world.ooo.file_out_of_office(file(world, announcement=announced.id), call("e1"))
    await world.ooo.approve_out_of_office(ApproveOutOfOffice(record_id=record.id), call("sup"))
    world.clock.set(local(DAY + timedelta(days=1), 9))
    with pytest.raises(InvalidInput):
        await world.ooo.approve_out_of_office(ApproveOutOfOffice(record_id=record.id), call("mgr"))
    assert (await world.memory.ooo.read(record.id, call("mgr").scope)).state is OutOfOfficeState.FILED


async def test_att_07_a_phone_call_recorded_after_leaving_does_not_count(world: World) -> None:
    world.clock.set(local(DAY, 15))
    announced = await world.ooo.announce_out_of_office(
        AnnounceOutOfOffice(employee_id="e1", day=DAY.isoformat()), call("sup")
    )
    world.clock.set(local(DAY, 17))
    with pytest.raises(InvalidInput):
        await world.ooo.file_out_of_office(file(world, announcement=announced.id), call("e1"))


async def test_att_07_only_the_employees_line_announces_and_nobody_announces_for_themselves(world: World) -> None:
    world.clock.set(local(DAY, 8))
    with pytest.raises(Forbidden):
        await world.ooo.announce_out_of_office(AnnounceOutOfOffice(employee_id="e1", day=DAY.isoformat()), call("sup2"))
    with pytest.raises(Forbidden):
        await world.ooo.announce_out_of_office(AnnounceOutOfOffice(employee_id="e1", day=DAY.isoformat()), call("e1"))


async def test_att_07_approvals_come_from_the_line_with_grades_and_never_the_requester(world: World) -> None:
    world.clock.set(local(DAY, 8))
    mine = await world.ooo.file_out_of_office(file(world), call("sup"))
    with pytest.raises(Forbidden) as own:
        await world.ooo.approve_out_of_office(ApproveOutOfOffice(record_id=mine.id), call("sup"))
    assert own.value.code == "self_approval"
    record = await world.ooo.file_out_of_office(file(world), call("e1"))
    with pytest.raises(Forbidden) as outside:  # a supervisor, but not e1's line
        await world.ooo.approve_out_of_office(ApproveOutOfOffice(record_id=record.id), call("sup2"))
    assert outside.value.code == "not_in_line_management"
    await world.ooo.approve_out_of_office(ApproveOutOfOffice(record_id=record.id), call("mgr"))
    with pytest.raises(Forbidden) as below:  # the second level must be above the first
        await world.ooo.approve_out_of_office(ApproveOutOfOffice(record_id=record.id), call("sup"))
    assert below.value.code == "second_level_required"
    done = await world.ooo.approve_out_of_office(ApproveOutOfOffice(record_id=record.id), call("dir"))
    assert done.state is OutOfOfficeState.APPROVED
    with pytest.raises(Conflict):
        await world.ooo.approve_out_of_office(ApproveOutOfOffice(record_id=record.id), call("dir"))


async def test_att_07_a_staff_member_cannot_sign_the_first_level(world: World) -> None:
    world.clock.set(local(DAY, 8))
    # e3's line starts with a staff-grade lead: refused on grade, not on the line.
    world.directory.by_id["lead"] = person("lead", Grade.STAFF, "sup")
    world.directory.by_id["e3"] = person("e3", Grade.STAFF, "lead")
    record = await world.ooo.file_out_of_office(file(world), call("e3"))
    with pytest.raises(Forbidden) as low:
        await world.ooo.approve_out_of_office(ApproveOutOfOffice(record_id=record.id), call("lead"))
    assert low.value.code == "grade_required"


async def test_att_07_a_rejected_record_is_decided(world: World) -> None:
    world.clock.set(local(DAY, 8))
    record = await world.ooo.file_out_of_office(file(world), call("e1"))
    rejected = await world.ooo.reject_out_of_office(
        RejectOutOfOffice(record_id=record.id, reason="not agreed"), call("sup")
    )
    assert rejected.state is OutOfOfficeState.REJECTED and rejected.rejection == "not agreed"
    with pytest.raises(Conflict):
        await world.ooo.approve_out_of_office(ApproveOutOfOffice(record_id=record.id), call("mgr"))


async def test_att_07_from_must_precede_to(world: World) -> None:
    bad = FileOutOfOffice(day=DAY.isoformat(), reason="x", from_time="16:00", to_time="15:00")
    with pytest.raises(InvalidInput):
        await world.ooo.file_out_of_office(bad, call("e1"))
