"""Stored events -> a zip holding the map as a standalone HTML page and the assets it loads.

The page (``maps.export.save_html``) loads Leaflet and its CSS from a ``vendor/`` folder beside
it, so the two travel together in one archive: unzip, open the .html, no server or internet
needed (map tiles aside, which come from the TILES setting's server when online).
"""

from __future__ import annotations

import tempfile
import warnings
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd

from maps import build_map
from maps.assets import VENDOR_DIR
from maps.export import EXPORT_PREFIX, save_html

# The fields maps.build_map reads from an event (its popup and marker), by their store names.
_MAP_FIELDS = ("event_type", "sub_event_type", "location", "admin1", "country", "geo_precision",
               "actor1", "actor2", "fatalities", "injuries", "background", "sentence", "lat",
               "lon")


def _value(value: Any) -> Any:
    if value is None:
        return None
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):
        return value


def event_records(events: pd.DataFrame) -> list[SimpleNamespace]:
    """``Store.events_frame`` rows as the attribute records ``build_map`` draws (``date`` is
    the event date; missing values are None, never NaN)."""
    records = []
    for row in events.to_dict("records"):
        fields = {name: _value(row.get(name)) for name in _MAP_FIELDS}
        records.append(SimpleNamespace(date=_value(row.get("event_date")), **fields))
    return records


def map_archive_bytes(events: pd.DataFrame, stem: str, *,
                      vendor_dir: Path = VENDOR_DIR) -> bytes:
    """A zip of ``<stem>/<stem>.html`` and ``<stem>/vendor/...`` drawing ``events``."""
    with warnings.catch_warnings():
        # An empty selection gives the world map; build_map's warning says so to a developer.
        warnings.simplefilter("ignore", UserWarning)
        m = build_map(events=event_records(events), asset_prefix=EXPORT_PREFIX)
    with tempfile.TemporaryDirectory(prefix="cm-html-") as tmp:
        folder = Path(tmp) / stem
        save_html(m, folder / f"{stem}.html", vendor_dir=vendor_dir)
        archive = Path(tmp) / "map.zip"
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED,
                             compresslevel=6) as zf:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    zf.write(path, path.relative_to(tmp).as_posix())
        return archive.read_bytes()
