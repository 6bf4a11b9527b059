"""ingest: HTML, PDF, Word and zip uploads, built at runtime (PDF/DOCX) or from fixtures."""

from __future__ import annotations

import io
import struct
import zipfile
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from ingest import Limits, read_file, read_files
from ingest.files import sniff
from tests.ingest_support import STORY, make_docx, make_pdf, only_draft, only_problem

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


# ---- builders ---------------------------------------------------------------------------------

def encrypt(pdf: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def understate_size(zip_bytes: bytes, member: str, claimed: int) -> bytes:
    """A zip whose central directory claims ``member`` unpacks to ``claimed`` bytes (a bomb
    that lies about its size)."""
    data = bytearray(zip_bytes)
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + name_len] == member.encode():
            struct.pack_into("<I", data, at + 24, claimed)
            return bytes(data)
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(f"{member} not in the zip")


# ---- HTML -------------------------------------------------------------------------------------

def test_ingest_html_fixture_body_title_date():
    draft = only_draft(read_file("ceasefire.html", (FIXTURES / "ceasefire.html").read_bytes()))
    assert draft.title == "Ceasefire holds in Valmora after two days of shelling"
    assert draft.published == date(2022, 6, 14) and draft.date_found
    assert "four people had been wounded on Saturday" in draft.text
    for marker in ("SCRIPT_MARKER", "STYLE_MARKER", "font-family", "NewsArticle", "Sport",
                   "All rights reserved"):
        assert marker not in draft.text  # scripts, styles, navigation and footer stay out


def test_ingest_html_without_metadata_uses_dateline():
    page = ("<html><head><title>Truce talks</title></head><body><article>"
            "<p>KESSBY, 9 April 2021 — Envoys met in Kessby on Thursday to discuss a truce, "
            "both delegations said after the meeting ended.</p></article></body></html>")
    draft = only_draft(read_file("talks.htm", page.encode()))
    assert draft.published == date(2021, 4, 9) and draft.title == "Truce talks"


def test_ingest_html_without_any_date():
    page = ("<html><head><title>Truce talks</title></head><body><p>Envoys met in Kessby on "
            "Thursday to discuss a truce, both delegations said.</p></body></html>")
    draft = only_draft(read_file("talks.html", page.encode()))
    assert draft.published is None and not draft.date_found


def test_ingest_html_page_without_text_refused():
    page = (b"<html><head><script>var a = 'x';</script><style>p {}</style></head>"
            b"<body></body></html>")
    assert "no article text" in only_problem(read_file("empty.html", page)).message


def test_ingest_html_legacy_charset_honoured():
    page = ('<html><head><meta charset="windows-1252"><title>Frappe à Séville</title></head>'
            "<body><p>Les habitants de Séville ont quitté la ville après la frappe de mardi, "
            "a déclaré le maire.</p></body></html>").encode("cp1252")
    draft = only_draft(read_file("page.html", page))
    assert "Séville ont quitté" in draft.text


# ---- PDF --------------------------------------------------------------------------------------

def test_ingest_pdf_text_title_and_dateline():
    pdf = make_pdf([[STORY[0], "DORNAL, May 5, 2023 - " + STORY[1]], [STORY[2]]],
                   info=b"<< /Title (Patrol ambushed near Dornal) /CreationDate (D:20240101) >>")
    draft = only_draft(read_file("report.pdf", pdf))
    assert draft.title == "Patrol ambushed near Dornal"
    assert "on Friday (officials)" in draft.text and STORY[2] in draft.text  # both pages
    assert draft.published == date(2023, 5, 5)  # the dateline, not /CreationDate


def test_ingest_pdf_creation_date_is_not_a_publication_date():
    pdf = make_pdf([STORY], info=b"<< /CreationDate (D:20240101120000Z) >>")
    draft = only_draft(read_file("report.pdf", pdf))
    assert draft.published is None and not draft.date_found
    assert draft.title == STORY[0]  # no /Title: the first line reads like a headline


def test_ingest_pdf_tool_title_ignored():
    pdf = make_pdf([STORY], info=b"<< /Title (Microsoft Word - draft3.docx) >>")
    assert only_draft(read_file("r.pdf", pdf)).title == STORY[0]


