"""Article text -> resolved places: recognition, context, ranking and relative placement.

    mentions (extract.mentions) -> candidates + context (extract.resolve) -> Place records

Mentions the gazetteer cannot resolve stay unresolved (lat/lon None) unless the text itself
places them: "Hajjaj, in Salaheddin province between the cities of Tikrit and Baiji" puts an
unknown village between two known towns; "the nearby village of X" puts X by the town before it.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from extract.mentions import Mention, MentionFinder
from extract.resolve import (
    LEVEL_RANK, MAX_CANDIDATES, SUPRA_NATIONAL, Context, Ranked, _inside, candidates, confidence,
    haversine_km, is_far_guess, rank,
)
from extract.spans import refine
from extract.types import Place
from gazetteer.index import Candidate, Gazetteer
from gazetteer.normalize import name_key

_CONTAINED_BY = re.compile(r"^\s*(?:,|in|,\s*in|in the|,\s*in the)\s*$")
_BETWEEN = re.compile(r"\bbetween\b(?:\s+the)?(?:\s+(?:cities|towns|villages|city|town))?(?:\s+of)?\s*$", re.I)
# "X, in northern Y", "X in Y": the name, then at most a short phrase ending in "in"
_IN_WORDS = re.compile(r"^\s*,?\s*(?:(?:is|was|lies|located|situated)\s+)?(?:in|within)\s+(?:the\s+)?"
                       r"(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|"
                       r"south-?west)(?:ern)?\s+)?$", re.I)
# "X is a first class municipality in the province of Y", "X is a city in Ray County, Missouri":
# a definition naming what X is (not "X is the most romantic place in the whole of Y").
_IS_IN = re.compile(
    r"^\s*(?:/[^/\n]{1,60}/\s*)?(?:\([^()]{0,160}\)\s*)?,?\s*(?:is|was)\s+(?:a|an|the)\s+"
    r"(?:[\w\-]+\s+){0,4}?(?:town|city|village|hamlet|municipality|community|place|borough|"
    r"township|suburb|neighbou?rhood|locality|settlement|capital|port|district|area)s?\b"
    r"(?:[^.;!?()]|\([^()]{0,20}\)){0,50}?\b(?:in|of|within)\b[^.;!?()]{0,40}$", re.I)
# "... of Pittsburgh", "... of the Philippines": the last words of an organisation's name
_OF_TAIL = re.compile(r"\bof\s+(?:the\s+)?([A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,3})$")
_LIST_SEP = re.compile(r"^\s*(?:,|;|,?\s*(?:and|or|&))\s*$")
_AND = re.compile(r"^\s*(?:and|&)\s*$")
_NEAR = re.compile(r"\b(?:near|nearby|close to|outside|next to|neighbo(?:u)?ring|adjacent)\b", re.I)
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


class Geoparser:
    """Resolves the places of one document at a time; holds per-run caches only."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self._cands: dict[str, list[tuple[Candidate, float]]] = {}
        self._names: dict[str, bool] = {}
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
        return name_key(text) in self._country_keys

    def org_places(self, text: str) -> list[tuple[int, int]]:
        """Offsets of the country or state names in an organisation's name: its first words
        ("California Department of Health", "NSW Primary Industries") or what follows its
        last "of" ("Children's Hospital of Pittsburgh" is not a state: only known names)."""
        out = []
        n = self._prefix(text, self._org_keys)
        if n:
            out.append((0, n))
        tail = _OF_TAIL.search(text)
        if tail and name_key(tail.group(1)) in self._org_keys and tail.start(1) >= n:
            out.append((tail.start(1), tail.end(1)))
        return out

    def is_name(self, text: str) -> bool:
        """Whether the gazetteer has an entry of exactly this name (any spelling)."""
        known = self._names.get(text)
        if known is None:
            if len(self._names) > 20_000:
                self._names.clear()
            known = self._names[text] = bool(self.gazetteer.search(text, fuzzy=False, limit=1))
        return known

    def _refine(self, mentions: list[Mention], text: str) -> list[Mention]:
        return refine(mentions, text, self.is_name, self._country_keys)

    def _candidates(self, m: Mention) -> list[tuple[Candidate, float]]:
        if m.text not in self._cands:
            if len(self._cands) > 20_000:
                self._cands.clear()
            self._cands[m.text] = candidates(self.gazetteer, m)
        return self._cands[m.text]

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
                plain[m.text, m.kind] = rank(self._candidates(m), m, None)
            by_key[m.key] = [(code, w * extra)
                             for code, w in _evidence_from(m, plain[m.text, m.kind])]
        return _Contexts(list(evidence), by_key)

    def parse(self, doc: Doc) -> list[Place]:
        finder = MentionFinder(doc, self.org_places, self.is_country)
        text = finder.text  # a join over the tokens: read it once
        mentions, evidence = finder.mentions()
        mentions = self._refine(mentions, text)
        plain: dict[tuple, list[Ranked]] = {}  # rankings without context, by (name, cue)
        ctx = self._context(mentions, evidence, plain)

        # Second look: names NER mislabelled that the gazetteer has in this article's countries.
        countries = {cc for cc, share in ctx.whole.countries.items() if share >= 0.15}

        def known(name: str) -> bool:
            return any(c.country_code in countries and c.level not in SUPRA_NATIONAL
                       for c in self.gazetteer.search(name, fuzzy=False, limit=50))

        if countries:
            mentions, evidence = finder.mentions(known)
            mentions = self._refine(mentions, text)
            ctx = self._context(mentions, evidence, plain)

        best: dict[int, list[Ranked]] = {}
        in_context: dict[tuple, list[Ranked]] = {}
        for i, m in enumerate(mentions):
            if (m.text, m.kind) not in in_context:
                in_context[m.text, m.kind] = rank(self._candidates(m), m, ctx.of(m.key))
            best[i] = in_context[m.text, m.kind]
        # containment ("Pandi, Bulacan") then closeness to the other places. What the text says
        # contains a name once holds for its repeats (one name, one place per article): "Medina
        # is a place in Outagamie County, Wisconsin" decides every later bare "Medina".
        # Right to left, so that "Portage County" is read inside Ohio before it is used as
        # the container of "Aurora is a city in Portage County, Ohio".
        peers = _list_peers(text, mentions, best)
        containers: dict[int, Containment | None] = {}
        implied: dict[int, Candidate] = {}  # "Atlanta, Georgia": Georgia's reading, from the pair
        for i in reversed(range(len(mentions))):
            containers[i] = c = self._container(text, mentions, best, i, plain, containers, peers)
            if c is not None:
                best[i] = rank(self._candidates(mentions[i]), mentions[i],
                               ctx.of(mentions[i].key), container=c.place)
                if c.implied:
                    implied[i + 1] = c.place
        said: dict[str, Containment] = {}
        for i, m in enumerate(mentions):
            if containers[i] is not None:
                said.setdefault(m.key, containers[i])
        for i, m in enumerate(mentions):
            containers[i] = said.get(m.key)
            if containers[i] is not None or i in peers:
                outer = containers[i].place if containers[i] else None
                best[i] = rank(self._candidates(m), m, ctx.of(m.key), outer, peer=peers.get(i))
        points = {i: (r[0].candidate.lat, r[0].candidate.lon) for i, r in best.items()
                  if r and r[0].candidate.level not in SUPRA_NATIONAL | {"country"}}
        # Repeats of a name share their neighbours (the other names' points, each point once:
        # only the nearest counts) and so their ranking.
        neighbours_of: dict[str, list[tuple[float, float]]] = {}
        reranked: dict[tuple, list[Ranked]] = {}
        for i, m in enumerate(mentions):
            if m.key not in neighbours_of:
                neighbours_of[m.key] = list(dict.fromkeys(
                    p for j, p in points.items() if mentions[j].key != m.key))
            neighbours = neighbours_of[m.key]
            if neighbours and best[i]:
                outer = containers[i].place if containers[i] else None
                memo = (m.text, m.kind, outer, peers.get(i))
                if memo not in reranked:
                    reranked[memo] = rank(self._candidates(m), m, ctx.of(m.key), outer, neighbours,
                                          peers.get(i))
                best[i] = reranked[memo]

        for j, c in implied.items():
            # first, and scored above the rest so that its repeats agree on it
            top = best[j][0].score
            best[j] = [Ranked(r.candidate, top + 1.0, r.similarity) for r in best[j]
                       if r.candidate.geonameid == c.geonameid] + [
                r for r in best[j] if r.candidate.geonameid != c.geonameid]
        chosen: dict[int, Ranked | None] = {}
        for i, m in enumerate(mentions):
            r = best[i]
            chosen[i] = r[0] if r and not is_far_guess(r[0], ctx.of(m.key), m) else None
        self._agree_on_names(mentions, chosen, best)

        places = [self._place(m, chosen[i], best[i]) for i, m in enumerate(mentions)]
        for i, c in containers.items():
            if c is not None and c.stated and _lacks(chosen[i], c.place):
                # placed by what the text says, not by the reading it contradicts
                places[i] = _within(self._place(mentions[i], None, []), c.place)
        return self._place_relative(doc, text, mentions, places)

    def _container(self, text: str, mentions: list[Mention], best: dict[int, list[Ranked]],
                   i: int, plain: dict[tuple, list[Ranked]],
                   found: dict[int, Containment | None],
                   peers: dict[int, tuple[str, str]]) -> Containment | None:
        """The place the text puts mention i in: "Pandi, Bulacan", "Bali is a town in Pali
        district of Rajasthan", "Hajjaj, in Salaheddin province"."""
        m = mentions[i]
        own = plain.get((m.text, m.kind)) or best.get(i, [])
        inner = own[0].candidate.level if own else "city"
        for j in range(i + 1, min(i + 4, len(mentions))):
            between = text[mentions[i].end:mentions[j].start]
            if len(between) > 120 or re.search(r"[.;!?]\s", between):
                return None
            if not best.get(j) or mentions[j].key == mentions[i].key:
                continue  # an unknown district between the town and its country
            outer = best[j][0].candidate
            if outer.level in ("continent", "other"):
                continue
            if found.get(j) is not None and _lacks(best[j][0], found[j].place):
                # "Portage County, Ohio" read as the only Portage County the gazetteer has
                # (Wisconsin's): not a container to trust; the next one (Ohio) is.
                continue
            if j == i + 1 and _CONTAINED_BY.match(between):
                if peers.get(i) == (outer.level, "" if outer.level == "country" else outer.country_code):
                    return None  # "Georgia, Oklahoma, Pennsylvania and California": a list
                if outer.level == "city":
                    # "Iraq, Baghdad" is a list; "Greenlane, Auckland" (a name the gazetteer
                    # does not have, then a city) puts a neighbourhood in its city.
                    return None if own else Containment(outer, stated=True)
                # "Iran, Iraq", "Asia, India": a list of peers, unless the name has an exact
                # reading a level down inside the second ("Georgia, USA", "Toledo, Ohio").
                # The pair decides the second name too: in "Atlanta, Georgia" Georgia is the
                # state that holds an Atlanta, whatever the article's countries say.
                for k, r in enumerate(best[j][:8]):
                    if k and r.similarity < 0.95:
                        break
                    if r.candidate.level in ("city", "continent", "other"):
                        continue
                    if _holds_exact(r.candidate, own):
                        return Containment(r.candidate, stated=False, implied=k > 0)
                if LEVEL_RANK.get(outer.level, 0) > LEVEL_RANK.get(inner, 0):
                    return Containment(outer, stated=False)
                return None
            # Said in words ("X is a town in Y", "X, in Y"): it holds even when the gazetteer
            # has no X inside Y (then X is placed in Y rather than at a namesake elsewhere).
            if _IN_WORDS.match(between) or _IS_IN.match(between):
                # A district named without its state ("in Hancock County") may be another
                # state's: it ranks the readings but does not place a name on its own.
                sure = outer.level != "admin2" or found.get(j) is not None
                return Containment(outer, stated=sure)
        return None

    @staticmethod
    def _agree_on_names(mentions: list[Mention], chosen: dict[int, Ranked | None],
                        best: dict[int, list[Ranked]]) -> None:
        """One name, one place per article: the best-scored reading wins for every repeat."""
        groups: dict[str, list[int]] = defaultdict(list)
        for i, m in enumerate(mentions):
            groups[m.key].append(i)
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

    def _place_relative(self, doc: Doc, text: str, mentions: list[Mention],
                        places: list[Place]) -> list[Place]:
        """Give unresolved mentions the position the sentence describes, with its precision."""
        out = list(places)
        for i, p in enumerate(places):
            if p.resolved:
                continue
            sent = doc.char_span(p.start, p.end, alignment_mode="expand")
            if sent is None:
                continue
            s_start, s_end = sent.sent.start_char, sent.sent.end_char
            after = [j for j in range(i + 1, len(places))
                     if places[j].resolved and places[j].start < s_end]
            before = [j for j in range(i) if places[j].resolved and places[j].end > s_start]
            placed = (self._between(text, p, places, after) or self._near(text, p, places, before)
                      or self._within_region(text, p, places, after + before))
            if placed:
                out[i] = placed
        # one name, one place: repeats of a relatively placed name take its position
        by_key: dict[str, Place] = {}
        for i, p in enumerate(out):
            if p.resolved and p.note:
                by_key.setdefault(mentions[i].key, p)
        for i, p in enumerate(out):
            q = by_key.get(mentions[i].key)
            if not p.resolved and q is not None:
                out[i] = _moved(p, q.lat, q.lon, q.precision_km, q.note, q.country_code,
                                q.admin1, q.admin1_code, q.score)
        return out

    @staticmethod
    def _between(text: str, p: Place, places: list[Place], after: list[int]) -> Place | None:
        for a, b in zip(after, after[1:]):
            pa, pb = places[a], places[b]
            if _BETWEEN.search(text[p.end:pa.start]) and _AND.match(text[pa.end:pb.start]):
                if pa.feature != "city" or pb.feature != "city":
                    continue
                lat, lon = (pa.lat + pb.lat) / 2, (pa.lon + pb.lon) / 2
                half = haversine_km(pa.lat, pa.lon, pb.lat, pb.lon) / 2
                return _moved(p, lat, lon, round(half + 5, 1),
                              f"between {pa.name} and {pb.name} (not in the gazetteer)",
                              pa.country_code, pa.admin1, pa.admin1_code, 0.5)
        return None

    @staticmethod
    def _near(text: str, p: Place, places: list[Place], before: list[int]) -> Place | None:
        if not _NEAR.search(text[max(0, p.start - 40):p.start]):
            return None
        towns = [j for j in before if places[j].feature == "city"]
        if not towns:
            return None
        q = places[towns[-1]]
        return _moved(p, q.lat, q.lon, 15.0, f"near {q.name} (not in the gazetteer)",
                      q.country_code, q.admin1, q.admin1_code, 0.5)

    @staticmethod
    def _within_region(text: str, p: Place, places: list[Place], nearby: list[int]) -> Place | None:
        regions = [j for j in nearby if places[j].feature in ("admin1", "admin2")
                   and abs(places[j].start - p.end) < 60]
        if not regions:
            return None
        q = places[regions[0]]
        return _moved(p, q.lat, q.lon, 100.0 if q.feature == "admin1" else 30.0,
                      f"somewhere in {q.name} (not in the gazetteer)",
                      q.country_code, q.admin1 or q.name, q.admin1_code, 0.3)


