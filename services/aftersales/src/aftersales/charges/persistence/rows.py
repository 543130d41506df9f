"""Charges tables: each record's read projection (the whole record as ``document``) and its
append-only history (PLT-04): the price list's items, the quotes, and the completed orders'
charge and filing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin


class PriceItemRow(Base):
    __tablename__ = "aftersales_price_items"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_aftersales_price_items_branch_code", "branch_id", "code", unique=True),
        Index("ix_aftersales_price_items_branch_created", "branch_id", "created_at", "id"),
    )


class PriceItemEventRow(EventRowMixin, Base):
    __tablename__ = "aftersales_price_item_events"

    item_id: Mapped[str] = mapped_column(ForeignKey("aftersales_price_items.id"), primary_key=True)


class QuoteRow(Base):
    __tablename__ = "aftersales_quotes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    order_id: Mapped[str] = mapped_column(String(36))
    state: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_aftersales_quotes_order", "order_id"),
        Index("ix_aftersales_quotes_branch_created", "branch_id", "created_at", "id"),
    )


class QuoteEventRow(EventRowMixin, Base):
    __tablename__ = "aftersales_quote_events"

    quote_id: Mapped[str] = mapped_column(ForeignKey("aftersales_quotes.id"), primary_key=True)


class CompletionRow(Base):
    """One per signed-off order (its id): whether its charge and its filing went out."""

    __tablename__ = "aftersales_completions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    charged: Mapped[bool] = mapped_column(Boolean)
    filed: Mapped[bool] = mapped_column(Boolean)
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)


class CompletionEventRow(EventRowMixin, Base):
    __tablename__ = "aftersales_completion_events"

    order_id: Mapped[str] = mapped_column(ForeignKey("aftersales_completions.id"), primary_key=True)
