"""Plain text to a Draft: headline, dateline, size checks. Shared by every single-article reader."""

from __future__ import annotations

import re
from datetime import date

from ingest.dates import date_in_lead
from ingest.decode import decode, normalize_newlines
from ingest.types import Draft, IngestResult, Limits, Problem, Refused

_MAX_TITLE_CHARS = 200
_MAX_TITLE_WORDS = 30
_BYLINE = re.compile(r"^(?:by|from|posted|published|updated)\b", re.IGNORECASE)


def guess_title(text: str) -> str | None:
    """The first line when it reads like a headline: short, more text after it, no closing
    full stop or comma (sentences end with one, headlines do not), not a byline or dateline."""
    stripped = text.lstrip()
    first, sep, rest = stripped.partition("\n")
    first = first.strip().lstrip("#").strip()  # a Markdown heading: "# Headline"
    if not sep or not rest.strip() or not first:
        return None
    if len(first) > _MAX_TITLE_CHARS or len(first.split()) > _MAX_TITLE_WORDS:
        return None
    if first[-1] in ".,;:" or _BYLINE.match(first) or date_in_lead(first) is not None:
        return None
    if not any(ch.isalpha() for ch in first):
        return None
    return first


def make_draft(text: str, source: str, limits: Limits, *, title: str | None = None,
               published: date | None = None, url: str | None = None,
               external_id: str | None = None, guess: bool = True) -> Draft:
    """A Draft from extracted text; raises Refused when there is no text or too much.

    ``published`` is a date the document carries (metadata, a batch file's date field); when
    there is none and ``guess`` is set, a dateline in the first lines is used (see
    ``ingest.dates.date_in_lead``). ``guess`` also allows a headline from the first line.
    """
    text = normalize_newlines(text).strip()
    if not text:
        raise Refused("no text (empty or whitespace only)")
    if len(text) > limits.max_chars:
        raise Refused(f"the text has {len(text):,} characters; the limit is "
                      f"{limits.max_chars:,} (setting MAX_ARTICLE_CHARS)")
    if published is None and guess:
        published = date_in_lead(text)
    if title is not None:
        title = " ".join(title.split()) or None
    if title is None and guess:
        title = guess_title(text)
    return Draft(text=text, title=title, published=published, url=url, source=source,
                 date_found=published is not None, external_id=external_id)


def read_plain(data: bytes, source: str, limits: Limits) -> IngestResult:
    """A .txt or .md file (or bytes that look like text)."""
    decoded = decode(data)
    result = IngestResult([make_draft(decoded.text, source, limits)])
    if decoded.replaced:
        result.problems.append(replacement_note(source, decoded.replaced))
    return result


def replacement_note(source: str, replaced: int) -> Problem:
    return Problem(source, f"not valid text in one encoding throughout (mixed encodings?): "
                           f"{replaced:,} undecodable byte(s) shown as \ufffd; the rest was kept")


def read_text(text: str, source: str = "pasted text", limits: Limits | None = None) -> IngestResult:
    """Pasted text: the same checks, headline and dateline rules as a .txt file."""
    limits = limits or Limits.from_settings()
    try:
        return IngestResult([make_draft(text, source, limits)])
    except Refused as e:
        return IngestResult(problems=[Problem(source, str(e))])
