"""The leavers' numbers (``CS_ARCHIVES_LEAVERS_*``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True, kw_only=True)
class LeaversPolicy:
    # ARC-09: how often an uncleared case checks again for the files still out.
    recheck_every: timedelta = timedelta(minutes=60)
