"""Which map this visitor sees and whether they may change it, from the URL's ``map`` token.

- ``?map=<view token>``: read-only (view, filter, export);
- ``?map=<edit token>``: may upload, correct and delete;
- no token: with WORKSPACE=local (the embedded default, one user on their own machine) the first
  map with edit rights; with WORKSPACE=shared (a deployment) a page offering to create a map, so
  a stranger never edits someone else's map.

The store checks rights again on every write; hiding buttons here is only a courtesy.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

import settings
from store import Access
from web.resources import load_store

TOKEN_PARAM = "map"
_SESSION_TOKEN = "cm_map_token"


def current_access(*, allow_none: bool = False) -> Access | None:
    """The visitor's map, or a message and st.stop() when the link is wrong."""
    store = load_store()
    token = st.query_params.get(TOKEN_PARAM)
    if not token and st.session_state.get(_SESSION_TOKEN):
        # Navigation that dropped the query string must not drop the visitor's map (or, in the
        # local workspace, silently hand them the editable default map instead).
        token = st.session_state[_SESSION_TOKEN]
        st.query_params[TOKEN_PARAM] = token
    if token:
        st.session_state[_SESSION_TOKEN] = token
        access = store.access(token)
        if access is None:
            st.error("This map link is not valid (it may have been revoked). "
                     "Ask its owner for a new link.")
            st.stop()
        return access
    if _local_workspace():
        return store.owner_access(store.default_map().id)
    if allow_none:
        return None
    st.info("Open a map from a link you were given, or create a new map on the start page.")
    st.stop()


def remember_map(token: str) -> None:
    """Open the map of ``token`` (a new map's, a replaced edit link's) from now on: in the URL
    and, for navigation that drops the query string, in the session."""
    st.session_state[_SESSION_TOKEN] = token
    st.query_params[TOKEN_PARAM] = token


def _local_workspace() -> bool:
    return settings.get("WORKSPACE").strip().lower() == "local"


def link_params(access: Access, *, edit: bool | None = None) -> dict[str, str]:
    """Query parameters that reopen ``access``'s map (edit link only when allowed)."""
    want_edit = access.can_edit if edit is None else (edit and access.can_edit)
    token = access.map.edit_token if want_edit else access.map.view_token
    if _local_workspace() and not st.query_params.get(TOKEN_PARAM) and want_edit:
        return {}  # the local workspace needs no token; keep local URLs clean
    return {TOKEN_PARAM: token}


def share_url(access: Access, page: str = "", *, edit: bool = False,
              extra: dict[str, str] | None = None) -> str:
    """An absolute link for someone else: always carries a token, read-only unless ``edit``."""
    base = settings.get("PUBLIC_BASE_URL").rstrip("/")
    token = access.map.edit_token if (edit and access.can_edit) else access.map.view_token
    params = {TOKEN_PARAM: token, **(extra or {})}
    path = f"/{page.strip('/')}" if page else "/"
    return f"{base}{path}?{urlencode(params)}"


def require_edit(access: Access) -> bool:
    """True when the visitor may edit; otherwise says why the controls are missing."""
    if not access.can_edit:
        st.caption("Read-only link: you can view, filter and export this map.")
    return access.can_edit
