"""A map as a standalone HTML file that opens offline: the page plus the vendored assets it uses."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import folium

from maps.assets import LOCAL_ASSETS, VENDOR_DIR, AssetsMissing, missing_assets

EXPORT_PREFIX = "vendor"  # relative to the HTML file
# url(...) in a stylesheet: images and fonts the CSS loads relative to itself.
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
# Leaflet's default marker finds its icon's folder through leaflet.css, then loads these two from
# script, where no stylesheet names them.
_SCRIPT_LOADED = {"leaflet/dist/leaflet.css": ("leaflet/dist/images/marker-icon-2x.png",
                                               "leaflet/dist/images/marker-shadow.png")}


def asset_files(entry_points: set[str], vendor_dir: Path = VENDOR_DIR) -> set[str]:
    """``entry_points`` (paths under ``vendor_dir``) plus every local file their stylesheets
    refer to, as paths under ``vendor_dir``: what a copy of the page needs, and no more (whole
    packages were 45 MB, mostly fonts and sources the map never loads)."""
    root = vendor_dir.resolve()
    needed: set[str] = set()
    todo = list(entry_points)
    while todo:
        relative = todo.pop()
        if relative in needed:
            continue
        path = (root / relative).resolve()
        if not path.is_file() or not path.is_relative_to(root):
            continue
        needed.add(relative)
        todo.extend(_SCRIPT_LOADED.get(relative, ()))
        if path.suffix != ".css":
            continue
        for _, ref in _CSS_URL.findall(path.read_text(encoding="utf-8", errors="replace")):
            ref = ref.strip().split("#", 1)[0].split("?", 1)[0]
            if not ref or ref.startswith(("data:", "http:", "https:", "//", "/")):
                continue
            target = (path.parent / ref).resolve()
            if target.is_relative_to(root):
                todo.append(target.relative_to(root).as_posix())
    return needed


def save_html(m: folium.Map, path: Path, vendor_dir: Path = VENDOR_DIR) -> Path:
    """Write ``m`` to ``path`` and copy the asset files it loads (with the images and fonts
    their CSS refers to) into ``path.parent/vendor/``.

    ``m`` must be built with ``asset_prefix=EXPORT_PREFIX``.
    """
    missing = missing_assets(m, vendor_dir)
    if missing:
        raise AssetsMissing(missing)
    page = m.get_root().render()
    loaded = {p for p in filter(None, LOCAL_ASSETS.values()) if f'"{EXPORT_PREFIX}/{p}"' in page}
    if not loaded:
        raise ValueError(f"the map does not load its assets from {EXPORT_PREFIX}/: "
                         f"build it with asset_prefix={EXPORT_PREFIX!r}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for relative in sorted(asset_files(loaded, vendor_dir)):
        target = path.parent / EXPORT_PREFIX / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(vendor_dir / relative, target)
    path.write_text(page, encoding="utf-8")
    return path
