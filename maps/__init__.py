"""Places and events -> a folium map whose JS/CSS is served locally (works offline).

The map layer of article -> places -> events -> map. Never imports streamlit.
"""

from maps.assets import APP_PREFIX, AssetsMissing, UnknownAsset, localize, missing_assets
from maps.build import base_map, build_map

__all__ = ["APP_PREFIX", "AssetsMissing", "UnknownAsset", "base_map", "build_map", "localize",
           "missing_assets"]
