"""PLT-04: an audit table made append-only by ``cskit.audit.append_only_ddl`` refuses UPDATE
and DELETE on PostgreSQL, even from a stray script; INSERT still works."""

from __future__ import annotations

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from cskit.audit import append_only_ddl, apply_append_only, drop_append_only_ddl, remove_append_only
from cskit.db.engine import sync_url

pytestmark = pytest.mark.integration


def test_plt_04_an_append_only_table_refuses_update_and_delete(pg_url: str) -> None:
    engine = create_engine(sync_url(pg_url))
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE trail (id int PRIMARY KEY, what text)"))
            for statement in append_only_ddl("trail"):
                conn.execute(text(statement))
            conn.execute(text("INSERT INTO trail VALUES (1, 'approved')"))
        for statement in ("UPDATE trail SET what = 'rejected'", "DELETE FROM trail"):
            with pytest.raises(DBAPIError, match="PLT-04: trail is append-only"), engine.begin() as conn:
                conn.execute(text(statement))
        with engine.begin() as conn:
            assert conn.execute(text("SELECT what FROM trail")).scalars().all() == ["approved"]
            for statement in drop_append_only_ddl("trail"):
                conn.execute(text(statement))
            conn.execute(text("DELETE FROM trail"))  # a migration's downgrade may drop the guard
    finally:
        engine.dispose()


def test_plt_04_the_alembic_helpers_install_and_remove_the_guard(pg_url: str) -> None:
    engine = create_engine(sync_url(pg_url))
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE trail2 (id int PRIMARY KEY)"))
            apply_append_only(Operations(MigrationContext.configure(conn)), "trail2")
            conn.execute(text("INSERT INTO trail2 VALUES (1)"))
        with pytest.raises(DBAPIError, match="PLT-04: trail2 is append-only"), engine.begin() as conn:
            conn.execute(text("DELETE FROM trail2"))
        with engine.begin() as conn:
            remove_append_only(Operations(MigrationContext.configure(conn)), "trail2")
            conn.execute(text("DELETE FROM trail2"))  # the downgrade removed the guard
    finally:
        engine.dispose()
