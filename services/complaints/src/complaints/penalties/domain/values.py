"""The sanction vocabulary (CMP-11), shared by events and the aggregate."""

from __future__ import annotations

from enum import StrEnum


class SanctionKind(StrEnum):
    UNSPECIFIED = "unspecified"
    WARNING = "warning"
    MINOR_DEMERIT = "minor_demerit"
    MAJOR_DEMERIT = "major_demerit"


class SanctionStatus(StrEnum):
    UNSPECIFIED = "unspecified"
    PROPOSED = "proposed"
    APPROVED = "approved"
    PUBLISHED = "published"
