"""web.highlight: article text -> HTML with places marked and event sentences shaded (pure)."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pandas as pd
import pytest

from web.highlight import (EventMark, PlaceMark, event_marks, place_marks, render_header,
                           render_legend, render_text, safe_url)

TEXT = "Gunmen attacked Ramadi on Saturday. Protesters marched in Basra."
RAMADI = (TEXT.index("Ramadi"), TEXT.index("Ramadi") + 6)
BASRA = (TEXT.index("Basra"), TEXT.index("Basra") + 5)
SENT1 = (0, TEXT.index(".") + 1)
SENT2 = (SENT1[1] + 1, len(TEXT))
ALLOWED_TAGS = {"div", "span", "mark", "sup", "h2", "a", "ul", "li"}
ALLOWED_ATTRS = {"class", "title", "style", "href", "target", "rel"}


class _Tree(HTMLParser):
    """Collects tags, attributes and text; raises on a closing tag that does not match."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.text_in: list[tuple[str, tuple[str, ...]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        self.text_in.append((data, tuple(self.stack)))


def parse(markup: str) -> _Tree:
    tree = _Tree()
    tree.feed(markup)
    tree.close()
    assert tree.stack == [], f"unclosed: {tree.stack}"
    return tree


def visible_text(markup: str) -> str:
    """The text a reader sees, without the event tags added after sentences."""
    return "".join(parse(re.sub(r"<sup [^>]*>.*?</sup>", "", markup)).text)


def marked(markup: str, tag: str, cls: str) -> list[str]:
    """The text inside each element ``tag`` having class ``cls``, in order."""
    pattern = rf'<{tag} class="[^"]*\b{cls}\b[^"]*"[^>]*>(.*?)</{tag}>'
    return [re.sub(r"<[^>]+>", "", m) for m in re.findall(pattern, markup, flags=re.S)]


def assert_inert(markup: str) -> None:
    tree = parse(markup)
    for tag, attrs in tree.tags:
        assert tag in ALLOWED_TAGS, tag
        assert set(attrs) <= ALLOWED_ATTRS, attrs
        assert not any(a.startswith("on") for a in attrs)
        href = attrs.get("href")
        if href is not None:
            assert href.startswith(("http://", "https://")), href


def test_highlight_wraps_places_and_events():
    out = render_text(TEXT, [PlaceMark(*RAMADI, "Ramadi, Al Anbar, Iraq"),
                             PlaceMark(*BASRA, "Basra, Al Basrah, Iraq")],
                      [EventMark(*SENT1, "Battles", "#1 Battles"),
                       EventMark(*SENT2, "Protests", "#2 Protests")])
    assert visible_text(out) == TEXT
    assert marked(out, "mark", "cm-place") == ["Ramadi", "Basra"]
    assert 'title="Ramadi, Al Anbar, Iraq"' in out
    sentences = marked(out, "span", "cm-event")
    assert sentences == [TEXT[slice(*SENT1)], TEXT[slice(*SENT2)]]
    assert "cm-ev-battles" in out and "cm-ev-protests" in out


def test_highlight_place_nests_inside_its_sentence():
    out = render_text(TEXT, [PlaceMark(*RAMADI, "Ramadi")], [EventMark(*SENT1, "Battles", "b")])
    tree = parse(out)
    inside = [stack for data, stack in tree.text_in if data == "Ramadi"]
    assert inside == [("div", "span", "mark")]  # the mark sits inside the event's span
    assert visible_text(out) == TEXT


def test_highlight_two_events_share_a_sentence():
    out = render_text(TEXT, [], [
        EventMark(*SENT1, "Battles", "#1 clash", "#1"),
        EventMark(*SENT1, "Violence against civilians", "#2 attack", "#2")])
    assert len(marked(out, "span", "cm-event")) == 1
    assert "cm-multi" in out and "#1 clash\n#2 attack" in parse(out).tags[1][1]["title"]
    assert re.findall(r"<sup[^>]*>(.*?)</sup>", out) == [
        "#1 Battles", "#2 Violence against civilians"]


def test_highlight_spans_crossing_edges_stay_well_nested():
    # A place running across a sentence's end, and two overlapping event spans.
    places = [PlaceMark(30, 40, "across")]
    events = [EventMark(0, 35, "Battles", "a"), EventMark(20, 50, "Riots", "b")]
    out = render_text(TEXT, places, events)
    parse(out)  # balanced
    assert visible_text(out) == TEXT
    assert "".join(marked(out, "mark", "cm-place")) == TEXT[30:40]


def test_highlight_spans_at_the_ends_and_out_of_range():
    text = "Mosul"
    out = render_text(text, [PlaceMark(0, 5, "Mosul")], [EventMark(0, 5, "Battles", "x")])
    assert marked(out, "mark", "cm-place") == ["Mosul"]
    assert visible_text(out) == text
    clipped = render_text(text, [PlaceMark(-3, 99, "all")], [EventMark(4, 4, "Riots", "empty")])
    assert marked(clipped, "mark", "cm-place") == ["Mosul"]
    assert "cm-event" not in clipped  # an empty span draws nothing
    assert visible_text(render_text("", [PlaceMark(0, 3, "x")])) == ""


