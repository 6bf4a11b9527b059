"""One article in, its places and events out: the library entry point pages and the CLI share."""

from __future__ import annotations

from typing import Iterable, Iterator

from spacy.attrs import IS_ALPHA, IS_STOP
from spacy.language import Language
from spacy.tokens import Doc

from extract.nlp import remember_text
from extract.places import places_from_doc
from extract.types import Article, ArticleResult
from gazetteer.index import Gazetteer

MIN_WORDS_FOR_LANGUAGE_CHECK = 20


def looks_english(doc: Doc) -> bool:
    """English prose is about 40% stop words; other languages share few with English."""
    alpha, stop = doc.to_array([IS_ALPHA, IS_STOP]).T  # no Token objects: this runs per article
    words = int(alpha.sum())
    if words < MIN_WORDS_FOR_LANGUAGE_CHECK:
        return True
    return int((alpha & stop).sum()) / words >= 0.15


def result_from_doc(article: Article, doc: Doc, gazetteer: Gazetteer) -> ArticleResult:
    result = ArticleResult(article)
    if not article.text.strip():
        result.warnings.append("empty text: nothing to extract")
        return result
    if not looks_english(doc):
        result.warnings.append(
            "the text does not look English: places and events were not extracted "
            "(ConflictMap's language model is English)")
        return result
    if article.published is None:
        result.warnings.append(
            "no publication date: event dates relative to it ('on Tuesday') are left empty")
    result.places = places_from_doc(doc, gazetteer)
    from extract.events import extract_events

    result.events = extract_events(doc, result.places, article)
    return result


def process(article: Article, nlp: Language | None = None,
            gazetteer: Gazetteer | None = None) -> ArticleResult:
    nlp, gazetteer = _resources(nlp, gazetteer)
    return result_from_doc(article, remember_text(nlp(article.text), article.text), gazetteer)


def process_many(articles: Iterable[Article], nlp: Language | None = None,
                 gazetteer: Gazetteer | None = None, batch_size: int = 32) -> Iterator[ArticleResult]:
    """Like process() over many articles, with spaCy's batched nlp.pipe."""
    nlp, gazetteer = _resources(nlp, gazetteer)
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield result_from_doc(article, remember_text(doc, article.text), gazetteer)


def _resources(nlp, gazetteer):
    if nlp is None:
        from extract.nlp import get_nlp

        nlp = get_nlp()
    if gazetteer is None:
        from gazetteer import get_gazetteer

        gazetteer = get_gazetteer()
    return nlp, gazetteer
