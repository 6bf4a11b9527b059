"""Where the text itself puts a place: containment read from punctuation and from words.

"Pandi, Bulacan" and "Atlanta, Georgia" put the first name inside the second; "Bali is a town
in Pali district of Rajasthan" and "Hajjaj, in Salaheddin province" say so in words; "Armenia,
Azerbaijan, Georgia, Iraq" is a list of peers, not a chain of containers. Pure functions over
ranked readings (``extract.resolve``); ``extract.places`` applies what they find.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extract.mentions import LIST_GAP, Mention
from extract.resolve import (
    GENERIC_REGION_NAMES, LEVEL_RANK, MAX_CANDIDATES, Ranked, _inside, beside, haversine_km,
)
from gazetteer.index import Candidate

_CONTAINED_BY = re.compile(r"^\s*(?:,|in|,\s*in|in the|,\s*in the)\s*$")
# Administrative units, as words that follow a name ("Ibo District") or name a container
_UNITS = (r"(?:district|province|prefecture|department|governorate|county|oblast|krai|"
          r"regency|local government area|LGA|municipality|township|region|state|territory)")
# "X, in northern Y", "X, in the province of Y", "X refugee camp in Y", "the X slums in Y", "X
# village in Y": the name, then a short phrase ending in "in"
_IN_WORDS = re.compile(r"^\s*,?\s*(?:(?:is|was|lies|located|situated)\s+)?"
                       r"(?:(?:refugee\s+|displacement\s+|IDP\s+)?"
                       r"(?:camps?|slums?|neighbou?rhoods?|suburbs?|quarters?|areas?|"
                       r"(?P<kind>villages?|towns?|hamlets?|settlements?))\s+)?"
                       r"(?:in|within)\s+(?:the\s+)?"
                       r"(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|"
                       r"south-?west)(?:ern)?\s+)?"
                       rf"(?:(?:(?-i:[A-Z])[\w.]*\s+)?(?:city|town|village|{_UNITS})\s+of\s+(?:the\s+)?)?$",
                       re.I)
# "a New England town", "one Kurdish village": the name says which kind, not where
_A_BEFORE = re.compile(r"\b(?:an?|one)\s+$", re.I)
# The kind word NER's span or the gazetteer's name left after a name ("Ibo District, Hyogo
# Prefecture"): the gap to the next name is read after it.
_UNIT_WORD = re.compile(rf"\b{_UNITS}\b", re.I)
_KIND_LEAD = re.compile(rf"^\s+{_UNITS}\b", re.I)
_ENDS_IN_UNIT = re.compile(rf"\s{_UNITS}$", re.I)
# The level a unit word makes a name at least (province, state ...: admin1); "district" and
# "region" say nothing ("the Adhamiyah district of Baghdad" is part of a city)
_UNIT_LEVEL = {"county": "admin2", "regency": "admin2", "lga": "admin2",
               "local government area": "admin2", "municipality": "admin2", "district": "city",
               "region": "city", "township": "city"}
# "of central Baghdad": a direction between "of" and the container
_OF_PART = r"\s+of\s+(?:the\s+)?(?:(?:north|south|east|west|central)\w*\s+)?$"
# "the La Libertad Department of El Salvador", "the Maritime Province of Primorsky Krai"
_OF = re.compile(rf"^{_OF_PART}", re.I)
# "(/ˈskɑːrbəroʊ/; 2011 Census 625,698)" ends no sentence
_PARENTHESES = re.compile(r"\([^()]*\)")
# Abbreviations whose full stop does not end a sentence ("Rural Municipality No. 127")
_ABBREVIATION = re.compile(r"\b(No|Nos|St|Ste|Mt|Ft|Twp)\.(?=\s)")
# "the U.S. state of Florida", "the Indian state of Kerala": the unit, not the country
_UNIT_OF = re.compile(r"^\.?\s*(?:state|province|region|department|prefecture|governorate|county|"
                      r"district|territory)\s+of\s+(?:the\s+)?$", re.I)
# "the Rice Lake area of Fulton County", "the Darfur region of Sudan"
_PART_OF = re.compile(rf"^\s+(?:area|region|part|district|zone|outskirts|suburbs?){_OF_PART}", re.I)
# What stands between a place and a part of it: "Nairobi's Kibera", "in Yemen's Bayda province"
POSSESSIVE_GAP = re.compile(r"['’]s\s+")
# "twelve in Ontario, eight in Alberta, and one in Quebec": a list with a count before each name
_PARALLEL_GAP = re.compile(r"^\s*[,;]\s*(?:and\s+)?(?:[a-z0-9-]+\s+){1,3}(?:in|at|from)\s+$")
# ", Adams and Larimer": the next names of a list, capitalised
_MORE_NAMES = r"(?:\s*(?:,|and|&)\s*(?:[A-Z][\w.'’-]*+\s*){1,3})"
# "Cook and Kane counties", "Weld and Larimer counties": the first name is a county too
_COUNTIES_AFTER = re.compile(rf"{_MORE_NAMES}+?\s*(?i:counties|districts|provinces|parishes|"
                             r"municipalities)\b")
# "the Ohio and Licking rivers", "the Licking River": not the state of Ohio, not a town
# (the other names capitalised: ", situated on the Pipers River" is no list of rivers)
_FEATURES_AFTER = re.compile(rf"{_MORE_NAMES}*?\s*(?i:rivers?|lakes?|mountains?|islands?|valleys?|"
                             r"peninsulas?|bays?)\b")
# A sentence ends at a stop before a space, but not at an initial's ("the U.S. state of")
_SENTENCE_END = re.compile(r"(?<![A-Z])[.;!?]\s")
# "X is a first class municipality in the province of Y", "X is a city in Ray County, Missouri"
# (X maybe the last name of a parenthesis: "X (Ilocano: Ili ti X), is a town in Y"):
# a definition naming what X is (not "X is the most romantic place in the whole of Y").
_IS_IN = re.compile(
    r"^\s*\)?\s*(?:/[^/\n]{1,60}/\s*)?(?:\([^()]{0,160}\)\s*)?,?\s*(?:is|was)\s+(?:one\s+of\s+)?(?:a|an|the)\s+"
    r"(?:[\w\-]+,?\s+){0,6}?(?:town|city|village|hamlet|municipality|community|place|borough|"
    r"township|suburb|neighbou?rhood|locality|settlement|capital|port|district|area|county|"
    r"parish|province|region|island)s?\b"
    r"(?:[^.;!?()]|\([^()]{0,60}\)){0,80}?\b(?:in|of|within)\b[^.;!?()]{0,40}$", re.I)


@dataclass(frozen=True)
class Containment:
    """The place the text puts a mention in; ``stated`` when said in words ("a town in Y")
    rather than read off punctuation ("X, Y", which may also be a list)."""

    place: Candidate
    stated: bool
    # the container is not the second name's best reading on its own ("Atlanta, Georgia")
    implied: bool = False
    at: int = -1  # the container's mention, when it is not the next one


# What a stated container's point is good to when the contained name is not in the gazetteer
# and the container's own reach (``Gazetteer.radius_km``, from its polygon) is not known.
WITHIN_KM = {"city": 15.0, "admin3": 15.0, "admin2": 30.0, "admin1": 100.0}


def container_of(text: str, mentions: list[Mention], best: dict[int, list[Ranked]],
                 i: int, plain: dict[tuple, list[Ranked]],
                 found: dict[int, Containment | None],
                 peers: dict[int, tuple[str, str]]) -> Containment | None:
    """The place the text puts mention i in: "Pandi, Bulacan", "Bali is a town in Pali
    district of Rajasthan", "Hajjaj, in Salaheddin province"."""
    m = mentions[i]
    own = plain.get((m.text, m.kind)) or best.get(i, [])
    inner = own[0].candidate.level if own else "city"
    own_unit = _ends_in_unit(m.text)  # "La Libertad Department"
    for j in _next_names(text, mentions, i):
        between = _ABBREVIATION.sub(r"\1 ", text[mentions[i].end:mentions[j].start])
        if len(between) > 120 or _SENTENCE_END.search(_PARENTHESES.sub("", between)):
            return None
        lead = _KIND_LEAD.match(between)
        between = between[lead.end():] if lead else between
        unit = lead.group() if lead else own_unit
        unit_of = bool(unit) and _OF.match(between) is not None
        if not best.get(j) or mentions[j].key == mentions[i].key:
            continue  # an unknown district between the town and its country
        outer = best[j][0].candidate
        if outer.level in ("continent", "other") or _FEATURES_AFTER.match(text, mentions[j].end):
            continue
        if mentions[j].key in GENERIC_REGION_NAMES and not (
                holds_exact(outer, own) or _country_named(mentions, best, j, outer)):
            continue  # "in the (East) Midlands": which country's Midlands is not said
        if found.get(j) is not None and lacks(best[j][0], found[j].place):
            # "Portage County, Ohio" read as the only Portage County the gazetteer has
            # (Wisconsin's): not a container to trust; the next one (Ohio) is.
            continue
        if j == i + 1 and _CONTAINED_BY.match(between):
            said_in = "in" in between.split()  # "Palma in Cabo Delgado", not "Palma, Cabo Delgado"
            if peers.get(i) == (outer.level, "" if outer.level == "country" else outer.country_code):
                return None  # "Georgia, Oklahoma, Pennsylvania and California": a list
            if outer.level == "city":
                if not _in_list(text, mentions, i, j) and (
                        state := _state_of_pair(best[j], own, outer)):
                    return Containment(state, stated=False, implied=True)  # "Celaya, Guanajuato"
                if best[j][0].similarity < 0.95:
                    return None  # a town only by a loose spelling ("in Masisi" read as Matsue)
                # "Iraq, Baghdad" and "London, Paris" are lists; "Greenlane, Auckland" (a name
                # the gazetteer does not have, then a city), "Shejaiya in Gaza City" and
                # "Eastleigh, Nairobi" (only a small namesake abroad) put a part in its city.
                return Containment(outer, stated=True) if _part_of_city(
                    text, mentions, own, i, j, said_in, outer) else None
            # "Iran, Iraq", "Asia, India": a list of peers, unless the name has an exact
            # reading a level down inside the second ("Georgia, USA", "Toledo, Ohio").
            # The pair decides the second name too: in "Atlanta, Georgia" Georgia is the
            # state that holds an Atlanta, whatever the article's countries say.
            for k, r in enumerate(best[j][:8]):
                if k and r.similarity < 0.95:
                    break
                if r.candidate.level in ("city", "continent", "other"):
                    continue
                if holds_exact(r.candidate, own):
                    return Containment(r.candidate, stated=False, implied=k > 0)
            if LEVEL_RANK.get(outer.level, 0) > LEVEL_RANK.get(inner, 0):
                region = _countrys_region(text, mentions, best, j, outer)
                if region is not None and said_in and inner != "other":
                    return Containment(region, stated=True, at=j + 1)  # "X, in Yemen's Bayda"
                defined = _defined_pair(text, mentions, best, j, outer)
                if defined is not None:
                    return defined
                # "Palma in Cabo Delgado" says so in words even within a list ("Mocimboa
                # da Praia and Palma in ..."), where "X, Y" may be two peers
                return Containment(outer, stated=said_in and (
                                       outer.level == "admin1" or found.get(j) is not None)
                                   or _address(text, mentions, best, j, outer)
                                   or _lone_pair(text, mentions, own, i, j, outer))
            return None
        # Said in words ("X is a town in Y", "X, in Y", "the X area of Y"): it holds even when
        # the gazetteer has no X inside Y (then X is placed in Y, not at a namesake elsewhere).
        is_in = _IS_IN.match(between) is not None
        if is_in and _pair_tail(text, mentions, i, between, inner):
            return None  # "Rochester, Nevada, was a town in ...": the town is, not the state
        said = _IN_WORDS.match(between)
        if said and said.group("kind") and _A_BEFORE.search(
                text, max(0, mentions[i].start - 5), mentions[i].start):
            said = None  # "a New England town in Windsor County": what kind of town, not which
        if is_in or unit_of or said or _PART_OF.match(between):
            if unit and not _unit_fits(unit, inner, outer, unit_of):
                return None  # "Sumatra province in the district of Karo", "the US state of Texas"
            if inner == "country" and not is_in and outer.level not in ("region", "continent"):
                return None  # "Turkey, located in Central Anatolia": no country lies in a state
            if outer.level == "country" and j + 1 < len(mentions) and best.get(j + 1):
                # the finer unit the sentence goes on to name: "in the U.S. state of Florida",
                # "a village in Bolivia located in the Province of Vallegrande"
                gap, finer = text[mentions[j].end:mentions[j + 1].start], best[j + 1][0].candidate
                named = _UNIT_OF.match(gap) or _IN_WORDS.match(gap) and (
                    mentions[j + 1].kind == "region" or _UNIT_WORD.search(gap)
                ) or inner != "other" and _countrys_region(
                    text, mentions, best, j, outer) is not None
                if named and finer.country_code == outer.country_code and finer.level in WITHIN_KM:
                    j, outer = j + 1, finer
            if outer.level == "city" and (best[j][0].similarity < 0.95
                                          or _COUNTIES_AFTER.match(text, mentions[j].end)):
                # a town only by a loose spelling ("in Tophill" read as Tafilah), or a county
                # named without its word ("in Cook and Kane counties"): no town to be beside
                return None
            # The container's reading that holds the name, unless the text has placed the
            # container itself ("Rutland County, Vermont").
            # A district named without its state ("in Hancock County") may be another
            # state's: it ranks the readings but does not place a name on its own, unless
            # the sentence names that state ("in Baker County, on the border of Oregon").
            k, outer = _holding_reading(best[j], own, outer) if found.get(j) is None else (0, outer)
            sure = (outer.level != "admin2" or found.get(j) is not None
                    or _state_named(text, mentions, best, j, outer))
            return Containment(outer, stated=sure, implied=k > 0, at=j)
    return None


