"""Place mentions -> gazetteer entries: candidate ranking in article context.

A mention's candidates are scored on
  name match (exact key, alternate spelling, or loose skeleton scored with rapidfuzz),
  prominence (population for towns; a prior per level for countries and regions),
  the article's countries and regions (other places, demonyms, the dateline),
  the cue that introduced it ("the town of", "X province"),
  containment ("Pandi, Bulacan": the first lies in or near the second), and
  spatial coherence (closeness to the article's other places).
Pure functions over Candidates; the only I/O is ``gazetteer.search``.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extract.capitals import is_capital
from extract.mentions import Mention
from gazetteer.index import Candidate, Gazetteer
from gazetteer.normalize import name_key, skeleton

MIN_SIMILARITY = 0.78
MAX_CANDIDATES = 60
# What a level is worth before context, on the scale of log-population (see prominence()).
# A name that is a country's or a state's is meant as such far more often than as a namesake
# town (Mexico, California, Algeria), so these priors sit above most towns' prominence.
LEVEL_PRIOR = {"continent": 2.2, "region": 1.8, "country": 2.2, "admin1": 1.35, "admin2": 0.6,
               "admin3": 0.35, "other": 0.3}
# A first-level region's people (its towns') move its prior by this much per power of ten
# around a million.
ADMIN1_POP_SLOPE = 0.05
# Towns: prominence = POP_WEIGHT x log10(population), at most POP_CAP.
POP_WEIGHT = 1 / 5.5
POP_CAP = 1.3
# A city of millions is what its own name means in the news (Rome, Cairo), even in an
# article that names places in a country with a small namesake.
BIG_CITY = 1_000_000
BIG_CITY_BONUS = 0.4
# A name that some entry bears as its own name rarely means another entry that has it only as
# an alternate spelling (Oklahoma the state, not Oklahoma City; Iraq, not Arak).
ALIAS_PENALTY = 0.5
ALIAS_OUTWEIGH = 20  # population ratio at which a city's alternate spelling beats a town's name
# A state that shares its name with a city of this size inside it is, named bare, the city:
# war reports name the town (Menaka, 14,000; Kidal; Gao), and at 100,000 the benchmarks' towns
# fared no better.
SEAT_POPULATION = 10_000
DWARF_PENALTY = 0.5
OTHER_NAME_PENALTY = 0.1  # a tie-breaker: see name_priors()
LOOSE_COUNTRY_PENALTY = 2.5  # above what the article naming the country adds (2.0)
DISTRICT_KM = 150  # how far from its point a place may lie and still be in a district
TOWN_KM = 50  # how far a village "in" or "a suburb of" a town may lie from the town's point
SEAT_PENALTY = 1.0
# A name in a list of places of one kind ("Alberta, New Brunswick and Quebec") is one too.
LIST_BONUS = 1.5
# Closeness to the article's other places counts for states too, measured from their middle
# with this much slack (km): "California" in a list of states is near the others' points.
ADMIN1_SLACK_KM = 300.0
SUPRA_NATIONAL = {"continent", "region"}
REGION_EVIDENCE_FLOOR = 1.0  # see Context.from_evidence
# Coarseness of a level: a container must be coarser than what it contains ("Iran, Iraq" and
# "Asia, India" are lists, "Georgia, USA" is containment only for the state called Georgia).
LEVEL_RANK = {"city": 0, "other": 0, "admin3": 1, "admin2": 2, "admin1": 3, "country": 4,
              "region": 5, "continent": 6}
# Levels whose namesakes spatial coherence tells apart (towns, districts), not states/countries.
NEIGHBOURLY = {"city", "admin2", "admin3", "other"}


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    score: float
    similarity: float


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def similarity(mention_key: str, candidate: Candidate) -> float:
    """1.0 for the entry's own name, 0.95 for an alternate spelling, else a fuzzy ratio x 0.9."""
    if candidate.exact:
        return 1.0 if name_key(candidate.name) == mention_key else 0.95
    matched = name_key(candidate.matched)
    if _final_h(mention_key, matched) and matched == name_key(candidate.name):
        # Arabic's final -a written with or without h (Hawija: Al Hawijah), of the entry's
        # own name (not of any of its alternate names: "Kala" is not Ankara's "Kalah")
        return 0.95
    ratio = 0.9 * fuzz.ratio(mention_key, matched) / 100.0
    # Same skeleton = a transliteration variant (Anna/'Anah), worth more than its edit distance.
    return max(ratio, 0.85) if skeleton(matched) == skeleton(mention_key) else ratio


