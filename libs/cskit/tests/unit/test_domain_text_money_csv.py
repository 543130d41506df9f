"""The kit's hostile-input rules: one text rule, one money bound, one CSV writer."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from cskit.domain import InvalidInput
from cskit.domain.money import MAX_AMOUNT, check_amount, parse_amount
from cskit.domain.spreadsheet import csv_bytes, csv_text, safe_cell
from cskit.domain.text import bounded_text, clean_text, text_problem

# ---- text ------------------------------------------------------------------------------------

HOSTILE = [
    "nul\x00here",
    "ansi \x1b[31mred\x1b[0m",
    "bell\x07",
    "del\x7f",
    "c1 \x85 next line",
    "c1 \x9b csi",
    "lone \ud800 surrogate",
    "bidi \u202eexe.txt",
    "isolate \u2066x\u2069",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_control_and_formatting_characters_are_refused_in_both_kinds(value: str) -> None:
    for multiline in (False, True):
        with pytest.raises(InvalidInput) as caught:
            clean_text(value, "description", multiline=multiline)
        assert caught.value.violations[0].field == "description"


@pytest.mark.parametrize("value", ["tab\there", "two\nlines", "crlf\r\nline"])
def test_tab_and_line_breaks_only_in_multi_line_text(value: str) -> None:
    assert clean_text(value, "description", multiline=True) == value
    assert text_problem(value, multiline=False) is not None


@pytest.mark.parametrize("value", ["李雷 王芳", "Zoë O'Brien-Smith", "Room 12/3, Bldg 5", "emoji 🙂", "¥ 1,234"])
def test_ordinary_text_in_any_script_is_kept_as_sent(value: str) -> None:
    assert clean_text(value, "name", multiline=False) == value


# ---- money -----------------------------------------------------------------------------------


def test_one_upper_bound_for_every_amount() -> None:
    assert check_amount(MAX_AMOUNT, "amount") == MAX_AMOUNT
    for text in ("9999999999999999.99", "100000000.01"):
        with pytest.raises(InvalidInput) as caught:
            check_amount(Decimal(text), "amount")
        assert "at most 100000000.00" in caught.value.violations[0].description


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-1")])
def test_non_finite_or_negative_amounts_are_refused(value: Decimal) -> None:
    with pytest.raises(InvalidInput):
        check_amount(value, "amount")


@pytest.mark.parametrize("text", ["1e3", "-5", " 5", "5,00", "1_000", "", "0x10", "1234567890"])
def test_parse_amount_accepts_plain_decimals_only(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_amount(text, "amount")


def test_parse_amount_is_exact() -> None:
    assert parse_amount("1234.50", "amount") == Decimal("1234.50")


# ---- CSV -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell", ['=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx"]
)
def test_formula_cells_are_prefixed_with_a_quote(cell: str) -> None:
    """OWASP CSV injection: a cell the spreadsheet would evaluate becomes text."""
    assert safe_cell(cell) == "'" + cell
    (row,) = list(csv.reader(io.StringIO(csv_text([["dept", cell]]), newline="")))
    assert row == ["dept", "'" + cell]


def test_plain_cells_and_numbers_are_unchanged() -> None:
    assert csv_bytes([["a", 1, -2, Decimal("-3.50"), None, "x=1"]]) == b"a,1,-2,-3.50,,x=1\r\n"


def test_bounded_text_strips_bounds_and_requires() -> None:
    assert bounded_text("  ok \n", "f", 5, multiline=True) == "ok"
    with pytest.raises(InvalidInput, match="is required"):
        bounded_text("   ", "f", 5, required=True)
    assert bounded_text("", "f", 5) == ""
    with pytest.raises(InvalidInput, match="at most 2 characters"):
        bounded_text("abc", "f", 2)
    with pytest.raises(InvalidInput):
        bounded_text("a\nb", "f", 5)  # single line unless told
