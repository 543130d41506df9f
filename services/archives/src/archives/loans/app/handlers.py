"""Loan handlers: one function per command, domain calls only. Idempotency, commit, the
outbox and lost-race retries are the kit's (``cskit.calls``). Every movement of the file
goes through the ``ArchiveRecord`` in the loan's own unit of work."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from archives.domain.policy import ArchivesPolicy
from archives.loans.app.ports import LoansUnitOfWork, LoansUnitOfWorkFactory
from archives.loans.domain.commands import (
    ApproveLoan,
    ConfirmCount,
    DecideResponsibility,
    LendRecord,
    RefuseLoan,
    ReportIncident,
    RequestLoan,
    ReturnRecord,
)
from archives.loans.domain.model import Loan
from archives.loans.domain.policy import LoansPolicy
from archives.loans.domain.states import LoanState
from archives.records.domain.model import ArchiveRecord
from cskit.calls import Call, act, once
from cskit.domain import Clock

OVERDUE = "archives-loan-overdue"


def loan_ref(loan: Loan) -> str:
    return loan.id


async def loan_now(uow: LoansUnitOfWork, loan_id: str) -> Loan:
    """A repeated call answers with the loan as it now stands."""
    return await uow.loans.get(loan_id)


class LoanHandlers:
    def __init__(
        self, uow: LoansUnitOfWorkFactory, clock: Clock, archives: ArchivesPolicy, policy: LoansPolicy
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._archives = archives
        self._policy = policy

    async def request_loan(self, cmd: RequestLoan, call: Call) -> Loan:
        async def request(uow: LoansUnitOfWork) -> Loan:
            record = await uow.records.get(cmd.record_id)
            loan = Loan.request(
                loan_id=str(uuid.uuid4()),
                record=record,
                actor=call.actor,
                kind=cmd.kind,
                purpose=cmd.purpose,
                due_at=cmd.due_at,
                borrower_kind=cmd.borrower_kind,
                borrower_name=cmd.borrower_name,
                organisation=cmd.organisation,
                introduction_letter_ref=cmd.introduction_letter_ref,
                id_document_kind=cmd.id_document_kind,
                id_number=cmd.id_number,
                archives=self._archives,
                loans=self._policy,
                now=self._clock.now(),
            )
            uow.loans.add(loan)
            return loan

        return await once(self._uow(call), request, ref=loan_ref, replay=loan_now)

    async def approve_loan(self, cmd: ApproveLoan, call: Call) -> Loan:
        return await act(
            self._uow(call),
            cmd.id,
            load=loan_now,
            change=lambda loan: loan.approve(
                call.actor, note=cmd.note, archives=self._archives, loans=self._policy, now=self._clock.now()
            ),
            ref=loan_ref,
        )

    async def refuse_loan(self, cmd: RefuseLoan, call: Call) -> Loan:
        return await act(
            self._uow(call),
            cmd.id,
            load=loan_now,
            change=lambda loan: loan.refuse(call.actor, reason=cmd.reason, loans=self._policy, now=self._clock.now()),
            ref=loan_ref,
        )

    async def _with_record(
        self, call: Call, loan_id: str, change: Callable[[LoansUnitOfWork, Loan, ArchiveRecord], None]
    ) -> Loan:
        """Load the loan and its record, let the domain change both, commit them together."""

        async def work(uow: LoansUnitOfWork) -> Loan:
            loan = await uow.loans.get(loan_id)
            record = await uow.records.get(loan.record_id)
            change(uow, loan, record)
            return loan

        return await once(self._uow(call), work, ref=loan_ref, replay=loan_now)

    async def lend_record(self, cmd: LendRecord, call: Call) -> Loan:
        return await self._with_record(
            call,
            cmd.id,
            lambda uow, loan, record: loan.count_out(
                call.actor, record, items=cmd.items, pages=cmd.pages, now=self._clock.now()
            ),
        )

    async def return_record(self, cmd: ReturnRecord, call: Call) -> Loan:
        return await act(
            self._uow(call),
            cmd.id,
            load=loan_now,
            change=lambda loan: loan.count_in(
                call.actor, items=cmd.items, pages=cmd.pages, condition=cmd.condition, now=self._clock.now()
            ),
            ref=loan_ref,
        )

    async def confirm_count(self, cmd: ConfirmCount, call: Call) -> Loan:
        def confirm(uow: LoansUnitOfWork, loan: Loan, record: ArchiveRecord) -> None:
            loan.confirm(
                call.actor,
                record,
                items=cmd.items,
                pages=cmd.pages,
                signature_ref=cmd.signature_ref,
                archives=self._archives,
                now=self._clock.now(),
            )
            if loan.state is LoanState.OUT and loan.due_at is not None:
                # ARC-07: at the due time the loan is checked and, if still out, chased.
                uow.schedule_timer(OVERDUE, loan.id, loan.due_at)
            elif loan.state is LoanState.RETURNED:
                uow.cancel_timer(OVERDUE, loan.id)

        return await self._with_record(call, cmd.id, confirm)

    async def report_incident(self, cmd: ReportIncident, call: Call) -> Loan:
        def report(uow: LoansUnitOfWork, loan: Loan, record: ArchiveRecord) -> None:
            loan.report(
                call.actor,
                record,
                incident=cmd.incident,
                description=cmd.description,
                discovered_at=cmd.discovered_at,
                loans=self._policy,
                now=self._clock.now(),
            )
            if loan.state is LoanState.LOST:
                uow.cancel_timer(OVERDUE, loan.id)

        return await self._with_record(call, cmd.id, report)

    async def decide_responsibility(self, cmd: DecideResponsibility, call: Call) -> Loan:
        return await act(
            self._uow(call),
            cmd.id,
            load=loan_now,
            change=lambda loan: loan.decide(
                call.actor,
                report_no=cmd.report_no,
                responsible=cmd.responsible,
                decision=cmd.decision,
                loans=self._policy,
                now=self._clock.now(),
            ),
            ref=loan_ref,
        )

    async def chase_overdue(self, loan_id: str, call: Call, uow: LoansUnitOfWork) -> Loan | None:
        """ARC-07, the timer: a loan still out at its due time is chased, and the timer set
        again for the next reminder; a returned or lost loan ends it."""
        chased: list[Loan] = []

        def chase(found: Loan) -> None:
            if not found.outstanding or found.due_at is None:
                return
            now = self._clock.now()
            if now < found.due_at:  # fired early (a moved clock): wait for the due time
                uow.schedule_timer(OVERDUE, found.id, found.due_at)
                return
            found.chase(call.actor, now)
            chased.append(found)
            uow.schedule_timer(OVERDUE, found.id, now + self._policy.chase_every)

        await act(uow, loan_id, load=loan_now, change=chase, ref=loan_ref, retry=None)
        return chased[0] if chased else None
