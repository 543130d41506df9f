"""Builders the archives tests share (unit, integration, e2e helpers): actors of each role, the
policy and a filed record of any category and level. Test support, never imported by the service."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from archives.catalogue.domain.model import Volume
from archives.catalogue.domain.policy import CataloguePolicy
from archives.domain.policy import ArchivesPolicy
from archives.records.domain.model import ArchiveRecord
from cskit.calls import Call
from cskit.domain import Actor

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # 09:00 in Asia/Shanghai, a Monday
POLICY = ArchivesPolicy()


def actor(subject: str, *roles: str, branch: str = "b1", grade: int = 0) -> Actor:
    return Actor(subject=subject, branch_id=branch, roles=frozenset(roles or {"agent"}), grade=grade)


def call(subject: str, *roles: str, branch: str = "b1", grade: int = 0) -> Call:
    return Call(actor=actor(subject, *roles, branch=branch, grade=grade))


ARCHIVIST = call("archivist-1", "archivist")
AGENT = call("agent-1", "agent")
LEAD = call("lead-1", "team_lead", grade=2)
MANAGER = call("manager-1", "manager", grade=3)
GM = call("gm-1", "general_manager", grade=4)
OTHER_BRANCH = call("archivist-2", "archivist", branch="b2")


def record(
    category: str = "company_document",
    *,
    confidentiality: str = "internal",
    title: str = "",
    document_date: date = date(2026, 10, 8),
    medium: str = "paper",
    department: str = "customer_service",
    by: Call = ARCHIVIST,
    now: datetime = T0,
    policy: ArchivesPolicy = POLICY,
) -> ArchiveRecord:
    """A record on the shelf, as the archivist filed it by hand (its events still pending)."""
    ident = str(uuid.uuid4())
    return ArchiveRecord.file(
        record_id=ident,
        actor=by.actor,
        branch_id=by.actor.branch_id,
        policy=policy,
        title=title or f"{category} {ident[:8]}",
        category=category,
        confidentiality=confidentiality,
        medium=medium,
        department=department,
        handed_over_by="clerk-1",
        document_date=document_date,
        original=True,
        file_pointer="objects/archives/scan.pdf" if medium == "electronic" else "",
        now=now,
    )


def volume(seq: int = 1) -> Volume:
    """An internal volume of b1's customer-service company documents for 2026, opened at T0."""
    return Volume.open(
        volume_id="v-1",
        actor=ARCHIVIST.actor,
        branch_id="b1",
        seq=seq,
        title="2026年客服部公司文件",
        category="company_document",
        year=2026,
        department="customer_service",
        shelf="A-1",
        external=False,
        counterparty="",
        confidentiality="internal",
        policy=CataloguePolicy(),
        archives=POLICY,
        now=T0,
    )
