"""Visit tables: each record's read projection (the whole record as ``document``) and its
append-only history, the register (PLT-04)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin, ProjectionRowMixin


class ReturnVisitRow(ProjectionRowMixin, Base):
    """AFS-06: one per completed work order (its id is the order's)."""

    __tablename__ = "aftersales_return_visits"

    order_number: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(10))
    overdue: Mapped[bool]
    due_at: Mapped[datetime]
    created_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_aftersales_return_visits_branch_created", "branch_id", "created_at", "id"),
        Index("ix_aftersales_return_visits_state_due", "state", "due_at"),
    )


class ReturnVisitEventRow(EventRowMixin, Base):
    __tablename__ = "aftersales_return_visit_events"

    visit_id: Mapped[str] = mapped_column(ForeignKey("aftersales_return_visits.id"), primary_key=True)


class SiteRow(ProjectionRowMixin, Base):
    """AFS-12: a branch's site and its household count."""

    __tablename__ = "aftersales_sites"

    name: Mapped[str] = mapped_column(String(200))
    households: Mapped[int]
    created_at: Mapped[datetime]

    __table_args__ = (Index("ix_aftersales_sites_branch_created", "branch_id", "created_at", "id"),)


class SiteEventRow(EventRowMixin, Base):
    __tablename__ = "aftersales_site_events"

    site_id: Mapped[str] = mapped_column(ForeignKey("aftersales_sites.id"), primary_key=True)


class OwnerVisitMonthRow(ProjectionRowMixin, Base):
    """AFS-12: one site's owner visits in one local month."""

    __tablename__ = "aftersales_owner_visit_months"

    site_id: Mapped[str] = mapped_column(String(36))
    month: Mapped[str] = mapped_column(String(7))
    visited: Mapped[int]
    closed: Mapped[bool]
    created_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_aftersales_owner_visit_months_branch_created", "branch_id", "created_at", "id"),
        Index("ix_aftersales_owner_visit_months_month", "month", "site_id"),
    )


class OwnerVisitMonthEventRow(EventRowMixin, Base):
    __tablename__ = "aftersales_owner_visit_month_events"

    tally_id: Mapped[str] = mapped_column(ForeignKey("aftersales_owner_visit_months.id"), primary_key=True)


class SurveyCampaignRow(ProjectionRowMixin, Base):
    """AFS-06: a site's June or December survey."""

    __tablename__ = "aftersales_survey_campaigns"

    site_id: Mapped[str] = mapped_column(String(36))
    month: Mapped[str] = mapped_column(String(7))
    closed: Mapped[bool]
    created_at: Mapped[datetime]

    __table_args__ = (Index("ix_aftersales_survey_campaigns_branch_created", "branch_id", "created_at", "id"),)


class SurveyCampaignEventRow(EventRowMixin, Base):
    __tablename__ = "aftersales_survey_campaign_events"

    campaign_id: Mapped[str] = mapped_column(ForeignKey("aftersales_survey_campaigns.id"), primary_key=True)
