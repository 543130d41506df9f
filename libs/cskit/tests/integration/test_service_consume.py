"""``python -m <service> consume`` from a declaration: the declared group's runner applies
each published event once, on real PostgreSQL and the real broker, and stops on request."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from cskit.dev.broker import TansuBroker
from cskit.messaging import OutboxRelay
from cskit.messaging.topics import TopicSpec
from cskit.service import Consumer, ServiceDeclaration, consume, parser
from cskit.settings import ServiceSettings
from cskit.testing.broker import TopicFactory, wait_until

if TYPE_CHECKING:
    from .conftest import Harness

pytestmark = pytest.mark.integration


def test_the_consume_command_runs_the_declared_group_until_stopped(
    pg: Harness, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    topic = kafka_topic()
    declaration: ServiceDeclaration[ServiceSettings, object] = ServiceDeclaration(  # type: ignore[type-var]
        name="sample",
        settings=ServiceSettings,
        build=lambda _s: object(),
        migrations=Path("/nowhere"),
        topics=lambda: (TopicSpec(topic),),
        dlt_topic=topic,
        consumers=(Consumer("sample-apply", [topic], lambda _settings: pg.apply),),
    )
    assert parser(declaration).parse_args(["consume", "--group", "sample-apply"]).group == "sample-apply"
    with pytest.raises(SystemExit):
        parser(declaration).parse_args(["consume", "--group", "someone-else"])

    staged = pg.stage(topic, "c-1", range(3))
    relay = OutboxRelay(pg.db, bootstrap_servers=kafka_broker.bootstrap, service="sample")
    assert relay.relay_once() == 3
    relay.close()

    settings = ServiceSettings(database_url=pg.db.url, kafka_bootstrap=kafka_broker.bootstrap)
    stop = threading.Event()
    worker = threading.Thread(target=consume, args=(declaration, settings, stop))
    worker.start()
    try:
        wait_until(lambda: len(pg.applied()) == 3, timeout=30)
    finally:
        stop.set()
        worker.join(30)
    assert not worker.is_alive()
    assert pg.applied() == [(e.id, "c-1", i) for i, e in enumerate(staged)]
