"""Map snapshots (maps/snapshot.py) as the app reads them: once per database, map and data
version, shared by every session, loaded on their own thread so the Map page can ask early."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

from maps import snapshot
from maps.snapshot import MapSnapshot
from store import Store
from web.futures import FutureTable

MAX_SNAPSHOTS = 4
# Its own pool: the page's frame and map-data work waits on a snapshot, a snapshot waits on
# nothing, so no pool can fill up with work waiting on itself.
_loaded = FutureTable(MAX_SNAPSHOTS, ThreadPoolExecutor(max_workers=1,
                                                        thread_name_prefix="cm-snapshot"))


def future(store: Store, map_id: int, version: tuple) -> Future:
    """The future of the map's snapshot of ``version`` (its result None when there is none)."""
    return _loaded.get((str(store.engine.url), map_id, version),
                       lambda: snapshot.load(store, map_id, version))


def get(store: Store, map_id: int, version: tuple) -> MapSnapshot | None:
    return future(store, map_id, version).result()


def remember(store: Store, map_id: int, snap: MapSnapshot) -> None:
    """Keep ``snap`` (just published by this server) as the loaded snapshot of its version."""
    _loaded.put((str(store.engine.url), map_id, snap.version), snap)