# A town of this size named by its own name before a city is that town, in a list ("Mosul,
# Baghdad"), not a part of the city; a smaller namesake abroad is not what the pair means.
_NAMESAKE_POPULATION = 100_000


def _part_of_city(text: str, mentions: list[Mention], own: list[Ranked], i: int, j: int,
                  said_in: bool, city: Candidate) -> bool:
    """Whether "X, <city>" or "X in <city>" makes X a part of the city: said with "in", or X
    has no reading of its own name but small towns outside the city's country, and the pair
    stands alone (not "Erbil, Mosul, Baghdad")."""
    exact = [r for r in own if r.similarity >= 0.95]
    if said_in:
        return all(r.candidate.level in ("city", "other") for r in exact)
    if any(r.candidate.level not in ("city", "other")
           or r.candidate.country_code == city.country_code
           or r.similarity == 1.0 and r.candidate.population >= _NAMESAKE_POPULATION
           for r in exact):
        return False
    return not _in_list(text, mentions, i, j)


def _in_list(text: str, mentions: list[Mention], i: int, j: int) -> bool:
    """Whether the pair i, j stands in a longer list ("Erbil, Mosul, Baghdad")."""
    if j + 1 < len(mentions) and LIST_GAP.match(text[mentions[j].end:mentions[j + 1].start]):
        return True
    return i > 0 and LIST_GAP.match(text[mentions[i - 1].end:mentions[i].start]) is not None


