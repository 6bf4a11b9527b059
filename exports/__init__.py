"""Stored events -> files others can use: ACLED-style CSV, GeoJSON, GeoPackage, a standalone map.

Pure functions over ``Store.events_frame`` rows (never imports streamlit):

    from exports import to_acled_frame, to_csv_bytes, to_geodataframe, to_geopackage_bytes
    frame = store.events_frame(map_id, flt)
    csv = to_csv_bytes(to_acled_frame(frame, map_name))
    gpkg = to_geopackage_bytes(to_geodataframe(frame, map_name))
"""

from exports.acled import ACLED_COLUMNS, COLUMNS, EXTRA_COLUMNS, to_acled_frame, to_csv_bytes
from exports.files import export_filename, safe_stem
from exports.spatial import (count_unlocated, located, to_geodataframe, to_geojson_bytes,
                             to_geopackage_bytes)

__all__ = ["ACLED_COLUMNS", "COLUMNS", "EXTRA_COLUMNS", "count_unlocated", "export_filename",
           "located", "safe_stem", "to_acled_frame", "to_csv_bytes", "to_geodataframe",
           "to_geojson_bytes", "to_geopackage_bytes"]
