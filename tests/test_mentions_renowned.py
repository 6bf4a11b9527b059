"""The whole-name cue of extract.mentions, with the gazetteer's answer given: a state's or a big
city's name of several words that NER missed is a place."""

import pytest

from extract.mentions import MentionFinder


@pytest.fixture(scope="module")
def nlp():
    from extract.nlp import get_nlp

    return get_nlp()


def found(nlp, text: str, names: set[str]) -> list[str]:
    mentions, _ = MentionFinder(nlp(text)).mentions(renowned=lambda name: name in names)
    return [m.text for m in mentions]


def test_a_renowned_name_of_several_words_ner_missed_is_a_place(nlp):
    text = "Victoria has 752 cases. New South Wales is the second, with 74 infections."
    assert "New South Wales" in found(nlp, text, {"New South Wales"})



def test_a_county_seat_is_a_town_not_a_county(nlp):
    mentions, _ = MentionFinder(nlp("Paris is the county seat of Lamar County.")).mentions()
    assert mentions[0].text == "Paris" and mentions[0].kind == "settlement"


@pytest.mark.parametrize("text,name,kind", [
    # the name before "district of" is the district; Kerala holds it
    ("Monsoon rains triggered landslides in Wayanad district of Kerala.", "Kerala", None),
    ("Tlacolula is a town in the Mexican state of Oaxaca.", "Oaxaca", "region"),
    ("It lies in the district of Kandahar.", "Kandahar", "settlement"),
    ("Saudi-led jets struck the Red Sea city of Hodeidah.", "Hodeidah", "settlement"),
    ("The village of Arevalo is one of the districts of Iloilo City.", "Arevalo", "settlement"),
])
def test_a_kind_word_before_of_says_what_the_next_name_is_unless_a_name_owns_it(
        nlp, text, name, kind):
    mentions, _ = MentionFinder(nlp(text)).mentions()
    assert {m.text: m.kind for m in mentions}[name] == kind
