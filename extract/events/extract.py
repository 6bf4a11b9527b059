"""``extract_events``: one pass over the sentences, then a merge.

Each sentence either reports a new event (its strongest realised trigger), continues one
already reported ("the bombers", "Tuesday's bombings", "a third assailant was shot dead"), or
says nothing about events. Planned, expected, denied and hypothetical triggers are skipped;
year-old background ("three years after ...") is too coarse for ACLED and skipped too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extract.events import locate
from extract.events.actors import ActorMention, Roles, assign_roles, find_actors, weapon_owner
from extract.events.counts import count_casualties
from extract.events.dates import MONTHS, DateMention, find_dates
from extract.events.draft import Draft, main_country, merge_drafts, to_event
from extract.events.lexicon import Lexicon, Trigger, get_lexicon
from extract.events.model import Event
from extract.events.modality import (has_of_complement, is_definite, is_descriptive, is_irrealis,
                                     is_negated, is_to_infinitive)
from extract.nlp import text_of
from extract.types import Article, Place


_STATE_WEAPONS = frozenset({"Air/drone strike", "Shelling/artillery/missile attack"})


@dataclass(frozen=True)
class Hit:
    trigger: Trigger
    span: Span
    anaphoric: bool

    @property
    def head(self):
        return self.span.root


def sentence_units(doc: Doc) -> list[Span]:
    """Sentences, also split at line breaks (titles and captions have no full stop)."""
    if not len(doc):
        return []
    if not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        return [doc[:]]  # a pipeline without parser/senter: one unit (syntax tests then pass)
    text = text_of(doc)
    units = []
    for sent in doc.sents:
        if "\n" not in text[sent.start_char:sent.end_char]:
            units.append(sent)  # most sentences: no line break, so one unit (read from text)
            continue
        start = sent.start
        for tok in sent:
            if "\n" in tok.text or ("\n" in tok.whitespace_ and tok.i + 1 < sent.end):
                end = tok.i if tok.is_space else tok.i + 1
                if end > start:
                    units.append(doc[start:end])
                start = tok.i + 1
        if sent.end > start:
            units.append(doc[start:sent.end])
    return [u for u in units if text[u.start_char:u.end_char].strip()
            and any(not t.is_punct for t in u)]


_NOT_EVENT_HEADS = {"leader", "leaders", "movement", "group", "organiser", "organisers", "organizer",
                    "organizers", "song", "season", "frog", "gear", "squad", "unit", "units"}


def _hits(matches: list[Span], lex: Lexicon, have_prior, place_starts: set[int],
          actor_tokens: set[int], nonviolent: list) -> list[Hit]:
    """The unit's realised triggers; ``nonviolent`` are its words of disease or disaster."""
    hits = []
    voc = lex.vocab
    for span in matches:
        trig = lex.triggers[span.label_]
        head = span.root
        if (is_descriptive(head) and not (trig.event_type == "Protests" and head.tag_ == "VBG")
                # ("police fired tear gas at students protesting in Kano": that is the protest)
                ) or is_negated(head) or (
                is_irrealis(head, voc.irrealis) and not _protested(head, trig, voc.irrealis)):
            continue
        if nonviolent and trig.priority <= 50 and not all(
                _coordinated(_clause_verb(t), _clause_verb(head)) for t in nonviolent):
            continue  # "a cholera outbreak has killed 80", "the fight against the flu"
        if "verb" in trig.flags and head.pos_ != "VERB":
            continue  # "gunmen stormed the hotel", not "a storm left ten dead"
        if "cause" in trig.flags and any(c.dep_ == "nsubj" and c.pos_ == "PRON"
                                         for c in head.children):
            continue  # "the clash left two dead", not "it has left 1,600 dead" (what has?)
        if head.lower_ in MONTHS and head.text[0].isupper():
            continue  # "in March"
        if head.dep_ == "compound" and len(span) == 1 and (
                head.head.i in actor_tokens or head.head.lower_ in _NOT_EVENT_HEADS):
            continue  # "riot police", "protest leaders"
        if "territory" in trig.flags and (is_to_infinitive(head, strict=True)
                                          or not _takes_place(head, voc.place_nouns, place_starts)):
            continue  # "had begun to retake X" (not yet); "seized drugs" (not territory)
        if trig.phrase == "strike" and (air := lex.air_strike) and weapon_owner(
                span.doc, span.start, lex):
            trig = air  # "Israeli strikes hit a depot": a state's strikes are air strikes
        if "anaphor" in trig.flags and any(c.dep_ == "det" and c.lower_ in ("a", "an")
                                           for c in head.children):
            # "the operation" names back an event; in "killed 11 militants in an operation"
            # the killing is the event ("an operation" alone is none: surgery, a drug ring)
            continue
        anaphoric = "anaphor" in trig.flags or (
            is_definite(head) and not has_of_complement(head) and have_prior(trig))
        hits.append(Hit(trig, span, anaphoric))
    return hits


