"""Candidate ranking on a tiny hand-made gazetteer: pure scoring, no spaCy model."""

from __future__ import annotations

import pytest

from extract.mentions import Mention
from extract.resolve import (
    Context, Ranked, candidates, confidence, is_far_guess, is_lone_lookalike, name_priors, rank,
    similarity,
)
from gazetteer.index import SCHEMA_VERSION, Candidate, Gazetteer, add_names, add_places, connect

# (geonameid, name, lat, lon, cc, admin1, admin2, level, feature, population, source), names
TINY = [
    ((1, "‘Anah", 34.36857, 41.98194, "IQ", "01", "", "city", "PPL", 27000, "t"), ["‘Anah", "Anah", "Ana"]),
    ((2, "Anna", 51.49, 40.42, "RU", "86", "", "city", "PPL", 19148, "t"), ["Anna"]),
    ((3, "Anna", 37.46, -89.24, "US", "IL", "", "city", "PPL", 4321, "t"), ["Anna"]),
    ((4, "Rāwah", 34.48, 41.92, "IQ", "01", "", "city", "PPL", 13000, "t"), ["Rāwah", "Rawa"]),
    ((5, "Rawa Mazowiecka", 51.76, 20.25, "PL", "74", "", "city", "PPL", 17770, "t"), ["Rawa Mazowiecka", "Rawa"]),
    ((6, "Iraq", 33.0, 43.7, "IQ", "", "", "country", "PCLI", 38000000, "t"), ["Iraq"]),
    ((7, "Al Anbār", 32.97, 41.62, "IQ", "01", "", "admin1", "ADM1", 0, "t"), ["Al Anbār", "Anbar"]),
    ((8, "Georgia", 42.2, 43.5, "GE", "", "", "country", "PCLI", 3700000, "t"), ["Georgia"]),
    ((9, "Georgia", 32.7, -83.5, "US", "GA", "", "admin1", "ADM1", 0, "t"), ["Georgia"]),
    ((10, "Mexico", 23.6, -102.5, "MX", "", "", "country", "PCLI", 126000000, "t"), ["Mexico"]),
    ((11, "Mexico City", 19.43, -99.13, "MX", "09", "", "city", "PPLC", 12294193, "t"), ["Mexico City", "Mexico"]),
    ((12, "Mandalay", 21.97, 96.08, "MM", "08", "", "city", "PPLA", 1208099, "t"), ["Mandalay"]),
    ((13, "Mandalay", 21.19, 95.99, "MM", "08", "", "admin1", "ADM1", 0, "t"), ["Mandalay"]),
    ((14, "Arak", 34.09, 49.69, "IR", "34", "", "city", "PPLA", 503647, "t"), ["Arak", "Iraq"]),
    # GeoNames lists Nikopol under Sloviansk's name too; a few more people than Sloviansk
    ((15, "Nikopol", 47.57, 34.40, "UA", "04", "", "city", "PPL", 105160, "t"), ["Nikopol", "Slov'iansk"]),
    ((16, "Slovyansk", 48.87, 37.62, "UA", "14", "", "city", "PPL", 105141, "t"), ["Slovyansk", "Sloviansk"]),
]


@pytest.fixture(scope="module")
def gaz(tmp_path_factory) -> Gazetteer:
    path = tmp_path_factory.mktemp("gaz") / "tiny.sqlite"
    con = connect(path, create=True)
    with con:
        add_places(con, [row for row, _ in TINY])
        add_names(con, [(row[0], n, i == 0) for row, names in TINY for i, n in enumerate(names)])
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
    con.close()
    return Gazetteer(path)


def m(text: str, kind: str | None = None, source: str = "ner") -> Mention:
    return Mention(0, len(text), text, source, "GPE", kind)


def test_search_finds_exact_and_transliterated(gaz):
    found = {c.geonameid: c.exact for c in gaz.search("Anna")}
    assert found[2] and found[3]
    assert found[1] is False  # 'Anah only by skeleton


def test_similarity_prefers_own_name_then_alternate_then_skeleton(gaz):
    by_id = {c.geonameid: c for c in gaz.search("Anna")}
    assert similarity("anna", by_id[2]) == 1.0
    assert 0.8 <= similarity("anna", by_id[1]) < 0.95
    mexico = {c.geonameid: c for c in gaz.search("Mexico")}
    assert similarity("mexico", mexico[11]) == 0.95


