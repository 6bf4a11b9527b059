"""`extract run --db URL [--map NAME]`: the driver's side of landing batch results on a map.

Workers only extract (they never see the database, so a Dask cluster needs no route to it).
This process opens the store, drops the articles the map already holds *before* they are sent
out (by content hash: the same dedupe as uploads, so a re-run does no work twice), stores each
chunk's results as the chunk completes, and counts what happened.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator
from urllib.parse import urlencode

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, InterfaceError, OperationalError, SQLAlchemyError

import settings
from extract.batch import chunked
from extract.engines import Outcome
from extract.types import Article, ArticleResult
from store import Access, Store
from store.repository import NewArticle, content_hash

# Articles looked up in the map per query: large enough that a re-run of a big corpus costs few
# queries, small enough that the input is still read only a little ahead of the workers.
LOOKUP_BLOCK = 256
# The app refuses these (app.py's NOT_ENGLISH): a map of mis-geocoded words is worse than none.
NOT_ENGLISH = "does not look English"
PG_CONNECT_TIMEOUT = 10  # seconds: an unreachable server fails the run quickly, not after minutes
EXTERNAL_ID_CHARS = 200  # the articles.external_id column's width


class StoreUnavailable(RuntimeError):
    """The database cannot be opened or was lost mid-run; the message names it and the fix."""


def db_url(value: str) -> str:
    """``--db``'s value as a SQLAlchemy URL: a path without ``://`` is a SQLite file."""
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    return value


def shown(url: str) -> str:
    """The URL for messages, password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url.split("@")[-1]  # unparseable: at least keep a password out of the message


def _first_line(e: BaseException) -> str:
    cause = getattr(e, "orig", None) or e
    text = str(cause).strip().splitlines()
    return text[0] if text else type(cause).__name__


def open_store(value: str) -> Store:
    """The store at ``--db``'s URL, migrated; a bad URL or an unreachable server raises
    :class:`StoreUnavailable` with one line saying which and what to check."""
    from store import get_store
    from store.db import normalize_url

    url = normalize_url(db_url(value))
    try:
        parsed = make_url(url)
        sqlite = parsed.get_backend_name() == "sqlite"
        if not sqlite and "connect_timeout" not in parsed.query:
            parsed = parsed.update_query_dict({"connect_timeout": str(PG_CONNECT_TIMEOUT)})
        return get_store(parsed.render_as_string(hide_password=False))
    except (ArgumentError, ValueError) as e:  # ValueError: e.g. a port that is not a number
        raise StoreUnavailable(f"--db {shown(value)!r} is not a database URL ({_first_line(e)}); "
                               "use sqlite:///path/file.sqlite, a file path, or "
                               "postgresql://user:password@host/dbname") from e
    except (SQLAlchemyError, ImportError, OSError) as e:
        hint = ("can the file be created there?" if sqlite
                else "is the server running, and the URL right?")
        raise StoreUnavailable(f"cannot open the database {shown(url)}: {_first_line(e)} "
                               f"({hint})") from e


def choose_map(store: Store, name: str | None) -> tuple[Access, bool]:
    """The map to fill and whether it was created now.

    No name: the store's default map, the one the app's local workspace opens without a link.
    A name: the map of that name, created if there is none. An edit token (from an edit link)
    also names a map, for deployments where maps are known by their links.
    """
    if name is None or not name.strip():
        return store.owner_access(store.default_map().id), False
    access = store.access(name.strip())
    if access is not None:
        if not access.can_edit:
            raise ValueError("--map: that is a read-only link's token; pass the map's name or "
                             "the token of its edit link")
        return access, False
    named = store.maps_named(name)
    if len(named) > 1:
        raise ValueError(f"--map: {len(named)} maps are named {name.strip()!r}; pass the token "
                         "of the edit link of the one you mean")
    if named:
        return store.owner_access(named[0].id), False
    return store.owner_access(store.create_map(name).id), True


def map_link(token: str) -> str:
    """The link the app's share_url (web/context.py, a Streamlit module) builds for a token."""
    base = settings.get("PUBLIC_BASE_URL").rstrip("/")
    return f"{base}/?{urlencode({'map': token})}"


def _where(o: Outcome) -> str:
    return f"line {o.lineno} (id {o.id!r})"


def refusal(result: ArticleResult) -> str | None:
    """Why the app would not put this result on a map, or None."""
    if not result.article.text.strip():
        return "empty text"
    for warning in result.warnings:
        if NOT_ENGLISH in warning:
            return warning
    return None


