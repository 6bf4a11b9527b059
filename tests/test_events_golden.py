"""Golden tests: whole annotated articles (the shared seed and tests/fixtures/events)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from extract.events import extract_events
from extract.events.evaluate import annotated_places, full_match, violations
from extract.types import Article

FIXTURES = Path(__file__).parent / "fixtures" / "events"
SEED = "anbar-offensive-2017-09-19"

# What a gazetteer adds to the seed annotation: region centroids and the towns' admin1.
SEED_EXTRA = {
    "Anbar": {"centroid": [33.0, 41.6], "name": "Al Anbar", "admin1": "Al Anbar"},
    "Salaheddin": {"centroid": [34.5, 43.6], "name": "Salah ad Din", "admin1": "Salah ad Din"},
    "Syria": {"centroid": [35.0, 38.0]}, "Iraq": {"centroid": [33.0, 44.0]},
    **{town: {"admin1": "Al Anbar", "country_code": "IQ"} for town in ("Anna", "Al-Rayhanna", "Rawa", "Al-Qaim")},
    **{town: {"admin1": "Salah ad Din", "country_code": "IQ"} for town in ("Hajjaj", "Tikrit", "Baiji")},
    "Mosul": {"admin1": "Ninawa", "country_code": "IQ"}, "Hawija": {"admin1": "Kirkuk", "country_code": "IQ"},
    "Baghdad": {"admin1": "Baghdad", "country_code": "IQ"}, "Nasiriyah": {"admin1": "Dhi Qar", "country_code": "IQ"},
}


@pytest.fixture(scope="module")
def nlp():
    from extract.nlp import get_nlp

    return get_nlp()


def _load(exp_path: Path):
    expected = json.loads(exp_path.read_text(encoding="utf-8"))
    text = (exp_path.parent / expected["article"]).read_text(encoding="utf-8")
    return text, expected


def _check(events: list[dict], expected: dict) -> None:
    for exp in expected["events_must_include"]:
        found = [e for e in events if full_match(e, exp)]
        assert found, f"missing: {exp['what']}\n got: " + "\n      ".join(
            f"{e['event_type']}/{e['sub_event_type']} {e['date']} {e['location']} F={e['fatalities']} "
            f"I={e['injuries']} {e['actor1']}|{e['actor2']}" for e in events)
    assert violations(events, expected) == []
    if expected.get("complete"):
        assert len(events) == len(expected["events_must_include"])


def test_events_golden_seed_with_annotated_places(nlp, shared_dir):
    text, expected = _load(shared_dir / "articles" / f"{SEED}.expected.json")
    article = Article(SEED, text, date.fromisoformat(expected["published"]))
    events = extract_events(nlp(text), annotated_places(text, expected, SEED_EXTRA), article)
    _check([e.to_json() for e in events], expected)


def test_events_golden_seed_through_the_pipeline(shared_dir):
    """The seed end to end: geoparser places, then events (needs the built gazetteer)."""
    import settings

    if not Path(settings.get("GAZETTEER_PATH")).exists():
        pytest.skip("gazetteer index not built: run `python -m extract gazetteer build`")
    from extract.pipeline import process

    text, expected = _load(shared_dir / "articles" / f"{SEED}.expected.json")
    result = process(Article(SEED, text, date.fromisoformat(expected["published"])))
    _check([e.to_json() for e in result.events], expected)


@pytest.mark.parametrize("exp_path", sorted(FIXTURES.glob("*.expected.json")), ids=lambda p: p.stem)
def test_events_golden_fixtures(nlp, exp_path):
    text, expected = _load(exp_path)
    article = Article(exp_path.stem, text, date.fromisoformat(expected["published"]))
    events = extract_events(nlp(text), annotated_places(text, expected), article)
    _check([e.to_json() for e in events], expected)


def test_events_golden_seed_without_publication_date_does_not_crash(nlp, shared_dir):
    text, expected = _load(shared_dir / "articles" / f"{SEED}.expected.json")
    events = extract_events(nlp(text), annotated_places(text, expected, SEED_EXTRA), Article(SEED, text))
    assert events and all(e.date is None or e.time_precision for e in events)
