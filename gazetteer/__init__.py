"""The offline gazetteer: built from registry packages, extended with GeoNames dumps."""

from __future__ import annotations

import functools
from pathlib import Path

import settings
from gazetteer.index import Candidate, Gazetteer, GazetteerMissing

__all__ = ["Candidate", "Gazetteer", "GazetteerMissing", "get_gazetteer"]


@functools.lru_cache(maxsize=4)
def get_gazetteer(path: str | None = None, *, build_if_missing: bool = True) -> Gazetteer:
    """The process-wide gazetteer, built on first use when the index file is missing."""
    index_path = Path(path or settings.get("GAZETTEER_PATH"))
    if not index_path.exists() and build_if_missing:
        from gazetteer.build import build

        build(index_path)
    return Gazetteer(index_path)
