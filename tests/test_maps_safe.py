"""maps.safe: article text cannot break out of the HTML, the <script>, JavaScript template
literals or branca's second Jinja pass -- checked on values and on whole rendered maps."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date

import pytest

from extract.types import Place
from maps import build_map
from maps.safe import escape_html, safe_url, script_json

NODE = shutil.which("node")
EVIL = ("</script><script>alert(1)</script> {{ 7*7 }} {% if 1 %}x{% endif %} {#c#} "
        "`${alert(2)}` \\ ' \" & \u2028")


def test_maps_safe_escape_html_neutralises_markup_templates_and_literals():
    out = escape_html(EVIL)
    for bad in ("<", ">", "{", "}", "`", "\\", '"', "'"):
        assert bad not in out
    assert escape_html(None) == "" and escape_html(date(2024, 3, 2)) == "2024-03-02"
    assert escape_html("Dar`a") == "Dar&#96;a"


def test_maps_safe_script_json_round_trips_and_is_inert():
    value = {"s": EVIL, "t": ["{{", "{%", "{#", "}}"], "n": [1, 2.5, None, True]}
    text = script_json(value)
    assert json.loads(text) == value
    for bad in ("<", ">", "&", "'", "{{", "{%", "{#", "\u2028"):
        assert bad not in text


@pytest.mark.parametrize("url,expected", [
    ("https://example.org/a?b=1", "https://example.org/a?b=1"),
    ("http://example.org", "http://example.org"),
    ("  https://example.org/x  ", "https://example.org/x"),
    ("javascript:alert(1)", None), ("JavaScript:alert(1)", None), (" javascript:x", None),
    ("data:text/html,<b>", None), ("//example.org", None), ("ftp://x.org", None),
    ("https://x.org/\"onmouseover=alert(1)", None), ("https://x.org/a b", None),
    (None, None), (42, None), ("", None),
])
def test_maps_safe_url(url, expected):
    assert safe_url(url) == expected


@dataclass
class FakeEvent:
    lat: float
    lon: float
    event_type: str = "Battles"
    sub_event_type: str = "Armed clash"
    date: date | None = date(2024, 3, 2)
    sentence: str = EVIL
    actor1: str = EVIL
    background: bool = False


def scripts(page: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", page, re.S)


def test_maps_build_map_leaves_nothing_for_jinja(monkeypatch):
    monkeypatch.setenv("CONFLICTMAP_TILES", "none")
    place = Place(start=0, end=5, text=EVIL, name="Dar`a {{ 1234567*3 }}", lat=32.6, lon=36.1,
                  geonameid=None, country_code="SY", admin1=EVIL, feature="city", score=0.9)
    page = build_map([place], [FakeEvent(32.7, 36.2)]).get_root().render()
    assert "{{" not in page and "{%" not in page
    assert "3703701" not in page  # the expression was not evaluated...
    assert "Dar&#96;a &#123;&#123; 1234567*3 &#125;&#125;" in page  # ...but shown as text


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_maps_build_map_scripts_parse(monkeypatch, tmp_path):
    """A backtick or ${...} in a place name must not break folium's template literals."""
    monkeypatch.setenv("CONFLICTMAP_TILES", "none")
    place = Place(start=0, end=5, text=EVIL, name="Dar`a ${x}", lat=32.6, lon=36.1,
                  geonameid=None, country_code="SY", admin1=EVIL, feature="city", score=0.9)
    page = build_map([place], [FakeEvent(32.7, 36.2)]).get_root().render()
    for n, script in enumerate(scripts(page)):
        path = tmp_path / f"script{n}.js"
        path.write_text(script, encoding="utf-8")
        result = subprocess.run([NODE, "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
