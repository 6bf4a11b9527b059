"""The fast trigger matcher and attribute ruler change nothing: the same matches and token
attributes as spaCy's Matcher and AttributeRuler (extract/fast_check.py)."""

from pathlib import Path

import pytest

from extract.fast_check import compare

SEED = Path(__file__).resolve().parents[2] / "shared" / "articles" / "anbar-offensive-2017-09-19.txt"

# Written for this test: trigger words in their inflections and in phrases, negation and
# modality, contractions, capitals, numbers, hyphens, quotes and text with no event at all.
TEXTS = [
    "Gunmen killed three policemen and wounded five others in an ambush near Kirkuk on Monday.",
    "A suicide bomber blew himself up at a checkpoint, killing 12 people, officials said.",
    "Airstrikes hit ISIS positions west of Mosul; the coalition said it had struck 14 targets.",
    "Protesters gathered in Tahrir Square, and security forces fired tear gas to disperse them.",
    "The army didn't confirm the clashes, but residents reported heavy shelling overnight.",
    "FIGHTERS ATTACKED THE VILLAGE AT DAWN AND ABDUCTED TWO FARMERS.",
    "Police arrested 40 suspects after rioters looted shops and set cars on fire.",
    "An IED exploded near a convoy on the Baghdad-Kirkuk highway; no casualties were reported.",
    "\u201cWe will attack,\u201d the commander warned, as troops prepared an offensive to retake Hawija.",
    "The ministry plans to hold talks next week on rebuilding schools in the province.",
    "Militants seized the town, executing 7 men and kidnapping dozens, according to a UN report.",
    "Drone strikes targeted a training camp; at least 30 militants were killed and 9 injured.",
    "",
    "   \n  ",
    # The rules that search the word with a regular expression or span two tokens: words no
    # rule names are decided by a stand-in word, which must not change what these get.
    "Y'all ain't seen nothin' yet, they're gonna fight. Let's go, c'mon! There is a curfew; "
    "there are checkpoints and there's been shelling. Ya'll ain't heard nuthin' either.",
]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    extra = [SEED.read_text(encoding="utf-8")] if SEED.exists() else []
    return TEXTS + extra


def test_fast_components_give_spacys_matches_and_attributes(texts):
    result = compare(texts)
    assert result.texts == len(texts)
    assert result.matches >= 15, "the texts must exercise the trigger matcher"
    assert result.docs_matches_differ == 0
    assert result.docs_attributes_differ == 0
    assert result.identical
