"""review/: the pure logic behind the Article page's correction forms (real gazetteer, no spaCy)."""

from __future__ import annotations

import math
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from review import candidates as cands
from review import events as ev
from review.locate import BadCoordinates, locate, parse_latlon, pinned_place
from review.places import distinct_mentions, place_label, records, resolved_places
from store.repository import EVENT_FIELDS, PLACE_FIELDS

BASRAH = (30.50852, 47.7804)


@pytest.fixture(scope="module")
def gazetteer():
    from gazetteer import get_gazetteer

    return get_gazetteer()


@pytest.mark.parametrize("typed, expected", [
    ("33.31, 44.36", (33.31, 44.36)), ("33.31 44.36", (33.31, 44.36)),
    ("(-12.5; +130)", (-12.5, 130.0)), ("  0,0 ", (0.0, 0.0)),
])
def test_review_parse_latlon_reads_latitude_first(typed, expected):
    assert parse_latlon(typed) == expected


@pytest.mark.parametrize("typed", ["", "Baghdad", "33.31", "1, 2, 3", "95, 10", "10, 181",
                                   "<script>, 1"])
def test_review_parse_latlon_refuses_what_is_not_a_point(typed):
    with pytest.raises(BadCoordinates):
        parse_latlon(typed)


def test_review_locate_names_country_and_region(gazetteer):
    found = locate(33.31, 44.36, gazetteer)
    assert (found.country_code, found.country, found.admin1_code) == ("IQ", "Iraq", "07")
    assert found.admin1 == gazetteer.admin1_name("IQ", "07")  # the gazetteer's spelling
    at_sea = locate(0.0, -30.0, gazetteer)
    assert (at_sea.country_code, at_sea.admin1) == (None, None)


def test_review_pinned_place_is_a_store_correction(gazetteer):
    fields = pinned_place("33.31, 44.36", "Somewhere", gazetteer)
    assert set(fields) <= set(PLACE_FIELDS) | {"country"}
    assert (fields["lat"], fields["geonameid"], fields["country_code"]) == (33.31, None, "IQ")


def test_review_candidates_nearest_first_and_best_first(gazetteer):
    near = cands.candidates(gazetteer, "Basra", near=BASRAH, current_id=99532)
    assert near[0].current and near[0].distance_km < 1
    distances = [c.distance_km for c in near if c.distance_km is not None]
    assert distances == sorted(distances)
    best = cands.candidates(gazetteer, "Basra", order=cands.BEST)
    assert best[0].exact and best[0].name == "Basrah" and best[0].distance_km is None
    assert all(c.exact for c in best[:2])
    pakistan = cands.candidates(gazetteer, "Basra", country="pk")
    assert pakistan and {c.country for c in pakistan} == {"Pakistan"}
    assert cands.candidates(gazetteer, "   ") == []


def test_review_candidate_fields_fit_the_store(gazetteer):
    choice = cands.candidates(gazetteer, "Basra", near=BASRAH)[0]
    fields = choice.place_fields()
    assert set(fields) <= set(PLACE_FIELDS) | {"country"}
    assert (fields["country_code"], fields["country"], fields["feature"]) == ("IQ", "Iraq", "city")
    assert "Basrah" in choice.label() and "current" not in choice.label()


def test_review_country_name_prefers_the_events_spelling(gazetteer):
    assert cands.country_name(gazetteer, "IQ") == "Iraq"
    assert cands.country_name(None, "iq") == "Iraq"
    assert cands.country_name(gazetteer, None) is None


def test_review_sub_types_follow_the_type():
    assert "Battles" in ev.event_types() and len(ev.event_types()) == 6
    assert ev.event_types("Made up")[-1] == "Made up"
    assert ev.sub_event_types("Riots") == ["Violent demonstration", "Mob violence"]
    assert ev.sub_event_types("Riots", "Old value")[-1] == "Old value"
    assert ev.sub_event_types("Unknown") == []
    assert ev.disorder_type("Riots", "Violent demonstration") == "Demonstrations"
    assert ev.disorder_type("Riots", "Mob violence") == "Political violence"
    assert ev.disorder_type("Unknown", None) is None


def test_review_changed_fields_ignore_blank_spellings():
    stored = {"actor2": None, "fatalities": np.int64(6), "injuries": pd.NA,
              "event_date": datetime(2017, 9, 19), "lat": 30.5, "note": float("nan")}
    same = {"actor2": "", "fatalities": 6, "injuries": None, "event_date": date(2017, 9, 19),
            "lat": 30.5 + 1e-12, "note": None}
    assert ev.changed_fields(stored, same) == {}
    assert ev.changed_fields(stored, {"actor2": " Police ", "fatalities": 7, "injuries": 0}) == {
        "actor2": "Police", "fatalities": 7, "injuries": 0}
    assert ev.changed_fields(stored, {"event_date": None}) == {"event_date": None}


