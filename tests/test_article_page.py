"""Streamlit AppTest of pages/3_Article.py: reading an article and correcting its extraction.

Articles are seeded through the store from hand-built results (no spaCy), each test in its own
database; only the re-processing test runs the real pipeline.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from extract.events.model import Event
from extract.types import Article, ArticleResult, Place
from store import EventFilter, get_store

PAGE = Path(__file__).resolve().parent.parent / "pages" / "3_Article.py"
TEXT = ("A car bomb exploded in the market of Hajjaj on Tuesday, killing 6 people and wounding "
        "34, police said. Protesters marched in Basra on Wednesday.")
SENT1 = (0, TEXT.index(".") + 1)
SENT2 = (SENT1[1] + 1, len(TEXT))
HAJJAJ = (TEXT.index("Hajjaj"), TEXT.index("Hajjaj") + 6)
BASRA = (TEXT.index("Basra"), TEXT.index("Basra") + 5)
BASRA_GID = 99532  # Basrah, Iraq in the project's gazetteer


@pytest.fixture(autouse=True)
def own_database(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'article.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def _event(n: int, event_type: str, sub: str, span: tuple[int, int], location: str,
           lat: float | None, lon: float | None, admin1: str | None, fatalities: int | None,
           day: date, actor1: str) -> Event:
    return Event(
        event_id=f"a-{n}", event_type=event_type, sub_event_type=sub,
        disorder_type="Political violence", actor1=actor1, actor2=None, inter1=None,
        inter2=None, interaction=None, civilian_targeting=False, fatalities=fatalities,
        injuries=None, date=day, time_precision=1, background=False, location=location,
        lat=lat, lon=lon, admin1=admin1, country="Iraq", country_code="IQ", geo_precision=1,
        sentence=TEXT[span[0]:span[1]], start=span[0], end=span[1], confidence=0.8)


def seed_result(text: str = TEXT, title: str = "Bomb <b>hits</b> market") -> ArticleResult:
    article = Article(id="a", text=text, published=date(2017, 9, 20), title=title,
                      url="https://example.org/a")
    places = [
        Place(*HAJJAJ, "Hajjaj", None, None, None, None, None, None, "city", 0.0),
        Place(*BASRA, "Basra", "Basrah", 30.50852, 47.7804, BASRA_GID, "IQ", "Al Başrah",
              "city", 0.9, admin1_code="02"),
    ]
    events = [
        _event(1, "Explosions/Remote violence", "Remote explosive/landmine/IED", SENT1, "Hajjaj",
               None, None, None, 6, date(2017, 9, 19), "Unidentified armed group"),
        _event(2, "Protests", "Peaceful protest", SENT2, "Basrah", 30.50852, 47.7804,
               "Al Başrah", 0, date(2017, 9, 20), "Protesters (Iraq)"),
    ]
    return ArticleResult(article, places, events, ["no <i>dateline</i> found"])


@pytest.fixture
def seeded(own_database):
    """(store, owner access, article id) with one seeded article on the default map."""
    store = get_store(own_database)
    access = store.owner_access(store.default_map().id)
    outcome = store.add_article(access, seed_result(), source="wire.txt")
    return store, access, outcome.article_id


def page(article_id: int | None = None, token: str | None = None) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    if article_id is not None:
        at.query_params["article"] = str(article_id)
    if token is not None:
        at.query_params["map"] = token
    return at.run()


def html(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html)


def table(at: AppTest, column: str):
    """The first table showing ``column`` (st.dataframe without selection carries no key)."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def events_by_type(store, access, article_id) -> dict:
    frame = store.events_frame(access.map_id, EventFilter(article_ids=(article_id,)))
    return {row["event_type"]: row for row in frame.to_dict("records")}


def event_id(store, access, article_id, event_type: str) -> int:
    return int(events_by_type(store, access, article_id)[event_type]["id"])


def test_article_page_lists_the_maps_articles(seeded):
    store, access, article_id = seeded
    at = page()
    assert not at.exception, at.exception
    articles = table(at, "open")
    row = articles.iloc[0]
    assert row["title"] == "Bomb <b>hits</b> market" and row["source"] == "wire.txt"
    assert (row["events"], row["places"]) == (2, 2)
    assert row["warnings"] == "no <i>dateline</i> found"
    assert row["open"].startswith("Article?") and f"article={article_id}" in row["open"]
    at.selectbox(key="open_article").select(article_id).run()
    assert not at.exception
    assert "cm-article" in html(at)