# A town this far from a city is a town of its own, not one of the city's quarters.
_OWN_TOWN_KM = 25.0


def _state_of_pair(readings: list[Ranked], own: list[Ranked], city: Candidate) -> Candidate | None:
    """The state that the second name of "X, Y" is when Y is also a city: "Celaya,
    Guanajuato" and "Fresnillo, Zacatecas" name the state that holds the town, not its capital
    70 km away. Not when X lies within the city's reach ("Kadhimiya, Baghdad": a quarter)."""
    for k, r in enumerate(readings[:8]):
        if k and r.similarity < 0.95:
            break
        region = r.candidate
        if region.level != "admin1":
            continue  # a district's reach (DISTRICT_KM) holds the next town's too: a list
        held = [o.candidate for o in own if o.similarity == 1.0
                and LEVEL_RANK.get(o.candidate.level, 0) < LEVEL_RANK[region.level]
                and _inside(o.candidate, region)]
        if held and all(haversine_km(h.lat, h.lon, city.lat, city.lon) > _OWN_TOWN_KM
                        for h in held):
            return region
    return None


def _countrys_region(text: str, mentions: list[Mention], best: dict[int, list[Ranked]], j: int,
                     country: Candidate) -> Candidate | None:
    """The region named with the country's possessive right after it ("Yemen's Bayda
    province", "Nigeria's Kaduna state"), when it lies in that country. Not for a lake or a
    river, which may reach beyond the region ("Lake Titicaca, in Peru's Puno region")."""
    k = j + 1
    if country.level != "country" or k >= len(mentions) or not best.get(k) \
            or mentions[k].kind != "region":
        return None
    region = best[k][0].candidate
    if not POSSESSIVE_GAP.fullmatch(text, mentions[j].end, mentions[k].start) \
            or region.country_code != country.country_code or region.level not in WITHIN_KM:
        return None
    return region


