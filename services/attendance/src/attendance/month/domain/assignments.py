"""Which department an employee answers to on a date (ATT-09): the latest assignment whose
effective date is on or before it. A transfer mid-month leaves one payroll record for the
month (the roster is the employee's, whichever department set it), under the department in
force on the month's last day; the weekly review lists the employee under the department in
force on the week's last day, as the seed asks the new department to check the old's days."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from attendance.domain.people import Assignment


def department_on(assignments: Sequence[Assignment], day: date, default: str = "") -> str:
    current = default
    for a in sorted(assignments, key=lambda x: x.effective):
        if a.effective <= day:
            current = a.department_id
    return current
