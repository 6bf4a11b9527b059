"""The event store, run against SQLite and PostgreSQL alike (see conftest.database_url).

Results are built by hand (no spaCy) so these tests exercise storage only.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import inspect

from store import EventFilter, NotFound, PermissionDenied, Store
from store.db import get_engine, make_engine, migrate, normalize_url
from tests.store_support import TEXT, seed_result

def test_schema_matches_latest_migration(database_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from store.schema import Base

    engine = make_engine(database_url)
    migrate(engine)
    migrate(engine)  # a second upgrade is a no-op
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert {"maps", "articles", "places", "events", "corrections", "upload_jobs",
            "upload_items"} <= set(inspect(engine).get_table_names())


def test_add_article_and_read_events_back(store, owner):
    outcome = store.add_article(owner, seed_result(), source="upload.txt", date_found=True)
    assert outcome.created and outcome.n_events == 2 and outcome.n_places == 2
    frame = store.events_frame(owner.map_id)
    assert list(frame["location"]) == ["Hajjaj", "Basra"]  # date order
    hajjaj = frame.iloc[0]
    assert hajjaj["fatalities"] == 6 and hajjaj["injuries"] == 34
    assert hajjaj["event_date"] == date(2017, 9, 19)
    assert hajjaj["article_title"] == "Bomb <b>hits</b>"  # stored as given; pages escape it
    assert hajjaj["assoc_actors"] == "Police Forces of Iraq"
    record = store.article(owner.map_id, outcome.article_id)
    assert record.text == TEXT and record.warnings == ["a warning"] and record.date_found
    articles = store.articles_frame(owner.map_id)
    assert articles.loc[0, "n_events"] == 2 and articles.loc[0, "n_places"] == 2


def test_same_text_is_not_stored_twice(store, owner):
    first = store.add_article(owner, seed_result())
    rewrapped = seed_result(TEXT.replace(" on Tuesday", "\non  Tuesday"))
    again = store.add_article(owner, rewrapped)
    assert not again.created and again.article_id == first.article_id
    assert store.count_events(owner.map_id) == 2
    other_map = store.owner_access(store.create_map("Other").id)
    assert store.add_article(other_map, seed_result()).created  # maps are separate


@pytest.mark.parametrize("flt, expected", [
    (EventFilter(), {"Hajjaj", "Basra"}),
    (EventFilter(event_types=("Protests",)), {"Basra"}),
    (EventFilter(date_from=date(2017, 9, 20)), {"Basra"}),
    (EventFilter(date_to=date(2017, 9, 19)), {"Hajjaj"}),
    (EventFilter(min_fatalities=1), {"Hajjaj"}),
    (EventFilter(actors=("Police Forces of Iraq",)), {"Hajjaj", "Basra"}),  # associated actor
    (EventFilter(actors=("Protesters (Iraq)",)), {"Basra"}),
    (EventFilter(admin1=("Basra",)), {"Basra"}),
    (EventFilter(countries=("Syria",)), set()),
    (EventFilter(text="market"), {"Hajjaj"}),
    (EventFilter(text="50%_"), set()),  # LIKE wildcards are literal
])
def test_filters_run_in_the_database(store, owner, flt, expected):
    store.add_article(owner, seed_result())
    assert set(store.events_frame(owner.map_id, flt)["location"]) == expected
    assert store.count_events(owner.map_id, flt) == len(expected)


def test_filter_options_list_what_the_map_holds(store, owner):
    store.add_article(owner, seed_result())
    options = store.filter_options(owner.map_id)
    assert options.date_min == date(2017, 9, 19) and options.date_max == date(2017, 9, 20)
    assert options.event_types == ["Explosions/Remote violence", "Protests"]
    assert "Police Forces of Iraq" in options.actors and "Islamic State (Iraq)" in options.actors
    assert options.admin1 == ["Basra", "Salah ad Din"] and options.max_fatalities == 6


def test_corrections_are_kept_and_survive_reprocessing(store, owner):
    article_id = store.add_article(owner, seed_result()).article_id
    frame = store.events_frame(owner.map_id)
    hajjaj_id = int(frame.loc[frame.location == "Hajjaj", "id"].iloc[0])
    basra_id = int(frame.loc[frame.location == "Basra", "id"].iloc[0])
    store.correct_event(owner, hajjaj_id, fatalities=7, event_date="2017-09-18")
    store.delete_event(owner, basra_id)
    new_id = store.add_event(owner, article_id, event_type="Battles", sub_event_type="Armed clash",
                             location="Tikrit", lat=34.6, lon=43.68, fatalities=2)
    places = store.places(owner.map_id, article_id)
    hajjaj_place = int(places.loc[places.text == "Hajjaj", "id"].iloc[0])
    store.correct_place(owner, hajjaj_place, name="Al Hajjaj", lat=34.80, lon=43.60,
                        geonameid=12345)

    def check() -> None:
        events = store.events_frame(owner.map_id).set_index("location")
        assert set(events.index) == {"Al Hajjaj", "Tikrit"}
        assert events.loc["Al Hajjaj", "fatalities"] == 7
        assert events.loc["Al Hajjaj", "event_date"] == date(2017, 9, 18)
        assert events.loc["Al Hajjaj", "lat"] == pytest.approx(34.80)
        assert bool(events.loc["Al Hajjaj", "reviewed"]) and bool(events.loc["Tikrit", "reviewed"])
        assert events.loc["Tikrit", "origin"] == "reviewer"
        fixed = store.places(owner.map_id, article_id).set_index("text").loc["Hajjaj"]
        assert fixed["geonameid"] == 12345 and bool(fixed["reviewed"])

    check()
    assert new_id in set(store.events_frame(owner.map_id)["id"])
    store.reprocess(owner, article_id, seed_result())  # a fresh extraction of the same text
    check()
    assert [c["action"] for c in store.corrections(owner.map_id, article_id)] == [
        "update", "delete", "add", "update"]


def test_bad_corrections_are_refused(store, owner):
    store.add_article(owner, seed_result())
    event_id = int(store.events_frame(owner.map_id)["id"].iloc[0])
    with pytest.raises(ValueError):
        store.correct_event(owner, event_id, fatalities=-1)
    with pytest.raises(ValueError):
        store.correct_event(owner, event_id, map_id=2)  # not a reviewable field
    with pytest.raises(ValueError):
        store.correct_event(owner, event_id, event_date="next Tuesday")
    other = store.owner_access(store.create_map("Other").id)
    with pytest.raises(NotFound):
        store.correct_event(other, event_id, fatalities=1)  # an event of another map


def test_read_only_links_cannot_write(store):
    info = store.create_map("Shared")
    viewer = store.access(info.view_token)
    editor = store.access(info.edit_token)
    assert viewer.map_id == editor.map_id == info.id
    assert not viewer.can_edit and editor.can_edit
    assert len(info.view_token) >= 22 and info.view_token != info.edit_token  # >= 128 bits
    assert store.access("not-a-token") is None and store.access("") is None
    with pytest.raises(PermissionDenied):
        store.add_article(viewer, seed_result())
    store.add_article(editor, seed_result())
    event_id = int(store.events_frame(info.id)["id"].iloc[0])
    for write in (lambda: store.delete_event(viewer, event_id),
                  lambda: store.correct_event(viewer, event_id, fatalities=1),
                  lambda: store.rotate_edit_token(viewer)):
        with pytest.raises(PermissionDenied):
            write()
    assert store.count_events(info.id) == 2  # a viewer can still read


def test_revoked_edit_link_stops_working(store):
    info = store.create_map("Shared")
    old = store.access(info.edit_token)
    renewed = store.rotate_edit_token(old)
    assert renewed.edit_token != info.edit_token and renewed.view_token == info.view_token
    assert store.access(info.edit_token) is None
    with pytest.raises(PermissionDenied):
        store.add_article(old, seed_result())  # an Access made before the rotation
    assert store.access(renewed.edit_token).can_edit


def test_deleting_an_article_removes_its_events(store, owner):
    article_id = store.add_article(owner, seed_result()).article_id
    store.delete_event(owner, int(store.events_frame(owner.map_id)["id"].iloc[0]))
    store.delete_article(owner, article_id)
    assert store.count_events(owner.map_id) == 0 and store.articles_frame(owner.map_id).empty
    assert store.add_article(owner, seed_result()).created  # and it can be added again


def test_concurrent_uploads_to_one_map_both_land(database_url):
    """Two app processes = two engines; each stores a different article at the same moment."""
    engines = [make_engine(database_url) for _ in range(2)]
    migrate(engines[0])
    stores = [Store(e) for e in engines]
    info = stores[0].default_map()
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def upload(store: Store, n: int) -> None:
        try:
            barrier.wait(timeout=10)
            text = TEXT + f" Report number {n}."
            store.add_article(store.owner_access(info.id), seed_result(text), source=f"{n}.txt")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=upload, args=(stores[i % 2], i)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(stores[1].articles_frame(info.id)) == 4
    assert stores[1].count_events(info.id) == 8


def test_urls_from_hosting_providers_use_psycopg():
    assert normalize_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalize_url("postgresql://h/db") == "postgresql+psycopg://h/db"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"


def test_get_engine_creates_the_sqlite_file_and_schema(tmp_path):
    url = f"sqlite:///{tmp_path / 'sub' / 'cm.sqlite'}"
    engine = get_engine(url)
    assert (tmp_path / "sub" / "cm.sqlite").exists()
    assert "events" in inspect(engine).get_table_names()


def test_data_version_moves_with_every_change(store, owner):
    versions = [store.data_version(owner.map_id)]
    article_id = store.add_article(owner, seed_result()).article_id
    versions.append(store.data_version(owner.map_id))
    event_id = int(store.events_frame(owner.map_id)["id"].iloc[0])
    store.correct_event(owner, event_id, sub_event_type="Grenade")  # same length, same counts
    versions.append(store.data_version(owner.map_id))
    store.reprocess(owner, article_id, seed_result())
    versions.append(store.data_version(owner.map_id))
    assert len(set(versions)) == len(versions)
    assert store.data_version(owner.map_id) == versions[-1]  # and stays put when nothing moves