def test_article_page_empty_map_says_where_to_add(own_database):
    at = page()
    assert not at.exception
    assert "Upload page" in at.info[0].value


def test_article_page_shows_highlighted_text(seeded):
    _, _, article_id = seeded
    at = page(article_id)
    assert not at.exception, at.exception
    out = html(at)
    assert "Bomb &lt;b&gt;hits&lt;/b&gt; market" in out and "<b>hits" not in out
    assert 'href="https://example.org/a"' in out
    assert "no &lt;i&gt;dateline&lt;/i&gt; found" in out
    assert '<mark class="cm-place cm-unresolved" title="unresolved"' in out
    assert 'title="Basrah, Al Başrah, Iraq"' in out
    assert "cm-ev-explosions-remote-violence" in out and "cm-ev-protests" in out
    assert table(at, "sub_event_type")["event_type"].tolist() == [
        "Explosions/Remote violence", "Protests"]


def test_article_page_unknown_article_falls_back_to_the_list(seeded):
    at = page(987654)
    assert not at.exception
    assert "no article 987654" in at.warning[0].value
    assert table(at, "open").shape[0] == 1


def test_article_page_event_form_corrects_and_marks_reviewed(seeded):
    store, access, article_id = seeded
    eid = event_id(store, access, article_id, "Explosions/Remote violence")
    at = page(article_id)
    at.selectbox(key="event_pick").select(eid).run()
    at.selectbox(key=f"ev{eid}_type").select("Violence against civilians").run()
    sub = at.selectbox(key=f"ev{eid}_sub_cm-ev-violence-against-civilians")
    assert sub.options == ["Sexual violence", "Attack", "Abduction/forced disappearance"]
    sub.select("Attack")
    at.number_input(key=f"ev{eid}_fatalities").set_value(7)
    at.text_input(key=f"ev{eid}_actor2").input("Civilians (Iraq)")
    at.date_input(key=f"ev{eid}_date").set_value(date(2017, 9, 18))
    at.button(key=f"ev{eid}_save").click().run()
    assert not at.exception, at.exception
    assert "saved and marked reviewed" in at.success[0].value
    event = store.event(access.map_id, eid)
    assert (event["event_type"], event["sub_event_type"]) == ("Violence against civilians",
                                                              "Attack")
    assert event["disorder_type"] == "Political violence"
    assert (event["fatalities"], event["actor2"], event["reviewed"]) == (7, "Civilians (Iraq)",
                                                                          True)
    assert str(event["event_date"])[:10] == "2017-09-18"
    assert event["actor1"] == "Unidentified armed group"  # untouched fields stay
    (correction,) = store.corrections(access.map_id, article_id)
    # the new actor 2 brings its own inter code and the interaction it makes
    assert (event["inter2"], event["civilian_targeting"]) == ("Civilians", True)
    assert event["interaction"].endswith("-Civilians")
    assert {"event_type", "sub_event_type", "fatalities", "actor2", "event_date",
            "inter2"} <= set(correction["changes"])
    summary = table(at, "changes")
    assert summary["action"].tolist() == ["event update"]
    shown = table(at, "sub_event_type").set_index("id")
    assert bool(shown.loc[eid, "reviewed"])


def test_article_page_unchanged_event_is_marked_reviewed(seeded):
    store, access, article_id = seeded
    eid = event_id(store, access, article_id, "Explosions/Remote violence")
    at = page(article_id)
    at.button(key=f"ev{eid}_save").click().run()
    assert not at.exception
    assert store.event(access.map_id, eid)["reviewed"]
    assert store.corrections(access.map_id, article_id)[0]["changes"] == {}


def test_article_page_deletes_an_event_after_confirmation(seeded):
    store, access, article_id = seeded
    eid = event_id(store, access, article_id, "Explosions/Remote violence")
    at = page(article_id)
    at.button(key=f"ev{eid}_delete").click().run()
    assert "confirm" in at.warning[0].value
    assert len(events_by_type(store, access, article_id)) == 2
    at.checkbox(key=f"ev{eid}_sure").check()
    at.button(key=f"ev{eid}_delete").click().run()
    assert not at.exception, at.exception
    assert list(events_by_type(store, access, article_id)) == ["Protests"]
    assert "cm-ev-explosions" not in html(at)


