"""Mention spans repaired against the gazetteer: where NER's edges and the name's differ.

NER cuts "Democratic Republic of the Congo" after "Republic", keeps the "province" of "Aceh
province" and the direction of "North-Western Sydney", and runs "Central Africa - Nigeria"
into one span. A reader takes the name the gazetteer knows: the span is widened to a
country's full name, or narrowed to the known name inside it, only when the span as written
is not a name the gazetteer has ("Orange County", "South Sudan" and "Mexico City" stay whole).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from extract.mentions import Mention
from gazetteer.normalize import name_key

# What follows a name and says what it is (the kind goes to the ranking) or what happened there.
_SUFFIX = re.compile(
    r"\s+(?P<word>province|provinces|governorate|region|regions|state|prefecture|department|"
    r"oblast|county|lga|local government area|district|city|town|village|municipality|coast|"
    r"coastline|area|earthquake|quake)$",
    re.I)
_REGION_WORDS = {"province", "provinces", "governorate", "region", "regions", "state",
                 "prefecture", "department", "oblast", "county", "lga", "local government area"}
_SETTLEMENT_WORDS = {"district", "city", "town", "village", "municipality"}
_KIND_WORDS = frozenset(_REGION_WORDS | _SETTLEMENT_WORDS)  # "City" alone is no name
# A direction or part before a name: "Eastern China", "North-Western Sydney", "Mid-Jutland".
_PREFIX = re.compile(
    r"^(?:(?:north|south)[\s\-]?(?:east|west)(?:ern)?|north|south|east|west|northern|southern|"
    r"eastern|western|central|mid|upper|lower|greater|inner|outer)[\s\-]+(?=\S)", re.I)
# What is left of "East Bay", "West Coast", "North Sea" without the direction: a common noun
_GENERIC_TAILS = frozenset({"bay", "coast", "side", "end", "sea", "river", "valley", "delta",
                            "gulf", "lake", "lakes", "hills", "islands", "highlands", "desert"})
# Two names run together across a spaced dash: "Central Africa - Nigeria".
_DASH = re.compile(r"\s+[\-–—]\s+")
_MAX_EXTRA_WORDS = 4
# A pronunciation or an aside NER ran into the name: "Perth /ˈpɜːrθ", "Cundinamarca (Colombia"
_ASIDE = re.compile(r"\s+[/(\[]")
# " do Sul", " de Janeiro", " del Estero", " and Tobago": a capitalised word after a name,
# maybe after a connector ("Mission" + " Viejo"), or joined to it by a hyphen ("Guinea" +
# "-Bissau"); not a possessive's "'s" ("Trinidad and Tobago's")
_CONNECTED = re.compile(
    r"(?:\s+(?:(?:do|da|dos|das|de|del|di|du|des|and|and\s+the|&)\s+)?|[\-‐–])"
    r"[A-Z](?:[\w\-]|['’](?!s\b))+")


# A street, road or square named after a place: "Haifa Street" is in Baghdad, "Damascus Road"
# leads away from Damascus, "Congress Street" is in Portland; "St." only where no name follows
# it ("Congress St. in", not "Paris St. Germain")
_STREET_AFTER = re.compile(
    r"[ \t]+(?:Street|Avenue|Road|Boulevard|Lane|Drive|Highway|Expressway|Motorway|Freeway|"
    r"Square|(?:St|Ave|Rd|Blvd)\.(?![ \t]+[A-Z]\w*[a-z]))")

_STREET_NAME_END = re.compile(_STREET_AFTER.pattern + "$")


def refine(mentions: list[Mention], text: str, is_name: Callable[[str], bool],
           country_keys: frozenset[str]) -> list[Mention]:
    """``mentions`` with spans the gazetteer does not know repaired; sorted, no overlaps.

    ``is_name(text)`` says whether the gazetteer has an entry of exactly that name;
    ``country_keys`` are the name keys of countries (what a cut span may be widened to).
    """
    out: list[Mention] = []
    for m in mentions:
        aside = _ASIDE.search(m.text)
        if aside and aside.start() > 0:
            m = _sub(m, 0, aside.start(), m.kind)
        if m.text[:1].islower() and _PREFIX.match(m.text):
            # "southwest City of Glasgow" cut to "southwest City": a direction, not the name of
            # South West City; only a name inside is kept
            inner = _sub(m, _PREFIX.match(m.text).end(), len(m.text), m.kind)
            out.extend(n for n in _narrowed(inner, is_name) if is_name(n.text)
                       and n.text.lower() not in _KIND_WORDS)
            continue
        if is_name(m.text):
            m = _continued(m, text, is_name) or m
            out.append(_preceded(m, text, is_name) or m)
            continue
        whole = _continued(m, text, is_name)  # "Mashonaland" + " West"
        out.extend([whole] if whole else _repaired(m, text, is_name, country_keys))
    out = [_as_street(m, text, is_name) for m in out]
    out.sort(key=lambda m: (m.start, -m.end))
    kept: list[Mention] = []
    for m in out:
        if kept and m.start < kept[-1].end:
            continue  # a widened span swallowed the next mention ("... of the Congo")
        kept.append(m)
    return kept


def is_street(name: str) -> bool:
    """Whether a mention's text is a street's name ("Haifa Street"), which is no town."""
    return _STREET_NAME_END.search(name) is not None


def _as_street(m: Mention, text: str, is_name: Callable[[str], bool]) -> Mention:
    """The mention widened over a street word after it: the street's name, which no town's
    reading fits ("Pike Road", a town the gazetteer has, stays the town)."""
    street = _STREET_AFTER.match(text, m.end)
    if street is None or is_name(text[m.start:street.end()]):
        return m
    return replace(_spanning(m, m.start, street.end(), text), kind="street")


def _repaired(m: Mention, text: str, is_name: Callable[[str], bool],
              country_keys: frozenset[str]) -> list[Mention]:
    widened = _widened(m, text, country_keys)
    if widened is not None:
        return [widened]
    parts = list(_DASH.finditer(m.text))
    if parts:
        pieces, start = [], 0
        for sep in parts + [None]:
            end = sep.start() if sep else len(m.text)
            piece = m.text[start:end]
            if piece:
                pieces.append(_sub(m, start, end, m.kind))
            start = sep.end() if sep else start
        return [p for piece in pieces for p in _narrowed(piece, is_name)]
    return _narrowed(m, is_name)


def _narrowed(m: Mention, is_name: Callable[[str], bool]) -> list[Mention]:
    """The known name inside a span: without a trailing kind word, then a leading direction."""
    if is_name(m.text):
        return [m]
    suffix = _SUFFIX.search(m.text)
    if suffix and suffix.start() > 0:
        word = suffix.group("word").lower()
        kind = ("region" if word in _REGION_WORDS
                else "settlement" if word in _SETTLEMENT_WORDS else m.kind)
        inner = _sub(m, 0, suffix.start(), kind or m.kind)
        if is_name(inner.text):
            return [inner]
        stem = inner  # "Northern Sumatra province": the direction is tried on what is left
    else:
        stem = m
    prefix = _PREFIX.match(stem.text)
    if prefix:
        inner = _sub(stem, prefix.end(), len(stem.text), stem.kind)
        # "East-Central" is a direction, not a place called Central; "East Bay" is not Bay
        if is_name(inner.text) and not _PREFIX.match(inner.text + " x") \
                and inner.text.lower() not in _GENERIC_TAILS:
            return [inner]
    return [m]  # nothing known inside: the span as NER gave it


def _widened(m: Mention, text: str, country_keys: frozenset[str]) -> Mention | None:
    """The span extended over the next few words when that completes a country's name."""
    words = list(re.finditer(r"[^\s,;:.()]+", text[m.end:m.end + 60]))[:_MAX_EXTRA_WORDS]
    for w in reversed(words):
        end = m.end + w.end()
        if "\n" in text[m.end:end]:
            continue
        if name_key(text[m.start:end]) in country_keys:
            return _spanning(m, m.start, end, text)
    return None


