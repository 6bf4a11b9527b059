"""Trigger phrases matched on word stems, the way spaCy's ``Matcher`` would, at a fraction of
its cost.

A phrase such as ``"set up * * base"`` means the spaCy token pattern

    [{"_": {"cm_stem": "set"}}, {"ORTH": "-", "OP": "?"}, {"_": {"cm_stem": "up"}},
     {"OP": "?", "IS_PUNCT": False}, {"OP": "?", "IS_PUNCT": False}, {"_": {"cm_stem": "base"}}]

(a hyphen may join two words; ``*`` is one optional word). spaCy's ``Matcher`` reads a custom
extension for every token once per matcher and walks every pattern from every token, which made
trigger matching a third of event extraction. :class:`StemMatcher` computes each distinct word's
stem once per process, starts a pattern only where its first stem occurs, and otherwise runs the
same state machine as ``spacy/matcher/matcher.pyx`` (``find_matches``/``transition_states``)
for these two quantifiers, so it returns the same ``(key, start, end)`` triples in the same order
(``bench/speed.py --check`` compares the two on the benchmark corpora).
"""

from __future__ import annotations

from typing import Callable

from spacy.attrs import ORTH
from spacy.tokens import Doc
from spacy.vocab import Vocab

# One optional element (the "?" quantifier) or one required stem.
_HYPHEN, _WORD = "hyphen", "word"
_MAX_CACHED_STEMS = 200_000


def spacy_pattern(phrase: str, stem: Callable[[str], str]) -> list[dict]:
    """The spaCy ``Matcher`` pattern a phrase stands for (what :class:`StemMatcher` emulates)."""
    pattern: list[dict] = []
    for i, word in enumerate(phrase.split()):
        if word == "*":
            pattern.append({"OP": "?", "IS_PUNCT": False})
            continue
        if i and pattern and pattern[-1].get("OP") != "?":
            pattern.append({"ORTH": "-", "OP": "?"})
        pattern.append({"_": {"cm_stem": stem(word)}})
    return pattern


class StemMatcher:
    """Phrases of stems -> spaCy-Matcher-compatible matches: ``[(key hash, start, end)]``."""

    def __init__(self, vocab: Vocab, stem: Callable[[str], str]):
        self.vocab = vocab
        self._stem = stem
        self._stem_by_orth: dict[int, str] = {}
        # pattern: (key hash, ((kind, stem or None, optional), ...)); by first stem, in order added
        self._patterns: list[tuple[int, tuple[tuple[str, str | None, bool], ...]]] = []
        self._by_first: dict[str, list[int]] = {}

    def add(self, key: str, phrase: str) -> None:
        elements: list[tuple[str, str | None, bool]] = []
        for i, word in enumerate(phrase.split()):
            if word == "*":
                elements.append((_WORD, None, True))
                continue
            if i and elements and not elements[-1][2]:
                elements.append((_HYPHEN, None, True))
            elements.append((_WORD, self._stem(word), False))
        if not elements or elements[0][2] or elements[-1][2]:
            raise ValueError(f"trigger phrase {phrase!r}: it must start and end with a word")
        self._by_first.setdefault(elements[0][1], []).append(len(self._patterns))
        self._patterns.append((self.vocab.strings.add(key), tuple(elements)))

    def stems(self, doc: Doc) -> list[str]:
        """The stem of every token of ``doc`` (each distinct word stemmed once per process)."""
        cache = self._stem_by_orth
        if len(cache) > _MAX_CACHED_STEMS:
            cache.clear()
        strings = doc.vocab.strings
        out = []
        for orth in doc.to_array(ORTH).tolist() if len(doc) else ():
            s = cache.get(orth)
            if s is None:
                s = cache[orth] = self._stem(strings[orth])
            out.append(s)
        return out

    def __call__(self, doc: Doc, stems: list[str] | None = None) -> list[tuple[int, int, int]]:
        if stems is None:
            stems = self.stems(doc)
        by_first, patterns = self._by_first, self._patterns
        # States as in spaCy's find_matches: (pattern index, element index, start, length);
        # survivors keep their order, branches taken at an optional element go after them,
        # then the patterns starting at this token, in the order they were added.
        states: list[tuple[int, int, int, int]] = []
        found: list[tuple[int, int, int]] = []
        for i, word in enumerate(stems):
            starting = by_first.get(word)
            if starting:
                states.extend((p, 0, i, 0) for p in starting)
            if not states:
                continue
            kept, branched = [], []
            for p, e, start, length in states:
                elements = patterns[p][1]
                while True:
                    kind, want, optional = elements[e]
                    if kind == _HYPHEN:
                        ok = doc[i].text == "-"
                    elif want is None:
                        ok = not doc[i].is_punct
                    else:
                        ok = word == want
                    if optional:  # RETRY_ADVANCE (take it, in a new state) / RETRY (skip it)
                        if ok:
                            branched.append((p, e + 1, start, length + 1))
                        e += 1
                        continue
                    if ok:
                        if e + 1 == len(elements):  # MATCH
                            found.append((patterns[p][0], start, start + length + 1))
                        else:  # ADVANCE
                            kept.append((p, e + 1, start, length + 1))
                    break
            states = kept + branched
        # spaCy drops repeats of one (pattern, start, end) reached by two paths
        seen: set[tuple[int, int, int]] = set()
        out = []
        for m in found:
            if m not in seen:
                seen.add(m)
                out.append(m)
        return out
