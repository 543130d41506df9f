"""ATT-09 transfers: from an assignment's effective date the employee attends on the new
department's roster; a roster day kept for another department no longer counts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from attendance.domain.people import Assignment
from cskit.domain.rules import enforces


def assignment_on(assignments: Sequence[Assignment], day: date) -> Assignment | None:
    """The assignment in force on ``day``: the latest one effective on or before it."""
    in_force = [a for a in assignments if a.effective <= day]
    return max(in_force, key=lambda a: a.effective) if in_force else None


@enforces("ATT-09")
def roster_counts(roster_department: str, assignment: Assignment | None) -> bool:
    """Whether a roster day set for ``roster_department`` is the employee's roster on its date.

    It is unless the employee's assignment in force on that date is another department: the
    old department's roster stops counting from the transfer's effective date, and the day
    falls to the new department's roster (none set: the default shift, a day missed on it is
    absence like any other). A roster day recorded without a department (set before the
    employee's master data arrived) and an employee without an assignment keep the roster."""
    if assignment is None or not roster_department:
        return True
    return roster_department == assignment.department_id
