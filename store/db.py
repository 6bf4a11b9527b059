"""The database engine: SQLite file by default, PostgreSQL (psycopg 3) through DATABASE_URL.

One engine per URL per process (engines pool connections; creating one per page run would leak
them). The schema is brought to the latest Alembic revision when an engine is first opened, so
an upgraded app keeps existing maps.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: one process at a time migrates by the thread lock only
    fcntl = None

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

_migrate_lock = threading.Lock()


def normalize_url(url: str) -> str:
    """Accept the URLs hosts hand out (postgres://, postgresql://) and use psycopg 3 for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=10000")
    # WAL lets a page read while another run writes; foreign keys make deletes cascade.
    # Switching to WAL takes a lock that SQLite may refuse at once, without waiting, while
    # another process writes: ask first (a file once in WAL stays in it), and retry.
    for attempt in range(50):
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 49:
                raise
            time.sleep(0.1)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the latest revision (a no-op when it is current)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with _migrate_lock, _file_lock(engine), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Two app processes starting together must not both create the tables.
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(427105)")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def _file_lock(engine: Engine):
    """For a SQLite file, a lock beside it held while migrating: two worker processes opening a
    new file together must not both create the tables (SQLite has no advisory lock)."""
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if not path or path == ":memory:" or fcntl is None:
        yield
        return
    with open(f"{path}.migrate-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    engine = make_engine(url)
    migrate(engine)
    return engine
