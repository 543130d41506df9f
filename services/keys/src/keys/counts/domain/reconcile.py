"""KEY-08: expected (the register) against found (the count), one pass over both, no I/O:
the close of a 5,000-key cabinet is a dictionary walk, never a query per key.

Outcomes and who answers for them (our reading of 000 §7 4.1(7); see docs/keys-counts.md):
- a key set in the cabinet (or a sealed envelope) not found at all: ``missing``; fewer keys
  than registered: ``short``; both open COUNT_MISSING pinned on the key set's custodian;
- more keys than registered: ``unexpected`` (COUNT_UNEXPECTED, on the custodian);
- a lent key set found in the cabinet: ``unexpected`` pinned on the borrower (the keys came
  back without a recorded return); a lent one not found is ``out`` (as expected);
- anything found that the register does not list here: ``unknown`` (COUNT_UNEXPECTED), pinned
  on whoever counted (the custodian or their deputy)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cskit.domain.rules import enforces
from keys.counts.domain.events import Expected, Finding, Found

MISSING = "count_missing"
UNEXPECTED = "count_unexpected"


def expected_count(item: Expected) -> int:
    """A sealed set is counted as one intact envelope; a lent one is expected out (0)."""
    if item.state == "sealed":
        return 1
    if item.state == "lent":
        return 0
    return item.key_count


def merged(found: Iterable[Found]) -> dict[tuple[str, str], Found]:
    """The latest record of each (code, hook) - an unknown item by its hook and note."""
    latest: dict[tuple[str, str], Found] = {}
    for item in found:
        latest[(item.code or f"?{item.note}", item.hook)] = item
    return latest


@enforces("KEY-08")
def reconcile(expected: Sequence[Expected], found: Iterable[Found], counted_by: str) -> list[Finding]:
    by_code: dict[str, list[Found]] = {}
    unknown: list[Found] = []
    listed = {e.code for e in expected}
    for item in merged(found).values():
        if item.code and item.code in listed:
            by_code.setdefault(item.code, []).append(item)
        else:
            unknown.append(item)
    findings: list[Finding] = []
    for e in expected:
        seen = by_code.get(e.code, [])
        count = sum(f.count for f in seen)
        want = expected_count(e)
        hooks = sorted({f.hook for f in seen if f.count})
        note = f"found on {', '.join(hooks)}" if hooks and hooks != [e.hook] else ""

        if e.state == "lent":
            verdict = ("unexpected", UNEXPECTED, e.borrower) if count else ("out", "", "")
        elif count == want:
            verdict = ("ok", "", "")
        elif count == 0:
            verdict = ("missing", MISSING, e.custodian)
        elif count < want:
            verdict = ("short", MISSING, e.custodian)
        else:
            verdict = ("unexpected", UNEXPECTED, e.custodian)
        findings.append(_line(e, count, note, *verdict))
    for item in unknown:
        if item.count == 0:
            continue
        findings.append(
            Finding(
                key_set_id="",
                code=item.code,
                hook=item.hook,
                state="",
                expected=0,
                found=item.count,
                outcome="unknown",
                note=item.note,
                kind=UNEXPECTED,
                pinned_on=counted_by,
            )
        )
    return findings


def _line(e: Expected, found: int, note: str, outcome: str, kind: str, pinned_on: str) -> Finding:
    return Finding(
        key_set_id=e.key_set_id,
        code=e.code,
        hook=e.hook,
        state=e.state,
        expected=expected_count(e),
        found=found,
        outcome=outcome,
        loan_ref=e.loan_ref,
        borrower=e.borrower,
        note=note,
        kind=kind,
        pinned_on=pinned_on,
    )


def detail_of(finding: Finding, cabinet: str, day: str) -> str:
    """The case's text, in the clerk's words."""
    what = finding.code or f"an unlisted item ({finding.note or 'no tag'})"
    return (
        f"daily count of cabinet {cabinet} on {day}: {what} on hook {finding.hook}: "
        f"{finding.outcome}, expected {finding.expected}, found {finding.found}"
    )
