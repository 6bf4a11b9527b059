"""`python -m extract run --db URL [--map NAME]`: batch results landing on a map of the store,
on SQLite and on PostgreSQL (see conftest.database_url)."""

from __future__ import annotations

import json

import pytest

from extract import pipeline
from extract.batch import RunOptions, run_jsonl
from extract.into_store import db_url, open_store
from tests.cli_support import TEXTS, jsonl, run_cli
from tests.pg import _free_port

IDS = ["mosul", "aleppo", "kano", "sanaa", "tripoli"]
EVENT_KEYS = ["sentence", "start", "end", "event_type", "location", "lat", "lon", "event_date",
              "fatalities", "actor1"]


def load(tmp_path, url: str, data: str, map_name: str | None = None, **knobs) -> int:
    src = tmp_path / "in.jsonl"
    src.write_text(data, encoding="utf-8")
    return run_jsonl(str(src), knobs.pop("out", None),
                     RunOptions(db=url, map_name=map_name, **knobs))


def stored(url: str, map_name: str | None = None):
    """(articles frame, events as comparable tuples) of the map."""
    store = open_store(url)
    info = store.maps_named(map_name)[0] if map_name else store.default_map()
    events = store.events_frame(info.id)
    return (store.articles_frame(info.id),
            sorted(tuple(str(v) for v in row) for row in events[EVENT_KEYS].itertuples(False)))


def stored_ids(url: str, map_name: str | None = None) -> list[str]:
    """The input ids of the map's articles, in the order they were stored."""
    store = open_store(url)
    info = store.maps_named(map_name)[0] if map_name else store.default_map()
    return [store.article(info.id, int(i)).external_id
            for i in sorted(store.articles_frame(info.id)["id"])]


def test_cli_db_run_lands_articles_and_events_then_rerun_adds_nothing(
        database_url, tmp_path, capsys, monkeypatch):
    assert load(tmp_path, database_url, jsonl(IDS)) == 0
    articles, events = stored(database_url)
    assert stored_ids(database_url) == IDS and events
    assert set(articles["source"]) == {"in.jsonl"}
    err = capsys.readouterr().err
    assert "map 'My map' in " in err
    assert f"{len(IDS)} added ({len(events)} events), 0 already on the map" in err
    assert "view link: http://localhost:8501/?map=" in err

    # The second run must not even extract them: extraction would now fail loudly.
    def broken(*args, **kwargs):
        raise AssertionError("a stored article was extracted again")

    monkeypatch.setattr(pipeline, "result_from_doc", broken)
    assert load(tmp_path, database_url, jsonl(IDS)) == 0
    again, events_again = stored(database_url)
    assert len(again) == len(IDS) and events_again == events
    assert f"0 added (0 events), {len(IDS)} already on the map, 0 not added, 0 failed" in \
        capsys.readouterr().err


def test_cli_db_two_workers_store_the_same_events_as_one(database_url, tmp_path):
    data = jsonl(IDS)
    assert load(tmp_path, database_url, data, "one") == 0
    assert load(tmp_path, database_url, data, "two", workers=2, chunk_size=2, batch_size=2) == 0
    one, two = stored(database_url, "one")[1], stored(database_url, "two")[1]
    assert one and two == one
    # stored in input order, as the output lines are written
    assert stored_ids(database_url, "two") == stored_ids(database_url, "one") == IDS


def test_cli_db_bad_line_is_reported_and_the_rest_stored(database_url, tmp_path, capsys):
    assert load(tmp_path, database_url, jsonl(IDS, bad_after=2), "with a bad line") == 1
    assert stored_ids(database_url, "with a bad line") == IDS
    err = capsys.readouterr().err
    assert "line 3: not valid JSON" in err
    assert "map 'with a bad line' (created)" in err and f"{len(IDS)} added" in err


def test_cli_db_dask_stores_what_local_stores(database_url, tmp_path):
    distributed = pytest.importorskip("distributed")
    data = jsonl(IDS[:3])
    assert load(tmp_path, database_url, data, "local") == 0
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=":0") as cluster:
        assert load(tmp_path, database_url, data, "dask", engine="dask",
                    scheduler=cluster.scheduler_address, chunk_size=1) == 0
    assert stored(database_url, "dask")[1] == stored(database_url, "local")[1]


def test_cli_db_out_file_alongside_holds_what_this_run_extracted(tmp_path, capsys):
    url, out = f"sqlite:///{tmp_path / 's.sqlite'}", tmp_path / "out.jsonl"
    assert load(tmp_path, url, jsonl(IDS[:2]), out=str(out)) == 0
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == IDS[:2]
    # a longer input: only the new articles are extracted, so only they are in the new file
    assert load(tmp_path, url, jsonl(IDS[:3]), out=str(out)) == 0
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == IDS[2:3]
    assert "1 added" in capsys.readouterr().err.splitlines()[-3]


