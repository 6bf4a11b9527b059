"""A mutable event under construction, its merging, and its conversion to an ``Event``."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from extract.events.actors import ActorMention, actor_name, country_name
from extract.events.counts import Counts
from extract.events.lexicon import Vocabulary
from extract.events.locate import EventPlace
from extract.events.model import Event
from extract.types import Article, Place

_UNIDENTIFIED_KINDS = ("unidentified",)


@dataclass
class Draft:
    event_type: str
    sub_event_type: str
    priority: int
    trigger: str
    start: int
    end: int
    sentence: str
    actor1: list[ActorMention] = field(default_factory=list)
    actor2: list[ActorMention] = field(default_factory=list)
    assoc: list[ActorMention] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
    date: date | None = None
    precision: int | None = None
    date_explicit: bool = False
    place: EventPlace | None = None
    place_explicit: bool = False
    sentences: list[tuple[int, int]] = field(default_factory=list)
    territory: bool = False
    headline: bool = False
    one_sided: bool = False  # an assault (stormed, raided): on civilians, an attack

    def refine_place(self, new: EventPlace | None) -> None:
        """Take ``new`` when it is finer and inside the current place (or nothing is known)."""
        if new is None:
            return
        cur = self.place
        if cur is None or not self.place_explicit:
            self.place, self.place_explicit = new, True
        elif new.rank() < cur.rank() and (cur.contains(new) or cur.same(new)):
            self.place = new

    def absorb(self, other: "Draft") -> None:
        """``other`` reports the same event: keep the most specific facts, count deaths once."""
        if _turned_violent(self, other) and other.event_type == "Riots":
            # "hundreds marched in Bunia ... Protesters burned tyres and threw stones": the
            # march turned into a violent demonstration, one event
            self.event_type, self.sub_event_type = other.event_type, other.sub_event_type
            self.priority, self.trigger = other.priority, other.trigger
        elif self.headline and not other.headline and other.event_type != self.event_type:
            # the lead says what happened better than a headline's verb ("storm", "attack")
            self.event_type, self.sub_event_type = other.event_type, other.sub_event_type
            self.priority, self.trigger, self.one_sided = other.priority, other.trigger, other.one_sided
        elif other.priority > self.priority and other.event_type == self.event_type:
            self.sub_event_type, self.priority, self.trigger = other.sub_event_type, other.priority, other.trigger
            self.one_sided = other.one_sided
            if other.territory and not self.territory and other.actor1:
                # "after weeks of fighting ... its troops had taken control": who took the
                # place is actor1 of the battle it ended, the side that lost it actor2
                self.territory = True
                loser = [m for m in self.actor1 if m.entry.actor != other.actor1[0].entry.actor
                         or m.country_code != other.actor1[0].country_code]
                self.actor1, self.actor2 = other.actor1, loser[:1] or self.actor2
        self.counts = self.counts.merge(other.counts)
        if self.headline and not other.headline:
            # The lead sentence describes the event better than the headline.
            self.sentence, self.start, self.end, self.headline = other.sentence, other.start, other.end, False
            # ... and its parties: "Jihadists kill soldiers and herders" sums up two attacks;
            # "Houthi missile hits ship; US strikes targets in Hodeidah" names two sides
            if other.actor1:
                self.actor1 = other.actor1
            if not self.date_explicit and other.date is not None:
                # an undated headline is dated by its story: the day the lead is on
                self.date, self.precision = other.date, other.precision
            if other.actor2:
                self.actor2 = other.actor2
        self.refine_place(other.place if other.place_explicit else None)
        if not self.date_explicit and other.date_explicit:
            self.date, self.precision, self.date_explicit = other.date, other.precision, True
        if _weak(self.actor1) and other.actor1 and not _weak(other.actor1):
            self.actor1 = other.actor1
        if not self.actor2 and other.actor2:
            self.actor2 = other.actor2
        self.assoc += [m for m in other.assoc + other.actor1 if m.entry.actor not in
                       {a.entry.actor for a in self.actor1 + self.assoc}]
        self.sentences += [s for s in other.sentences if s not in self.sentences]

    def compatible(self, other: "Draft") -> bool:
        undated_headline = (self.headline and not self.date_explicit) or (other.headline and not other.date_explicit)
        if self.event_type != other.event_type and not (
                undated_headline and self.event_type in _VIOLENT and other.event_type in _VIOLENT
        ) and not _turned_violent(self, other):
            return False  # ("Militants storm hotel" sums up "attacked a hotel, killing soldiers")
        if undated_headline:
            # a headline sums up its story's first event of that type, unless it names
            # another kind of it somewhere else ("Houthi missile hits ship in Gulf of Aden;
            # US strikes targets in Hodeidah": the strikes are not the missile attack)
            a, b = self.place, other.place
            return (self.sub_event_type == other.sub_event_type or a is None or b is None
                    or a.same(b) or a.contains(b) or b.contains(a))
        if self.date != other.date:
            return False
        if self.territory and other.territory and self.sub_event_type != other.sub_event_type:
            return False  # a town taken and retaken the same day: two events
        a, b = self.place, other.place
        if a is None or b is None:
            return True
        return a.same(b) or a.contains(b) or b.contains(a)


def _turned_violent(a: "Draft", b: "Draft") -> bool:
    """A protest and a violent demonstration: one crowd's day, reported in two sentences
    (the caller still checks the day and the place)."""
    return {a.event_type, b.event_type} == {"Protests", "Riots"} and _VIOLENT_DEMO in (
        a.sub_event_type, b.sub_event_type)


_VIOLENT_DEMO = "Violent demonstration"


def _weak(mentions: list[ActorMention]) -> bool:
    return not mentions or all(m.entry.kind in _UNIDENTIFIED_KINDS for m in mentions)


_PROPERTY = "Looting/property destruction"
_VIOLENT = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Riots")


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    """One event reported in several sentences is one event; a headline is its story's lead;
    property burnt or looted during an attack is part of that attack."""
    out: list[Draft] = []
    for d in drafts:
        if d.sub_event_type == _PROPERTY:
            host = next((o for o in out if o.event_type in _VIOLENT and o.date == d.date
                         and o.place is not None and d.place is not None
                         and (o.place.same(d.place) or o.place.contains(d.place)
                              or d.place.contains(o.place))), None)
            if host is not None:
                host.counts = host.counts.merge(d.counts)
                host.sentences += [s for s in d.sentences if s not in host.sentences]
                continue
        for o in out:
            if o.compatible(d):
                o.absorb(d)
                break
        else:
            out.append(d)
    return out


def main_country(places: list[Place]) -> str | None:
    codes = Counter(p.country_code for p in places if p.country_code and p.resolved)
    return codes.most_common(1)[0][0] if codes else None


def _named(mentions: list[ActorMention], country: str | None) -> list[tuple[str, str, int]]:
    seen, out = set(), []
    for m in mentions:
        name = actor_name(m.entry, m.country_code or country)
        if name not in seen:
            seen.add(name)
            out.append((name, m.raw, m.entry.inter))
    return out


_DEFAULT_ACTOR1 = {"Protests": "protesters", "Riots": "rioters"}


# inter codes of armed actors: state forces, rebels, political and identity militias, external
# forces (not rioters, protesters or civilians)
_ARMED_INTER = frozenset({1, 2, 3, 4, 8})
_CIVILIAN_INTER = 7
# "killed 18 people in a night raid", "killing at least 12 people": victims no side is named for
_PEOPLE_KILLED = re.compile(r"\b(?:killed|killing)\s+(?:at\s+least\s+|some\s+|about\s+)?"
                            r"[\w,-]+\s+(?:people|persons)\b", re.I)


def to_event(d: Draft, n: int, article: Article, fallback_country: str | None,
             voc: Vocabulary, lex_entries: dict) -> Event:
    place = d.place
    cc = (place.country_code if place else None) or fallback_country
    if d.event_type in _DEFAULT_ACTOR1:
        # Demonstrators are actor1 of their own protest; the police dispersing them actor2.
        crowd = [m for m in d.actor1 + d.actor2 + d.assoc if m.entry.kind in ("protesters", "rioters")]
        # (not civilians: "residents of Damboa protested" are the crowd)
        others = [m for m in d.actor1 + d.actor2 if m not in crowd and m.entry.kind != "civilians"]
        d.actor1, d.actor2 = crowd[:1], others[:1]
    a1 = _named(d.actor1, cc)
    a2 = [a for a in _named(d.actor2, cc) if a[0] not in {x[0] for x in a1}]
    assoc = [a for a in _named(d.assoc, cc) if a[0] not in {x[0] for x in a1 + a2}]
    if not a1:
        kind = _DEFAULT_ACTOR1.get(d.event_type, "unidentified")
        if d.sub_event_type == "Arrests":
            kind = "police"
        entry = lex_entries[kind]
        a1 = [(actor_name(entry, cc), None, entry.inter)]
    event_type, sub = d.event_type, d.sub_event_type
    if event_type == "Violence against civilians" and sub == "Attack" and a2 \
            and a2[0][2] in _ARMED_INTER:
        # ACLED's violence against civilians is against the unarmed: gunmen attacking a police
        # checkpoint, or "two militants were killed", is a clash of armed groups
        event_type, sub = "Battles", "Armed clash"
    elif d.one_sided and event_type == "Battles" and sub == "Armed clash" and (
            a2 and a2[0][2] == _CIVILIAN_INTER or not a2 and _PEOPLE_KILLED.search(d.sentence)):
        event_type, sub = "Violence against civilians", "Attack"  # "stormed a church, killing
        # 40 worshippers": ACLED's attack on civilians, not a battle
    codes = voc.actor_codes(a1[0][2], a2[0][2] if a2 else None, event_type)
    if d.territory and event_type == "Battles":
        # a foreign state's forces taking a place overtake it, as a non-state actor would
        # (ACLED's codebook): Russia's army taking a Ukrainian village
        home = not d.actor1 or d.actor1[0].country_code in (None, cc)
        sub = "Government regains territory" if a1[0][2] == 1 and home \
            else "Non-state actor overtakes territory"
    if d.event_type == "Protests" and d.counts.killed:
        sub = "Excessive force against protesters"
    background = False
    if d.date and article.published:
        background = d.precision == 3 or (article.published - d.date).days > voc.background_days
    conf = 0.35 + 0.15 * min(d.priority, 90) / 90
    conf += 0.1 * d.place_explicit + 0.1 * d.date_explicit + 0.1 * bool(d.actor1)
    conf += 0.1 * (d.counts.fatalities is not None) + 0.05 * (len(d.sentences) > 1)
    conf = round(min(0.95, conf) * (0.8 if background else 1.0), 3)
    fat = d.counts.fatalities
    return Event(
        event_id=f"{article.id}-{n}", event_type=event_type, sub_event_type=sub,
        disorder_type=voc.disorder(event_type, sub),
        actor1=a1[0][0], actor2=a2[0][0] if a2 else None, **codes,
        fatalities=fat, injuries=d.counts.injured, date=d.date,
        time_precision=d.precision if d.date else None, background=background,
        location=place.location if place else None, lat=place.lat if place else None,
        lon=place.lon if place else None, admin1=place.admin1 if place else None,
        country=country_name(cc), country_code=cc,
        geo_precision=place.geo_precision if place else None,
        sentence=d.sentence, start=d.start, end=d.end, confidence=conf,
        assoc_actors=tuple(a[0] for a in a1[1:] + assoc),
        actor1_raw=a1[0][1], actor2_raw=a2[0][1] if a2 else None, trigger=d.trigger,
        sentences=tuple(sorted(d.sentences)),
    )