def _next_names(text: str, mentions: list[Mention], i: int, n: int = 3) -> list[int]:
    """The next ``n`` names after mention i that may contain it; names inside an aside that
    opens after it ("Dublin (formerly Amador and Dougherty's Station) is a city of Alameda
    County") are passed over and do not count."""
    out = []
    for j in range(i + 1, len(mentions)):
        gap = text[mentions[i].end:mentions[j].start]
        if len(gap) > 200 or len(out) == n:
            break
        if gap.count("(") <= gap.count(")"):
            out.append(j)
    return out


def list_peers(text: str, mentions: list[Mention],
                best: dict[int, list[Ranked]]) -> dict[int, tuple[str, str]]:
    """For names in a list ("Armenia, Azerbaijan, Georgia, Iraq"; "Georgia, Oklahoma,
    Pennsylvania and California"), the (level, country) that most of the others are read as:
    countries ("country", ""), or one country's states or districts ("admin1", "US")."""
    runs, run = [], [0] if mentions else []
    for i in range(1, len(mentions)):
        gap = text[mentions[i - 1].end:mentions[i].start]
        if LIST_GAP.match(gap) or _PARALLEL_GAP.match(gap):
            run.append(i)
        else:
            runs.append(run)
            run = [i]
    runs.append(run)
    peers: dict[int, tuple[str, str]] = {}
    for run in runs:
        # two names joined by "and" are peers too ("Texas and Georgia"); joined by a comma
        # they may be an address ("Atlanta, Georgia")
        pair = len(run) == 2 and re.search(
            r"\b(?:and|or)\b|&", text[mentions[run[0]].end:mentions[run[1]].start]) is not None
        if len(run) < 3 and not pair:
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
                if (n >= 2 or pair) and 2 * n >= len(run) - 1 and any(
                        r.similarity >= 0.95 and r.candidate.level == kind[0]
                        and kind[1] in ("", r.candidate.country_code) for r in best.get(i, [])):
                    peers[i] = kind
    return peers


