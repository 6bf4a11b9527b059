"""pages/1_Map.py under Streamlit's AppTest (no browser: the map's script is inspected).

Each test seeds its own map in the session's temporary store (tests/conftest.py sets
DATABASE_URL) and opens the page with that map's token, so tests never see each other's events.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from maps.assets import VENDOR_DIR
from store import get_store
from tests.map_support import EVIL_TITLE, TEXT, map_page, result, select_area


@pytest.fixture
def seeded():
    """A fresh map holding one article with three events (one without coordinates)."""
    store = get_store()
    info = store.create_map("map page test")
    access = store.owner_access(info.id)
    store.add_article(access, result())
    return store, info


page = map_page


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def map_script(at: AppTest) -> str:
    components = at.get("component_instance")
    assert components, "no map component rendered"
    return components[0].proto.json_args


def html_blocks(at: AppTest) -> str:
    return "\n".join(str(e.proto.body) for e in at.get("html"))


def test_maps_page_shows_the_events(seeded):
    store, info = seeded
    at = page(info.edit_token).run()
    assert not at.exception, at.exception
    assert metrics(at) == {"Events": "3", "Fatalities": "2", "Articles": "1",
                           "Not mappable": "1"}
    script = map_script(at)
    assert "markerClusterGroup" in script and "cm-event" in script
    # The vendored scripts arrive as one bundle (maps/bundle.py) that holds markercluster.
    bundles = re.findall(r'/app/static/vendor/(bundle/\w+\.js)', script)
    assert len(bundles) == 1, bundles
    assert "L.markerClusterGroup" in (VENDOR_DIR / bundles[0]).read_text()
    assert "cdn.jsdelivr.net" not in script and "cdnjs.cloudflare.com" not in script
    assert "Ramadi" in script


def test_maps_page_counts_follow_the_filters(seeded):
    store, info = seeded
    at = page(info.edit_token, event_types="Protests").run()
    assert not at.exception, at.exception
    assert metrics(at)["Events"] == "2" and metrics(at)["Fatalities"] == "0"
    at.multiselect(key="flt_types").set_value(["Battles"]).run()
    assert metrics(at)["Events"] == "1" and metrics(at)["Fatalities"] == "2"
    assert at.query_params["event_types"] in ("Battles", ["Battles"])


def test_maps_page_choropleth_measure(seeded):
    store, info = seeded
    at = page(info.edit_token).run()
    assert "Choropleth: events by region" in map_script(at)
    at.radio(key="map_measure").set_value("fatalities").run()
    assert not at.exception, at.exception
    assert "Choropleth: fatalities by region" in map_script(at)


def test_maps_page_event_details_escape_the_article(seeded):
    store, info = seeded
    access = store.owner_access(info.id)
    outcome = store.add_article(access, result(
        EVIL_TITLE, "javascript:alert(1)", TEXT.replace("Ramadi", "Ramadi <b>x</b>")))
    events = store.events_frame(info.id)
    event_id = int(events[(events.article_id == outcome.article_id)
                          & (events.event_type == "Battles")].iloc[0]["id"])
    at = page(info.edit_token, event=str(event_id)).run()
    assert not at.exception, at.exception
    assert any(f"Event #{event_id}" in s.value for s in at.subheader)
    html = html_blocks(at)
    assert "&lt;script&gt;alert(&#x27;title&#x27;)" in html
    assert "<script>" not in html and "javascript:" not in html and "<b>x</b>" not in html
    assert "<mark>" in html and "&lt;b&gt;x&lt;/b&gt;" in html  # the sentence, marked
    # two sentences either side of the event's
    assert "Residents said" in html and "Hundreds protested" in html
    assert "Shops closed" not in html
    fields = at.dataframe[0].value
    assert dict(zip(fields["Field"], fields["Value"]))["Event type"] == "Battles"


def test_maps_page_unknown_event_is_a_warning(seeded):
    store, info = seeded
    at = page(info.edit_token, event="999999").run()
    assert not at.exception, at.exception
    assert "no event 999999" in at.warning[0].value


def test_maps_page_area_selection(seeded):
    store, info = seeded
    at = select_area(page(info.edit_token))
    assert any("1 events selected" in s.value for s in at.subheader)
    assert at.dataframe[-1].value["location"].tolist() == ["Ramadi"]
    at.button(key="clear_selection").click().run()
    assert not any("selected" in s.value for s in at.subheader)


def test_maps_page_empty_map_links_to_upload():
    info = get_store().create_map("empty map")
    at = page(info.edit_token).run()
    assert not at.exception, at.exception
    assert "no events yet" in at.info[0].value
    assert not at.get("component_instance")


def test_maps_page_missing_assets_is_an_error(seeded, monkeypatch, tmp_path):
    import maps.assets

    store, info = seeded
    monkeypatch.setattr(maps.assets, "VENDOR_DIR", tmp_path)
    monkeypatch.setattr(maps.assets.missing_assets, "__defaults__", (tmp_path,))
    at = page(info.edit_token).run()
    assert not at.exception, at.exception
    assert "scripts/install.sh" in at.error[0].value
    assert not at.get("component_instance")


def charts(at: AppTest) -> list:
    return at.get("vega_lite_chart")


def test_maps_page_timeline_waits_for_the_drawn_map(seeded):
    """A first visit leaves the timeline chart for the re-run that the drawn map's report
    triggers (its script would compete with the map's); then, and from then on, it is there."""
    from web.mapview import MapSession

    store, info = seeded
    at = page(info.edit_token).run()
    assert not at.exception, at.exception
    assert any(s.value == "Timeline" for s in at.subheader)
    assert not charts(at)
    assert at.get("component_instance"), "the map itself is not held back"

    at = page(info.edit_token)
    at.session_state["cm_mapview"] = MapSession(drawn=True)  # as once the map has reported
    at.run()
    assert not at.exception, at.exception
    assert len(charts(at)) == 1


def test_maps_page_timeline_without_a_map_component(seeded, monkeypatch, tmp_path):
    import maps.assets

    store, info = seeded
    monkeypatch.setattr(maps.assets.missing_assets, "__defaults__", (tmp_path,))
    at = page(info.edit_token).run()
    assert not at.exception, at.exception
    assert len(charts(at)) == 1  # no map to wait for


def test_maps_page_map_report_marks_the_map_drawn():
    from streamlit.testing.v1 import AppTest

    def script():
        import streamlit as st

        from web import mapview

        mapview.handle(st.session_state.get("returned"))
        st.text(f"drawn={mapview.map_drawn()}")

    at = AppTest.from_function(script)
    # What st_folium returns before the browser has reported: its defaults, without a centre.
    at.session_state["returned"] = {"zoom": 6, "last_object_clicked_tooltip": None}
    at.run()
    assert at.text[0].value == "drawn=False"
    at.session_state["returned"] = {"zoom": 6, "center": {"lat": 33.0, "lng": 43.0}}
    at.run()
    assert at.text[0].value == "drawn=True"
    at.session_state["returned"] = None
    at.run()
    assert at.text[0].value == "drawn=True"  # for the rest of the session


@pytest.mark.parametrize("params", [{}, {"event_types": "Protests"},
                                    {"min_fatalities": "1", "text": "Ramadi"}])
def test_maps_page_loads_the_events_once(seeded, monkeypatch, params):
    """The events the page starts loading from the URL before the sidebar is drawn are the ones
    it shows: one query of the events, not two."""
    from store import Store

    store, info = seeded
    calls = []
    real = Store.map_frame

    def counted(self, map_id, flt=None, **kwargs):
        calls.append(flt)
        return real(self, map_id, flt, **kwargs)

    from web import mapview

    asked = []
    real_future = mapview._map_data_future

    def spied(store, map_id, key, version):
        asked.append(key)
        return real_future(store, map_id, key, version)

    monkeypatch.setattr(Store, "map_frame", counted)
    monkeypatch.setattr(mapview, "_map_data_future", spied)
    at = page(info.edit_token, **params).run()
    assert not at.exception, at.exception
    assert len(calls) == 1, calls
    # The first request is the prefetch, made before the sidebar; the page's own is the same.
    assert len(asked) >= 2 and set(asked) == {asked[0]}, asked
    at.run()  # a re-run reuses them
    assert len(calls) == 1, calls
