"""Span repair against the gazetteer (extract.spans), with a small name list for the gazetteer."""

from __future__ import annotations

from extract.mentions import Mention
from extract.spans import refine
from gazetteer.normalize import name_key

KNOWN = {name_key(n) for n in ["Aceh", "Sydney", "China", "Orange County", "South Sudan",
                               "Nigeria", "Central Africa", "Indian Ocean", "Jutland",
                               "Democratic Republic of the Congo", "Congo",
                               "Rio Grande", "Rio Grande do Sul", "Central", "Mission",
                               "Mission Viejo", "Mansehra", "Mansehra District", "Beida",
                               "Goz Beida", "Guinea", "Guinea-Bissau", "Mashonaland West",
                               "Houston", "St. Louis", "Moil", "Trinidad",
                               "Trinidad and Tobago", "Iran", "Iraq", "Spain",
                               "Port of Spain", "Texas", "University of Texas",
                               "Republic of China", "Dera Ismail Khan"]}
COUNTRIES = frozenset(name_key(n) for n in ["Democratic Republic of the Congo", "Congo",
                                            "China", "Nigeria", "South Sudan"])


def is_name(text: str) -> bool:
    return name_key(text) in KNOWN


def mentions_in(text: str, *names: str) -> list[Mention]:
    out = []
    for n in names:
        s = text.index(n)
        out.append(Mention(s, s + len(n), n, "ner", "GPE"))
    return out


def spans(text: str, *names: str) -> list[tuple[str, str | None]]:
    return [(m.text, m.kind) for m in refine(mentions_in(text, *names), text, is_name, COUNTRIES)]


def repaired(text: str, *names: str) -> list[tuple[str, str]]:
    """Each repaired mention's text and the text at its offsets (they must agree)."""
    return [(m.text, text[m.start:m.end])
            for m in refine(mentions_in(text, *names), text, is_name, COUNTRIES)]


def test_a_kind_word_inside_the_span_is_dropped_and_kept_as_the_cue():
    assert spans("Indonesia's Aceh province alone", "Aceh province") == [("Aceh", "region")]


def test_a_direction_before_a_known_name_is_dropped():
    text = "Eastern China saw cases; more in North-Western Sydney and Mid-Jutland."
    assert spans(text, "Eastern China", "North-Western Sydney", "Mid-Jutland") == [
        ("China", None), ("Sydney", None), ("Jutland", None)]


def test_names_the_gazetteer_has_stay_whole():
    text = "Orange County and South Sudan"
    assert spans(text, "Orange County", "South Sudan") == [
        ("Orange County", None), ("South Sudan", None)]


def test_unknown_inner_names_leave_the_span_as_ner_gave_it():
    text = "Flooding hit the West Coast region."
    assert spans(text, "West Coast region") == [("West Coast region", None)]


def test_a_cut_country_name_is_widened_and_swallows_the_rest():
    text = "cases in the Democratic Republic of the Congo, according to the WHO"
    assert repaired(text, "Democratic Republic", "Congo") == [
        ("Democratic Republic of the Congo", "Democratic Republic of the Congo")]


def test_two_names_run_together_across_a_dash_are_split():
    text = "spread to Central Africa - Nigeria, Cameroon"
    assert repaired(text, "Central Africa - Nigeria") == [
        ("Central Africa", "Central Africa"), ("Nigeria", "Nigeria")]


def test_a_coast_or_an_earthquake_after_a_name_is_not_part_of_it():
    text = "along the Indian Ocean coast after the Aceh earthquake"
    assert spans(text, "Indian Ocean coast", "Aceh earthquake") == [
        ("Indian Ocean", None), ("Aceh", None)]


def test_a_known_name_cut_before_a_connector_takes_the_longer_known_name():
    text = "one apiece in Rio Grande do Sul, Tocantins and Rio Grande de Nada."
    assert [t for t, _ in repaired(text, "Rio Grande")] == ["Rio Grande do Sul"]
    text = "floods on the Rio Grande de Nada"
    # no such longer name: left as it was
    assert [t for t, _ in repaired(text, "Rio Grande")] == ["Rio Grande"]


def test_a_known_name_cut_before_its_second_word_takes_the_longer_known_name():
    text = "cases in restaurants in Mission Viejo and Irvine"
    assert [t for t, _ in repaired(text, "Mission")] == ["Mission Viejo"]
    # a kind word after the name stays a cue, even when the gazetteer has the longer name
    text = "a town in Mansehra District of the province"
    assert [t for t, _ in repaired(text, "Mansehra")] == ["Mansehra"]
    text = "Mission Control said"  # no such longer name
    assert [t for t, _ in repaired(text, "Mission")] == ["Mission"]


def test_a_known_name_cut_after_its_first_word_takes_the_longer_known_name():
    text = "children in camps near Goz Beida were malnourished"
    assert [t for t, _ in repaired(text, "Beida")] == ["Goz Beida"]
    # an article or a direction before the name is not part of it
    assert [t for t, _ in repaired("The Beida camp", "Beida")] == ["Beida"]
    assert [t for t, _ in repaired("in Northern Sydney today", "Sydney")] == ["Sydney"]


def test_a_direction_before_a_direction_is_not_narrowed():
    text = "a village in the East-Central area"
    assert spans(text, "East-Central") == [("East-Central", None)]


def test_a_name_joined_by_a_hyphen_is_continued():
    text = "Guinea, Guinea-Bissau and Liberia"
    found = [Mention(0, 6, "Guinea", "ner", "GPE"), Mention(8, 14, "Guinea", "ner", "GPE")]
    assert [m.text for m in refine(found, text, is_name, COUNTRIES)] == ["Guinea", "Guinea-Bissau"]


def test_an_unknown_span_is_continued_to_the_name_it_starts():
    # NER found "Mashonaland", which is no name; with the next word it is a province
    assert spans("the provinces of Mashonaland West and Midlands", "Mashonaland") == [
        ("Mashonaland West", None)]


def test_a_name_joined_by_and_or_of_is_one_name_when_the_gazetteer_says_so():
    # NER tags "Trinidad" a place and "Tobago" an organisation; the possessive stays off
    assert spans("Trinidad and Tobago's two cities", "Trinidad") == [("Trinidad and Tobago", None)]
    assert spans("Iran and Iraq", "Iran", "Iraq") == [("Iran", None), ("Iraq", None)]
    assert spans("in Port of Spain on Monday", "Spain") == [("Port of Spain", None)]
    # not an institution's "of", nor part of a longer name the text spells out
    assert spans("the University of Texas said", "Texas") == [("Texas", None)]
    assert spans("the People's Republic of China said", "China") == [("China", None)]


def test_codes_and_articles_do_not_continue_a_name():
    assert spans("St. Louis, MO-IL metropolitan area", "MO") == [("MO", None)]
    assert spans("in the Houston–The Woodlands area", "Houston") == [("Houston", None)]


def test_a_name_cut_after_its_first_word_is_continued_over_several():
    text = "a roadside bomb killed five policemen in Dera Ismail Khan on Friday"
    assert repaired(text, "Dera") == [("Dera Ismail Khan", "Dera Ismail Khan")]
