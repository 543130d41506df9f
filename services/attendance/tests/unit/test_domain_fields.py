"""The request fields every sub-domain reads: ISO dates and months, bounded texts; each refusal
names the field."""

from __future__ import annotations

from datetime import date

import pytest
from attendance.domain.fields import bounded, day_of, employee_ref, month_of

from cskit.domain import InvalidInput


def test_day_of_reads_an_iso_date_around_blanks() -> None:
    assert day_of(" 2026-02-28 ") == date(2026, 2, 28)


@pytest.mark.parametrize("bad", ["", "2026-02-30", "28/02/2026", "2026-2-28"])
def test_day_of_refuses_what_is_not_a_date_on_the_named_field(bad: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        day_of(bad, "start_day")
    assert [v.field for v in caught.value.violations] == ["start_day"]


def test_month_of_is_the_months_first_day() -> None:
    assert month_of("2026-11") == date(2026, 11, 1)


@pytest.mark.parametrize("bad", ["", "2026-13", "2026-11-05", "11/2026"])
def test_month_of_refuses_what_is_not_a_month(bad: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        month_of(bad)
    assert [v.field for v in caught.value.violations] == ["month"]


def test_bounded_strips_and_keeps_up_to_the_limit() -> None:
    assert bounded("  night desk  ", "name", 10) == "night desk"


@pytest.mark.parametrize("bad", ["", "   ", "x" * 11])
def test_bounded_refuses_blank_or_too_long_on_the_named_field(bad: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        bounded(bad, "name", 10)
    assert [(v.field, v.description) for v in caught.value.violations] == [("name", "must be 1 to 10 characters")]


def test_employee_ref_is_an_employee_id_of_at_most_128_characters() -> None:
    assert employee_ref(" e-1 ") == "e-1"
    assert employee_ref("e" * 128) == "e" * 128
    with pytest.raises(InvalidInput) as caught:
        employee_ref("e" * 129)
    assert [v.field for v in caught.value.violations] == ["employee_id"]
