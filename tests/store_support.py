"""Hand-built extraction results for storage tests (no spaCy): one article with two places
and two events, and the event builder other page and export tests use."""

from __future__ import annotations

from datetime import date

from extract.events.model import Event
from extract.types import Article, ArticleResult, Place

TEXT = ("A car bomb exploded in the market of Hajjaj on Tuesday, killing 6 people and wounding "
        "34, police said. Protesters marched in Basra on Wednesday.")


def place(start, end, text, name, lat, lon, gid, admin1="Salah ad Din") -> Place:
    return Place(start=start, end=end, text=text, name=name, lat=lat, lon=lon, geonameid=gid,
                 country_code="IQ", admin1=admin1, feature="city", score=0.9)


def event(n, event_type, sub, location, lat, lon, fatalities, day, start, end, actor1,
           admin1="Salah ad Din", background=False) -> Event:
    return Event(
        event_id=f"a-{n}", event_type=event_type, sub_event_type=sub, disorder_type="Political violence",
        actor1=actor1, actor2="Civilians (Iraq)", inter1="Political militia", inter2="Civilians",
        interaction="Political militia-Civilians", civilian_targeting=True, fatalities=fatalities,
        injuries=34 if fatalities else None, date=day, time_precision=1, background=background,
        location=location, lat=lat, lon=lon, admin1=admin1, country="Iraq", country_code="IQ",
        geo_precision=1, sentence=TEXT[start:end], start=start, end=end, confidence=0.8,
        assoc_actors=("Police Forces of Iraq",))


def seed_result(text: str = TEXT) -> ArticleResult:
    article = Article(id="a", text=text, published=date(2017, 9, 20), title="Bomb <b>hits</b>",
                      url="https://example.org/a")
    places = [place(40, 46, "Hajjaj", None, 34.77, 43.58, None),
              place(127, 132, "Basra", "Basra", 30.51, 47.78, 99072, admin1="Basra")]
    events = [
        event(1, "Explosions/Remote violence", "Remote explosive/landmine/IED", "Hajjaj", 34.77,
               43.58, 6, date(2017, 9, 19), 0, 104, "Islamic State (Iraq)"),
        event(2, "Protests", "Peaceful protest", "Basra", 30.51, 47.78, 0, date(2017, 9, 20),
               105, len(text), "Protesters (Iraq)", admin1="Basra"),
    ]
    return ArticleResult(article, places, events, ["a warning"])
