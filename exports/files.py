"""Names for exported files: the map's name made safe for any file system, and the date."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

MAX_STEM = 60
_UNSAFE = re.compile(r"[^A-Za-z0-9]+")


def safe_stem(name: str, fallback: str = "conflictmap") -> str:
    """``"Iraq: Anbar / 2024"`` -> ``"iraq-anbar-2024"``: ASCII letters, digits and dashes only
    (no path separators, dots or reserved characters), never empty."""
    ascii_name = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    stem = _UNSAFE.sub("-", ascii_name).strip("-").lower()[:MAX_STEM].rstrip("-")
    return stem or fallback


def export_filename(map_name: str, extension: str, day: date | None = None,
                    kind: str = "events") -> str:
    """``<map>-<kind>-<YYYY-MM-DD>.<extension>``, e.g. ``my-map-events-2024-03-04.csv``."""
    day = day or date.today()
    return f"{safe_stem(map_name)}-{kind}-{day.isoformat()}.{extension.lstrip('.')}"
