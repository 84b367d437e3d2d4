"""Tables of the history store (SQLAlchemy 2.x declarative models).

Each scan keeps its scores and counts as columns (so lists and charts need no JSON
parsing), one row per item verdict, one row per evidence URL, and the whole result.json
so a diff or a baseline can be computed from history exactly as from files.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Site(Base):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(512), unique=True, index=True)  # normalised URL
    url: Mapped[str] = mapped_column(String(2048))
    code: Mapped[str | None] = mapped_column(String(64), index=True)
    name: Mapped[str | None] = mapped_column(String(512))
    type: Mapped[str | None] = mapped_column(String(128))
    province: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime)

    scans: Mapped[list[Scan]] = relationship(back_populates="site", cascade="all, delete-orphan")


class Scan(Base):
    __tablename__ = "scans"
    __table_args__ = (Index("ix_scans_site_finished", "site_id", "finished_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    profile: Mapped[str | None] = mapped_column(String(64))
    fiscal_year: Mapped[int | None] = mapped_column(Integer)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    generated_at: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(32))  # ok | partial | unreachable | blocked | error
    tool_name: Mapped[str | None] = mapped_column(String(64))
    tool_version: Mapped[str | None] = mapped_column(String(64))
    oit: Mapped[float | None] = mapped_column(Float)
    oit_min: Mapped[float | None] = mapped_column(Float)
    oit_max: Mapped[float | None] = mapped_column(Float)
    level: Mapped[str | None] = mapped_column(String(16))
    scores: Mapped[dict | None] = mapped_column(JSON)
    pages: Mapped[int | None] = mapped_column(Integer)
    documents: Mapped[int | None] = mapped_column(Integer)
    errors: Mapped[int | None] = mapped_column(Integer)
    n_items: Mapped[int] = mapped_column(Integer, default=0)
    n_pass: Mapped[int] = mapped_column(Integer, default=0)
    n_fail: Mapped[int] = mapped_column(Integer, default=0)
    n_unreadable: Mapped[int] = mapped_column(Integer, default=0)
    n_found: Mapped[int] = mapped_column(Integer, default=0)  # items with at least one evidence
    source: Mapped[str | None] = mapped_column(String(32))  # scan | batch | celery | import
    batch: Mapped[str | None] = mapped_column(String(64), index=True)
    error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))  # SQL NULL when there is no result

    site: Mapped[Site] = relationship(back_populates="scans")
    items: Mapped[list[ItemResult]] = relationship(back_populates="scan", cascade="all, delete-orphan")


class ItemResult(Base):
    __tablename__ = "item_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str | None] = mapped_column(Text)
    group: Mapped[str | None] = mapped_column("grp", String(16))
    verdict: Mapped[str] = mapped_column(String(16))
    score: Mapped[float | None] = mapped_column(Float)
    findings: Mapped[list | None] = mapped_column(JSON)

    scan: Mapped[Scan] = relationship(back_populates="items")
    evidence: Mapped[list[Evidence]] = relationship(back_populates="item", cascade="all, delete-orphan")


class Evidence(Base):
    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item_results.id", ondelete="CASCADE"), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))

    item: Mapped[ItemResult] = relationship(back_populates="evidence")
