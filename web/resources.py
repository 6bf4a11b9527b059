"""Heavy resources, created once per server process and shared by every session and page."""

from __future__ import annotations

import streamlit as st

import settings
from store import Store, get_store


def load_store() -> Store:
    """The store of the DATABASE_URL setting (read on each call: tests switch databases)."""
    return _store(settings.get("DATABASE_URL"))


@st.cache_resource(show_spinner="Opening the database...")
def _store(url: str) -> Store:
    return get_store(url)


@st.cache_resource(show_spinner="Loading the language model...")
def load_nlp():
    from extract.nlp import get_nlp

    return get_nlp()


@st.cache_resource(show_spinner="Opening the gazetteer...")
def load_gazetteer():
    from gazetteer import get_gazetteer

    return get_gazetteer()
