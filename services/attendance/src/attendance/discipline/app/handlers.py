"""Discipline handlers (ATT-12): one function per command, domain calls only. Idempotency,
commit, the outbox and lost-race retries are the kit's (``cskit.calls``)."""

from __future__ import annotations

import dataclasses
import uuid
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from attendance.discipline.app.ports import DisciplineUnitOfWork, DisciplineUnitOfWorkFactory
from attendance.discipline.domain.commands import ApproveScoreSheet, DraftScoreSheet, RecordDisciplineEntry
from attendance.discipline.domain.model import (
    DisciplineEntry,
    EntryKind,
    ScoreSheet,
    entry_of,
    in_range,
    next_month,
    opens_at,
    parse_month,
    sheet_id_of,
)
from attendance.discipline.domain.policy import DisciplinePolicy
from attendance.discipline.domain.score import MonthInputs, ScoreLine, month_score
from attendance.domain.facts import LeaveFacts, MonthCountFacts
from attendance.domain.fields import employee_ref
from cskit.calls import Call, act, once
from cskit.domain import Actor, Clock, InvalidInput, NotFound
from cskit.domain.actor import BranchScope, branch_scope_of

# The durable timers (kind; subject: the sheet id): the sheet opens for approval the day before
# payday; a branch-month with entries is drafted at month end if no supervisor drafted it.
OPEN_SHEET = "discipline-open-sheet"
DRAFT_SHEET = "discipline-draft-sheet"


def entry_ref(entry: DisciplineEntry) -> str:
    return entry.id


def sheet_ref(sheet: ScoreSheet) -> str:
    return sheet.id


async def entry_now(uow: DisciplineUnitOfWork, entry_id: str) -> DisciplineEntry:
    return await uow.entries.get(entry_id)


async def sheet_now(uow: DisciplineUnitOfWork, sheet_id: str) -> ScoreSheet:
    return await uow.sheets.get(sheet_id)


def own_branch(actor: Actor) -> BranchScope:
    """The facts of the acting branch only, also for a head-office caller (PLT-01)."""
    return branch_scope_of(dataclasses.replace(actor, head_office=False))