def test_ingest_pdf_encrypted_refused():
    problem = only_problem(read_file("secret.pdf", encrypt(make_pdf([STORY]), "hunter2")))
    assert problem.source == "secret.pdf" and "encrypted PDF" in problem.message


def test_ingest_pdf_encrypted_with_empty_password_opens():
    draft = only_draft(read_file("locked.pdf", encrypt(make_pdf([STORY]), "")))
    assert STORY[2] in draft.text


@pytest.mark.parametrize("data", [
    make_pdf([STORY])[:300],  # truncated
    b"%PDF-1.4\nthis is not really a PDF at all",
    b"%PDF-" + bytes(range(256)) * 4,
])
def test_ingest_pdf_corrupt_refused(data):
    problem = only_problem(read_file("broken.pdf", data))
    assert "damaged or not a PDF" in problem.message


def test_ingest_pdf_not_a_pdf_at_all():
    assert "damaged or not a PDF" in only_problem(read_file("x.pdf", b"plain words")).message


def test_ingest_pdf_page_limit():
    pdf = make_pdf([STORY] * 4)
    assert len(only_draft(read_file("p.pdf", pdf, Limits(max_pdf_pages=4))).text) > 100
    problem = only_problem(read_file("p.pdf", pdf, Limits(max_pdf_pages=3)))
    assert "4 pages; the limit is 3" in problem.message and "MAX_PDF_PAGES" in problem.message


def test_ingest_pdf_char_limit():
    problem = only_problem(read_file("p.pdf", make_pdf([STORY] * 3), Limits(max_chars=80)))
    assert "more than 80 characters" in problem.message


def test_ingest_pdf_without_text_layer():
    assert "no text layer" in only_problem(read_file("scan.pdf", make_pdf([[]]))).message


# ---- DOCX -------------------------------------------------------------------------------------

def test_ingest_docx_paragraphs_table_heading_title():
    data = make_docx(STORY[:2] + ["DORNAL, 6 May 2023 - the army gave figures."],
                     table=[["Killed", "Wounded"], ["0", "2"]])
    draft = only_draft(read_file("story.docx", data))
    assert draft.title == STORY[0]  # the first paragraph is a heading
    assert draft.text.split("\n")[:2] == STORY[:2]
    assert "Killed\tWounded\n0\t2" in draft.text
    assert draft.published == date(2023, 5, 6)


def test_ingest_docx_core_title_wins():
    draft = only_draft(read_file("s.docx", make_docx(title="Set in the file's properties")))
    assert draft.title == "Set in the file's properties"


def test_ingest_docx_plain_first_paragraph_as_title_only_if_headline():
    draft = only_draft(read_file("s.docx", make_docx(STORY[1:], heading=False)))
    assert draft.title is None  # "A patrol was ambushed ... (officials)." is a sentence


