"""Casualty counts from one sentence, by ACLED's conventions (pure functions, text in).

* the most conservative figure is kept ("at least three" -> 3, "between 5 and 8" -> 5);
* vague words take the values of ``data/acled_vocabulary.json`` ("dozens" 12, "tens" 10, ...);
* deaths without a number count 3, or 10 when the report calls them major ("massacre");
* perpetrators who die are counted: suicide bombers (one per bomber) and attackers shot dead
  are kept apart from their victims so that merging sentences never adds the same deaths twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

_UNITS = {
    "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "a dozen": 12, "dozen": 12, "both": 2, "couple": 2, "a couple of": 2, "pair": 2,
}
_VAGUE_DEFAULT = {"tens": 10, "dozens": 12, "hundreds": 100, "scores": 20, "several": 3,
                  "a few": 3, "a number": 3, "some": 3, "many": 10, "numerous": 10,
                  "thousands": 1000}

_WORDNUM = (r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|"
            r"four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|"
            r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
            r"a hundred|a dozen|both|a couple of")
_VAGUE = r"tens|dozens|hundreds|thousands|scores|several|a few|a number|numerous|many|some"
_HEDGE = (r"(?:(?:at least|at most|more than|over|nearly|almost|about|around|some|up to|"
          r"as many as|a total of|an estimated|roughly|approximately|no fewer than|"
          r"between)\s+)?")
QTY_NUM = rf"{_HEDGE}(?P<num>(?!(?:19|20)\d\d\b)\d[\d,]*|{_WORDNUM}|{_VAGUE})(?:\s+of)?"
_NEXT_QTY = rf"(?!\s+{_HEDGE}(?:\d|{_WORDNUM}|{_VAGUE}|an?\b))"
QTY = rf"{_HEDGE}(?P<num>(?!(?:19|20)\d\d\b)\d[\d,]*|{_WORDNUM}|{_VAGUE}|an?\b)(?:\s+of)?"

_TO_DEATH = (r"(?:shot|hacked|stabbed|beaten|beat|burned|burnt|bludgeoned|clubbed|stoned|lynched|"
             r"hacking|stabbing|beating|burning)(?:\s+and\s+\w+)?\s+to\s+death")
_KILL = (rf"(?:kill(?:ed|ing|s)?|shot dead|shooting dead|gunned down|shot and killed|{_TO_DEATH}|"
         r"claim(?:ed|ing)?\s+the\s+lives\s+of|slain|slew|massacred)")
_AUX = r"(?:were|was|have been|had been|are|been|being|is|has been)"
_KILL_AFTER = (rf"(?:{_AUX}\s+(?:also\s+)?(?:killed|slain|executed|shot dead|confirmed dead|{_TO_DEATH})|died|perished|"
               r"lost their lives|(?:were\s+|are\s+)?dead)")
_HURT = r"(?:wound(?:ed|ing|s)?|injur(?:ed|ing|es|e)|hurt(?:ing)?|maim(?:ed|ing)?)"
_HURT_AFTER = rf"(?:{_AUX}\s+(?:also\s+)?(?:wounded|injured|hurt|maimed))"
_NOT_GAP = r"(?!and\b|killed\b|killing\b|dead\b|wounded\b|injured\b)"
_GAP = rf"(?:{_NOT_GAP}[\w’'-]+,?\s+){{0,4}}?"
_GAP2 = rf"(?:{_NOT_GAP}\w+\s+){{0,2}}?"   # "84 people, including 3 children," ... before the verb
_ATTACKER_DIED = (r"(?:(?:was|were|had been|have been)\s+(?:also\s+)?(?:killed|shot dead|shot and killed|"
                  r"gunned down|neutralised|neutralized)|died)")
_ATTACKER = r"(?:assailants?|attackers?|gunm[ae]n|bombers?|perpetrators?|hijackers?)"


# A word every casualty pattern below needs (attackers, bombers aside, victims, injured, "no one
# was hurt"): a sentence with none of them reports no casualties, and most sentences have none.
# Plain substring tests: a regular expression of alternatives tried at every character cost
# a tenth of event extraction.
_CASUALTY_STEMS = ("kill", "shot", "shoot", "gunned", "neutrali", "died", "dead", "death", "lives",
                   "slain", "slew", "massacr", "executed", "perished", "fatalit", "bodies", "wound",
                   "injur", "hurt", "maim", "nobody", "casualt")
_NO_ONE = re.compile(r"no(?:\s+|-)one")


# One person named by role: "shot dead the mayor", "killed its commander", "the governor was
# killed" (a plural or a figure is counted above)
_ONE_ROLE = (r"(?:mayor|governor|commander|leader|chief|journalist|reporter|priest|imam|pastor|"
             r"cleric|judge|prosecutor|lawyer|candidate|politician|lawmaker|senator|minister|"
             r"official|officer|policeman|policewoman|soldier|activist|teacher|doctor|nurse|"
             r"driver|farmer|trader|student|boy|girl|man|woman|child|son|daughter|husband|wife)")
_ONE_PERSON = re.compile(
    rf"\b{_KILL}\s+(?:the|his|her|its|their)\s+(?:[\w-]+\s+){{0,2}}?{_ONE_ROLE}\b(?!['’]s|s\b)|"
    rf"\b(?:the|his|her|its|their)\s+(?:[\w-]+\s+){{0,2}}?{_ONE_ROLE}\s+(?:[\w,]+\s+){{0,4}}?"
    rf"(?:was|has been|had been)\s+(?:killed|shot dead|gunned down|slain|assassinated)\b", re.I)


# A person's age between commas after the name ("Khaled al-Masri, 48,"): no count
_AGE = re.compile(r"(\b[A-Z][\w'.-]*), \d{1,3},(?= )")
_AGED_ONE = re.compile(rf"\b[A-Z][\w'.-]*, \d{{1,3}}, (?:was|has been|had been) (?:killed|shot dead|"
                       rf"gunned down|slain|assassinated|{_TO_DEATH})\b")


def has_casualty_word(text: str) -> bool:
    """Whether ``text`` has a word some casualty pattern needs (if not, it reports none)."""
    low = text.lower()
    return any(stem in low for stem in _CASUALTY_STEMS) or (
        "one" in low and _NO_ONE.search(low) is not None)


@dataclass(frozen=True)
class Counts:
    """What one sentence (or a merged event) says about casualties; None = not reported."""

    killed: int | None = None          # victims
    injured: int | None = None
    bombers: int | None = None         # suicide bombers, who die by definition
    attackers_killed: int | None = None

    @property
    def fatalities(self) -> int | None:
        parts = [self.killed, self.bombers, self.attackers_killed]
        return None if all(p is None for p in parts) else sum(p or 0 for p in parts)

    def merge(self, other: "Counts") -> "Counts":
        """Two reports of the same event: keep each figure once, the larger when both say one."""
        vals = {}
        for f in fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            vals[f.name] = b if a is None else a if b is None else max(a, b)
        return Counts(**vals)


def number(text: str, vague: dict | None = None) -> int | None:
    """'84' -> 84, 'at least three' -> 3, 'twenty-five' -> 25, 'dozens' -> 12, 'x' -> None."""
    t = text.lower().replace("’", "'").strip()
    t = re.sub(rf"^{_HEDGE}", "", t).strip()
    t = re.sub(r"\s+of$", "", t)
    vague = vague or _VAGUE_DEFAULT
    if re.fullmatch(r"\d[\d,]*", t):
        return int(t.replace(",", ""))
    if t in vague:
        return vague[t]
    if t in _UNITS:
        return _UNITS[t]
    m = re.fullmatch(r"(\w+)[- ](\w+)", t)
    if m and m.group(1) in _UNITS and m.group(2) in _UNITS and _UNITS[m.group(1)] >= 20:
        return _UNITS[m.group(1)] + _UNITS[m.group(2)]
    return None


def _first(patterns: list[str], text: str, vague: dict) -> tuple[int | None, list[tuple[int, int]]]:
    """The smallest figure any pattern finds (most conservative), and the spans used. A lone
    "a" or "an" counts only when no figure is given: "30 people were killed ..., where a student
    was shot dead" is 30, the student one of them."""
    best, spans, article = None, [], None
    for pat in patterns:
        for m in re.finditer(pat, text, flags=re.I):
            n = number(m.group("num"), vague)
            if n is not None:
                if m.group("num").lower() in ("a", "an"):
                    article = n
                else:
                    best = n if best is None else min(best, n)
                spans.append(m.span())
    return (best if best is not None else article), spans


