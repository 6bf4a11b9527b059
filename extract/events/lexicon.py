"""The event lexicons: ACLED vocabulary, trigger words and actor aliases, read from ``data/``.

Everything here is loaded once per process (``functools.lru_cache``) and compiled into matchers
(trigger phrases: :class:`extract.events.matcher.StemMatcher`; actor aliases: spaCy
``PhraseMatcher``) once per ``Vocab``.

Trigger words are matched on a crude stem (:func:`stem`) rather than on ``token.lemma_``: the
project's pipeline excludes spaCy's lemmatizer for speed, so lemmas are empty at run time.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Token
from spacy.vocab import Vocab

from extract.events.matcher import StemMatcher

DATA = Path(__file__).resolve().parents[2] / "data"

# Irregular verb forms that suffix-stripping cannot reach.
_IRREGULAR = {
    "struck": "strike", "shot": "shoot", "took": "take", "taken": "take", "fell": "fall",
    "fallen": "fall", "blew": "blow", "blown": "blow", "held": "hold", "fought": "fight",
    "overran": "overrun", "retook": "retake", "retaken": "retake", "overtook": "overtake",
    "overtaken": "overtake", "undertook": "undertake", "shook": "shake", "swept": "sweep",
    "threw": "throw", "thrown": "throw", "burnt": "burn", "hurled": "hurl",
    "beat": "beat", "beaten": "beat", "stole": "steal", "stolen": "steal", "set": "set",
    "withdrew": "withdraw", "withdrawn": "withdraw", "dead": "dead", "died": "die", "dying": "die",
    "gunmen": "gunman", "policemen": "policeman", "women": "woman", "children": "child",
    "began": "begin", "begun": "begin", "led": "lead", "hit": "hit", "caught": "catch",
    "forbade": "forbid", "sought": "seek", "ran": "run", "men": "man",
}
_DOUBLE_OK = ("ll", "ss", "ff", "zz")


def stem(word: str) -> str:
    """A deterministic, rough stem used on both lexicon entries and tokens.

    >>> stem("liberated") == stem("liberate") == stem("liberating")
    True
    """
    w = word.lower().replace("’", "'")
    if w in _IRREGULAR:
        w = _IRREGULAR[w]
    elif len(w) > 4 and w.endswith(("ies", "ied")):
        w = w[:-3] + "y"
    elif len(w) > 4 and w.endswith(("sses", "ches", "shes", "xes", "zes")):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    suffix = False
    if len(w) > 5 and w.endswith("ing"):
        w, suffix = w[:-3], True
    elif len(w) > 4 and w.endswith("ed"):
        w, suffix = w[:-2], True
    if suffix and len(w) > 3 and w[-1] == w[-2] and w[-2:] not in _DOUBLE_OK:
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


def _token_stem(token: Token) -> str:
    return stem(token.text)


def ensure_extensions() -> None:
    if not Token.has_extension("cm_stem"):
        Token.set_extension("cm_stem", getter=_token_stem)


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return [row for row in csv.reader(lines, delimiter="\t")]


@dataclass(frozen=True)
class Trigger:
    phrase: str
    event_type: str
    sub_event_type: str
    priority: int
    flags: frozenset[str]
    applies_to: str | None = None

    @property
    def key(self) -> str:
        return f"{self.phrase}|{','.join(sorted(self.flags))}"


@dataclass(frozen=True)
class Vocabulary:
    event_types: dict
    disorder_overrides: dict
    inter: dict
    vague: dict
    unnumbered: dict
    major_cues: tuple[str, ...]
    background_days: int
    triggers: tuple[Trigger, ...]
    irrealis: frozenset[str]
    attackers: frozenset[str]
    actors: dict
    demonyms: dict
    place_nouns: frozenset[str] = frozenset()
    nonviolent: frozenset[str] = frozenset()

    def sub_types(self, event_type: str) -> list[str]:
        return self.event_types[event_type]["sub_event_types"]

    def disorder(self, event_type: str, sub_event_type: str) -> str:
        key = f"{event_type}/{sub_event_type}"
        return self.disorder_overrides.get(key, self.event_types[event_type]["disorder_type"])

    def actor_codes(self, code1: int | None, code2: int | None,
                    event_type: str | None) -> dict:
        """inter1, inter2, interaction and civilian_targeting of an event whose actors have
        inter codes ``code1`` and ``code2`` (None: unknown or no such actor)."""
        inter1, inter2 = self.inter.get(code1), self.inter.get(code2)
        if inter1 and inter2:
            pair = sorted([(code1, inter1), (code2, inter2)])
            interaction = f"{pair[0][1]}-{pair[1][1]}"
        else:
            interaction = f"{inter1} only" if inter1 else None
        return {"inter1": inter1, "inter2": inter2, "interaction": interaction,
                "civilian_targeting": event_type == "Violence against civilians"
                or inter2 == self.inter.get(7)}


class LexiconError(ValueError):
    """A data file in data/ is inconsistent; the message names the file and the row."""


def _load_demonyms() -> dict[str, str]:
    path = DATA / "demonyms.tsv"
    out: dict[str, str] = {}
    if path.exists():
        for row in _rows(path):
            # a people's adjective ('Kurdish') names no state's forces
            if len(row) >= 2 and len(row[1]) == 2 and row[2:3] != ["people"]:
                out[row[0].strip().lower()] = row[1].strip()
    return out


@functools.lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    voc = json.loads((DATA / "acled_vocabulary.json").read_text(encoding="utf-8"))
    triggers = []
    irrealis, attackers, place_nouns, nonviolent = set(), set(), set(), set()
    for row in _rows(DATA / "event_triggers.tsv"):
        row += [""] * (6 - len(row))
        phrase, etype, sub, prio, flags, applies = (c.strip() for c in row[:6])
        flagset = frozenset(f for f in flags.split(",") if f)
        if "irrealis" in flagset:
            irrealis.add(stem(phrase.split()[0]))
            continue
        if "attacker" in flagset:
            attackers.add(stem(phrase))
            continue
        if "place_noun" in flagset:
            place_nouns.add(stem(phrase.split()[-1]))
            continue
        if "nonviolent" in flagset:
            nonviolent.add(stem(phrase))
            continue
        if etype != "-":
            if etype not in voc["event_types"] or sub not in voc["event_types"][etype]["sub_event_types"]:
                raise LexiconError(f"data/event_triggers.tsv: {phrase!r} has unknown ACLED type "
                                   f"{etype!r}/{sub!r}; use the spellings in data/acled_vocabulary.json")
        triggers.append(Trigger(phrase, etype, sub, int(prio), flagset, applies or None))
    actors = json.loads((DATA / "actor_aliases.json").read_text(encoding="utf-8"))
    return Vocabulary(
        event_types=voc["event_types"], disorder_overrides=voc["disorder_overrides"],
        inter={int(k): v for k, v in voc["inter"].items()}, vague=voc["vague_quantities"],
        unnumbered=voc["unnumbered_deaths"], major_cues=tuple(voc["major_death_cues"]),
        background_days=int(voc["background_days"]), triggers=tuple(triggers),
        irrealis=frozenset(irrealis), attackers=frozenset(attackers), actors=actors,
        place_nouns=frozenset(place_nouns), nonviolent=frozenset(nonviolent),
        demonyms=_load_demonyms(),
    )


@dataclass(frozen=True)
class ActorEntry:
    actor: str
    inter: int
    kind: str  # 'named', 'military', 'police', 'unidentified', 'civilians', 'protesters', 'rioters'


@dataclass
class Lexicon:
    vocab: Vocabulary
    triggers: dict[str, Trigger]
    event_matcher: StemMatcher
    modifier_matcher: StemMatcher
    actor_lower: PhraseMatcher
    actor_exact: PhraseMatcher
    actor_entries: dict[str, ActorEntry]

    @functools.cached_property
    def air_strike(self) -> Trigger | None:
        return next((t for t in self.triggers.values() if t.phrase == "air strike"), None)


@functools.lru_cache(maxsize=4)
def get_lexicon(vocab: Vocab) -> Lexicon:
    """The compiled matchers for ``vocab`` (one per loaded pipeline)."""
    ensure_extensions()
    voc = vocabulary()
    events, modifiers = StemMatcher(vocab, stem), StemMatcher(vocab, stem)
    by_key: dict[str, Trigger] = {}
    for trig in voc.triggers:
        by_key[trig.key] = trig
        target = modifiers if "modifier" in trig.flags else events
        target.add(trig.key, trig.phrase)
    lower, exact = PhraseMatcher(vocab, attr="LOWER"), PhraseMatcher(vocab, attr="ORTH")
    make_doc = English(vocab=vocab).make_doc  # the aliases are tokenised as the articles are
    entries: dict[str, ActorEntry] = {}

    def add(key: str, entry: ActorEntry, aliases, case_sensitive=()):
        entries[key] = entry
        if aliases:
            lower.add(key, [make_doc(a) for a in aliases])
        if case_sensitive:
            exact.add(key, [make_doc(a) for a in case_sensitive])

    for i, a in enumerate(voc.actors["actors"]):
        add(f"named{i}", ActorEntry(a["actor"], a["inter"], "named"), a["aliases"],
            a.get("case_sensitive", ()))
    for kind, a in voc.actors["state_forces"].items():
        if not kind.startswith("_"):
            add(kind, ActorEntry(a["actor"], a["inter"], kind), a["aliases"])
    for kind, a in voc.actors["generic"].items():
        add(kind, ActorEntry(a["actor"], a["inter"], kind), a["aliases"])
    return Lexicon(voc, by_key, events, modifiers, lower, exact, entries)


_WS = re.compile(r"\s+")


def normalise_space(text: str) -> str:
    return _WS.sub(" ", text).strip()