def _ends_in_unit(name: str) -> str:
    found = _ENDS_IN_UNIT.search(name)
    return found.group() if found else ""


def _unit_fits(unit: str, inner: str, outer: Candidate, appositive: bool) -> bool:
    """Whether a name said to be a unit ("X province", "X District") can lie in ``outer``:
    only in something larger, or as large when the wording may be an appositive ("the
    Maritime Province of Primorsky Krai"); a country lies in no such unit."""
    if inner == "country":
        return False
    level = max(LEVEL_RANK[_UNIT_LEVEL.get(unit.strip().lower(), "admin1")],
                LEVEL_RANK.get(inner, 0))
    rank = LEVEL_RANK.get(outer.level, 0)
    # a district says nothing of its level: "the Mansour district in west Mosul" is a city's
    return rank >= level if appositive or level == LEVEL_RANK["city"] else rank > level


def _address(text: str, mentions: list[Mention], best: dict[int, list[Ranked]], j: int,
             outer: Candidate) -> bool:
    """True when "X, Y" goes on ", Z" with Y inside the country Z ("Stroud, Ontario, Canada"):
    an address, not a list, so X is in Y even when the gazetteer has no X there."""
    k = j + 1
    if outer.level not in WITHIN_KM or k >= len(mentions) or not best.get(k):
        return False
    country = best[k][0].candidate
    return (bool(_CONTAINED_BY.match(text[mentions[j].end:mentions[k].start]))
            and country.level == "country" and country.country_code == outer.country_code)


def _country_named(mentions: list[Mention], best: dict[int, list[Ranked]], j: int,
                   outer: Candidate) -> bool:
    """True when one of the next few names is the region's country ("the North Governorate
    of Lebanon")."""
    return any(best.get(k) and best[k][0].candidate.level == "country"
               and best[k][0].candidate.country_code == outer.country_code
               for k in range(j + 1, min(j + 4, len(mentions))))


# Readings of a container this close to its best are namesakes the article cannot tell apart
# ("Lamar County": Alabama's, Georgia's, Mississippi's, Texas'); the one that holds the name
# is the one meant ("Paris is the county seat of Lamar County": Texas').
NAMESAKE_TIE = 0.3


def _holding_reading(readings: list[Ranked], own: list[Ranked],
                     outer: Candidate) -> tuple[int, Candidate]:
    """The container's reading that holds one of the name's own exact readings ("Lincoln is
    the county town of Lincolnshire": the English county, not Lincolnshire, Illinois), with its
    rank among the container's readings; else its best reading. Another reading is only
    taken under its own name, and from the same country only when it scores about the same."""
    if holds_exact(outer, own):
        return 0, outer
    for k, r in enumerate(readings[1:8], start=1):
        c = r.candidate
        if r.similarity < 1.0:
            break
        if c.level not in ("continent", "other") and holds_exact(c, own) and (
                c.country_code != outer.country_code
                or readings[0].score - r.score <= NAMESAKE_TIE):
            return k, c
    return 0, outer