def _final_h(a: str, b: str) -> bool:
    """Whether two keys differ only by an "h" after a final vowel ("hama", "hamah")."""
    if len(a) > len(b):
        a, b = b, a
    return len(a) >= 3 and a[-1] in "aeiou" and b == a + "h"


def spelt_alike(a: str, b: str) -> bool:
    """Whether two names are spellings of one (Rawa, Rāwah; Sloviansk, Slovyansk)."""
    ka, kb = name_key(a), name_key(b)
    return ka == kb or skeleton(ka) == skeleton(kb) or fuzz.ratio(ka, kb) >= 80


def prominence(c: Candidate) -> float:
    """Population on a log scale (a city of 1M ~ 1.1, a village ~ 0.2) or the level's prior."""
    if c.level == "city":
        return min(POP_CAP, POP_WEIGHT * math.log10(c.population + 10))
    prior = LEVEL_PRIOR.get(c.level, 0.3)
    if c.population and c.level == "admin1":
        # states differ by their people, a little: Maryland over Liberia's Maryland County
        return prior + ADMIN1_POP_SLOPE * (math.log10(c.population + 10) - 6)
    if c.population and c.level == "admin2":
        # a province or county whose towns' people are counted (Natural Earth units: English
        # counties, Philippine provinces) weighs like a town of that size
        return max(prior, min(POP_CAP, POP_WEIGHT * math.log10(c.population + 10)))
    return prior


def candidates(gazetteer: Gazetteer, mention: Mention) -> list[tuple[Candidate, float]]:
    """The mention's plausible entries with their name similarity, best first."""
    key = mention.key
    if len(key) < 2:
        return []
    # Loose (skeleton) matches only for names long enough not to collide with everything.
    found = gazetteer.search(mention.text, fuzzy=len(key) >= 4, limit=400)
    scored = [(c, similarity(key, c)) for c in found if c.lat is not None]
    scored = [(c, s) for c, s in scored if s >= MIN_SIMILARITY]
    scored.sort(key=lambda cs: (-cs[1], -prominence(cs[0])))
    return scored[:MAX_CANDIDATES]


@dataclass
class Context:
    """Where the article is: shares of evidence per country and per (country, admin1)."""

    countries: dict[str, float]
    regions: dict[tuple[str, str], float]

    @classmethod
    def from_evidence(cls, weights: list[tuple[str, float]]) -> "Context":
        countries: dict[str, float] = defaultdict(float)
        regions: dict[tuple[str, str], float] = defaultdict(float)
        for code, w in weights:
            cc, _, a1 = code.partition(".")
            countries[cc] += w
            if a1:
                regions[(cc, a1)] += w
        total = sum(countries.values()) or 1.0
        # A region's share is of at least one sure name's worth of evidence: one uncertain
        # name ("Richland County", six of them, read first as Illinois') does not make its
        # state the whole article's ("Columbia" in Illinois, not South Carolina).
        total_r = max(sum(regions.values()), REGION_EVIDENCE_FLOOR)
        return cls({k: v / total for k, v in countries.items()},
                   {k: v / total_r for k, v in regions.items()})

    def dominant(self) -> tuple[str | None, float]:
        if not self.countries:
            return None, 0.0
        cc = max(self.countries, key=self.countries.get)
        return cc, self.countries[cc]


def own_score(c: Candidate, sim: float, kind: str, alias_penalty: float = 0.0,
              seated: bool = False) -> float:
    """What a candidate scores whatever the article says around the name: its name match,
    prominence and level, weighed by the cue the name came with (``Mention.kind``)."""
    # A loose spelling match earns little from prominence: "Asia" is not "USA".
    s = 2.0 * sim + prominence(c) * (1.0 if sim >= 0.95 else 0.4)
    if c.level in ("country", "continent") and sim == 1.0:
        s += 0.5  # a country's own name means the country (Mexico), not a namesake's alias
    elif c.level == "city" and sim == 1.0 and c.population >= BIG_CITY:
        s += BIG_CITY_BONUS
    if c.feature_code == "NATF" and sim >= 0.95:
        s += 1.5  # a sea or river named in full is that feature, not a town called after it
        if kind == "the":
            s += 1.5  # "the Pacific" is the ocean even in an article about Missouri
    if kind == "settlement":
        # "Marib city": the town, even where its governorate sits nearer the other places
        s += 0.5 if c.level == "city" else -1.2
    elif kind == "the" and c.level == "city":
        s -= 1.0  # a town is rarely "the X" (the Pacific, the Gambia, the Sahel)
    elif kind == "region":
        s += 0.6 if c.level in ("admin1", "admin2", "admin3", "region") else -0.3
    elif kind == "country":
        s += 1.0 if c.level == "country" else -0.5
    elif kind == "capital of":
        # "the capital of Sinaloa" is the state, not Sinaloa de Leyva; "in the capital of
        # Pyongyang" is the city itself
        s += 0.6 if c.level != "city" or c.population >= BIG_CITY else -0.3
    # a region named after its seat is not the seat when said to be a region, or a part of
    # one by its bearing ("southern Idlib")
    if seated and kind not in ("region", "directed"):
        s -= SEAT_PENALTY
    return s - alias_penalty


