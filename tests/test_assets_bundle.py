"""maps/bundle.py: a map's vendored scripts and stylesheets as one file each."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import folium
import folium.plugins
import pandas as pd
import pytest

from maps import APP_PREFIX, localize
from maps.assets import LOCAL_ASSETS, VENDOR_DIR
from maps.bundle import (BUNDLE_DIR, OPTIONAL_SCRIPTS, bundle, bundle_file, bundled_paths,
                          needs_optional_scripts)
from maps.eventmap import event_map, prepare


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def vendor(tmp_path):
    root = tmp_path / "vendor"
    # a.js is strict; b.js assigns an undeclared name, which only sloppy code may do.
    write(root, "a/a.js", '"use strict";\nvar fromA = 1;\n//# sourceMappingURL=a.js.map\n')
    write(root, "b/dist/b.js", "fromB = fromA + 1;\nconsole.log('b', fromB);")
    write(root, "a/a.css", '@charset "UTF-8";\n.a { background: url(images/a.png); }\n'
                           '.d { background: url("data:image/png;base64,AAAA"); }\n'
                           "/*# sourceMappingURL=a.css.map */\n")
    write(root, "b/css/b.css", "@font-face { src: url('../fonts/b.woff2') format('woff2'); }\n"
                               ".v { behavior: url(#default#VML); }\n")
    return root


def test_bundle_script_keeps_order_and_each_file_its_own_strictness(vendor):
    name = bundle_file(["a/a.js", "b/dist/b.js"], "js", vendor)
    assert name is not None and name.startswith(f"{BUNDLE_DIR}/") and name.endswith(".js")
    text = (vendor / name).read_text()
    assert text.index("fromA = 1") < text.index("fromB = fromA + 1")
    assert "sourceMappingURL" not in text
    if shutil.which("node"):
        # Were a.js's "use strict" to cover b.js, the undeclared assignment would throw.
        run = subprocess.run([shutil.which("node"), str(vendor / name)], capture_output=True,
                             text=True)
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip() == "b 2"


def test_bundle_stylesheet_rebases_urls_and_has_one_charset(vendor):
    name = bundle_file(["a/a.css", "b/css/b.css"], "css", vendor)
    text = (vendor / name).read_text()
    assert text.startswith('@charset "UTF-8";') and text.count("@charset") == 1
    assert "url(../a/images/a.png)" in text
    assert "url('../b/fonts/b.woff2')" in text
    assert 'url("data:image/png;base64,AAAA")' in text and "url(#default#VML)" in text
    assert "sourceMappingURL" not in text


def test_bundle_name_follows_the_content(vendor):
    first = bundle_file(["a/a.js", "b/dist/b.js"], "js", vendor)
    assert bundle_file(["a/a.js", "b/dist/b.js"], "js", vendor) == first
    write(vendor, "b/dist/b.js", "fromB = 3;")
    second = bundle_file(["a/a.js", "b/dist/b.js"], "js", vendor)
    assert second != first and (vendor / second).is_file()
    assert not list((vendor / BUNDLE_DIR).glob(".tmp-*"))


def test_bundle_file_is_none_without_a_file_or_with_an_import(vendor):
    assert bundle_file(["a/a.js", "missing.js"], "js", vendor) is None
    write(vendor, "c.css", "@import url(other.css);\n.c { color: red; }")
    assert bundle_file(["a/a.css", "c.css"], "css", vendor) is None


def test_bundle_leaves_a_map_it_cannot_bundle_as_it_was(tmp_path):
    m = localize(folium.Map(tiles=None))
    before = [(e, list(e.default_js), list(e.default_css)) for e in [m]]
    bundle(m, vendor_dir=tmp_path / "empty")  # nothing installed there
    assert [(e, list(e.default_js), list(e.default_css)) for e in [m]] == before


def test_bundle_keeps_assets_not_under_the_prefix(vendor):
    m = folium.Map(tiles=None)
    m.default_js = [("a", "/app/static/vendor/a/a.js"), ("cdn", "https://cdn.example/x.js")]
    m.default_css = [("a", "/app/static/vendor/a/a.css"), ("b", "/app/static/vendor/b/css/b.css")]
    bundle(m, vendor_dir=vendor)
    assert m.default_js == [("a", "/app/static/vendor/a/a.js"),
                            ("cdn", "https://cdn.example/x.js")]
    (kind, url), = m.default_css
    assert url.startswith(f"{APP_PREFIX}/{BUNDLE_DIR}/") and url.endswith(".css")


def event_frame() -> pd.DataFrame:
    return pd.DataFrame([{
        "id": 1, "article_id": 1, "event_type": "Battles", "sub_event_type": "Armed clash",
        "event_date": "2024-01-01", "lat": 33.4, "lon": 43.3, "fatalities": 2,
        "location": "Ramadi", "admin1": "Anbar", "country": "Iraq"}])


@pytest.mark.skipif(not (VENDOR_DIR / "leaflet/dist/leaflet.js").is_file(),
                    reason="run `bash scripts/install.sh`")
def test_bundle_of_the_event_map_holds_every_file_in_load_order(monkeypatch):
    monkeypatch.setenv("CONFLICTMAP_TILES", "none")
    m = event_map(prepare(event_frame()))
    js = [url for e in _elements(m) for _, url in getattr(e, "default_js", [])]
    css = [url for e in _elements(m) for _, url in getattr(e, "default_css", [])]
    wanted_js = [u[len(APP_PREFIX) + 1:] for u in dict.fromkeys(js)]
    wanted_css = [u[len(APP_PREFIX) + 1:] for u in dict.fromkeys(css)]
    assert len(wanted_js) > 3 and len(wanted_css) > 3

    bundle(m)
    paths = bundled_paths(m)
    assert [p.rsplit(".", 1)[1] for p in paths] == ["js", "css"]
    # Only the map itself loads anything now: one script and one stylesheet.
    loading = [e for e in _elements(m) if getattr(e, "default_js", None)
               or getattr(e, "default_css", None)]
    assert loading == [m]
    script = (VENDOR_DIR / paths[0]).read_text()
    # The scripts no element of the event map uses are left out; the others keep their order.
    assert set(OPTIONAL_SCRIPTS) <= set(wanted_js)
    assert not any(f"/* {path} */" in script for path in OPTIONAL_SCRIPTS)
    positions = [script.index(f"/* {path} */") for path in wanted_js
                 if path not in OPTIONAL_SCRIPTS]
    assert positions == sorted(positions), "scripts out of their load order"
    assert "L.markerClusterGroup" in script and "L.Control.Draw" in script
    # Every image and font the stylesheet names exists where it now points.
    sheet = (VENDOR_DIR / paths[1]).read_text()
    for path in wanted_css:
        assert f"/* {path} */" in sheet
    refs = {ref for _, ref in re.findall(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""", sheet)
            if not ref.startswith(("data:", "#"))}
    assert refs
    for ref in refs:
        target = (VENDOR_DIR / BUNDLE_DIR / ref.split("?")[0].split("#")[0]).resolve()
        assert target.is_file(), ref
    # The page loads the bundle, never the single files.
    page = m.get_root().render()
    assert f"{APP_PREFIX}/{paths[0]}" in page
    assert not any(f"{APP_PREFIX}/{p}" in page for p in filter(None, LOCAL_ASSETS.values()))


@pytest.mark.skipif(not (VENDOR_DIR / "leaflet/dist/leaflet.js").is_file(),
                    reason="run `bash scripts/install.sh`")
def test_bundle_keeps_jquery_for_elements_that_use_it(monkeypatch):
    monkeypatch.setenv("CONFLICTMAP_TILES", "none")
    m = event_map(prepare(event_frame()))
    assert not needs_optional_scripts(m)
    folium.Marker([33.4, 43.3], popup=folium.Popup("<b>x</b>")).add_to(m)  # $(...) inside
    assert needs_optional_scripts(m)
    localize(m)
    script = (VENDOR_DIR / bundled_paths(bundle(m))[0]).read_text()
    for path in OPTIONAL_SCRIPTS:
        assert f"/* {path} */" in script

    plain = localize(folium.Map(tiles=None))
    layer = folium.GeoJson({"type": "FeatureCollection", "features": []}).add_to(plain)
    assert not needs_optional_scripts(plain)
    layer.embed = False  # as for a URL given with embed=False: loaded with $.ajax
    assert needs_optional_scripts(plain)


def _elements(m):
    yield m
    for child in list(m._children.values()):
        yield from _elements(child)
