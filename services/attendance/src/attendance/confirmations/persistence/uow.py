"""The confirmations unit of work: a confirmation, a deputy designation or a report
submission, its history and its outbox row commit in one transaction (the kit's ``CallUnitOfWork``)."""

from __future__ import annotations

from attendance.confirmations.domain.events import ConfirmationEvent, DeputyEvent, ReportEvent
from attendance.confirmations.domain.model import Confirmation, Deputies, WeeklyReport
from attendance.confirmations.events.outbound import OUTBOUND
from attendance.confirmations.persistence.store import CONFIRMATIONS, DEPUTIES, REPORTS
from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork


class SqlConfirmationsUnitOfWork(CallUnitOfWork):
    confirmations: Repository[Confirmation, ConfirmationEvent]
    deputies: Repository[Deputies, DeputyEvent]
    reports: Repository[WeeklyReport, ReportEvent]

    def open(self) -> None:
        self.confirmations = self.repository(CONFIRMATIONS, OUTBOUND)
        self.deputies = self.repository(DEPUTIES, OUTBOUND)
        self.reports = self.repository(REPORTS, OUTBOUND)