def _protest_counts(hit: Hit, unit: Span, unit_text: str, voc, suicide: bool):
    """A protest's casualties without those of what it protests ('to protest the killing of
    two teachers' reports no deaths at the protest); None when the trigger is no protest or
    names no object."""
    if hit.trigger.event_type != "Protests":
        return None
    objects = [c for c in hit.head.children if c.dep_ in ("dobj", "prep")]
    if not objects:
        return None
    chars = list(unit_text)
    for obj in objects:
        toks = list(obj.subtree)
        a = toks[0].idx - unit.start_char
        b = toks[-1].idx + len(toks[-1]) - unit.start_char
        chars[a:b] = " " * (b - a)
    return count_casualties("".join(chars), voc.vague, voc.unnumbered, voc.major_cues, suicide)


_PROTEST_OBJECT_PREPS = frozenset({"against", "over", "about"})


def _protested_objects(hits: list[Hit]) -> list[Hit]:
    """Without what a protest is against: "residents protested against repeated abductions of
    farmers" reports a protest, not the abductions (nor their deaths: see _protest_counts)."""
    protests = [h.head for h in hits if h.trigger.event_type == "Protests"]
    if not protests:
        return hits
    return [h for h in hits if h.trigger.event_type == "Protests" or not _objected(h.head, protests)]


def _objected(tok, protests: list) -> bool:
    """Whether ``tok`` is in what one of the ``protests`` (their trigger tokens) is against."""
    against = False  # (the parser may hang "against" on a noun on the way: "along the
    # town's main road against ...")
    for anc in tok.ancestors:
        if anc in protests:
            return against
        if anc.dep_ == "prep" and anc.lower_ in _PROTEST_OBJECT_PREPS:
            against = True
        elif anc.pos_ == "VERB" and anc.dep_ in ("ROOT", "conj", "ccomp"):
            return False  # another clause's verb: its own event
    return False


def _without_protested(roles: Roles, protest) -> Roles:
    """A protest's parties without those of what it protests (the farmers abducted, the
    police who killed students)."""
    doc = protest.doc

    def kept(ms: list[ActorMention]) -> list[ActorMention]:
        return [m for m in ms if not _objected(doc[m.start:m.end].root, [protest])]
    return Roles(kept(roles.actor1), kept(roles.actor2), kept(roles.assoc))


def _protested(head, trig: Trigger, irrealis: frozenset[str]) -> bool:
    """'Residents blocked a highway to protest the killing': gathering to protest is the
    protest, where the gathering was done (not 'plan to protest', 'will march to protest')."""
    verb = head.head
    return (trig.event_type == "Protests" and is_to_infinitive(head, strict=True)
            and verb is not head and verb.tag_ == "VBD" and not is_irrealis(verb, irrealis))


def _clause_verb(tok):
    """The verb whose clause holds ``tok``."""
    for anc in [tok, *tok.ancestors]:
        if anc.pos_ == "VERB":
            return anc
    return None