def test_without_context_most_prominent_namesake_wins(gaz):
    ranked = rank(candidates(gaz, m("Rawa")), m("Rawa"), None)
    assert ranked[0].candidate.country_code == "PL"


def test_article_country_context_picks_the_local_town(gaz):
    ctx = Context.from_evidence([("IQ", 1.0), ("IQ.01", 0.8)])
    assert rank(candidates(gaz, m("Rawa")), m("Rawa"), ctx)[0].candidate.geonameid == 4
    assert rank(candidates(gaz, m("Anna", "settlement")), m("Anna", "settlement"), ctx)[0].candidate.geonameid == 1


def test_an_uncertain_names_state_is_a_small_share_of_the_article():
    # one name read in Illinois with confidence 0.17 (six namesake counties) is not the
    # article's whole state context; two sure ones share it
    assert Context.from_evidence([("US", 1.0), ("US.IL", 0.17)]).regions == {("US", "IL"): 0.17}
    assert Context.from_evidence([("US.SC", 0.8), ("US.IL", 0.8)]).regions[("US", "SC")] == 0.5


def test_a_country_loosely_spelt_like_a_towns_name_is_not_it_even_where_named():
    # "Saada" (Sa'dah, Yemen) in an article that names Saudi Arabia, whose skeleton it shares
    saudi = Candidate(1, "Saudi Arabia", 24.0, 44.6, "SA", "", "country", 33_000_000, "PCLI",
                      "Saudia", False)
    sadah = Candidate(2, "Sa'dah", 16.9, 43.8, "YE", "15", "city", 51_870, "PPLA", "Saada")
    ranked = rank([(saudi, 0.85), (sadah, 0.95)], m("Saada"), Context({"SA": 1.0}, {}))
    assert ranked[0].candidate.name == "Sa'dah"


def test_country_name_beats_capital_alias_and_us_context_picks_state(gaz):
    assert rank(candidates(gaz, m("Mexico")), m("Mexico"), Context({}, {}))[0].candidate.level == "country"
    us = Context.from_evidence([("US", 1.0), ("US.FL", 0.5)])
    assert rank(candidates(gaz, m("Georgia")), m("Georgia"), us)[0].candidate.geonameid == 9
    assert rank(candidates(gaz, m("Georgia")), m("Georgia"), Context({}, {}))[0].candidate.geonameid == 8


def test_region_cue_prefers_admin_level(gaz):
    ctx = Context.from_evidence([("IQ", 1.0)])
    ranked = rank(candidates(gaz, m("Anbar", "region")), m("Anbar", "region"), ctx)
    assert ranked[0].candidate.level == "admin1"


def test_container_moves_namesake(gaz):
    ctx = Context({}, {})
    russia_anna = rank(candidates(gaz, m("Anna")), m("Anna"), ctx)[0].candidate
    assert russia_anna.country_code == "RU"
    iraq = gaz.get(6)
    assert rank(candidates(gaz, m("Anna")), m("Anna"), ctx, container=iraq)[0].candidate.geonameid == 1


def test_confidence_is_probability_like(gaz):
    ctx = Context.from_evidence([("IQ", 1.0)])
    ranked = rank(candidates(gaz, m("Rawa")), m("Rawa"), ctx)
    assert 0.5 < confidence(ranked) <= 1.0
    assert confidence([]) == 0.0


def test_small_foreign_namesake_is_a_far_guess_in_a_one_country_article(gaz):
    ctx = Context.from_evidence([("IQ", 3.0)])
    anna_us = [r for r in rank(candidates(gaz, m("Anna")), m("Anna"), ctx)
               if r.candidate.geonameid == 3][0]
    assert is_far_guess(anna_us, ctx, m("Anna", source="cue"))
    iraq = rank(candidates(gaz, m("Iraq")), m("Iraq"), ctx)[0]
    assert not is_far_guess(iraq, ctx, m("Iraq"))
    # a state named in full in an article about another country is that state
    us = Context.from_evidence([("US", 3.0)])
    anbar = rank(candidates(gaz, m("Anbar")), m("Anbar"), us)[0]
    assert anbar.candidate.level == "admin1" and not is_far_guess(anbar, us, m("Anbar"))


