"""The register's lists: the kit's stream reader with the register's filters."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement

from cskit.domain import BranchScope
from cskit.eventstore import StreamReader
from cskit.pagination import Page
from keys.register.domain.events import KeySetEvent
from keys.register.domain.model import KeySet
from keys.register.persistence.rows import KeySetRow


@dataclass(frozen=True, slots=True, kw_only=True)
class KeySetFilter:
    state: str = ""
    kind: str = ""
    cabinet: str = ""
    custodian: str = ""

    def where(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        for name in ("state", "kind", "cabinet", "custodian"):
            if value := getattr(self, name):
                found.append(getattr(KeySetRow, name) == value)
        return found


class KeySetReader(StreamReader[KeySet, KeySetEvent]):
    async def find(self, scope: BranchScope, page: Page, wanted: KeySetFilter) -> tuple[list[KeySet], str]:
        return await self.documents(self.oldest_first, scope, page, *wanted.where())
