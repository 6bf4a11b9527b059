"""ingest: batch files (.jsonl .json .csv .tsv): a draft per good row, a Problem per bad one."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ingest import Limits, read_file

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def messages(result) -> dict[str, str]:
    return {p.source: p.message for p in result.problems}


def test_ingest_jsonl_fixture_good_lines_kept_bad_lines_named():
    result = read_file("batch.jsonl", (FIXTURES / "batch.jsonl").read_bytes())
    drafts = {d.source: d for d in result.drafts}
    assert list(drafts) == ["batch.jsonl line 1", "batch.jsonl line 2", "batch.jsonl line 6"]
    first = drafts["batch.jsonl line 1"]
    assert (first.external_id, first.title, first.url) == ("a1", "Shelling near Valmora",
                                                           "https://news.example/a1")
    assert first.published == date(2022, 6, 12) and first.date_found
    assert drafts["batch.jsonl line 2"].published == date(2022, 6, 10)  # "date", "June 10, 2022"
    sixth = drafts["batch.jsonl line 6"]
    assert sixth.external_id == "5" and sixth.text.startswith("A convoy")  # "body" field
    assert sixth.published is None and not sixth.date_found

    problems = messages(result)
    assert set(problems) == {f"batch.jsonl line {n}" for n in (3, 4, 6, 7, 8)}
    assert "not valid JSON" in problems["batch.jsonl line 3"]
    assert "no text" in problems["batch.jsonl line 4"]
    assert "'sometime last year' not understood" in problems["batch.jsonl line 6"]
    assert "kept without a publication date" in problems["batch.jsonl line 6"]
    assert "expected an object" in problems["batch.jsonl line 7"]
    assert "empty" in problems["batch.jsonl line 8"]


def test_ingest_jsonl_unreadable_date_falls_back_to_dateline():
    line = {"text": "KESSBY, 2 May 2021 — Shots were fired.", "published": "02/05/2021"}
    result = read_file("b.jsonl", json.dumps(line).encode())
    assert result.drafts[0].published == date(2021, 5, 2)
    assert "kept with the date in its dateline" in result.problems[0].message


def test_ingest_jsonl_long_line_and_deep_nesting():
    lines = [json.dumps({"text": "x" * 2000}), "[" * 100_000 + "]" * 100_000,
             json.dumps({"text": "Fine article."})]
    result = read_file("b.jsonl", "\n".join(lines).encode(), Limits(max_chars=1000))
    assert [d.source for d in result.drafts] == ["b.jsonl line 3"]
    problems = messages(result)
    assert "MAX_ARTICLE_CHARS" in problems["b.jsonl line 1"]
    assert "b.jsonl line 2" in problems


def test_ingest_jsonl_row_limit():
    lines = "\n".join(json.dumps({"id": n, "text": f"Story {n}."}) for n in range(5))
    result = read_file("b.jsonl", lines.encode(), Limits(max_batch_rows=3))
    assert [d.external_id for d in result.drafts] == ["0", "1", "2"]
    assert "MAX_BATCH_ROWS" in messages(result)["b.jsonl"]


def test_ingest_json_array():
    items = [{"text": "One."}, {"content": "Two.", "id": "x"}, 3]
    result = read_file("b.json", json.dumps(items).encode())
    assert [d.text for d in result.drafts] == ["One.", "Two."]
    assert list(messages(result)) == ["b.json item 3"]
    assert "not valid JSON" in messages(read_file("c.json", b'{"text": '))["c.json"]


def test_ingest_csv_fixture():
    result = read_file("batch.csv", (FIXTURES / "batch.csv").read_bytes())
    drafts = {d.source: d for d in result.drafts}
    assert list(drafts) == ["batch.csv row 2", "batch.csv row 3", "batch.csv row 5"]
    c1 = drafts["batch.csv row 2"]
    assert (c1.external_id, c1.title, c1.url, c1.published) == (
        "c1", "Market reopens in Valmora", "https://news.example/c1", date(2022, 6, 15))
    c2 = drafts["batch.csv row 3"]  # a quoted field over two lines, with "" quotes
    assert c2.text.endswith('a precaution, "for now".') and "\n" in c2.text
    assert c2.title is None and c2.url is None and c2.published == date(2022, 6, 15)
    assert drafts["batch.csv row 5"].published is None
    problems = messages(result)
    assert set(problems) == {"batch.csv row 4", "batch.csv row 5"}
    assert "empty" in problems["batch.csv row 4"]
    assert "'the ides of March' not understood" in problems["batch.csv row 5"]


@pytest.mark.parametrize("column", ["text", "TEXT", "Body", "content", "Article"])
def test_ingest_csv_text_column_names(column):
    data = f"id,{column}\n7,Shots fired near the bridge.\n".encode()
    result = read_file("b.csv", data)
    assert [(d.external_id, d.text) for d in result.drafts] == [
        ("7", "Shots fired near the bridge.")]


def test_ingest_csv_no_text_column():
    result = read_file("b.csv", b"id,headline,summary\n1,A,B\n")
    assert result.drafts == []
    assert "no text column" in messages(result)["b.csv"]
    assert "found: id, headline, summary" in messages(result)["b.csv"]


@pytest.mark.parametrize("name, data", [
    ("b.tsv", b"title\ttext\nA headline\tStory, with a comma.\n"),
    ("b.csv", b"title;text\nA headline;Story, with a comma.\n"),
    ("b.csv", "\ufefftitle,text\nA headline,\"Story, with a comma.\"\r\n".encode()),
])
def test_ingest_csv_dialects(name, data):
    result = read_file(name, data)
    assert [(d.title, d.text) for d in result.drafts] == [("A headline", "Story, with a comma.")]


def test_ingest_csv_field_larger_than_csv_default_limit():
    text = "word " * 60_000  # 300 KB, above csv's 128 KB default field limit
    data = f'id,text\n1,"{text}"\n2,Short one.\n'.encode()
    result = read_file("b.csv", data)
    assert [d.external_id for d in result.drafts] == ["1", "2"]
    assert len(result.drafts[0].text) == len(text.strip())


def test_ingest_csv_ragged_rows_and_row_limit():
    data = b"id,text,url\n1,First.\n\n2,Second.,http://x.example,extra\n3,Third.\n"
    result = read_file("b.csv", data, Limits(max_batch_rows=2))
    assert [(d.external_id, d.url) for d in result.drafts] == [("1", None),
                                                                 ("2", "http://x.example")]
    assert "only the first 2" in messages(result)["b.csv"]


@pytest.mark.parametrize("bad_row", ['2,"unterminated', '2,"quoted" then more'])
def test_ingest_csv_broken_quoting_keeps_earlier_rows(bad_row):
    data = f'id,text\n1,Good row.\n{bad_row}\n3,Later row.\n'.encode()
    result = read_file("b.csv", data)
    assert [d.external_id for d in result.drafts] == ["1"]  # row 3 is not merged into row 2
    assert list(messages(result)) == ["b.csv row 3"]
    assert "check its quotes" in messages(result)["b.csv row 3"]
