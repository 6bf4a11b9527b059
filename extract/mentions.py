"""Text -> place mentions: spaCy NER plus the cues a reader uses when NER is wrong.

The small English model calls "Anna" a PERSON, "Rawa" an ORG, "Daesh" a GPE and misses
"Hawija" altogether. A reader knows better from context: "the town of Anna", "Hawija province",
a dateline ("AL-SAGARA, Iraq:"), or the same name tagged as a place elsewhere in the article.
Those cues, and a guard list of armed groups and media, decide what is a place mention here;
resolution (``extract.resolve``) decides where it is.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_STOP, LENGTH, POS, SENT_START, SPACY
from spacy.parts_of_speech import IDS
from spacy.tokens import Doc

import settings
from extract.coordinates import find_coordinates, point_after
from extract.nlp import text_of
from gazetteer.normalize import fold, name_key

DATA = Path(settings.ROOT) / "data"

PLACE_LABELS = {"GPE", "LOC"}
# Entities the small model mislabels places as; they become places only with a cue.
MAYBE_LABELS = {"PERSON", "ORG", "FAC", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW",
                "LANGUAGE"}  # "the nearby town of Chuhuiv" LANGUAGE

# A municipality is a town with its surroundings (Philippines, Latin America, Spain, Brazil):
# its point is its seat, so it counts as a settlement; so does a township (Myanmar's bear their
# town's name).
_SETTLEMENT = (r"(?:town|towns|city|cities|village|villages|hamlet|suburb|neighbou?rhood|district|"
               r"districts|port|camp|oasis|settlement|capital|border town|border city|"
               r"municipality|municipalities|township)")
# Nigeria's local government areas ("Batsari LGA", "Maru local government area") are districts,
# South Asia's tehsils, talukas and upazilas ("Khar tehsil") their parts.
_REGION = r"(?:province|provinces|governorate|region|state|county|parish|prefecture|department|oblast|regency|local government area|LGA|tehsil|taluka|upazila|valley|desert|island|islands)"
# What a town has: "the streets of Gao", "the mayor of Kharkiv", "the outskirts of Goma",
# "residents of Damboa"
_OF_TOWN = ("outskirts", "streets", "suburbs", "centre", "center", "mayor", "area", "areas",
            "countryside", "residents", "inhabitants", "villagers")
# "the town of X", "the village of X", "the province of X"
_CUE_BEFORE = re.compile(rf"\b(?P<kind>{_SETTLEMENT}|{_REGION}|{'|'.join(_OF_TOWN)})\s+of\s+$",
                         re.I)
# A kind in the plural before a list: each of its names is one
_PLURAL_CUE = re.compile(r"\b(?:towns|villages|cities|districts|provinces|municipalities|"
                         r"camps|islands)\s+of\s+$", re.I)
# Kind words a named unit has ("Wayanad district", lower case): what follows "of" holds it
_UNIT_KINDS = frozenset({"district", "province", "region", "county", "state", "department",
                         "governorate", "prefecture", "oblast", "municipality", "township",
                         "parish", "regency"})
# A name right before the kind word: "Wayanad district of", "the Karrada district of" (not a
# determiner: "The village of")
_NAMED_UNIT = re.compile(r"(?<![.!?]\s)\b([A-Z][\w'’.-]+)\s+$")
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "its", "his", "her", "their", "our",
                          "one", "another", "each", "every", "which", "whose"})
# "X province", "X governorate", "X district", "Zamzam displacement camp" (what follows the name)
_CUE_AFTER = re.compile(
    rf"^\s*(?:(?:refugee|displacement|IDP|displaced persons)\s+(?=camp))?(?P<kind>{_REGION}|"
    rf"{_SETTLEMENT})\b", re.I)
# "X is a census-designated place in ...", "X (pronunciation) is the capital of ...", "X is
# the county seat of ..." (a town): the sentence that defines a place (encyclopaedias,
# gazetteers, backgrounders in news).
_IS_A = re.compile(
    r"^\s*(?:/[^/\n]{1,60}/\s*)?(?:\([^()\n]{0,160}\)\s*)?,?\s*(?:is|was)\s+(?:a|an|the)\s+"
    r"(?:[\w\-]+\s+(?:and\s+(?:the\s+)?)?){0,4}?"
    r"(?P<kind>(?:county|parish|shire)\s+(?:seat|town)|town|city|village|hamlet|municipality|"
    r"community|place|borough|township|suburb|"
    r"neighbou?rhood|locality|settlement|capital|port|province|region|state|county|department|"
    r"governorate|prefecture)\b", re.I)
# "Progress, Oregon is a neighborhood in ...": the definition after a name and its state or
# country is the first name's
_PAIR_HEAD = re.compile(r"[A-Z][\w'’.\-]*,[ \t]*$")
_PAIR_TAIL = re.compile(
    r"^(?:,[ \t]*[A-Z][\w'’.\-]*(?:[ \t]+[A-Z][\w'’.\-]*){0,3}){1,2}(?=\s+(?:is|was)\b)")
# "Mahaday, a town 100 km north of Mogadishu", "X, a village in Y", "Lashkar Gah, the capital
# of Helmand province", "Kunduz, the provincial capital,": the kind word then where it is (not
# "Smith, a village elder", "Jones, the town clerk", "Ali, the capital's governor")
_APPOSITIVE = re.compile(
    r"^\s*,\s*(?:a|an|the)\s+(?:[\w\-]+\s+){0,2}?(?P<kind>town|city|village|hamlet|district|"
    r"settlement|suburb|province|region|capital|headquarters)(?:\s+(?:\d|in\b|on\b|near\b|of\b|"
    r"about\b|some\b|(?:north|south|east|west)\w*\b|located\b|close\b)|(?<=capital)\s*[,;.])", re.I)
# "Sake, 25 km west of Goma": a name placed by a distance and a bearing from another
_OFFSET_AFTER = re.compile(
    r"^\s*,\s*(?:about|some|around|roughly|nearly|just|only|over|under|less than|more than)?\s*"
    r"\d[\d,.]*\s*(?:km|kilomet(?:re|er)s?|miles?|mi)\s+(?:\(\d[^)]{0,20}\)\s+)?"
    r"(?:(?:north|south)(?:-?(?:east|west))?|east|west)(?:ern)?\s+of\b", re.I)
# ... but not a road, a river or a station placed so ("the Hume Highway, 356 km north-east of")
_FEATURE_WORD = re.compile(r"\b(?:Highway|Road|Railroad|Railway|Interstate|Trunk|River|Creek|"
                           r"Brook|Lake|Station|Seat|Bridge|Canal|Dam|Airport)\b")
# A building's name is no town's ("near Franklin and Kennedy Elementary Schools")
_BUILDING = re.compile(r"\b(?:Schools?|Hospitals?|University|College|Church|Mosque|Temple|"
                       r"Market|Hotel|Stadium|Prison|Hall|Center|Centre|Building|Tower)\b")
# Australia's local government areas are shires and councils the gazetteer lacks, not Nigeria's
# named after their seats ("Batsari LGA")
_COUNCIL = re.compile(r"\b(?:Shire|Council|City|Municipality|Region)\b")
_BORDER_AFTER = re.compile(r"\s+border\b")
# "Culiacan, the capital of Sinaloa": a state or a country holds a capital, a town does not
# (but "in the capital of Pyongyang" names the capital: see resolve.own_score)
_CAPITAL_OF = re.compile(r"\bcapital\s+of\s+$", re.I)
# "the North Kivu capital Goma", "the regional capital, Belgorod": the name is a town
_CAPITAL_NAMED = re.compile(r"\b(?:the|its|a)\s+(?:[\w'’-]+\s+){0,3}capital,?\s+$")
_BORDER_WITH = re.compile(r"\b(?:border|frontier)\s+with\s+(?:neighbou?ring\s+)?$", re.I)
# A kind word in the plural after a list: "Bokkos and Barkin Ladi areas", "Kibera and Mathare
# slums", "Adams and Weld counties" (each name is one)
_PLURAL_KIND = re.compile(r"\s+(?:(?P<region>counties|provinces|states|regions|governorates|LGAs|"
                          r"local government areas)|(?P<town>towns|villages|districts|slums|"
                          r"camps|townships|areas))\b", re.I)
_CONJ_END = re.compile(r"\s+(?:and|or|&)$")
# A preposition NER ran into a name ("the town of Macomia in" WORK_OF_ART, before "Cabo
# Delgado"), or the place that holds the name ("Seytenga in Burkina Faso's" ORG)
_IN_END = re.compile(r"\s+(?:in|at|near|on)$")
_IN_INSIDE = re.compile(r"\s+in\s+(?=[A-Z])")
# A kind word in lower case NER took into the name ("Salahuddin province" GPE): the name ends
# before it, and the word is its cue (a capitalised one may be the name's own: "Kirkuk
# Governorate", "Quezon City"; and a county's is: the gazetteer has "Lincoln County")
_KIND_END = re.compile(rf"(?<=\w)\s+(?!county|counties|parish)(?:{_REGION}|{_SETTLEMENT})$")
# "Kherson's Dniprovskyi" (ORG): a town, then a part of it
_POSSESSIVE_INSIDE = re.compile(r"['’]s\s+(?=[A-Z])")
_OPENING_QUOTES = frozenset({'"', "“", "'", "‘", "«"})
_IN_OR_OF = re.compile(r"(?:\b(?:in|near|across|of)|['’]s)\s+$", re.I)
_THE_BEFORE = re.compile(r"\bthe\s+$", re.I)
# a list around a name: "Zambia, Malawi, and Mozambique"
_LIST_AROUND = re.compile(r"(?:,|\band)\s*$|^\s*(?:,|and\b)")
# A name that carries its own kind word ("Jefferson Parish"); not "State" ("Islamic State")
# nor "Department" ("Police Department").
_OWN_KIND = re.compile(r"\S\s+(?:Province|Governorate|County|Parish|Prefecture|Oblast|LGA)$")
# What stands between two names of a list ("A, B", "A and B", "A; B"); also extract.containment's.
LIST_GAP = re.compile(r"^\s*(?:,|;|,?\s*(?:and|or|&))\s*$")
# The small word inside a name: "Mocimboa da Praia", "Rio de Janeiro"
_NAME_JOIN = re.compile(r"^\s(?:da|das|de|del|do|dos|di|du|des)\s$")
# a dash between spaces parts a list too: "Barra de Navidad - Puerto Vallarta"
_LIST_COMMA = re.compile(r"\s*,\s*|\s+[-–—]\s+")
_LIST_AND = re.compile(r"\s*,\s*|\s+[-–—]\s+|\s+and\s+")
# Entities that are no names: "in 1694, King William" is no list after "in"
_NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
# A capitalised word starting what NER calls a number or a date: maybe a name after all
_NAME_IN_NUMBERS = re.compile(r"(?:the\s+)?[A-Z]")
# Labels the small model gives places by mistake but never to a list of people or companies.
_ODD_LABELS = {"WORK_OF_ART", "EVENT", "PRODUCT", "LAW", "NORP"}
# Codes, not names: "M23" (an armed group), "MH17", "S-400".
_CODE = re.compile(r"^[A-Z]{1,3}-?\d+$")
# Verbs of war whose object is a place ("retook Tikrit", "shelled Ras al-Ain", "fled Kidal")
_TAKEN = (r"retook|recaptured|captured|seized|liberated|shelled|bombed|stormed|besieged|overran|"
          r"raided|fled")
# "in northern Mali", "across central Somalia": a direction between the word and the name
_DIRECTION = r"(?:(?:the\s+)?(?:far\s+)?(?:(?:north|south)(?:east|west)?|east|west|central)(?:ern)?\s+)?"
# "in X", "near X", "north of X" only promote a name the gazetteer knows
_WEAK_BEFORE = re.compile(
    rf"\b(?:(?:in|near|outside|around|from|to|at|into|toward|towards|across|between)\s+{_DIRECTION}|"
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest|northern|southern|eastern|"
    rf"western)(?:ern)?\s+of\s+|(?:{_TAKEN})\s+)$",
    re.I,
)
# What armed attacks do to places ("airstrikes hit Maarat al-Numan"): a cue before a name
# spelt like one of the article's towns only, since persons are hit and attacked too
_STRUCK = r"hit|struck|attacked|pounded|targeted|bombarded|entered|reached"
# What makes a name a place even when the gazetteer has it only in another spelling (not a
# bare "in": "in Latin", "in Company")
# ... and the nouns of those deeds: "Turkish shelling of Ras al-Ain", "the siege of Mariupol"
_SIEGE_NOUNS = (r"(?:shelling|bombardment|bombing|siege|recapture|liberation|encirclement)\s+"
                r"(?:of|on)")
_STRONG_BEFORE = re.compile(
    rf"\b(?:near|outside|around|towards?|(?:north|south|east|west)\w*\s+of|{_TAKEN}|{_STRUCK}|"
    rf"{_SIEGE_NOUNS})\s+$", re.I)
_TAKEN_BEFORE = re.compile(rf"\b(?:{_TAKEN})\s+$", re.I)
# What is done to towns, not to people ("raided Tulkarem", "entered Tel Abyad", "shelled
# Ras al-Ain"; not "captured", "seized", "attacked", which persons are too)
_SIEGE_BEFORE = re.compile(r"\b(?:retook|recaptured|liberated|shelled|bombed|stormed|besieged|"
                           rf"overran|raided|entered|pounded|bombarded|encircled|{_SIEGE_NOUNS})\s+$",
                           re.I)
# Where people go ("Zelensky visited Kharkiv", "fighters were deployed to Mariupol")
_VISITED = (r"visited|toured|(?:deployed|sent|travell?ed|returned|flew|headed|redeployed|"
            r"evacuated|transferred)\s+(?:back\s+)?to")
# not "at" ("at Google in London"); "residents of Aguililla in Michoacan"
# "airstrikes on Kyaukme and Hsipaw in northern Shan State"
_IN_BEFORE = re.compile(r"\b(?:in|near|(?:residents|inhabitants|villagers)\s+of|(?:air\s?strikes?|"
                        r"air\s?raids?|drone strikes?|shelling|bombardment)\s+(?:on|of))\s+$",
                        re.I)
# "captured Paletwa in Chin State": what follows a taken town's name
_IN_AFTER = re.compile(r"\s*,?\s+in\s+(?:the\s+)?(?:(?:north|south|east|west|central)\w*\s+)?",
                       re.I)
_COMMA_AFTER = re.compile(r"\s*,\s*")
_POSSESSIVE_AFTER = re.compile(r"['’]s?\b")
# A part of a town after its possessive: "Quetta's Satellite Town", "Kabul's western outskirts"
_PART_AFTER = re.compile(r"['’]s\s+(?:[A-Z]|(?:(?:north|south|east|west|central)\w*\s+)?"
                         r"(?:outskirts|suburbs?|districts?|neighbou?rhoods?|quarters?|"
                         r"old city|centre|center|province|region)\b)")
# Where a well-known place's name stands ("fighting in Mariupol", "shelled Donetsk", "missiles
# struck Kharkiv", "Zelensky visited Kharkiv", "60 km west of El Fasher"): before a big city's
# or a state's name only, since persons are hit, visited and sent to people too; not a bare
# "to", "from", "at", which persons follow as often ("a letter from Lincoln"); after a unit
# word and a comma, the region that holds it ("in Nduga regency, Papua").
_PLACE_BEFORE = re.compile(
    rf"\b(?:(?:in|near|outside|around|towards?|into|across|between)\s+{_DIRECTION}|"
    r"(?:province|region|regency|district|county|state|department|governorate|prefecture),\s+|"
    r"\d[\d,.]*\s*(?:km|kilomet(?:re|er)s?|miles?)\s+(?:north|south|east|west)\w*\s+of\s+|"
    # where fire comes from and people flee ("launched drones from Hodeidah", "fled from Goma")
    r"(?:fired|launched)\s+(?:[\w-]+\s+){0,3}?from\s+|(?:withdrew|retreated|evacuated|expelled|"
    r"driven\s+out|pushed\s+out)\s+(?:from|of)\s+|"
    rf"(?:{_TAKEN}|{_STRUCK}|{_VISITED})\s+(?:from\s+)?)$", re.I)
_AT_BEFORE = re.compile(r"\b(?:in|at|from|near|outside|(?:residents|inhabitants|people|governor|"
                        r"mayor|authorities|officials)\s+of)\s+$", re.I)
# A saint's name, which his church's name starts with: "St Botolph's Church"
_SAINT = re.compile(r"(?:St\.?|Saint)\s")
# A wire-report dateline at the start of a line: "AL-SAGARA, Iraq:" / "BAGHDAD (Reuters) -"
# ... and with the day between, as Reuters and AP write it: "OUAGADOUGOU, June 12 (Reuters) -",
# "GOMA, Democratic Republic of Congo, Oct. 20 -", "KYIV, May 11, 2024 —"
_DATELINE_DAY = (r"(?:,\s*(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
                 r"\s+[0-3]?\d(?:,\s*(?:19|20)\d\d)?)?")
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.\- ]{1,40}[A-Z])(?:,\s*(?P<region>[A-Z][A-Za-z .'’\-]{1,40}?))?"
    rf"{_DATELINE_DAY}\s*(?:\([A-Za-z .]+\))?\s*(?::|—|–|--|-\s)",
    re.M,
)
# ... as local papers write it: "Lafayette —", "Fort Worth, Texas —" (a dash only: "Update:"
# is a heading); a place only when the gazetteer has the name
_TITLE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][a-z'’]+(?:[ \-][A-Z][a-z'’]+){0,3})"
    r"(?:,[ \t]*(?P<region>[A-Z][A-Za-z.'’]*(?:[ \t][A-Z][A-Za-z.'’]*){0,2}?))?"
    r"[ \t]*(?:\([A-Za-z .]+\))?[ \t]*(?:—|–|--)[ \t]", re.M)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
# "Marburg virus", "West Nile fever": the disease, not the place
# "Zika virus", "Rift Valley fever": a disease named after a place ("the United States flu
# season" is a season there)
_NOT_PLACE_AFTER = re.compile(r"^[\s-]*(?:virus|viruses|fever|disease|ebolavirus|flu|influenza|"
                              r"strain|outbreak strain)\b(?!\s+season)", re.I)
_SPEECH_AFTER = re.compile(r"^\s*(?:said|says|told|added|explained|wrote|noted|asked)\b")
# Local news names people by their town: "a Columbus man", "the Whitehall woman", "a Lakeland
# couple" (a town the gazetteer has, not "a Black man", "a Christian woman")
_RESIDENT = re.compile(r"\s+(?:man|woman|men|women|boys?|girls?|teens?|teenagers?|residents?|"
                       r"couples?|natives?|family|families|motorists?|drivers?)\b")
# ... and its police and officials by their town: "Lafayette police said", "Nixa officials"
# (not "State police", "Border Police": no town the gazetteer has in the article's countries)
_LOCAL_BODY = re.compile(r"\s+(?:police|sheriff|firefighters|fire officials|officials|"
                         r"authorities|city council|council members|mayor)\b")
_A_BEFORE = re.compile(r"\b(?:a|an|the|two|three|four)\s+$", re.I)
_NOT_TOWNS_OF_PEOPLE = frozenset({"black", "white", "brown", "asian", "hispanic", "latino",
                                  "latina", "native", "christian", "muslim", "jewish", "catholic",
                                  "good", "young", "old", "local"})
_CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december", "monday", "tuesday", "wednesday",
             "thursday", "friday", "saturday", "sunday"}
_LEADING_THE = re.compile(r"^(?:(?:the|The|THE)\s+)?(?:(?P<kind>City|Town|Village|Province|State|County|"
                          r"Municipality|Governorate|Prefecture) of\s+)?")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    source: str            # 'ner', 'cue', 'dateline', 'propagated', 'gazetteer'
    label: str = ""        # the NER label, when there was one
    # 'settlement' or 'region' when a cue says so; 'the' after "the"; 'directed' after a
    # bearing ("southern Idlib")
    kind: str | None = None
    unit: str = ""  # the unit word after a region's name ("oblast" in "Kyiv oblast")
    stands_for: str = ""  # the state an abbreviation names ("Oklahoma" for "Okla.")

    @functools.cached_property
    def key(self) -> str:
        # cached: resolution compares every mention's key with every other's
        return name_key(self.text)


@functools.lru_cache(maxsize=1)
def _actor_aliases() -> dict:
    """data/actor_aliases.json (extract.events' actors), read once for both lists below."""
    return json.loads((DATA / "actor_aliases.json").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def not_places() -> frozenset[str]:
    """data/not_places.txt, and the nouns for armed men and the people they hurt that
    extract.events reads as actors ("Gunmen attacked Solhan": NER calls "Gunmen" a GPE)."""
    lines = (DATA / "not_places.txt").read_text(encoding="utf-8").splitlines()
    actors = _actor_aliases()
    nouns = [alias for group in ("state_forces", "generic")
             for kind in actors[group].values() if isinstance(kind, dict)
             for alias in kind.get("aliases", ())]
    return frozenset(fold(line) for line in lines + nouns
                     if line.strip() and not line.startswith("#"))


@functools.lru_cache(maxsize=1)
def group_names() -> re.Pattern:
    """Armed groups' names that hold a place's ("Islamic State of Iraq and the Levant",
    "Al-Qaeda in the Arabian Peninsula", "Islamic State Khorasan Province"), from the actor
    aliases of data/actor_aliases.json: a place inside one is not a place mentioned."""
    actors = _actor_aliases()["actors"]
    aliases = {a for actor in actors for a in actor.get("aliases", ()) if " " in a}
    # as written, or with the first letter's case changed ("al-Qaeda", "Al-Qaeda"): matching
    # without case costs four times as much, over every article
    names = sorted(aliases | {a[0].swapcase() + a[1:] for a in aliases}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


@functools.lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    out = {}
    for line in (DATA / "demonyms.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, code = line.split("\t")[:2]
            out[fold(word)] = code
            out[fold(word) + "s"] = code  # "Iraqis", "Syrians"
    return out


def _kind(word: str) -> str:
    return "region" if re.fullmatch(_REGION, word, re.I) else "settlement"


def _clean(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Character span of ``text`` without a leading 'the', a possessive or edge punctuation."""
    text = text[start:end]
    m = _LEADING_THE.match(text)
    if m and m.end() < len(text):
        start += m.end()
        text = text[m.end():]
    pm = _POSSESSIVE.search(text)
    if pm and len(text) > len(pm.group()):
        end -= len(pm.group())
        text = text[: -len(pm.group())]
    while text and not text[-1].isalnum():
        end -= 1
        text = text[:-1]
    while text and not text[0].isalnum():
        start += 1
        text = text[1:]
    return (start, end) if text else None


# A word with an apostrophe inside, which spaCy keeps whole: "Sawma'a", "Ma'arrat"
_APOSTROPHED = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)+")
_NAME_POS = frozenset(IDS[p] for p in ("PROPN", "NOUN", "X"))
# Token attributes read as one array: building a Token object per word cost more than the rest
# of this pass
_RUN_ATTRS = [IDX, LENGTH, IS_ALPHA, IS_PUNCT, IS_STOP, POS, SENT_START, SPACY]


def _proper_runs(doc: Doc, taken: list[tuple[int, int]],
                 is_name: Callable[[str], bool] | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of runs of capitalised tokens outside any entity: names NER
    missed ("Hawija"). ``is_name(word)``: the gazetteer has a place of that name."""
    runs: list[tuple[int, int]] = []
    start = end = -1  # the current run's offsets; -1: no run
    occupied = set()
    for s, e in taken:
        occupied.update(range(s, e))
    text = text_of(doc)
    worded = False  # a word (not an opening quote) has been seen in this sentence
    for i, (idx, length, alpha, punct, stop, pos, sent_start, space) in enumerate(
            doc.to_array(_RUN_ATTRS).tolist()):
        word = text[idx:idx + length]
        worded = worded and not (sent_start == 1 or i == 0)
        opens, worded = not worded, worded or not punct
        capital = word[:1].isupper() and (alpha or _APOSTROPHED.fullmatch(word) is not None) or (
            start >= 0 and word in ("-", "'", "’") and not space) or (
            # a particle between hyphens: "Port-au-Prince", "Croix-des-Bouquets"
            start >= 0 and alpha and not space and text[idx - 1:idx] == "-"
            and text[idx + length:idx + length + 1] == "-" and length <= 3)
        # A sentence's first word is capitalised whatever it is: a name only if tagged one,
        # a place's or said to be a place ('"The village of', "Entire villages", "Numerous
        # cities" are none; "Reading" is a town, "Poling is a village" one, whatever the
        # tagger calls the word)
        common = capital and opens and start < 0 and (
            stop or pos not in _NAME_POS
            and not (is_name is None or is_name(word))
            and not _IS_A.match(text[idx + length:idx + 260]))
        if capital and idx not in occupied and not common:
            start = idx if start < 0 else start
            end = idx + length
        else:
            if start >= 0:
                runs.append((start, end))
            start = -1
    if start >= 0:
        runs.append((start, end))
    return runs


def find_mentions(
    doc: Doc,
    known: Callable[[str, int], bool] | None = None,
    org_places: Callable[[str], list[tuple[int, int]]] | None = None,
    is_country: Callable[[str], bool] | None = None,
) -> tuple[list[Mention], list[tuple[str, float]]]:
    """Place mentions in ``doc`` and the country evidence it offers (demonyms, datelines).

    ``known(name, start)`` says whether the gazetteer has that name in the article's
    countries (or a country named just before ``start``: "into Chad, where camps around Adre"); a
    PERSON/ORG span it knows (or a capitalised word it knows after "in", "near" ...) becomes a
    place. ``org_places(text)`` gives the (start, end) offsets of the country or state names an
    organisation's name holds ("U.S. Centers ...", "California Department of Health",
    "Children's Hospital of Pittsburgh"); ``is_country(text)`` whether a whole span is a
    country's name (the small model calls "Botswana" and "Malawi" PERSON in lists).
    Returns (mentions sorted by offset, [(country or admin1 code, weight)]).
    """
    return MentionFinder(doc, org_places, is_country).mentions(known)


def _joined(text: str, candidates: list[tuple[int, int, str]],
            is_name: Callable[[str], bool] | None) -> list[tuple[int, int, str]]:
    """Candidates with a capitalised word NER left out of the next name joined to it when the
    gazetteer has the whole ("Debre" + "Markos" PERSON: Debre Mark'os, Ethiopia)."""
    if is_name is None:
        return candidates
    out: list[tuple[int, int, str]] = []
    for start, end, label in candidates:
        if out and not out[-1][2] and label not in _NOT_NAMES and text[out[-1][1]:start] == " " \
                and is_name(text[out[-1][0]:end]):
            out[-1] = (out[-1][0], end, label)
            continue
        out.append((start, end, label))
    return out


def _list_parts(text: str, and_too: bool) -> list[tuple[int, int]]:
    """(start, end) of each item of a list written as one span: "A, B" (and "A and B")."""
    out, start = [], 0
    for sep in (_LIST_AND if and_too else _LIST_COMMA).finditer(text):
        if sep.start() > start:
            out.append((start, sep.start()))
        start = sep.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


# The rest of a hyphenated name after its first part: "-des-Bouquets", "-sur-Mer", "-Bissau"
_HYPHEN_TAIL = re.compile(r"(?:[\-‐][\w'’]+)+(?![\w\-‐])")


def _hyphen_end(text: str, start: int, end: int, is_name: Callable[[str], bool] | None) -> int:
    """Where a name NER cut at a hyphen ends: "Croix" of "Croix-des-Bouquets" is tagged a
    person; the whole is taken when the gazetteer has it ("Iraq-Syria" stays two names)."""
    tail = _HYPHEN_TAIL.match(text, end)
    if tail and is_name and is_name(text[start:tail.end()]):
        return tail.end()
    return end


def _in_place(found: dict[tuple[int, int], Mention], text: str, end: int) -> bool:
    """Whether a place mention follows the name after "in" ("Paletwa in Chin State"), or a
    region said to be one after a comma ("Dankar, Batsari LGA")."""
    after = _IN_AFTER.match(text, end)
    if after is not None and any(s == after.end() for s, _ in found):
        return True
    comma = _COMMA_AFTER.match(text, end)
    return comma is not None and any(s == comma.end() and m.kind == "region"
                                     for (s, _), m in found.items())


def _a_town_by_its_place(found: dict[tuple[int, int], Mention], text: str, u: _Unlabelled,
                         tail: int) -> bool:
    """"raided Mocimboa da Praia and Palma", "captured Paletwa in Chin State", "a base in Bulo
    Marer in Lower Shabelle": what is taken beside or in a place, or is in a place, is a town,
    one the gazetteer may lack (placed by what the text says of it). ``tail``: where the
    list the name stands in ends ("Kyaukme and Hsipaw in northern Shan State")."""
    # the cues before the name first: they are cheap, and most names have none
    if u.cued(_TAKEN_BEFORE):
        return (_in_place(found, text, u.span[1]) or _in_place(found, text, tail)
                or _beside_place(found, text, u.span))
    if u.label in ("", "PERSON", "ORG") and u.cued(_STRONG_BEFORE) and not _BUILDING.search(
            u.name) and _beside_place(found, text, u.span):
        return True  # "shelled villages around Tal Tamr and Ain Issa": listed with a town
    return u.label in ("", "PERSON", "FAC", "ORG", "PRODUCT") and u.cued(_IN_BEFORE) and (
        _in_place(found, text, u.span[1]) or _in_place(found, text, tail))


def _beside_place(found: dict[tuple[int, int], Mention], text: str, span: tuple[int, int]) -> bool:
    """Whether the span stands next to a place mention in a list ("X, Y and Z")."""
    s, e = span
    for (os_, oe) in found:
        if 0 <= s - oe <= 8 and LIST_GAP.match(text[oe:s]):
            return True
        if 0 <= os_ - e <= 8 and LIST_GAP.match(text[e:os_]):
            return True
    return False


class _Unlabelled:
    """A name NER gave no place label, with what the text says around it: read once for both
    of the geoparser's looks (:meth:`MentionFinder.mentions`); the cues before it only when
    asked, since most names stop at the first test."""

    def __init__(self, text: str, start: int, end: int, label: str, span: tuple[int, int],
                 lead: int):
        self.start, self.end, self.label, self.span = start, end, label, span
        self.name = name = text[span[0]:span[1]]
        self.key = name_key(name)
        self.single_word = " " not in name
        self.before = before = text[max(0, lead - 30):lead]
        by_town = (_RESIDENT.match(text, end) is not None and _A_BEFORE.search(before) is not None
                   or _LOCAL_BODY.match(text, end) is not None)
        self.townsman = by_town and fold(name) not in _NOT_TOWNS_OF_PEOPLE
        # "Dunn said" is a person ("officials in Lashkar Gah said" names a place)
        self.speaker = (_SPEECH_AFTER.match(text[end:end + 12]) is not None
                        and not _AT_BEFORE.search(before))
        self._cued: dict[re.Pattern, bool] = {}

    def cued(self, before: re.Pattern) -> bool:
        """Whether the text before the name ends in this cue (searched once per cue)."""
        found = self._cued.get(before)
        if found is None:
            found = self._cued[before] = before.search(self.before) is not None
        return found


class MentionFinder:
    """:func:`find_mentions` in two steps: everything that does not depend on ``known`` is
    done once, so the geoparser's second look (with the article's countries) redoes only the
    last step."""

    def __init__(self, doc: Doc, org_places: Callable[[str], list[tuple[int, int]]] | None = None,
                 is_country: Callable[[str], bool] | None = None,
                 is_name: Callable[[str], bool] | None = None,
                 renowned: Callable[[str], bool] | None = None):
        self.text = text = text_of(doc)
        self._org_places = org_places
        self._is_country = is_country
        self._is_name = is_name
        self._blocked = blocked = not_places()
        self._groups = [(m.start(), m.end()) for m in group_names().finditer(text)]
        self._demonym = demonym = demonyms()
        self._found: dict[tuple[int, int], Mention] = {}
        self.evidence: list[tuple[str, float]] = []
        add = self._add

        # Datelines first: they are the strongest location cue in a wire report.
        def dateline(m: re.Match, known: Callable[[str], bool]) -> None:
            add(self._found, m.start("place"), m.end("place"), "dateline", kind="settlement")
            if m.group("region") and known(m.group("region").rstrip(".")):
                add(self._found, m.start("region"), m.end("region"), "dateline")

        for m in _DATELINE.finditer(text):
            place = m.group("place").strip()
            if len(place) >= 3 and fold(place) not in blocked:
                dateline(m, lambda region: True)
        for m in _TITLE_DATELINE.finditer(text) if is_name else ():
            if fold(m.group("place")) not in blocked and is_name(m.group("place")):
                dateline(m, is_name)

        # coordinates written in the text; most articles give none: found once
        self.points = points = find_coordinates(text)

        spread_not: set[int] = set()  # names whose kind the list's word gave (cue_kind)

        def cue_kind(start: int, end: int, label: str = "") -> str | None:
            window = text[max(0, start - 40):start]
            if _CAPITAL_OF.search(window):
                name = text[start:end]
                return "country" if self._is_country and self._is_country(name) else "capital of"
            before = _CUE_BEFORE.search(window)
            named = before and before.group("kind") in _UNIT_KINDS and _NAMED_UNIT.search(
                window, 0, before.start())
            if named and fold(named.group(1)) not in demonym and not named.group(
                    1).isupper() and named.group(1).lower() not in _DETERMINERS:
                # "Wayanad district of Kerala": Kerala holds the district (not "the Mexican
                # state of Oaxaca", "the U.S. state of", "the Sovereign State of Durango"; nor
                # a town's kind: "the Red Sea city of Hodeidah")
                before = None
            if before:
                kind = before.group("kind").lower()
                if kind not in _OF_TOWN:
                    return _kind(kind.split()[-1])
                after = _CUE_AFTER.match(text[end:end + 30])
                # a town's part ("the centre of"), unless the name's own kind word says it is
                # a region's ("the center of Yunnan province")
                return _kind(after.group("kind")) if after else "settlement"
            if label == "NORP" and fold(text[start:end]) in demonym:
                return None  # "the Greek island of", "Iraqi city": an adjective, not a name
            if _CAPITAL_NAMED.search(window):
                return "settlement"
            after = _CUE_AFTER.match(text[end:end + 30])
            if after and not (after.group("kind").lower().startswith("local")
                              and _COUNCIL.search(text, start, end)):
                return _kind(after.group("kind"))
            if _BORDER_AFTER.match(text, end) and _THE_BEFORE.search(text[max(0, start - 5):start]):
                return "country"  # "near the Niger border": the country, not Nigeria's state
            if _BORDER_WITH.search(text, max(0, start - 30), start) and self._is_country and \
                    self._is_country(text[start:end]):
                return "country"  # "near the border with Niger"
            if _OWN_KIND.search(text[start:end]):
                return "region"  # "Jefferson Parish", "Kirkuk Governorate" tagged PERSON/ORG
            after = text[end:end + 260]
            defined = _IS_A.match(after) or _APPOSITIVE.match(after[:80])
            if not defined:
                pair = _PAIR_TAIL.match(after)
                defined = pair and _IS_A.match(after[pair.end():])
            if defined and _PAIR_HEAD.search(text[max(0, start - 40):start]):
                # "Progress, Oregon is a neighborhood", "Bagdad, Tamaulipas, Mexico was a
                # town": the first name is, not the state or the country after it
                defined = None
            if defined:
                return _kind(defined.group("kind"))
            tail, lead = self._tail.get(start, end), self._lead.get(start, start)
            plural = _PLURAL_KIND.match(text, tail) if tail != end or lead != start else None
            if plural and (_IN_OR_OF.search(text, max(0, lead - 12), lead) or plural.group(
                    "region") and (label in PLACE_LABELS
                                   or not _THE_BEFORE.search(text, max(0, lead - 5), lead))):
                # names in a place ("in Plateau State's Bokkos and Barkin Ladi areas"), not any
                # ("Smith and Jones areas of expertise", "the Fatimid and Mamluk states", unless
                # NER calls them places: "over the Bryansk and Kursk regions"); a guess from the
                # list's word, not said of the name wherever it stands
                spread_not.add(start)
                return "region" if plural.group("region") else "located"
            if point_after(text, end, points) or (
                    label in ("", "PERSON", "ORG") and _OFFSET_AFTER.match(text[end:end + 60])
                    and not _FEATURE_WORD.search(text, start, end)):
                return "located"  # no kind word, but a place: a point or an offset is given
            return None

        ents = doc.ents
        candidates: list[tuple[int, int, str]] = []
        taken: list[tuple[int, int]] = []
        for ent in ents:
            if ent.label_ == "NORP":
                code = demonym.get(fold(ent.text))
                if code:
                    self.evidence.append((code, 0.7))
            parts = _list_parts(ent.text, and_too=ent.label_ in _ODD_LABELS) \
                if ent.label_ in MAYBE_LABELS else []
            if len(parts) == 1 and is_name and " and " in ent.text and ent.label_ in MAYBE_LABELS:
                # "Qamishli and Kobani" (ORG): two places when each is a name, not a
                # company's ("Procter and Gamble") nor a country's ("Bosnia and Herzegovina")
                both = _list_parts(ent.text, and_too=True)
                if not is_name(ent.text) and all(is_name(ent.text[a:b]) for a, b in both):
                    parts = both
            if ent.label_ in MAYBE_LABELS and is_name and (
                    inside := _IN_INSIDE.search(ent.text)) and not is_name(ent.text) and \
                    text[ent.start_char - 1:ent.start_char] not in _OPENING_QUOTES:
                # (not a quoted title: the contest "America in Bloom")
                held = _POSSESSIVE.sub("", ent.text[inside.end():])
                a = ent.start_char
                owner = _POSSESSIVE_INSIDE.search(held)
                if is_name(held):  # "Seytenga in Burkina Faso's": two names
                    taken.append((a, ent.end_char))
                    candidates += [(a, a + inside.start(), ent.label_),
                                   (a + inside.end(), a + inside.end() + len(held), ent.label_)]
                    continue
                if owner and is_name(held[:owner.start()]) and is_name(held[owner.end():]):
                    # "Macomia in Mozambique's Cabo Delgado": three names
                    b = a + inside.end()
                    taken.append((a, ent.end_char))
                    candidates += [(a, a + inside.start(), ent.label_),
                                   (b, b + owner.start(), ent.label_),
                                   (b + owner.end(), b + len(held), ent.label_)]
                    continue
            if ent.label_ in MAYBE_LABELS and renowned and (
                    owner := _POSSESSIVE_INSIDE.search(ent.text)) and \
                    renowned(ent.text[:owner.start()]) and not is_name(ent.text) and \
                    not _FEATURE_WORD.search(ent.text, owner.end()) and \
                    not _BUILDING.search(ent.text, owner.end()):
                # (a big city's or a state's: "Young's Creek" and "Hudson's Bay Company" are
                # a person's)
                a = ent.start_char
                taken.append((a, ent.end_char))
                candidates += [(a, a + owner.start(), ent.label_),
                               (a + owner.end(), ent.end_char, ent.label_)]
                continue
            end = _hyphen_end(text, ent.start_char, ent.end_char, is_name)
            if conj := _CONJ_END.search(text, ent.start_char, end):
                end = conj.start()  # "Bokkos and" (ORG) before "Barkin Ladi": a list
            elif ent.label_ in MAYBE_LABELS and (prep := _IN_END.search(text, ent.start_char, end)):
                end = prep.start()  # "Macomia in" (WORK_OF_ART)
            elif (kind_word := _KIND_END.search(text, ent.start_char, end)) and \
                    text[kind_word.start() + 1:end].islower():
                end = kind_word.start()
            taken.append((ent.start_char, end))
            if len(parts) > 1:
                # "Vestfold, Buskerud" (ORG), "Kharkiv and Odesa" (WORK_OF_ART): names in a
                # list run together, each its own
                candidates += [(ent.start_char + a, ent.start_char + b, ent.label_)
                               for a, b in parts]
                continue
            candidates.append((ent.start_char, end, ent.label_))
        candidates += [(s, e, "") for s, e in _proper_runs(doc, taken, is_name)]

        self._place_keys: set[str] = set()
        self._deferred: list[tuple[int, int, str]] = []
        self._read: list[_Unlabelled] | None = None  # the deferred names, read on first use
        candidates = _joined(text, sorted(candidates), is_name)
        # Where the list a name stands in begins: "attacked Palma and Mocimboa da Praia" puts
        # both after "attacked"; so does "attacked Mocimboa da Praia and Palma", over the
        # name's parts (NER finds "Mocimboa" and "Praia").
        self._lead: dict[int, int] = {}
        for (ps, pe, plabel), (start, _, label) in zip(candidates, candidates[1:]):
            gap = text[pe:start]
            if (0 < start - pe <= 8 and (LIST_GAP.match(gap) or _NAME_JOIN.match(gap))
                    and plabel not in _NOT_NAMES and label not in _NOT_NAMES):
                self._lead[start] = self._lead.get(ps, ps)
        # ... and where it ends
        self._tail: dict[int, int] = {}
        for (ps, pe, _), (start, end, _) in zip(reversed(candidates[:-1]),
                                                reversed(candidates[1:])):
            if start in self._lead:
                self._tail[ps] = self._tail.get(start, end)
        for start, end, label in candidates:
            if label in _NOT_NAMES and not _NAME_IN_NUMBERS.match(text, start, end):
                continue  # "two", "5 March", "last week": no name (but "NSW" CARDINAL is one)
            kind = cue_kind(start, end, label)
            lead = self._lead.get(start)
            if not kind and lead is not None and _PLURAL_CUE.search(text, max(0, lead - 40), lead):
                kind = cue_kind(lead, lead, label)  # "the districts of Hays and Khokha"
            own_kind = _LEADING_THE.match(text[start:end]).group("kind")
            if label in PLACE_LABELS and own_kind and not kind:
                kind = _kind(own_kind)  # "the Province of Vallegrande" as one entity
            if label in PLACE_LABELS:
                add(self._found, start, end, "ner", label, kind)
            elif kind and (label in MAYBE_LABELS or not label):
                add(self._found, start, end, "cue", label, kind)
            else:
                self._deferred.append((start, end, label))
                continue
            span = _clean(text, start, end)
            if span and start not in spread_not:
                self._place_keys.add(name_key(text[span[0]:span[1]]))

        # Surnames: "Kevin Dunn ... Dunn said" is a person even where a town is called Dunn.
        self.surnames = frozenset(
            name_key(re.sub(r"['’]s$", "", ent.text.split()[-1])) for ent in ents
            if ent.label_ == "PERSON" and " " in ent.text.strip())

    def _add(self, found: dict[tuple[int, int], Mention], start: int, end: int, source: str,
             label: str = "", kind: str | None = None) -> None:
        text = self.text
        span = _clean(text, start, end)
        if span is None:
            return
        s, e = span
        surface = text[s:e]
        folded = fold(surface)
        if folded in self._blocked or not any(c.isupper() for c in surface) or _CODE.match(surface):
            return
        if any(gs <= s and e <= ge for gs, ge in self._groups):
            return  # "Iraq" in "the Islamic State of Iraq and the Levant"
        if folded in self._demonym and (label == "NORP" or not (
                self._is_country and self._is_country(surface))):
            # "Iraqi", "Lao"; but "Laos" is a country, not the plural of "Lao"; and "Saudi"
            # (an alternate name of the country) in "Saudi-led" is what NER calls it, an adjective
            return
        if _NOT_PLACE_AFTER.match(text[e:e + 25]) or folded in _CALENDAR:
            return
        if _SAINT.match(surface) and (after := _POSSESSIVE_AFTER.match(text, e)) and not (
                self._is_name and self._is_name(text[s:after.end()])):
            return  # "St Botolph's Church": a saint's building ("St. George's" is a town)
        for (os_, oe), m in list(found.items()):
            if os_ < e and s < oe:  # overlap: keep the first, richer source wins the cue
                if kind and not m.kind:
                    found[(os_, oe)] = Mention(m.start, m.end, m.text, m.source, m.label, kind)
                return
        if kind is None and _THE_BEFORE.search(text[max(0, s - 5):s]):
            kind = "the"  # "the Pacific", "the Nile": a sea or river before a namesake town
        found[(s, e)] = Mention(s, e, surface, source, label, kind)

    def _unlabelled(self) -> list[_Unlabelled]:
        if self._read is None:
            self._read = []
            for start, end, label in self._deferred:
                span = _clean(self.text, start, end)
                if span is not None:
                    self._read.append(_Unlabelled(self.text, start, end, label, span,
                                                  self._lead.get(start, start)))
        return self._read

    def _list_end(self, start: int, end: int, name: str) -> int:
        """Where the list the name stands in ends, for a name the gazetteer has (a list of
        venues ends "in Fullerton" too); else the name's own end."""
        tail = self._tail.get(start, end)
        return tail if tail == end or self._is_name and self._is_name(name) else end

    def mentions(self, known: Callable[[str, int], bool] | None = None,
                 prominent: Callable[[str], bool] | None = None,
                 resembles: Callable[[str], bool] | None = None,
                 renowned: Callable[[str], bool] | None = None,
                 ) -> tuple[list[Mention], list[tuple[str, float]]]:
        """(mentions sorted by offset, evidence), as :func:`find_mentions` returns them.
        ``prominent(name)``: the name is a big city or a state in the article's countries,
        a place whatever NER called it ("Omdurman" NORP). ``resembles(name)``: it is spelt
        like a town of those countries ("Ras al-Ain"), a place after a strong cue ("shelled
        Ras al-Ain", "towards Shirqat"). ``renowned(name)``: it is a big city's or a state's
        own name anywhere, a place after "in", "near" ... ("fighting in Mariupol", which NER
        calls an organisation) even before the article's countries are known."""
        text, found, org_places = self.text, dict(self._found), self._org_places
        # names a place found later in the loop may yet make towns ("Hsipaw in northern Shan
        # State", where NER called Shan State a person)
        later: list[_Unlabelled] = []
        # A name used as a place anywhere in the article is a place everywhere in it.
        for u in self._unlabelled():
            start, end, label, span, name = u.start, u.end, u.label, u.span, u.name
            if u.key in self._place_keys:
                self._add(found, start, end, "propagated", label)
            elif u.key in self.surnames:
                continue
            elif u.speaker:
                # "Dunn said" is a person ("officials in Lashkar Gah said", "authorities in
                # Lagos and Abuja said", "residents of Konduga and Bama said" name places);
                # "the New Zealand Department of Conservation said" still names New Zealand
                if label in ("ORG", "FAC") and org_places and " " in name:
                    for s, e in org_places(name):
                        self._add(found, span[0] + s, span[0] + e, "ner-prefix", label)
                continue
            elif self._is_country and self._is_country(name) and (
                    label != "PERSON" or _WEAK_BEFORE.search(text[max(0, start - 30):start])
                    or _LIST_AROUND.search(text[max(0, start - 6):start])
                    or _LIST_AROUND.match(text[end:end + 6])):
                # A country's name is a place whatever NER called it ("Botswana" PERSON,
                # "Mozambique" ORG in a list of countries); a person only said so.
                self._add(found, start, end, "country-name", label)
            elif known and (u.single_word and label in ("ORG", "FAC", "PERSON", "NORP")
                            or u.cued(_WEAK_BEFORE) or u.townsman
                            or label in ("ORG", "FAC") or _beside_place(found, text, span)
                            ) and known(name, start):
                # a name the gazetteer has in this article's countries, after "in" or in a
                # list of places ("Rogaland, Vestfold, Buskerud, Telemark")
                self._add(found, start, end, "gazetteer", label)
            elif prominent and label in MAYBE_LABELS and prominent(name):
                self._add(found, start, end, "gazetteer", label)
            elif resembles and u.cued(_STRONG_BEFORE) and resembles(name):
                self._add(found, start, end, "gazetteer", label)
            elif (self._is_name and label in ("", "PERSON", "ORG", "FAC", "NORP")
                  and u.cued(_SIEGE_BEFORE) and self._is_name(name)):
                # a town the gazetteer has anywhere: where in the world is resolution's to say
                self._add(found, start, end, "gazetteer", label)
            elif renowned and (u.cued(_PLACE_BEFORE) or u.townsman) and (
                    not _POSSESSIVE_AFTER.match(text[end:end + 3])
                    or u.cued(_IN_BEFORE) and _PART_AFTER.match(text, end)
                    ) and renowned(name):
                # "fighting in Mariupol", "missiles struck Kharkiv" (PERSON to the small model),
                # "in Quetta's Satellite Town" (not "attacked Paris Hilton's car", "in
                # Lincoln's time")
                self._add(found, start, end, "gazetteer", label)
            elif (renowned and not label and " " in name
                  and not _POSSESSIVE_AFTER.match(text[end:end + 3]) and renowned(name)):
                # a state's or a big city's whole name of several words that NER missed ("New
                # South Wales is the second"); NER calls most namesakes persons ("St Paul")
                self._add(found, start, end, "gazetteer", label)
            elif _a_town_by_its_place(found, text, u, self._list_end(start, end, name)):
                self._add(found, start, end, "cue", label, "settlement")
            elif label in ("ORG", "FAC") and org_places:
                # "U.S. Centers for Disease Control", "Kenya Medical Research Institute"
                for s, e in org_places(name):
                    self._add(found, span[0] + s, span[0] + e, "ner-prefix", label)
            elif _IN_AFTER.match(text, end) or _COMMA_AFTER.match(text, end) or (
                    self._tail.get(start, end) != end):
                later.append(u)
        for u in later:
            if known and _beside_place(found, text, u.span) and known(u.name, u.start):
                # listed before a place found after it ("Carlisle and Keswick were worst hit",
                # Carlisle untagged as a sentence's first word, Keswick a PERSON the gazetteer
                # has in the article's country)
                self._add(found, u.start, u.end, "gazetteer", u.label)
            elif _a_town_by_its_place(found, text, u, self._list_end(u.start, u.end, u.name)):
                self._add(found, u.start, u.end, "cue", u.label, "settlement")

        return sorted(found.values(), key=lambda m: m.start), list(self.evidence)
