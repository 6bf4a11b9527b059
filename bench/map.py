"""The Map page at scale: 1k, 10k and 50k synthetic events, from the database to drawn markers.

    python bench/map.py [--sizes 1000,10000,50000] [--no-page] [--no-browser] [--keep DIR]
                        [--first-visits N]

Events are made up (no articles are extracted): towns are random points inside the admin1
polygons of Iraq and Syria (data/boundaries/admin1.geojson), events fall on towns with a
Zipf-like weighting (as geocoded events pile up on towns), with random ACLED types, dates over
two years, fatalities, actors and a sentence naming the town; three events per article. They are
written straight into a temporary SQLite store (one map per size) through the store's tables.

For each size it prints:

- query: ``Store.map_frame`` as the Map page reads it (its columns only; no sentences or titles
  over ``FULL_SENTENCES_UP_TO`` events; s, best of 3), and ``Store.events_frame`` (every
  column, as the exports and the Events page read them);
- prepare: compact GeoJSON + admin1 spatial join (``maps.eventmap.prepare``, s);
- GeoJSON and full HTML bytes of the standalone map (assets relative, as an export);
- standalone: seconds from navigation until something is drawn in headless Chromium
  (/usr/bin/chromium, never downloaded; 1000x700, best of 3) -- markers (circle paths or
  cluster icons) or, for maps over ``REGIONS_FIRST_ABOVE`` events, the region circles; then,
  for those, the seconds until clusters are drawn after zooming to ``REGION_ZOOM``; and the
  same map with clusters at once;
- snapshot: each map's snapshot stored as its writer stores it (``maps.snapshot.publish``, as
  ``extract run --db`` does at its end; maps of ``SNAPSHOT_FROM`` events and up): MB and s;
- page: the same in the Streamlit app (``/Map?map=<token>``, 1600x1100): first visit (a
  server that has already served another map, so its imports are done; a new browser profile;
  this map's data not yet in the server's memory: it reads the map's snapshot) with the requests and bytes (on the wire)
  finished by the time the map is drawn (with ``--first-visits N``, the median of N first
  visits, each to another map of the same size, all of them listed), the first visit to a
  map whose writer stored no snapshot (query + prepare + sidebar choices), a new visitor once the
  server has the map's data (a new browser profile, no query: the case after an upload in the
  app, which starts preparing the map), warm (cached; best of 2), and the zoom switch.
  ``bench/map_requests.py`` lists one visit's requests and milestones. The server's own start (imports on its first page) is printed once, on a 10-event map.

Timings depend on the machine's load: other processes share its two cores.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402
from shapely import contains_xy  # noqa: E402

from maps.assets import VENDOR_DIR  # noqa: E402
from maps import snapshot  # noqa: E402
from maps.choropleth import admin1_regions  # noqa: E402
from maps.eventmap import (FULL_SENTENCES_UP_TO, REGION_ZOOM, REGIONS_FIRST_ABOVE,  # noqa: E402
                           event_map, prepare)
from store import Store  # noqa: E402
from store.db import make_engine, migrate  # noqa: E402
from store.schema import ArticleRow, EventRow  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
AREA = (29.0, 35.5, 37.5, 48.7)  # Iraq and Syria: south, west, north, east
TOWNS_PER_REGION = 60
DRAWN = "path.cm-event, .marker-cluster, path.cm-region"
CLUSTERS = "path.cm-event, .marker-cluster"
TYPES = {
    "Battles": ["Armed clash", "Government regains territory",
                "Non-state actor overtakes territory"],
    "Explosions/Remote violence": ["Air/drone strike", "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Suicide bomb"],
    "Violence against civilians": ["Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Arrests", "Looting/property destruction", "Other"],
}
ACTORS = ["Military Forces of Iraq (2022-)", "Islamic State (Iraq)", "Military Forces of Syria",
          "Popular Mobilization Forces", "SDF: Syrian Democratic Forces", "Civilians (Iraq)",
          "Protesters (Iraq)", "Police Forces of Iraq (2022-)", "Unidentified Armed Group (Syria)",
          "Military Forces of Turkey (2016-)"]
VERBS = ["clashed with", "attacked", "shelled positions of", "ambushed", "arrested members of"]


def towns(rng: random.Random) -> list[tuple[str, str, str, float, float]]:
    """(name, admin1, country, lat, lon): random points inside each Iraqi and Syrian region."""
    regions = admin1_regions(AREA)
    regions = regions[regions["country_code"].isin(["IQ", "SY"])]
    out = []
    for _, region in regions.iterrows():
        west, south, east, north = region.geometry.bounds
        made = 0
        for _ in range(TOWNS_PER_REGION * 50):
            lon, lat = rng.uniform(west, east), rng.uniform(south, north)
            if contains_xy(region.geometry, lon, lat):
                country = "Iraq" if region["country_code"] == "IQ" else "Syria"
                out.append((f"{region['name']} town {made + 1}", region["name"], country,
                            lat, lon))
                made += 1
                if made == TOWNS_PER_REGION:
                    break
    return out


def seed(store: Store, n: int, rng: random.Random, places: list) -> str:
    """A new map with ``n`` events; returns its view token."""
    info = store.create_map(f"bench {n}")
    weights = [1 / (k + 1) ** 0.8 for k in range(len(places))]  # few busy towns, many quiet
    order = places[:]
    rng.shuffle(order)
    start = date(2023, 1, 1)
    articles, events = [], []
    with store.engine.begin() as conn:
        n_articles = math.ceil(n / 3)
        for a in range(n_articles):
            text = f"bench {n} article {a}"
            articles.append(dict(
                map_id=info.id, content_hash=hashlib.sha256(text.encode()).hexdigest(),
                title=f"Fighting reported, day {a % 700} ({a})",
                url=f"https://news.example.org/{n}/{a}", published=start, date_found=True,
                source="bench", text=text, warnings="[]", added_at=start, processed_at=start))
        conn.execute(insert(ArticleRow), articles)
        first_id = conn.execute(
            ArticleRow.__table__.select().where(ArticleRow.map_id == info.id)
            .order_by(ArticleRow.id).limit(1)).first().id
        chosen = rng.choices(order, weights=weights, k=n)
        for i, (town, admin1, country, lat, lon) in enumerate(chosen):
            event_type = rng.choice(list(TYPES))
            sub = rng.choice(TYPES[event_type])
            day = start + timedelta(days=rng.randrange(730))
            fatalities = 0 if rng.random() < 0.5 else int(rng.expovariate(1 / 6))
            a1, a2 = rng.sample(ACTORS, 2)
            sentence = (f"{a1} {rng.choice(VERBS)} {a2} near {town} on "
                        f"{day:%A}, killing {fatalities} people, local sources said.")
            events.append(dict(
                map_id=info.id, article_id=first_id + i // 3, anchor=f"{i}", origin="extracted",
                event_type=event_type, sub_event_type=sub, disorder_type="Political violence",
                actor1=a1, actor2=a2, civilian_targeting=False, fatalities=fatalities,
                injuries=None, event_date=day, time_precision=1, background=False,
                location=town, lat=lat, lon=lon, admin1=admin1, country=country,
                country_code="IQ" if country == "Iraq" else "SY", geo_precision=1,
                sentence=sentence, start=0, end=len(sentence), confidence=0.8, reviewed=False))
            if len(events) == 5000:
                conn.execute(insert(EventRow), events)
                events = []
        if events:
            conn.execute(insert(EventRow), events)
    return info.view_token


def best_of(fn, repeat: int = 3) -> tuple[float, object]:
    best, value = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t)
    return best, value


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(cmd: list[str], url: str, env: dict, log: Path) -> subprocess.Popen:
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, env=env)
    for _ in range(300):
        try:
            with urllib.request.urlopen(url, timeout=2):
                return proc
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    _stop(proc)
    raise RuntimeError(f"server did not start: {log.read_text()[-2000:]}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


class RequestLog:
    """Requests a page finished, with their bytes on the wire (headers and body as sent)."""

    def __init__(self, page):
        self.done: list[tuple[float, int]] = []
        page.on("requestfinished", self._finished)

    def _finished(self, request) -> None:
        try:
            sizes = request.sizes()
            size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        except Exception:  # noqa: BLE001 - a request gone with its frame
            size = 0
        self.done.append((time.monotonic(), size))

    def until(self, moment: float) -> tuple[int, int]:
        """(requests, bytes) finished by ``moment`` (time.monotonic())."""
        before = [size for at, size in self.done if at <= moment]
        return len(before), sum(before)


def time_drawn(page, url: str, frame: str | None = None, zoom_after: bool = False,
               timeout_s: float = 120, log: RequestLog | None = None
               ) -> tuple[float, float | None]:
    """Seconds until something is drawn; then (zoom_after) until clusters after zooming in.
    With ``log``, ``log.drawn`` is set to the requests and bytes finished when it was drawn."""
    started = time.monotonic()
    page.goto(url, wait_until="commit")
    scope = page.frame_locator(frame) if frame else page
    scope.locator(DRAWN).first.wait_for(state="attached", timeout=timeout_s * 1000)
    drawn = time.monotonic() - started
    if log is not None:
        log.drawn = log.until(started + drawn)
    clusters = None
    if zoom_after:
        target = next(f for f in page.frames if "streamlit_folium" in f.url) if frame else page
        started = time.monotonic()
        # A block, so that the map object itself is not serialised back to Python.
        target.evaluate(f"() => {{ (window.map_for_bench ? window.map_for_bench() : window.map)"
                        f".setZoom({REGION_ZOOM}); }}")
        scope.locator(CLUSTERS).first.wait_for(state="attached", timeout=timeout_s * 1000)
        clusters = time.monotonic() - started
    return drawn, clusters


def best_drawn(page, url: str, repeat: int, **kw) -> tuple[float, float | None]:
    """The best of ``repeat`` loads (the first also fills the browser's cache of assets)."""
    runs = [time_drawn(page, url, **kw) for _ in range(repeat)]
    zooms = [z for _, z in runs if z is not None]
    return min(d for d, _ in runs), (min(zooms) if zooms else None)


FIND_MAP = """window.map_for_bench = function () {
  var node = document.querySelector('.folium-map') || document.getElementById('map_div');
  return window[node.id] || window.map;
};"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-page", action="store_true", help="skip the Streamlit page")
    parser.add_argument("--keep", type=Path, help="write the store and HTML here, and keep them")
    parser.add_argument("--first-visits", type=int, default=1,
                        help="first visits per size, each to another map of that size")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    work = args.keep or Path(tempfile.mkdtemp(prefix="cm-bench-map-"))
    work.mkdir(parents=True, exist_ok=True)
    (work / "vendor").unlink(missing_ok=True)
    (work / "vendor").symlink_to(VENDOR_DIR)
    db_url = f"sqlite:///{work / 'bench.sqlite'}"
    (work / "bench.sqlite").unlink(missing_ok=True)
    engine = make_engine(db_url)
    migrate(engine)
    store = Store(engine)
    rng = random.Random(42)
    places = towns(rng)
    print(f"{len(places)} synthetic towns in Iraq and Syria; store {db_url}")

    warmup_token = seed(store, 10, rng, places)  # the server's first page, not measured per size
    rows = []
    for n in sizes:
        t = time.perf_counter()
        token = seed(store, n, rng, places)
        seeded = time.perf_counter() - t
        map_id = store.access(token).map_id
        # What the data's writer does at its end (extract run --db, an upload in the app).
        t = time.perf_counter()
        snapshot_bytes = snapshot.publish(store, map_id)
        published = time.perf_counter() - t
        query_s, frame = best_of(lambda: store.map_frame(
            map_id, texts_up_to=FULL_SENTENCES_UP_TO))
        full_s, _ = best_of(lambda: store.events_frame(map_id))
        t = time.perf_counter()
        data = prepare(frame)
        prepare_s = time.perf_counter() - t
        files = {}
        for variant, first in (("", None), ("-clusters", False)):
            if variant and n <= REGIONS_FIRST_ABOVE:
                continue
            page_html = event_map(data, tiles="none", asset_prefix="vendor",
                                  regions_first=first).get_root().render()
            page_html = page_html.replace("</body>", f"<script>{FIND_MAP}</script></body>")
            files[variant] = work / f"map-{n}{variant}.html"
            files[variant].write_text(page_html, encoding="utf-8")
        others = [seed(store, n, rng, places) for _ in range(args.first_visits - 1)]
        for other in others:
            snapshot.publish(store, store.access(other).map_id)
        bare = seed(store, n, rng, places)  # written by something that stores no snapshot
        rows.append(dict(n=n, token=token, others=others, bare=bare, seeded=seeded,
                         snapshot=snapshot_bytes, published=published, query=query_s,
                         full=full_s, prepare=prepare_s,
                         geojson=data.payload_bytes, html=files[""].stat().st_size, files=files))
        print(f"{n:>6} events: seeded {seeded:.1f}s, query {query_s:.2f}s (every column "
              f"{full_s:.2f}s), prepare "
              f"{prepare_s:.2f}s, data {data.payload_bytes / 1e6:.2f} MB, HTML "
              f"{files[''].stat().st_size / 1e6:.2f} MB; snapshot "
              + (f"{snapshot_bytes / 1e6:.2f} MB stored in {published:.2f}s" if snapshot_bytes
                 else f"none (under {snapshot.SNAPSHOT_FROM:,} events)"), flush=True)

    if not args.no_browser:
        browser_times(rows, work, db_url, page=not args.no_page, warmup_token=warmup_token)

    print("\n| events | query s | prepare s | data MB | HTML MB | standalone drawn s "
          "| clusters after zoom s | clusters at once s | page first visit s "
          "| page first visit, no snapshot s | page new visitor, data ready s | page warm s "
          "| page clusters after zoom s |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
          "| ---: |")
    for r in rows:
        def f(key):
            value = r.get(key)
            return "-" if value is None else f"{value:.2f}"
        print(f"| {r['n']:,} | {r['query']:.2f} | {r['prepare']:.2f} | {r['geojson'] / 1e6:.2f} "
              f"| {r['html'] / 1e6:.2f} | {f('drawn')} | {f('zoom')} | {f('at_once')} "
              f"| {f('cold')} | {f('bare_cold')} | {f('ready')} | {f('warm')} "
              f"| {f('page_zoom')} |")
    if not args.keep:
        print(f"(temporary files in {work})")


def browser_times(rows: list[dict], work: Path, db_url: str, page: bool,
                  warmup_token: str) -> None:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} missing: apt-get install -y chromium")
    port = _free_port()
    static = _serve([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                     "-d", str(work)], f"http://127.0.0.1:{port}/", dict(os.environ),
                    work / "http.log")
    app = None
    try:
        if page:
            app_port = _free_port()
            app = _serve([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                          "--server.headless", "true", "--server.port", str(app_port),
                          "--server.address", "127.0.0.1", "--browser.gatherUsageStats",
                          "false"], f"http://127.0.0.1:{app_port}/_stcore/health",
                         {**os.environ, "DATABASE_URL": db_url, "CONFLICTMAP_TILES": "none"},
                         work / "streamlit.log")
        frame = 'iframe[title="streamlit_folium.st_folium"]'
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            if app is not None:
                ctx = browser.new_context(viewport={"width": 1600, "height": 1100})
                started, _ = time_drawn(ctx.new_page(),
                                        f"http://127.0.0.1:{app_port}/Map?map={warmup_token}",
                                        frame)
                ctx.close()
                print(f"server's first page (imports, 10 events): {started:.2f}s", flush=True)
            for r in rows:
                many = r["n"] > REGIONS_FIRST_ABOVE
                # The standalone map at about the size of the page's map (Iraq and Syria fit
                # at zoom 6 there: region totals first when there are many events).
                ctx = browser.new_context(viewport={"width": 1000, "height": 700})
                tab = ctx.new_page()
                base = f"http://127.0.0.1:{port}/"
                r["drawn"], r["zoom"] = best_drawn(tab, base + r["files"][""].name, 3,
                                                   zoom_after=many)
                if "-clusters" in r["files"]:
                    r["at_once"], _ = best_drawn(tab, base + r["files"]["-clusters"].name, 3)
                ctx.close()
                if app is not None:
                    # A new context: an empty browser cache, as a first visitor's.
                    ctx = browser.new_context(viewport={"width": 1600, "height": 1100})
                    tab = ctx.new_page()
                    url = f"http://127.0.0.1:{app_port}/Map?map={r['token']}"
                    log = RequestLog(tab)
                    # the server queries, prepares
                    r["cold"], _ = time_drawn(tab, url, frame, log=log)
                    r["cold_requests"], r["cold_bytes"] = log.drawn
                    colds = [r["cold"]]
                    for token in r["others"]:
                        other = browser.new_context(viewport={"width": 1600, "height": 1100})
                        colds.append(time_drawn(
                            other.new_page(), f"http://127.0.0.1:{app_port}/Map?map={token}",
                            frame)[0])
                        other.close()
                    if len(colds) > 1:
                        r["cold"] = sorted(colds)[len(colds) // 2]
                        print(f"{r['n']:>6} events: first visits "
                              + ", ".join(f"{c:.2f}" for c in colds) + f"s (median "
                              f"{r['cold']:.2f}s)", flush=True)
                    # The same for a map whose writer stored no snapshot: query and prepare.
                    other = browser.new_context(viewport={"width": 1600, "height": 1100})
                    r["bare_cold"], _ = time_drawn(
                        other.new_page(), f"http://127.0.0.1:{app_port}/Map?map={r['bare']}",
                        frame)
                    other.close()
                    r["warm"], r["page_zoom"] = best_drawn(tab, url, 2, frame=frame,
                                                           zoom_after=many)
                    ctx.close()
                    # A new visitor once the server has this map's data (as after an upload
                    # in the app, which warms it): an empty browser cache, no query.
                    ctx = browser.new_context(viewport={"width": 1600, "height": 1100})
                    r["ready"], _ = time_drawn(ctx.new_page(), url, frame)
                    ctx.close()
                print(f"{r['n']:>6} events: standalone drawn {r['drawn']:.2f}s"
                      + (f", clusters {r['zoom']:.2f}s after zoom" if r.get("zoom") else "")
                      + (f", clusters at once {r['at_once']:.2f}s" if r.get("at_once") else "")
                      + (f"; page first visit {r['cold']:.2f}s ({r['cold_requests']} requests, "
                         f"{r['cold_bytes'] / 1e6:.2f} MB until drawn), without a snapshot "
                         f"{r['bare_cold']:.2f}s, warm {r['warm']:.2f}s, "
                         f"new visitor with the data ready {r['ready']:.2f}s"
                         if r.get("cold") else "")
                      + (f", clusters {r['page_zoom']:.2f}s after zoom"
                         if r.get("page_zoom") else ""), flush=True)
            browser.close()
    finally:
        _stop(static)
        if app is not None:
            _stop(app)


if __name__ == "__main__":
    main()