def article_score(c: Candidate, sim: float, ctx: Context | None,
                  container: Candidate | None = None,
                  neighbours: list[tuple[float, float]] = (),
                  peer: tuple[str, str] | None = None) -> float:
    """What the article adds to a candidate's :func:`own_score`: the countries and regions
    it is about, the container it states, the other places' points and the list it is in."""
    s = 0.0
    near = closeness(c.lat, c.lon, neighbours) if neighbours and c.level in NEIGHBOURLY else 0.0
    if ctx is not None:
        if c.level in SUPRA_NATIONAL:
            s += 0.3
        else:
            share = ctx.countries.get(c.country_code, 0.0)
            if near >= BESIDE_BONUS and c.level == "city" and c.population >= BORDER_CITY \
                    and sim >= 0.95:
                # a city beside one of the article's places is where the article is, across a
                # border too: San Diego across from Tijuana, not a village in Puebla
                share = max(share, ctx.dominant()[1])
            s += 2.0 * share
            s += 1.0 * ctx.regions.get((c.country_code, c.admin1_code), 0.0)
    if container is not None and LEVEL_RANK.get(c.level, 0) < LEVEL_RANK.get(container.level, 0):
        s += 1.5 if _inside(c, container) else -0.5
    elif container is not None and c.level == container.level == "city":
        s += 1.5 if beside(c, container) else -0.5  # "a suburb of Wolverhampton"
    if neighbours and c.level in NEIGHBOURLY:
        s += near
    elif neighbours and c.level == "admin1":
        s += closeness(c.lat, c.lon, neighbours, ADMIN1_SLACK_KM)
    if peer is not None and c.level == peer[0] and peer[1] in ("", c.country_code) and sim >= 0.95:
        s += LIST_BONUS
    return s


# 601 km of latitude (111.195 km a degree; 1 km to spare for rounding)
_FAR_DEGREES = 601 / (6371.0088 * math.pi / 180)
BESIDE_BONUS = 0.8  # closeness() within 50 km
BORDER_CITY = 100_000
SAME_SPOT_KM = 25  # readings this close are one place to confidence()
_SAME_SPOT_DEGREES = (SAME_SPOT_KM + 1) / (6371.0088 * math.pi / 180)


def closeness(lat: float, lon: float, neighbours: list[tuple[float, float]],
              slack_km: float = 0.0) -> float:
    """0.8 within 50 km of the nearest neighbour, 0.5 within 200, 0.2 within 600, else 0.

    The haversine of :func:`haversine_km`, inlined (the same operations, so the same
    distances), over only the neighbours whose latitude is within 601 km (found by bisection:
    the others cannot change the bonus) and stopping at the first within 50 km: ranking calls
    this for every candidate of every mention.
    """
    if slack_km:
        far = (601 + slack_km) / (6371.0088 * math.pi / 180)
        km = min((haversine_km(lat, lon, a, b) for a, b in neighbours if abs(a - lat) <= far),
                 default=math.inf) - slack_km
        return 0.8 if km < 50 else 0.5 if km < 200 else 0.2 if km < 600 else 0.0
    p1 = math.radians(lat)
    cos1 = math.cos(p1)
    sin, radians, sqrt = math.sin, math.radians, math.sqrt
    d = math.inf
    points = neighbours if isinstance(neighbours, Points) else Points(neighbours)
    lats = points.lats
    lo, hi = bisect_left(lats, lat - _FAR_DEGREES), bisect_right(lats, lat + _FAR_DEGREES)
    for lat2, p2, cos2, lon2 in points.trig[lo:hi]:
        root = sqrt(sin((p2 - p1) / 2) ** 2 + cos1 * cos2 * sin(radians(lon2 - lon) / 2) ** 2)
        km = 2 * 6371.0088 * math.asin(root if root < 1.0 else 1.0)
        if km < 50:
            return 0.8
        if km < d:
            d = km
    return 0.5 if d < 200 else 0.2 if d < 600 else 0.0


