"""ARC-10: the register against the shelf, one pass over both, no I/O - closing a full check
of thousands of records is a dictionary walk, never a query per record.

- a record on the shelf found where the register says: ``ok``; found elsewhere: ``misplaced``
  (its location is recorded); not found: ``missing`` (reported missing through the record);
- a lent record not found: ``out`` (as expected); found on the shelf: ``lent_on_shelf`` (the
  loan's return was never recorded: reported, the loan's business);
- a record reported missing and found: ``recovered`` (found through the record);
- a record of the branch outside the session's range found in it: ``misplaced``;
- anything found that is no record of the branch's register: ``unknown``;
- a record found damaged is also ``damaged`` (noted on the record for repair or copying)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from archives.stocktake.domain.events import Expected, Finding, Found
from cskit.domain.rules import enforces

DAMAGED = "damaged"


def key_of(item: Found) -> str:
    return item.record_id or (f"no:{item.archive_no}" if item.archive_no else f"?{item.location}/{item.note}")


def merged(found: Iterable[Found]) -> dict[str, Found]:
    """The latest finding of each record (an unknown item by its location and note)."""
    latest: dict[str, Found] = {}
    for item in found:
        latest[key_of(item)] = item
    return latest


@enforces("ARC-10")
def reconcile(register: Sequence[Expected], found: Iterable[Found], others: Mapping[str, Expected]) -> list[Finding]:
    """``register``: what the session's range expects now; ``others``: the branch's records
    found but not in ``register``, by record id and by ``no:<archive number>``."""
    by_id = {e.record_id: e for e in register}
    by_no = {e.archive_no: e for e in register if e.archive_no}
    seen: dict[str, Found] = {}
    strays: list[tuple[Found, Expected | None]] = []
    for item in merged(found).values():
        e = by_id.get(item.record_id) if item.record_id else by_no.get(item.archive_no) if item.archive_no else None
        if e is not None:
            seen[e.record_id] = item
            continue
        other = others.get(item.record_id) if item.record_id else others.get(f"no:{item.archive_no}")
        strays.append((item, other))
    findings: list[Finding] = []
    for e in register:
        got = seen.get(e.record_id)
        if got is None:
            findings.append(_line(e, None, "out" if e.state == "lent" else "missing"))
        elif e.state == "lent":
            findings.append(_line(e, got, "lent_on_shelf"))
        elif e.location and got.location != e.location:
            findings.append(_line(e, got, "misplaced"))
        else:
            findings.append(_line(e, got, "ok"))
    done: set[str] = set(seen)
    for item, other in strays:
        if other is None or other.record_id in done:
            if other is None:
                findings.append(
                    Finding(
                        record_id="",
                        archive_no=item.archive_no,
                        expected_location="",
                        found_location=item.location,
                        state="",
                        outcome="unknown",
                        condition=item.condition,
                        note=item.note or (f"record {item.record_id} is not in the register" if item.record_id else ""),
                    )
                )
            continue
        done.add(other.record_id)
        outcome = {"missing": "recovered", "on_shelf": "misplaced", "lent": "lent_on_shelf"}.get(other.state, "unknown")
        note = "" if outcome != "unknown" else f"record is {other.state}"
        findings.append(_line(other, item, outcome, note))
    return findings


def _line(e: Expected, item: Found | None, outcome: str, note: str = "") -> Finding:
    damaged = item is not None and item.condition == DAMAGED and outcome != "unknown"
    return Finding(
        record_id=e.record_id,
        archive_no=e.archive_no,
        expected_location=e.location,
        found_location="" if item is None else item.location,
        state=e.state,
        outcome=outcome,
        condition="" if item is None else item.condition,
        damaged=damaged,
        note=note or ("" if item is None else item.note),
    )


def acts_on_record(finding: Finding) -> bool:
    """Whether closing changes the record (through its own methods)."""
    return finding.outcome in {"missing", "misplaced", "recovered"} or finding.damaged
