"""One script and one stylesheet for a map's vendored assets, instead of a request per file.

streamlit-folium loads a map's scripts one after the other (each waits for the previous one's
``onload``), so the Map page's seven vendored scripts were seven round trips in a row before
the map script could run, and its seven stylesheets seven more requests. :func:`bundle` puts a
:func:`maps.assets.localize`-d map's local files into ``static/vendor/bundle/<hash>.js`` and
``<hash>.css`` (built on first use from the installed files, never committed; the name is the
content's hash, so a changed file gives a new name and no stale cache) and points the map at
those two files.

The files are concatenated as they are (the vendored builds are already minified); each script
starts on its own statement (``;``) so that no file's ``"use strict"`` applies to the ones after
it, ``sourceMappingURL`` comments are dropped (the maps are not copied), and stylesheets get
their ``url(...)`` references rewritten to stay valid from the bundle's folder.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import folium
from branca.element import Element
from folium.elements import JSCSSMixin

from maps.assets import APP_PREFIX, VENDOR_DIR

BUNDLE_DIR = "bundle"  # under the vendor folder
# Scripts folium's Map always lists that only some elements use: jQuery (folium's Popup builds its
# content with $(...), a GeoJson that is not embedded loads with $.ajax, the Map's
# objects_to_stay_in_front waits for $(document).ready), Bootstrap's script (no folium element)
# and Leaflet.awesome-markers' (folium.Icon). Executing them took 60-100 ms of the browser's main
# thread on a first visit (at load 5), so a map made only of elements known to need none of them
# (exactly these types; a subclass may bring its own template) is bundled without them. Their
# stylesheets stay: they shape what is seen.
OPTIONAL_SCRIPTS = ("jquery/dist/jquery.min.js", "bootstrap/dist/js/bootstrap.bundle.min.js",
                    "leaflet.awesome-markers/dist/leaflet.awesome-markers.js")


def _without_optional_scripts() -> frozenset[type]:
    import folium.plugins
    from folium.map import CustomPane, FitBounds

    from maps.assets import _IconImagePath
    from maps.layers import (EventClusterLayer, EventData, EventHeatMap, Legend,
                             RegionCircles, ShowEvents)

    return frozenset({
        folium.Map, folium.TileLayer, folium.GeoJson, folium.GeoJsonTooltip, folium.FeatureGroup,
        folium.CircleMarker, folium.Tooltip, folium.LayerControl, CustomPane, FitBounds,
        folium.plugins.Draw, folium.plugins.HeatMap, _IconImagePath, EventData,
        EventClusterLayer, EventHeatMap, Legend, RegionCircles, ShowEvents})


def needs_optional_scripts(m: Element) -> bool:
    """Whether some element of ``m`` may use jQuery, Bootstrap's or awesome-markers' script."""
    safe = _without_optional_scripts()
    for element in _walk(m):
        if type(element) not in safe:
            return True
        if isinstance(element, folium.GeoJson) and (not element.embed or element.marker):
            return True
        if isinstance(element, folium.Map) and element.objects_to_stay_in_front:
            return True
    return False
_SOURCE_MAP = re.compile(r"^\s*/[/*][#@]\s*sourceMappingURL=.*$", re.MULTILINE)
_CHARSET = re.compile(r"""@charset\s+["'][^"']*["']\s*;""", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_IMPORT = re.compile(r"@import\b", re.IGNORECASE)


def _walk(element: Element) -> Iterator[Element]:
    """Elements in the order streamlit-folium collects their assets (parents first)."""
    yield element
    for child in list(element._children.values()):
        yield from _walk(child)


def _assets(m: Element) -> tuple[list[str], list[str]]:
    js: list[str] = []
    css: list[str] = []
    for element in _walk(m):
        if isinstance(element, JSCSSMixin):
            js.extend(url for _, url in element.default_js)
            css.extend(url for _, url in element.default_css)
    return list(dict.fromkeys(js)), list(dict.fromkeys(css))


def _relative(urls: list[str], prefix: str) -> list[str] | None:
    """The paths under the vendor folder of ``urls``, or None if any is not a vendored file."""
    head = prefix.rstrip("/") + "/"
    if not all(url.startswith(head) for url in urls):
        return None
    return [url[len(head):] for url in urls]


def _script(paths: list[str], vendor_dir: Path) -> str:
    parts = []
    for path in paths:
        text = (vendor_dir / path).read_text(encoding="utf-8")
        parts.append(f";/* {path} */\n{_SOURCE_MAP.sub('', text).rstrip()}\n")
    return "".join(parts)


def _rebase_css(text: str, path: str) -> str:
    """``url(...)`` references of the stylesheet at ``path`` (under the vendor folder), made
    relative to the bundle folder."""
    folder = posixpath.dirname(path)

    def rebase(match: re.Match) -> str:
        quote, ref = match.group(1), match.group(2).strip()
        if not ref or ref.startswith(("data:", "#", "/", "http:", "https:")) or "//" in ref:
            return match.group(0)
        target = posixpath.normpath(posixpath.join(folder, ref))
        return f"url({quote}{posixpath.relpath(target, BUNDLE_DIR)}{quote})"

    return _CSS_URL.sub(rebase, text)


def _stylesheet(paths: list[str], vendor_dir: Path) -> str | None:
    parts = ['@charset "UTF-8";\n']
    for path in paths:
        text = (vendor_dir / path).read_text(encoding="utf-8")
        if _IMPORT.search(text):
            return None  # an @import is only valid at the top of a stylesheet: keep the files
        text = _SOURCE_MAP.sub("", _CHARSET.sub("", text))
        parts.append(f"/* {path} */\n{_rebase_css(text, path).strip()}\n")
    return "".join(parts)


def _write(vendor_dir: Path, text: str, suffix: str) -> str:
    """Write ``text`` as ``bundle/<hash><suffix>`` (once: the name is the content's hash)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    name = f"{BUNDLE_DIR}/{digest}{suffix}"
    target = vendor_dir / name
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=suffix)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)  # atomic: another process writing the same bundle is harmless
    return name


