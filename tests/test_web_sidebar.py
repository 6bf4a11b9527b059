"""web.sidebar: which articles the Article filter offers on a large map."""

from web.sidebar import article_choices


def test_sidebar_offers_every_article_of_a_small_map():
    assert article_choices([1, 2, 3], (), limit=5) == [1, 2, 3]


def test_sidebar_offers_the_most_recent_articles_of_a_large_map():
    assert article_choices(list(range(1, 11)), (), limit=3) == [8, 9, 10]


def test_sidebar_keeps_the_articles_a_link_chose():
    # 2 comes from the URL: it must stay selectable, 99 is not on this map
    assert article_choices(list(range(1, 11)), (2, 9, 99), limit=3) == [2, 8, 9, 10]
