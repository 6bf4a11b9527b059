"""The events table a page shows: readable columns, links, and the counts above it.

Same rows as the exports (``Store.events_frame`` after the sidebar filters); this only chooses
and orders columns for reading. Pages render it with ``st.dataframe``, which draws cells as
text on a canvas, so article text needs no HTML escaping here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from maps.safe import safe_url

# Shown columns, in order; st.dataframe sorts by any of them on a header click.
TABLE_COLUMNS = (
    "event_date", "event_type", "sub_event_type", "actor1", "actor2", "fatalities", "injuries",
    "location", "admin1", "country", "sentence", "article_title", "article_page", "source_url",
    "background", "reviewed", "geo_precision", "time_precision", "confidence", "id",
)


@dataclass(frozen=True)
class Counts:
    events: int
    fatalities: int
    injuries: int
    articles: int


def counts(events: pd.DataFrame) -> Counts:
    """Totals over the rows; unknown fatality or injury counts add nothing."""
    if events.empty:
        return Counts(0, 0, 0, 0)
    return Counts(events=len(events),
                  fatalities=int(events["fatalities"].fillna(0).sum()),
                  injuries=int(events["injuries"].fillna(0).sum()),
                  articles=int(events["article_id"].nunique()))


def events_table(events: pd.DataFrame, article_page: Callable[[int], str]) -> pd.DataFrame:
    """The rows to show: ``article_page(article_id)`` links to the app's article page,
    ``source_url`` to the article online (only http(s) URLs: no javascript: or file: links)."""
    table = events.copy()
    table["article_page"] = [article_page(int(i)) for i in table["article_id"]]
    table["source_url"] = [safe_url(u) for u in table["article_url"]]
    return table[list(TABLE_COLUMNS)].reset_index(drop=True)
