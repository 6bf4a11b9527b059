"""A PDF's text layer to a Draft with pypdf.

No publication date is taken from the PDF's metadata: /CreationDate is when the file was made
(a print-to-PDF of an old story gets today's date), so only a dateline in the text counts.
"""

from __future__ import annotations

import io
import re
import struct
import zlib

from pypdf import PdfReader
from pypdf.errors import DependencyError, PyPdfError

from ingest.text import make_draft
from ingest.types import Draft, Limits, Refused

# What pypdf lets escape on a damaged file, beyond its own errors.
_DAMAGED = (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            AssertionError, RecursionError, OSError, zlib.error, struct.error)
_TOOL_TITLE = re.compile(r"^(?:Microsoft (?:Word|PowerPoint) - |untitled\b)|\.\w{2,4}$",
                         re.IGNORECASE)


def read_pdf(data: bytes, source: str, limits: Limits) -> Draft:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        _unlock(reader)
        pages = len(reader.pages)
        if pages > limits.max_pdf_pages:
            raise Refused(f"the PDF has {pages:,} pages; the limit is {limits.max_pdf_pages:,} "
                          "(setting MAX_PDF_PAGES)")
        texts: list[str] = []
        size = 0
        for page in reader.pages:
            texts.append(page.extract_text() or "")
            size += len(texts[-1])
            if size > limits.max_chars:  # no need to read the rest
                raise Refused(f"the text has more than {limits.max_chars:,} characters "
                              "(setting MAX_ARTICLE_CHARS)")
        title = _title(reader)
    except Refused:
        raise
    except DependencyError:
        raise Refused("encrypted PDF using a cipher this installation cannot open "
                      "(the 'cryptography' package is not installed)") from None
    except _DAMAGED as e:
        raise Refused(f"damaged or not a PDF ({type(e).__name__}: {e})") from None
    text = "\n\n".join(t.strip() for t in texts if t.strip())
    if not text:
        raise Refused("the PDF has no text layer (a scan?); text recognition (OCR) is not "
                      "supported — paste the text instead")
    return make_draft(text, source, limits, title=title)


def _unlock(reader: PdfReader) -> None:
    """Many PDFs are encrypted only to restrict printing and open with an empty password."""
    if reader.is_encrypted and not reader.decrypt(""):
        raise Refused("encrypted PDF: it needs a password; save an unprotected copy and upload "
                      "that")


def _title(reader: PdfReader) -> str | None:
    try:
        title = reader.metadata.title if reader.metadata else None
    except _DAMAGED:
        return None
    if not isinstance(title, str) or not title.strip() or _TOOL_TITLE.search(title.strip()):
        return None  # "Microsoft Word - draft3.docx" names the file, not the story
    return title.strip()