def _coordinated(cue, trigger) -> bool:
    """Whether the trigger's clause follows the cue's as a clause of its own, with its own
    subject ("heavy rains caused floods, and fighters attacked a base"): the disaster then
    says nothing of it (but "HIV is reported in millions and has killed 25 million", and
    "nine were killed and sixty remain ill after an outbreak", are the disease's)."""
    return cue is not None and trigger is not None and trigger.dep_ == "conj" \
        and trigger.head.i == cue.i \
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in trigger.children)


_ANOTHER = frozenset({"another", "second", "third", "separate", "fresh", "new"})


def _another(head) -> bool:
    """"Another attack", "a separate attack": a new event, not more of the last one."""
    return any(c.dep_ in ("det", "amod") and c.lower_ in _ANOTHER for c in head.children)


def _takes_place(head, place_nouns: frozenset[str], place_starts: set[int]) -> bool:
    """Whether a territory verb's object (or passive subject, or 'of' complement) is a place."""
    deps = ("dobj", "nsubjpass", "pobj", "nsubj") if head._.cm_stem == "fall" else ("dobj", "nsubjpass", "pobj")
    objs = [c for c in head.children if c.dep_ in deps]
    for prep in (c for c in head.children if c.dep_ in ("prep", "prt") and c.lower_ in ("of", "over")):
        objs += [g for g in prep.children if g.dep_ == "pobj"]
    if head.dep_ == "pobj":  # "the recapture of Mosul" seen from inside a prepositional phrase
        objs.append(head)
    for obj in objs:
        for tok in obj.subtree:
            if tok.idx in place_starts or tok.ent_type_ in ("GPE", "LOC", "FAC") or tok._.cm_stem in place_nouns:
                return True
    return False


# "security sources said on Wednesday": when it was said, not when it happened (as is the day
# of a dateline)
_SPOKEN_ON = re.compile(r"\b(?:said|says|told\s+\w+|reported|announced|added|stated|confirmed)"
                        r"\s+(?:(?:late|early)\s+)?(?:on\s+)?$", re.I)


def _nearest_date(dates: list[DateMention], anchor: int) -> DateMention | None:
    return min(dates, key=lambda d: abs(d.start - anchor)) if dates else None


# Generic words for an act of war: "the assault", "the raid" may name back an event of any
# violent type ("killed 30 soldiers in an attack ... The assault was claimed by JNIM": the attack
# is a clash by then); "the bombing" only a bombing
_GENERIC_PRIORITY = 50
_VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})


def _refers_to(trig: Trigger, d: Draft) -> bool:
    if "any" in trig.flags or d.event_type == trig.event_type:
        return True
    return (trig.priority <= _GENERIC_PRIORITY and trig.event_type in _VIOLENT_TYPES
            and d.event_type in _VIOLENT_TYPES)


def _find_target(drafts: list[Draft], trig: Trigger | None, date) -> Draft | None:
    for d in reversed(drafts):
        if trig is not None and not _refers_to(trig, d):
            continue
        if date is not None and d.date_explicit and d.date != date:
            continue
        return d
    return None


