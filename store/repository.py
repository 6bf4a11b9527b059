"""Reading and writing maps, articles, places, events, corrections and upload jobs.

Every write takes an :class:`Access` and refuses one without edit rights: the server enforces a
read-only share link, whatever the page shows. Reads take a map id and return plain records or
pandas frames (pages filter and plot frames; filters run in SQL, not in a loop per event).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from typing import Any, Iterable

import pandas as pd
from sqlalchemy import Engine, and_, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from extract.types import ArticleResult, Place
from store import jobs
from store.filters import EventFilter
from store.jobs import JobInfo, JobItem
from store.schema import (ArticleRow, CorrectionRow, EventRow, MapRow, MapSnapshotRow, PlaceRow,
                          UploadItemRow, UploadJobRow)

TOKEN_BYTES = 24  # 192 bits: unguessable, and 32 URL-safe characters


class PermissionDenied(PermissionError):
    """A write through a read-only link (or a token that does not open this map)."""


class NotFound(LookupError):
    pass


@dataclass(frozen=True)
class MapInfo:
    id: int
    name: str
    view_token: str
    edit_token: str
    created_at: datetime


@dataclass(frozen=True)
class Access:
    """What a visitor may do with one map; made only by :meth:`Store.access` / ``owner_access``."""

    map: MapInfo
    can_edit: bool

    @property
    def map_id(self) -> int:
        return self.map.id


@dataclass(frozen=True)
class AddOutcome:
    article_id: int
    created: bool          # False: the same text was already on this map
    n_places: int
    n_events: int


@dataclass(frozen=True)
class NewArticle:
    """One extracted article for :meth:`Store.add_articles`, with what add_article takes."""

    result: ArticleResult
    source: str | None = None
    date_found: bool = False
    external_id: str | None = None


@dataclass(frozen=True)
class ArticleRecord:
    id: int
    map_id: int
    title: str | None
    url: str | None
    published: date | None
    date_found: bool
    source: str | None
    text: str
    warnings: list[str]
    added_at: datetime
    external_id: str | None = None


@dataclass(frozen=True)
class FilterOptions:
    """The values the sidebar offers, from what the map holds."""

    date_min: date | None
    date_max: date | None
    event_types: list[str]
    actors: list[str]
    countries: list[str]
    admin1: list[str]
    articles: list[tuple[int, str]] = field(default_factory=list)  # (id, label)
    max_fatalities: int = 0


# Event fields a reviewer may change (and a correction may carry).
EVENT_FIELDS = (
    "event_type", "sub_event_type", "disorder_type", "actor1", "actor2", "assoc_actors",
    "inter1", "inter2", "interaction", "civilian_targeting", "fatalities", "injuries",
    "event_date", "time_precision", "background", "location", "lat", "lon", "admin1", "country",
    "country_code", "geo_precision", "sentence", "start", "end", "trigger",
)
PLACE_FIELDS = ("name", "lat", "lon", "geonameid", "country_code", "admin1", "admin1_code",
                "feature", "precision_km", "note")
# Shown to pages (and exports) for each event, in this order.
EVENT_COLUMNS = ("id", "article_id", "origin", "reviewed") + EVENT_FIELDS + ("confidence",)
# What the Map page reads of each event (``Store.map_frame``): the map's data and region totals
# (maps/eventdata.py, maps/choropleth.py), the timeline, the counts and the selection table.
MAP_COLUMNS = ("id", "article_id", "event_type", "sub_event_type", "actor1", "actor2",
               "fatalities", "injuries", "event_date", "background", "location", "lat", "lon",
               "admin1", "country", "geo_precision")
# ... and for maps small enough for popups to quote them.
MAP_TEXT_COLUMNS = ("sentence", "article_title", "article_url")


def typed_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """An events query's frame with dates as ``datetime.date`` and counts as Int64."""
    frame["event_date"] = pd.to_datetime(frame["event_date"]).dt.date
    for name in ("fatalities", "injuries", "geo_precision", "time_precision"):
        if name in frame.columns:
            frame[name] = frame[name].astype("Int64")  # counts stay integers, unknown stays NA
    return frame


