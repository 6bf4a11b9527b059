"""Shared fixtures. Keep this small; per-layer fixtures live next to their tests."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# Tests (and the app servers they start) never write to the user's data/conflictmap.sqlite.
_TEST_DB_DIR = tempfile.mkdtemp(prefix="cm-test-db-")
os.environ["DATABASE_URL"] = f"sqlite:///{_TEST_DB_DIR}/conflictmap.sqlite"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """/work/shared (next to the checkout); tests needing it skip where it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (it only exists on the project's shared machines)")
    return SHARED


@pytest.fixture(scope="session")
def postgres_server():
    """A private PostgreSQL cluster for the session; skips where one cannot be started."""
    from tests.pg import TempPostgres

    try:
        server = TempPostgres()
        server.start()
    except Exception as exc:  # noqa: BLE001 - any failure means "cannot run here"
        pytest.skip(f"PostgreSQL tests skipped: could not start a local server ({exc})")
    yield server
    server.stop()


_db_counter = iter(range(10_000))


@pytest.fixture
def store(database_url):
    """A migrated store on each backend of ``database_url`` (a module may define its own)."""
    from store import Store
    from store.db import make_engine, migrate

    engine = make_engine(database_url)
    migrate(engine)
    return Store(engine)


@pytest.fixture
def owner(store):
    """Full rights on the store's default map."""
    return store.owner_access(store.default_map().id)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """The same storage test against SQLite and PostgreSQL, each in a fresh database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    server = request.getfixturevalue("postgres_server")
    return server.new_database(f"cm_test_{next(_db_counter)}")