def extract_events(doc: Doc, places: list[Place], article: Article) -> list[Event]:
    """The article's events in ACLED vocabulary, in order of first mention."""
    lex = get_lexicon(doc.vocab)
    voc = lex.vocab
    text, published = text_of(doc), article.published
    stems = lex.event_matcher.stems(doc)
    trig_spans = filter_spans([Span(doc, s, e, label=k) for k, s, e in lex.event_matcher(doc, stems)])
    mod_spans = [Span(doc, s, e, label=k) for k, s, e in lex.modifier_matcher(doc, stems)]
    actors = find_actors(doc, lex)
    drafts: list[Draft] = []
    ref_date = published

    units = sentence_units(doc)
    dateline = locate.article_dateline(places, text)  # where the reporter is: the last resort
    for unit in units:
        in_unit = [s for s in trig_spans if unit.start <= s.start < unit.end]
        u_actors = [a for a in actors if unit.start <= a.start < unit.end]

        def have_prior(trig: Trigger) -> bool:
            return _find_target(drafts, trig, None) is not None

        place_starts = {p.start for p in places if unit.start_char <= p.start < unit.end_char}
        actor_tokens = {i for a in u_actors for i in range(a.start, a.end)}
        # a disaster's noun, not a verb: "a storm left ten dead", not "gunmen stormed the hotel"
        nonviolent = [doc[i] for i in range(unit.start, unit.end) if in_unit
                      and stems[i] in voc.nonviolent and doc[i].pos_ != "VERB"]
        hits = _protested_objects(_hits(in_unit, lex, have_prior, place_starts, actor_tokens,
                                        nonviolent))
        new = [h for h in hits if not h.anaphoric and h.trigger.event_type != "-"]
        ana = sorted((h for h in hits if h.anaphoric), key=lambda h: -h.trigger.priority)
        if new and ana and ana[0].trigger.priority > max(h.trigger.priority for h in new):
            # "Two attackers detonated their explosive belts ..., killing three": a stronger
            # back-reference makes the weaker new trigger part of the event already reported.
            new = []
        suicide = any(h.trigger.sub_event_type == "Suicide bomb" for h in hits)
        unit_text = text[unit.start_char:unit.end_char]  # Span.text joins its tokens
        counts = count_casualties(unit_text, voc.vague, voc.unnumbered, voc.major_cues, suicide)
        if not new and not ana and counts.fatalities is None and counts.injured is None:
            continue  # no event and no casualties: nothing below would be used (most sentences)
        all_dates = find_dates(unit_text, published, ref_date, offset=unit.start_char)
        dates = [d for d in all_dates if not d.coarse]
        excluded = [(doc[a.start].idx, doc[a.end - 1].idx + len(doc[a.end - 1])) for a in u_actors]
        excluded += _attributive_countries(doc, places, unit)
        cands = locate.sentence_places(places, unit.start_char, unit.end_char, text, excluded)

        # "A third assailant was shot dead": the attackers' deaths belong to their attack.
        if counts.attackers_killed and drafts and all(
                h.trigger.priority <= 45 or h.trigger.event_type == "Violence against civilians" for h in new):
            new, ana = [], [None]  # type: ignore[list-item]

        if new and drafts and not dates and all("any" in h.trigger.flags for h in new) and not any(
                how in ("plain", "near") and p.resolved for p, how in cands) and not any(
                _another(h.head) for h in new):
            # "At least four fighters were killed, officials said." continues the last event.
            new, ana = [], [None]  # type: ignore[list-item]

        if new:
            main = [h for h in new if not _in_support_phrase(h.head)] or new
            hit = max(main, key=lambda h: (h.trigger.priority, -h.span.start))
            anchor = hit.span.start_char
            near = _nearest_date(all_dates, anchor)
            if near is not None and near.coarse:
                continue  # "three years after Daesh took control": not codable as an event
            dm = _nearest_date(dates, anchor)
            draft = Draft(hit.trigger.event_type, hit.trigger.sub_event_type, hit.trigger.priority,
                          hit.span.text, unit.start_char, unit.end_char, unit_text.strip(),
                          sentences=[(unit.start_char, unit.end_char)],
                          territory="territory" in hit.trigger.flags,
                          one_sided="one_sided" in hit.trigger.flags)
            if dm is not None and dm.date is not None:
                # a day the news was told ("police said on Monday") bounds the event's, and
                # gives way to the day a later sentence names ("The assault on Sunday ...")
                draft.date, draft.precision = dm.date, dm.precision
                draft.date_explicit = not (
                    _SPOKEN_ON.search(text, max(0, dm.start - 40), dm.start)
                    or dm.start < unit.start_char + locate.dateline_end(unit_text))  # "TRIPOLI, Aug 16 -"
            elif dm is None and ref_date is not None:
                # Undated: the story's current day ("gunmen then stormed the hotel").
                draft.date, draft.precision = ref_date, 1
            _apply_modifiers(draft, unit, mod_spans, lex)
            roles = assign_roles(u_actors, hit.head.i, unit)
            if hit.trigger.event_type == "Protests":
                roles = _without_protested(roles, hit.head)
            draft.actor1, draft.actor2, draft.assoc = roles.actor1[:1], roles.actor2[:1], roles.assoc + roles.actor1[1:]
            if not draft.actor1 and (draft.sub_event_type in _STATE_WEAPONS or (
                    draft.event_type == "Battles" and hit.trigger.priority <= _GENERIC_PRIORITY)) and (
                    owner := weapon_owner(doc, hit.span.start, lex)) and len(owner.country_code) == 2:
                draft.actor1 = [owner]  # "Israeli airstrikes"; "a Russian assault" (a state's)
            draft.counts = _protest_counts(hit, unit, unit_text, voc, suicide) or counts
            place = locate.choose(cands, anchor)
            if place is not None:
                draft.place, draft.place_explicit = place, True
            elif drafts and drafts[-1].place is not None and not (
                    _another(hit.head) and any(how == "plain" for _, how in cands)):
                # (not when "another attack in X" names a place the gazetteer lacks: the last
                # event's town would be a wrong one)
                draft.place = drafts[-1].place
            else:
                draft.place = locate.dateline_place(cands) or dateline
            draft.headline = unit is units[0] and _is_headline(unit)
            drafts.append(draft)
            for extra in new:
                # "retook the town with the help of US air strikes": the strikes are an event too.
                if extra is not hit and _in_support_phrase(extra.head) and extra.trigger.event_type != draft.event_type:
                    drafts.append(_secondary(draft, extra))
            ref_date = _story_date(draft, published, voc.background_days, ref_date)
            continue

        if not ana and not (counts.fatalities is not None or counts.injured is not None):
            continue
        if (not ana or ana[0] is None) and (
                any(d.coarse for d in all_dates) or (in_unit and not hits) or any(
                    stems[i] in voc.nonviolent for i in range(unit.start, unit.end))):
            # Deaths no trigger ties to the last event: a year's tally ("2,300 fatalities in
            # the first five months of this year"), what might happen ("the potential to
            # kill about 1,400") or a disease's ("an outbreak which caused 89 deaths")
            continue
        trig = ana[0].trigger if ana and ana[0] is not None else None
        dm = dates[0] if dates else None
        target = _find_target(drafts, trig, dm.date if dm else None)
        if target is None:
            continue
        target.counts = target.counts.merge(counts)
        anchor = ana[0].span.start_char if ana and ana[0] is not None else unit.start_char
        target.refine_place(locate.choose(cands, anchor))
        if dm is not None and not target.date_explicit and dm.date is not None:
            target.date, target.precision, target.date_explicit = dm.date, dm.precision, True
        if ana and ana[0] is not None:
            roles = assign_roles(u_actors, ana[0].head.i, unit)
            _fill_actors(target, roles.actor1)
        if (unit.start_char, unit.end_char) not in target.sentences:
            target.sentences.append((unit.start_char, unit.end_char))
        ref_date = _story_date(target, published, voc.background_days, ref_date)

    merged = merge_drafts(drafts)
    country = main_country(places)
    merged.sort(key=lambda d: d.start)
    return [to_event(d, i + 1, article, country, voc, lex.actor_entries) for i, d in enumerate(merged)]