def test_article_page_adds_a_missed_event(seeded):
    store, access, article_id = seeded
    at = page(article_id)
    at.selectbox(key="add_type").select("Riots").run()
    at.selectbox(key="add_sub_cm-ev-riots").select("Mob violence")
    where = at.selectbox(key="add_where")
    assert where.options == ["(none, or type coordinates)", "Basrah (Al Başrah, IQ)"]
    where.select_index(1)
    at.text_input(key="add_actor1").input("Rioters (Iraq)")
    at.number_input(key="add_injuries").set_value(3)
    at.text_area(key="add_sentence").input("Protesters marched   in Basra on Wednesday.")
    at.button(key="add_submit").click().run()
    assert not at.exception, at.exception
    added = events_by_type(store, access, article_id)["Riots"]
    assert (added["sub_event_type"], added["actor1"], added["injuries"]) == (
        "Mob violence", "Rioters (Iraq)", 3)
    assert (added["location"], added["country"], added["origin"]) == ("Basrah", "Iraq",
                                                                       "reviewer")
    assert (added["start"], added["end"]) == SENT2  # found despite the extra spaces
    assert str(added["event_date"])[:10] == "2017-09-20"  # the publication date by default
    assert "cm-ev-riots" in html(at)


def test_article_page_moves_a_place_to_another_candidate(seeded):
    store, access, article_id = seeded
    places = store.places(access.map_id, article_id).set_index("text")
    basra = int(places.loc["Basra", "id"])
    at = page(article_id)
    at.selectbox(key="place_pick").select(basra).run()
    candidates = table(at, "km from current")
    assert candidates.iloc[0]["current"]  # nearest first: the current point itself
    pick = at.selectbox(key=f"cand_{basra}_pick")
    pakistan = next(i for i, label in enumerate(pick.options) if "Pakistan" in label)
    pick.select_index(pakistan)
    at.button(key=f"cand_{basra}_use").click().run()
    assert not at.exception, at.exception
    place = store.places(access.map_id, article_id).set_index("text").loc["Basra"]
    assert (place["country_code"], bool(place["reviewed"])) == ("PK", True)
    moved = events_by_type(store, access, article_id)["Protests"]
    assert (moved["country"], round(moved["lat"])) == ("Pakistan", 32)
    assert "Basra, Punjab, Pakistan - reviewed" in html(at)


def test_article_page_places_an_unresolved_mention_by_coordinates(seeded):
    store, access, article_id = seeded
    hajjaj = int(store.places(access.map_id, article_id).set_index("text").loc["Hajjaj", "id"])
    at = page(article_id)
    at.selectbox(key="place_pick").select(hajjaj).run()
    at.radio(key="place_how").set_value("pin").run()
    assert not at.exception, at.exception
    latlon = next(t for t in at.text_input if t.key.startswith(f"pin_{hajjaj}_latlon"))
    latlon.input("not a place")
    at.button(key=f"pin_{hajjaj}_go").click().run()
    assert "latitude, longitude" in at.error[0].value
    latlon = next(t for t in at.text_input if t.key.startswith(f"pin_{hajjaj}_latlon"))
    latlon.input("34.77, 43.58")
    at.button(key=f"pin_{hajjaj}_go").click().run()
    assert not at.exception, at.exception
    place = store.places(access.map_id, article_id).set_index("text").loc["Hajjaj"]
    assert (place["lat"], place["lon"], place["country_code"]) == (34.77, 43.58, "IQ")
    assert place["admin1"] and bool(place["reviewed"])
    moved = events_by_type(store, access, article_id)["Explosions/Remote violence"]
    assert (moved["lat"], moved["lon"], moved["country"]) == (34.77, 43.58, "Iraq")
    assert '<mark class="cm-place cm-resolved cm-reviewed"' in html(at)


