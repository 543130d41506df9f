"""The catalogue's part of the composition root: CatalogueService."""

from __future__ import annotations

from archives.catalogue.api import servicer as api
from archives.catalogue.app.handlers import CatalogueHandlers
from archives.catalogue.domain.policy import CataloguePolicy
from archives.catalogue.persistence.gauges import refresh_catalogue_gauges
from archives.catalogue.persistence.reader import CatalogueReader
from archives.catalogue.persistence.uow import SqlCatalogueUnitOfWork
from archives.records import wiring as records
from archives.wiring import Parts, Wiring
from cskit.records import registration


def policy(w: Wiring) -> CataloguePolicy:
    s = w.settings
    return CataloguePolicy(codes=dict(s.catalogue_category_codes), max_items=s.catalogue_volume_max_items)


def reader(w: Wiring) -> CatalogueReader:
    return CatalogueReader(w.sessions, tokens=w.tokens, policy=w.policy, records=records.reader(w))


def parts(w: Wiring) -> Parts:
    handlers = CatalogueHandlers(
        lambda call: SqlCatalogueUnitOfWork(w.sessions, call, w.clock), w.clock, policy(w), w.policy
    )
    servicer = api.CatalogueServicer(handlers, reader(w), w.clock)
    return Parts([registration(api.SERVICE_DESCRIPTOR, api.add_to_server, servicer)], gauges=[refresh_catalogue_gauges])
