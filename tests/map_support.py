"""A hand-built article for the Map page tests (AppTest and browser): two events in Ramadi
and Basra with coordinates, one without, and a title meant to break out of HTML and Jinja."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from extract.events.model import Event
from extract.types import Article, ArticleResult, Place

TEXT = ("Residents said the town was quiet in the morning. Gunmen attacked a checkpoint in "
        "Ramadi on Saturday, killing 2 soldiers. Officials later reopened the road. "
        "Hundreds protested in Basra on Sunday. Shops closed early.")
EVIL_TITLE = "<script>alert('title')</script> {{ 7*7 }}"


def _sentence(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, text.index(".", start) + 1


def _event(n: int, event_type: str, sub: str, place: str, lat, lon, day: date,
           fatalities: int | None, text: str = TEXT, needle: str | None = None) -> Event:
    start, end = _sentence(text, needle or place)
    return Event(
        event_id=f"e{n}", event_type=event_type, sub_event_type=sub,
        disorder_type="Political violence", actor1="Unidentified Armed Group (Iraq)",
        actor2="Military Forces of Iraq", inter1=None, inter2=None, interaction=None,
        civilian_targeting=False, fatalities=fatalities, injuries=None, date=day,
        time_precision=1, background=False, location=place, lat=lat, lon=lon,
        admin1="Al Anbar" if place == "Ramadi" else "Basra", country="Iraq",
        country_code="IQ", geo_precision=1, sentence=text[start:end], start=start, end=end,
        confidence=0.8)


def result(title: str = "Clashes in Anbar", url: str | None = "https://example.org/anbar",
           text: str = TEXT) -> ArticleResult:
    article = Article(id="x", text=text, published=date(2024, 3, 4), title=title, url=url)
    places = [Place(start=text.index("Ramadi"), end=text.index("Ramadi") + 6, text="Ramadi",
                    name="Ramadi", lat=33.42, lon=43.30, geonameid=None, country_code="IQ",
                    admin1="Al Anbar", feature="city", score=0.9)]
    events = [
        _event(1, "Battles", "Armed clash", "Ramadi", 33.42, 43.30, date(2024, 3, 2), 2,
               text=text),
        _event(2, "Protests", "Peaceful protest", "Basra", 30.51, 47.78, date(2024, 3, 3), 0,
               text=text),
        _event(3, "Protests", "Peaceful protest", "Basra", None, None, date(2024, 3, 3), None,
               text=text, needle="Shops"),
    ]
    return ArticleResult(article, places, events, [])


# A drawn rectangle around Ramadi (GeoJSON, as the map's draw control returns it).
AROUND_RAMADI = {"type": "Polygon", "coordinates": [[[43, 33], [44, 33], [44, 34], [43, 34],
                                                     [43, 33]]]}


def select_area(at, area: dict = AROUND_RAMADI):
    """The Map page AppTest ``at`` re-run as if the user had drawn ``area`` on the map."""
    from web.mapview import MapSession

    at.session_state["cm_mapview"] = MapSession(area=area)
    at.run()
    assert not at.exception, at.exception
    return at


MAP_PAGE = Path(__file__).resolve().parent.parent / "pages" / "1_Map.py"


def map_page(token: str, **params: str):
    """An AppTest of the Map page for the map of ``token``, with more URL ``params``."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(MAP_PAGE), default_timeout=120)
    at.query_params["map"] = token
    for name, value in params.items():
        at.query_params[name] = value
    return at