def content_hash(text: str) -> str:
    """Same article, same hash, whatever its line wrapping: duplicates are found by this."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def _map_info(row: MapRow) -> MapInfo:
    return MapInfo(row.id, row.name, row.view_token, row.edit_token, row.created_at)


def event_anchor(event: Any) -> str:
    """Sentence span, type and place: stable across re-extraction of the same text."""
    return f"{event.start}-{event.end}|{event.event_type}|{event.location or ''}"


def _event_values(event: Any) -> dict[str, Any]:
    return {
        "anchor": event_anchor(event), "origin": "extracted",
        "event_type": event.event_type, "sub_event_type": event.sub_event_type,
        "disorder_type": event.disorder_type, "actor1": event.actor1, "actor2": event.actor2,
        "assoc_actors": "; ".join(event.assoc_actors) or None,
        "inter1": event.inter1, "inter2": event.inter2, "interaction": event.interaction,
        "civilian_targeting": bool(event.civilian_targeting), "fatalities": event.fatalities,
        "injuries": event.injuries, "event_date": event.date,
        "time_precision": event.time_precision, "background": bool(event.background),
        "location": event.location, "lat": event.lat, "lon": event.lon, "admin1": event.admin1,
        "country": event.country, "country_code": event.country_code,
        "geo_precision": event.geo_precision, "sentence": event.sentence, "start": event.start,
        "end": event.end, "trigger": event.trigger, "confidence": float(event.confidence),
        "reviewed": False,
    }


def _place_values(place: Place) -> dict[str, Any]:
    values = place.to_json()
    values["reviewed"] = False
    return values


def _clean_event_changes(changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(EVENT_FIELDS)
    if unknown:
        raise ValueError(f"not event fields: {', '.join(sorted(unknown))}")
    out = dict(changes)
    if isinstance(out.get("event_date"), str):
        out["event_date"] = date.fromisoformat(out["event_date"]) if out["event_date"] else None
    for name in ("fatalities", "injuries"):
        if out.get(name) is not None:
            value = int(out[name])
            if value < 0:
                raise ValueError(f"{name} cannot be negative")
            out[name] = value
    return out


def _json_ready(changes: dict[str, Any]) -> str:
    return json.dumps({k: (v.isoformat() if isinstance(v, date) else v)
                       for k, v in changes.items()}, ensure_ascii=False)


class Store:
    """The event store over one SQLAlchemy engine (see :func:`store.get_store`)."""

    def __init__(self, engine: Engine):
        self.engine = engine

    # -- maps and access ---------------------------------------------------------------------

    def create_map(self, name: str) -> MapInfo:
        name = (name or "").strip()[:200] or "Untitled map"
        with Session(self.engine) as s, s.begin():
            row = MapRow(name=name, view_token=_token(), edit_token=_token(), created_at=_now())
            s.add(row)
            s.flush()
            return _map_info(row)

    def maps(self) -> list[MapInfo]:
        with Session(self.engine) as s:
            return [_map_info(r) for r in s.scalars(select(MapRow).order_by(MapRow.id))]

    def get_map(self, map_id: int) -> MapInfo:
        with Session(self.engine) as s:
            row = s.get(MapRow, map_id)
            if row is None:
                raise NotFound(f"no map {map_id}")
            return _map_info(row)

    def default_map(self) -> MapInfo:
        """The first map, created on first use: the embedded single-user workspace."""
        existing = self.maps()
        return existing[0] if existing else self.create_map("My map")

    def access(self, token: str | None) -> Access | None:
        """The map a share token opens, read-only or editable; None for an unknown token."""
        if not token or len(token) > 64:
            return None
        with Session(self.engine) as s:
            row = s.scalar(select(MapRow).where(
                or_(MapRow.view_token == token, MapRow.edit_token == token)))
            if row is None:
                return None
            # compare_digest: the check itself should not leak how much of a token matched
            can_edit = secrets.compare_digest(row.edit_token, token)
            return Access(_map_info(row), can_edit)

    def owner_access(self, map_id: int) -> Access:
        """Edit rights without a token: for the local workspace and the command line."""
        return Access(self.get_map(map_id), True)

    def _check(self, access: Access) -> None:
        if not access.can_edit:
            raise PermissionDenied("this link is read-only: ask the map's owner for the edit link")
        # The token may have been replaced since this Access was made.
        with Session(self.engine) as s:
            row = s.get(MapRow, access.map_id)
            if row is None or row.edit_token != access.map.edit_token:
                raise PermissionDenied("this edit link was revoked: ask for the new one")

    def rotate_edit_token(self, access: Access) -> MapInfo:
        """Revoke the current edit link and issue a new one (the view link stays)."""
        self._check(access)
        with Session(self.engine) as s, s.begin():
            row = s.get(MapRow, access.map_id)
            row.edit_token = _token()
            s.flush()
            return _map_info(row)

    # -- articles ----------------------------------------------------------------------------

    def find_article(self, map_id: int, text: str) -> int | None:
        with Session(self.engine) as s:
            return s.scalar(select(ArticleRow.id).where(
                ArticleRow.map_id == map_id, ArticleRow.content_hash == content_hash(text)))

    def add_article(self, access: Access, result: ArticleResult, *, source: str | None = None,
                    date_found: bool = False, external_id: str | None = None) -> AddOutcome:
        """Store an extracted article with its places and events; a duplicate text is not
        stored twice (its existing id comes back with ``created=False``)."""
        self._check(access)
        article = result.article
        existing = self.find_article(access.map_id, article.text)
        if existing is not None:
            return self._outcome(existing, created=False)
        try:
            with Session(self.engine) as s, s.begin():
                row = self._insert_article(s, access.map_id, content_hash(article.text), result,
                                           source, date_found, external_id)
                article_id = row.id
        except IntegrityError:
            # Another process stored the same text between our check and our insert.
            existing = self.find_article(access.map_id, article.text)
            if existing is None:
                raise
            return self._outcome(existing, created=False)
        return self._outcome(article_id, created=True)

    def reprocess(self, access: Access, article_id: int, result: ArticleResult) -> AddOutcome:
        """Replace an article's extraction with ``result`` and replay its corrections."""
        self._check(access)
        with Session(self.engine) as s, s.begin():
            row = self._article_row(s, access.map_id, article_id)
            s.execute(delete(EventRow).where(EventRow.article_id == article_id))
            s.execute(delete(PlaceRow).where(PlaceRow.article_id == article_id))
            row.warnings = json.dumps(result.warnings, ensure_ascii=False)
            row.processed_at = _now()
            self._write_extraction(s, row, result)
        return self._outcome(article_id, created=False)

    def delete_article(self, access: Access, article_id: int) -> None:
        self._check(access)
        with Session(self.engine) as s, s.begin():
            row = self._article_row(s, access.map_id, article_id)
            # Explicit deletes: a database without cascading foreign keys must not keep orphans.
            for table in (CorrectionRow, EventRow, PlaceRow):
                s.execute(delete(table).where(table.article_id == article_id))
            s.delete(row)

    def _insert_article(self, s: Session, map_id: int, digest: str, result: ArticleResult,
                        source: str | None, date_found: bool,
                        external_id: str | None) -> ArticleRow:
        """The article row with its places and events (add_article)."""
        row = self._article_row_for(map_id, digest, result, source, date_found, external_id)
        s.add(row)
        s.flush()
        self._write_extraction(s, row, result)
        return row

    @staticmethod
    def _article_row_for(map_id: int, digest: str, result: ArticleResult, source: str | None,
                         date_found: bool, external_id: str | None) -> ArticleRow:
        article = result.article
        return ArticleRow(
            map_id=map_id, content_hash=digest, external_id=external_id, title=article.title,
            url=article.url, published=article.published, date_found=date_found, source=source,
            text=article.text, warnings=json.dumps(result.warnings, ensure_ascii=False),
            added_at=_now(), processed_at=_now())

    @staticmethod
    def _add_extraction_rows(s: Session, rows: list[tuple[ArticleRow, ArticleResult]]) -> None:
        """Places and events of articles whose rows have ids, as one executemany each (no ORM
        objects: nothing reads them back in this session)."""
        places = [dict(article_id=a.id, **_place_values(p)) for a, r in rows for p in r.places]
        events = [dict(map_id=a.map_id, article_id=a.id, **_event_values(e))
                  for a, r in rows for e in r.events]
        if places:
            s.execute(insert(PlaceRow), places)
        if events:
            s.execute(insert(EventRow), events)

    def _write_extraction(self, s: Session, article: ArticleRow, result: ArticleResult) -> None:
        self._add_extraction_rows(s, [(article, result)])
        corrections = s.scalars(select(CorrectionRow).where(
            CorrectionRow.article_id == article.id).order_by(CorrectionRow.id)).all()
        for correction in corrections:
            self._apply(s, article, correction)

    def _outcome(self, article_id: int, created: bool) -> AddOutcome:
        with Session(self.engine) as s:
            n_places = s.scalar(select(func.count()).select_from(PlaceRow).where(
                PlaceRow.article_id == article_id))
            n_events = s.scalar(select(func.count()).select_from(EventRow).where(
                EventRow.article_id == article_id))
        return AddOutcome(article_id, created, n_places or 0, n_events or 0)

    @staticmethod
    def _article_row(s: Session, map_id: int, article_id: int) -> ArticleRow:
        row = s.get(ArticleRow, article_id)
        if row is None or row.map_id != map_id:
            raise NotFound(f"no article {article_id} on this map")
        return row

    def article(self, map_id: int, article_id: int) -> ArticleRecord:
        with Session(self.engine) as s:
            r = self._article_row(s, map_id, article_id)
            return ArticleRecord(r.id, r.map_id, r.title, r.url, r.published, r.date_found,
                                 r.source, r.text, json.loads(r.warnings or "[]"), r.added_at,
                                 r.external_id)

    def articles_frame(self, map_id: int) -> pd.DataFrame:
        """One row per article with its counts, newest first."""
        n_events = (select(func.count()).select_from(EventRow)
                    .where(EventRow.article_id == ArticleRow.id).scalar_subquery())
        n_places = (select(func.count()).select_from(PlaceRow)
                    .where(PlaceRow.article_id == ArticleRow.id).scalar_subquery())
        query = (select(ArticleRow.id, ArticleRow.title, ArticleRow.url, ArticleRow.source,
                        ArticleRow.published, ArticleRow.date_found, ArticleRow.added_at,
                        ArticleRow.warnings, n_events.label("n_events"),
                        n_places.label("n_places"))
                 .where(ArticleRow.map_id == map_id).order_by(ArticleRow.id.desc()))
        with self.engine.connect() as conn:
            return pd.read_sql(query, conn)

    def places(self, map_id: int, article_id: int) -> pd.DataFrame:
        with Session(self.engine) as s:
            self._article_row(s, map_id, article_id)
        query = select(PlaceRow).where(PlaceRow.article_id == article_id).order_by(PlaceRow.start)
        with self.engine.connect() as conn:
            return pd.read_sql(query, conn)

    # -- upload jobs (store/jobs.py) ---------------------------------------------------------

    def start_job(self, access: Access, name: str, drafts: Iterable[jobs.DraftLike]) -> int:
        """Keep a batch's drafts on the map before extracting them; returns the job's id."""
        self._check(access)
        with Session(self.engine) as s, s.begin():
            return jobs.add_job(s, access.map_id, name, drafts, _now())

    def open_jobs(self, map_id: int) -> list[JobInfo]:
        """Jobs with drafts still pending or failed, oldest first (finished ones are closed)."""
        with Session(self.engine) as s:
            return [j for j in jobs.job_infos(s, map_id) if j.pending or j.failed]

    def job(self, map_id: int, job_id: int) -> JobInfo:
        with Session(self.engine) as s:
            found = jobs.job_infos(s, map_id, job_id)
        if not found:
            raise NotFound(f"no upload job {job_id} on this map")
        return found[0]

    def job_items(self, map_id: int, job_id: int, status: str | None = jobs.PENDING,
                  limit: int | None = None) -> list[JobItem]:
        """A job's drafts in upload order: the pending ones by default, ``None`` for all."""
        with Session(self.engine) as s:
            self._job_row(s, map_id, job_id)
            return jobs.items(s, job_id, status, limit)

    def start_item(self, access: Access, item_id: int) -> JobItem:
        """Note that a run begins on this draft; process it only if it comes back pending (it
        is failed instead once :data:`store.jobs.MAX_ATTEMPTS` runs died on it)."""
        self._check(access)
        with Session(self.engine) as s, s.begin():
            row = self._item_row(s, access.map_id, item_id)
            jobs.start(row, _now())
            s.flush()
            return jobs.as_item(row)

    def mark_done(self, access: Access, item_id: int, message: str = "",
                  article_id: int | None = None) -> None:
        self._finish_item(access, item_id, jobs.DONE, message, article_id)

    def mark_failed(self, access: Access, item_id: int, message: str) -> None:
        self._finish_item(access, item_id, jobs.FAILED, message, None)

    def retry_failed(self, access: Access, job_id: int) -> int:
        """Make a job's failed drafts pending again (retries are asked for, never automatic)."""
        self._check(access)
        with Session(self.engine) as s, s.begin():
            self._job_row(s, access.map_id, job_id)
            return jobs.retry_failed(s, job_id)

    def discard_job(self, access: Access, job_id: int) -> None:
        """Forget a job and its drafts; articles it already added stay on the map."""
        self._check(access)
        with Session(self.engine) as s, s.begin():
            jobs.remove(s, self._job_row(s, access.map_id, job_id))

    def close_job(self, access: Access, job_id: int) -> bool:
        """Drop a job whose every draft is done (its texts are in the articles now)."""
        info = self.job(access.map_id, job_id)
        if info.pending or info.failed:
            return False
        self.discard_job(access, job_id)
        return True

    def _finish_item(self, access: Access, item_id: int, status: str, message: str,
                     article_id: int | None) -> None:
        self._check(access)
        with Session(self.engine) as s, s.begin():
            jobs.finish(self._item_row(s, access.map_id, item_id), status, message, _now(),
                        article_id)

    @staticmethod
    def _job_row(s: Session, map_id: int, job_id: int) -> UploadJobRow:
        row = jobs.job_row(s, map_id, job_id)
        if row is None:
            raise NotFound(f"no upload job {job_id} on this map")
        return row

    @staticmethod
    def _item_row(s: Session, map_id: int, item_id: int) -> UploadItemRow:
        row = jobs.item_row(s, map_id, item_id)
        if row is None:
            raise NotFound(f"no upload draft {item_id} on this map (was its job discarded?)")
        return row

    # -- events ------------------------------------------------------------------------------

    def _event_query(self, map_id: int, flt: EventFilter):
        cols = [getattr(EventRow, c) for c in EVENT_COLUMNS]
        query = (select(*cols, ArticleRow.title.label("article_title"),
                        ArticleRow.url.label("article_url"),
                        ArticleRow.published.label("article_published"))
                 .join(ArticleRow, ArticleRow.id == EventRow.article_id)
                 .where(EventRow.map_id == map_id))
        return query.where(*self._conditions(flt))

    @staticmethod
    def _conditions(flt: EventFilter) -> list:
        e = EventRow
        conds = []
        if flt.date_from:
            conds.append(e.event_date >= flt.date_from)
        if flt.date_to:
            conds.append(e.event_date <= flt.date_to)
        if flt.event_types:
            conds.append(e.event_type.in_(flt.event_types))
        if flt.actors:
            conds.append(or_(e.actor1.in_(flt.actors), e.actor2.in_(flt.actors),
                             *[e.assoc_actors.contains(a, autoescape=True) for a in flt.actors]))
        if flt.countries:
            conds.append(e.country.in_(flt.countries))
        if flt.admin1:
            conds.append(e.admin1.in_(flt.admin1))
        if flt.min_fatalities:
            conds.append(func.coalesce(e.fatalities, 0) >= flt.min_fatalities)
        if flt.article_ids:
            conds.append(e.article_id.in_(flt.article_ids))
        if not flt.include_background:
            conds.append(e.background.is_(False))
        if flt.text.strip():
            needle = flt.text.strip()
            conds.append(or_(*[func.lower(c).contains(needle.lower(), autoescape=True)
                               for c in (e.sentence, e.location, e.actor1, e.actor2, e.admin1)]))
        return conds

    def events_frame(self, map_id: int, flt: EventFilter = EventFilter()) -> pd.DataFrame:
        """The map's events matching ``flt``, one row each, with their article's title."""
        query = self._event_query(map_id, flt).order_by(EventRow.event_date, EventRow.id)
        with self.engine.connect() as conn:
            return typed_frame(pd.read_sql(query, conn))

    def map_frame(self, map_id: int, flt: EventFilter = EventFilter(), *,
                  texts_up_to: int | None = None) -> pd.DataFrame:
        """:meth:`events_frame`'s rows with only the Map page's columns (``MAP_COLUMNS``, same
        dtypes), plus ``MAP_TEXT_COLUMNS`` unless more than ``texts_up_to`` of them have
        coordinates (the sentences and titles were 60% of the 50,000-event query's time; such
        a map's popups do not quote them and the details panel reads :meth:`event`)."""
        texts = texts_up_to is None or self.count_events(map_id, flt, placed=True) <= texts_up_to
        cols = [getattr(EventRow, c) for c in MAP_COLUMNS]
        if texts:
            cols += [EventRow.sentence, ArticleRow.title.label("article_title"),
                     ArticleRow.url.label("article_url")]
        query = select(*cols).where(EventRow.map_id == map_id, *self._conditions(flt))
        if texts:
            query = query.join(ArticleRow, ArticleRow.id == EventRow.article_id)
        with self.engine.connect() as conn:
            return typed_frame(pd.read_sql(query.order_by(EventRow.event_date, EventRow.id), conn))

    def count_events(self, map_id: int, flt: EventFilter = EventFilter(), *,
                     placed: bool = False) -> int:
        """Events matching ``flt``; ``placed``: only those with both coordinates."""
        e = EventRow
        query = (select(func.count()).select_from(e)
                 .where(e.map_id == map_id, *self._conditions(flt)))
        if placed:
            query = query.where(e.lat.is_not(None), e.lon.is_not(None))
        with self.engine.connect() as conn:
            return int(conn.scalar(query) or 0)

    def event(self, map_id: int, event_id: int) -> dict[str, Any]:
        query = self._event_query(map_id, EventFilter()).where(EventRow.id == event_id)
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        if row is None:
            raise NotFound(f"no event {event_id} on this map")
        return dict(row)

    def data_version(self, map_id: int) -> tuple:
        """Changes whenever the map's data does, for cache keys: every upload, re-processing,
        deletion and correction moves one of these (corrections are all recorded)."""
        a, e, c = ArticleRow, EventRow, CorrectionRow
        with self.engine.connect() as conn:
            articles = conn.execute(select(func.count(), func.max(a.id), func.max(a.processed_at))
                                    .where(a.map_id == map_id)).one()
            events = conn.execute(select(func.count(), func.max(e.id))
                                  .where(e.map_id == map_id)).one()
            corrections = conn.execute(select(func.count(), func.max(c.id))
                                       .join(a, a.id == c.article_id)
                                       .where(a.map_id == map_id)).one()
        return tuple(str(v) for v in (*articles, *events, *corrections))

    def filter_options(self, map_id: int) -> FilterOptions:
        e = EventRow
        with self.engine.connect() as conn:
            lo, hi, max_fat = conn.execute(
                select(func.min(e.event_date), func.max(e.event_date),
                       func.max(e.fatalities)).where(e.map_id == map_id)).one()

            def distinct(col) -> list[str]:
                rows = conn.execute(select(col).where(e.map_id == map_id, col.is_not(None))
                                    .distinct())
                return sorted(v for (v,) in rows if v)

            actors = set(distinct(e.actor1)) | set(distinct(e.actor2))
            for (assoc,) in conn.execute(select(e.assoc_actors).where(
                    e.map_id == map_id, e.assoc_actors.is_not(None)).distinct()):
                actors.update(a.strip() for a in assoc.split(";") if a.strip())
            articles = [(i, t or s or f"article {i}") for i, t, s in conn.execute(
                select(ArticleRow.id, ArticleRow.title, ArticleRow.source)
                .where(ArticleRow.map_id == map_id).order_by(ArticleRow.id))]
            return FilterOptions(
                date_min=_as_date(lo), date_max=_as_date(hi),
                event_types=distinct(e.event_type), actors=sorted(actors),
                countries=distinct(e.country), admin1=distinct(e.admin1), articles=articles,
                max_fatalities=int(max_fat or 0))

    # -- snapshots (maps/snapshot.py makes and reads the payload) -----------------------------

    def save_snapshot(self, map_id: int, version: tuple, payload: bytes) -> None:
        """Keep ``payload`` as the map's snapshot of data ``version`` (replacing any other)."""
        with Session(self.engine) as s, s.begin():
            s.execute(delete(MapSnapshotRow).where(MapSnapshotRow.map_id == map_id))
            s.add(MapSnapshotRow(map_id=map_id, version=json.dumps(list(version)),
                                 made_at=_now(), payload=payload))

    def snapshot(self, map_id: int, version: tuple) -> bytes | None:
        """The map's snapshot payload if it was made of data ``version``, else None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(MapSnapshotRow.payload).where(
                MapSnapshotRow.map_id == map_id,
                MapSnapshotRow.version == json.dumps(list(version)))).first()
        return None if row is None else bytes(row[0])

    def drop_snapshot(self, map_id: int) -> None:
        with Session(self.engine) as s, s.begin():
            s.execute(delete(MapSnapshotRow).where(MapSnapshotRow.map_id == map_id))

    # -- corrections -------------------------------------------------------------------------

    def _event_row(self, s: Session, map_id: int, event_id: int) -> EventRow:
        row = s.get(EventRow, event_id)
        if row is None or row.map_id != map_id:
            raise NotFound(f"no event {event_id} on this map")
        return row

    def _record(self, s: Session, article_id: int, kind: str, action: str, target: str | None,
                changes: dict[str, Any]) -> CorrectionRow:
        correction = CorrectionRow(article_id=article_id, kind=kind, action=action,
                                   target=target, changes=_json_ready(changes), created_at=_now())
        s.add(correction)
        s.flush()
        return correction

    def correct_event(self, access: Access, event_id: int, **changes: Any) -> None:
        """Change an event's fields; kept as a correction and marked reviewed."""
        self._check(access)
        changes = _clean_event_changes(changes)
        with Session(self.engine) as s, s.begin():
            row = self._event_row(s, access.map_id, event_id)
            correction = self._record(s, row.article_id, "event", "update", row.anchor, changes)
            self._apply(s, s.get(ArticleRow, row.article_id), correction)

    def delete_event(self, access: Access, event_id: int) -> None:
        """Remove a false event; re-processing will not bring it back."""
        self._check(access)
        with Session(self.engine) as s, s.begin():
            row = self._event_row(s, access.map_id, event_id)
            correction = self._record(s, row.article_id, "event", "delete", row.anchor, {})
            self._apply(s, s.get(ArticleRow, row.article_id), correction)

    def add_event(self, access: Access, article_id: int, **values: Any) -> int:
        """A missed event, added by a reviewer; needs at least ``event_type``."""
        self._check(access)
        values = _clean_event_changes(values)
        if not values.get("event_type"):
            raise ValueError("a new event needs an event_type")
        with Session(self.engine) as s, s.begin():
            article = self._article_row(s, access.map_id, article_id)
            correction = self._record(s, article_id, "event", "add", None, values)
            return self._apply(s, article, correction)

    def correct_place(self, access: Access, place_id: int, **changes: Any) -> None:
        """Re-resolve a place mention (another candidate, a search hit or a dropped pin).

        The article's events located at that mention move with it.
        """
        self._check(access)
        unknown = set(changes) - set(PLACE_FIELDS) - {"country"}
        if unknown:
            raise ValueError(f"not place fields: {', '.join(sorted(unknown))}")
        with Session(self.engine) as s, s.begin():
            place = s.get(PlaceRow, place_id)
            if place is None:
                raise NotFound(f"no place {place_id}")
            article = self._article_row(s, access.map_id, place.article_id)
            correction = self._record(s, article.id, "place", "update",
                                      f"{place.start}:{place.end}", changes)
            self._apply(s, article, correction)

    def corrections(self, map_id: int, article_id: int) -> list[dict[str, Any]]:
        with Session(self.engine) as s:
            self._article_row(s, map_id, article_id)
            rows = s.scalars(select(CorrectionRow).where(CorrectionRow.article_id == article_id)
                             .order_by(CorrectionRow.id)).all()
            return [{"id": r.id, "kind": r.kind, "action": r.action, "target": r.target,
                     "changes": json.loads(r.changes), "created_at": r.created_at} for r in rows]

    def _apply(self, s: Session, article: ArticleRow, correction: CorrectionRow) -> int | None:
        """Replay one correction; one whose target no longer exists is skipped, not an error."""
        changes = json.loads(correction.changes)
        if "event_date" in changes:
            changes = _clean_event_changes(changes)
        if correction.kind == "event":
            if correction.action == "add":
                row = EventRow(map_id=article.map_id, article_id=article.id,
                               anchor=f"added:{correction.id}", origin="reviewer",
                               reviewed=True, confidence=1.0,
                               **{"civilian_targeting": False, "background": False,
                                  "sentence": "", "start": 0, "end": 0, **changes})
                s.add(row)
                s.flush()
                return row.id
            targets = s.scalars(select(EventRow).where(
                EventRow.article_id == article.id, EventRow.anchor == correction.target)).all()
            for row in targets:
                if correction.action == "delete":
                    s.delete(row)
                else:
                    for name, value in changes.items():
                        setattr(row, name, value)
                    row.reviewed = True
            s.flush()
            return None
        # a place: the mention at target "start:end"
        start, end = (int(v) for v in correction.target.split(":"))
        place = s.scalar(select(PlaceRow).where(PlaceRow.article_id == article.id,
                                                PlaceRow.start == start, PlaceRow.end == end))
        if place is None:
            return None
        old = (place.lat, place.lon, {place.name, place.text} - {None})
        # A reader fixing "Anna" once means every "Anna" the article resolved the same way.
        same = s.scalars(select(PlaceRow).where(
            PlaceRow.article_id == article.id, PlaceRow.text == place.text,
            PlaceRow.geonameid.is_(None) if place.geonameid is None
            else PlaceRow.geonameid == place.geonameid)).all()
        for mention in {place, *same}:
            for name, value in changes.items():
                if name in PLACE_FIELDS:
                    setattr(mention, name, value)
            mention.reviewed = True
        self._move_events(s, article.id, old, place, changes)
        s.flush()
        return None

    @staticmethod
    def _move_events(s: Session, article_id: int, old: tuple, place: PlaceRow,
                     changes: dict[str, Any]) -> None:
        old_lat, old_lon, old_names = old
        if not old_names:
            return
        same_point = (and_(EventRow.lat.is_(None), EventRow.lon.is_(None)) if old_lat is None
                      else and_(func.abs(EventRow.lat - old_lat) < 1e-6,
                                func.abs(EventRow.lon - old_lon) < 1e-6))
        values = {"lat": place.lat, "lon": place.lon, "location": place.name or place.text}
        if "admin1" in changes:
            values["admin1"] = changes["admin1"]
        if "country" in changes:
            values["country"] = changes["country"]
        if "country_code" in changes:
            values["country_code"] = changes["country_code"]
        s.execute(update(EventRow).where(
            EventRow.article_id == article_id, EventRow.location.in_(old_names), same_point,
        ).values(**values))

    # -- batch loading (`extract run --db`) ----------------------------------------------------

    def maps_named(self, name: str) -> list[MapInfo]:
        """Maps with exactly this name, oldest first (names are not unique)."""
        with Session(self.engine) as s:
            return [_map_info(r) for r in s.scalars(
                select(MapRow).where(MapRow.name == name.strip()).order_by(MapRow.id))]

    def hashes_on_map(self, map_id: int, hashes: list[str]) -> set[str]:
        """Which of these :func:`content_hash` values the map already holds: one query for a
        whole block of input, so a re-run skips stored articles before extracting them."""
        if not hashes:
            return set()
        with self.engine.connect() as conn:
            return set(conn.scalars(select(ArticleRow.content_hash).where(
                ArticleRow.map_id == map_id, ArticleRow.content_hash.in_(hashes))))

    def add_articles(self, access: Access, items: list[NewArticle]) -> list[AddOutcome]:
        """Store many extracted articles in one transaction: :meth:`add_article` for a batch
        chunk, at a fraction of the cost (one rights check, one lookup, one commit).

        Texts already on the map, or earlier in ``items``, come back with ``created=False``. If
        another writer stores one of these texts meanwhile, the chunk is redone one article at
        a time by :meth:`add_article`, which settles that race article by article.
        """
        self._check(access)
        hashes = [content_hash(item.result.article.text) for item in items]
        with Session(self.engine) as s:
            stored = s.execute(select(ArticleRow.content_hash, ArticleRow.id).where(
                ArticleRow.map_id == access.map_id, ArticleRow.content_hash.in_(set(hashes)))
            ).all() if hashes else []
        known = {digest: self._outcome(article_id, created=False) for digest, article_id in stored}
        try:
            with Session(self.engine) as s, s.begin():
                # New rows go in as three batched INSERTs for the whole chunk (articles, then
                # their places and events), not three round trips per article; a new article
                # has no corrections to re-apply.
                by_digest: dict[str, tuple[ArticleRow, ArticleResult]] = {}
                for item, digest in zip(items, hashes):
                    if digest not in known and digest not in by_digest:
                        by_digest[digest] = (self._article_row_for(
                            access.map_id, digest, item.result, item.source, item.date_found,
                            item.external_id), item.result)
                s.add_all(row for row, _ in by_digest.values())
                s.flush()
                self._add_extraction_rows(s, list(by_digest.values()))
                created = {digest: AddOutcome(row.id, True, len(result.places),
                                              len(result.events))
                           for digest, (row, result) in by_digest.items()}
        except IntegrityError:
            return [self.add_article(access, item.result, source=item.source,
                                     date_found=item.date_found, external_id=item.external_id)
                    for item in items]
        outcomes: list[AddOutcome] = []
        for item, digest in zip(items, hashes):
            if digest in known:
                outcomes.append(known[digest])
                continue
            outcomes.append(created[digest])
            known[digest] = replace(created[digest], created=False)
        return outcomes


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])