_built: dict[tuple, str | None] = {}


def bundle_file(paths: list[str], kind: str, vendor_dir: Path = VENDOR_DIR) -> str | None:
    """The bundle of ``paths`` (files under ``vendor_dir``, in order) as a path under
    ``vendor_dir``, built if needed; None when it cannot be (a file missing, a folder that
    cannot be written, a stylesheet with ``@import``). ``kind``: ``"js"`` or ``"css"``."""
    try:
        stamp = tuple((p, (vendor_dir / p).stat().st_mtime_ns, (vendor_dir / p).stat().st_size)
                      for p in paths)
    except OSError:
        return None
    key = (str(vendor_dir), kind, stamp)
    if key in _built and (_built[key] is None or (vendor_dir / _built[key]).is_file()):
        return _built[key]
    try:
        text = _script(paths, vendor_dir) if kind == "js" else _stylesheet(paths, vendor_dir)
        name = None if text is None else _write(vendor_dir, text, f".{kind}")
    except (OSError, UnicodeDecodeError):
        name = None
    _built[key] = name
    return name


def bundle(m: Element, prefix: str = APP_PREFIX, vendor_dir: Path = VENDOR_DIR) -> Element:
    """Load ``m``'s vendored scripts and stylesheets as one file each; returns ``m``.

    ``m`` must be :func:`~maps.assets.localize`-d with ``prefix``. Scripts keep their order;
    :data:`OPTIONAL_SCRIPTS` are left out when no element needs them.
    A kind with an asset not under ``prefix``, or whose bundle cannot be built, is left as it
    was (one request per file), so the map loads either way.
    """
    js, css = _assets(m)
    optional = () if needs_optional_scripts(m) else OPTIONAL_SCRIPTS
    for kind, urls in (("js", js), ("css", css)):
        paths = _relative(urls, prefix)
        if len(urls) < 2 or paths is None:
            continue
        if kind == "js":
            paths = [p for p in paths if p not in optional]
        name = bundle_file(paths, kind, vendor_dir)
        if name is None:
            continue
        attr = f"default_{kind}"
        for element in _walk(m):
            if isinstance(element, JSCSSMixin):
                setattr(element, attr, [])
        setattr(m, attr, [(f"cm_bundle_{kind}", f"{prefix.rstrip('/')}/{name}")])
    return m


def bundled_paths(m: Element, prefix: str = APP_PREFIX) -> list[str]:
    """The bundles a :func:`bundle`-d map loads, as paths under the vendor folder."""
    js, css = _assets(m)
    head = prefix.rstrip("/") + f"/{BUNDLE_DIR}/"
    return [url[len(prefix.rstrip("/")) + 1:] for url in js + css if url.startswith(head)]


if __name__ == "__main__":  # scripts/install.sh: build the Map page's bundles ahead of its use
    import pandas as pd

    from maps.eventmap import event_map, prepare

    sample = pd.DataFrame([{
        "id": 1, "article_id": 1, "event_type": "Battles", "sub_event_type": "Armed clash",
        "event_date": "2024-01-01", "lat": 33.3, "lon": 44.4, "fatalities": 1, "location": "x",
        "admin1": "Baghdad", "country": "Iraq"}])
    built = bundled_paths(bundle(event_map(prepare(sample))))
    print("map asset bundles:", ", ".join(built) or "none (files missing?)")
