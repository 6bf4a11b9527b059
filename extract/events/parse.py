"""Opt-in: dependency parses only where events need them.

Event extraction reads the parse (negation, modality, actor roles, attributive countries) of
the sentences that hold a trigger word or a casualty word; places need only entities and
sentence boundaries. In news about anything but war that is under a tenth of the tokens, yet
the shared tok2vec, tagger, parser and attribute ruler cost as much as NER itself.

:func:`parse_event_sentences` turns a full pipeline into: the model's own sentence splitter
(``senter``, disabled in en_core_web_sm by default) and NER over the whole text, then
:class:`EventSentenceParser`, which runs tok2vec, tagger, parser and attribute ruler over the
selected sentences, each as its own ``Doc``, and writes their annotations back. Tokens
elsewhere keep no tag and no dependency.

Not applied by ``get_nlp()``: measured on 1,000 articles (GeoVirus, seed, WikToR) it makes
extraction 0.91x a bare tok2vec+ner pass instead of ~1.4x, with the same events and 15 of
17,563 places changed, but the senter misses sentence breaks the parser finds ("...84°11′W.
The city", "Washington, D.C. Surrounded by"), so a sentence-initial "The" can become a place.
GeoVirus F1 0.9229 -> 0.9230, acc@161 0.8103 -> 0.8099, end-to-end 0.7558 both.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from extract.events.counts import has_casualty_word
from extract.events.lexicon import get_lexicon

SYNTAX = ("tok2vec", "tagger", "parser", "attribute_ruler")
_COPIED = [TAG, POS, MORPH, LEMMA, HEAD, DEP]


def needs_parse(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token offsets of the sentences event extraction will read the parse of:
    those where a trigger phrase starts or a casualty word occurs."""
    lex = get_lexicon(doc.vocab)
    starts = sorted({s for _, s, _ in lex.event_matcher(doc)})
    out = []
    for sent in doc.sents:
        if any(sent.start <= s < sent.end for s in starts) or has_casualty_word(sent.text):
            out.append((sent.start, sent.end))
    return out


class EventSentenceParser:
    """Runs the (disabled) syntax components over each doc's event sentences only."""

    def __init__(self, nlp: Language, components: Iterable[str] = SYNTAX):
        self.components = [(name, nlp.get_pipe(name)) for name in components]

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            parts = [(doc, start, doc[start:end].as_doc())
                     for doc in batch for start, end in needs_parse(doc)]
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
