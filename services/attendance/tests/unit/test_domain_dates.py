"""The request dates every sub-domain reads: ISO text, a refusal naming the field."""

from __future__ import annotations

from datetime import date

import pytest
from attendance.domain.dates import day_of, month_of

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
