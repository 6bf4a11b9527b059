"""Map snapshots (maps/snapshot.py): a map's unfiltered Map page stored by whoever wrote its
data, read back exactly, used only for the data version it shows; the Map page and
``extract run --db`` around them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from maps import snapshot
from maps.eventmap import FULL_SENTENCES_UP_TO, prepare
from store import EventFilter, get_store
from tests.map_support import map_page, result


@pytest.fixture
def every_map(monkeypatch):
    """Snapshots for maps of any size (the default is SNAPSHOT_FROM events and up)."""
    monkeypatch.setattr(snapshot, "SNAPSHOT_FROM", 1)


def test_snapshot_round_trip_is_exact(store, owner):
    store.add_article(owner, result())
    made = snapshot.build(store, owner.map_id)
    back = snapshot.decode(snapshot.encode(made))
    fresh = store.map_frame(owner.map_id, texts_up_to=FULL_SENTENCES_UP_TO)
    pd.testing.assert_frame_equal(back.frame, fresh)
    assert back.version == store.data_version(owner.map_id)
    assert back.options == store.filter_options(owner.map_id)
    expected = prepare(fresh)
    assert back.data.json == expected.json
    assert (back.data.n_events, back.data.n_points) == (3, 2)
    assert back.data.bounds == pytest.approx(expected.bounds)
    assert back.data.types == expected.types
    regions = back.data.totals.regions
    assert list(regions["events"]) == list(expected.totals.regions["events"])
    assert regions.geometry.geom_equals(expected.totals.regions.geometry).all()
    assert back.data.totals.unmatched == expected.totals.unmatched


def test_publish_skips_small_maps_and_load_ignores_stale_or_damaged(store, owner):
    store.add_article(owner, result())
    assert snapshot.publish(store, owner.map_id, min_events=4) == 0  # 3 events
    assert store.snapshot(owner.map_id, store.data_version(owner.map_id)) is None
    assert snapshot.publish(store, owner.map_id, min_events=1) > 0
    version = store.data_version(owner.map_id)
    assert snapshot.load(store, owner.map_id, version).data.n_events == 3

    # A change made without publishing (a correction) leaves the snapshot stale: not used.
    event_id = int(store.events_frame(owner.map_id)["id"].iloc[0])
    store.correct_event(owner, event_id, fatalities=40)
    assert snapshot.load(store, owner.map_id, store.data_version(owner.map_id)) is None

    store.save_snapshot(owner.map_id, store.data_version(owner.map_id), b"not a zip")
    assert snapshot.load(store, owner.map_id, store.data_version(owner.map_id)) is None
    with pytest.raises(ValueError, match="damaged snapshot"):
        snapshot.decode(b"not a zip")

    # Below the threshold again: the old snapshot goes.
    assert snapshot.publish(store, owner.map_id, min_events=10) == 0
    assert store.snapshot(owner.map_id, store.data_version(owner.map_id)) is None


def test_map_page_reads_the_snapshot_instead_of_the_events(every_map, monkeypatch):
    from store import Store

    store = get_store()
    queried = []
    for name in ("map_frame", "filter_options"):
        real = getattr(Store, name)
        monkeypatch.setattr(Store, name, lambda self, *a, _n=name, _r=real, **k:
                            queried.append(_n) or _r(self, *a, **k))
    other = store.create_map("snapshot page")
    store.add_article(store.owner_access(other.id), result(title="Second"))
    snapshot.publish(store, other.id)
    queried.clear()  # publish reads them; the page must not
    at = map_page(other.edit_token).run()
    assert not at.exception, at.exception
    assert queried == []
    assert {m.label: m.value for m in at.metric} == {
        "Events": "3", "Fatalities": "2", "Articles": "1", "Not mappable": "1"}
    assert "Second" in str(at.sidebar.multiselect(key="flt_articles").options)

    # A filtered view is not what the snapshot holds: it is queried.
    filtered = map_page(other.edit_token, event_types="Protests").run()
    assert not filtered.exception, filtered.exception
    assert "map_frame" in queried
    assert {m.label: m.value for m in filtered.metric}["Events"] == "2"


def test_cli_db_run_publishes_the_snapshot(every_map, database_url, tmp_path, capsys):
    from extract.batch import RunOptions, run_jsonl
    from extract.into_store import open_store
    from tests.cli_support import jsonl

    src = tmp_path / "in.jsonl"
    src.write_text(jsonl(["mosul", "aleppo"]), encoding="utf-8")
    assert run_jsonl(str(src), None, RunOptions(db=database_url)) == 0
    assert "map prepared for its first visit" in capsys.readouterr().err
    store = open_store(database_url)
    map_id = store.default_map().id
    snap = snapshot.load(store, map_id, store.data_version(map_id))
    assert snap is not None
    assert snap.data.n_events == len(store.events_frame(map_id)) > 0
    pd.testing.assert_frame_equal(snap.frame, store.map_frame(
        map_id, EventFilter(), texts_up_to=FULL_SENTENCES_UP_TO))

    # Nothing new: the current snapshot is kept, not rebuilt.
    assert run_jsonl(str(src), None, RunOptions(db=database_url)) == 0
    assert "map prepared" not in capsys.readouterr().err


def test_a_correction_in_the_app_stores_a_fresh_snapshot(every_map):
    from streamlit.testing.v1 import AppTest

    from web import mapview

    store = get_store()
    info = store.create_map("corrected")
    access = store.owner_access(info.id)
    store.add_article(access, result())
    snapshot.publish(store, info.id)
    article_id = int(store.articles_frame(info.id)["id"].iloc[0])
    event_id = int(store.events_frame(info.id)["id"].iloc[0])
    at = AppTest.from_file(str(Path(__file__).parents[1] / "pages" / "3_Article.py"),
                           default_timeout=60)
    at.query_params.update({"map": info.edit_token, "article": str(article_id)})
    at.run()
    assert not at.exception, at.exception
    at.number_input(key=f"ev{event_id}_fatalities").set_value(40)
    at.button(key=f"ev{event_id}_save").click().run()
    assert not at.exception, at.exception
    mapview._publish_pool.submit(lambda: None).result(timeout=60)
    snap = snapshot.load(store, info.id, store.data_version(info.id))
    assert snap is not None
    assert 40 in set(snap.frame["fatalities"].dropna())
