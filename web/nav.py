"""Links between pages that keep the visitor's map token and filters in the URL.

Streamlit's own page menu drops the query string, which would lose a read-only visitor's map
and the filters; it is turned off (``client.showSidebarNavigation``) in favour of these links.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

import settings
from store import Access
from web.context import TOKEN_PARAM, link_params
from web.sidebar import FILTER_PARAMS
from web.text import md_escape

PAGES = (
    ("app.py", "Upload", ":material/upload_file:"),
    ("pages/1_Map.py", "Map", ":material/map:"),
    ("pages/2_Events.py", "Events", ":material/table_rows:"),
    ("pages/3_Article.py", "Articles", ":material/article:"),
    ("pages/9_About.py", "About", ":material/info:"),
)


def carried_params(access: Access | None) -> dict[str, str]:
    """The map token and the current filters, for a link to another page."""
    params = {k: st.query_params[k] for k in FILTER_PARAMS if k in st.query_params}
    if access is not None:
        params.update(link_params(access))
    elif st.query_params.get(TOKEN_PARAM):
        params[TOKEN_PARAM] = st.query_params[TOKEN_PARAM]
    return params


def nav(access: Access | None) -> None:
    params = carried_params(access)
    with st.sidebar:
        for page, label, icon in PAGES:
            if not (settings.ROOT / page).exists():
                continue
            try:
                st.page_link(page, label=label, icon=icon, query_params=params)
            except StreamlitPageNotFoundError:
                break  # a page run on its own (AppTest of one page) has no app to link into
        if access is not None:
            mode = "editable" if access.can_edit else "read-only"
            st.caption(f"Map: **{md_escape(access.map.name)}** ({mode})")
        st.divider()