def test_ingest_docx_corrupt_refused():
    data = make_docx()
    assert "not a valid .docx" in only_problem(read_file("a.docx", data[: len(data) // 2])).message
    assert "not a valid .docx" in only_problem(read_file("a.docx", b"hello, not a zip")).message
    no_word = make_zip({"notes.txt": b"a zip, not a Word document"})
    assert "not a Word document" in only_problem(read_file("a.docx", no_word)).message


def test_ingest_docx_broken_xml_refused():
    with zipfile.ZipFile(io.BytesIO(make_docx())) as source:
        members = {i.filename: source.read(i) for i in source.infolist()}
    members["word/document.xml"] = b"<w:document><unclosed"
    problem = only_problem(read_file("a.docx", make_zip(members)))
    assert "damaged Word document" in problem.message


def test_ingest_docx_zip_bomb_refused_before_unpacking():
    with zipfile.ZipFile(io.BytesIO(make_docx())) as source:
        members = {i.filename: source.read(i) for i in source.infolist()}
    members["word/media/padding.bin"] = bytes(3_000_000)  # compresses to a few KB
    data = make_zip(members)
    assert len(data) < 100_000
    problem = only_problem(read_file("bomb.docx", data, Limits(max_unzipped_bytes=2_000_000)))
    assert "zip bomb" in problem.message and "MAX_UNZIPPED_MB" in problem.message


def test_ingest_docx_lying_sizes_refused():
    with zipfile.ZipFile(io.BytesIO(make_docx())) as source:
        members = {i.filename: source.read(i) for i in source.infolist()}
    members["word/document.xml"] += b"<!--" + b" " * 3_000_000 + b"-->"
    data = understate_size(make_zip(members), "word/document.xml", 1000)
    problem = only_problem(read_file("liar.docx", data, Limits(max_unzipped_bytes=2_000_000)))
    assert "damaged Word document" in problem.message  # zipfile stops at the claimed size


# ---- ZIP --------------------------------------------------------------------------------------

def test_ingest_zip_reads_each_member():
    data = make_zip({
        "one.txt": "\n".join(STORY).encode(),
        "sub/two.docx": make_docx(),
        "three.pdf": make_pdf([STORY]),
        "__MACOSX/._one.txt": b"\x00\x05\x16\x07 resource fork",
        "inner.zip": make_zip({"x.txt": b"nested"}),
        "photo.png": b"\x89PNG\r\n\x1a\n" + bytes(20),
    })
    result = read_file("bundle.zip", data)
    assert sorted(d.source for d in result.drafts) == [
        "bundle.zip/one.txt", "bundle.zip/sub/two.docx", "bundle.zip/three.pdf"]
    assert all(d.title == STORY[0] for d in result.drafts)
    problems = {p.source: p.message for p in result.problems}
    assert set(problems) == {"bundle.zip/inner.zip", "bundle.zip/photo.png"}
    assert "archive inside the archive" in problems["bundle.zip/inner.zip"]


def test_ingest_zip_bomb_refused():
    data = make_zip({"a.txt": bytes(3_000_000)})
    problem = only_problem(read_file("bomb.zip", data, Limits(max_unzipped_bytes=1_000_000)))
    assert "zip bomb" in problem.message


def test_ingest_zip_member_over_file_limit():
    data = make_zip({"big.txt": b"word " * 1000, "ok.txt": "\n".join(STORY).encode()})
    result = read_file("z.zip", data, Limits(max_file_bytes=2000))
    assert [d.source for d in result.drafts] == ["z.zip/ok.txt"]
    assert [p.source for p in result.problems] == ["z.zip/big.txt"]


def test_ingest_zip_member_lying_about_size():
    data = understate_size(make_zip({"a.txt": b"word " * 200_000}), "a.txt", 100)
    assert len(data) < 10_000  # 1 MB unpacked
    problem = only_problem(read_file("liar.zip", data, Limits(max_file_bytes=10_000)))
    assert problem.source == "liar.zip/a.txt" and "damaged" in problem.message


def test_ingest_zip_too_many_members():
    data = make_zip({f"{n}.txt": f"Story {n}\nText of story {n}.".encode() for n in range(5)})
    result = read_file("many.zip", data, Limits(max_files=3))
    assert len(result.drafts) == 3
    assert [p.source for p in result.problems] == ["many.zip"]
    assert "only the first 3" in result.problems[0].message


# ---- sniffing ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name, data, kind", [
    ("report.txt", make_pdf([STORY]), "pdf"),  # a PDF saved with the wrong extension
    ("download", make_docx(), "docx"),
    ("download", make_zip({"a.txt": b"x"}), "zip"),
    ("page", b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
    ("page.php", b"  <html><body>x</body></html>", "html"),
    ("notes", b"just words", "text"),
    ("rows.CSV", b"text\nx", "csv"),
])
def test_ingest_sniff(name, data, kind):
    assert sniff(name, data) == kind


def test_ingest_unknown_extension_binary_refused():
    problem = only_problem(read_file("data.bin", bytes(range(256)) * 10))
    assert "not text" in problem.message


def test_ingest_read_files_one_bad_file_loses_nothing_else():
    result = read_files([("good.txt", "\n".join(STORY).encode()),
                         ("bad.pdf", b"%PDF-1.4 garbage"),
                         ("good.docx", make_docx())])
    assert [d.source for d in result.drafts] == ["good.txt", "good.docx"]
    assert [p.source for p in result.problems] == ["bad.pdf"]


def test_ingest_read_files_max_files():
    files = [(f"{n}.txt", f"Story {n}\nText {n}.".encode()) for n in range(5)]
    result = read_files(iter(files), Limits(max_files=2))
    assert [d.source for d in result.drafts] == ["0.txt", "1.txt"]
    assert len(result.problems) == 1
    assert result.problems[0].source == "3 more file(s)"
    assert "MAX_FILES" in result.problems[0].message
