"""Serve folium's JavaScript and CSS ourselves instead of from public CDNs.

folium's ``Map`` and plugins list their assets as CDN URLs (``default_js``/``default_css``). With
no CDN reachable (CI, air-gapped users) the map never draws. ``scripts/install.sh`` fetches the
same packages from the npm registry into ``static/vendor/``, which Streamlit serves at
``/app/static/vendor/`` (``enableStaticServing`` in ``.streamlit/config.toml``); :func:`localize`
points every element of a map at those copies.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import folium
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

import settings

VENDOR_DIR = settings.ROOT / "static" / "vendor"
APP_PREFIX = "/app/static/vendor"  # where Streamlit serves static/vendor/

# folium's CDN URL -> file under static/vendor/ (as unpacked by scripts/install.sh), or None for
# an asset we leave out on purpose. Keyed by URL, not by folium's asset name: names collide
# (BoatMarker also calls its script "markerclusterjs").
_JSD = "https://cdn.jsdelivr.net"
_CFL = "https://cdnjs.cloudflare.com/ajax/libs"
LOCAL_ASSETS: dict[str, str | None] = {
    # folium.Map
    f"{_JSD}/npm/leaflet@1.9.3/dist/leaflet.js": "leaflet/dist/leaflet.js",
    f"{_JSD}/npm/leaflet@1.9.3/dist/leaflet.css": "leaflet/dist/leaflet.css",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery/dist/jquery.min.js",
    f"{_CFL}/jquery/3.7.1/jquery.min.js": "jquery/dist/jquery.min.js",
    f"{_JSD}/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js":
        "bootstrap/dist/js/bootstrap.bundle.min.js",
    f"{_JSD}/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css":
        "bootstrap/dist/css/bootstrap.min.css",
    f"{_CFL}/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js":
        "leaflet.awesome-markers/dist/leaflet.awesome-markers.js",
    f"{_CFL}/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css":
        "leaflet.awesome-markers/dist/leaflet.awesome-markers.css",
    f"{_JSD}/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css":
        "fontawesome-free/css/all.min.css",
    # Bootstrap 3 glyphicons and folium's rotate CSS are on no registry; our maps use neither
    # glyphicon icons nor rotated icons, so they are dropped rather than fetched from a CDN.
    "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css": None,
    f"{_JSD}/gh/python-visualization/folium/folium/templates/"
    "leaflet.awesome.rotate.min.css": None,
    # plugins.MarkerCluster
    f"{_CFL}/leaflet.markercluster/1.1.0/leaflet.markercluster.js":
        "leaflet.markercluster/dist/leaflet.markercluster.js",
    f"{_CFL}/leaflet.markercluster/1.1.0/MarkerCluster.css":
        "leaflet.markercluster/dist/MarkerCluster.css",
    f"{_CFL}/leaflet.markercluster/1.1.0/MarkerCluster.Default.css":
        "leaflet.markercluster/dist/MarkerCluster.Default.css",
    # plugins.HeatMap (folium's own build, copied from the folium package)
    f"{_JSD}/gh/python-visualization/folium@main/folium/templates/leaflet_heat.min.js":
        "folium/leaflet_heat.min.js",
    # plugins.Draw
    f"{_CFL}/leaflet.draw/1.0.2/leaflet.draw.js":
        "leaflet-draw/dist/leaflet.draw.js",
    f"{_CFL}/leaflet.draw/1.0.2/leaflet.draw.css":
        "leaflet-draw/dist/leaflet.draw.css",
}


class AssetsMissing(RuntimeError):
    """static/vendor/ lacks files the map needs."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__(
            f"{len(missing)} map asset(s) missing under {VENDOR_DIR} (first: {missing[0]}); "
            "run `bash scripts/install.sh` to fetch them from the npm registry."
        )


class UnknownAsset(ValueError):
    """A map element wants a CDN asset that has no local copy."""


def _elements(root: Element) -> Iterator[Element]:
    yield root
    for child in list(root._children.values()):
        yield from _elements(child)


def _local(url: str, prefix: str) -> str | None:
    if url not in LOCAL_ASSETS:
        if url.startswith(("http://", "https://", "//")):
            raise UnknownAsset(
                f"no local copy of {url}; add it to scripts/install.sh and maps.assets.LOCAL_ASSETS"
            )
        return url  # already local
    path = LOCAL_ASSETS[url]
    return None if path is None else f"{prefix.rstrip('/')}/{path}"


def _rewrite(assets: list[tuple[str, str]], prefix: str) -> list[tuple[str, str]]:
    out = []
    for name, url in assets:
        local = _local(url, prefix)
        if local is not None:
            out.append((name, local))
    return out


class _IconImagePath(MacroElement):
    """Sets ``L.Icon.Default.imagePath`` so default marker icons load from our Leaflet copy."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.Icon.Default.imagePath = {{ this.path|tojson }};"
        "{% endmacro %}"
    )

    def __init__(self, path: str):
        super().__init__()
        self._name = "IconImagePath"
        self.path = path


def localize(m: folium.Map, prefix: str = APP_PREFIX) -> folium.Map:
    """Point ``m``'s and every child's JS/CSS at local copies under ``prefix``; returns ``m``.

    ``prefix`` is a URL: ``/app/static/vendor`` inside the Streamlit app, or a path relative to
    an exported HTML file that sits next to a copy of ``static/vendor``. Call it after the last
    element is added. Raises :class:`UnknownAsset` for a CDN URL with no local copy, so a new
    plugin cannot silently bring a CDN dependency back.
    """
    for element in _elements(m):
        if isinstance(element, JSCSSMixin):
            # Instance attributes shadow the class lists; folium and streamlit-folium read both.
            element.default_js = _rewrite(element.default_js, prefix)
            element.default_css = _rewrite(element.default_css, prefix)
    if not any(isinstance(c, _IconImagePath) for c in m._children.values()):
        icon = _IconImagePath(f"{prefix.rstrip('/')}/leaflet/dist/images/")
        m.add_child(icon)
        m._children.move_to_end(icon.get_name(), last=False)  # before any marker is created
    return m


def missing_assets(m: folium.Map, vendor_dir: Path = VENDOR_DIR) -> list[str]:
    """Files a :func:`localize`-d map refers to that are not under ``vendor_dir``."""
    missing = []
    for element in _elements(m):
        for _, url in [*getattr(element, "default_js", []), *getattr(element, "default_css", [])]:
            for path in filter(None, LOCAL_ASSETS.values()):
                if url.endswith("/" + path) and not (vendor_dir / path).is_file():
                    missing.append(path)
    return sorted(set(missing))