class Points(list):
    """(lat, lon) pairs with each latitude's radians and cosine worked out once, for
    :func:`closeness`, which measures every candidate of every name against them; ``trig``
    is sorted by latitude (``lats``), so that a candidate looks only at its own band."""

    def __init__(self, pairs=()):
        super().__init__(pairs)
        self.trig = sorted((lat, math.radians(lat), math.cos(math.radians(lat)), lon)
                           for lat, lon in self)
        self.lats = [t[0] for t in self.trig]


def _inside(c: Candidate, container: Candidate) -> bool:
    if container.level == "country":
        return c.country_code == container.country_code
    if container.level in SUPRA_NATIONAL or container.lat is None:
        return False
    if container.level in ("admin1", "admin2") and c.admin1_code and container.admin1_code:
        # A district's point is often a town of its name, not its middle: its state decides,
        # within a district's reach (a state holds many districts).
        return (c.country_code == container.country_code
                and c.admin1_code == container.admin1_code
                and (container.level == "admin1"
                     or haversine_km(c.lat, c.lon, container.lat, container.lon) < DISTRICT_KM))
    if container.level == "admin1":  # an entry filed without its state (an English county)
        return (c.country_code == container.country_code
                and haversine_km(c.lat, c.lon, container.lat, container.lon) < 300)
    return haversine_km(c.lat, c.lon, container.lat, container.lon) < 150


def beside(c: Candidate, town: Candidate) -> bool:
    """True when a town lies where a village the text puts "in" ``town`` may be."""
    return haversine_km(c.lat, c.lon, town.lat, town.lon) <= TOWN_KM


@dataclass(frozen=True)
class NamePriors:
    """What a name's candidates say about each other, whatever the article: per candidate,
    the alternate-spelling penalty and whether it is a state whose seat city bears the name.
    The candidates' :func:`own_score` per cue is kept here too: a name is ranked several times
    an article (alone, in context, in its container, among its neighbours) and in many
    articles, and only the article's part changes."""

    alias: tuple[float, ...]
    seated: tuple[bool, ...]
    _own: dict = field(default_factory=dict, compare=False, repr=False)  # by cue

    def own_scores(self, cands: list[tuple[Candidate, float]], kind: str) -> tuple[float, ...]:
        found = self._own.get(kind)
        if found is None:
            found = self._own[kind] = tuple(
                own_score(c, sim, kind, penalty, seated)
                for (c, sim), penalty, seated in zip(cands, self.alias, self.seated))
        return found

    def alone(self, cands: list[tuple[Candidate, float]], kind: str) -> list[Ranked]:
        """The candidates ranked as if the name were said on its own (no context), per cue."""
        found = self._own.get(("alone", kind))
        if found is None:
            found = self._own["alone", kind] = sorted(
                (Ranked(c, s, sim) for (c, sim), s in zip(cands, self.own_scores(cands, kind))),
                key=lambda r: -r.score)
        return list(found)  # the caller's to change


