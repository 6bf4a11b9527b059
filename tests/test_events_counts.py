"""Casualty counts: a sentence in, ACLED-conservative figures out."""

from __future__ import annotations

import pytest

from extract.events.counts import Counts, count_casualties, has_casualty_word, number


@pytest.mark.parametrize("text,expected", [
    ("84", 84), ("1,200", 1200), ("at least three", 3), ("more than 20", 20),
    ("twenty-five", 25), ("dozens", 12), ("tens", 10), ("hundreds", 100), ("a dozen", 12),
    ("several", 3), ("nearly 40", 40), ("x", None),
])
def test_number_words_and_vague_quantities(text, expected):
    assert number(text) == expected


@pytest.mark.parametrize("sentence,killed,injured", [
    ("Militants killed at least 12 soldiers in an ambush, officials said.", 12, None),
    ("A roadside bomb killed three policemen and wounded five others.", 3, 5),
    ("Dozens were wounded when security forces fired on the crowd.", None, 12),
    ("The blast left 14 people dead and dozens injured.", 14, 12),
    ("At least 21 people were killed and 40 injured, the ministry said.", 21, 40),
    ("Hundreds of people were wounded in the shelling.", None, 100),
    ("Tens of civilians were killed in the air raids, residents said.", 10, None),
    ("The death toll rose to 31, a hospital source said.", 31, None),
    ("Gunmen shot dead a farmer near the village.", 1, None),
    ("Several people were killed in the clashes.", 3, None),
    ("No one was killed in the attack, police said.", 0, None),
    ("Protesters marched peacefully through the capital.", None, None),
    ("Soldiers killed civilians in the village, witnesses said.", 3, None),
    ("Residents described a massacre, with bodies in the streets; militants killed villagers.", 10, None),
    ("In 2016, 12 people were killed in a similar attack.", 12, None),
    ("The strike killed 7 and injured 12, the health ministry said.", 7, 12),
    ("Rebels hacked and shot to death at least 26 civilians in the village.", 26, None),
    ("Two men were beaten to death by a mob.", 2, None),
    ("Three villagers were burned to death in their homes.", 3, None),
])
def test_count_casualties_victims(sentence, killed, injured):
    c = count_casualties(sentence)
    assert (c.killed, c.injured) == (killed, injured)


@pytest.mark.parametrize("sentence,bombers,attackers", [
    ("Two suicide bombers killed at least three people in a restaurant.", 2, None),
    ("A suicide bomber blew himself up at a checkpoint, killing four soldiers.", 1, None),
    ("Three attackers detonated their explosive vests at the gate.", 3, None),
    ("A suicide car bomb hit the base.", 1, None),
])
def test_count_casualties_counts_suicide_bombers(sentence, bombers, attackers):
    c = count_casualties(sentence, suicide=True)
    assert (c.bombers, c.attackers_killed) == (bombers, attackers)


@pytest.mark.parametrize("sentence,attackers,killed", [
    ("A third assailant was shot dead by the security forces.", 1, None),
    ("Two gunmen were killed by police after the raid.", 2, None),
    ("The attacker died at the scene.", None, 3),
])
def test_count_casualties_attackers_shot_dead(sentence, attackers, killed):
    c = count_casualties(sentence)
    assert (c.attackers_killed, c.killed) == (attackers, killed)


def test_counts_merge_never_adds_the_same_deaths_twice():
    first = Counts(killed=3, injured=34, bombers=2)
    again = Counts(killed=3, injured=30)
    extra = Counts(attackers_killed=1)
    merged = first.merge(again).merge(extra)
    assert merged == Counts(killed=3, injured=34, bombers=2, attackers_killed=1)
    assert merged.fatalities == 6


def test_counts_fatalities_none_when_nothing_is_said():
    assert Counts().fatalities is None
    assert Counts(injured=4).fatalities is None


@pytest.mark.parametrize("sentence,has", [
    ("Three soldiers were KILLED near the border.", True),
    ("No one was hurt.", True),
    ("No-one claimed the attack.", True),
    ("There was no\none in the building.", True),
    ("Casualties were light.", True),
    ("The ministry said talks would resume on Monday.", False),
    ("Someone left the gate open.", False),
])
def test_casualty_word_precheck_in_any_case(sentence, has):
    # the cheap test that lets most sentences skip the casualty patterns
    assert has_casualty_word(sentence) is has


def test_a_figure_outweighs_an_article_counting_one_of_its_dead():
    counts = count_casualties("At least 30 people were killed as police fired on protesters in "
                              "Dhaka and in Rangpur, where a student was shot dead.")
    assert counts.killed == 30


@pytest.mark.parametrize("sentence, killed", [
    ("Gunmen shot dead the mayor of Malinaltepec on Sunday.", 1),
    ("The local commander of the group was killed in the strike.", 1),
    ("Gunmen killed the mayors of two towns.", 3),  # several, no figure: ACLED's 3
])
def test_counts_one_person_named_by_role(sentence, killed):
    assert count_casualties(sentence).killed == killed
