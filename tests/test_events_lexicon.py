"""The data files behind extract.events: ACLED vocabulary, triggers, actor aliases."""

from __future__ import annotations

import pytest

from extract.events.lexicon import DATA, stem, vocabulary


def test_vocabulary_has_acled_6_types_and_25_sub_types():
    voc = vocabulary()
    assert len(voc.event_types) == 6
    assert sum(len(t["sub_event_types"]) for t in voc.event_types.values()) == 25
    assert set(voc.inter) == set(range(1, 9))


def test_every_trigger_uses_acled_spellings():
    voc = vocabulary()
    for t in voc.triggers:
        if t.event_type != "-":
            assert t.sub_event_type in voc.sub_types(t.event_type), t


def test_every_sub_event_type_has_a_trigger_except_other():
    voc = vocabulary()
    covered = {(t.event_type, t.sub_event_type) for t in voc.triggers}
    for etype, info in voc.event_types.items():
        for sub in info["sub_event_types"]:
            if sub not in ("Other", "Excessive force against protesters"):
                assert (etype, sub) in covered, (etype, sub)


@pytest.mark.parametrize("name", ["acled_vocabulary.json", "event_triggers.tsv", "actor_aliases.json"])
def test_data_files_say_where_their_facts_come_from(name):
    head = (DATA / name).read_text(encoding="utf-8")[:600].lower()
    assert "source" in head


@pytest.mark.parametrize("a,b", [
    ("liberated", "liberate"), ("liberating", "liberate"), ("shelled", "shelling"), ("rallied", "rally"),
    ("kidnapped", "kidnap"), ("clashes", "clash"), ("struck", "strike"), ("retook", "retake"),
    ("bombers", "bomber"), ("denied", "deny"), ("preparing", "prepare"),
])
def test_stem_joins_inflections(a, b):
    assert stem(a) == stem(b)


@pytest.mark.parametrize("a,b", [("protester", "protest"), ("bomber", "bomb"), ("shell", "shellfish")])
def test_stem_keeps_different_words_apart(a, b):
    assert stem(a) != stem(b)
