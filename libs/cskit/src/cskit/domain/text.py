"""One rule for free text that people type: no control characters, no invisible reordering.

Names, descriptions and notes end up in screens, logs, terminals, CSV files and archives.
A NUL truncates C strings and breaks PostgreSQL text, ANSI escapes repaint an operator's
terminal, C1 controls and lone surrogates are not text at all, and bidi overrides make
``exe.txt`` read as ``txt.exe``. Single-line text (names, phones, references) allows none
of them; multi-line text (descriptions, notes) allows TAB, LF and CR and nothing else.

The gateway's schemas and every service's domain validation call the same function, so a
gRPC call that bypasses the gateway meets the same rule.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from cskit.domain.errors import InvalidInput

# C0 controls, DEL, C1 controls, lone surrogates (only reachable from decoded JSON escapes),
# and the bidirectional embedding/override/isolate controls (U+202A..U+202E, U+2066..U+2069).
_SINGLE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_MULTI_LINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def text_problem(value: str, *, multiline: bool) -> str | None:
    """Why ``value`` is not acceptable text, or None when it is."""
    found = (_MULTI_LINE if multiline else _SINGLE_LINE).search(value)
    if found is None:
        return None
    allowed = " (tab and line breaks are allowed)" if multiline else ""
    return f"must not contain control or formatting characters (U+{ord(found.group()):04X} found){allowed}"


def clean_text(value: str, field: str, *, multiline: bool, rule_id: str | None = None) -> str:
    """``value`` unchanged when it is clean text; InvalidInput on ``field`` otherwise."""
    problem = text_problem(value, multiline=multiline)
    if problem is not None:
        raise InvalidInput.on(field, problem, rule_id=rule_id)
    return value


def bounded_text(value: str, field: str, limit: int, *, required: bool = False, multiline: bool = False) -> str:
    """``value`` as clean text, stripped, at most ``limit`` characters (and not blank when
    ``required``); InvalidInput on ``field`` otherwise. The usual check of a typed field."""
    cleaned = clean_text(value, field, multiline=multiline).strip()
    if required and not cleaned:
        raise InvalidInput.on(field, "is required")
    if len(cleaned) > limit:
        raise InvalidInput.on(field, f"must be at most {limit} characters")
    return cleaned


@dataclass(frozen=True, slots=True)
class TextFields:
    """A record's typed text fields, each checked by ``bounded_text``: ``limits`` maps a field
    to (max length, required); the ``multiline`` ones allow line breaks. Called as
    ``text("fault", value)``, so each aggregate states its fields once, as data."""

    limits: Mapping[str, tuple[int, bool]]
    multiline: frozenset[str] = field(default_factory=frozenset)

    def __call__(self, name: str, value: str) -> str:
        limit, required = self.limits[name]
        return bounded_text(value, name, limit, required=required, multiline=name in self.multiline)
