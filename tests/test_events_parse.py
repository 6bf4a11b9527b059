"""The opt-in parse of event sentences only (extract/events/parse.py): which sentences it
parses, where it puts sentence starts, and that event extraction reads the same from it as
from the full parse on real articles."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from spacy.tokens import Doc

from extract.events import extract_events
from extract.events.evaluate import annotated_places
from extract.events.parse import break_at_blank_lines, needs_parse, parse_event_sentences
from extract.types import Article

FIXTURES = Path(__file__).parent / "fixtures" / "events"


def _load():
    import settings
    import spacy

    from extract.nlp import use_fast_attribute_ruler

    nlp = spacy.load(settings.get("SPACY_MODEL"), exclude=["lemmatizer"])
    use_fast_attribute_ruler(nlp)
    return nlp


@pytest.fixture(scope="module")
def full():
    return _load()


@pytest.fixture(scope="module")
def selective():
    nlp = _load()
    assert parse_event_sentences(nlp)
    return nlp


def test_pipeline_runs_senter_and_ner_then_the_event_parser(selective):
    assert selective.pipe_names == ["senter", "ner", "conflictmap_event_parser"]
    assert not parse_event_sentences(selective)  # already done: left as it is


def test_a_blank_line_after_a_full_stop_starts_a_sentence(full):
    words = ["Gunmen", "attacked", ".", "\n\n", "Rain", "fell", "\n\n", "Later", "on", ".",
             "\n\n", "and", "more"]
    doc = Doc(full.vocab, words=words, spaces=[False] * len(words),
              sent_starts=[True] + [False] * (len(words) - 1))
    break_at_blank_lines(doc)
    # after "." yes; after "fell" (no full stop) and before a lower-case word, no
    assert [t.i for t in doc if t.is_sent_start] == [0, 4]
    assert [s.text for s in doc.sents] == ["Gunmenattacked.\n\n",
                                           "Rainfell\n\nLateron.\n\nandmore"]


def test_only_sentences_with_a_trigger_or_a_casualty_word_are_parsed(selective):
    text = ("The festival opened on Friday. Gunmen stormed a checkpoint near the town. "
            "Officials said two people died. The weather was mild.")
    doc = selective(text)
    chosen = [doc[s:e].text for s, e in needs_parse(doc)]
    assert chosen == ["Gunmen stormed a checkpoint near the town.", "Officials said two people died."]
    parsed = {t.i for s, e in needs_parse(doc) for t in doc[s:e]}
    assert all(t.dep_ for t in doc if t.i in parsed and not t.is_space)
    assert not any(t.dep_ or t.pos_ for t in doc if t.i not in parsed)
    assert [e.label_ for e in doc.ents]  # NER ran over the whole text


# Fields an event takes from its sentence's text span. The full parse splits a wire dateline
# ("MOGADISHU (Reuters) - A car bomb ...") into a sentence of its own; the senter does not,
# so with the selective parse the event's sentence starts at the dateline. Everything coded
# (type, date, place, actors, counts) is the same.
_SPAN_FIELDS = {"sentence", "start", "sentences"}


@pytest.mark.parametrize("name", sorted(p.name.replace(".expected.json", "")
                                        for p in FIXTURES.glob("*.expected.json")))
def test_selective_parse_finds_the_full_parses_events(full, selective, name):
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    text = (FIXTURES / expected["article"]).read_text(encoding="utf-8")
    article = Article(name, text, date.fromisoformat(expected["published"]))
    places = annotated_places(text, expected, {})

    def events(nlp):
        return [{k: v for k, v in e.to_json().items() if k not in _SPAN_FIELDS}
                for e in extract_events(nlp(text), places, article)]

    ours, reference = events(selective), events(full)
    assert reference, "the fixture must hold events"
    assert ours == reference
