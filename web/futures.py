"""Results computed once per key on a thread pool and shared by every session: the Map page
starts work before it needs it and picks it up later, whichever session asked first."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any


class FutureTable:
    """The newest ``limit`` futures by key, each run on ``pool``; a failed one is run again
    when asked for, so an error (a database gone for a moment) is not kept."""

    def __init__(self, limit: int, pool: ThreadPoolExecutor):
        self.limit, self.pool = limit, pool
        self._lock = threading.Lock()
        self._table: OrderedDict[Hashable, Future] = OrderedDict()

    def get(self, key: Hashable, work: Callable[[], Any]) -> Future:
        with self._lock:
            future = self._table.get(key)
            if future is None or (future.done() and future.exception() is not None):
                future = self.pool.submit(work)
            self._put(key, future)
            return future

    def put(self, key: Hashable, value: Any) -> None:
        """Keep ``value``, computed elsewhere, as the result for ``key``."""
        done: Future = Future()
        done.set_result(value)
        with self._lock:
            self._put(key, done)

    def __getitem__(self, key: Hashable) -> Future:
        with self._lock:
            return self._table[key]

    def _put(self, key: Hashable, future: Future) -> None:
        self._table[key] = future
        self._table.move_to_end(key)
        while len(self._table) > self.limit:
            self._table.popitem(last=False)