def _list_peers(text: str, mentions: list[Mention],
                best: dict[int, list[Ranked]]) -> dict[int, tuple[str, str]]:
    """For names in a list ("Armenia, Azerbaijan, Georgia, Iraq"; "Georgia, Oklahoma,
    Pennsylvania and California"), the (level, country) that most of the others are read as:
    countries ("country", ""), or one country's states or districts ("admin1", "US")."""
    runs, run = [], [0] if mentions else []
    for i in range(1, len(mentions)):
        if _LIST_SEP.match(text[mentions[i - 1].end:mentions[i].start]):
            run.append(i)
        else:
            runs.append(run)
            run = [i]
    runs.append(run)
    peers: dict[int, tuple[str, str]] = {}
    for run in runs:
        if len(run) < 3:
            continue
        kinds = {}
        for i in run:
            top = best.get(i)
            c = top[0].candidate if top else None
            if c is not None and c.level in ("country", "admin1", "admin2"):
                kinds[i] = (c.level, "" if c.level == "country" else c.country_code)
        for i in run:
            votes = Counter(k for j, k in kinds.items() if j != i)
            if votes:
                (kind, n), = votes.most_common(1)
                # only a name that can be read so: "Jefferson County, Georgia, United States"
                # is a county in a state in a country, not a list of countries
                if n >= 2 and 2 * n >= len(run) - 1 and any(
                        r.similarity >= 0.95 and r.candidate.level == kind[0]
                        and kind[1] in ("", r.candidate.country_code) for r in best.get(i, [])):
                    peers[i] = kind
    return peers


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
        self._cache: dict[str, Context] = {}
        self.whole = Context.from_evidence(evidence + [w for ws in by_key.values() for w in ws])

    def of(self, key: str) -> Context:
        if key not in self._cache:
            self._cache[key] = Context.from_evidence(self._evidence + [
                (code, w * (SELF_WEIGHT if k == key else 1.0))
                for k, ws in self._by_key.items() for code, w in ws])
        return self._cache[key]


