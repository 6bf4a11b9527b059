"""Article text -> resolved places: the geoparser that puts the steps together.

    mentions (extract.mentions, spans repaired by extract.spans)
      -> candidates ranked in the article's context (extract.resolve)
      -> containment the text states (extract.containment)
      -> Place records, names the gazetteer lacks placed where the text puts them
         (extract.relative)
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Callable

from spacy.language import Language
from spacy.tokens import Doc

from extract.coordinates import Coordinate, says_where
from extract.capitals import capital_places
from extract.containment import (
    POSSESSIVE_GAP, WITHIN_KM, Containment, container_of, lacks, list_peers,
)
from extract.mentions import DATA, Mention, MentionFinder, demonyms
from extract.relative import moved, names_a_part, place_relative, stated_offset, within
from extract.resolve import (
    BIG_CITY, GENERIC_REGION_NAMES, NEIGHBOURLY, SUPRA_NATIONAL, Context, NamePriors, Ranked,
    Points, beside, candidates, confidence, haversine_km, is_far_guess, is_lone_lookalike,
    name_priors, prominence, rank, spelt_alike,
)
from extract.spans import refine
from extract.types import Place
from gazetteer.index import Candidate, Gazetteer, is_code
from gazetteer.normalize import fold, name_key

# "... of Pittsburgh", "... of the Philippines": the last words of an organisation's name
_OF_TAIL = re.compile(r"\bof\s+(?:the\s+)?([A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,3})$")
# A newspaper's or a university's name holds a place it does not report from: "told the New
# York Times", "China Daily", "Ohio State University", "the University of Arizona". On
# GeoVirus none of 20 such names is annotated a place; a ministry or a hospital's often is.
_INSTITUTION = re.compile(
    r"\b(?:University|College)\b|\b(?:Times|Post|Daily|News|Herald|Tribune|Journal|Gazette|"
    r"Telegraph|Chronicle|Independent|Observer)(?:['’]s?)?$")
# The unit word after a region's name, and how the gazetteer writes names with it: news
# translate "oblast" as "region" (Kyiv Oblast, Almaty Region, Kabul Province, Lagos State)
_UNIT_AFTER = re.compile(r"\s+(oblast|region|province|governorate|state|prefecture|department)\b",
                         re.I)
# A part of a region named by its bearing: "southern Idlib", "north-western Hama"
_DIRECTED = re.compile(
    r"\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)ern\s+$", re.I)
_UNIT_NAMES = {"oblast": ("Oblast", "Region"), "region": ("Oblast", "Region")}
FEATURE = {"city": "city", "admin1": "admin1", "admin2": "admin2", "admin3": "admin2",
           "country": "country", "continent": "continent", "region": "region", "other": "other"}


def _evidence_from(mention: Mention, ranked: list[Ranked]) -> list[tuple[str, float]]:
    if not ranked:
        return []
    best = ranked[0].candidate
    conf = confidence(ranked)
    weight = 2.0 if mention.source == "dateline" else 1.0
    if best.level in SUPRA_NATIONAL or ranked[0].similarity < 0.95:
        return []  # a loose spelling match is too weak to say where the article is
    if best.level == "country" and ranked[0].similarity >= 0.95:
        return [(best.country_code, weight)]
    if best.level == "admin1" and ranked[0].similarity >= 0.95:
        return [(f"{best.country_code}.{best.admin1_code}", 0.8 * weight)]
    return [(f"{best.country_code}.{best.admin1_code}", 0.5 * weight * conf)]


# How close to a name's best reading its second must score to count among its points when
# the other names' closeness is measured (see _reading_points)
TIED_READING = 0.3
TIED_APART_KM = 50.0  # ... and lie this far from it (not the town's own district)


def _reading_points(ranked: list[Ranked]) -> list[tuple[float, float]]:
    """A name's points for the other names' closeness: its best reading's, and its second's
    when that scores about as well. Two ambiguous names then find the pair of readings that lie
    together ("a Columbus man ... a Whitehall woman": Ohio's, not Georgia's Columbus beside
    Atlanta, which GeoNames also calls Whitehall), rather than each the other's first reading."""
    first = ranked[0].candidate
    out = [(first.lat, first.lon)]
    for r in ranked[1:2]:
        c = r.candidate
        if r.score >= ranked[0].score - TIED_READING and c.level in NEIGHBOURLY \
                and haversine_km(c.lat, c.lon, first.lat, first.lon) > TIED_APART_KM:
            out.append((c.lat, c.lon))
    return out


