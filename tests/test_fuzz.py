"""Random input never makes an entry point raise: extraction, file reading, link parsing."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from extract.types import Article
from store import EventFilter

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# News-like pieces mixed with arbitrary unicode: plain random text rarely reaches the code paths
# where places and events are found.
WORDS = st.sampled_from([
    "Mosul", "Anna", "in", "the", "town", "of", "province", "killed", "wounded", "bomb",
    "attack", "protest", "on", "Tuesday", "between", "and", "near", "Iraq", "Syria", "Al-",
    "said", "police", "gunmen", "3", "dozens", "BAGHDAD,", "(Reuters)", "-", ".", ",", "\n",
    "Salaheddin", "village", "Hajjaj", "Islamic State", "September 19", "2017", "'", '"',
])
NEWSISH = st.lists(st.one_of(WORDS, st.text(min_size=1, max_size=8)), max_size=80).map(" ".join)


@pytest.fixture(scope="module")
def resources():
    from extract.nlp import get_nlp
    from gazetteer import get_gazetteer

    return get_nlp(), get_gazetteer()


@FUZZ
@given(text=st.one_of(NEWSISH, st.text(max_size=400)),
       published=st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1),
                                                max_value=date(2100, 12, 31))))
def test_fuzz_extraction_never_raises(resources, text, published):
    from extract.pipeline import process

    nlp, gazetteer = resources
    result = process(Article(id="f", text=text, published=published), nlp=nlp,
                     gazetteer=gazetteer)
    for place in result.places:
        assert 0 <= place.start <= place.end <= len(text)
        assert (place.lat is None) == (place.lon is None)
    for event in result.events:
        assert event.fatalities is None or event.fatalities >= 0
    assert isinstance(result.to_json(), dict)


@FUZZ
@given(name=st.sampled_from(["a.txt", "b.md", "c.html", "d.pdf", "e.docx", "f.jsonl",
                            "g.csv", "h", "i.zip", "j.bin"]),
       data=st.binary(max_size=2000))
def test_fuzz_reading_any_bytes_gives_drafts_or_problems(name, data):
    from ingest import read_file

    result = read_file(name, data)
    assert isinstance(result.drafts, list) and isinstance(result.problems, list)
    for problem in result.problems:
        assert problem.message.strip()


@FUZZ
@given(params=st.dictionaries(
    st.sampled_from(["date_from", "date_to", "event_types", "actors", "min_fatalities",
                     "article_ids", "include_background", "text", "junk"]),
    st.text(max_size=30)))
def test_fuzz_any_query_string_gives_a_filter(params):
    flt = EventFilter.from_params(params)
    assert isinstance(flt, EventFilter)
    assert EventFilter.from_params(flt.to_params()) == flt  # what a link carries round-trips