def name_priors(cands: list[tuple[Candidate, float]]) -> NamePriors:
    # Entries that bear the name as their own: an alternate spelling elsewhere loses to them,
    # but not the seat of a region named after it (Al Qadarif, "Gedaref", in Gedaref state).
    own = [c for c, sim in cands if sim == 1.0 and c.level != "city"]
    has_own = any(sim == 1.0 for _, sim in cands)
    # ... nor a city far bigger than every town that bears it (Mecca: Makkah, not Mecca, CA).
    own_towns = max((c.population for c, sim in cands if sim == 1.0 and c.level == "city"),
                    default=0)

    # A town that shares its name with a state of its own country (Florida, New York) is
    # rarely what a bare mention means; a stated container or pair still picks it. (Not a far
    # bigger city's namesake, Boston, New York: that cost 0.5 points on WikToR, whose articles
    # are about such towns.)
    own_states = {c.country_code for c, sim in cands if sim == 1.0 and c.level == "admin1"}

    def dwarfed(c: Candidate) -> bool:
        return (c.level == "city" and c.population < SEAT_POPULATION
                and c.country_code in own_states)

    spelt = any(sim >= 0.95 for _, sim in cands)

    def alias_penalty(c: Candidate, sim: float) -> float:
        if c.level == "country" and sim < 0.95 and spelt:
            # a country only loosely spelt like a name that some town bears ("Saada": Sa'dah,
            # not Saudi Arabia, in an article that names Saudi Arabia)
            return LOOSE_COUNTRY_PENALTY
        if sim == 1.0:
            return DWARF_PENALTY if dwarfed(c) else 0.0
        if not has_own:
            # among entries that all have the name as an alternate, a spelling of an entry's
            # own name (Slovyansk for "Sloviansk"), or its own name cut short (Rawa for Rawa
            # Mazowiecka), over an unrelated one (Nikopol, which GeoNames also lists as
            # "Slov'iansk")
            alike = spelt_alike(c.matched, c.name) or name_key(c.name).startswith(
                name_key(c.matched))
            return 0.0 if sim < 0.95 or alike else OTHER_NAME_PENALTY
        if not own and c.level == "city" and c.population >= ALIAS_OUTWEIGH * max(own_towns, 1000):
            return 0.0
        if any(LEVEL_RANK.get(o.level, 0) > LEVEL_RANK.get(c.level, 0)
               and haversine_km(c.lat, c.lon, o.lat, o.lon) < 150 for o in own):
            return 0.0
        # and the more so when a far bigger city bears it (Rome: not Fostoria, Ohio, once Rome)
        if c.level == "city" and own_towns >= ALIAS_OUTWEIGH * max(c.population, 1000):
            return 2 * ALIAS_PENALTY
        return ALIAS_PENALTY

    # A state named after its capital (Mandalay, Hodeidah, Khartoum): the bare name is the
    # city, unless the text says "province" or "state".
    # (Not New York: the city has the state's name only as an alternate spelling.)
    # So is a state that has the name only as another spelling of its own ("Kherson" for
    # Khersonska oblast) when a town inside it bears it as its own name, whatever its size.
    big_seats: dict[tuple[str, str], float] = {}
    own_seats: set[tuple[str, str]] = set()
    for c, sim in cands:
        if c.level == "city" and sim >= 0.95 and c.population >= SEAT_POPULATION:
            key = (c.country_code, c.admin1_code)
            big_seats[key] = max(big_seats.get(key, 0.0), sim)
        if c.level == "city" and sim == 1.0:
            own_seats.add((c.country_code, c.admin1_code))

    def seated(c: Candidate, sim: float) -> bool:
        key = (c.country_code, c.admin1_code)
        return c.level == "admin1" and (big_seats.get(key, 0.0) >= sim
                                        or sim < 1.0 and key in own_seats)

    return NamePriors(tuple(alias_penalty(c, sim) for c, sim in cands),
                      tuple(seated(c, sim) for c, sim in cands))


def rank(cands: list[tuple[Candidate, float]], mention: Mention, ctx: Context | None,
         container: Candidate | None = None,
         neighbours: list[tuple[float, float]] = (),
         peer: tuple[str, str] | None = None,
         priors: NamePriors | None = None) -> list[Ranked]:
    """Candidates best first. ``peer`` is the (level, country) most other names of a list the
    mention stands in share ("Georgia, Oklahoma, Pennsylvania and California": US states).
    ``priors`` is ``name_priors(cands)``, passed in by callers that rank one name often."""
    priors = priors or name_priors(cands)
    if ctx is None and container is None and not neighbours and peer is None:
        return priors.alone(cands, mention.kind)
    own = priors.own_scores(cands, mention.kind)
    ranked = [Ranked(c, s + article_score(c, sim, ctx, container, neighbours, peer), sim)
              for (c, sim), s in zip(cands, own)]
    ranked.sort(key=lambda r: -r.score)
    return ranked


def confidence(ranked: list[Ranked]) -> float:
    """In [0, 1]: the best candidate's share of a softmax over scores, times its name match."""
    if not ranked:
        return 0.0
    first = ranked[0]
    top = first.score
    # Entries at the same spot (Mosul the city and Mosul the district) do not compete. A
    # latitude 26+ km away settles it without the haversine (most rivals are far namesakes).
    lat, lon = first.candidate.lat, first.candidate.lon
    rivals = [r for r in ranked[1:20] if r.candidate.lat is None
              or abs(r.candidate.lat - lat) > _SAME_SPOT_DEGREES
              or haversine_km(lat, lon, r.candidate.lat, r.candidate.lon) > SAME_SPOT_KM]
    z = 1.0 + sum(math.exp(2.0 * (r.score - top)) for r in rivals)
    return round(first.similarity / z, 3)


