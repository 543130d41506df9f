"""The relay's declared topics, kept present on the broker before anything is published to them."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Sequence

from kafka import KafkaAdminClient

from cskit.messaging.topics import TopicSpec, ensure_topics

log = logging.getLogger("cskit.messaging.relay")


class DeclaredTopics:
    """The topics a relay publishes to, with their declared partitions; never auto-created."""

    def __init__(
        self, bootstrap_servers: str | list[str], specs: Sequence[TopicSpec], *, timeout: float, client_id: str
    ) -> None:
        self._bootstrap = bootstrap_servers
        self._specs = {spec.name: spec for spec in specs}
        self._timeout_ms = int(timeout * 1000)
        self._client_id = client_id
        self._admin: KafkaAdminClient | None = None

    @property
    def declared(self) -> bool:
        return bool(self._specs)

    def ensure(self, names: Iterable[str] | None = None) -> list[str]:
        """Create the declared topics (all, or those among ``names``) that the broker lacks.

        Called at start and after a failed send: a broker that lost its topics (a restart of a
        memory-only broker, a cluster rebuilt) gets them back with their declared partitions
        before anything is published, never through auto-creation. Returns the topics checked.
        """
        wanted = None if names is None else set(names)
        specs = [s for n, s in self._specs.items() if wanted is None or n in wanted]
        if specs:
            ensure_topics(self._bootstrap, specs, timeout_ms=self._timeout_ms)
        return [s.name for s in specs]

    def check(self) -> None:
        """Before a pass: recreate the declared topics that the broker does not have.

        A broker that auto-creates on produce (Tansu, Kafka with auto-create on) would otherwise
        answer a producer holding metadata from before a restart by creating the topic with its
        own default partition count. One metadata round trip (which never auto-creates) per pass
        that has declared topics; the admin client is kept between passes.
        """
        declared = sorted(self._specs)
        if not declared:
            return
        if self._admin is None:
            self._admin = KafkaAdminClient(
                bootstrap_servers=self._bootstrap, request_timeout_ms=self._timeout_ms, client_id=self._client_id
            )
        try:
            present = set(self._admin.list_topics())
        except Exception:
            self.close()
            raise
        missing = [t for t in declared if t not in present]
        if missing:
            log.warning("topics %s are missing on the broker; creating them as declared", missing)
            self.ensure(missing)

    def recreate_after_failure(self, topics: Iterable[str]) -> None:
        # kafka-python reports a missing topic as a metadata timeout rather than a distinct
        # error, so any failed send re-checks its declared topics (a cheap, idempotent admin call).
        try:
            self.ensure(sorted(topics))
        except Exception:
            log.warning("could not ensure topics after a failed send", exc_info=True)

    def close(self) -> None:
        admin, self._admin = self._admin, None
        if admin is not None:
            with contextlib.suppress(Exception):
                admin.close()
