"""The append-only audit trail (PLT-04): who, what, when, from where.

Services record audit entries in the same transaction as the change. On PostgreSQL a
trigger refuses UPDATE and DELETE on audit tables, so "append-only" holds even against a
stray script; migrations call ``append_only_ddl``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cskit.domain.actor import Actor
from cskit.domain.rules import enforces


@dataclass(frozen=True, slots=True)
class RequestContext:
    """Where a change came from, for the audit trail."""

    actor: Actor
    request_id: str | None = None
    client_ip: str | None = None


@enforces("PLT-04")
def append_only_ddl(table: str) -> list[str]:
    """PostgreSQL statements that make ``table`` append-only."""
    fn = f"{table}_append_only"
    return [
        f"""CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'PLT-04: % is append-only', TG_TABLE_NAME; END $$""",
        f"CREATE TRIGGER {fn} BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {fn}()",
    ]


def drop_append_only_ddl(table: str) -> list[str]:
    fn = f"{table}_append_only"
    return [f"DROP TRIGGER IF EXISTS {fn} ON {table}", f"DROP FUNCTION IF EXISTS {fn}()"]


def apply_append_only(op: Any, table: str) -> None:
    """Alembic helper: install the trigger when the migration runs on PostgreSQL."""
    if op.get_bind().dialect.name == "postgresql":
        for statement in append_only_ddl(table):
            op.execute(statement)


def remove_append_only(op: Any, table: str) -> None:
    """Alembic helper, ``apply_append_only`` undone: a downgrade drops the trigger on PostgreSQL."""
    if op.get_bind().dialect.name == "postgresql":
        for statement in drop_append_only_ddl(table):
            op.execute(statement)