def _attributive_countries(doc: Doc, places: list[Place], unit: Span) -> list[tuple[int, int]]:
    """Places naming who or what, not where: 'US air strikes', "Iraq's army", and the
    'Red Sea' of "the Red Sea port of Hodeidah" (the place is the port's name after 'of')."""
    out = []
    text = text_of(doc)
    for p in places:
        if not (unit.start_char <= p.start < unit.end_char):
            continue
        if _BACKED_BY.match(text, p.end):
            out.append((p.start, p.end))  # "the Iran-aligned Houthis", "a London-based monitor"
            continue
        span = doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head  # "the French and US embassies": as the first of the pair
        # (a country's "defence ministry" too, which the tagger may call a name)
        owned_name = root.dep_ == "poss" and p.feature == "country" and root.head.pos_ == "PROPN"
        if root.dep_ not in ("compound", "amod", "nmod", "poss") or (
                root.head.pos_ != "NOUN" and not owned_name):
            continue
        # ("the Shopian district of south Kashmir" names the district: a unit's name, where)
        named_after = root.head.lower_ not in _UNIT_NOUNS and any(
            c.dep_ == "prep" and c.lower_ == "of" for c in root.head.children)
        if p.feature == "country" or named_after:
            out.append((p.start, p.end))
    return out


