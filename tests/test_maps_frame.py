"""The Map page's narrow events frame (``Store.map_frame``): the columns the page reads, the same
values and dtypes as ``Store.events_frame``, no sentences or titles for a map whose popups do
not quote them, and the same map drawn from it."""

from __future__ import annotations

import pandas as pd
import pytest

from maps.eventmap import prepare
from store import EventFilter, get_store
from store.repository import MAP_COLUMNS, MAP_TEXT_COLUMNS
from tests.map_support import TEXT, map_page, result, select_area

OTHER_TEXT = TEXT.replace("Saturday", "Friday")


def _seed(store, owner) -> None:
    store.add_article(owner, result())
    store.add_article(owner, result("Basra and Ramadi", None, OTHER_TEXT))


def test_map_frame_has_the_map_columns_with_the_events_frame_values(store, owner):
    _seed(store, owner)
    full = store.events_frame(owner.map_id)
    narrow = store.map_frame(owner.map_id)
    assert list(narrow.columns) == [*MAP_COLUMNS, *MAP_TEXT_COLUMNS]
    assert len(narrow) == 6
    pd.testing.assert_frame_equal(narrow, full[list(narrow.columns)])
    assert str(narrow["fatalities"].dtype) == "Int64" and narrow["injuries"].isna().all()


def test_map_frame_leaves_the_texts_out_above_the_threshold(store, owner):
    _seed(store, owner)
    full = store.events_frame(owner.map_id)
    assert store.count_events(owner.map_id) == 6
    assert store.count_events(owner.map_id, placed=True) == 4  # two have no coordinates
    narrow = store.map_frame(owner.map_id, texts_up_to=3)
    assert list(narrow.columns) == list(MAP_COLUMNS)
    assert not {"sentence", "article_title", "article_url"} & set(narrow.columns)
    pd.testing.assert_frame_equal(narrow, full[list(MAP_COLUMNS)])
    # Only events with coordinates count, after the filters.
    assert "sentence" in store.map_frame(owner.map_id, texts_up_to=4).columns
    battles = EventFilter(event_types=("Battles",))
    kept = store.map_frame(owner.map_id, battles, texts_up_to=3)
    assert "sentence" in kept.columns and set(kept["event_type"]) == {"Battles"}
    # The filters still search the sentences the frame leaves out.
    found = store.map_frame(owner.map_id, EventFilter(text="shops closed"), texts_up_to=0)
    assert list(found["location"]) == ["Basra", "Basra"] and found["lat"].isna().all()


def _same(a, b) -> None:
    """Same markers and popups (the event data), same counts, bounds, types and region totals."""
    assert (a.json, a.n_events, a.n_points, a.bounds, a.types) == \
        (b.json, b.n_events, b.n_points, b.bounds, b.types)
    assert a.totals.unmatched == b.totals.unmatched
    pd.testing.assert_frame_equal(a.totals.regions, b.totals.regions)


def test_the_map_frame_draws_the_same_map(store, owner):
    _seed(store, owner)
    full = store.events_frame(owner.map_id)
    quoted = prepare(store.map_frame(owner.map_id, texts_up_to=4))
    assert '"sentences":300' in quoted.json and "killing 2 soldiers" in quoted.json
    _same(quoted, prepare(full))
    bare = prepare(store.map_frame(owner.map_id, texts_up_to=3))
    assert '"sentences":0' in bare.json and "killing 2 soldiers" not in bare.json
    _same(bare, prepare(full, sentence_chars=0))


# -- the page, for a map over the threshold --------------------------------------------------

@pytest.fixture
def big_map(monkeypatch):
    """A map the page treats as too large to quote sentences (the threshold lowered to 1)."""
    from web import mapview

    monkeypatch.setattr(mapview, "FULL_SENTENCES_UP_TO", 1)
    store = get_store()
    info = store.create_map("map frame test")
    _seed(store, store.owner_access(info.id))
    return store, info


_page = map_page


def test_map_page_without_texts_still_details_the_event(big_map):
    store, info = big_map
    events = store.events_frame(info.id)
    event_id = int(events[(events.event_type == "Battles")
                          & (events.article_title == "Clashes in Anbar")].iloc[0]["id"])
    at = _page(info.edit_token, event=str(event_id)).run()
    assert not at.exception, at.exception
    assert {m.label: m.value for m in at.metric}["Events"] == "6"
    script = at.get("component_instance")[0].proto.json_args
    assert "Ramadi" in script and "killing 2 soldiers" not in script  # no sentences in popups
    assert any(f"Event #{event_id}" in s.value for s in at.subheader)
    html = "\n".join(str(e.proto.body) for e in at.get("html"))
    assert "Clashes in Anbar" in html and "https://example.org/anbar" in html
    assert "killing 2 soldiers" in html
    fields = at.dataframe[0].value
    assert dict(zip(fields["Field"], fields["Value"]))["Event type"] == "Battles"


def test_map_page_without_texts_selection_lists_the_titles(big_map):
    store, info = big_map
    at = select_area(_page(info.edit_token))
    assert any("2 events selected" in s.value for s in at.subheader)
    table = at.dataframe[-1].value
    assert table["location"].tolist() == ["Ramadi", "Ramadi"]
    assert sorted(table["article_title"]) == ["Basra and Ramadi", "Clashes in Anbar"]
