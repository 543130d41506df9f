"""How an idle outbox relay learns there is work: LISTEN on PostgreSQL, adaptive polling elsewhere.

PostgreSQL: ``stage`` makes every committing transaction that staged outbox rows send
``NOTIFY cs_outbox`` (see ``cskit.messaging.outbox``). ``OutboxListener`` holds one dedicated
autocommit psycopg connection that LISTENs on that channel; ``wait`` returns as soon as a
notification arrives, or after the timeout (the relay's safety net for anything missed).

No notification can fall between a relay pass and the next wait: LISTEN is in force before
the pass starts, so a commit during the pass leaves a notification queued for the next wait.
When the connection breaks (server restart, ``pg_terminate_backend``), the next ``wait``
reconnects, LISTENs again and reports a wake-up, so the relay makes a pass that picks up
whatever committed while nobody was listening.

Other databases (SQLite, the embedded default) have no NOTIFY: ``PollingBackoff`` polls
quickly right after a pass found work and backs off exponentially to the idle interval.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import psycopg
from sqlalchemy import Engine

from cskit.messaging.outbox import NOTIFY_CHANNEL

log = logging.getLogger("cskit.messaging.relay")

# A wait is cut into slices this long so that ``stop`` is honoured promptly.
_STOP_CHECK = 0.25


class OutboxListener:
    """A dedicated LISTEN connection for one relay; not thread-safe (the relay loop owns it)."""

    def __init__(self, engine: Engine, *, application_name: str = "cs-outbox-relay-listener") -> None:
        # The engine's own connect arguments (host, database, user, password, options), but a
        # connection outside its pool: a LISTEN must stay on one session for the relay's life.
        cargs, cparams = engine.dialect.create_connect_args(engine.url)
        self._connect_args: tuple[list[Any], dict[str, Any]] = (list(cargs), dict(cparams))
        self.application_name = application_name
        self._conn: psycopg.Connection[Any] | None = None
        self._failures = 0

    @property
    def connected(self) -> bool:
        return self._conn is not None and not self._conn.closed

    def connect(self) -> None:
        """Open the connection and LISTEN; raises if the database is unreachable."""
        self.close()
        args, params = self._connect_args
        conn = psycopg.connect(
            *args, **{"connect_timeout": 5, **params, "autocommit": True, "application_name": self.application_name}
        )
        try:
            conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
        except Exception:
            conn.close()
            raise
        self._conn = conn
        self._failures = 0

    def wait(self, timeout: float, stop: threading.Event) -> bool:
        """Block until a notification, ``timeout`` seconds or ``stop``; True when woken by the database.

        Also True right after a (re)connection: notifications sent while nobody listened are lost,
        so the caller must look for work once.
        """
        deadline = time.monotonic() + timeout
        if not self.connected:
            try:
                self.connect()
            except Exception as exc:
                self._failures += 1
                # Not fatal: the relay still polls at the idle interval, and its own queries
                # back off while the database is away. Log the first failure and then rarely.
                if self._failures == 1 or self._failures % 60 == 0:
                    log.warning("outbox relay cannot LISTEN (%s); polling every %.2fs", exc, timeout)
                stop.wait(max(0.0, deadline - time.monotonic()))
                return False
            log.info("outbox relay listening on %s", NOTIFY_CHANNEL)
            return True
        conn = self._conn
        assert conn is not None
        try:
            while not stop.is_set():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                if any(True for _ in conn.notifies(timeout=min(remaining, _STOP_CHECK), stop_after=1)):
                    # Drain what else is queued: one pass serves every commit so far.
                    for _ in conn.notifies(timeout=0):
                        pass
                    return True
            return False
        except psycopg.Error as exc:
            log.warning("outbox relay LISTEN connection lost (%s); reconnecting", exc)
            self.close()
            return self.wait(max(0.0, deadline - time.monotonic()), stop)

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:
                log.debug("error closing the LISTEN connection", exc_info=True)


class PollingBackoff:
    """Poll delays without NOTIFY: ``busy`` after a pass that found work, doubling to ``idle``."""

    def __init__(self, *, busy: float, idle: float) -> None:
        self.busy = min(busy, idle)
        self.idle = idle
        self._next = idle

    def after_pass(self, found_work: bool) -> float:
        """The delay before the next pass."""
        if found_work:
            self._next = self.busy
        else:
            self._next = min(self.idle, max(self._next, self.busy / 2) * 2)
        return self._next
