"""Alembic, driven from code: each service keeps its own migrations folder."""

from __future__ import annotations

from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, engine_from_config, pool

from cskit.db.engine import sync_url


def alembic_config(migrations_dir: Path, url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir))
    cfg.set_main_option("sqlalchemy.url", sync_url(url).replace("%", "%%"))
    return cfg


def upgrade(migrations_dir: Path, url: str, revision: str = "heads") -> None:
    if url.startswith("sqlite:///"):
        # SQLite needs the folder of its file to exist; PostgreSQL databases are provisioned.
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(migrations_dir, url), revision)


def revision(migrations_dir: Path, url: str, message: str, *, rev_id: str | None = None, head: str = "head") -> None:
    """Autogenerate a revision; while features land on parallel branches, name the ``head``
    to build on (``heads`` upgrade applies every branch)."""
    command.revision(alembic_config(migrations_dir, url), message=message, autogenerate=True, rev_id=rev_id, head=head)


def run_env(target_metadata: MetaData) -> None:
    """The body of every service's migrations/env.py."""
    config = context.config
    if context.is_offline_mode():
        context.configure(
            url=config.get_main_option("sqlalchemy.url"),
            target_metadata=target_metadata,
            literal_binds=True,
            render_as_batch=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config(
        config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with engine.connect() as connection:
        # Batch mode lets SQLite alter tables by copy; PostgreSQL runs plain ALTERs.
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True, compare_type=True
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
