"""What a reviewer needs to correct an article's extraction, as pure functions over the gazetteer,
the ACLED vocabulary and the article text (no streamlit; pages/3_Article.py is the UI).

- :mod:`review.candidates`: other gazetteer entries a place mention may mean, or a name search;
- :mod:`review.locate`: a dropped pin or typed "lat, lon" -> country and admin1;
- :mod:`review.events`: event-type choices, the fields a reviewer changed, a sentence's span.
"""
