"""Contact commands (CMP-14), named like their RPCs (``cskit.servicing.command_methods``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkContact:
    contact_id: str
    complaint_id: str
