"""Page tokens are opaque, tamper-evident and strictly typed: a forged one is InvalidInput."""

from __future__ import annotations

import base64
import json
import os
from datetime import UTC, datetime

import pytest

from cskit.domain import InvalidInput
from cskit.pagination import MAX_TOKEN_LENGTH, PageTokens

TOKENS = PageTokens("unit-test-key-0123456789")
WHEN = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _old_style(values: list[str]) -> str:
    """What the unsigned tokens looked like: base64 of a JSON list of strings."""
    return _b64(json.dumps(values).encode())


def test_round_trip_gives_typed_values() -> None:
    token = TOKENS.encode("complaints", [WHEN, "c-1"])
    assert TOKENS.after_key(token, "complaints") == (WHEN, "c-1")
    assert TOKENS.after_sequence(TOKENS.encode("history", [42]), "history") == 42


def test_empty_token_is_the_first_page() -> None:
    assert TOKENS.after_key("", "complaints") is None
    assert TOKENS.after_sequence("", "history") == 0


@pytest.mark.parametrize(
    "forged",
    [
        _old_style(["99999999999999999999999"]),
        _old_style(["not a date", "x"]),
        _old_style(["-1"]),
        _b64(os.urandom(48)),
        "x" * (MAX_TOKEN_LENGTH + 1),
        "a.b.c",
        "!!!.???",
        "tok",
    ],
)
def test_forged_tokens_are_invalid_input(forged: str) -> None:
    for decode in (lambda: TOKENS.after_key(forged, "complaints"), lambda: TOKENS.after_sequence(forged, "history")):
        with pytest.raises(InvalidInput) as caught:
            decode()
        assert caught.value.violations[0].field == "page_token"


def test_token_from_another_key_or_list_is_refused() -> None:
    other = PageTokens("another-service-key-xyz")
    with pytest.raises(InvalidInput):
        TOKENS.after_sequence(other.encode("history", [1]), "history")
    # A history token replayed on the audit list (an offset there) is refused too.
    with pytest.raises(InvalidInput):
        TOKENS.after_sequence(TOKENS.encode("history", [1]), "case_audit")


@pytest.mark.parametrize("values", [[2**63], [-1], [True], ["1"], [1.5], [None], [1, 2]])
def test_signed_but_mistyped_integer_cursor_is_refused(values: list[object]) -> None:
    """Even a correctly signed token (a key leak, a changed cursor shape) cannot smuggle a
    value the query cannot hold, e.g. an integer beyond BIGINT."""
    token = TOKENS.encode("history", values)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        TOKENS.after_sequence(token, "history")


@pytest.mark.parametrize("values", [["not a date", "x"], ["2026-11-02T09:30:00", "x"], [WHEN.isoformat(), 5], [1, "x"]])
def test_signed_but_mistyped_keyset_cursor_is_refused(values: list[object]) -> None:
    token = TOKENS.encode("complaints", values)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        TOKENS.after_key(token, "complaints")


def test_a_flipped_bit_is_detected() -> None:
    token = TOKENS.encode("complaints", [WHEN, "c-1"])
    body, mac = token.split(".")
    tampered = _b64(json.dumps([WHEN.isoformat(), "c-2"], separators=(",", ":")).encode())
    with pytest.raises(InvalidInput):
        TOKENS.after_key(f"{tampered}.{mac}", "complaints")
    assert body != tampered
