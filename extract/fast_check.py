"""Checks that the pipeline's fast components give exactly what spaCy's own would.

``StemMatcher`` (extract/events/matcher.py) and ``FastAttributeRuler`` (extract/nlp.py) replace
spaCy's ``Matcher`` and ``AttributeRuler`` for speed; they are only worth having if no output
changes. :func:`compare` runs both on the same texts; the test suite runs it on texts of its own
and ``bench/speed.py --check`` on whole corpora.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ATTRS = ["POS", "TAG", "DEP", "MORPH", "LEMMA", "HEAD", "SENT_START", "ENT_IOB", "ENT_TYPE"]


@dataclass
class Comparison:
    texts: int = 0
    tokens: int = 0
    matches: int = 0           # trigger matches spaCy's Matcher found
    docs_matches_differ: int = 0
    docs_attributes_differ: int = 0

    @property
    def identical(self) -> bool:
        return not (self.docs_matches_differ or self.docs_attributes_differ)


def compare(texts: Iterable[str], model: str | None = None) -> Comparison:
    """Both implementations on every text of ``texts``, with a model loaded for the purpose."""
    import numpy
    import spacy
    from spacy.matcher import Matcher

    import settings
    from extract.events.lexicon import ensure_extensions, get_lexicon, stem, vocabulary
    from extract.events.matcher import spacy_pattern
    from extract.nlp import FastAttributeRuler

    ref = spacy.load(model or settings.get("SPACY_MODEL"), exclude=["lemmatizer"])
    ensure_extensions()
    lex = get_lexicon(ref.vocab)
    events, modifiers = Matcher(ref.vocab), Matcher(ref.vocab)
    for trig in vocabulary().triggers:
        target = modifiers if "modifier" in trig.flags else events
        target.add(trig.key, [spacy_pattern(trig.phrase, stem)])
    ruler = ref.get_pipe("attribute_ruler")
    fast = FastAttributeRuler(ruler)
    out = Comparison()
    with ref.select_pipes(disable=["attribute_ruler"]):
        for doc in ref.pipe(texts, batch_size=32):
            out.texts += 1
            out.tokens += len(doc)
            stems = lex.event_matcher.stems(doc)
            differ = False
            for theirs, ours in ((events(doc), lex.event_matcher(doc, stems)),
                                 (modifiers(doc), lex.modifier_matcher(doc, stems))):
                out.matches += len(theirs)
                differ |= theirs != ours
            out.docs_matches_differ += differ
            a, b = ruler(doc.copy()), fast(doc.copy())
            out.docs_attributes_differ += not numpy.array_equal(a.to_array(ATTRS),
                                                                b.to_array(ATTRS))
    return out