# Regions named by a bare direction or landform (Cameroon's South, Benin's Plateau): the word
# alone says little about which country's region is meant.
GENERIC_REGION_NAMES = frozenset({
    "north", "south", "east", "west", "central", "centre", "center", "northern", "southern",
    "eastern", "western", "northeast", "northwest", "southeast", "southwest", "northeastern",
    "northwestern", "southeastern", "southwestern", "plateau", "coast", "littoral", "capital",
    "lakes", "islands", "highlands", "lowlands", "interior", "border", "midlands", "upper", "lower",
    "federal"})

# How near another place of the article a loose spelling match must lie to be believed.
LOOKALIKE_KM = 100.0


def is_lone_lookalike(best: Ranked, neighbours: list[tuple[float, float]],
                      container: Candidate | None) -> bool:
    """A small place whose name only looks like the mention ("Kuru" read as Kari, "Mouillee"
    as Murray) and that nothing else in the article is near: an unknown local name, better
    unresolved. Measured on GeoVirus and 1,000 WikToR articles, 16 of 112 such readings were
    within 161 km of the place meant. A transliteration among its neighbours ("Anna" for
    'Anah beside Rawa and Al-Qaim) or inside the region the text puts it in is kept.
    """
    c = best.candidate
    if best.similarity >= 0.95 or c.level not in ("city", "admin2", "admin3"):
        return False  # a misspelt country or state ("Mauritious") is still that country
    if container is not None and _inside(c, container):
        return False
    return not any(haversine_km(c.lat, c.lon, lat, lon) <= LOOKALIKE_KM for lat, lon in neighbours)


# The share of an article's evidence one country must hold for a mid-sized city abroad it
# never names to be taken for a local place the gazetteer lacks
ONE_COUNTRY_SHARE = 0.6


def is_far_guess(best: Ranked, ctx: Context, mention: Mention,
                 neighbours: list[tuple[float, float]] = ()) -> bool:
    """A small town abroad for a name the article puts elsewhere: better unresolved.

    When the article is clearly about one country and the only candidates for a name are
    small places in countries it never mentions, the name is most likely a local place the
    gazetteer lacks (a village) rather than, say, Anna in Illinois.
    """
    c = best.candidate
    if (c.level == "country" and best.similarity < 0.95 and len(mention.key) < 6
            and ctx.countries.get(c.country_code, 0.0) < 0.05):
        # "Hoti" in a Pakistani story is not Haiti; a long name a letter off is a misspelling
        # of the country ("Mauritious")
        return True
    if c.level in SUPRA_NATIONAL or c.level == "country" or not c.country_code:
        return False  # seas and oceans belong to no country the article could name
    if mention.key in GENERIC_REGION_NAMES and ctx.countries.get(c.country_code, 0.0) < 0.4:
        # "the American South" is not Cameroon's South region: the word names a region only
        # where the article is about its country (its own reading counts towards that share)
        return True
    if best.similarity < 0.95 and ctx.countries and ctx.countries.get(c.country_code, 0.0) < 0.05:
        # a loose spelling match in a country the article never mentions ("Kampungu" in a
        # Congo story is not Kompienga, Burkina Faso): an unknown local name, not that place
        return True
    _, share = ctx.dominant()
    if share < 0.5 or ctx.countries.get(c.country_code, 0.0) > 0.05:
        return False
    weak_name = best.similarity < 0.95 or mention.source in ("cue", "propagated", "dateline")
    if c.level == "admin1" and not weak_name:
        return False  # a state named in full ("diagnosed in England") is no small town abroad
    if share >= ONE_COUNTRY_SHARE and c.level == "city" and c.population < BIG_CITY \
            and not is_capital(c) and closeness(c.lat, c.lon, neighbours) < BESIDE_BONUS:
        # an article about one country that never names this one: "near Palma, further
        # north" in a Cabo Delgado story is Mozambique's Palma, which the gazetteer lacks,
        # not Mallorca's (a capital, a city of millions or one across the border from the
        # article's places is still itself)
        return True
    return c.population < 100_000 or weak_name
