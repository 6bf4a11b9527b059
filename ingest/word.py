"""A Word .docx to a Draft with python-docx, after the zip container passes the size checks.

The document's "created" property is when the file was made, not when the story ran, so only a
dateline in the text gives a publication date (as for PDFs).
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import LxmlError

from ingest.archive import open_zip
from ingest.text import make_draft
from ingest.types import Draft, Limits, Refused

_DAMAGED = (PackageNotFoundError, zipfile.BadZipFile, LxmlError, KeyError, ValueError,
            AttributeError, TypeError, OSError, NotImplementedError, EOFError)


def read_docx(data: bytes, source: str, limits: Limits) -> Draft:
    archive = open_zip(data, limits, ".docx")  # refuses bombs before python-docx unpacks
    if "word/document.xml" not in archive.namelist():
        raise Refused("not a Word document (a zip without word/document.xml)")
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [_block_text(block) for block in document.iter_inner_content()]
        title = document.core_properties.title
    except _DAMAGED as e:
        raise Refused(f"damaged Word document ({type(e).__name__}: {e})") from None
    blocks = [(text, style) for text, style in blocks if text.strip()]
    if not (title or "").strip() and blocks and blocks[0][1].startswith(("Title", "Heading")):
        title = blocks[0][0]  # a first paragraph styled as a title or heading
    return make_draft("\n".join(text for text, _ in blocks), source, limits, title=title or None)


def _block_text(block: Paragraph | Table) -> tuple[str, str]:
    """A paragraph's text and style name, or a table's cells one row per line."""
    if isinstance(block, Paragraph):
        return block.text, block.style.name if block.style is not None else ""
    # A merged cell appears once per grid column it spans: keep its text once.
    rows = ["\t".join(dict.fromkeys(cell.text.strip() for cell in row.cells))
            for row in block.rows]
    return "\n".join(r for r in rows if r.strip()), "Table"