def test_review_find_sentence():
    text = "First one.\nProtesters marched\n in Basra on Wednesday. Last."
    assert ev.find_sentence(text, "First one.") == (0, 10)
    span = ev.find_sentence(text, "Protesters marched in Basra on Wednesday.")
    assert text[span[0]:span[1]] == "Protesters marched\n in Basra on Wednesday."
    assert ev.find_sentence(text, "Not there.") is None
    assert ev.find_sentence(text, "  ") is None
    assert ev.find_sentence(text, "(.*)") is None  # typed text is not a pattern


@pytest.mark.parametrize("name,code", [
    ("Military Forces of Syria", 1),            # any country in the '{country}' slot
    ("Military Forces of Iraq (2014-)", 1),     # ACLED's period suffix
    ("Civilians (Iraq)", 7), ("Civilians", 7),  # with or without the country
    ("Protesters (Iraq)", 6), ("Islamic State (Iraq)", 2), ("ISIS", 2), ("gunmen", 3),
    ("Popular Mobilization Forces", 3),
    ("Tribal elders of somewhere", None), ("", None), (None, None),
])
def test_review_actor_inter_reads_the_lexicon(name, code):
    assert ev.actor_inter(name) == code


def test_review_actor_codes_as_extraction_makes_them():
    codes = ev.actor_codes("Battles", "Islamic State (Iraq)", "Military Forces of Iraq")
    assert codes == {"inter1": "Rebel group", "inter2": "State forces",
                     "interaction": "State forces-Rebel group", "civilian_targeting": False}
    codes = ev.actor_codes("Battles", "Unknown tribe", "Civilians (Iraq)")
    assert (codes["inter1"], codes["interaction"], codes["civilian_targeting"]) == (
        None, None, True)
    assert ev.actor_codes("Violence against civilians", "gunmen", None)["civilian_targeting"]
    assert ev.actor_codes("Riots", "Rioters (Iraq)", None)["interaction"] == "Rioters only"


def test_review_new_event_values_fit_the_store():
    text = "Rioters burned a shop in Basra on Monday."
    location = ev.location_from_place(
        {"name": "Basrah", "text": "Basra", "lat": 30.5, "lon": 47.8, "admin1": "Al Basrah",
         "country_code": "IQ", "feature": "city"}, "Iraq")
    values, found = ev.new_event(text, event_type="Riots", sub_event_type="Mob violence",
                                 event_date=date(2024, 1, 1), actor1=" Rioters ",
                                 sentence="Rioters burned a shop in Basra on Monday.",
                                 location=location)
    assert found and set(values) <= set(EVENT_FIELDS)
    assert (values["start"], values["end"], values["actor1"], values["actor2"]) == (
        0, len(text), "Rioters", None)
    assert (values["location"], values["geo_precision"], values["disorder_type"]) == (
        "Basrah", 1, "Political violence")
    assert (values["inter1"], values["interaction"]) == ("Rioters", "Rioters only")
    elsewhere, found = ev.new_event(text, event_type="Riots", sub_event_type=None,
                                    event_date=None, sentence="Something else.")
    assert not found and elsewhere["sentence"] == "Something else." and "start" not in elsewhere
    assert elsewhere["time_precision"] is None


def test_review_event_location_from_typed_coordinates(gazetteer):
    fields = ev.event_location(None, "33.31, 44.36", gazetteer)
    assert (fields["country"], fields["geo_precision"]) == ("Iraq", 1)
    assert ev.event_location(None, "", gazetteer) == {}


def test_review_places_lists():
    frame = pd.DataFrame([
        {"id": 1, "text": "Anna", "name": "Anah", "lat": 34.4, "lon": 41.9, "geonameid": 5,
         "admin1": "Anbar", "country_code": "IQ"},
        {"id": 2, "text": "Anna", "name": "Anah", "lat": 34.4, "lon": 41.9, "geonameid": 5,
         "admin1": "Anbar", "country_code": "IQ"},
        {"id": 3, "text": "Hajjaj", "name": None, "lat": math.nan, "lon": math.nan,
         "geonameid": None, "admin1": None, "country_code": None},
    ])
    rows = records(frame)
    assert rows[2]["lat"] is None and rows[2]["name"] is None
    assert list(distinct_mentions(rows)) == [1, 3]
    assert list(resolved_places(rows)) == ["1"]
    assert place_label(rows[0]) == "Anah (Anbar, IQ)" and place_label(rows[2]) == "Hajjaj"


def test_review_correction_summary():
    text = "Fighting in Hajjaj."
    place = ev.correction_summary({"kind": "place", "action": "update", "target": "12:18",
                                   "changes": {"name": "Hajjaj", "geonameid": None}}, text)
    assert place["target"] == "place 'Hajjaj'" and place["changes"] == (
        "name = Hajjaj; geonameid = (empty)")
    event = ev.correction_summary({"kind": "event", "action": "delete",
                                   "target": "0-19|Battles|Hajjaj", "changes": {}}, text)
    assert (event["action"], event["target"]) == ("event delete", "event Battles at Hajjaj")
    added = ev.correction_summary({"kind": "event", "action": "add", "target": None,
                                   "changes": {"event_type": "Riots"}}, text)
    assert added["target"] == "new event"