def _defined_pair(text: str, mentions: list[Mention], best: dict[int, list[Ranked]], j: int,
                  outer: Candidate) -> Containment | None:
    """"Rochester, Nevada, was a silver-mining town in Pershing County": the pair is an
    address, and the definition after it places the town more finely when its container lies
    in the pair's state."""
    k = j + 1
    if k >= len(mentions) or not _IS_IN.match(text[mentions[j].end:mentions[k].start]):
        return None
    finer = best[k][0].candidate if best.get(k) else None
    if (finer is not None and finer.level in WITHIN_KM
            and LEVEL_RANK.get(finer.level, 0) < LEVEL_RANK.get(outer.level, 0)
            and _inside(finer, outer)):
        return Containment(finer, stated=True)
    return Containment(outer, stated=True)


def _pair_tail(text: str, mentions: list[Mention], i: int, between: str, inner: str) -> bool:
    """True when mention i closes an "X, Y," pair the definition that follows is about; also
    without the second comma when Y is a state or a country ("Progress, Oregon is a
    neighborhood in Washington County": no state is a neighbourhood)."""
    return (i > 0 and (between.lstrip().startswith(",") or inner in ("admin1", "country"))
            and re.fullmatch(r"\s*,\s*", text[mentions[i - 1].end:mentions[i].start]) is not None)


def _state_named(text: str, mentions: list[Mention], best: dict[int, list[Ranked]], j: int,
                 district: Candidate) -> bool:
    """True when the sentence goes on to name the state the district was read in."""
    for k in range(j + 1, min(j + 4, len(mentions))):
        if _SENTENCE_END.search(text[mentions[j].end:mentions[k].start]):
            return False
        top = best[k][0].candidate if best.get(k) else None
        if (top is not None and top.level == "admin1" and top.country_code == district.country_code
                and top.admin1_code == district.admin1_code):
            return True
    return False


def _lone_pair(text: str, mentions: list[Mention], own: list[Ranked], i: int, j: int,
               outer: Candidate) -> bool:
    """True when "X, Y" stands alone with Y a state or district ("a Bradford, Ontario court")
    and X has no reading of its own name in Y's country: an address, so X is in Y even when the
    gazetteer lacks it there. Not when the pair is part of a longer list ("Kirkuk, Nineveh and
    Anbar") or X is a town of that country outside Y (two peers, not an address)."""
    if outer.level not in ("admin1", "admin2"):
        return False
    if j + 1 < len(mentions) and LIST_GAP.match(text[mentions[j].end:mentions[j + 1].start]):
        return False
    if i > 0 and LIST_GAP.match(text[mentions[i - 1].end:mentions[i].start]):
        return False
    return not any(r.similarity >= 0.95 and r.candidate.country_code == outer.country_code
                   for r in own)


def holds_exact(outer: Candidate, readings: list[Ranked]) -> bool:
    """True when one of a name's exact readings lies inside ``outer``, a level below it."""
    rank_outer = LEVEL_RANK.get(outer.level, 0)
    return any(r.similarity == 1.0 and LEVEL_RANK.get(r.candidate.level, 0) < rank_outer
               and _inside(r.candidate, outer) for r in readings[:MAX_CANDIDATES])


def lacks(chosen: Ranked | None, outer: Candidate) -> bool:
    """True when the reading chosen for a name is not inside the place the text puts it in."""
    if outer.level not in WITHIN_KM:
        return False  # a country or a world region is too coarse to place a town at
    if chosen is None:
        return True
    c = chosen.candidate
    # What lies in a district cannot be a state or a country ("Panama is a village in
    # Chautauqua County"): a reading as coarse as its container is as wrong as one outside it.
    level, outer_level = LEVEL_RANK.get(c.level, 0), LEVEL_RANK.get(outer.level, 0)
    if level >= outer_level:
        if level == outer_level == LEVEL_RANK["city"]:
            return not beside(c, outer)  # "a suburb of Wolverhampton" is beside it
        return level > LEVEL_RANK["city"]
    return not _inside(c, outer)