class DisciplineHandlers:
    def __init__(
        self,
        uow: DisciplineUnitOfWorkFactory,
        clock: Clock,
        policy: DisciplinePolicy,
        zone: ZoneInfo,
        counts: MonthCountFacts,
        leave: LeaveFacts,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self.policy = policy
        self._zone = zone
        self._counts = counts
        self._leave = leave

    def today(self) -> date:
        return self._clock.now().astimezone(self._zone).date()

    async def record_discipline_entry(self, cmd: RecordDisciplineEntry, call: Call) -> DisciplineEntry:
        employee = employee_ref(cmd.employee_id)
        kind, points, note = entry_of(cmd.kind, cmd.points, cmd.note, self.policy)
        try:
            day = in_range(date.fromisoformat(cmd.day.strip()), "day")
        except ValueError as exc:
            raise InvalidInput.on("day", "must be a date YYYY-MM-DD") from exc
        if day > self.today():
            raise InvalidInput.on("day", "an entry is for a day that has begun", rule_id="ATT-12")

        sheet_id = sheet_id_of(call.actor.branch_id, day.replace(day=1))

        async def record(uow: DisciplineUnitOfWork) -> DisciplineEntry:
            try:
                sheet: ScoreSheet | None = await uow.sheets.get(sheet_id)
            except NotFound:
                sheet = None
            entry = DisciplineEntry.record(
                sheet=sheet,
                entry_id=str(uuid.uuid4()),
                actor=call.actor,
                employee_id=employee,
                kind=kind,
                day=day,
                points=points,
                note=note,
                now=self._clock.now(),
            )
            uow.entries.add(entry)
            month = day.replace(day=1)
            uow.schedule_timer(
                DRAFT_SHEET,
                sheet_id,
                self.month_end(month),
                {"branch_id": call.actor.branch_id, "month": f"{month:%Y-%m}"},
            )
            return entry

        return await once(self._uow(call), record, ref=entry_ref, replay=entry_now)

    async def month_lines(self, uow: DisciplineUnitOfWork, actor: Actor, month: date) -> list[ScoreLine]:
        """Every employee with anything in the month: the month engine's counts, leave, the
        supervisors' entries and the complaint counts, scored."""
        scope, last = own_branch(actor), next_month(month) - timedelta(days=1)
        inputs: dict[str, dict[str, object]] = defaultdict(dict)
        # MonthCount's three counts are read as disjoint (its contract lists them apart): a
        # lateness over 30 minutes is 缺勤 (2 points), not also a day of 旷工 (5 points).
        for count in await self._counts.month_counts(scope, month):
            inputs[count.employee_id].update(
                late_arrivals=count.late_arrivals, long_lateness=count.long_lateness, absence_days=count.absence_days
            )
        leave_days: dict[str, set[date]] = defaultdict(set)
        for leave in await self._leave.leave_days(scope, month, last):
            if not month <= leave.day <= last:
                continue
            inputs[leave.employee_id]  # on the sheet, even when only exempt leave
            if leave.kind not in self.policy.lieu_exempt_kinds:
                leave_days[leave.employee_id].add(leave.day)
        for employee, days in leave_days.items():
            inputs[employee]["leave_days"] = len(days)
        entries: dict[str, Counter[str]] = defaultdict(Counter)
        unfinished: dict[str, list[Decimal]] = defaultdict(list)
        for entry in await uow.entries_in(actor.branch_id, month, last):
            entries[entry.employee_id][entry.kind] += 1
            if entry.kind == EntryKind.UNFINISHED_WORK:
                unfinished[entry.employee_id].append(entry.points)
        for employee, kinds in entries.items():
            inputs[employee].update(
                unapproved_rest=kinds[EntryKind.UNAPPROVED_REST],
                offline=kinds[EntryKind.OFFLINE],
                unfinished=tuple(unfinished[employee]),
            )
        slow, rude = await uow.complaint_counts(actor.branch_id, f"{month:%Y-%m}")
        for employee, n in slow.items():
            inputs[employee]["slow_answers"] = n
        for employee, n in rude.items():
            inputs[employee]["rudeness"] = n
        return [
            month_score(MonthInputs(employee_id=e, **fields), self.policy)  # type: ignore[arg-type]
            for e, fields in sorted(inputs.items())
        ]

    async def lines_so_far(self, call: Call, month: date) -> list[ScoreLine]:
        """The month's lines as a draft would have them now (nothing is written)."""
        async with self._uow(call) as uow:
            return await self.month_lines(uow, call.actor, month)

    def clean_line(self, employee_id: str) -> ScoreLine:
        return month_score(MonthInputs(employee_id=employee_id), self.policy)

    async def draft_score_sheet(self, cmd: DraftScoreSheet, call: Call) -> ScoreSheet:
        """Drafted (or redrafted, until approved) from the month's facts as they stand; the
        payday timer is armed with it and opens it for approval the day before payday."""
        month, branch = parse_month(cmd.month), call.actor.branch_id
        sheet_id, opens = sheet_id_of(branch, month), opens_at(month, self.policy, self._zone)

        async def draft(uow: DisciplineUnitOfWork) -> ScoreSheet:
            lines = await self.month_lines(uow, call.actor, month)
            now, today = self._clock.now(), self.today()
            fields = {"actor": call.actor, "branch_id": branch, "month": month, "lines": lines}
            try:
                sheet = await uow.sheets.get(sheet_id)
            except NotFound:
                sheet = ScoreSheet.draft(**fields, opens=opens, now=now, today=today)  # type: ignore[arg-type]
                uow.sheets.add(sheet)
            else:
                sheet.redraft(**fields, opens=opens, now=now, today=today)  # type: ignore[arg-type]
            uow.schedule_timer(OPEN_SHEET, sheet_id, opens, {})
            return sheet

        return await once(self._uow(call), draft, ref=sheet_ref, replay=sheet_now)

    def month_end(self, month: date) -> datetime:
        """The first instant after the month, branch-local."""
        return datetime.combine(next_month(month), time(0), self._zone).astimezone(UTC)

    async def draft_at_month_end(self, branch_id: str, month_text: str, system: Call) -> None:
        """The month-end timer: the branch's sheet, drafted by the service (preparer "system")
        unless a supervisor drafted it already; its payday timer is armed with it."""
        month = parse_month(month_text)
        actor = dataclasses.replace(system.actor, branch_id=branch_id)
        sheet_id, opens = sheet_id_of(branch_id, month), opens_at(month, self.policy, self._zone)

        async def draft(uow: DisciplineUnitOfWork) -> ScoreSheet:
            try:
                return await uow.sheets.get(sheet_id)
            except NotFound:
                pass
            lines = await self.month_lines(uow, actor, month)
            sheet = ScoreSheet.draft(
                actor=actor,
                branch_id=branch_id,
                month=month,
                lines=lines,
                opens=opens,
                now=self._clock.now(),
                today=self.today(),
            )
            uow.sheets.add(sheet)
            uow.schedule_timer(OPEN_SHEET, sheet_id, opens, {})
            return sheet

        await once(
            self._uow(dataclasses.replace(system, actor=actor)), draft, ref=sheet_ref, replay=sheet_now, retry=None
        )

    async def approve_score_sheet(self, cmd: ApproveScoreSheet, call: Call) -> ScoreSheet:
        sheet_id = sheet_id_of(call.actor.branch_id, parse_month(cmd.month))

        def approve(sheet: ScoreSheet) -> None:
            sheet.approve(actor=call.actor, now=self._clock.now())

        return await act(self._uow(call), sheet_id, load=sheet_now, change=approve, ref=sheet_ref)

    async def open_score_sheet(self, sheet_id: str, call: Call) -> None:
        """The payday timer (the runner's transaction and retries)."""

        def open_it(sheet: ScoreSheet) -> None:
            sheet.open_for_approval(actor=call.actor, now=self._clock.now())

        await act(self._uow(call), sheet_id, load=sheet_now, change=open_it, ref=sheet_ref, retry=None)
