"""A map as a standalone HTML file that opens offline: the page plus the vendored assets it uses."""

from __future__ import annotations

import shutil
from pathlib import Path

import folium

from maps.assets import LOCAL_ASSETS, VENDOR_DIR, AssetsMissing, missing_assets

EXPORT_PREFIX = "vendor"  # relative to the HTML file


def save_html(m: folium.Map, path: Path, vendor_dir: Path = VENDOR_DIR) -> Path:
    """Write ``m`` to ``path`` and copy the packages it loads into ``path.parent/vendor/``.

    ``m`` must be built with ``asset_prefix=EXPORT_PREFIX``. Whole package folders are copied,
    because the CSS refers to images and fonts next to it.
    """
    missing = missing_assets(m, vendor_dir)
    if missing:
        raise AssetsMissing(missing)
    page = m.get_root().render()
    packages = {p.split("/", 1)[0] for p in filter(None, LOCAL_ASSETS.values())
                if f'"{EXPORT_PREFIX}/{p}"' in page}
    if not packages:
        raise ValueError(f"the map does not load its assets from {EXPORT_PREFIX}/: "
                         f"build it with asset_prefix={EXPORT_PREFIX!r}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for package in sorted(packages):
        shutil.copytree(vendor_dir / package, path.parent / EXPORT_PREFIX / package,
                        dirs_exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
