"""The event store's tables: maps hold articles; articles hold place mentions and events.

Reviewers' corrections are kept in their own table and replayed after every (re-)extraction, so
a fix survives re-processing with a newer pipeline. Events carry ``map_id`` as well as
``article_id`` because every map query filters on it (indexes on date, type, location).

The schema is created and upgraded by Alembic (``store/migrations``); this module is the model
the code reads and writes through, and must agree with the latest migration (a test checks).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, LargeBinary,
                        String, Text, UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class MapRow(Base):
    """A collection of articles and their events, shared through two unguessable tokens."""

    __tablename__ = "maps"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    view_token: Mapped[str] = mapped_column(String(64), unique=True)
    edit_token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ArticleRow(Base):
    __tablename__ = "articles"
    __table_args__ = (UniqueConstraint("map_id", "content_hash", name="uq_article_text"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    date_found: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    warnings: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    added_at: Mapped[datetime] = mapped_column(DateTime)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime)


class PlaceRow(Base):
    __tablename__ = "places"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geonameid: Mapped[int | None] = mapped_column(Integer)
    country_code: Mapped[str | None] = mapped_column(String(8))
    admin1: Mapped[str | None] = mapped_column(Text)
    admin1_code: Mapped[str | None] = mapped_column(String(32))
    feature: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float)
    precision_km: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_map_date", "map_id", "event_date"),
        Index("ix_events_map_type", "map_id", "event_type"),
        Index("ix_events_map_location", "map_id", "country", "admin1"),
        Index("ix_events_map_latlon", "map_id", "lat", "lon"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            index=True)
    # What extraction called this event (sentence span, type, place): corrections point at it
    # and find it again after re-processing. None for events a reviewer added.
    anchor: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(16), default="extracted")  # or "reviewer"
    event_type: Mapped[str] = mapped_column(String(64))
    sub_event_type: Mapped[str | None] = mapped_column(String(64))
    disorder_type: Mapped[str | None] = mapped_column(String(64))
    actor1: Mapped[str | None] = mapped_column(Text)
    actor2: Mapped[str | None] = mapped_column(Text)
    assoc_actors: Mapped[str | None] = mapped_column(Text)  # "; "-joined, as ACLED writes them
    inter1: Mapped[str | None] = mapped_column(String(64))
    inter2: Mapped[str | None] = mapped_column(String(64))
    interaction: Mapped[str | None] = mapped_column(String(128))
    civilian_targeting: Mapped[bool] = mapped_column(Boolean, default=False)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    injuries: Mapped[int | None] = mapped_column(Integer)
    event_date: Mapped[date | None] = mapped_column(Date)
    time_precision: Mapped[int | None] = mapped_column(Integer)
    background: Mapped[bool] = mapped_column(Boolean, default=False)
    location: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    admin1: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    country_code: Mapped[str | None] = mapped_column(String(8))
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[int] = mapped_column(Integer, default=0)
    end: Mapped[int] = mapped_column(Integer, default=0)
    trigger: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)


class CorrectionRow(Base):
    """One reviewer action, replayed in id order after each extraction of the article."""

    __tablename__ = "corrections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            index=True)
    kind: Mapped[str] = mapped_column(String(16))     # "event" or "place"
    action: Mapped[str] = mapped_column(String(16))   # "update", "delete" or "add"
    target: Mapped[str | None] = mapped_column(Text)  # event anchor or place "start:end"
    changes: Mapped[str] = mapped_column(Text, default="{}")  # JSON object
    created_at: Mapped[datetime] = mapped_column(DateTime)


class UploadJobRow(Base):
    """A batch of drafts being added to a map, kept so a batch cut short can be resumed."""

    __tablename__ = "upload_jobs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class UploadItemRow(Base):
    """One draft of a job: everything extraction needs, so a resume needs no re-upload."""

    __tablename__ = "upload_items"
    __table_args__ = (Index("ix_upload_items_job_status", "job_id", "status", "position"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("upload_jobs.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    date_found: Mapped[bool] = mapped_column(Boolean, default=False)
    external_id: Mapped[str | None] = mapped_column(Text)  # unbounded, as a batch file gives it
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # or "done", "failed"
    message: Mapped[str] = mapped_column(Text, default="")
    # Runs that started on this draft: one that keeps killing the server is failed, not retried.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    article_id: Mapped[int | None] = mapped_column(Integer)  # no FK: the article may be deleted
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)


class MapSnapshotRow(Base):
    """A map's unfiltered Map page, prepared by whoever last wrote its data (maps/snapshot.py),
    so a first visit reads one row instead of querying and preparing 50,000 events. Valid only
    while ``version`` equals the map's ``Store.data_version``; a stale one is ignored."""

    __tablename__ = "map_snapshots"
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"),
                                        primary_key=True)
    version: Mapped[str] = mapped_column(Text)         # JSON list: the data version it shows
    made_at: Mapped[datetime] = mapped_column(DateTime)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