# A place in a compound adjective says who backs or hosts someone, not where
_BACKED_BY = re.compile(r"[-‐–](?:backed|aligned|allied|led|linked|supported|sponsored|funded|"
                        r"based|born|trained|armed|brokered|made)\b")
_UNIT_NOUNS = frozenset({"district", "districts", "province", "provinces", "region", "state",
                         "county", "governorate", "oblast", "prefecture", "department",
                         "municipality", "division", "tehsil", "subdistrict", "raion"})
_SUPPORT_NOUNS = {"help", "support", "backing", "cover", "assistance"}


def _in_support_phrase(tok) -> bool:
    """'with the help of US air strikes', 'backed by air strikes', 'under cover of shelling'."""
    for anc in tok.ancestors:
        if anc.lower_ in _SUPPORT_NOUNS or anc.lower_ in ("backed", "supported", "aided"):
            return True
        if anc.pos_ == "VERB" and anc.dep_ in ("ROOT", "ccomp", "conj"):
            return False
    return False


def _secondary(main: Draft, hit: Hit) -> Draft:
    d = Draft(hit.trigger.event_type, hit.trigger.sub_event_type, hit.trigger.priority, hit.span.text,
              main.start, main.end, main.sentence, sentences=list(main.sentences))
    d.date, d.precision, d.date_explicit = main.date, main.precision, main.date_explicit
    d.place, d.place_explicit = main.place, main.place_explicit
    d.assoc = list(main.actor1)
    return d


def _is_headline(unit: Span) -> bool:
    """The article's first line when it has no full stop and a line break after it."""
    text = text_of(unit.doc)
    line = text[unit.start_char:unit.end_char].rstrip()  # a unit may keep its line break
    end = unit.start_char + len(line)
    return (not text[:unit.start_char].strip() and not line.endswith((".", "!", "?"))
            and text[end:end + 2].lstrip(" ").startswith("\n"))


def _story_date(draft: Draft, published, background_days: int, current):
    """The day the story is at after ``draft``: background (months back) does not move it."""
    if draft.date is None or published is None:
        return current
    if draft.precision == 1 and 0 <= (published - draft.date).days <= background_days:
        return draft.date
    return current


def _fill_actors(target: Draft, actor1: list[ActorMention]) -> None:
    """'claimed by Daesh' names the perpetrator of an attack reported without one."""
    strong = [a for a in actor1 if a.entry.kind not in ("unidentified", "civilians")]
    if strong and all(a.entry.kind == "unidentified" for a in target.actor1):
        target.actor1 = strong[:1]


def _apply_modifiers(draft: Draft, unit: Span, mod_spans: list[Span], lex: Lexicon) -> None:
    """Tear gas turns a protest into 'Protest with intervention'; stones into a riot."""
    best = None
    for span in mod_spans:
        if not (unit.start <= span.start < unit.end):
            continue
        trig = lex.triggers[span.label_]
        if trig.applies_to != draft.event_type or is_negated(span.root):
            continue
        if best is None or (trig.event_type != best.event_type and trig.event_type == "Riots"):
            best = trig
    if best is not None:
        draft.event_type, draft.sub_event_type = best.event_type, best.sub_event_type
