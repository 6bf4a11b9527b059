"""Streamlit AppTest over the upload page (app.py) and a smoke run of every page.

Each test gets its own database (DATABASE_URL in a temporary directory).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store import get_store

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "pages").glob("*.py"))
TIMEOUT = 180  # the first extraction loads the spaCy model and opens the gazetteer


@pytest.fixture(autouse=True)
def own_database(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def app(path: Path = ROOT / "app.py") -> AppTest:
    return AppTest.from_file(str(path), default_timeout=TIMEOUT)


def _paste(at: AppTest, text: str, published: date | None = None) -> AppTest:
    at.text_area(key="article_text").input(text)
    if published:
        at.date_input(key="published").set_value(published)
    return at.button(key="run").click().run()


def _outcomes(at: AppTest):
    return next(df.value for df in at.dataframe if "status" in df.value.columns)


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


def test_app_demo_article_is_extracted_stored_and_not_duplicated(own_database):
    at = app().run()
    at.button(key="demo").click().run()
    assert "Ramadi" in at.text_area(key="article_text").value
    at.button(key="run").click().run()
    assert not at.exception, at.exception
    outcome = _outcomes(at).iloc[0]
    assert outcome["status"] == "added" and outcome["events"] >= 2 and outcome["places"] >= 4

    store = get_store(own_database)
    map_id = store.default_map().id
    events = store.events_frame(map_id)
    assert len(events) == outcome["events"]
    assert "Ramadi" in set(events["location"])
    assert set(store.articles_frame(map_id)["title"]) == {
        at.text_input(key="article_title").value}

    at.button(key="run").click().run()  # the same article again
    assert _outcomes(at).iloc[0]["status"] == "already on the map"
    assert len(store.events_frame(map_id)) == len(events)


def test_app_upload_map_is_offline_and_escapes_markup():
    at = _paste(app().run(), "Fighting was reported in Mosul <script>alert(1)</script> on "
                             "Monday, killing three people.", date(2024, 3, 4))
    assert not at.exception, at.exception
    components = at.get("component_instance")
    assert components, "no map component rendered"
    script = components[0].proto.json_args
    assert "/app/static/vendor/leaflet/dist/leaflet.js" in script
    assert "cdn.jsdelivr.net" not in script
    assert "<script>alert(1)" not in script


def test_app_non_english_text_is_reported_and_not_stored(own_database):
    text = ("Les combats ont repris dans la ville de Mossoul, selon des témoins sur place. "
            "Les forces de sécurité ont annoncé que trois personnes avaient été tuées dans la "
            "nuit et que les routes étaient fermées jusqu'à nouvel ordre par les autorités.")
    at = _paste(app().run(), text)
    assert not at.exception, at.exception
    outcome = _outcomes(at).iloc[0]
    assert outcome["status"] == "not added" and "English" in outcome["message"]
    store = get_store(own_database)
    assert store.articles_frame(store.default_map().id).empty


def test_app_one_failing_article_does_not_lose_the_others(monkeypatch, own_database):
    import app as app_module  # noqa: F401 - imported for monkeypatching below
    from ingest import read_text

    calls = []

    def flaky(text, published, title=None, url=None):
        calls.append(text)
        if "Kirkuk" in text:
            raise RuntimeError("boom")
        return original(text, published, title, url)

    original = app_module.extract_one
    monkeypatch.setattr(app_module, "extract_one", flaky)
    drafts = (read_text("A bomb exploded in Kirkuk on Monday, killing two people.").drafts
              + read_text("Protesters marched in Basra on Tuesday over power cuts.").drafts)
    store = get_store(own_database)
    access = store.owner_access(store.default_map().id)
    outcomes, results = app_module.add_drafts(access, drafts)
    assert [o.status for o in outcomes] == ["failed", "added"]
    assert "boom" in outcomes[0].message
    assert len(store.articles_frame(access.map_id)) == 1


def test_app_read_only_link_offers_no_upload(own_database):
    info = get_store(own_database).create_map("Shared")
    at = app()
    at.query_params["map"] = info.view_token
    at.run()
    assert not at.exception
    assert "read-only" in at.info[0].value
    assert not [b for b in at.button if b.key in ("run", "demo", "run_files", "rotate")]


def test_app_unknown_link_is_refused(own_database):
    at = app()
    at.query_params["map"] = "x" * 32
    at.run()
    assert not at.exception
    assert "not valid" in at.error[0].value


def test_app_shared_workspace_needs_a_link_or_a_new_map(monkeypatch, own_database):
    monkeypatch.setenv("CONFLICTMAP_WORKSPACE", "shared")
    store = get_store(own_database)
    store.default_map()  # someone else's map exists
    at = app().run()
    assert not [b for b in at.button if b.key == "run"]  # no editing someone else's map
    at.text_input(key="new_map_name").input("Sahel 2026")
    at.button(key="new_map").click().run()
    assert not at.exception
    token = at.query_params["map"]
    token = token[0] if isinstance(token, list) else token
    access = store.access(token)
    assert access.can_edit and access.map.name == "Sahel 2026"


def test_app_edit_link_can_be_replaced(own_database):
    store = get_store(own_database)
    info = store.create_map("Mine")
    at = app()
    at.query_params["map"] = info.edit_token
    at.run()
    at.button(key="rotate").click().run()
    assert not at.exception
    assert store.access(info.edit_token) is None  # the old edit link is dead
    assert store.access(info.view_token) is not None


def _job_drafts(texts: list[str]):
    from ingest.types import Draft

    return [Draft(text=t, title=None, published=date(2024, 3, 4), url=None,
                  source=f"news.jsonl:{n + 1}", date_found=False) for n, t in enumerate(texts)]


BATCH = ["A bomb exploded in Kirkuk on Monday, killing two people.",
         "Protesters marched in Basra on Tuesday over power cuts.",
         "Gunmen attacked a checkpoint near Ramadi on Saturday, killing a soldier."]


def test_app_half_finished_batch_is_offered_and_resumed(own_database):
    store = get_store(own_database)
    owner = store.owner_access(store.default_map().id)
    job_id = store.start_job(owner, "news.jsonl", _job_drafts(BATCH))
    first = store.job_items(owner.map_id, job_id)[0]
    store.mark_done(owner, first.id, "added")  # the run was cut short after one article

    at = app().run()
    assert not at.exception, at.exception
    status = next(m.value for m in at.markdown if "Batch" in m.value)
    assert "news\\.jsonl" in status and "1 of 3 done, 0 failed" in status
    assert not [b for b in at.button if b.key == f"retry_{job_id}"]  # nothing failed
    at.button(key=f"resume_{job_id}").click().run()
    assert not at.exception, at.exception

    outcomes = _outcomes(at)
    assert list(outcomes["source"]) == ["news.jsonl:2", "news.jsonl:3"]  # the first is not redone
    assert set(outcomes["status"]) == {"added"}
    assert set(store.articles_frame(owner.map_id)["source"]) == {"news.jsonl:2", "news.jsonl:3"}
    assert store.open_jobs(owner.map_id) == []  # finished, so no longer offered
    assert not [m for m in at.markdown if "Batch" in m.value]


def test_app_failed_articles_are_listed_and_retried_on_request(own_database):
    store = get_store(own_database)
    owner = store.owner_access(store.default_map().id)
    job_id = store.start_job(owner, "news.jsonl", _job_drafts(BATCH[:1]))
    store.mark_failed(owner, store.job_items(owner.map_id, job_id)[0].id, "RuntimeError: boom")

    at = app().run()
    assert not at.exception, at.exception
    assert any("0 of 1 done, 1 failed" in m.value for m in at.markdown)
    failed = next(df.value for df in at.dataframe if "reason" in df.value.columns)
    assert list(failed["reason"]) == ["RuntimeError: boom"]
    assert not [b for b in at.button if b.key == f"resume_{job_id}"]  # resume leaves failures
    at.button(key=f"retry_{job_id}").click().run()
    assert not at.exception, at.exception
    assert _outcomes(at).iloc[0]["status"] == "added"
    assert store.open_jobs(owner.map_id) == []


def test_app_batch_can_be_discarded_but_not_through_a_read_only_link(own_database):
    store = get_store(own_database)
    info = store.create_map("Shared")
    job_id = store.start_job(store.access(info.edit_token), "news.jsonl", _job_drafts(BATCH))

    viewer = app()
    viewer.query_params["map"] = info.view_token
    viewer.run()
    assert not [b for b in viewer.button if str(b.key).endswith(f"_{job_id}")]

    at = app()
    at.query_params["map"] = info.edit_token
    at.run()
    at.button(key=f"discard_{job_id}").click().run()
    assert not at.exception, at.exception
    assert store.open_jobs(info.id) == [] and store.articles_frame(info.id).empty


def test_app_job_run_marks_each_article_and_survives_a_failure(monkeypatch, own_database):
    import app as app_module

    def flaky(text, published, title=None, url=None):
        if "Kirkuk" in text:
            raise RuntimeError("boom")
        return original(text, published, title, url)

    original = app_module.extract_one
    monkeypatch.setattr(app_module, "extract_one", flaky)
    store = get_store(own_database)
    owner = store.owner_access(store.default_map().id)
    job_id = store.start_job(owner, "news.jsonl", _job_drafts(BATCH))
    outcomes, results = app_module.run_job(owner, job_id)
    assert [o.status for o in outcomes] == ["failed", "added", "added"]
    items = store.job_items(owner.map_id, job_id, status=None)
    assert [i.status for i in items] == ["failed", "done", "done"]
    assert items[0].message == "RuntimeError: boom"
    assert items[1].message.startswith("added")
    assert [j.failed for j in store.open_jobs(owner.map_id)] == [1]  # kept until dealt with
    assert len(store.articles_frame(owner.map_id)) == 2


def test_app_upload_prepares_the_map_for_its_next_visitor(own_database):
    from store import EventFilter
    from web import mapview

    at = app().run()
    at.button(key="demo").click().run()
    at.button(key="run").click().run()
    assert not at.exception, at.exception
    store = get_store(own_database)
    map_id = store.default_map().id
    key = (str(store.engine.url), map_id, mapview.filter_key(EventFilter()),
           store.data_version(map_id))
    # the Map page's unfiltered events and map data, started when the upload finished
    future = mapview._map_datas[key]
    assert future.result(timeout=60).n_events == len(store.events_frame(map_id)) > 0


def test_app_upload_stores_the_map_snapshot(own_database, monkeypatch):
    from maps import snapshot
    from web import mapview

    monkeypatch.setattr(snapshot, "SNAPSHOT_FROM", 1)  # any map, not only big ones
    at = app().run()
    at.button(key="demo").click().run()
    at.button(key="run").click().run()
    assert not at.exception, at.exception
    mapview._publish_pool.submit(lambda: None).result(timeout=60)  # the publish queued before
    store = get_store(own_database)
    map_id = store.default_map().id
    snap = snapshot.load(store, map_id, store.data_version(map_id))
    assert snap is not None and snap.data.n_events == len(store.events_frame(map_id)) > 0
