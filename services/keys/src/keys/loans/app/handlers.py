"""Loans handlers: one function per command, domain calls only. Idempotency, commit, the
outbox and lost-race retries are the kit's (``cskit.calls``)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from cskit.calls import Call, act, once
from cskit.domain import Clock, Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from keys.domain.policy import KeysPolicy
from keys.loans.app.ports import LoansUnitOfWork, LoansUnitOfWorkFactory
from keys.loans.domain.commands import LendForWorkOrder, LendKey, ReturnForWorkOrder, ReturnLoan
from keys.loans.domain.model import LENDERS, REPAIR_BORROWERS, Loan, external_key
from keys.loans.domain.policy import LoansPolicy
from keys.loans.domain.returns import TakenBack, take_back
from keys.loans.domain.rules import BorrowerKind, Borrowing
from keys.loans.domain.states import LoanState

OVERDUE = "keys-loan-overdue"
# A refused return commits its case and answers 409: the result's reference says so, so a
# repeated call (same idempotency key) answers the same refusal.
_REFUSED = "|refused|"


async def loan_now(uow: LoansUnitOfWork, ref: str) -> Loan:
    return await uow.loans.get(ref.split(_REFUSED)[0])


def refusal(ref: str, loan: Loan) -> RuleViolation:
    return RuleViolation(
        f"return refused: the keys do not match what went out; discrepancy {ref} is opened on {loan.lender}",
        code="return_mismatch",
        rule_id="KEY-07",
    )


class LoanHandlers:
    def __init__(
        self,
        uow: LoansUnitOfWorkFactory,
        clock: Clock,
        keys: KeysPolicy,
        policy: LoansPolicy,
        work_order_callers: Iterable[str] = ("aftersales",),
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._keys = keys
        self._policy = policy
        self._callers = frozenset(work_order_callers)

    async def lend_key(self, cmd: LendKey, call: Call) -> Loan:
        borrowing = Borrowing(
            borrower_kind=cmd.borrower_kind,
            borrower=cmd.borrower,
            borrower_role=cmd.borrower_role,
            borrower_name=cmd.borrower_name,
            collector_relation=cmd.collector_relation,
            proof_kind=cmd.proof_kind,
            proof_document_id=cmd.proof_document_id,
            owner_call_at=cmd.owner_call_at,
            owner_consent_at=cmd.owner_consent_at,
            contractor_company=cmd.contractor_company,
            developer_paperwork_ref=cmd.developer_paperwork_ref,
            special_case_reason=cmd.special_case_reason,
            special_case_approver=cmd.special_case_approver,
        )

        async def lend(uow: LoansUnitOfWork) -> Loan:
            return await self._lend(uow, call, cmd.key_set_id, borrowing, cmd.purpose, cmd)

        return await once(self._uow(call), lend, ref=lambda loan: loan.id, replay=loan_now)

    async def _lend(
        self,
        uow: LoansUnitOfWork,
        call: Call,
        key_set_id: str,
        borrowing: Borrowing,
        purpose: str,
        cmd: LendKey | None,
        caller_service: str = "",
        external_ref: str = "",
    ) -> Loan:
        key_set = await uow.key_sets.get(key_set_id)
        loan = Loan.lend(
            loan_id=str(uuid.uuid4()),
            key_set=key_set,
            actor=call.actor,
            borrowing=borrowing,
            purpose=purpose,
            due_at=None if cmd is None else cmd.due_at,
            now=self._clock.now(),
            keys=self._keys,
            policy=self._policy,
            caller_service=caller_service,
            external_ref=external_ref,
        )
        uow.loans.add(loan)
        # KEY-04: at the due time the loan is checked and, if still out, escalated.
        uow.schedule_timer(OVERDUE, loan.id, loan.due_at)
        return loan

    async def return_loan(self, cmd: ReturnLoan, call: Call) -> Loan:
        return await self._take_back(call, cmd.id, cmd, LENDERS)

    async def _take_back(
        self, call: Call, loan_id: str, cmd: ReturnLoan | ReturnForWorkOrder, roles: frozenset[str]
    ) -> Loan:
        async def work(uow: LoansUnitOfWork) -> TakenBack:
            loan = await uow.loans.get(loan_id)
            key_set = await uow.key_sets.get(loan.key_set_id)
            done = take_back(
                loan,
                key_set,
                call.actor,
                roles=roles,
                key_count=cmd.key_count,
                key_set_code=cmd.key_set_code,
                lost=cmd.lost,
                note=cmd.note,
                case_id=str(uuid.uuid4()),
                now=self._clock.now(),
            )
            if done.case is not None:
                uow.cases.add(done.case)
            if not done.loan.is_open:
                uow.cancel_timer(OVERDUE, loan.id)
            return done

        async def replay(uow: LoansUnitOfWork, ref: str) -> TakenBack:
            loan = await loan_now(uow, ref)
            return TakenBack(loan, refused=ref.split(_REFUSED)[1] if _REFUSED in ref else "")

        def ref(done: TakenBack) -> str:
            if done.refused and done.case is not None:
                return f"{done.loan.id}{_REFUSED}{done.case.id}"
            return done.loan.id

        done = await once(self._uow(call), work, ref=ref, replay=replay)
        if done.refused:
            raise refusal(done.case.id if done.case is not None else done.refused, done.loan)
        return done.loan

    def _check_caller(self, caller_service: str) -> None:
        """Item 8: only the services named in CS_KEYS_WORK_ORDER_CALLERS lend for work orders."""
        if caller_service not in self._callers:
            raise Forbidden(
                f"service {caller_service!r} may not borrow keys for work orders", code="caller_not_allowed"
            )

    async def lend_for_work_order(self, cmd: LendForWorkOrder, call: Call, caller_service: str) -> Loan:
        self._check_caller(caller_service)
        key = external_key(caller_service, cmd.work_order_id)
        contractor = bool(cmd.contractor_name or cmd.developer_paperwork_ref)
        borrowing = Borrowing(
            borrower_kind=(BorrowerKind.CONTRACTOR if contractor else BorrowerKind.STAFF).value,
            borrower=call.actor.subject,
            # The caller's verified roles, not a statement: the engineer borrows for himself.
            borrower_role="engineer" if call.actor.has_any_role(REPAIR_BORROWERS) else "",
            borrower_name=cmd.contractor_name,
            contractor_company=cmd.contractor_company,
            developer_paperwork_ref=cmd.developer_paperwork_ref,
        )

        async def lend(uow: LoansUnitOfWork) -> Loan:
            if not cmd.work_order_id.strip() or len(cmd.work_order_id) > 128:
                raise InvalidInput.on("work_order_id", "is required (at most 128 characters)")
            found = await uow.loan_of(key or "")
            if found is not None:
                loan_id, branch = found
                loan = await uow.loans.get(loan_id) if branch == call.actor.branch_id else None
                if loan is None or loan.key_set_id != cmd.key_set_id:
                    raise Conflict(
                        f"work order {cmd.work_order_id} already has a loan of another key set",
                        code="work_order_has_loan",
                    )
                return loan  # a repeat: the same loan
            return await self._lend(
                uow, call, cmd.key_set_id, borrowing, cmd.purpose, None, caller_service, cmd.work_order_id
            )

        return await once(self._uow(call), lend, ref=lambda loan: loan.id, replay=loan_now)

    async def return_for_work_order(self, cmd: ReturnForWorkOrder, call: Call, caller_service: str) -> Loan:
        self._check_caller(caller_service)
        async with self._uow(call) as uow:
            found = await uow.loan_of(external_key(caller_service, cmd.work_order_id) or "")
            if found is None or found[1] != call.actor.branch_id:
                raise NotFound(f"no loan for work order {cmd.work_order_id}", code="loan_not_found")
            loan = await uow.loans.get(found[0])
        if loan.state is LoanState.RETURNED:
            return loan  # a repeat after the return: the returned loan
        return await self._take_back(call, loan.id, cmd, REPAIR_BORROWERS | LENDERS)

    async def escalate_overdue(self, loan_id: str, call: Call, uow: LoansUnitOfWork) -> Loan | None:
        """KEY-04, the timer: a loan still out at its due time is escalated to the team lead,
        and the timer set again for the next follow-up; a returned loan ends it."""
        escalated: list[Loan] = []

        def escalate(found: Loan) -> None:
            if not found.is_open:
                return
            now = self._clock.now()
            if now < found.due_at:  # fired early (a moved clock): wait for the due time
                uow.schedule_timer(OVERDUE, found.id, found.due_at)
                return
            found.escalate(call.actor, policy=self._policy, now=now)
            escalated.append(found)
            uow.schedule_timer(OVERDUE, found.id, now + self._keys.overdue_escalation_every)

        await act(uow, loan_id, load=loan_now, change=escalate, ref=lambda x: x.id, retry=None)
        return escalated[0] if escalated else None
