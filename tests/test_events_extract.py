"""extract_events on short wire-style sentences (written for these tests) with hand-made places."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from extract.events import Event, extract_events
from extract.types import Article, Place

PUB = date(2017, 9, 19)  # a Tuesday

# name: (gazetteer name, feature, lat, lon, country, admin1, admin1 code)
GAZ = {
    "Hajjaj": ("Hajjaj", "city", 34.772, 43.584, "IQ", "Salah ad Din", "18"),
    "Tikrit": ("Tikrit", "city", 34.616, 43.679, "IQ", "Salah ad Din", "18"),
    "Baiji": ("Bayji", "city", 34.929, 43.489, "IQ", "Salah ad Din", "18"),
    "Salaheddin": ("Salah ad Din", "admin1", 34.52, 43.64, "IQ", "Salah ad Din", "18"),
    "Anbar": ("Al Anbar", "admin1", 32.97, 41.62, "IQ", "Al Anbar", "01"),
    "Anna": ("'Anah", "city", 34.369, 41.982, "IQ", "Al Anbar", "01"),
    "Rawa": ("Rawah", "city", 34.482, 41.919, "IQ", "Al Anbar", "01"),
    "Hawija": ("Al Hawijah", "city", 35.326, 43.773, "IQ", "Kirkuk", "13"),
    "Kirkuk": ("Kirkuk", "city", 35.468, 44.392, "IQ", "Kirkuk", "13"),
    "Mosul": ("Mosul", "city", 36.335, 43.119, "IQ", "Ninawa", "15"),
    "Baghdad": ("Baghdad", "city", 33.341, 44.401, "IQ", "Baghdad", "07"),
    "Basra": ("Basra", "city", 30.508, 47.783, "IQ", "Basra", "02"),
    "Iraq": ("Iraq", "country", 33.0, 44.0, "IQ", None, None),
    "Syria": ("Syria", "country", 35.0, 38.0, "SY", None, None),
    "Aleppo": ("Aleppo", "city", 36.202, 37.159, "SY", "Aleppo", "09"),
    "Idlib": ("Idlib", "admin1", 35.8, 36.6, "SY", "Idlib", "12"),
    "Kandahar": ("Kandahar", "admin1", 31.0, 65.7, "AF", "Kandahar", "23"),
    "Shopian": ("Shopian", "admin2", 33.72, 74.83, "IN", "Jammu and Kashmir", "12"),
    "Kashmir": ("Jammu and Kashmir", "admin1", 33.55, 75.08, "IN", "Jammu and Kashmir", "12"),
    "Mogadishu": ("Mogadishu", "city", 2.037, 45.344, "SO", "Banaadir", "02"),
    "Kano": ("Kano", "city", 12.0, 8.517, "NG", "Kano", "29"),
    "Khartoum": ("Khartoum", "city", 15.552, 32.532, "SD", "Khartoum", "29"),
    "Nairobi": ("Nairobi", "city", -1.283, 36.817, "KE", "Nairobi", "05"),
    "Tripoli": ("Tripoli", "city", 32.887, 13.191, "LY", "Tripoli", "77"),
}


def places_in(text: str) -> list[Place]:
    """What a geoparser would return for ``text``: every GAZ name, resolved."""
    out = []
    for surface, (name, feature, lat, lon, cc, admin1, code) in GAZ.items():
        for m in re.finditer(rf"\b{re.escape(surface)}\b", text):
            out.append(Place(m.start(), m.end(), surface, name, lat, lon, None, cc, admin1, feature,
                             0.9, admin1_code=code))
    return sorted(out, key=lambda p: p.start)


@pytest.fixture(scope="module")
def nlp():
    from extract.nlp import get_nlp

    return get_nlp()


@pytest.fixture(scope="module")
def run(nlp):
    def _run(text: str, published: date | None = PUB) -> list[Event]:
        doc = nlp(text)
        return extract_events(doc, places_in(text), Article("t", text, published))
    return _run


def one(events: list[Event]) -> Event:
    assert len(events) == 1, [(e.event_type, e.sub_event_type, e.sentence) for e in events]
    return events[0]


@pytest.mark.parametrize("text,etype,sub", [
    ("Syrian government forces shelled rebel-held districts of Aleppo on Monday, killing five "
     "civilians, a monitoring group said.", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Mortar rounds slammed into a residential area of Baghdad, police said.",
     "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("An air strike on a market in Idlib province killed at least 12 people on Sunday, rescuers said.",
     "Explosions/Remote violence", "Air/drone strike"),
    ("A US drone strike killed two suspected militants in Kandahar province, officials said.",
     "Explosions/Remote violence", "Air/drone strike"),
    ("A roadside bomb struck an army patrol near Tikrit, wounding three soldiers.",
     "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("A car bomb exploded outside a police station in Kirkuk on Friday, killing four policemen.",
     "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Attackers threw a grenade at a bus station in Mogadishu, wounding nine people.",
     "Explosions/Remote violence", "Grenade"),
    ("A suicide bomber blew himself up at a checkpoint in Tikrit, killing four soldiers.",
     "Explosions/Remote violence", "Suicide bomb"),
    ("Gunmen kidnapped 14 students from a school in Kano on Wednesday, police said.",
     "Violence against civilians", "Abduction/forced disappearance"),
    ("Gunmen shot dead a shopkeeper in Basra on Monday, police said.",
     "Violence against civilians", "Attack"),
    ("Police fired tear gas to disperse hundreds of protesters in Khartoum on Thursday.",
     "Protests", "Protest with intervention"),
    ("Thousands of people rallied in Baghdad on Friday to demand jobs and better services.",
     "Protests", "Peaceful protest"),
    ("Security forces opened fire on protesters in Basra, killing two demonstrators, medics said.",
     "Protests", "Excessive force against protesters"),
    ("Rioters torched shops and hurled stones at police in Nairobi on Saturday.",
     "Riots", "Violent demonstration"),
    ("Protesters hurled stones at police in Nairobi on Saturday.",
     "Riots", "Violent demonstration"),
    ("A mob lynched a man accused of theft in Kano, police said.", "Riots", "Mob violence"),
    ("Police arrested 20 suspected militants in raids across Kirkuk, a security official said.",
     "Strategic developments", "Arrests"),
    ("Islamic State militants seized the town of Rawa after heavy fighting, residents said.",
     "Battles", "Non-state actor overtakes territory"),
    ("Iraqi troops recaptured the town of Rawa from Islamic State on Saturday.",
     "Battles", "Government regains territory"),
    ("Clashes between the army and al-Shabaab fighters killed at least 12 people in Mogadishu.",
     "Battles", "Armed clash"),
    ("Rival militias agreed a ceasefire in Tripoli on Monday after a week of fighting.",
     "Strategic developments", "Agreement"),
    ("Army engineers defused a roadside bomb on the main road into Tikrit on Sunday.",
     "Strategic developments", "Disrupted weapons use"),
    ("Looters ransacked government offices in Tripoli overnight, witnesses said.",
     "Strategic developments", "Looting/property destruction"),
    # South Asian usage: an "encounter" with the police or forces is a gunfight
    ("Three militants were killed in an encounter with security forces in Shopian on Friday.",
     "Battles", "Armed clash"),
    # ACLED's violence against civilians is against the unarmed: armed victims make a clash
    ("Gunmen attacked a police checkpoint in Kirkuk on Monday, killing three policemen.",
     "Battles", "Armed clash"),
    ("Two militants were killed in Shopian on Friday, police said.", "Battles", "Armed clash"),
    ("Another encounter in Shopian left two militants dead, police said on Friday.",
     "Battles", "Armed clash"),
    ("Al-Shabaab fighters stormed a military base in Mogadishu on Friday.",
     "Battles", "Armed clash"),
    ("Two civilians were killed by soldiers in Basra on Monday, witnesses said.",
     "Violence against civilians", "Attack"),
])
def test_extract_events_event_types(run, text, etype, sub):
    e = one(run(text))
    assert (e.event_type, e.sub_event_type) == (etype, sub)


@pytest.mark.parametrize("text,fatalities,injuries", [
    ("Militants killed at least 12 soldiers in an ambush near Kirkuk, officials said.", 12, None),
    ("Dozens were wounded in clashes between rival militias in Tripoli on Monday.", None, 12),
    ("An air strike on a market in Idlib killed 84 people and wounded 34.", 84, 34),
    ("Two suicide bombers killed at least three people in a restaurant in Hajjaj.", 5, None),
    ("Fighting broke out in Kirkuk on Monday, police said.", None, None),
])
def test_extract_events_counts(run, text, fatalities, injuries):
    e = one(run(text))
    assert (e.fatalities, e.injuries) == (fatalities, injuries)


@pytest.mark.parametrize("text,expected", [
    ("Clashes erupted in Kirkuk on Tuesday.", (date(2017, 9, 19), 1)),
    ("Clashes erupted in Kirkuk last Thursday.", (date(2017, 9, 14), 1)),
    ("Clashes erupted in Kirkuk yesterday.", (date(2017, 9, 18), 1)),
    ("Clashes erupted in Kirkuk five days ago.", (date(2017, 9, 14), 1)),
    ("Clashes erupted in Kirkuk.", (date(2017, 9, 19), 1)),
])
def test_extract_events_dates(run, text, expected):
    e = one(run(text))
    assert (e.date, e.time_precision) == expected
    assert e.background is False


def test_extract_events_background_month(run):
    e = one(run("The army scored its biggest victory in July with the recapture of Mosul."))
    assert (e.sub_event_type, e.date, e.time_precision, e.background) == (
        "Government regains territory", date(2017, 7, 15), 3, True)
    assert e.location == "Mosul"


@pytest.mark.parametrize("alias", ["Daesh", "ISIS", "ISIL", "IS", "Islamic State"])
def test_extract_events_actor_aliases_islamic_state(run, alias):
    e = one(run(f"{alias} fighters attacked an army checkpoint near Kirkuk on Monday."))
    assert e.actor1 == "Islamic State (Iraq)"
    assert e.actor1_raw is not None and alias in e.actor1_raw


@pytest.mark.parametrize("alias", ["Hashed al-Shaabi", "Hashd", "Popular Mobilization Forces", "PMF"])
def test_extract_events_actor_aliases_pmf(run, alias):
    e = one(run(f"The {alias} clashed with Islamic State militants near Baiji on Monday."))
    assert "Popular Mobilization Forces" in (e.actor1, e.actor2)
    assert "Islamic State (Iraq)" in (e.actor1, e.actor2)


@pytest.mark.parametrize("text,actor", [
    ("Iraqi security forces clashed with militants near Kirkuk.", "Military Forces of Iraq"),
    ("Syrian troops shelled Aleppo on Monday.", "Military Forces of Syria"),
    ("Police arrested three men in Khartoum.", "Police Forces of Sudan"),
    ("Government forces clashed with militants in Kano.", "Military Forces of Nigeria"),
])
def test_extract_events_state_forces_named_by_country(run, text, actor):
    e = one(run(text))
    assert e.actor1 == actor
    assert e.inter1 == "State forces"


def test_extract_events_unknown_perpetrator(run):
    e = one(run("A bomb blast tore through a market in Kirkuk on Monday, killing six people."))
    assert e.actor1 == "Unidentified Armed Group (Iraq)"


@pytest.mark.parametrize("text", [
    "Iraqi forces are expected to launch an offensive on Hawija next week.",
    "The army is preparing to retake Rawa.",
    "Militants threatened to attack Kirkuk if their demands were not met.",
    "The government denied carrying out an air strike on the village near Aleppo.",
    "A ceasefire could be signed in Tripoli next month, diplomats said.",
    "If talks fail, fighting could resume in Idlib.",
    "The army did not attack the town of Rawa.",
    "Planned protests in Khartoum were called off.",
    "Anna, about 100 km west of the border with Syria, is one of three towns under Daesh control.",
    "Officials met in Baghdad to discuss reconstruction.",
    "A cholera outbreak has killed at least 80 people in Basra since May, health officials said.",
    "Customs officers seized 300 kilos of cocaine at the port in Basra on Monday.",
    "The minister visited Kirkuk in March to open a new hospital.",
    "Riot police stood guard outside the parliament in Baghdad on Monday.",
    "The former governor of Kirkuk died of a heart attack on Sunday.",
    "The fugitive evaded capture for weeks in the hills outside Mosul.",
    "Firefighters from Kirkuk battled the blaze for six hours.",
    "A powerful storm left at least ten people dead in Basra on Monday, officials said.",
    "Heavy rains left five people dead in Mosul on Monday, officials said.",
    "The floods hit Basra in May. The UN says it has left at least 1,600 people dead.",
])
def test_extract_events_yields_nothing(run, text):
    assert run(text) == []


def test_extract_events_place_is_not_a_reference_point(run):
    e = one(run("Fighting raged in Anbar province bordering Syria on Monday."))
    assert e.location == "Al Anbar" and e.geo_precision == 3 and e.country_code == "IQ"


def test_extract_events_near_a_town_has_precision_2(run):
    e = one(run("A roadside bomb struck an army patrol near Tikrit on Monday."))
    assert (e.location, e.geo_precision) == ("Tikrit", 2)


def test_extract_events_unknown_village_between_two_towns(run, nlp):
    text = "The bombers struck in the town of Hajjaj, between the cities of Tikrit and Baiji, on Monday."
    doc = nlp(text)
    places = [p for p in places_in(text) if p.text != "Hajjaj"]
    s = text.index("Hajjaj")
    places.append(Place(s, s + 6, "Hajjaj", None, None, None, None, None, None, "city", 0.1))
    e = one(extract_events(doc, sorted(places, key=lambda p: p.start), Article("t", text, PUB)))
    assert e.location == "Hajjaj" and e.geo_precision == 2
    assert abs(e.lat - 34.77) < 0.05 and abs(e.lon - 43.58) < 0.05


def test_extract_events_one_event_reported_in_several_sentences(run):
    text = ("A suicide bomber blew himself up at a checkpoint in Tikrit on Monday, killing five "
            "soldiers. The bomber also wounded seven people, police said. "
            "The attack was later claimed by Islamic State.")
    e = one(run(text))
    assert (e.sub_event_type, e.fatalities, e.injuries) == ("Suicide bomb", 6, 7)
    assert e.actor1 == "Islamic State (Iraq)"
    assert e.location == "Tikrit" and e.date == date(2017, 9, 18)


def test_extract_events_continuing_sentence_takes_the_events_place(run):
    e = one(run("Clashes erupted in Kirkuk on Friday. At least four fighters were killed, officials said."))
    assert (e.location, e.fatalities, e.date) == ("Kirkuk", 4, date(2017, 9, 15))


def test_extract_events_two_places_two_dates_are_two_events(run):
    events = run("An air strike hit a market in Idlib on Monday. "
                 "Separately, a car bomb killed three people in Baghdad on Sunday.")
    assert [(e.location, e.date) for e in events] == [
        ("Idlib", date(2017, 9, 18)), ("Baghdad", date(2017, 9, 17))]
    assert [e.event_id for e in events] == ["t-1", "t-2"]


def test_extract_events_without_publication_date(run):
    e = one(run("Clashes erupted in Kirkuk on Tuesday.", published=None))
    assert e.date is None and e.time_precision is None


def test_event_to_json_is_json_safe(run):
    e = one(run("An air strike on a market in Idlib killed 12 people on Sunday."))
    data = json.loads(json.dumps(e.to_json()))
    assert data["date"] == "2017-09-17"
    assert data["disorder_type"] == "Political violence"
    assert 0 <= data["confidence"] <= 1
    assert data["event_id"] == "t-1"
    assert text_span_ok(data)


def text_span_ok(data: dict) -> bool:
    return data["start"] < data["end"] and data["sentence"]


@pytest.mark.parametrize("alias", ["AQAP", "Al-Qaeda in the Arabian Peninsula"])
def test_extract_events_regional_branch_is_its_own_actor(run, alias):
    e = one(run(f"{alias} fighters attacked an army checkpoint near Kirkuk on Monday."))
    assert e.actor1 == "AQAP: Al Qaeda in the Arabian Peninsula"


@pytest.mark.parametrize("text,actor", [
    ("The Arakan Army seized the town of Paletwa in Chin state on Monday.", "AA: Arakan Army"),
    ("TTP fighters attacked a police post in Bannu on Monday, killing two officers.",
     "TTP: Tehreek-i-Taliban Pakistan"),
])
def test_extract_events_groups_named_for_a_place_are_actors(run, text, actor):
    e = one(run(text))
    assert e.actor1 == actor
    assert e.inter1 == "Rebel group"


def test_sentence_units_split_at_line_breaks_and_keep_whole_sentences(nlp):
    from extract.events.extract import sentence_units
    from extract.nlp import remember_text

    text = ("Gunmen attack market in Rawa\n\nGunmen killed four traders in Rawa on Monday. "
            "Police said the attackers fled.\n—\nNo one else was hurt.")
    units = sentence_units(remember_text(nlp(text), text))
    assert [u.text for u in units] == [
        "Gunmen attack market in Rawa", "Gunmen killed four traders in Rawa on Monday.",
        "Police said the attackers fled.", "No one else was hurt."]


def test_extract_events_a_district_named_before_its_region_is_the_place(run):
    # "Shopian district of south Kashmir": the district's name, not an attributive place
    # (as "the Red Sea port of Hodeidah" is)
    e = one(run("Two militants were killed in a gunfight in Shopian district of south Kashmir "
                "on Friday, police said."))
    assert e.location == "Shopian" and e.geo_precision == 2


def test_extract_events_the_subject_of_a_passive_suffered_the_event(run):
    e = one(run("Three Iraqi policemen were killed in Kirkuk on Monday, officials said."))
    assert e.actor2 == "Police Forces of Iraq" and e.actor1 != e.actor2


def test_extract_events_a_headline_takes_the_parties_of_the_attack_it_sums_up(nlp):
    text = ("Jihadists kill soldiers and herders in Borno\n\n"
            "Gunmen raided a village near Kano on Saturday and shot dead seven herders.")
    doc = nlp(text)
    e = one(extract_events(doc, places_in(text), Article("t", text, PUB)))
    assert (e.event_type, e.actor2) == ("Violence against civilians", "Civilians (Nigeria)")


def test_extract_events_a_passive_in_another_clause_names_no_victim(run):
    e = one(run("The Syrian army is accused of committing a massacre in Aleppo, where more than "
                "50 people were killed."))
    assert (e.event_type, e.actor1) == ("Violence against civilians", "Military Forces of Syria")


@pytest.mark.parametrize("text,sub,actor", [
    ("Russian airstrikes hit a market in Idlib on Monday, killing nine people.",
     "Air/drone strike", "Military Forces of Russia"),
    ("A Russian glide bomb struck a residential building in Aleppo on Sunday, injuring 14.",
     "Air/drone strike", "Military Forces of Russia"),
    ("Turkish shelling hit villages near Aleppo on Saturday, officials said.",
     "Shelling/artillery/missile attack", "Military Forces of Turkey"),
])
def test_extract_events_a_states_demonym_before_an_air_strike_or_shelling_is_its_army(
        run, text, sub, actor):
    e = one(run(text))
    assert (e.sub_event_type, e.actor1) == (sub, actor)


def test_extract_events_a_raid_on_cattle_camps_is_an_attack_by_an_armed_group(run):
    e = one(run("Armed youths attacked cattle camps near Kirkuk on Monday, killing 32 people."))
    assert (e.event_type, e.actor1, e.fatalities) == (
        "Violence against civilians", "Unidentified Armed Group (Iraq)", 32)


def test_extract_events_another_attack_is_a_new_event_not_more_of_the_last(nlp):
    text = ("A suicide bomber killed five policemen at a checkpoint in Kirkuk on Monday. "
            "Another attack in the village of Qaraj left two soldiers dead.")
    at = text.index("Qaraj")
    unknown = Place(at, at + 5, "Qaraj", None, None, None, None, None, None, "city", 0.0)
    places = sorted(places_in(text) + [unknown], key=lambda p: p.start)
    events = extract_events(nlp(text), places, Article("t", text, PUB))
    assert len(events) == 2
    assert events[1].location != events[0].location and events[1].fatalities == 2


@pytest.mark.parametrize("text,actor", [
    ("Israeli strikes hit a weapons depot near Aleppo on Sunday night, a war monitor said.",
     "Military Forces of Israel"),
    ("US strikes killed three militants near Mogadishu on Tuesday.",
     "Military Forces of United States"),
    ("Israeli troops pushed into northern Aleppo as strikes hit Kirkuk.", "Military Forces of Israel"),
])
def test_extract_events_a_states_strikes_are_air_strikes(run, text, actor):
    e = one(run(text))
    assert (e.sub_event_type, e.actor1) == ("Air/drone strike", actor)


@pytest.mark.parametrize("text", [
    "Workers staged a national strike in Basra on Monday.",
    "A general strike hit businesses in Nairobi on Monday.",
    "A nationwide strike hit transport in Kano.",
])
def test_extract_events_a_workers_strike_is_no_air_strike(run, text):
    assert run(text) == []


@pytest.mark.parametrize("text,actor", [
    ("New People's Army rebels ambushed an army patrol near Kirkuk, killing two soldiers.",
     "NPA: New People's Army"),
    ("Fano militiamen clashed with federal troops in Kirkuk on Monday.", "Fano Militia"),
])
def test_extract_events_more_named_armed_groups(run, text, actor):
    assert one(run(text)).actor1 == actor


def test_extract_events_a_group_named_in_the_events_setting_is_no_party(run):
    e = one(run("Gunmen killed six people at a car wash in Basra amid a war between factions "
                "of the Sinaloa cartel, prosecutors said."))
    assert (e.event_type, e.actor2) == ("Violence against civilians", None)


def test_extract_events_a_town_placed_from_another_is_the_events_place(run):
    e = one(run("Iraqi forces withdrew from the town of Hawija, west of Kirkuk, on Monday "
                "after weeks of heavy fighting."))
    assert e.location == "Al Hawijah"


def test_extract_events_a_countrys_ministry_is_not_where_the_event_was(run):
    events = run("Rebels clashed with the army in Idlib on Monday. Syria's defence ministry said "
                 "its troops had killed dozens of rebels.")
    assert [e.location for e in events] == ["Idlib"]


def test_extract_events_a_battle_that_ends_in_a_capture_is_the_takers(run):
    events = run("Islamic State fighters clashed with Iraqi troops in Rawa on Saturday. Iraqi "
                 "troops recaptured the town of Rawa on Saturday.")
    e = one(events)
    assert (e.sub_event_type, e.actor1, e.actor2) == (
        "Government regains territory", "Military Forces of Iraq", "Islamic State (Iraq)")


def test_extract_events_a_disaster_in_a_clause_before_does_not_hide_an_attack(run):
    e = one(run("Heavy rains flooded villages near Mosul, and al-Shabaab fighters later "
                "attacked a government base in Mogadishu."))
    assert (e.event_type, e.location) == ("Battles", "Mogadishu")


def test_extract_events_a_disease_that_has_killed_is_no_attack(run):
    assert run("Today, HIV infection is reported in 33 million people in Kano and has "
               "killed 25 million.") == []


def test_extract_events_its_troops_are_the_speaking_countrys_and_a_foreign_capture_overtakes(run):
    e = one(run("Russia's defence ministry said its troops had captured the town of Rawa on "
                "Saturday."))
    assert (e.actor1, e.sub_event_type) == ("Military Forces of Russia",
                                            "Non-state actor overtakes territory")


def test_extract_events_an_assault_on_civilians_is_an_attack_not_a_battle(run):
    e = one(run("Gunmen stormed a church in Kano during Sunday mass, killing at least 40 "
                "worshippers, officials said."))
    assert (e.event_type, e.sub_event_type) == ("Violence against civilians", "Attack")


def test_extract_events_rebels_are_an_armed_group_attacking_a_gendarmerie_post(run):
    e = one(run("Rebels attacked a gendarmerie post in Kano on Friday, killing three gendarmes."))
    assert (e.event_type, e.actor1, e.actor2) == (
        "Battles", "Unidentified Armed Group (Nigeria)", "Police Forces of Nigeria")


def test_extract_events_a_raid_killing_people_no_side_is_named_for_is_an_attack(run):
    e = one(run("Suspected ADF rebels killed 18 people in a night raid on a village near Kano."))
    assert (e.event_type, e.sub_event_type, e.fatalities) == (
        "Violence against civilians", "Attack", 18)


def test_extract_events_a_border_town_is_the_events_place_the_border_with_a_country_is_not(run):
    taken = one(run("Turkish forces captured the border town of Rawa on Sunday."))
    assert taken.location == "Rawah" and taken.geo_precision == 1
    e = one(run("Gunmen attacked a checkpoint in Rawa, 20 km from the border with Syria, "
                "killing three soldiers."))
    assert e.location == "Rawah"


@pytest.mark.parametrize("text", [
    "US forces carried out strikes on militia targets near Basra on Monday.",
    "U.S. forces struck militia positions near Basra on Monday.",
    "United States forces struck militia targets near Basra on Monday.",
])
def test_extract_events_a_states_strikes_on_targets_are_air_strikes_by_its_forces(run, text):
    e = one(run(text))
    assert (e.sub_event_type, e.actor1, e.location) == (
        "Air/drone strike", "Military Forces of United States", "Basra")


def test_extract_events_a_workers_strike_is_no_event(run):
    assert run("Workers went on strike in Basra on Monday over unpaid wages.") == []


def test_extract_events_a_headline_of_two_events_keeps_both(run):
    events = run("Rebel rockets hit Basra port; US strikes targets in Mosul\n\n"
                 "Rebels fired rockets at the port of Basra on Monday, officials said.\n"
                 "US forces carried out strikes on militant targets near Mosul, the US "
                 "military said.")
    assert {e.date for e in events} == {date(2017, 9, 18)}  # the headline takes its lead's day
    got = sorted((e.sub_event_type, e.location, e.actor1) for e in events)
    assert got == [("Air/drone strike", "Mosul", "Military Forces of United States"),
                   ("Shelling/artillery/missile attack", "Basra", "Unidentified Armed Group (Iraq)")]


def test_extract_events_the_assault_names_back_a_clash_and_its_claim_names_the_attacker(run):
    # PUB is a Tuesday: the attack was on Monday, the day the sources spoke Tuesday
    e = one(run("Suspected jihadists killed at least 30 soldiers in an attack on an army post "
                "near Kano, security sources said on Tuesday. The assault on Monday was claimed "
                "by the Group for the Support of Islam and Muslims (JNIM), an al Qaeda "
                "affiliate."))
    assert (e.event_type, e.actor1, e.fatalities) == (
        "Battles", "JNIM: Jama'a Nusrat al-Islam wal-Muslimin", 30)
    assert e.date == date(2017, 9, 18) and e.actor2 != "al-Qaeda"


def test_extract_events_a_group_said_to_be_anothers_affiliate_is_no_party(run):
    e = one(run("Fighters of JNIM, an al Qaeda affiliate, attacked an army post near Kano on "
                "Monday, killing 12 soldiers."))
    assert e.actor1 == "JNIM: Jama'a Nusrat al-Islam wal-Muslimin"
    assert "al-Qaeda" not in (e.actor2, *e.assoc_actors)


def test_extract_events_the_day_news_was_told_dates_an_event_nothing_else_dates(run):
    e = one(run("Gunmen killed three soldiers in Kano, police said on Sunday."))
    assert e.date == date(2017, 9, 17)


def test_extract_events_a_datelines_day_gives_way_to_the_day_the_fighting_began(run):
    e = one(run("TRIPOLI, Sept 19 (AP) - Clashes between two armed groups in Tripoli killed at "
                "least 55 people, medics said on Tuesday. The fighting erupted on Sunday night."))
    assert (e.date, e.fatalities) == (date(2017, 9, 17), 55)


def test_extract_events_killing_in_an_operation_is_its_own_event_not_the_last_ones(run):
    events = run("A bomb exploded at a market in Kano on Monday, killing four people. Troops "
                 "killed 11 militants in an operation near Kano on Sunday, the army said.")
    assert sorted((e.event_type, e.fatalities) for e in events) == [
        ("Battles", 11), ("Explosions/Remote violence", 4)]


def test_extract_events_an_army_named_in_the_singular_and_service_members_are_state_forces(run):
    ambush = one(run("Hamas fighters said they had ambushed an Israeli force near Kano."))
    assert (ambush.actor1, ambush.actor2) == ("Hamas", "Military Forces of Israel")
    drone = one(run("A drone attack by militants killed three US service members near Kano."))
    assert drone.actor2 == "Military Forces of United States"
    assert "Military Forces" not in str(one(run(
        "Police used force to disperse protesters in Kano on Monday.")).actor2)


def test_extract_events_one_person_killed_by_role_counts_one(run):
    assert one(run("Gunmen shot dead the mayor of Kano on Sunday.")).fatalities == 1


def test_extract_events_gathering_to_protest_a_killing_is_a_protest_without_deaths(run):
    e = one(run("Hundreds of residents blocked a highway in Kano on Monday to protest the "
                "killing of two teachers."))
    assert (e.event_type, e.sub_event_type, e.fatalities) == ("Protests", "Peaceful protest", None)
    assert run("Teachers plan to protest in Kano on Monday.") == []


def test_extract_events_the_second_country_of_a_pair_qualifying_a_noun_is_no_place(run):
    e = one(run("Protesters threw stones at the French and US embassies in Khartoum on Monday."))
    assert e.location == "Khartoum"


def test_extract_events_the_datelines_town_places_an_event_whose_sentence_names_none(nlp):
    # the dateline is a line of its own after the headline: no sentence of the lead holds it
    text = ("Militants storm hotel near palace\n\n"
            "MOGADISHU, Somalia (AP) — Al-Shabaab extremists attacked a hotel near the "
            "presidential palace late Monday, killing at least three soldiers, police said.")
    start = text.index("MOGADISHU")
    dateline = Place(start, start + 9, "MOGADISHU", "Mogadishu", 2.037, 45.344, None, "SO",
                     "Banaadir", "city", 0.9, admin1_code="02")
    e = one(extract_events(nlp(text), [dateline], Article("t", text, PUB)))
    assert (e.location, e.geo_precision) == ("Mogadishu", 2)


def test_extract_events_an_aircrafts_bombing_of_positions_is_an_air_strike(run):
    e = one(run("The army said its aircraft bombed rebel positions in Khartoum on Monday, "
                "killing dozens of fighters."))
    assert (e.sub_event_type, e.actor1) == ("Air/drone strike", "Military Forces of Sudan")


def test_extract_events_an_ambush_by_militants_is_theirs_on_the_soldiers_it_killed(run):
    e = one(run("At least 17 soldiers were killed and 20 wounded in an ambush by jihadist "
                "militants near Kano, the defence ministry said."))
    assert (e.actor1, e.actor2) == ("Unidentified Armed Group (Nigeria)",
                                    "Military Forces of Nigeria")


def test_extract_events_an_attack_repelled_by_the_army_is_on_the_army(run):
    e = one(run("Soldiers repulsed an attack by jihadists on a military post near Kano on "
                "Sunday, killing 20 assailants."))
    assert (e.event_type, e.actor1, e.actor2) == (
        "Battles", "Unidentified Armed Group (Nigeria)", "Military Forces of Nigeria")


def test_extract_events_a_states_assault_is_its_forces(run):
    e = one(run("Iraqi troops repelled a Syrian assault near Mosul on Monday."))
    assert (e.actor1, e.actor2) == ("Military Forces of Syria", "Military Forces of Iraq")


@pytest.mark.parametrize("text,actor", [
    ("Kurdish forces clashed with Islamic State militants near Aleppo on Monday.",
     "Kurdish Militia (Syria)"),
    ("Kurdish shelling hit villages near Aleppo on Saturday, officials said.",
     "Unidentified Armed Group (Syria)"),
])
def test_extract_events_a_peoples_adjective_names_no_states_forces(run, text, actor):
    # 'Kurdish' says a story may be in Iraq, but Kurdish fighters are no army of Iraq's
    assert one(run(text)).actor1 == actor


@pytest.mark.parametrize("later", [
    "Gang violence in Mexico has caused 2,300 deaths in the first five months of this year.",
    "He bought ricin, which has the potential to kill about 1,400 people.",
    "An outbreak of cholera in the area has caused 89 deaths.",
])
def test_extract_events_deaths_no_trigger_ties_to_the_last_event_are_not_its_toll(run, later):
    e = one(run("Gunmen kidnapped four policemen in Kirkuk on Monday. " + later))
    assert e.fatalities is None


def test_extract_events_a_later_toll_still_adds_to_the_last_event(run):
    e = one(run("Gunmen attacked a checkpoint in Kirkuk on Monday. Four soldiers were killed."))
    assert e.fatalities == 4


def test_extract_events_the_first_of_two_states_forces_is_actor1_the_second_assoc(run):
    e = one(run("Nigerian and Chadian troops retook the village of Kano on Sunday."))
    assert (e.sub_event_type, e.actor1) == ("Government regains territory",
                                           "Military Forces of Nigeria")
    assert e.assoc_actors == ("Military Forces of Chad",)


def test_extract_events_a_protest_that_turns_violent_is_one_violent_demonstration(run):
    e = one(run("On Tuesday, hundreds of people marched in Kano to denounce the insecurity. "
                "Protesters burned tyres and threw stones at police, who responded with tear gas."))
    assert (e.event_type, e.sub_event_type) == ("Riots", "Violent demonstration")
    assert e.actor2 == "Police Forces of Nigeria"


def test_extract_events_hacked_to_death_is_an_attack_with_its_toll(run):
    e = one(run("Rebels hacked and shot to death at least 26 civilians in Kano on Sunday."))
    assert (e.sub_event_type, e.fatalities) == ("Attack", 26)


def test_extract_events_rebels_from_a_named_group_are_that_group(run):
    e = one(run("Rebels from the Islamic State hacked and shot to death at least 26 civilians "
                "in an attack on a village near Mosul on Sunday."))
    assert (e.sub_event_type, e.actor1, e.fatalities) == ("Attack", "Islamic State (Iraq)", 26)


@pytest.mark.parametrize("text,sub,actor2", [
    # what a protest is against is no event of its own, nor a party to it
    ("Residents of Kano protested along the main road against what they described as repeated "
     "abductions of farmers by gunmen.", "Peaceful protest", None),
    ("Hundreds protested in Kano over the killing of two students by police.",
     "Peaceful protest", None),
    # the protesting crowd a participle names is the protest
    ("Police fired tear gas at students protesting in Kano against fuel prices.",
     "Protest with intervention", "Police Forces of Nigeria"),
])
def test_extract_events_a_protest_without_what_it_protests(run, text, sub, actor2):
    e = one(run(text))
    assert (e.sub_event_type, e.actor2, e.fatalities) == (sub, actor2, None)


def test_extract_events_an_age_is_no_toll(run):
    e = one(run("Gunmen shot dead a member of the local council in Kirkuk on Monday. "
                "Khaled al-Masri, 48, was killed outside his home."))
    assert e.fatalities == 1


def test_extract_events_a_country_backing_a_side_is_not_where(run):
    e = one(run("BAGHDAD, Iraq, April 8 — Fighting between government forces and the "
                "Syria-backed militants near Mosul killed at least 14 fighters."))
    assert e.location == "Mosul"


@pytest.mark.parametrize("text,dateline", [
    ("ADEN, Yemen, April 8 — Fighting", "ADEN, Yemen, April 8 — "),
    ("KYIV, May 11, 2024 — Drones", "KYIV, May 11, 2024 — "),
    ("BENI, DR Congo, Dec. 9 — Rebels", "BENI, DR Congo, Dec. 9 — "),
    ("BAGHDAD (Reuters) - Gunmen", "BAGHDAD (Reuters) - "),
    ("The army said", ""),
])
def test_dateline_end_takes_the_day_too(text, dateline):
    # a dateline's town is where the reporter is, not the event's place (locate.sentence_places)
    from extract.events.locate import dateline_end
    assert text[:dateline_end(text)] == dateline


@pytest.mark.parametrize("text", [
    "Russian drones slammed into residential buildings in Aleppo overnight, killing three people.",
    "A drone struck a car near Aleppo on Sunday, killing two.",
])
def test_extract_events_drones_that_hit_are_drone_strikes(run, text):
    assert one(run(text)).sub_event_type == "Air/drone strike"
