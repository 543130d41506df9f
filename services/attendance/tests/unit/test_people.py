"""People (issue 11, item 1): the bulk imports' checks (every bad row reported, nothing
half-read), HR's inbound events (cs.hr.v1) decoded and refused when malformed, a mover's
placement (ATT-09 itself: test_transfers.py)."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from attendance.domain.people import Assignment, Employee, Grade
from attendance.people.domain.imports import (
    EMPLOYEE_FIELDS,
    ROSTER_FIELDS,
    ImportFormat,
    ImportRejected,
    RowError,
    employee_rows,
    parse,
    raise_if_any,
    roster_rows,
)
from attendance.people.domain.model import Leave, Move, Placement, first_placement
from attendance.people.domain.policy import ImportPolicy
from attendance.people.events.inbound import change_from
from attendance.punches.domain.engine import Shift

from cs.hr.v1 import events_pb2 as hr
from cskit.domain import InvalidInput
from cskit.messaging.envelope import Envelope

SH = ZoneInfo("Asia/Shanghai")
POLICY = ImportPolicy()
HEADER = "id,name,department_id,post,grade,hire_date,probation_end,manager_id"
GOOD = [
    "e-1,张伟,d-cs,客服专员,staff,2026-03-01,2026-05-31,e-2",
    "e-2,李娜,d-cs,客服主管,supervisor,2025-01-10,,",
]


def csv_of(*lines: str) -> bytes:
    return "\n".join([HEADER, *lines]).encode("utf-8")


def employees(content: bytes, fmt: ImportFormat = ImportFormat.CSV) -> tuple[list[Employee], list[RowError]]:
    rows, errors = employee_rows(parse(content, fmt, EMPLOYEE_FIELDS, POLICY), "b1")
    return [r.employee for r in rows], errors


# -- imports ----------------------------------------------------------------------------------


def test_a_csv_with_chinese_names_and_a_bom_reads_every_field() -> None:
    found, errors = employees(b"\xef\xbb\xbf" + csv_of(*GOOD))
    assert errors == []
    first = found[0]
    assert (first.id, first.name, first.branch_id, first.department_id, first.post, first.grade) == (
        "e-1",
        "张伟",
        "b1",
        "d-cs",
        "客服专员",
        Grade.STAFF,
    )
    assert (first.hire_date, first.probation_end, first.manager_id, first.customer_service) == (
        date(2026, 3, 1),
        date(2026, 5, 31),
        "e-2",
        True,
    )
    assert (found[1].grade, found[1].probation_end, found[1].manager_id) == (Grade.SUPERVISOR, None, None)


def test_json_rows_read_like_csv_rows() -> None:
    content = json.dumps(
        [
            {
                "id": "e-1",
                "name": "王芳",
                "department_id": "d-cs",
                "post": "客服",
                "grade": 3,
                "hire_date": "2026-01-05",
            },
            {
                "id": "e-2",
                "name": "赵强",
                "department_id": "d-cs",
                "post": "客服",
                "grade": "director",
                "hire_date": "2026-01-05",
                "customer_service": False,
            },
        ],
        ensure_ascii=False,
    ).encode()
    found, errors = employees(content, ImportFormat.JSON)
    assert errors == []
    assert [(e.name, e.grade, e.customer_service) for e in found] == [
        ("王芳", Grade.MANAGER, True),
        ("赵强", Grade.DIRECTOR, False),
    ]


def test_every_bad_row_is_reported_with_its_row_field_and_message() -> None:
    found, errors = employees(
        csv_of(
            GOOD[0],
            "e-3,,d-cs,客服,boss,2026-02-30,,",  # row 2: no name, unknown grade, no such date
            "e-4,刘洋,d-cs,客服,staff,2026-03-01,,e-4",  # row 3: their own manager
            "e-1,张伟,d-cs,客服,staff,2026-03-01,,",  # row 4: repeats row 1
            "e-5,孙丽,d-cs,客服,staff",  # row 5: too few cells
        )
    )
    assert sorted((e.row, e.field) for e in errors) == [
        (2, "grade"),
        (2, "hire_date"),
        (2, "name"),
        (3, "manager_id"),
        (4, "id"),
        (5, "row"),
    ]
    assert [e.id for e in found] == ["e-1"]  # the checked rows; the handler imports none of them
    assert "repeats row 1" in next(e.message for e in errors if e.row == 4)
    with pytest.raises(ImportRejected) as raised:
        raise_if_any(errors)
    assert raised.value.code == "import_rejected"
    assert {v.field for v in raised.value.violations} >= {"rows[2].name", "rows[4].id", "rows[5].row"}


def test_an_employee_who_is_their_own_manager_and_a_probation_before_hiring_are_both_refused() -> None:
    _, self_managed = employees(csv_of("e-4,刘洋,d-cs,客服,staff,2026-03-01,,e-4"))
    _, early = employees(csv_of("e-4,刘洋,d-cs,客服,staff,2026-03-01,2026-02-01,"))
    assert [(e.row, e.field) for e in self_managed] == [(1, "manager_id")]
    assert [(e.row, e.field) for e in early] == [(1, "probation_end")]


@pytest.mark.parametrize(
    ("content", "fmt", "message"),
    [
        ("张伟".encode("gbk"), ImportFormat.CSV, "not UTF-8"),
        (b"", ImportFormat.CSV, "no header row"),
        (b"id,name,salary\ne-1,x,1", ImportFormat.CSV, "header"),
        (HEADER.encode(), ImportFormat.CSV, "no data rows"),
        (b"{not json", ImportFormat.JSON, "not JSON"),
        (b'{"id": "e-1"}', ImportFormat.JSON, "list of objects"),
        (b'"a,b\n', ImportFormat.CSV, "not a CSV"),
    ],
)
def test_a_malformed_file_is_invalid_input_on_the_file(content: bytes, fmt: ImportFormat, message: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        employee_rows(parse(content, fmt, EMPLOYEE_FIELDS, POLICY), "b1")
    assert raised.value.violations[0].field == "file"
    assert message in raised.value.violations[0].description


def test_the_upload_size_and_row_count_are_bounded_by_policy() -> None:
    content = csv_of(*GOOD)
    with pytest.raises(InvalidInput, match="larger than"):
        parse(content, ImportFormat.CSV, EMPLOYEE_FIELDS, ImportPolicy(max_bytes=len(content) - 1))
    with pytest.raises(InvalidInput, match="more than 1 rows"):
        parse(content, ImportFormat.CSV, EMPLOYEE_FIELDS, ImportPolicy(max_rows=1))
    assert len(parse(content, ImportFormat.CSV, EMPLOYEE_FIELDS, ImportPolicy(max_bytes=len(content), max_rows=2))) == 2


def test_roster_rows_check_shifts_rest_days_and_repeated_dates() -> None:
    content = "\n".join(
        [
            "employee_id,day,shift_start,shift_end,rest_day",
            "e-1,2026-11-02,22:00,06:00,",
            "e-1,2026-11-03,,,true",
            "e-1,2026-11-04,09:00,,",  # row 3: no end
            "e-1,2026-11-05,09:00,18:00,true",  # row 4: a rest day with a shift
            "e-1,2026-11-02,09:00,18:00,",  # row 5: repeats row 1's date
            "e-1,2026-11-06,9am,18:00,",  # row 6: not HH:MM
        ]
    ).encode()
    rows, errors = roster_rows(parse(content, ImportFormat.CSV, ROSTER_FIELDS, POLICY))
    assert [(r.day, r.shift) for r in rows] == [
        (date(2026, 11, 2), Shift(start=time(22), end=time(6))),
        (date(2026, 11, 3), None),
    ]
    assert [(e.row, e.field) for e in errors] == [(3, "shift_end"), (4, "rest_day"), (5, "day"), (6, "shift")]


# -- HR's events --------------------------------------------------------------------------------


def envelope(message: object, *, event_id: str = "hr-1", subject: str = "e-1", branch: str = "b1") -> Envelope:
    made = Envelope.new(message, source="hr", subject=subject, branch_id=branch, time=datetime(2026, 11, 1, tzinfo=UTC))  # type: ignore[arg-type]
    return dataclasses.replace(made, id=event_id)


def joined(**fields: object) -> hr.EmployeeJoined:
    values: dict[str, object] = {
        "event_id": "hr-1",
        "employee_id": "e-1",
        "branch_id": "b1",
        "name": "张伟",
        "department_id": "d-cs",
        "post": "客服专员",
        "grade": hr.GRADE_STAFF,
        "hire_date": "2026-03-01",
        "manager_id": "e-2",
    }
    values.update(fields)
    return hr.EmployeeJoined(**values)  # type: ignore[arg-type]


def test_a_joiner_event_carries_all_master_data() -> None:
    change = change_from(envelope(joined(customer_service=False, probation_end="2026-05-31")))
    assert change == Employee(
        id="e-1",
        branch_id="b1",
        name="张伟",
        department_id="d-cs",
        post="客服专员",
        grade=Grade.STAFF,
        hire_date=date(2026, 3, 1),
        probation_end=date(2026, 5, 31),
        manager_id="e-2",
        customer_service=False,
    )


def test_a_mover_changes_only_what_it_names_from_its_date() -> None:
    moved = change_from(
        envelope(
            hr.EmployeeMoved(
                event_id="hr-1", employee_id="e-1", branch_id="b1", effective_date="2026-11-16", department_id="d-sales"
            )
        )
    )
    assert isinstance(moved, Move)
    before = first_placement(change_from(envelope(joined())))  # type: ignore[arg-type]
    after = moved.placed(before)
    assert after == Placement(
        assignment=Assignment(
            employee_id="e-1", department_id="d-sales", post="客服专员", effective=date(2026, 11, 16)
        ),
        grade=Grade.STAFF,
        manager_id="e-2",
    )
    to_top = change_from(
        envelope(
            hr.EmployeeMoved(
                event_id="hr-1", employee_id="e-1", branch_id="b1", effective_date="2026-11-16", manager_id=""
            )
        )
    )
    assert isinstance(to_top, Move) and to_top.placed(before).manager_id is None


def test_a_leaver_event_gives_the_last_day_and_reason() -> None:
    left = change_from(
        envelope(
            hr.EmployeeLeft(event_id="hr-1", employee_id="e-1", branch_id="b1", last_day="2026-11-30", reason="辞职")
        )
    )
    assert left == Leave(employee_id="e-1", branch_id="b1", last_day=date(2026, 11, 30), reason="辞职")


@pytest.mark.parametrize(
    ("made", "field"),
    [
        (envelope(joined(), subject="e-9"), "employee_id"),
        (envelope(joined(), branch="b2"), "employee_id"),
        (envelope(joined(), event_id="other"), "event_id"),
        (envelope(joined(grade=0)), "grade"),
        (envelope(joined(hire_date="2026-13-01")), "hire_date"),
        (envelope(joined(manager_id="e-1")), "manager_id"),
        (
            envelope(hr.EmployeeMoved(event_id="hr-1", employee_id="e-1", branch_id="b1", effective_date="2026-11-16")),
            "change",
        ),
        (dataclasses.replace(envelope(joined()), type="cs.hr.v1.EmployeePromoted"), "type"),
        (dataclasses.replace(envelope(joined()), payload=b"\xff\xff"), "payload"),
    ],
)
def test_a_malformed_hr_event_is_invalid_input_for_the_dead_letters(made: Envelope, field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        change_from(made)
    assert raised.value.violations[0].field == field
