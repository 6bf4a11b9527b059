"""ingest: plain text files and pasted text — decoding, binary refusal, headlines, datelines."""

from __future__ import annotations

import codecs
from datetime import date, datetime
from pathlib import Path

import pytest

from ingest import Limits, read_file, read_text
from ingest.dates import date_in_lead, date_in_name, parse_date
from ingest.decode import decode
from ingest.text import guess_title
from ingest.types import Refused
from tests.ingest_support import only_draft, only_problem

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
ARTICLE = ("Shelling hits Kessby market\n"
           "Shells struck the market in Kessby on Tuesday, officials said.")


def test_ingest_text_fixture_headline_and_dateline():
    draft = only_draft(read_file("ceasefire.txt", (FIXTURES / "ceasefire.txt").read_bytes()))
    assert draft.title == "Ceasefire holds in Valmora after two days of shelling"
    assert draft.published == date(2022, 6, 14) and draft.date_found
    assert draft.source == "ceasefire.txt" and draft.url is None and draft.external_id is None
    assert draft.text.startswith(draft.title)  # the headline stays in the text
    assert "do not exist." in draft.text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                      "utf-32"])
def test_ingest_text_unicode_encodings(encoding):
    text = ("Frappe près de Séville — «two killed»\n"
            "Officials in Kessby said the strike hit a café.")
    draft = only_draft(read_file("a.txt", text.encode(encoding)))
    assert draft.text == text
    assert draft.title == "Frappe près de Séville — «two killed»"


def test_ingest_text_bom_is_not_kept():
    draft = only_draft(read_file("a.txt", codecs.BOM_UTF8 + ARTICLE.encode()))
    assert draft.text == ARTICLE


def test_ingest_text_legacy_code_page_detected():
    text = ("Les forces ont repris la ville après une journée de combats près de la frontière, "
            "a déclaré le général. Les habitants ont quitté leurs maisons à l'aube.")
    draft = only_draft(read_file("a.txt", text.encode("cp1252")))
    assert draft.text == text


def test_ingest_text_mixed_encodings_replaced_and_reported():
    good = "Frappe près de Séville, a déclaré le général. ".encode() * 3
    data = good + "Zürich".encode("latin-1") + b" end."
    result = read_file("mixed.txt", data)
    draft = result.drafts[0]
    assert "Frappe près de Séville" in draft.text  # the UTF-8 part is intact
    assert "Z\ufffdrich end." in draft.text
    assert len(result.problems) == 1
    assert result.problems[0].source == "mixed.txt"
    assert "1 undecodable byte" in result.problems[0].message
    assert "kept" in result.problems[0].message


def test_ingest_text_crlf_newlines_normalised():
    draft = only_draft(read_file("a.txt", ARTICLE.replace("\n", "\r\n").encode()))
    assert "\r" not in draft.text and draft.title == "Shelling hits Kessby market"


@pytest.mark.parametrize("data, says", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64), "JPEG image"),
    (b"\x7fELF\x02\x01\x01" + bytes(100), "program"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "save it as .docx"),
    (b"{\\rtf1\\ansi Hello}", "RTF"),
    (b"some text then \x00\x01\x02\x03 binary \x00\x00 tail", "NUL bytes"),
    (bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 20 + b"abc", "control characters"),
])
def test_ingest_text_binary_renamed_txt_refused(data, says):
    problem = only_problem(read_file("photo.txt", data))
    assert problem.source == "photo.txt"
    assert says in problem.message and "not text" in problem.message


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", "\ufeff  \n".encode("utf-8"),
                                  "  \n ".encode("utf-16")])
def test_ingest_text_empty_refused(data):
    problem = only_problem(read_file("empty.txt", data))
    assert "empty" in problem.message


def test_ingest_text_five_mb_one_line_refused_by_max_chars():
    data = b"word " * 1_000_000  # 5 MB, no newline
    problem = only_problem(read_file("huge.txt", data))
    assert "4,999,999 characters" in problem.message  # the trailing space is stripped
    assert "MAX_ARTICLE_CHARS" in problem.message


def test_ingest_text_five_mb_one_line_accepted_within_limits():
    data = b"word " * 1_000_000
    draft = only_draft(read_file("huge.txt", data, Limits(max_chars=6_000_000)))
    assert len(draft.text) == len(data) - 1  # trailing space stripped
    assert draft.title is None and draft.published is None


def test_ingest_text_file_over_size_limit_refused():
    problem = only_problem(read_file("a.txt", ARTICLE.encode(), Limits(max_file_bytes=20)))
    assert "the limit is 20 bytes" in problem.message and "MAX_UPLOAD_MB" in problem.message


@pytest.mark.parametrize("text, title", [
    ("Troops enter Kessby\nTroops entered the town on Monday.", "Troops enter Kessby"),
    ("\n\n  Is the truce over?  \nFighting resumed.", "Is the truce over?"),
    ("# Troops enter Kessby\n\nTroops entered the town.", "Troops enter Kessby"),  # Markdown
    ("Troops entered the town on Monday.\nMore text.", None),  # a sentence, not a headline
    ("Troops enter Kessby", None),  # nothing after it: the whole article
    ("By Jane Writer\nTroops entered the town.", None),  # byline
    ("March 3, 2024\nTroops entered the town.", None),  # date line
    ("Residents said:\nTroops entered the town.", None),
    ("2024 / 03 / 03\nTroops entered the town.", None),  # no letters
    (" ".join(["word"] * 40) + "\nMore text.", None),  # too long
])
def test_ingest_text_guess_title(text, title):
    assert guess_title(text) == title


