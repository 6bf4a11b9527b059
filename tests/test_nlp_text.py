"""Per-document helpers on the hot path give what spaCy's own slower reads give."""

import pytest

from extract.mentions import _proper_runs
from extract.nlp import get_nlp, remember_text, text_of
from extract.pipeline import looks_english

TEXTS = [
    "Troops entered Hawija and Al-Sharqat on Monday.",
    "  Leading spaces,\n\nblank lines\tand tabs  ",
    "Ménaka — “quoted” text, ‘Anah and Deir ez-Zor.",
    "",
]


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


@pytest.mark.parametrize("text", TEXTS)
def test_text_of_is_the_docs_text_and_remembered(nlp, text):
    doc = nlp(text)
    assert text_of(doc) == doc.text == text
    assert text_of(remember_text(nlp(text), text)) == text


def test_proper_runs_are_the_capitalised_words_outside_entities(nlp):
    text = "Troops entered Hawija and Al-Sharqat. The village of Rawa fell."
    doc = nlp(text)
    runs = [text[s:e] for s, e in _proper_runs(doc, [])]
    # a sentence's first word stays out when it is a stop word ("The"), not when the tagger
    # calls it a noun ("Troops": the geoparser later finds no such place)
    assert runs == ["Troops", "Hawija", "Al-Sharqat", "Rawa"]
    taken = [(text.index("Hawija"), text.index("Hawija") + 6)]
    assert [text[s:e] for s, e in _proper_runs(doc, taken)] == ["Troops", "Al-Sharqat", "Rawa"]


def test_looks_english_on_english_other_languages_and_short_text(nlp):
    english = ("The army said that the town was taken by the rebels after a long fight in the "
               "north of the country, and many people have fled from there.")
    german = ("Die Armee sagte, dass die Stadt nach einem langen Kampf im Norden des Landes von "
              "den Rebellen eingenommen wurde, und viele Menschen sind geflohen.")
    assert looks_english(nlp(english))
    assert not looks_english(nlp(german))
    assert looks_english(nlp("Kurz."))  # too short to tell: given the benefit of the doubt
