"""The retention policy: who seals, holds, proposes and approves, and when the sealing list
is made (``ArchivesSettings``, retention block). The retention periods and the sealing year
themselves are the archives policy's (``archives.domain.policy``), used by the record."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# ARC-04: who seals files into archive bags and proposes destructions (the archivist).
ARCHIVIST_ROLES = frozenset({"archivist"})
# ARC-11: who places and releases holds: the archives.keep roles.
KEEPER_ROLES = frozenset({"archivist", "manager", "legal"})
# ARC-11: who approves a destruction: manager or above.
APPROVER_ROLES = frozenset({"manager", "director", "general_manager"})


@dataclass(frozen=True, slots=True, kw_only=True)
class RetentionPolicy:
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    sealers: frozenset[str] = ARCHIVIST_ROLES
    proposers: frozenset[str] = ARCHIVIST_ROLES
    keepers: frozenset[str] = KEEPER_ROLES
    approvers: frozenset[str] = APPROVER_ROLES
    # ARC-04: the daily sealing-due list is made at this branch-local time.
    sealing_list_at: time = time(6, 0)
    # At most this many records in one sealing, hold or destruction proposal.
    max_records: int = 200

    def next_sealing_list(self, now: datetime) -> datetime:
        """The next ``sealing_list_at`` (branch-local) strictly after ``now``."""
        today = now.astimezone(self.zone).date()
        at = self._at(today)
        return at if at > now else self._at(today + timedelta(days=1))

    def _at(self, day: date) -> datetime:
        return datetime.combine(day, self.sealing_list_at, tzinfo=self.zone).astimezone(UTC)
