"""The index built from registry packages (scripts/install.sh builds it)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from shapely.geometry import shape

import settings
from extract.resolve import haversine_km


@pytest.fixture(scope="module")
def gaz():
    from gazetteer import get_gazetteer

    return get_gazetteer()


def test_countries_and_regions_sit_at_centroids_not_capitals(gaz):
    iraq = gaz.country("IQ")
    baghdad = [c for c in gaz.search("Baghdad") if c.level == "city"][0]
    assert haversine_km(iraq.lat, iraq.lon, baghdad.lat, baghdad.lon) > 50
    assert 29 < iraq.lat < 37 and 38 < iraq.lon < 49
    us = gaz.country("US")  # main-part centroid: Kansas, not Washington or the Pacific
    assert haversine_km(us.lat, us.lon, 39.5, -98.5) < 300
    anbar = gaz.region("IQ", "01")
    ramadi = [c for c in gaz.search("Ramadi") if c.country_code == "IQ" and c.level == "city"][0]
    assert haversine_km(anbar.lat, anbar.lon, ramadi.lat, ramadi.lon) > 50


def test_regions_record_their_reach_from_their_polygon(gaz):
    # a circle of the region's area: Rhode Island (3,100 km²) ~31 km, Alberta (661,000 km²)
    # ~459 km, Iraq (435,000 km²) ~372 km; towns have none
    rhode_island, alberta = gaz.region("US", "RI"), gaz.region("CA", "01")
    assert 25 < gaz.radius_km(rhode_island.geonameid) < 36
    assert 430 < gaz.radius_km(alberta.geonameid) < 490
    assert 350 < gaz.radius_km(gaz.country("IQ").geonameid) < 400
    baghdad = [c for c in gaz.search("Baghdad") if c.level == "city"][0]
    assert gaz.radius_km(baghdad.geonameid) is None


def test_countries_across_the_antimeridian_sit_among_their_islands(gaz):
    # Fiji and Kiribati have islands on both sides of 180 degrees; their centroid had landed
    # in the Atlantic.
    fiji = gaz.country("FJ")
    assert haversine_km(fiji.lat, fiji.lon, -17.8, 178.0) < 150
    kiribati = gaz.country("KI")
    assert abs(kiribati.lon) > 150


def test_a_country_is_its_largest_island_and_those_a_short_crossing_away(gaz):
    # New Zealand's two main islands lie 20 km apart: its centre is between them, not on the
    # South Island; Alaska and Hawaii, far from the other states, still leave the US in Kansas.
    nz = gaz.country("NZ")
    assert haversine_km(nz.lat, nz.lon, -41.5, 173.0) < 100
    assert nz.lat > -42.5


def test_main_part_chains_near_islands_and_drops_far_ones():
    from shapely.geometry import MultiPolygon, box

    from gazetteer.boundaries import _main_part

    km = 1000  # the function works in metres of an equal-area projection
    main = box(0, 0, 400 * km, 400 * km)
    near = box(450 * km, 0, 650 * km, 200 * km)       # 50 km across the water
    nearer_to_near = box(700 * km, 0, 800 * km, 100 * km)  # 50 km beyond that one
    far = box(3000 * km, 0, 3300 * km, 300 * km)
    body = _main_part(MultiPolygon([main, near, nearer_to_near, far]))
    assert body.equals(MultiPolygon([main, near, nearer_to_near]))
    assert _main_part(main).equals(main)


def test_a_code_alias_matches_only_a_name_written_in_capitals(gaz):
    # GeoNames lists Winona's airport code ONA among its names: "Ona" is not Winona
    assert "Winona" not in {c.name for c in gaz.search("Ona", fuzzy=False)}
    assert "Winona" in {c.name for c in gaz.search("ONA", fuzzy=False)}
    assert gaz.search("NYC", fuzzy=False)[0].name == "New York City"


def test_index_covers_every_level_and_aliases(gaz):
    assert gaz.count("country") > 240 and gaz.count("admin1") > 3000 and gaz.count("city") > 200_000
    assert gaz.search("U.S.")[0].country_code == "US"
    assert any(c.level == "admin1" and c.country_code == "IQ" for c in gaz.search("Salah ad Din"))
    assert any(c.level == "region" for c in gaz.search("Middle East"))
    assert gaz.search("Darfur")[0].country_code == "SD"
    assert gaz.admin1_name("IQ", "01") == "Al Anbār"


def test_us_counties_sit_at_their_census_polygons_and_need_their_county_word(gaz):
    counties = [c for c in gaz.search("Dickinson County", fuzzy=False) if c.level == "admin2"]
    assert {c.admin1_code for c in counties} >= {"KS", "IA", "MI"}
    kansas = [c for c in counties if c.admin1_code == "KS"][0]
    # the county's middle, between its towns (Abilene is its seat, 10 km off)
    assert haversine_km(kansas.lat, kansas.lon, 38.87, -97.15) < 10
    assert not any(c.level == "admin2" and c.country_code == "US"
                   for c in gaz.search("Dickinson", fuzzy=False))
    assert gaz.count("admin2") > 15_000 + 2_000
    # Saint / St., Mount / Mt.: either spelling finds the entry
    assert [c.admin1_code for c in gaz.search("St. Charles County", fuzzy=False)
            if c.level == "admin2"] == ["MO"]
    assert any(c.name == "Mount Vernon" for c in gaz.search("Mt Vernon", fuzzy=False))


def test_provinces_geonames_files_below_admin1_come_from_their_polygons_once(gaz):
    # A Philippine province: GeoNames' admin1 codes there are other units, and no town is
    # called Bohol; the province comes from its Natural Earth polygon.
    bohol = [c for c in gaz.search("Bohol", fuzzy=False) if c.country_code == "PH"]
    assert [c.level for c in bohol] == ["admin2"]
    assert haversine_km(bohol[0].lat, bohol[0].lon, 9.85, 124.2) < 40
    # A polygon whose region GeoNames already has under the same name adds no second entry.
    madrid = [c for c in gaz.search("Madrid", fuzzy=False)
              if c.country_code == "ES" and c.level in ("admin1", "admin2")]
    assert len(madrid) == 1, madrid


def test_unit_filed_under_another_units_id_gets_its_own_entry(gaz):
    # Natural Earth gives Cornwall the Isles of Scilly's GeoNames id; it had been left out.
    cornwall = [c for c in gaz.search("Cornwall", fuzzy=False) if c.country_code == "GB"]
    assert [(c.level, c.admin1_code) for c in cornwall] == [("admin2", "ENG")]
    assert haversine_km(cornwall[0].lat, cornwall[0].lon, 50.4, -4.8) < 30
    scilly = [c for c in gaz.search("Isles of Scilly", fuzzy=False) if c.country_code == "GB"]
    assert "Cornwall" not in {c.name for c in scilly}
    # A city-county whose name a town already has is not added again.
    debrecen = [c for c in gaz.search("Debrecen", fuzzy=False) if c.name == "Debrecen"]
    assert [c.level for c in debrecen] == ["city"]


def test_boundaries_written_for_the_map():
    folder = Path(settings.get("BOUNDARIES_DIR"))
    admin1 = json.loads((folder / "admin1.geojson").read_text(encoding="utf-8"))
    codes = {f["properties"]["admin1_code"] for f in admin1["features"]}
    assert {"IQ.01", "IQ.18", "SY.07"} <= codes
    assert (folder / "countries.geojson").stat().st_size < 5_000_000
    # No ring drawn across the whole map: an island straddling 180 degrees is cut in two.
    countries = json.loads((folder / "countries.geojson").read_text(encoding="utf-8"))
    for feature in countries["features"] + admin1["features"]:
        geometry = shape(feature["geometry"])
        for part in getattr(geometry, "geoms", [geometry]):
            west, _, east, _ = part.bounds
            if east - west > 300:
                assert feature["properties"]["name"] == "Antarctica", feature["properties"]


def test_cli_reports_a_wrong_file_in_one_line(repo_root, tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("hello\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "extract", "gazetteer", "import", str(bad),
                           "--path", str(tmp_path / "g.sqlite")],
                          capture_output=True, text=True, cwd=repo_root, timeout=120)
    assert proc.returncode == 2
    assert "not a GeoNames table" in proc.stderr and "Traceback" not in proc.stderr


def test_doctor_reports_each_resource(repo_root):
    proc = subprocess.run([sys.executable, "-m", "extract", "doctor"], capture_output=True,
                          text=True, cwd=repo_root, timeout=120)
    for what in ("spaCy model", "gazetteer", "map boundaries", "database"):
        assert what in proc.stdout


@pytest.mark.parametrize("name,spelt", [
    ("Jisr ash Shughūr", ["Jisr al Shughūr"]),
    ("Dayr az Zawr", ["Dayr al Zawr"]),
    ("Ash Shaykh Maskin", []),  # the leading article is dropped from keys anyway
    ("Bourg en Bresse", ["Bourg al Bresse"]),  # harmless: both spellings are one place
    ("Anbar", []),
])
def test_an_arabic_article_inside_a_name_is_also_spelt_al(name, spelt):
    from gazetteer.normalize import article_spelt_al

    assert article_spelt_al(name) == spelt
