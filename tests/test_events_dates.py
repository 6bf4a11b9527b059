"""Event dates: an expression and a publication date in, (date, time_precision) out."""

from __future__ import annotations

from datetime import date

import pytest

from extract.events.dates import find_dates, resolve_date, weekday_on_or_before

PUB = date(2017, 9, 19)  # a Tuesday


@pytest.mark.parametrize("expr,expected", [
    ("on Tuesday", (date(2017, 9, 19), 1)),
    ("on Monday", (date(2017, 9, 18), 1)),
    ("Tuesday's bombings", (date(2017, 9, 19), 1)),
    ("last Thursday", (date(2017, 9, 14), 1)),
    ("last Tuesday", (date(2017, 9, 12), 1)),
    ("on Sunday night", (date(2017, 9, 17), 1)),
    ("yesterday", (date(2017, 9, 18), 1)),
    ("late last night", (date(2017, 9, 18), 1)),
    ("earlier today", (date(2017, 9, 19), 1)),
    ("five days ago", (date(2017, 9, 14), 1)),
    ("two weeks ago", (date(2017, 9, 5), 2)),
    ("last week", (date(2017, 9, 14), 2)),
    ("in July", (date(2017, 7, 15), 3)),
    ("in early July", (date(2017, 7, 15), 3)),
    ("since December", (date(2016, 12, 15), 3)),
    ("in March 2015", (date(2015, 3, 15), 3)),
    ("last month", (date(2017, 8, 15), 3)),
    ("earlier this month", (date(2017, 9, 15), 3)),
    ("on September 12", (date(2017, 9, 12), 1)),
    ("on 12 September", (date(2017, 9, 12), 1)),
    ("on Sept. 3, 2016", (date(2016, 9, 3), 1)),
    ("on December 30", (date(2016, 12, 30), 1)),
    # a sentence may open with the expression
    ("Yesterday, gunmen stormed a village", (date(2017, 9, 18), 1)),
    ("Overnight, drones hit the city", (date(2017, 9, 18), 1)),
    ("Last week, troops shelled the town", (date(2017, 9, 14), 2)),
    ("Last Thursday, militants attacked", (date(2017, 9, 14), 1)),
    ("Early Sunday, militants attacked", (date(2017, 9, 17), 1)),
    ("He may march", (None, None)),
    ("the situation may change", (None, None)),
    ("no date here", (None, None)),
])
def test_resolve_date_against_publication(expr, expected):
    assert resolve_date(expr, PUB) == expected


def test_resolve_date_days_after_counts_back_from_the_reference_event():
    # "The bombings came just five days after a gun and bomb attack ..."
    assert resolve_date("just five days after", PUB, ref=PUB) == (date(2017, 9, 14), 1)
    assert resolve_date("three days later", PUB, ref=date(2017, 9, 10)) == (date(2017, 9, 13), 1)


def test_resolve_date_mid_month_never_after_publication():
    assert resolve_date("earlier this month", date(2017, 9, 6)) == (date(2017, 9, 6), 3)


@pytest.mark.parametrize("expr", ["in 2014", "three years after Daesh took control", "since 2003",
                                  "have been fighting over the city for more than a year",
                                  "2,300 fatalities in the first five months of this year",
                                  "Last year, 40 were killed", "so far this year",
                                  "over the past two decades"])
def test_find_dates_marks_years_as_too_coarse(expr):
    found = find_dates(expr, PUB)
    assert found and all(d.coarse for d in found)


@pytest.mark.parametrize("expr", ["on Tuesday", "last Thursday", "in July", "yesterday"])
def test_resolve_date_without_publication_date_gives_none(expr):
    d, _ = resolve_date(expr, None)
    assert d is None


def test_find_dates_offsets_point_into_the_text():
    text = "Clashes erupted on Friday and again in July."
    found = find_dates(text, PUB, offset=100)
    assert [text[d.start - 100:d.end - 100] for d in found] == ["on Friday", "in July"]


@pytest.mark.parametrize("weekday,strictly,expected", [
    (1, False, date(2017, 9, 19)), (1, True, date(2017, 9, 12)), (3, False, date(2017, 9, 14)),
    (6, False, date(2017, 9, 17)),
])
def test_weekday_on_or_before(weekday, strictly, expected):
    assert weekday_on_or_before(PUB, weekday, strictly) == expected
