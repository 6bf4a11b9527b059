"""Events from an article: what happened, who, how many killed and injured, when and where.

    from extract.events import extract_events
    events = extract_events(doc, places, article)   # -> list[Event], ACLED vocabulary

Vocabulary, trigger words and actor aliases are data files in ``data/``.
"""

from extract.events.extract import extract_events
from extract.events.model import Event

__all__ = ["Event", "extract_events"]