@dataclass(frozen=True)
class Containment:
    """The place the text puts a mention in; ``stated`` when said in words ("a town in Y")
    rather than read off punctuation ("X, Y", which may also be a list)."""

    place: Candidate
    stated: bool
    # the container is not the second name's best reading on its own ("Atlanta, Georgia")
    implied: bool = False


# What a stated container's point is good to when the contained name is not in the gazetteer.
_WITHIN_KM = {"city": 15.0, "admin3": 15.0, "admin2": 30.0, "admin1": 100.0}


def _holds_exact(outer: Candidate, readings: list[Ranked]) -> bool:
    """True when one of a name's exact readings lies inside ``outer``, a level below it."""
    rank_outer = LEVEL_RANK.get(outer.level, 0)
    return any(r.similarity == 1.0 and LEVEL_RANK.get(r.candidate.level, 0) < rank_outer
               and _inside(r.candidate, outer) for r in readings[:MAX_CANDIDATES])


def _lacks(chosen: Ranked | None, outer: Candidate) -> bool:
    """True when the reading chosen for a name is not inside the place the text puts it in."""
    if outer.level not in _WITHIN_KM:
        return False  # a country or a world region is too coarse to place a town at
    if chosen is None:
        return True
    c = chosen.candidate
    # What lies in a district cannot be a state or a country ("Panama is a village in
    # Chautauqua County"): a reading as coarse as its container is as wrong as one outside it.
    level, outer_level = LEVEL_RANK.get(c.level, 0), LEVEL_RANK.get(outer.level, 0)
    if level >= outer_level:
        return level > LEVEL_RANK["city"]  # a town "in" a town is a neighbour, not a miss
    return not _inside(c, outer)


def _within(p: Place, outer: Candidate) -> Place:
    """``p`` placed at the container the text names for it (not in the gazetteer)."""
    return _moved(p, outer.lat, outer.lon, _WITHIN_KM[outer.level],
                  f"in {outer.name} (not in the gazetteer)", outer.country_code or None,
                  None, outer.admin1_code or None, 0.3)


def _moved(p: Place, lat, lon, precision_km, note, cc, admin1, admin1_code, score) -> Place:
    return Place(p.start, p.end, p.text, None, round(lat, 5), round(lon, 5), None, cc, admin1,
                 p.feature if p.feature != "other" else "city", score, admin1_code,
                 precision_km, note)


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