def test_lookalike_spelling_needs_a_neighbour_or_its_container(gaz):
    ctx = Context.from_evidence([("IQ", 3.0)])
    anah = [r for r in rank(candidates(gaz, m("Anna")), m("Anna"), ctx)
            if r.candidate.geonameid == 1][0]
    assert anah.similarity < 0.95
    rawa = (34.48, 41.92)
    assert not is_lone_lookalike(anah, [rawa], None)  # 'Anah beside Rawa: a transliteration
    assert is_lone_lookalike(anah, [(36.34, 43.13)], None)  # only Mosul, 300 km off: unknown
    assert is_lone_lookalike(anah, [], None)
    anbar = gaz.search("Anbar")[0]
    assert not is_lone_lookalike(anah, [], anbar)  # "Anna, a town in Anbar"
    exact = [r for r in rank(candidates(gaz, m("Anna")), m("Anna"), ctx)
             if r.candidate.geonameid == 3][0]
    assert not is_lone_lookalike(exact, [], None)  # its own name: not a lookalike


def test_a_loose_spelling_of_a_country_the_article_never_names_is_not_it(gaz):
    iraq = [r for r in rank(candidates(gaz, m("Irak")), m("Irak"), None)
            if r.candidate.geonameid == 6][0]
    assert iraq.similarity < 0.95
    assert is_far_guess(iraq, Context.from_evidence([("PK", 3.0)]), m("Irak"))
    assert not is_far_guess(iraq, Context.from_evidence([("IQ", 3.0)]), m("Irak"))


def test_candidate_is_frozen():
    c = Candidate(1, "x", 0.0, 0.0, "IQ", "01", "city", 0)
    with pytest.raises(Exception):
        c.name = "y"


def test_alternate_spelling_elsewhere_loses_to_the_entry_named_so(gaz):
    # Arak (Iran) lists "Iraq" among its spellings; in an article about Iran it is still Iraq.
    ctx = Context.from_evidence([("IR", 1.0)])
    assert rank(candidates(gaz, m("Iraq")), m("Iraq"), ctx)[0].candidate.geonameid == 6


@pytest.mark.parametrize("kind, level", [(None, "city"), ("settlement", "city"), ("region", "admin1")])
def test_state_named_after_its_capital_is_the_city_unless_called_a_region(gaz, kind, level):
    ranked = rank(candidates(gaz, m("Mandalay", kind)), m("Mandalay", kind), Context({}, {}))
    assert ranked[0].candidate.level == level


def test_list_of_states_reads_a_name_as_a_state(gaz):
    ranked = rank(candidates(gaz, m("Georgia")), m("Georgia"), Context({}, {}), peer=("admin1", "US"))
    assert ranked[0].candidate.geonameid == 9
    ranked = rank(candidates(gaz, m("Georgia")), m("Georgia"), Context({}, {}), peer=("country", ""))
    assert ranked[0].candidate.geonameid == 8


def test_among_alternate_names_a_spelling_of_the_own_name_wins(gaz):
    m = Mention(0, 9, "Sloviansk", "ner", "GPE")
    assert rank(candidates(gaz, m), m, None)[0].candidate.name == "Slovyansk"


def test_a_name_ranked_again_is_ranked_alike_whatever_the_caller_did_with_the_first(gaz):
    # rankings of a name said on its own are kept per name and cue: a caller's list is its own
    cands = candidates(gaz, m("Anna"))
    priors = name_priors(cands)
    first = rank(cands, m("Anna"), None, priors=priors)
    expected = [(r.candidate.geonameid, r.score) for r in first]
    first.reverse()
    first.pop()
    again = rank(cands, m("Anna"), None, priors=priors)
    assert [(r.candidate.geonameid, r.score) for r in again] == expected
    # the cue counts: a region cue ranks the same candidates apart
    mandalay = candidates(gaz, m("Mandalay"))
    mp = name_priors(mandalay)
    assert rank(mandalay, m("Mandalay"), None, priors=mp)[0].candidate.level == "city"
    assert rank(mandalay, m("Mandalay", "region"), None, priors=mp)[0].candidate.level == "admin1"


def _place(gid: int, lat: float, lon: float) -> Candidate:
    return Candidate(gid, "X", lat, lon, "IQ", "01", "city", 1000, "PPL", "X")


@pytest.mark.parametrize("north_km,rivals", [(20, False), (24.9, False), (25.2, True), (300, True)])
def test_readings_within_25_km_do_not_compete_for_confidence(north_km, rivals):
    here = Ranked(_place(1, 34.0, 42.0), 5.0, 1.0)
    there = Ranked(_place(2, 34.0 + north_km / 111.195, 42.0), 5.0, 1.0)
    assert confidence([here, there]) == (0.5 if rivals else 1.0)