def test_highlight_overlapping_places_keep_the_first():
    out = render_text(TEXT, [PlaceMark(*RAMADI, "Ramadi"),
                             PlaceMark(RAMADI[0] + 2, RAMADI[1] + 3, "overlap")])
    assert marked(out, "mark", "cm-place") == ["Ramadi"]


def test_highlight_unresolved_and_reviewed_places_are_marked():
    rows = [{"start": RAMADI[0], "end": RAMADI[1], "name": None, "lat": None, "lon": None,
             "admin1": None, "country_code": None, "reviewed": False},
            {"start": BASRA[0], "end": BASRA[1], "name": "Basra", "lat": 30.5, "lon": 47.8,
             "admin1": "Al Basrah", "country_code": "IQ", "reviewed": True}]
    marks = place_marks(rows, {"IQ": "Iraq"}.get)
    assert marks[0].tooltip == "unresolved" and not marks[0].resolved
    assert marks[1].tooltip == "Basra, Al Basrah, Iraq - reviewed"
    out = render_text(TEXT, marks)
    assert marked(out, "mark", "cm-unresolved") == ["Ramadi"]
    assert marked(out, "mark", "cm-reviewed") == ["Basra"]
    assert 'title="unresolved"' in out


def test_highlight_event_marks_from_a_frame():
    frame = pd.DataFrame([{"id": 7, "start": 0, "end": 35, "event_type": "Battles",
                           "sub_event_type": "Armed clash", "event_date": date(2024, 3, 2),
                           "actor1": "Unidentified armed group (Iraq)", "actor2": None,
                           "fatalities": 2, "injuries": pd.NA, "location": "Ramadi",
                           "reviewed": True}]).astype({"injuries": "Int64"})
    (mark,) = event_marks(frame.to_dict("records"))
    assert mark.label == "#7" and mark.reviewed
    assert mark.tooltip == ("#7 Battles: Armed clash - 2024-03-02 - Unidentified armed group "
                            "(Iraq) - 2 killed - Ramadi (reviewed)")
    assert "#7 Battles \u2713" in render_text(TEXT, [], [mark])


HOSTILE = ('<script>alert(1)</script> <img src=x onerror="alert(2)"> '
           '<a href="javascript:alert(3)">x</a> "quoted" & \'single\' </div></span></mark>')


def test_highlight_escapes_hostile_text():
    text = HOSTILE + " in Mosul."
    at = text.index("Mosul")
    out = render_text(text, [PlaceMark(at, at + 5, '"><script>alert(4)</script>')],
                      [EventMark(0, len(text), 'Battles"><img src=x onerror=alert(5)>',
                                 "<b>tip</b>", '<i onclick="x">')])
    assert_inert(out)
    assert "<script" not in out and "<img" not in out and "<a " not in out
    assert visible_text(out) == text  # every character survives, as text
    assert 'class="cm-event cm-ev-battles-img-src-x-onerror-alert-5' in out


@pytest.mark.parametrize("url, ok", [
    ("https://example.org/a?b=1&c=2", True), ("http://example.org", True),
    ("javascript:alert(1)", False), ("JAVASCRIPT:alert(1)", False), (" javascript:alert(1)", False),
    ("java\tscript:alert(1)", False), ("data:text/html,<script>alert(1)</script>", False),
    ("vbscript:x", False), ("//evil.example/x", False), ("https://", False), ("", False),
    (None, False), ("file:///etc/passwd", False), ("https://ex ample.org", False),
])
def test_highlight_only_http_urls_are_links(url, ok):
    assert (safe_url(url) is not None) == ok


def test_highlight_header_escapes_title_and_refuses_script_links():
    out = render_header('<script>alert(1)</script> & <img src=x onerror=alert(2)>',
                        "javascript:alert(3)", date(2024, 3, 4), "<b>wire</b>",
                        ["warning <script>"], date_found=True)
    assert_inert(out)
    assert "href" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "Published 2024-03-04 (from the text)" in out
    linked = render_header('Bomb "hits"', "https://example.org/a?x=1&y=2", None, None)
    assert_inert(linked)
    assert 'href="https://example.org/a?x=1&amp;y=2"' in linked
    assert ">Bomb &quot;hits&quot;</a>" in linked and "No publication date" in linked
    assert "Untitled article" in render_header(None, None, None, None)


def test_highlight_legend_lists_event_types():
    out = render_legend(["Battles", "Protests", "Battles"])
    assert_inert(out)
    assert len(marked(out, "span", "cm-event")) == 2
    assert "unresolved place" in out