def count_casualties(sentence: str, vague: dict | None = None, unnumbered: dict | None = None,
                     major_cues: tuple[str, ...] = ("massacre", "heavy casualties"),
                     suicide: bool = False) -> Counts:
    """Counts in one sentence. ``suicide`` says the sentence reports a suicide bombing."""
    if not suicide and not has_casualty_word(sentence):
        return Counts()
    vague = vague or _VAGUE_DEFAULT
    unnumbered = unnumbered or {"major": 10, "limited": 3}
    text = re.sub(r"\bno(?:\s+|-)one\b", "nobody", sentence.replace("’", "'"), flags=re.I)
    aged_one = _AGED_ONE.search(text) is not None  # "Khaled al-Masri, 48, was killed": one
    text = _AGE.sub(r"\1,   ,", text)  # ... man, aged 48, no count of 48
    # Attackers who died: "a third assailant was shot dead", "two gunmen were killed".
    attackers, used = _first([
        rf"\b(?P<num>\d+|{_WORDNUM}|a|an)\s+(?:[\w-]+\s+){{0,2}}?{_ATTACKER}\s+{_ATTACKER_DIED}",
    ], text, vague)
    for a, b in used:
        text = text[:a] + " " * (b - a) + text[b:]
    bombers = None
    if suicide:
        bombers, _ = _first([
            rf"\b(?P<num>\d+|{_WORDNUM}|a|an)\s+(?:[\w-]+\s+){{0,2}}?suicide\s+(?:car\s+)?bombers?",
            rf"\b(?P<num>\d+|{_WORDNUM})\s+(?:[\w-]+\s+){{0,2}}?{_ATTACKER}\s+(?:detonated|blew)",
        ], text, vague)
    killed, _ = _first([
        rf"\b{_KILL}\s+{QTY}",
        rf"\b{QTY}\s+(?:people\s+|persons\s+|civilians\s+|soldiers\s+|others?\s+)?(?:were\s+|are\s+)?(?:left\s+)?dead\b",
        rf"\b{QTY}\s+{_GAP}{_KILL_AFTER}\b",
        rf"\b{QTY_NUM}\s+(?:{_NOT_GAP}\w+\s+)?killed\b{_NEXT_QTY}",   # headline style
        rf"death\s+toll\s+(?:\w+\s+){{0,3}}?(?:to|of|at)\s+{QTY}",
        rf"\b{QTY_NUM}\s+{_GAP2}(?:deaths|fatalities|dead|bodies)\b",
    ], text, vague)
    injured, _ = _first([
        rf"\b{_HURT}\s+{QTY}",
        rf"\b{QTY}\s+{_GAP}{_HURT_AFTER}\b",
        rf"\b{QTY_NUM}\s+{_GAP2}(?:injuries|wounded|injured)\b{_NEXT_QTY}",
    ], text, vague)
    if killed is None and (aged_one or _ONE_PERSON.search(text)):
        killed = 1  # "gunmen shot dead the mayor of X", "the local commander was killed"
    if killed is None and re.search(r"\b(?:killed|killing|dead|died|deaths|slain|shot dead|massacred?)\b",
                                    text, flags=re.I):
        low = text.lower()
        if not re.search(r"\bno\s+(?:one|deaths|casualties|fatalities)\b|\bnobody\b", low):
            killed = unnumbered["major"] if any(c in low for c in major_cues) else unnumbered["limited"]
    if re.search(r"\b(?:no one|nobody|no one was|no deaths|no casualties)\b.{0,30}\b(?:killed|hurt|injured|reported)\b",
                 text, flags=re.I) and killed is None:
        killed = 0
    if suicide and bombers is None and re.search(r"suicide|blew (?:himself|herself)", text, re.I):
        bombers = 1
    return Counts(killed=killed, injured=injured, bombers=bombers, attackers_killed=attackers)


def without_bombers(c: Counts) -> Counts:
    return replace(c, bombers=None)