@dataclass
class LoadCounts:
    added: int = 0
    events: int = 0        # events of the added articles
    already: int = 0       # on the map before (skipped unextracted), or twice in the input
    not_added: int = 0     # empty or not English, as the app refuses them
    failed: int = 0        # extracted, but the database refused the row


class MapSink:
    """Stores extraction results on one map, in the order the chunks complete."""

    def __init__(self, store: Store, access: Access, source: str | None,
                 report: Callable[[str], None], created: bool = False):
        self.store, self.access, self.source, self.report = store, access, source, report
        self.created = created
        self.counts = LoadCounts()

    def unseen(self, numbered: Iterable[tuple[int, Article]]) -> Iterator[tuple[int, Article]]:
        """The articles the map does not hold yet; the others are counted, not extracted."""
        for block in chunked(numbered, LOOKUP_BLOCK):
            hashes = [content_hash(article.text) for _, article in block]
            try:
                on_map = self.store.hashes_on_map(self.access.map_id, hashes)
            except (OperationalError, InterfaceError) as e:
                raise self._lost(block[0][0], e) from e
            for pair, h in zip(block, hashes):
                if h in on_map:
                    self.counts.already += 1
                else:
                    yield pair

    def add(self, outcomes: Iterable[Outcome]) -> None:
        """Store a chunk's extracted articles (failures were reported by the caller) in one
        transaction; when the database refuses it, article by article to find the culprit."""
        todo: list[tuple[Outcome, NewArticle]] = []
        for o in outcomes:
            if not o.ok or o.result is None:
                continue
            reason = refusal(o.result)
            if reason:
                self.counts.not_added += 1
                self.report(f"extract run: {_where(o)}: not added to the map: {reason}")
                continue
            todo.append((o, NewArticle(
                o.result, source=self.source,
                date_found=o.result.article.published is not None,  # as for a batch file's dates
                external_id=o.id[:EXTERNAL_ID_CHARS])))
        if not todo:
            return
        try:
            added = self._guarded(todo[0][0], self.store.add_articles, self.access,
                                  [item for _, item in todo])
        except SQLAlchemyError:
            added = []
            for o, item in todo:
                try:
                    added.append(self._guarded(o, self.store.add_articles, self.access, [item])[0])
                except SQLAlchemyError as e:
                    # A row the database refuses costs only its article, like an extraction bug.
                    self.counts.failed += 1
                    self.report(f"extract run: {_where(o)}: not stored: {_first_line(e)}")
        for outcome in added:
            if outcome.created:
                self.counts.added += 1
                self.counts.events += outcome.n_events
            else:
                self.counts.already += 1

    def _guarded(self, first: Outcome, write: Callable, *args):
        """``write(*args)``, a lost connection or revoked edit link turned into a stop."""
        try:
            return write(*args)
        except (OperationalError, InterfaceError) as e:
            raise self._lost(first.lineno, e) from e
        except PermissionError as e:  # the edit link was replaced during the run
            raise StoreUnavailable(f"--map: {e}") from e

    def _lost(self, lineno: int, e: BaseException) -> StoreUnavailable:
        return StoreUnavailable(
            f"lost the database at input line {lineno} ({_first_line(e)}); the "
            f"{self.counts.added} articles stored so far are kept: run the same command again "
            "to go on (articles already on the map are skipped)")

    def publish_snapshot(self) -> str | None:
        """Prepare the map's unfiltered Map page and store it with the data (maps/snapshot.py),
        so its first visitor does not wait for 50,000 events to be read and prepared; a line
        for standard error, or None when there was nothing to do."""
        from maps import snapshot

        map_id = self.access.map_id
        try:
            version = self.store.data_version(map_id)
            if not self.counts.added and self.store.snapshot(map_id, version) is not None:
                return None  # nothing new, and the map's snapshot is current
            t = time.perf_counter()
            size = snapshot.publish(self.store, map_id)
        except SQLAlchemyError as e:
            return f"extract run: map snapshot not stored ({_first_line(e)}); the map is complete"
        if not size:
            return None
        return (f"extract run: map prepared for its first visit ({size / 1e6:.1f} MB, "
                f"{time.perf_counter() - t:.1f}s)")

    def summary(self, url: str, extraction_failed: int) -> list[str]:
        """Lines for standard error: what landed where, and the links that open it."""
        c, info = self.counts, self.access.map
        made = " (created)" if self.created else ""
        return [
            f"extract run: map {info.name!r}{made} in {shown(db_url(url))}: {c.added} added "
            f"({c.events} events), {c.already} already on the map, {c.not_added} not added, "
            f"{extraction_failed + c.failed} failed",
            f"extract run: view link: {map_link(info.view_token)}",
            f"extract run: edit link: {map_link(info.edit_token)}",
        ]
