"""The catalogue's reads: the three catalogues (ARC-03) and the records' search (issue 13
item 9), every one bounded by the caller's branches (PLT-01) and clearance (ARC-05): a volume
or a record above it is never listed, its title included."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from archives.catalogue.domain.catalogues import ItemLine, VolumeLine
from archives.catalogue.domain.events import VolumeEvent
from archives.catalogue.domain.model import Volume
from archives.catalogue.domain.search import LIKE_ESCAPE, SearchQuery, like_pattern
from archives.catalogue.persistence.rows import VolumeRow
from archives.catalogue.persistence.store import VOLUMES, volume_not_found
from archives.domain.clearance import may_see, visible_levels
from archives.domain.policy import ArchivesPolicy
from archives.records.domain.model import ArchiveRecord
from archives.records.persistence.reader import RecordReader
from archives.records.persistence.rows import RecordRow
from archives.records.persistence.store import reference_key
from cskit.calls import Call
from cskit.db.keyset import Keyset
from cskit.eventstore import StreamReader
from cskit.pagination import Page, PageTokens, page_size

_GENERAL = "catalogue:general"
# The longest general catalogue an export writes (a branch has hundreds of volumes, not tens of thousands).
MAX_EXPORT_VOLUMES = 10_000


def volume_line(v: Volume) -> VolumeLine:
    dates = sorted(i.document_date for i in v.items)
    return VolumeLine(
        volume_id=v.id,
        volume_no=v.volume_no,
        title=v.title,
        category=v.category.value,
        year=v.year,
        department=v.department,
        external=v.external,
        counterparty=v.counterparty,
        confidentiality=v.confidentiality.value,
        shelf=v.shelf,
        items=len(v.items),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
    )


class CatalogueReader(StreamReader[Volume, VolumeEvent]):
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        tokens: PageTokens,
        policy: ArchivesPolicy,
        records: RecordReader,
    ) -> None:
        super().__init__(VOLUMES, sessions, tokens=tokens)
        self.policy = policy
        self.records = records

    def cleared(self, call: Call) -> ColumnElement[bool]:
        """ARC-05: only volumes of the levels the caller may see (a volume's level bounds its items')."""
        return VolumeRow.confidentiality.in_(visible_levels(call.actor, self.policy))

    async def volume(self, volume_id: str, call: Call) -> Volume:
        volume = await self.get(volume_id, call.scope)
        if not may_see(call.actor, volume.confidentiality, self.policy):
            raise volume_not_found(volume_id)
        return volume

    async def general(self, call: Call, page: Page, branch_id: str = "") -> tuple[list[Volume], str]:
        """The general catalogue: the visible volumes in shelving order (branch, then ARC-03's order)."""
        size = page_size(page.size)
        order = (VolumeRow.branch_id, VolumeRow.shelf_key, VolumeRow.id)
        stmt = select(VolumeRow.document, VolumeRow.version, *order).where(self.cleared(call))
        if (visible := self.store.visible(call.scope)) is not None:
            stmt = stmt.where(visible)
        if branch_id:
            stmt = stmt.where(VolumeRow.branch_id == branch_id)
        if page.token and (after := self._tokens.decode(page.token, _GENERAL, (str, str, str))) is not None:
            stmt = stmt.where(tuple_(*order) > tuple_(*after))
        async with self._sessions() as session:
            rows = (await session.execute(stmt.order_by(*order).limit(size + 1))).all()
        found = [self.store.stream.restore(r.document, r.version) for r in rows[:size]]
        token = ""
        if len(rows) > size:
            last = rows[size - 1]
            token = self._tokens.encode(_GENERAL, [last.branch_id, last.shelf_key, last.id])
        return found, token

    async def whole_general(self, call: Call, branch_id: str = "") -> list[Volume]:
        found: list[Volume] = []
        token = ""
        while len(found) < MAX_EXPORT_VOLUMES:
            batch, token = await self.general(call, Page(200, token), branch_id)
            found += batch
            if not token:
                break
        return found[:MAX_EXPORT_VOLUMES]

    async def items(self, volume_id: str, call: Call) -> tuple[Volume, list[ItemLine]]:
        """The in-volume catalogue: the volume's items in date order (ARC-03), within clearance (ARC-05)."""
        volume = await self.volume(volume_id, call)
        ordered = volume.in_date_order()
        ids = [i.record_id for i in ordered]
        r = RecordRow
        stmt = select(r.id, r.title, r.confidentiality, r.state, r.notes, r.document).where(
            r.id.in_(ids), self.records.cleared(call)
        )
        if (visible := self.records.store.visible(call.scope)) is not None:
            stmt = stmt.where(visible)
        async with self._sessions() as session:
            seen = {row.id: row for row in await session.execute(stmt)} if ids else {}
        lines: list[ItemLine] = []
        for item in ordered:
            if (row := seen.get(item.record_id)) is None:
                continue
            lines.append(
                ItemLine(
                    position=len(lines) + 1,
                    item_no=item.item_no,
                    archive_no=f"{volume.volume_no}-{item.item_no}",
                    record_id=item.record_id,
                    document_date=item.document_date,
                    title=row.title,
                    confidentiality=row.confidentiality,
                    medium=str(row.document.get("medium", "")),
                    state=row.state,
                    notes=row.notes,
                )
            )
        return volume, lines

    async def search(self, call: Call, page: Page, query: SearchQuery) -> tuple[list[ArchiveRecord], str]:
        """Records of the caller's branches and clearance matching every given criterion, newest filed first."""
        r = RecordRow
        where: list[ColumnElement[bool]] = []
        if query.title:
            where.append(r.title.ilike(like_pattern(query.title), escape=LIKE_ESCAPE))
        if query.text:
            pattern = like_pattern(query.text)
            where.append(or_(r.title.ilike(pattern, escape=LIKE_ESCAPE), r.notes.ilike(pattern, escape=LIKE_ESCAPE)))
        if query.category:
            where.append(r.category == query.category)
        if query.date_from:
            where.append(r.document_date >= query.date_from)
        if query.date_to:
            where.append(r.document_date <= query.date_to)
        if query.reference_kind:
            key = like_pattern(reference_key(query.reference_kind, query.reference_value))
            where.append(r.refs.ilike(key, escape=LIKE_ESCAPE))
        newest = Keyset("search:archive record", r.created_at, r.id, newest_first=True)
        return await self.records.documents(newest, call.scope, page, self.records.cleared(call), *where)
