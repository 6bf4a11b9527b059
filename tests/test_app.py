"""Streamlit AppTest over app.py and every page (no browser: the map's script is inspected)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "pages").glob("*.py"))
TIMEOUT = 180  # first extraction loads the spaCy model and opens the gazetteer


def app(path: Path = ROOT / "app.py") -> AppTest:
    return AppTest.from_file(str(path), default_timeout=TIMEOUT)


def test_app_runs():
    at = app().run()
    assert not at.exception
    assert at.title[0].value == "ConflictMap"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_app_page_runs(page):
    at = app(page).run()
    assert not at.exception


def test_app_without_gazetteer_says_how_to_build_it(monkeypatch, tmp_path):
    monkeypatch.setenv("CONFLICTMAP_GAZETTEER_PATH", str(tmp_path / "missing.sqlite"))
    at = app().run()
    assert not at.exception
    assert "scripts/install.sh" in at.error[0].value


def test_app_empty_text_asks_for_input():
    at = app().run()
    at.button(key="run").click().run()
    assert not at.exception
    assert "Paste some text" in at.info[0].value


def _map_script(at: AppTest) -> str:
    components = at.get("component_instance")
    assert components, "no map component rendered"
    return components[0].proto.json_args


def test_app_demo_article_maps_places():
    at = app().run()
    at.button(key="demo").click().run()
    assert "Ramadi" in at.text_area(key="article_text").value
    at.button(key="run").click().run()
    assert not at.exception, at.exception
    places = at.dataframe[-1].value  # the places table comes last
    assert {"Ramadi", "Mosul"} <= set(places["name"].dropna()) | set(places["text"])
    script = _map_script(at)
    assert "cm-place" in script
    assert "/app/static/vendor/leaflet/dist/leaflet.js" in script
    assert "cdn.jsdelivr.net" not in script


def test_app_pasted_text_escapes_markup():
    at = app().run()
    at.text_area(key="article_text").input(
        "Fighting was reported in Mosul <script>alert(1)</script> on Monday.").run()
    at.button(key="run").click().run()
    assert not at.exception, at.exception
    script = _map_script(at)
    assert "<script>alert(1)" not in script
