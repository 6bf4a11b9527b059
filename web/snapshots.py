"""Map snapshots (maps/snapshot.py) as the app reads them: once per database, map and data
version, shared by every session, loaded on their own thread so the Map page can ask early."""

from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor

from maps import snapshot
from maps.snapshot import MapSnapshot
from store import Store

MAX_SNAPSHOTS = 4
# Its own pool: the page's frame and map-data work waits on a snapshot, a snapshot waits on
# nothing, so no pool can fill up with work waiting on itself.
_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cm-snapshot")
_lock = threading.Lock()
_loaded: OrderedDict[tuple, Future] = OrderedDict()


def future(store: Store, map_id: int, version: tuple) -> Future:
    """The future of the map's snapshot of ``version`` (its result None when there is none)."""
    key = (str(store.engine.url), map_id, version)
    with _lock:
        found = _loaded.get(key)
        if found is None or (found.done() and found.exception() is not None):
            found = _pool.submit(snapshot.load, store, map_id, version)
            _loaded[key] = found
        _loaded.move_to_end(key)
        while len(_loaded) > MAX_SNAPSHOTS:
            _loaded.popitem(last=False)
        return found


def get(store: Store, map_id: int, version: tuple) -> MapSnapshot | None:
    return future(store, map_id, version).result()


def remember(store: Store, map_id: int, snap: MapSnapshot) -> None:
    """Keep ``snap`` (just published by this server) as the loaded snapshot of its version."""
    done: Future = Future()
    done.set_result(snap)
    with _lock:
        _loaded[(str(store.engine.url), map_id, snap.version)] = done
        while len(_loaded) > MAX_SNAPSHOTS:
            _loaded.popitem(last=False)
