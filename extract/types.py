"""The typed records passed between layers: article -> place mentions -> events.

Their ``to_json`` forms are the `python -m extract run` contract.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

# Feature levels a place mention can have (the contract's "feature" field).
FEATURES = ("continent", "region", "country", "admin1", "admin2", "city", "other")


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    published: date | None = None
    title: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Place:
    """A place mention in an article and what it resolved to.

    Unresolved mentions keep ``lat``/``lon``/``geonameid`` as None rather than a far guess.
    ``precision_km`` is the radius the coordinates are good to (e.g. an unknown village placed
    between two known towns); ``note`` says how the place was inferred when not by name.
    """

    start: int
    end: int
    text: str
    name: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    country_code: str | None
    admin1: str | None
    feature: str
    score: float
    admin1_code: str | None = None
    precision_km: float | None = None
    note: str | None = None

    @property
    def resolved(self) -> bool:
        return self.lat is not None and self.lon is not None

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class ArticleResult:
    """What extraction produced for one article."""

    article: Article
    places: list[Place] = field(default_factory=list)
    events: list = field(default_factory=list)  # list[extract.events.Event]
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "id": self.article.id,
            "places": [p.to_json() for p in self.places],
            "events": [e.to_json() for e in self.events],
            "warnings": self.warnings,
        }
