"""The charges' part of the composition root: the PriceListService and QuoteService, and the
two completion timers a sign-off sets: the charge for finance and the filing request."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from aftersales.charges.api import servicer as api
from aftersales.charges.app.handlers import CHARGE, FILING, ChargeHandlers
from aftersales.charges.domain.events import ChargeRaised
from aftersales.charges.domain.policy import ChargesPolicy
from aftersales.charges.persistence.reader import PriceListReader, QuoteReader
from aftersales.charges.persistence.uow import SqlChargesUnitOfWork
from aftersales.observability import CHARGED_YUAN, CHARGES, FILING_REQUESTS
from aftersales.wiring import Parts, Wiring, system_call
from cskit.records import registration
from cskit.timers import Timer, TimerHandler

# A signed-off order's charge (AFS-05) and filing (AFS-04), each once (subject: the order id).
ON_COMPLETION = (CHARGE, FILING)
SYSTEM = system_call("charges and filing of completed work orders (AFS-05, AFS-04)")


def policy(w: Wiring) -> ChargesPolicy:
    s = w.settings
    return ChargesPolicy(
        currency=s.currency,
        max_quote_lines=s.quote_max_lines,
        reported_time_skew=w.policy.reported_time_skew,
        work_order_retention_years=s.work_order_retention_years,
    )


def parts(w: Wiring) -> Parts:
    handlers = ChargeHandlers(lambda call: SqlChargesUnitOfWork(w.sessions, call, w.clock), w.clock, policy(w))

    def completed(kind: str) -> TimerHandler:
        async def fire(session: AsyncSession, timer: Timer) -> None:
            # Joins the runner's transaction: the charge or filing commits with the timer.
            done = await handlers.completed(
                timer.subject, kind, SqlChargesUnitOfWork(w.sessions, SYSTEM, w.clock, session)
            )
            branch = done.completion.branch_id
            if done.filed:
                FILING_REQUESTS.labels(branch).inc()
            if done.charged and isinstance(raised := done.completion.history[-1], ChargeRaised):
                CHARGES.labels(branch).inc()
                CHARGED_YUAN.labels(branch, raised.currency).inc(float(raised.total))

        return fire

    price_list = api.PriceListServicer(handlers, PriceListReader(w.sessions, tokens=w.tokens))
    quotes = api.QuoteServicer(handlers, QuoteReader(w.sessions, tokens=w.tokens))
    return Parts(
        [
            registration(api.PRICE_LIST, api.add_price_list, price_list),
            registration(api.QUOTES, api.add_quotes, quotes),
        ],
        {CHARGE: completed(CHARGE), FILING: completed(FILING)},
    )