class Geoparser:
    """Resolves the places of one document at a time; holds per-run caches only."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self._cands: dict[str, tuple[list[tuple[Candidate, float]], NamePriors]] = {}
        self._names: dict[str, list[Candidate]] = {}
        self._country_keys = _country_keys(gazetteer)
        self._org_keys = _org_keys(gazetteer)

    def _prefix(self, text: str, keys: frozenset[str]) -> int:
        words = list(re.finditer(r"\S+", text))
        for n in range(min(4, len(words) - 1), 0, -1):
            end = words[n - 1].end()
            if name_key(text[:end]) in keys:
                return len(text[:end].rstrip(",;:"))
        return 0

    def is_country(self, text: str) -> bool:
        # as written: "CAR" is the Central African Republic, "Car bomb kills 11" is no country
        return name_key(text) in self._country_keys and any(
            c.level == "country" for c in self._exact(text))

    def org_places(self, text: str) -> list[tuple[int, int]]:
        """Offsets of the country or state names in an organisation's name: its first words
        ("California Department of Health", "NSW Primary Industries"), what follows its
        last "of" ("Children's Hospital of Pittsburgh" is not a state: only known names) or a
        country closing it ("Taco Bell Canada")."""
        if _INSTITUTION.search(text):
            return []
        out = []
        n = self._prefix(text, self._org_keys)
        if n:
            out.append((0, n))
        tail = _OF_TAIL.search(text)
        if tail and name_key(tail.group(1)) in self._org_keys and tail.start(1) >= n:
            out.append((tail.start(1), tail.end(1)))
        elif (last := self._country_suffix(text)) and last[0] >= n:
            out.append(last)
        return out

    def _country_suffix(self, text: str) -> tuple[int, int] | None:
        """A country closing an organisation's name: a national branch ("Taco Bell Canada",
        "Save the Children UK")."""
        words = list(re.finditer(r"[^\s!]+", text))
        for k in range(min(3, len(words) - 1), 0, -1):
            start = words[-k].start()
            if name_key(text[start:]) in self._country_keys:
                return start, len(text.rstrip(",;:"))
        return None

    def _exact(self, text: str) -> list[Candidate]:
        """The entries named exactly ``text`` (any spelling), looked up once per name: span
        repair and the second look at mislabelled names ask about the same names."""
        found = self._names.get(text)
        if found is None:
            if len(self._names) > 20_000:
                self._names.clear()
            found = self._names[text] = self.gazetteer.search(text, fuzzy=False, limit=50)
        return found

    def renowned(self, name: str) -> bool:
        """A state's or a big city's own name."""
        key = name_key(name)
        if key in GENERIC_REGION_NAMES:
            return False  # "in Western culture" is no Western Province
        return any(names_it(key, c) and _big(c) for c in self._exact(name))

    def is_name(self, text: str) -> bool:
        """Whether the gazetteer has an entry of exactly this name (any spelling)."""
        return bool(self._exact(text))

    def _refine(self, mentions: list[Mention], text: str,
                surnames: frozenset[str]) -> list[Mention]:
        """Spans repaired against the gazetteer, without persons' surnames, names of a list
        of counties marked as such, and read with what the text writes around them
        (:func:`_as_written`).

        "Mahecic" where the article names Andrej Mahecic is dropped, whatever NER called it,
        when the gazetteer has no place of that name and no cue says it is one. A name the
        gazetteer has stays: places are named after people (Wilson, Lincoln, Washington);
        dropping those cost 3.4 points of WikToR end-to-end."""
        mentions = [m for m in mentions if (m.key not in surnames or m.kind or m.source in (
            "cue", "dateline", "country-name") or self._exact(m.text))
            and not _numbers_a_road(m, text)]
        refined = refine(mentions, text, self.is_name, self._country_keys)
        refined = [replace(m, kind="county") if _COUNTIES_FOLLOW.match(text, m.end) else m
                   for m in refined]
        return _as_written(self._route_ends(refined, text), text, self._province_of_a_town)

    def _route_ends(self, mentions: list[Mention], text: str) -> list[Mention]:
        """The towns a route is named after ("the Kabul-Jalalabad highway", "the Baghdad–Kirkuk
        road"), names the gazetteer has: NER misses the second or tags the pair a facility,
        and "the" before the pair is not "the" before a sea."""
        for route in _ROUTE.finditer(text):
            ends = [route.span(1), route.span(2)]
            if text.startswith("The ", ends[0][0]):
                ends[0] = (ends[0][0] + 4, ends[0][1])
            if not all(self.is_name(text[s:e]) and text[s:e].lower() not in _NOT_ROUTE_ENDS
                       for s, e in ends):
                continue  # "the Trans-Canada Highway", "the Mid-Western Highway"
            for s, e in ends:
                mentions = [m for m in mentions if not (m.start < e and s < m.end)]
                mentions.append(Mention(s, e, text[s:e], "route", "", None))
        return sorted(mentions, key=lambda m: m.start)

    def _candidates(self, m: Mention) -> tuple[list[tuple[Candidate, float]], NamePriors]:
        memo = (m.text, m.kind == "county", m.unit, m.stands_for, m.kind == "the")
        if memo not in self._cands:
            if len(self._cands) > 20_000:
                self._cands.clear()
            found = []
            if m.kind == "county":  # "Cook and Kane counties": Cook County, Kane County
                found = candidates(self.gazetteer, replace(m, text=f"{m.text} County"))
            elif m.stands_for:  # "Moore, Okla.": the US state, whatever else "Okla" spells
                found = [(c, 1.0) for c, sim in candidates(
                    self.gazetteer, replace(m, text=m.stands_for, stands_for=""))
                    if sim == 1.0 and c.level == "admin1" and c.country_code == "US"]
            elif m.unit:
                found = self._unit_named(m)
            found = found or candidates(self.gazetteer, m)
            if (feature := _FEATURE_TAIL.search(m.text)) is not None:
                # "the White River" is a river, not Whiteriver, Arizona (one name key) nor a
                # town of the name; a town only when not said "the" and its own name has the
                # word apart ("in White River, Mpumalanga")
                word = feature.group(1).lower()
                found = [(c, sim) for c, sim in found if c.level != "city" or (
                    m.kind != "the" and fold(c.name).split()[-1] == word)]
            self._cands[memo] = (found, name_priors(found))
        return self._cands[memo]

    def _province_of_a_town(self, name: str) -> bool:
        """Whether a state or province bears this name, as does a town in it under a million
        people ("Idlib", "Hama", "Kherson"; not Baghdad or Khartoum, whose own quarters "northern
        Baghdad" names; not a country, "northern Mexico"; not "northern Gaza", whose namesake
        province lies in Mozambique)."""
        found, key = self._exact(name), name_key(name)
        if self.is_country(name) or any(c.level == "city" and c.population >= BIG_CITY
                                        for c in found):
            return False
        towns = {(c.country_code, c.admin1_code) for c in found if c.level == "city"}
        return any(c.level == "admin1" and names_it(key, c)
                   and (c.country_code, c.admin1_code) in towns for c in found)

    def _unit_named(self, m: Mention) -> list[tuple[Candidate, float]]:
        """"Kyiv region", "Moscow oblast", "Kaduna state": the region the gazetteer knows by
        the name with a unit word (Kyiv Oblast), in place of the city and the city's own unit
        of the same name (Kyiv city), which their people would otherwise rank first. Other
        countries' readings stay ("the North Governorate" of Lebanon is not Cameroon's)."""
        found = candidates(self.gazetteer, m)
        units: dict[int, Candidate] = {}
        for word in _UNIT_NAMES.get(m.unit, (m.unit.capitalize(),)):
            for c, sim in candidates(self.gazetteer, replace(m, text=f"{m.text} {word}")):
                if sim >= 0.95 and c.level in ("admin1", "admin2"):
                    units.setdefault(c.geonameid, c)
        if not units:
            return found
        countries = {c.country_code for c in units.values()}
        out = [(c, 1.0 if c.geonameid in units else sim) for c, sim in found
               if c.geonameid in units or c.country_code not in countries]
        have = {c.geonameid for c, _ in out}
        out += [(c, 1.0) for gid, c in units.items() if gid not in have]
        out.sort(key=lambda cs: (-cs[1], -prominence(cs[0])))
        return out

    def _rank(self, m: Mention, ctx: Context | None, container: Candidate | None = None,
              neighbours: list[tuple[float, float]] = (),
              peer: tuple[str, str] | None = None) -> list[Ranked]:
        found, priors = self._candidates(m)
        return rank(found, m, ctx, container, neighbours, peer, priors)

    def _context(self, mentions: list[Mention], evidence: list[tuple[str, float]],
                 plain: dict[tuple, list[Ranked]]) -> "_Contexts":
        # Each distinct name speaks once (repeats add a little), so an ambiguous name said five
        # times ("Bali" in an article about the Indian town) cannot outvote the rest.
        by_key: dict[str, list[tuple[str, float]]] = {}
        repeats = Counter(m.key for m in mentions)
        for m in mentions:
            if m.key in by_key:
                continue
            extra = 1.0 + 0.25 * min(3, repeats[m.key] - 1)
            if (m.text, m.kind) not in plain:
                plain[m.text, m.kind] = self._rank(m, None)
            by_key[m.key] = [(code, w * extra)
                             for code, w in _evidence_from(m, plain[m.text, m.kind])]
        return _Contexts(list(evidence), by_key)

    def parse(self, doc: Doc) -> list[Place]:
        finder = MentionFinder(doc, self.org_places, self.is_country, self.is_name,
                               self.renowned)
        text = finder.text  # a join over the tokens: read it once
        mentions, evidence = finder.mentions(renowned=self.renowned)
        mentions = self._refine(mentions, text, finder.surnames)
        plain: dict[tuple, list[Ranked]] = {}  # rankings without context, by (name, cue)
        ctx = self._context(mentions, evidence, plain)

        # Second look: names NER mislabelled that the gazetteer has in this article's countries.
        countries = {cc for cc, share in ctx.whole.countries.items() if share >= 0.15}

        # Countries named in the text, by offset: one named just before a name counts for it
        # whatever its share of the article ("fled into Chad, where camps around Adre")
        named = [(m.start, r[0].candidate.country_code) for m in mentions
                 if (r := plain.get((m.text, m.kind))) and r[0].candidate.level == "country"
                 and r[0].similarity >= 0.95]

        def known(name: str, start: int) -> bool:
            # its own name, a spelling of it, or another name of a sizeable town ("Kobani":
            # 'Ayn al 'Arab; "Axum": Aksum)
            key = name_key(name)
            here = countries | {cc for at, cc in named if 0 < start - at <= NAMED_BEFORE
                                and "\n\n" not in text[at:start]}
            return any(c.country_code in here and c.level not in SUPRA_NATIONAL
                       and (names_it(key, c) or c.level == "city" and len(key) >= 4
                            and c.population >= KNOWN_BY_OTHER_NAME and not is_code(c.matched))
                       for c in self._exact(name))

        def prominent(name: str) -> bool:
            return any(c.country_code in countries and _big(c) for c in self._exact(name))

        def resembles(name: str) -> bool:
            # a transliteration ("Ras al-Ain" for Ra's al 'Ayn) of a town of these countries
            found, _ = self._candidates(Mention(0, len(name), name, "ner", "", None))
            return any(sim >= 0.85 and c.country_code in countries and c.level in NEAR_LEVELS
                       for c, sim in found[:20])

        if countries or named:
            mentions, evidence = finder.mentions(known, prominent, resembles, self.renowned)
            mentions = self._refine(mentions, text, finder.surnames)
            ctx = self._context(mentions, evidence, plain)

        # A country named earlier in the sentence is where a name after it most likely is
        # ("Houthi forces in Yemen launched a missile from Saada" in a story about Gaza: Yemen's
        # Sa'dah, not the West Bank's Sayda), whatever the rest of the article is about.
        local: dict[int, str] = {}
        for i, m in enumerate(mentions):
            at, cc = next(((at, cc) for at, cc in reversed(named) if at < m.start), (-1, ""))
            if cc and m.start - at <= SAME_SENTENCE_CHARS and _LOCATIVE_BEFORE.search(
                    text, max(0, at - 12), at) and not _SENTENCE_END.search(text, at, m.start):
                # where something is ("in Yemen"), not whose ("a United States laboratory in
                # Cairo")
                local[i] = cc

        def ctx_of(i: int) -> Context:
            return ctx.of(mentions[i].key, local.get(i))

        best: dict[int, list[Ranked]] = {}
        in_context: dict[tuple, list[Ranked]] = {}
        for i, m in enumerate(mentions):
            memo = (m.text, m.kind, local.get(i))
            if memo not in in_context:
                in_context[memo] = self._rank(m, ctx_of(i))
            best[i] = in_context[memo]
        # containment ("Pandi, Bulacan") then closeness to the other places. What the text says
        # contains a name once holds for its repeats (one name, one place per article): "Medina
        # is a place in Outagamie County, Wisconsin" decides every later bare "Medina".
        # Right to left, so that "Portage County" is read inside Ohio before it is used as
        # the container of "Aurora is a city in Portage County, Ohio".
        peers = list_peers(text, mentions, best)
        containers: dict[int, Containment | None] = {}
        implied: dict[int, Candidate] = {}  # "Atlanta, Georgia": Georgia's reading, from the pair
        for i in reversed(range(len(mentions))):
            containers[i] = c = container_of(text, mentions, best, i, plain, containers, peers)
            if c is not None:
                best[i] = self._rank(mentions[i], ctx_of(i), container=c.place)
                if c.implied:
                    implied[c.at if c.at >= 0 else i + 1] = c.place
        # A name paired with another state or country keeps it ("Portland, Maine ... Portland,
        # Ore." are two cities); a bare repeat, or one said to be in a part of the first
        # container's state ("in California's 4th district"), takes the first said.
        said: dict[str, Containment] = {}
        for i, m in enumerate(mentions):
            if containers[i] is not None:
                said.setdefault(m.key, containers[i])
        for i, m in enumerate(mentions):
            first, own = said.get(m.key), containers[i]
            if own is None or own.stated or _same_state(first.place, own.place):
                containers[i] = first
            if containers[i] is not None or i in peers:
                outer = containers[i].place if containers[i] else None
                best[i] = self._rank(m, ctx_of(i), outer, peer=peers.get(i))
        points = {i: _reading_points(r) for i, r in best.items()
                  if r and r[0].candidate.level not in SUPRA_NATIONAL | {"country"}}
        # Repeats of a name share their neighbours (the other names' points, each point once:
        # only the nearest counts) and so their ranking.
        neighbours_of: dict[str, list[tuple[float, float]]] = {}
        reranked: dict[tuple, list[Ranked]] = {}
        for i, m in enumerate(mentions):
            if m.key not in neighbours_of:
                neighbours_of[m.key] = Points(dict.fromkeys(
                    p for j, ps in points.items() if mentions[j].key != m.key for p in ps))
            neighbours = neighbours_of[m.key]
            if neighbours and best[i]:
                outer = containers[i].place if containers[i] else None
                memo = (m.text, m.kind, outer, peers.get(i), local.get(i))
                if memo not in reranked:
                    reranked[memo] = self._rank(m, ctx_of(i), outer, neighbours, peers.get(i))
                best[i] = reranked[memo]

        for j, c in implied.items():
            # first, and scored above the rest so that its repeats agree on it
            top = best[j][0].score
            best[j] = [Ranked(r.candidate, top + 1.0, r.similarity) for r in best[j]
                       if r.candidate.geonameid == c.geonameid] + [
                r for r in best[j] if r.candidate.geonameid != c.geonameid]
        chosen: dict[int, Ranked | None] = {}
        for i, m in enumerate(mentions):
            r = best[i][0] if best[i] else None
            outer = containers[i].place if containers[i] else None
            if r is not None and (is_far_guess(r, ctx_of(i), m, neighbours_of.get(m.key, []))
                                  or is_lone_lookalike(r, neighbours_of.get(m.key, []), outer)):
                r = None
            elif r is not None and r.similarity < 0.95 and names_a_part(text, m.end):
                r = None  # "the Zeitoun neighbourhood" is Gaza's, not a town spelt nearly so
            chosen[i] = r
        self._agree_on_names(mentions, chosen, best, containers, implied)
        _in_owner_town(text, mentions, chosen, best)

        places = [self._place(m, chosen[i], best[i]) for i, m in enumerate(mentions)]
        # Placed by what the text says, not by the reading it contradicts: in its container,
        # unless the sentence says more precisely where ("Hajjaj, in Salaheddin province
        # between Tikrit and Baiji").
        stated_in = {i: c.place for i, c in containers.items()
                     if c is not None and c.stated and lacks(chosen[i], c.place)}
        for i in stated_in:
            places[i] = self._place(mentions[i], None, [])
        reach = self.gazetteer.radius_km
        if stated_in:
            finer = place_relative(doc, text, mentions, places, reach, regions=False)
            districts = {chosen[j].candidate.geonameid for j, m in enumerate(mentions)
                         if m.kind == "region" and chosen[j] is not None}
            for i, outer in stated_in.items():
                q = finer[i]
                outer_km = reach(outer.geonameid) or WITHIN_KM[outer.level]
                if outer.level == "city" and outer.geonameid in districts:
                    # a district known by its seat's name ("Mushu village in Riyom LGA"): the
                    # district's reach, not the town's
                    outer_km = max(outer_km, WITHIN_KM["admin2"])
                # finer, and inside the container ("near Houston" is not in Navarro County)
                finer_inside = q.resolved and (q.precision_km or math.inf) < outer_km and \
                    haversine_km(q.lat, q.lon, outer.lat, outer.lon) <= outer_km
                places[i] = q if finer_inside else within(places[i], outer, outer_km)
        places = self._at_coordinates(text, finder.points, mentions, best, places)
        places = self._as_stated(text, mentions, best, places)
        # A name placed by what the text says keeps its state's name too (ACLED's admin1).
        places = [p if p.admin1 or not (p.country_code and p.admin1_code) else replace(
                      p, admin1=self.gazetteer.admin1_name(p.country_code, p.admin1_code))
                  for p in place_relative(doc, text, mentions, places, reach)]
        if "capital" in text:  # "the Libyan capital", "Somalia's capital"
            extra = capital_places(
                text, places, demonyms(),
                lambda name, cc: self.gazetteer.search(name, country=cc, fuzzy=False, limit=20),
                self.gazetteer.admin1_name)
            places = sorted(places + extra, key=lambda p: p.start) if extra else places
        return places

    def _at_coordinates(self, text: str, points: list[Coordinate], mentions: list[Mention],
                        best: dict[int, list[Ranked]], places: list[Place]) -> list[Place]:
        """Names the text gives coordinates for ("Medina is located at 41°8′9″N 81°51′51″W"),
        every repeat of them: the namesake at those coordinates, or, when the gazetteer has
        none there, the coordinates themselves."""
        stated: dict[str, Coordinate] = {}
        for c in points:
            before = [m for m in mentions if m.end <= c.start]
            if before and says_where(text[before[-1].end:c.start]):
                stated.setdefault(before[-1].key, c)
        if not stated:
            return places
        found: dict[str, Place] = {}
        for i, m in enumerate(mentions):
            c = stated.get(m.key)
            if c is None:
                continue
            if m.key not in found:
                found[m.key] = self._placed_at(m, c, best[i])
        return _every_repeat(mentions, places, found)

    def _as_stated(self, text: str, mentions: list[Mention], best: dict[int, list[Ranked]],
                   places: list[Place]) -> list[Place]:
        """A town the words after it place ("Tangi, about 20 km east of Jalalabad") is the
        namesake that lies there, not one elsewhere (Tangi, Pakistan, 110 km off): the
        nearest namesake within the stated distance or precision (at least :data:`AT_KM`),
        else the stated point. Every repeat of the name follows."""
        decided: dict[str, Place] = {}
        for i, p in enumerate(places):
            if not p.resolved or p.feature != "city" or mentions[i].key in decided:
                continue
            stated = stated_offset(text, places, i)
            if stated is None:
                continue
            said, ref = stated
            # as far off as the stated distance, which news rounds (and sometimes gets wrong:
            # "Hatta is about 248 km east of Dubai City", 100 km in fact)
            reach = max(AT_KM, 2 * (said.precision_km or 0.0),
                        haversine_km(said.lat, said.lon, ref.lat, ref.lon))
            if haversine_km(p.lat, p.lon, said.lat, said.lon) <= reach:
                continue
            towns = [r for r in best[i] if r.candidate.level == "city"]
            r = _nearest(towns, said.lat, said.lon, reach)
            decided[mentions[i].key] = self._place(mentions[i], r, best[i]) if r else said
        return _every_repeat(mentions, places, decided)

    def _placed_at(self, m: Mention, at: Coordinate, ranked: list[Ranked]) -> Place:
        r = _nearest(ranked, at.lat, at.lon, AT_KM)
        if r is not None:
            placed = self._place(m, r, ranked)
            return replace(placed, score=max(placed.score, 0.9))
        town = self.gazetteer.nearest_town(at.lat, at.lon)
        cc, a1 = (town.country_code, town.admin1_code) if town else (None, None)
        return moved(self._place(m, None, []), at.lat, at.lon, at.precision_km,
                     f"at the coordinates the text gives ({at.lat:.4f}, {at.lon:.4f})",
                     cc or None, None, a1 or None, 0.9)

    @staticmethod
    def _agree_on_names(mentions: list[Mention], chosen: dict[int, Ranked | None],
                        best: dict[int, list[Ranked]],
                        containers: dict[int, Containment | None],
                        implied: dict[int, Candidate]) -> None:
        """One name, one place per article: the best-scored reading wins for every repeat.
        A name said to be a region ("the Kyiv region") is a name of its own: the article's
        "Kyiv" is still the city; so is a name the text puts in another place ("Portland,
        Maine" and "Portland, Ore."), and a state read off its town ("Atlanta, Georgia" in a
        story about Tbilisi, whose Georgia stays the country)."""
        groups: dict[tuple[str, bool, int], list[int]] = defaultdict(list)
        for i, m in enumerate(mentions):
            held = containers[i]
            own = implied[i].geonameid if i in implied else 0
            groups[m.key, m.kind == "region", held.place.geonameid if held else own].append(i)
        for idxs in groups.values():
            if len(idxs) < 2:
                continue
            votes = Counter()
            for i in idxs:
                if chosen[i] is not None:
                    votes[chosen[i].candidate.geonameid] += chosen[i].score
            if not votes:
                continue
            winner = votes.most_common(1)[0][0]
            for i in idxs:
                match = [r for r in best[i] if r.candidate.geonameid == winner]
                chosen[i] = match[0] if match else chosen[i]

    def _place(self, m: Mention, r: Ranked | None, ranked: list[Ranked]) -> Place:
        if r is None:
            return Place(m.start, m.end, m.text, None, None, None, None, None, None,
                         "city" if m.kind == "settlement" else "other", 0.0)
        c = r.candidate
        conf = confidence([r] + [x for x in ranked if x is not r])
        admin1 = self.gazetteer.admin1_name(c.country_code, c.admin1_code) if c.admin1_code else None
        return Place(
            start=m.start, end=m.end, text=m.text, name=c.name, lat=c.lat, lon=c.lon,
            geonameid=c.geonameid, country_code=c.country_code or None, admin1=admin1,
            feature=FEATURE.get(c.level, "other"), score=conf,
            admin1_code=c.admin1_code or None,
        )


def _as_written(mentions: list[Mention], text: str,
                province_of_a_town: Callable[[str], bool]) -> list[Mention]:
    """Mentions with what the text writes around them: a region's unit word ("Kyiv oblast"),
    the full stop of a US state's abbreviation ("Moore, Okla."), a bearing before a province
    named after its town ("southern Idlib": the province's south, not the town's)."""
    out = []
    states = _state_abbreviations()
    for m in mentions:
        if m.kind == "region" and (unit := _UNIT_AFTER.match(text, m.end)):
            m = replace(m, unit=unit.group(1).lower())
        elif m.text in states and text.startswith(".", m.end):
            m = replace(m, kind="region", stands_for=states[m.text])
        elif m.kind is None and _DIRECTED.search(text, max(0, m.start - 16), m.start) \
                and province_of_a_town(m.text):
            m = replace(m, kind="directed")
        out.append(m)
    return out


@functools.lru_cache(maxsize=1)
def _state_abbreviations() -> dict[str, str]:
    """"Okla" -> "Oklahoma", from data/us_state_abbreviations.tsv (the mention's span ends
    before the full stop)."""
    rows = (DATA / "us_state_abbreviations.tsv").read_text(encoding="utf-8").splitlines()
    return {abbr.removesuffix("."): name for abbr, name in (
        row.split("\t") for row in rows if row.strip() and not row.startswith("#"))}


def _nearest(ranked: list[Ranked], lat: float, lon: float, within_km: float) -> Ranked | None:
    """The reading nearest a point the text gives, if it lies within ``within_km`` of it."""
    def km(r: Ranked) -> float:
        return haversine_km(r.candidate.lat, r.candidate.lon, lat, lon)

    r = min(ranked, key=km, default=None)
    return r if r is not None and km(r) <= within_km else None


def _every_repeat(mentions: list[Mention], places: list[Place],
                  decided: dict[str, Place]) -> list[Place]:
    """``places`` with every mention of a name in ``decided`` placed as decided."""
    if not decided:
        return places
    return [replace(decided[m.key], start=m.start, end=m.end, text=m.text)
            if m.key in decided else p for m, p in zip(mentions, places)]


def names_it(key: str, c: Candidate) -> bool:
    """Whether a name that matched ``c`` exactly is its name or a spelling of it ("Rawa":
    Rāwah), or a region's English name ("Central Java": Jawa Tengah). Not another of a town's
    alternate names, among which are codes and old names ("BBC" for Bay City, "Franklin" for
    El Paso): enough to call a word NER tagged an organisation a place."""
    if c.level in ("admin1", "admin2") or name_key(c.name) == key:
        return True
    return len(key) >= 4 and spelt_alike(key, c.name)


# How far before a name (characters) a country named counts as its context
NAMED_BEFORE = 150
# ... and, named in the name's own sentence, how far it weighs for the name's reading
SAME_SENTENCE_CHARS = 150
LOCAL_COUNTRY_SHARE = 0.5  # ranking adds twice a country's share: +1.0
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|inside|across|throughout|within|into)\s+(?:the\s+)?$",
                              re.I)
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+(?=[A-Z\"“])|\n")


def _in_owner_town(text: str, mentions: list[Mention], chosen: dict[int, Ranked | None],
                   best: dict[int, list[Ranked]]) -> None:
    """"Nairobi's Central Business District": what a town's possessive names lies in that town.
    A namesake elsewhere (Saskatoon's) is not it, at any repeat: the reading beside the town
    if the gazetteer has one, else none (the text then places it at the town)."""
    for i in range(1, len(mentions)):
        owner, r = chosen[i - 1], chosen[i]
        if (owner is None or r is None or owner.candidate.level != "city"
                or not POSSESSIVE_GAP.fullmatch(text, mentions[i - 1].end, mentions[i].start)
                or beside(r.candidate, owner.candidate)):
            continue
        near = next((x for x in best[i] if x.candidate.lat is not None
                     and beside(x.candidate, owner.candidate)), None)
        for j, m in enumerate(mentions):
            if m.key == mentions[i].key:
                chosen[j] = near


# A town this big is known by its other names too (Kurdish, Amharic, older spellings)
KNOWN_BY_OTHER_NAME = 20_000
# How far from coordinates the text gives a namesake may lie and be the place they point at
AT_KM = 25.0
# What a name spelt like one of the article's places may be: a town or a region in a country
NEAR_LEVELS = frozenset({"city", "admin3", "admin2", "admin1"})
# A city this big in the article's countries is a place whatever NER called its name.
PROMINENT_CITY = 100_000


_FEATURE_TAIL = re.compile(r"\s(River|Creek|Lake|Bay)$")


def _same_state(a: Candidate, b: Candidate) -> bool:
    """Whether two places lie in one country and first-level region (or one is the
    country)."""
    return a.country_code == b.country_code and (
        a.admin1_code == b.admin1_code or "country" in (a.level, b.level))


def _big(c: Candidate) -> bool:
    """A state, or a city of PROMINENT_CITY people or more."""
    return c.level == "admin1" or c.level == "city" and c.population >= PROMINENT_CITY


# What a name's own reading adds to the context it is ranked in (1 would let it vouch for itself).
SELF_WEIGHT = 0.3


class _Contexts:
    """The article's context as each name sees it: every other name's evidence, its own
    discounted (SELF_WEIGHT).

    A name should not vouch for itself: "Gaza" read once as Mozambique's Gaza province puts
    Mozambique in the context that then picks that reading. Its own reading still counts a
    little: a lone "Wales" is the Welsh one, not a town in Alaska.
    """

    def __init__(self, evidence: list[tuple[str, float]], by_key: dict[str, list[tuple[str, float]]]):
        self._evidence, self._by_key = evidence, by_key
        self._cache: dict[tuple[str, str | None], Context] = {}
        self.whole = Context.from_evidence(evidence + [w for ws in by_key.values() for w in ws])

    def of(self, key: str, country: str | None = None) -> Context:
        """The context ``key`` sees; ``country``: one named earlier in its sentence, which
        gains LOCAL_COUNTRY_SHARE."""
        memo = (key, country)
        if memo not in self._cache:
            if country is None:
                self._cache[memo] = Context.from_evidence(self._evidence + [
                    (code, w * (SELF_WEIGHT if k == key else 1.0))
                    for k, ws in self._by_key.items() for code, w in ws])
            else:
                plain = self.of(key)
                shares = dict(plain.countries)
                shares[country] = shares.get(country, 0.0) + LOCAL_COUNTRY_SHARE
                self._cache[memo] = Context(shares, plain.regions)
        return self._cache[memo]


# "the Kabul-Jalalabad highway", "the Baghdad–Kirkuk road": a route between two named places
_ROUTE = re.compile(
    r"(?<![\w-])([A-Z][\w'’]+(?: [A-Z][\w'’]+)?) ?[-–—] ?([A-Z][\w'’]+(?: [A-Z][\w'’]+)?)\s+"
    r"(?i:highway|road|motorway|expressway|railway|railroad|rail line|pipeline|corridor|route|"
    r"border crossing)s?\b")
# A road's number after the country or state it belongs to ("US 60", "U.S. Route 1", "Iowa
# Highway 92"): the name is the road's, not a place's. A year ("US 2020") is not a road number.
_ROAD_NUMBER = re.compile(
    r"\.?[ -](?:(?:State |County )?(?:Route|Highway|Hwy\.?|Road) )?\d{1,3}[A-Z]?\b"
    r"(?=\s*(?:[,;:()]|\.(?!\d)|$|(?:and|or|in|at|to|from|near|between|through|into|past|"
    r"north|south|east|west|[NSEW]B?)\b))")
_ROAD_NAMED = re.compile(r" (?:State |County )?(?:Route|Highway|Hwy\.?) \d")
# "Cook and Kane counties", "Weld, Adams and Larimer counties": each name is a county's
_COUNTIES_FOLLOW = re.compile(r"(?:\s*(?:,|and|&)\s*(?:[A-Z][\w.'-]*\s*){1,3})*?\s*[Cc]ounties\b")


def _numbers_a_road(m: Mention, text: str) -> bool:
    """ "US 60", "U.S. Route 1", "Iowa Highway 92": an abbreviation followed by a number, or a
    name followed by a route word and a number."""
    if m.text.replace(".", "").isupper() and len(m.text) <= 5:
        return bool(_ROAD_NUMBER.match(text, m.end))
    return bool(_ROAD_NAMED.match(text, m.end))


@functools.lru_cache(maxsize=4)
def _country_keys(gazetteer: Gazetteer) -> frozenset[str]:
    return gazetteer.keys_of_level("country")


# Single words that name a state somewhere but mean a direction or a thing in an
# organisation's name ("Central Bank", "Capital Health", "Gulf Air").
_GENERIC = frozenset({
    "central", "centre", "center", "north", "south", "east", "west", "northern", "southern",
    "eastern", "western", "northeast", "northwest", "southeast", "southwest", "capital",
    "federal", "national", "coast", "delta", "gulf", "bay", "lakes", "islands", "valley",
    "plateau", "midlands", "region", "free", "first", "union", "highlands", "interior"})
# what joins a route's name without being a place ("the Trans-Canada", "the Mid-Western")
_NOT_ROUTE_ENDS = _GENERIC | {"mid", "trans", "pan", "inter", "cross"}


@functools.lru_cache(maxsize=4)
def _org_keys(gazetteer: Gazetteer) -> frozenset[str]:
    """Country and state name keys an organisation's name may start with."""
    states = {k for k in gazetteer.keys_of_level("admin1") if len(k) >= 3 and k not in _GENERIC}
    return _country_keys(gazetteer) | frozenset(states)


@functools.lru_cache(maxsize=4)
def _geoparser(gazetteer: Gazetteer) -> "Geoparser":
    return Geoparser(gazetteer)


def places_from_doc(doc: Doc, gazetteer: Gazetteer) -> list[Place]:
    return _geoparser(gazetteer).parse(doc)


def geoparse(text: str, nlp: Language | None = None, gazetteer: Gazetteer | None = None) -> list[Place]:
    """Convenience: text in, places out, with the process-wide pipeline and gazetteer."""
    from extract.nlp import get_nlp
    from gazetteer import get_gazetteer

    return places_from_doc((nlp or get_nlp())(text), gazetteer or get_gazetteer())
