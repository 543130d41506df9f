"""Alembic, driven from code: each service keeps its own migrations folder, and every service
database also carries the kit's branch (``cskit``: outbox, processed events, timers,
idempotency keys, the customer-data trail and export grants), whose revisions live in the kit (``KIT_VERSIONS``). ``upgrade`` to
``heads`` applies both."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, engine_from_config, pool

from cskit.db.engine import sync_url

KIT_VERSIONS = Path(__file__).parent / "kit_migrations" / "versions"
KIT_BRANCH = "cskit"


def alembic_config(migrations_dir: Path, url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir))
    # The service's revisions and the kit's branch, one history per database.
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", os.pathsep.join([str(migrations_dir / "versions"), str(KIT_VERSIONS)]))
    cfg.set_main_option("sqlalchemy.url", sync_url(url).replace("%", "%%"))
    return cfg


def upgrade(migrations_dir: Path, url: str, revision: str = "heads") -> None:
    if url.startswith("sqlite:///"):
        # SQLite needs the folder of its file to exist; PostgreSQL databases are provisioned.
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(migrations_dir, url), revision)


def kit_head(migrations_dir: Path, url: str) -> str:
    """The head of the kit's own branch, as a service's migrations include it."""
    script = ScriptDirectory.from_config(alembic_config(migrations_dir, url))
    return str(script.get_revision(f"{KIT_BRANCH}@head").revision)


def service_head(migrations_dir: Path, url: str) -> str:
    """The service's own head revision (the kit's branch has its own)."""
    script = ScriptDirectory.from_config(alembic_config(migrations_dir, url))
    kit = {r.revision for r in script.iterate_revisions(f"{KIT_BRANCH}@head", "base")}
    heads = [h for h in script.get_heads() if h not in kit]
    if len(heads) != 1:
        raise RuntimeError(f"the service's migrations have {len(heads)} heads {heads}: merge them first")
    return heads[0]


def revision(
    migrations_dir: Path, url: str, message: str, *, rev_id: str | None = None, head: str | None = None
) -> None:
    """Autogenerate a revision in the service's folder, on the service's head unless ``head``
    names another (while features land on parallel branches)."""
    cfg = alembic_config(migrations_dir, url)
    command.revision(
        cfg,
        message=message,
        autogenerate=True,
        rev_id=rev_id,
        head=head or service_head(migrations_dir, url),
        version_path=str(migrations_dir / "versions"),
    )


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
