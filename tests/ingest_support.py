"""What the ingest tests share: result checks and builders of small PDF and Word files."""

from __future__ import annotations

import io

import docx

STORY = ["Patrol ambushed near Dornal", "A patrol was ambushed near Dornal on Friday (officials).",
         "Two soldiers were wounded, the army said."]


def only_draft(result):
    assert result.problems == [], result.problems
    assert len(result.drafts) == 1
    return result.drafts[0]


def only_problem(result):
    assert result.drafts == []
    assert len(result.problems) == 1, result.problems
    return result.problems[0]


def make_pdf(pages: list[list[str]], info: bytes = b"") -> bytes:
    """A small valid PDF: one Helvetica text line per string, ``info`` as the /Info dictionary."""
    bodies: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        escaped = [line.replace("(", "\\(").replace(")", "\\)") for line in lines]
        ops = b"".join(b"(%s) Tj T* " % line.encode("latin-1") for line in escaped)
        stream = b"BT /F1 12 Tf 14 TL 72 720 Td " + ops + b"ET"
        bodies.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        bodies.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                      b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % len(bodies))
        kids.append(len(bodies))
    bodies[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    bodies[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    if info:
        bodies.append(info)
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    info_ref = b" /Info %d 0 R" % len(bodies) if info else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1, info_ref, xref)
    return bytes(out)


def make_docx(paragraphs=STORY, title: str | None = None, heading: bool = True,
              table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for n, text in enumerate(paragraphs):
        if n == 0 and heading:
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    if title:
        document.core_properties.title = title
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
