"""A web page to a Draft with trafilatura: the article body (no navigation, scripts or styles),
its title, and the publication date its metadata gives."""

from __future__ import annotations

from datetime import date

import trafilatura

from ingest.text import make_draft
from ingest.types import Draft, Limits, Refused

# Metadata only (meta tags, JSON-LD, <time>, the URL): htmldate's extensive search also takes
# dates from the body, where they are usually the dates of events, not of publication.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def read_html(page: bytes | str, source: str, limits: Limits, url: str | None = None) -> Draft:
    """``page`` as bytes lets trafilatura honour the page's own ``<meta charset>``."""
    doc = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False,
                                      include_tables=True, date_extraction_params=_DATE_PARAMS)
    if doc is None or not (doc.text or "").strip():
        raise Refused("no article text found in the page")
    return make_draft(doc.text, source, limits, title=doc.title or None,
                      published=_iso_date(doc.date), url=url)


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