@pytest.mark.parametrize("lead, expected", [
    ("MOSUL, Iraq, March 3, 2024 — Troops advanced.", date(2024, 3, 3)),
    ("MOSUL, Iraq, 3 March 2024 (AFP) - Troops advanced.", date(2024, 3, 3)),
    ("Headline\nPublished: Tuesday, 5 Nov. 2019\nBody text follows here.", date(2019, 11, 5)),
    ("Headline\nBy A. Writer | Sept 30th, 2021\nBody.", date(2021, 9, 30)),
    ("Headline\nUpdated 2020-02-29 10:00\nBody.", date(2020, 2, 29)),
    # a date inside a long sentence of the story is an event date, not the publication date
    ("Headline\nOn March 3, 2003, troops crossed the border and a long war began, which this "
     "article goes on to describe at length.", None),
    ("Headline\nFebruary 30, 2020\nBody.", None),  # no such day
    ("Headline\nMarch 3, 1850\nBody.", None),  # implausible for news
    ("Headline\n03/04/2024\nBody.", None),  # day-first or month-first: not guessed
    ("L1\nL2\nL3\nL4\nL5\nPublished March 3, 2024", None),  # past the lead
])
def test_ingest_dates_in_lead(lead, expected):
    assert date_in_lead(lead) == expected


@pytest.mark.parametrize("value, expected", [
    ("2022-06-12", date(2022, 6, 12)),
    ("2022-06-12T08:30:00Z", date(2022, 6, 12)),
    ("2022-06-12 08:30:00+02:00", date(2022, 6, 12)),
    ("Sun, 12 Jun 2022 08:30:00 GMT", date(2022, 6, 12)),
    ("June 12, 2022", date(2022, 6, 12)),
    ("12 June 2022", date(2022, 6, 12)),
    (date(2022, 6, 12), date(2022, 6, 12)),
    (datetime(2022, 6, 12, 8, 30), date(2022, 6, 12)),
    ("2022-13-40", None), ("yesterday", None), ("", None), (None, None), (20220612, None),
    ("2999-01-01", None),
])
def test_ingest_dates_parse_field(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("name, expected", [
    ("anbar-offensive-2017-09-19.txt", date(2017, 9, 19)),
    ("report_20170919.pdf", date(2017, 9, 19)),
    ("2024.03.05 Kessby shelling.docx", date(2024, 3, 5)),
    ("2017-0919.txt", None),  # mixed separators: not a date
    ("09-10-2017.txt", None),  # day-first or month-first: not guessed
    ("scan-20171340.pdf", None),  # no month 13
    ("id-120170919.txt", None),  # part of a longer number
    ("2999-01-01.txt", None),  # implausible
    ("notes.txt", None),
])
def test_ingest_dates_in_file_name(name, expected):
    assert date_in_name(name) == expected


def test_ingest_file_name_dates_an_undated_article_but_not_a_dated_one():
    undated = only_draft(read_file("kessby-2024-03-05.txt", ARTICLE.encode()))
    assert undated.published == date(2024, 3, 5)
    assert not undated.date_found  # the app still asks the user to check it
    dated = only_draft(read_file("kessby-2024-03-05.txt",
                                 b"Headline\nMarch 3, 2024\nShelling hit the market."))
    assert dated.published == date(2024, 3, 3) and dated.date_found


def test_ingest_decode_refuses_binary_directly():
    with pytest.raises(Refused, match="PNG"):
        decode(b"\x89PNG\r\n\x1a\nrest")


def test_ingest_read_text_pasted():
    result = read_text("  " + ARTICLE + "\n\n")
    draft = only_draft(result)
    assert draft.source == "pasted text" and draft.text == ARTICLE
    assert draft.title == "Shelling hits Kessby market" and not draft.date_found


def test_ingest_read_text_limits():
    assert "empty" in only_problem(read_text(" \n ")).message
    problem = only_problem(read_text(ARTICLE, source="box", limits=Limits(max_chars=10)))
    assert problem.source == "box" and "the limit is 10" in problem.message


def test_ingest_limits_from_settings(monkeypatch):
    monkeypatch.setenv("CONFLICTMAP_MAX_UPLOAD_MB", "2")
    monkeypatch.setenv("CONFLICTMAP_MAX_FILES", "7")
    limits = Limits.from_settings()
    assert limits.max_file_bytes == 2 * 1024 * 1024 and limits.max_files == 7
    assert limits.max_chars == Limits().max_chars  # unset: the default
    monkeypatch.setenv("CONFLICTMAP_MAX_PDF_PAGES", "lots")
    with pytest.raises(ValueError, match="MAX_PDF_PAGES.*'lots'"):
        Limits.from_settings()