_MAX_TAIL_WORDS = 3


def _continued(m: Mention, text: str, is_name: Callable[[str], bool]) -> Mention | None:
    """A name NER cut short: "Rio Grande" + " do Sul", "Mission" + " Viejo", "Guinea" +
    "-Bissau", "Mashonaland" + " West", "Dera" + " Ismail Khan" (up to three words), when the
    whole is a name (the longer name wins)."""
    found, end = None, m.end
    for _ in range(_MAX_TAIL_WORDS):
        tail = _CONNECTED.match(text, end)
        if tail is None or "\n" in tail.group():
            break
        if _SUFFIX.match(tail.group()):
            break  # "Mansehra District": the kind word is a cue, not part of the name
        if tail.group().isupper():
            break  # "St. Louis, MO-IL": two state codes, not a place called Mo-Il
        end = tail.end()
        whole = _spanning(m, m.start, end, text)
        if name_key(whole.text) == name_key(m.text):
            continue  # "Houston–The": an article the name's key drops anyway
        if is_name(whole.text):
            found = whole
    return found


# A capitalised word right before a name, on its line: "Goz" of "Goz Beida"; or a place's
# own kind and "of": "Port of Spain", "Isle of Man" (not "University of Texas", which
# GeoNames lists as a campus town, nor "Republic of China" out of "People's Republic of China")
_BEFORE = re.compile(
    r"(?<![\w'’\-])(?:[A-Z][\w'’\-]+|(?:Port|Isle|Isles|Island|Islands|Gulf|Bay|Sea|Cape|"
    r"Republic|Kingdom|State|Sultanate|Emirate|Principality|Federation|"
    r"Commonwealth|Strait|Straits|Lake|Mount|Vale|Forest)[ \t]+of(?:[ \t]+the)?)[ \t]+$")


_CAPITALISED_END = re.compile(r"[A-Z][\w'’]*\s+$")


def _preceded(m: Mention, text: str, is_name: Callable[[str], bool]) -> Mention | None:
    """A known name NER cut after its first word ("Goz Beida" found as "Beida"), when the
    whole is a name too; a direction word stays off ("Eastern China": see _narrowed)."""
    head = _BEFORE.search(text, max(0, m.start - 40), m.start)
    if head is None or _PREFIX.match(head.group() + "x"):
        return None
    if head.group().rstrip().endswith("of") and _CAPITALISED_END.search(
            text[max(0, head.start() - 30):head.start()]):
        return None
    whole = _spanning(m, head.start(), m.end, text)
    if name_key(whole.text) == name_key(m.text):
        return None  # "The Anambra": an article the name's key drops anyway
    return whole if is_name(whole.text) else None


def _spanning(m: Mention, start: int, end: int, text: str) -> Mention:
    """``m`` grown to the text between offsets ``start`` and ``end``."""
    return Mention(start, end, text[start:end], m.source, m.label, m.kind)


def _sub(m: Mention, start: int, end: int, kind: str | None) -> Mention:
    """The part of ``m`` between offsets ``start`` and ``end`` of its text, trimmed."""
    piece = m.text[start:end]
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    s = m.start + start + lead
    return Mention(s, s + len(piece), piece, m.source, m.label, kind)
