"""Coordinates written in the text: what is read as a point, and how precise it is."""

from __future__ import annotations

import pytest

from extract.coordinates import find_coordinates, followed_by_coordinates, says_where


@pytest.mark.parametrize("text, lat, lon, precision", [
    ("Medina is located at 41°8′9″N 81°51′51″W (41.135899, -81.864069).",
     41.135833, -81.864167, 0.1),
    ("a latitude and longitude of 6°30′N 43°30′E with", 6.5, 43.5, 0.9),
    ("the epicentre was around 1.249° S, 119.922° E, some", -1.249, 119.922, 0.1),
    ("Banda Hill: 0°21'14.0\"N, 32°37'57.0\"E", 0.353889, 32.6325, 0.1),
    ("the camp (36.34 N, 43.13 E)", 36.34, 43.13, 0.6),
    ("centred on 35°N 96°W", 35.0, -96.0, 55.6),
])
def test_a_point_with_hemisphere_letters_is_read(text, lat, lon, precision):
    [c] = find_coordinates(text)
    assert (c.lat, c.lon, c.precision_km) == (lat, lon, precision)
    assert text[c.start:c.end].rstrip().endswith(("W", "E"))


@pytest.mark.parametrize("text", [
    "a 7.5 magnitude quake",
    "(36.3, 43.1)",               # which is the latitude is not said
    "Route 2 N 3 E",             # whole numbers and bare letters
    "41°75′N 81°51′W",           # 75 minutes
    "120°N 20°E",                # beyond the pole
])
def test_what_is_not_a_point_is_not_read(text):
    assert find_coordinates(text) == []


def test_coordinates_are_tied_to_the_name_before_them_only_when_the_words_say_so():
    assert says_where(" is located at ")
    assert says_where(" (")
    assert says_where(", at coordinates: ")
    assert not says_where(" and the army reached ")
    assert followed_by_coordinates(" (34.9100 N, 43.5200 E) on Monday")
    assert not followed_by_coordinates(" said the camp at 34.91 N, 43.52 E was shelled")
