"""What a search asks for (issue 13 item 9), checked: title text, full text of titles and
notes, category, a range of document dates and a reference (kind and value). Who may see
what is the reads' (PLT-01 branch, ARC-05 clearance), never the query's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from archives.domain.categories import category_of
from archives.records.domain.filing import day_of
from cskit.domain import InvalidInput
from cskit.domain.text import bounded_text

MAX_TEXT = 100
LIKE_ESCAPE = "\\"


def like_pattern(text: str) -> str:
    """``%text%`` with the caller's own ``%``, ``_`` and the escape character taken literally."""
    escaped = text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")
    return f"%{escaped}%"


def _text(field: str, value: str) -> str:
    return bounded_text(value, field, MAX_TEXT)


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchQuery:
    title: str = ""
    text: str = ""
    category: str = ""
    date_from: date | None = None
    date_to: date | None = None
    reference_kind: str = ""
    reference_value: str = ""

    @classmethod
    def checked(
        cls,
        *,
        title: str = "",
        text: str = "",
        category: str = "",
        date_from: str = "",
        date_to: str = "",
        reference_kind: str = "",
        reference_value: str = "",
    ) -> SearchQuery:
        start = day_of(date_from, "date_from") if date_from else None
        end = day_of(date_to, "date_to") if date_to else None
        if start and end and end < start:
            raise InvalidInput.on("date_to", "must not be before date_from")
        kind, value = _text("reference_kind", reference_kind), _text("reference_value", reference_value)
        if bool(kind) != bool(value):
            raise InvalidInput.on("reference_value" if kind else "reference_kind", "a reference is a kind and a value")
        return cls(
            title=_text("title", title),
            text=_text("text", text),
            category=category_of(category).value if category else "",
            date_from=start,
            date_to=end,
            reference_kind=kind,
            reference_value=value,
        )