def test_article_page_searches_the_gazetteer_by_another_name(seeded):
    store, access, article_id = seeded
    hajjaj = int(store.places(access.map_id, article_id).set_index("text").loc["Hajjaj", "id"])
    at = page(article_id)
    at.selectbox(key="place_pick").select(hajjaj).run()
    at.radio(key="place_how").set_value("search").run()
    at.text_input(key=f"search_{hajjaj}_name").input("Tikrit")
    at.text_input(key=f"search_{hajjaj}_country").input("IQ")
    at.button(key=f"search_{hajjaj}_go").click().run()
    assert not at.exception, at.exception
    at.button(key=f"search_{hajjaj}_use").click().run()
    place = store.places(access.map_id, article_id).set_index("text").loc["Hajjaj"]
    assert (place["name"], place["country_code"]) == ("Tikrīt", "IQ")
    moved = events_by_type(store, access, article_id)["Explosions/Remote violence"]
    assert moved["location"] == "Tikrīt"  # the event at the unresolved mention moved with it


def test_article_page_view_only_link_has_no_controls(own_database):
    store = get_store(own_database)
    info = store.create_map("Shared")
    article_id = store.add_article(store.owner_access(info.id), seed_result()).article_id
    at = page(article_id, token=info.view_token)
    assert not at.exception, at.exception
    assert "cm-article" in html(at)
    assert "Read-only" in " ".join(c.value for c in at.caption)
    assert [b.key for b in at.button] == ["back"]
    assert not at.text_input and not at.number_input and not at.text_area
    assert {s.key for s in at.selectbox} == set()
    assert len(at.tabs) == 3  # events, places, corrections; no article actions


def test_article_page_hostile_article_is_inert(own_database):
    text = ('Protesters marched in Basra <script>alert(1)</script> <img src=x onerror=alert(2)> '
            '[x](javascript:alert(3)) on Wednesday.')
    store = get_store(own_database)
    access = store.owner_access(store.default_map().id)
    result = ArticleResult(Article("h", text, None, '<script>alert("t")</script>',
                                   "javascript:alert(4)"),
                           [Place(22, 27, "Basra", "Basrah", 30.5, 47.8, BASRA_GID, "IQ",
                                  "Al Başrah", "city", 0.9)])
    article_id = store.add_article(access, result).article_id
    at = page(article_id)
    assert not at.exception, at.exception
    out = html(at)
    for needle in ("<script", "<img", "javascript:alert(4)\"", "href=\"javascript"):
        assert needle not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in out


def test_article_page_deletes_the_article_after_confirmation(seeded):
    store, access, article_id = seeded
    at = page(article_id)
    at.button(key="delete_article").click().run()
    assert "confirm" in at.warning[0].value
    at.checkbox(key="delete_article_sure").check()
    at.button(key="delete_article").click().run()
    assert not at.exception, at.exception
    assert store.articles_frame(access.map_id).empty
    assert "article" not in at.query_params
    assert "Article deleted." in at.success[0].value


def test_article_page_reprocess_reapplies_corrections(own_database):
    """The one test that loads spaCy: the real pipeline, then the stored corrections."""
    from extract.pipeline import process

    store = get_store(own_database)
    access = store.owner_access(store.default_map().id)
    article_id = store.add_article(access, process(Article("a", TEXT, date(2017, 9, 20)))
                                   ).article_id
    before = events_by_type(store, access, article_id)
    store.correct_event(access, int(before["Protests"]["id"]), fatalities=1)
    basra = int(store.places(access.map_id, article_id).set_index("text").loc["Basra", "id"])
    store.correct_place(access, basra, name="Basrah", lat=30.50852, lon=47.7804,
                        geonameid=BASRA_GID, admin1="Al Başrah", feature="city", country="Iraq")
    at = page(article_id)
    at.button(key="reprocess").click()
    at.run(timeout=180)
    assert not at.exception, at.exception
    message = at.success[0].value
    assert "Re-processed" in message and "2 correction(s) re-applied" in message
    assert "1 event(s) and 1 place(s) are marked reviewed" in message
    after = events_by_type(store, access, article_id)
    protest = after["Protests"]  # extracted anew, then corrected again
    assert (protest["fatalities"], protest["location"], protest["lat"]) == (1, "Basrah", 30.50852)
    place = store.places(access.map_id, article_id).set_index("text").loc["Basra"]
    assert (place["geonameid"], bool(place["reviewed"])) == (BASRA_GID, True)
