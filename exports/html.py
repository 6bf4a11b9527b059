"""Stored events -> a zip holding the map as a standalone HTML page and the assets it loads.

The page is the Map page's map (clustered events coloured by type, heat map, per-region
choropleth and totals, legend), drawn from the same compact event data, so a selection of
50,000 events exports as it displays. Having no details panel beside it, its popups keep each
event's sentence and article. It loads Leaflet and its CSS from a ``vendor/`` folder beside it
(``maps.export.save_html``), so the two travel together in one archive: unzip, open the .html,
no server or internet needed (map tiles aside, which come from the TILES setting's server when
online).
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import pandas as pd

from maps.assets import VENDOR_DIR
from maps.eventdata import MAX_SENTENCE
from maps.eventmap import event_map, prepare
from maps.export import EXPORT_PREFIX, save_html


def map_archive_bytes(events: pd.DataFrame, stem: str, *, vendor_dir: Path = VENDOR_DIR,
                      boundaries_dir: Path | None = None) -> bytes:
    """A zip of ``<stem>/<stem>.html`` and ``<stem>/vendor/...`` drawing ``events`` (columns
    as ``Store.events_frame``); no events gives the world map with its outlines."""
    data = prepare(events, boundaries_dir=boundaries_dir, sentence_chars=MAX_SENTENCE)
    m = event_map(data, asset_prefix=EXPORT_PREFIX, boundaries_dir=boundaries_dir, select=False)
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
