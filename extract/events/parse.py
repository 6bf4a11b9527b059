"""Opt-in: dependency parses only where events need them.

Event extraction reads the parse (negation, modality, actor roles, attributive countries) of
the sentences that hold a trigger word or a casualty word; places need only entities and
sentence boundaries. In news about anything but war that is under a fifth of the tokens, yet
the shared tok2vec, tagger, parser and attribute ruler cost as much as NER itself.

:func:`parse_event_sentences` turns a full pipeline into: the model's own sentence splitter
(``senter``, disabled in en_core_web_sm by default) and NER over the whole text, then
:class:`EventSentenceParser`, which starts a sentence after a blank line that follows a full
stop (as the parser does), runs tok2vec, tagger, parser and attribute ruler over the selected
sentences (adjacent ones together, as one ``Doc``) and writes their annotations back. Tokens
elsewhere keep no tag and no dependency.

Not applied by ``get_nlp()``, because it does not give the same output. Measured against the
full parse (2026-11-24, the 87-article check sample plus the first 300 articles of
``bench/throughput.py``; 18% of the tokens parsed): extraction CPU 36.7 -> 24.5 s, but 116 of
8,838 places and 9 of 214 events differ. Of the places, 100 differ only in score or in where
an unresolved name is placed relative to its sentence; 16 change: the senter still misses or
adds breaks the parser has ("...D.C. Surrounded by" becomes a place "D.C. Surrounded", "Yum!
Canada" a Yuma and a Canada, a sentence-initial "The" a place in one article and no longer one
in another). Of the events, 6 differ in their sentence span only (a wire dateline stays in the
first sentence: "MOGADISHU (Reuters) - A car bomb ..."; a sentence runs on past a break the
parser found), 2 lose their civilian target ('residents') and 1 moves to another place.
On the annotated event articles the coded events are the same (tests/test_events_parse.py).
"""

from __future__ import annotations

from typing import Iterable, Iterator

import numpy
from spacy.attrs import DEP, HEAD, IS_SPACE, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from extract.events.counts import has_casualty_word
from extract.events.lexicon import get_lexicon

SYNTAX = ("tok2vec", "tagger", "parser", "attribute_ruler")
_COPIED = [TAG, POS, MORPH, LEMMA, HEAD, DEP]


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token offsets of the doc's sentences, from its SENT_START column."""
    if not len(doc):
        return []
    starts = numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return list(zip(starts, starts[1:] + [len(doc)]))


_FINAL = tuple(".!?\"\u201d'\u2019)")


def break_at_blank_lines(doc: Doc) -> Doc:
    """Start a sentence after a blank line that follows sentence-final punctuation, as the
    parser nearly always does and the senter often does not ("...the continent.\\n\\n
    Distinctive features are ..."): on 300 benchmark articles this puts 839 of the parser's
    breaks back and adds 139 it does not have (8,800 breaks in all)."""
    n = len(doc)
    if n < 3:
        return doc
    col = doc.to_array(SENT_START).astype(numpy.int64)  # -1 comes back as 2**64 - 1
    changed = False
    for tok in doc[1:n - 1]:
        if not (tok.is_space and "\n\n" in tok.text):
            continue
        prev, nxt = doc[tok.i - 1], doc[tok.i + 1]
        if col[nxt.i] == 1 or nxt.is_space or not prev.text.endswith(_FINAL):
            continue
        if nxt.text[:1].isalpha() and not nxt.text[:1].isupper():
            continue
        col[tok.i], col[nxt.i] = -1, 1
        changed = True
    if changed:
        doc.from_array([SENT_START], col.astype(numpy.uint64))
    return doc


def needs_parse(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token offsets of the sentences event extraction will read the parse of:
    those where a trigger phrase starts or a casualty word occurs."""
    lex = get_lexicon(doc.vocab)
    starts = sorted({s for _, s, _ in lex.event_matcher(doc)})
    out = []
    text = doc.text
    k = 0
    for start, end in _sentence_bounds(doc):
        while k < len(starts) and starts[k] < start:
            k += 1
        if k < len(starts) and starts[k] < end:
            out.append((start, end))
            continue
        last = doc[end - 1]
        if has_casualty_word(text[doc[start].idx:last.idx + len(last)]):
            out.append((start, end))
    return out


def _runs(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Adjacent sentences joined: parsed together, each keeps its neighbours as context."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and out[-1][1] == start:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


class EventSentenceParser:
    """Runs the (disabled) syntax components over each doc's event sentences only."""

    def __init__(self, nlp: Language, components: Iterable[str] = SYNTAX, join: bool = True):
        self.components = [(name, nlp.get_pipe(name)) for name in components]
        self.join = join

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            parts = []
            for doc in batch:
                break_at_blank_lines(doc)
                spans = needs_parse(doc)
                parts += [(doc, start, doc[start:end].as_doc())
                          for start, end in (_runs(spans) if self.join else spans)]
            subs: Iterable[Doc] = [sub for _, _, sub in parts]
            for _, proc in self.components:
                subs = proc.pipe(subs, batch_size=batch_size) if hasattr(proc, "pipe") else map(proc, subs)
            subs = list(subs)
            by_doc: dict[int, list[tuple[int, Doc]]] = {}
            for (doc, start, _), sub in zip(parts, subs):
                by_doc.setdefault(id(doc), []).append((start, sub))
            for doc in batch:
                _write_back(doc, by_doc.get(id(doc), []))
            yield from batch


def _write_back(doc: Doc, parsed: list[tuple[int, Doc]]) -> None:
    if not parsed:
        return
    starts = doc.to_array([SENT_START])
    values = doc.to_array(_COPIED)
    for start, sub in parsed:
        values[start:start + len(sub)] = sub.to_array(_COPIED)
        starts[start:start + len(sub)] = sub.to_array([SENT_START])
    doc.from_array(_COPIED, values)  # resets sentence starts to the parse's roots ...
    doc.from_array([SENT_START], starts)  # ... so put back the senter's elsewhere


def _make_event_parser(nlp: Language, name: str):
    return EventSentenceParser(nlp)


# Registered once per process (Streamlit re-imports a changed module; spaCy refuses a second
# factory under the same name), as extract.nlp does for its attribute ruler.
if not Language.has_factory("conflictmap_event_parser"):
    Language.factory("conflictmap_event_parser")(_make_event_parser)


def parse_event_sentences(nlp: Language) -> bool:
    """Reconfigure ``nlp`` in place: senter + NER over everything, syntax over event sentences.
    False (and ``nlp`` untouched) when the pipeline lacks one of the components."""
    names = set(nlp.component_names)
    if not names.issuperset(SYNTAX + ("senter", "ner")) or "conflictmap_event_parser" in names:
        return False
    nlp.add_pipe("conflictmap_event_parser", last=True)
    for name in SYNTAX:
        nlp.disable_pipe(name)
    nlp.enable_pipe("senter")
    return True
