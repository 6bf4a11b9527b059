"""The Events page (AppTest, no browser): table, counts, URL filters, links and downloads.

Events are written to the session's temporary database (conftest) on a map of their own, and
the page is opened through that map's read-only link: exports are reads, so such a visitor must
get the table and every download.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from extract.types import Article, ArticleResult
from store import get_store
from tests.store_support import event as _store_event

PAGE = Path(__file__).resolve().parent.parent / "pages" / "2_Events.py"
TEXT = "Gunmen attacked a checkpoint in Ramadi. Protesters marched in Basra. Troops left Hit."


def _event(*args, **kwargs):
    """tests.store_support's event, with its sentence taken from this module's text."""
    event = _store_event(*args, **kwargs)
    return replace(event, sentence=TEXT[event.start:event.end])


@pytest.fixture(scope="module")
def events_map():
    """A map with 3 events from one article: 2 located, 1 without coordinates."""
    store = get_store()
    info = store.create_map("Events page test")
    article = Article(id="ev", text=TEXT, published=date(2024, 3, 4),
                      title="=HYPERLINK(\"http://x\") <b>Report</b>",
                      url="https://news.example.org/ramadi")
    events = [
        _event(1, "Battles", "Armed clash", "Ramadi", 33.42, 43.3, 2, date(2024, 3, 2), 0, 39,
               "Unidentified Armed Group (Iraq)", admin1="Anbar"),
        _event(2, "Protests", "Peaceful protest", "Basra", 30.51, 47.78, 0, date(2024, 3, 3), 40,
               68, "Protesters (Iraq)", admin1="Basra"),
        _event(3, "Strategic developments", "Other", "Hit", None, None, None, date(2024, 3, 3),
               69, 86, "Military Forces of Iraq", admin1="Anbar"),
    ]
    store.add_article(store.owner_access(info.id), ArticleResult(article, [], events))
    return info


def page(info, **params) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.query_params["map"] = info.view_token
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_events_page_shows_the_maps_events(events_map):
    at = page(events_map)
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert len(table) == 3
    assert set(table["location"]) == {"Ramadi", "Basra", "Hit"}
    assert _metrics(at) == {"Events": "3", "Fatalities": "2", "Injuries": "34", "Articles": "1"}


def test_events_page_links_article_page_with_the_maps_token(events_map):
    at = page(events_map)
    table = at.dataframe[0].value
    link = table["article_page"].iloc[0]
    assert link.startswith("Article?article=")
    assert f"map={events_map.view_token}" in link
    assert set(table["source_url"]) == {"https://news.example.org/ramadi"}


def test_events_page_query_params_filter_the_table(events_map):
    at = page(events_map, event_types="Protests")
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert list(table["location"]) == ["Basra"]
    assert _metrics(at)["Events"] == "1"
    assert at.multiselect(key="flt_types").value == ["Protests"]


def test_events_page_offers_every_download_to_read_only_visitors(events_map):
    at = page(events_map)
    buttons = {b.proto.label: b for b in at.get("download_button")}
    assert set(buttons) == {"CSV (ACLED columns)", "GeoJSON", "GeoPackage", "Map (HTML, zip)"}
    assert not any(b.proto.disabled for b in buttons.values())
    assert "1 of 3 events have no coordinates" in " ".join(c.value for c in at.caption)


def test_events_page_without_coordinates_disables_spatial_downloads(events_map):
    at = page(events_map, event_types="Strategic developments")
    disabled = {b.proto.label: b.proto.disabled for b in at.get("download_button")}
    assert disabled == {"CSV (ACLED columns)": False, "GeoJSON": True, "GeoPackage": True,
                        "Map (HTML, zip)": True}


def test_events_page_says_when_nothing_matches(events_map):
    at = page(events_map, text="no such words anywhere")
    assert not at.exception, at.exception
    assert "No events match" in at.info[0].value
    assert not at.get("download_button")
