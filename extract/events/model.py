"""The ``Event`` record: one ACLED-style event (one day, one place, one actor pair)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date


@dataclass(frozen=True)
class Event:
    event_id: str
    event_type: str
    sub_event_type: str
    disorder_type: str
    actor1: str | None
    actor2: str | None
    inter1: str | None
    inter2: str | None
    interaction: str | None
    civilian_targeting: bool
    fatalities: int | None
    injuries: int | None
    date: date | None
    time_precision: int | None        # 1 day, 2 week, 3 month; None when undated
    background: bool                  # reported as context, not as news of the article's days
    location: str | None
    lat: float | None
    lon: float | None
    admin1: str | None
    country: str | None
    country_code: str | None
    geo_precision: int | None         # 1 town, 2 near a town / part of a region, 3 region only
    sentence: str
    start: int
    end: int
    confidence: float
    assoc_actors: tuple[str, ...] = field(default_factory=tuple)
    actor1_raw: str | None = None
    actor2_raw: str | None = None
    trigger: str | None = None
    sentences: tuple[tuple[int, int], ...] = field(default_factory=tuple)

    def to_json(self) -> dict:
        out = asdict(self)
        out["date"] = self.date.isoformat() if self.date else None
        out["assoc_actors"] = list(self.assoc_actors)
        out["sentences"] = [list(s) for s in self.sentences]
        return out
