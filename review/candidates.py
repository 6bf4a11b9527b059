"""Gazetteer entries a reviewer can choose for a place mention, in the fields the store keeps.

    choices = candidates(gazetteer, "Anna", near=(34.47, 41.99))   # nearest first
    store.correct_place(access, place_id, **choices[0].place_fields())
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from extract.events.actors import country_name as _acled_country_name
from extract.places import FEATURE
from extract.resolve import haversine_km
from gazetteer.index import Candidate, Gazetteer

NEAREST = "nearest"
BEST = "best"


@dataclass(frozen=True)
class Choice:
    """One gazetteer entry as a reviewer sees it (names, not codes) and as the store keeps it."""

    geonameid: int
    name: str
    lat: float | None
    lon: float | None
    country_code: str | None
    country: str | None
    admin1: str | None
    admin1_code: str | None
    feature: str
    population: int
    distance_km: float | None = None   # from the mention's current point, when it has one
    exact: bool = True                 # the name matched exactly, not only by its skeleton
    current: bool = False              # what the mention resolves to now

    def label(self) -> str:
        where = ", ".join(v for v in (self.admin1, self.country) if v)
        bits = [self.feature]
        if self.population:
            bits.append(f"pop. {self.population:,}")
        if self.distance_km is not None:
            bits.append(f"{self.distance_km:,.0f} km away")
        if not self.exact:
            bits.append("similar spelling")
        if self.current:
            bits.append("current")
        name = f"{self.name}, {where}" if where else self.name
        return f"{name} ({'; '.join(bits)})"

    def place_fields(self) -> dict[str, Any]:
        """Keyword arguments for :meth:`store.Store.correct_place`."""
        return {"name": self.name, "lat": self.lat, "lon": self.lon, "geonameid": self.geonameid,
                "country_code": self.country_code, "admin1": self.admin1,
                "admin1_code": self.admin1_code, "feature": self.feature, "country": self.country,
                "precision_km": None, "note": None}


def country_name(gazetteer: Gazetteer | None, code: str | None) -> str | None:
    """The country's name as events spell it (extraction's table), else the gazetteer's."""
    if not code:
        return None
    name = _acled_country_name(code)
    if name:
        return name
    entry = gazetteer.country(code.upper()) if gazetteer is not None else None
    return entry.name if entry else None


def choice(gazetteer: Gazetteer, c: Candidate, *, near: tuple[float, float] | None = None,
           current_id: int | None = None) -> Choice:
    admin1 = gazetteer.admin1_name(c.country_code, c.admin1_code) if c.admin1_code else None
    distance = None
    if near is not None and c.lat is not None and c.lon is not None:
        distance = haversine_km(near[0], near[1], c.lat, c.lon)
    return Choice(
        geonameid=c.geonameid, name=c.name, lat=c.lat, lon=c.lon,
        country_code=c.country_code or None, country=country_name(gazetteer, c.country_code),
        admin1=admin1, admin1_code=c.admin1_code or None, feature=FEATURE.get(c.level, "other"),
        population=c.population, distance_km=distance, exact=c.exact,
        current=current_id is not None and c.geonameid == current_id)


def candidates(gazetteer: Gazetteer, name: str, *, near: tuple[float, float] | None = None,
               order: str = NEAREST, country: str | None = None, current_id: int | None = None,
               limit: int = 30) -> list[Choice]:
    """Entries named ``name`` (exact spellings first, then look-alikes).

    ``order``: ``"nearest"`` to ``near`` (entries without coordinates last; falls back to
    ``"best"`` when there is no point), or ``"best"``: the gazetteer's order, exact name first
    and most populous first. ``country`` (an ISO code) narrows the search.
    """
    name = (name or "").strip()
    if not name:
        return []
    found = gazetteer.search(name, country=country.upper() if country else None, limit=500)
    choices = [choice(gazetteer, c, near=near, current_id=current_id) for c in found]
    if order == NEAREST and near is not None:
        choices.sort(key=lambda ch: (ch.distance_km is None, ch.distance_km or 0.0))
    return choices[:limit]
