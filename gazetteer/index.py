"""The on-disk gazetteer index (SQLite) and its narrow query API.

Everything that reads the gazetteer goes through :class:`Gazetteer`; look-ups hit SQLite
indexes, so opening it costs nothing and memory stays flat whatever the index holds.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from gazetteer.normalize import name_key, skeleton

SCHEMA_VERSION = "1"

# level is our coarse feature class: what a reader means by "a country", "a town" ...
LEVELS = ("continent", "region", "country", "admin1", "admin2", "admin3", "city", "other")

SCHEMA = """
CREATE TABLE IF NOT EXISTS place (
    geonameid     INTEGER PRIMARY KEY,   -- GeoNames id; negative for synthetic entries
    name          TEXT NOT NULL,
    lat           REAL,
    lon           REAL,
    country_code  TEXT NOT NULL DEFAULT '',
    admin1_code   TEXT NOT NULL DEFAULT '',  -- GeoNames admin1 code within the country ('01')
    admin2_code   TEXT NOT NULL DEFAULT '',
    level         TEXT NOT NULL,         -- one of LEVELS
    feature_code  TEXT NOT NULL DEFAULT '',  -- GeoNames feature code when known (PPLA, ADM1 ...)
    population    INTEGER NOT NULL DEFAULT 0,
    source        TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS name (
    key        TEXT NOT NULL,            -- normalize.name_key
    skel       TEXT NOT NULL,            -- normalize.skeleton(key)
    geonameid  INTEGER NOT NULL,
    raw        TEXT NOT NULL,            -- the name as the source spells it
    is_primary INTEGER NOT NULL DEFAULT 0,
    UNIQUE (key, geonameid)
);
CREATE INDEX IF NOT EXISTS name_key_idx ON name(key);
CREATE INDEX IF NOT EXISTS name_skel_idx ON name(skel);
CREATE INDEX IF NOT EXISTS place_admin_idx ON place(country_code, admin1_code, level);
-- nearest_town(): the towns in a band of latitude
CREATE INDEX IF NOT EXISTS place_lat_idx ON place(level, lat);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
-- how far a region reaches from its point: the radius of a circle of its area (from its
-- polygon), what a place known only to lie somewhere inside it is good to
CREATE TABLE IF NOT EXISTS extent (geonameid INTEGER PRIMARY KEY, radius_km REAL NOT NULL);
"""


@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry that a mention's name may refer to."""

    geonameid: int
    name: str
    lat: float | None
    lon: float | None
    country_code: str
    admin1_code: str
    level: str
    population: int
    feature_code: str = ""
    matched: str = ""      # the gazetteer spelling that matched
    exact: bool = True     # matched on name_key (True) or only on the skeleton (False)


class GazetteerMissing(RuntimeError):
    """The index file does not exist or is from an incompatible build."""


def connect(path: Path | str, *, create: bool = False) -> sqlite3.Connection:
    path = Path(path)
    if not create and not path.exists():
        raise GazetteerMissing(
            f"No gazetteer index at {path}. Build it with `python -m extract gazetteer build`."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(str(path), check_same_thread=False)
    if create:
        con.executescript(SCHEMA)
    return con


def add_places(con: sqlite3.Connection, rows: Iterable[Sequence]) -> None:
    """Insert or replace ``place`` rows (columns in SCHEMA order)."""
    con.executemany("INSERT OR REPLACE INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)


def add_extents(con: sqlite3.Connection, radii: Iterable[tuple[int, float]]) -> None:
    """Record ``(geonameid, radius_km)`` of regions with a polygon."""
    con.executemany("INSERT OR REPLACE INTO extent VALUES (?,?)", radii)


def add_names(con: sqlite3.Connection, pairs: Iterable[tuple[int, str, bool]]) -> None:
    """Index ``(geonameid, spelling, is_primary)``; spellings whose key is empty are skipped."""

    def rows():
        for gid, raw, primary in pairs:
            key = name_key(raw)
            if key:
                yield key, skeleton(key), gid, raw, int(primary)

    con.executemany("INSERT OR IGNORE INTO name VALUES (?,?,?,?,?)", rows())


_CANDIDATE_SQL = """
SELECT p.geonameid, p.name, p.lat, p.lon, p.country_code, p.admin1_code, p.level,
       p.population, p.feature_code, n.raw, n.key
FROM name n JOIN place p ON p.geonameid = n.geonameid
WHERE n.{column} = ?
"""


def is_code(raw: str) -> bool:
    """An alias that is a code (airport ONA, CAN; state NY; UK), not a name: a text names the
    place by it only in capitals."""
    letters = sum(ch.isalpha() for ch in raw)
    return 2 <= letters <= 4 and raw.isupper()


_PLACE_COLUMNS = ("geonameid, name, lat, lon, country_code, admin1_code, level, population,"
                  " feature_code")


def _by_own_name(r: Sequence) -> Candidate:
    """A candidate from a row of _PLACE_COLUMNS, as if matched by its own name."""
    return Candidate(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7] or 0, r[8], r[1], True)


class Gazetteer:
    """Read-only access to a built index. Thread-safe for reads; one instance per process."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._con = connect(self.path)
        self._lock = threading.Lock()
        version = self.meta("schema_version")
        if version != SCHEMA_VERSION:
            raise GazetteerMissing(
                f"Gazetteer index {self.path} has schema {version!r}, expected {SCHEMA_VERSION!r}. "
                "Rebuild it with `python -m extract gazetteer build --force`."
            )
        self._admin1_names: dict[tuple[str, str], str] | None = None
        self._radii: dict[int, float] | None = None

    def _query(self, sql: str, params: Sequence = ()) -> list[tuple]:
        with self._lock:
            return self._con.execute(sql, params).fetchall()

    def meta(self, key: str) -> str | None:
        try:
            rows = self._query("SELECT v FROM meta WHERE k = ?", (key,))
        except sqlite3.DatabaseError:
            return None
        return rows[0][0] if rows else None

    def search(
        self,
        name: str,
        *,
        country: str | None = None,
        levels: Iterable[str] | None = None,
        fuzzy: bool = True,
        limit: int = 200,
    ) -> list[Candidate]:
        """Entries whose name matches ``name`` exactly by key, or loosely by skeleton.

        One candidate per place (the exact match wins over a skeleton match), most populous
        first. ``country`` and ``levels`` narrow the result.
        """
        key = name_key(name)
        if not key:
            return []
        found: dict[int, Candidate] = {}
        queries = [("key", key, True)]
        if fuzzy:
            queries.append(("skel", skeleton(key), False))
        wanted_levels = set(levels) if levels else None
        in_capitals = name.isupper()
        for column, value, exact in queries:
            sql = _CANDIDATE_SQL.format(column=column)
            params: list = [value]
            if country:
                sql += " AND p.country_code = ?"
                params.append(country)
            for row in self._query(sql + " LIMIT 5000", params):
                gid = row[0]
                if gid in found or (wanted_levels and row[6] not in wanted_levels):
                    continue
                if not in_capitals and is_code(row[9]) and row[9] != row[1]:
                    continue  # "Ona" is not Winona, whose airport is ONA
                found[gid] = Candidate(
                    geonameid=gid, name=row[1], lat=row[2], lon=row[3], country_code=row[4],
                    admin1_code=row[5], level=row[6], population=row[7] or 0,
                    feature_code=row[8], matched=row[9], exact=exact or row[10] == key,
                )
        # Towns and countries by their people; regions (whose people are their towns' sum, a
        # ranking hint) after the towns that bear the name ("Basra": the city first)
        ranked = sorted(found.values(), key=lambda c: (
            not c.exact, -(c.population if c.level in ("city", "country") else 0)))
        return ranked[:limit]

    def get(self, geonameid: int) -> Candidate | None:
        rows = self._query(f"SELECT {_PLACE_COLUMNS} FROM place WHERE geonameid = ?", (geonameid,))
        return _by_own_name(rows[0]) if rows else None

    def nearest_town(self, lat: float, lon: float, within_km: float = 50.0) -> Candidate | None:
        """The town nearest a point, if one lies within ``within_km``: what country and
        state a point written in the text is in. A scan of a small box of latitude and
        longitude, over an index of the towns' latitudes (about 1 ms)."""
        dlat = within_km / 111.0
        dlon = within_km / max(1.0, 111.0 * math.cos(math.radians(lat)))
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS} FROM place WHERE level = 'city' AND lat BETWEEN ? AND ?"
            " AND lon BETWEEN ? AND ?", (lat - dlat, lat + dlat, lon - dlon, lon + dlon))
        shrink = math.cos(math.radians(lat))
        degrees2 = lambda r: (r[2] - lat) ** 2 + ((r[3] - lon) * shrink) ** 2  # noqa: E731
        best = min(rows, key=degrees2, default=None)
        if best is None or math.sqrt(degrees2(best)) * 111.0 > within_km:
            return None
        return _by_own_name(best)

    def admin1_name(self, country_code: str, admin1_code: str) -> str | None:
        """The English name of a first-level region, e.g. ('IQ', '01') -> 'Al Anbar'."""
        if self._admin1_names is None:
            rows = self._query(
                "SELECT country_code, admin1_code, name FROM place WHERE level = 'admin1'"
            )
            self._admin1_names = {(r[0], r[1]): r[2] for r in rows}
        return self._admin1_names.get((country_code, admin1_code))

    def radius_km(self, geonameid: int | None) -> float | None:
        """The reach of a region from its point (the radius of a circle of its area), or None
        for a town or a region without a polygon. A few thousand rows, read once."""
        if self._radii is None:
            try:
                self._radii = dict(self._query("SELECT geonameid, radius_km FROM extent"))
            except sqlite3.OperationalError:
                self._radii = {}  # an index built before extents were recorded
        return self._radii.get(geonameid)

    def region(self, country_code: str, admin1_code: str) -> Candidate | None:
        """The admin1 entry for a code pair, if the index has it."""
        rows = self._query(
            "SELECT geonameid FROM place WHERE level = 'admin1' AND country_code = ?"
            " AND admin1_code = ? LIMIT 1",
            (country_code, admin1_code),
        )
        return self.get(rows[0][0]) if rows else None

    def country(self, country_code: str) -> Candidate | None:
        rows = self._query(
            "SELECT geonameid FROM place WHERE level = 'country' AND country_code = ? LIMIT 1",
            (country_code,),
        )
        return self.get(rows[0][0]) if rows else None

    def keys_of_level(self, level: str) -> frozenset[str]:
        """Every name key of the entries at one level (e.g. all spellings of all countries)."""
        rows = self._query(
            "SELECT DISTINCT n.key FROM name n JOIN place p ON p.geonameid = n.geonameid"
            " WHERE p.level = ?", (level,))
        return frozenset(r[0] for r in rows)

    def count(self, level: str | None = None) -> int:
        if level:
            return self._query("SELECT COUNT(*) FROM place WHERE level = ?", (level,))[0][0]
        return self._query("SELECT COUNT(*) FROM place")[0][0]

    def close(self) -> None:
        with self._lock:
            self._con.close()