def test_cli_db_refuses_non_english_like_the_app(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    french = ("Les forces irakiennes ont repris deux quartiers de Mossoul lundi, selon des "
              "officiers qui se trouvaient sur place avec les soldats et les journalistes de la "
              "chaîne nationale pendant toute la durée de cette opération.")
    data = json.dumps({"id": "fr", "text": french}) + "\n" + jsonl(["kano"])
    assert load(tmp_path, url, data) == 0
    assert stored_ids(url) == ["kano"]
    err = capsys.readouterr().err
    assert "line 1 (id 'fr'): not added to the map: the text does not look English" in err
    assert "1 added" in err and "1 not added" in err


def test_cli_db_map_by_edit_token_and_read_only_token_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    store = open_store(url)
    info = store.create_map("Shared map")
    assert load(tmp_path, url, jsonl(["kano"]), info.edit_token) == 0
    assert len(store.articles_frame(info.id)) == 1
    with pytest.raises(ValueError, match="read-only link"):
        load(tmp_path, url, jsonl(["kano"]), info.view_token)


def test_cli_db_plain_path_is_a_sqlite_file(tmp_path):
    assert db_url(str(tmp_path / "x.sqlite")) == f"sqlite:///{tmp_path / 'x.sqlite'}"
    assert db_url("postgresql://h/db") == "postgresql://h/db"


def test_cli_db_prints_a_summary_not_json(repo_root, tmp_path):
    proc = run_cli(repo_root, jsonl(["kano", "goma"]), "--db", str(tmp_path / "s.sqlite"),
                   "--map", "Kano and Goma")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert "map 'Kano and Goma' (created)" in lines[0] and "2 added" in lines[0]
    assert lines[1].startswith("extract run: view link: http://localhost:8501/?map=")
    assert lines[2].startswith("extract run: edit link: http://localhost:8501/?map=")


@pytest.mark.parametrize("url, message", [
    ("postgresql://cm:secret@127.0.0.1:{port}/cm", "cannot open the database "
     "postgresql+psycopg://cm:***@127.0.0.1:{port}/cm: connection failed"),
    ("nosuchdb://x/y", "--db 'nosuchdb://x/y' is not a database URL"),
    ("postgresql://cm@host:port/cm", "is not a database URL"),
])
def test_cli_db_bad_or_unreachable_database_is_one_clear_line(repo_root, url, message):
    port = _free_port()  # nothing listens there
    proc = run_cli(repo_root, jsonl(["kano"]), "--db", url.format(port=port))
    assert proc.returncode == 2
    assert proc.stdout == "" and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "secret" not in proc.stderr
    assert message.format(port=port) in proc.stderr


def test_cli_db_map_without_db_and_resume_without_out_are_refused(repo_root, tmp_path):
    proc = run_cli(repo_root, jsonl(["kano"]), "--map", "x")
    assert proc.returncode == 2 and "give --db URL too" in proc.stderr
    proc = run_cli(repo_root, jsonl(["kano"]), "--db", str(tmp_path / "s.sqlite"), "--resume")
    assert proc.returncode == 2 and "no --resume needed" in proc.stderr


def test_cli_db_row_the_database_refuses_costs_only_its_article(database_url, tmp_path, capsys,
                                                               monkeypatch):
    from sqlalchemy.exc import DataError

    from store import Store

    real = Store._add_extraction_rows

    def refusing(s, rows):
        # as a database refuses a value in one article's rows: the whole INSERT fails
        if any(result.article.id == "kano" for _, result in rows):
            raise DataError("INSERT ...", {}, Exception("value too long for type"))
        return real(s, rows)

    monkeypatch.setattr(Store, "_add_extraction_rows", staticmethod(refusing))
    assert load(tmp_path, database_url, jsonl(IDS), chunk_size=5) == 1
    assert stored_ids(database_url) == [i for i in IDS if i != "kano"]
    err = capsys.readouterr().err
    assert "line 3 (id 'kano'): not stored: value too long for type" in err
    assert f"{len(IDS) - 1} added" in err and "1 failed" in err


def test_cli_db_store_add_articles_dedupes_against_the_map_and_within_the_chunk(database_url):
    from extract.types import Article, ArticleResult
    from store.repository import NewArticle

    store = open_store(database_url)
    access = store.owner_access(store.create_map("m").id)
    first, second = (ArticleResult(Article(id=i, text=TEXTS[i])) for i in ("kano", "goma"))
    assert store.add_article(access, first).created
    outcomes = store.add_articles(access, [NewArticle(first), NewArticle(second, external_id="g"),
                                           NewArticle(second)])
    assert [o.created for o in outcomes] == [False, True, False]
    assert outcomes[1].article_id == outcomes[2].article_id
    assert len(store.articles_frame(access.map_id)) == 2
    assert store.article(access.map_id, outcomes[1].article_id).external_id == "g"
