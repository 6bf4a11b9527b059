"""The event store: maps, articles, places, events and corrections in SQL (SQLite or PostgreSQL).

    from store import get_store
    store = get_store()                 # DATABASE_URL, migrated to the latest schema
    access = store.owner_access(store.default_map().id)
    store.add_article(access, result, source="upload.txt")
"""

from __future__ import annotations

from functools import lru_cache

import settings
from store.db import get_engine
from store.filters import EventFilter
from store.jobs import JobInfo, JobItem
from store.repository import (Access, AddOutcome, ArticleRecord, FilterOptions, MapInfo,
                              NotFound, PermissionDenied, Store)


@lru_cache(maxsize=4)
def get_store(url: str | None = None) -> Store:
    return Store(get_engine(url or settings.get("DATABASE_URL")))


__all__ = ["Access", "AddOutcome", "ArticleRecord", "EventFilter", "FilterOptions", "JobInfo",
           "JobItem", "MapInfo", "NotFound", "PermissionDenied", "Store", "get_store"]
