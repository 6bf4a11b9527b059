"""The app as a user times it: from upload to map, and the map page with many stored events.

    .venv/bin/python bench/app.py [--articles 100] [--events 5000]

Starts `streamlit run app.py` on a free port with a fresh SQLite database and drives it with
Debian's Chromium (/usr/bin/chromium) through Playwright, and prints:

1. the seed article: upload (file input) -> 'Extract' -> event markers drawn on the upload map;
2. N synthetic articles (bench/corpus.py: real sentences recombined) in one .jsonl upload ->
   all extracted and stored, then the Map page's markers drawn;
3. the Map page's load time with E stored events (bench/map.py's synthetic events).

Times include Streamlit's round trips; the first extraction also loads spaCy (reported apart).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from corpus import SHARED, CorpusMissing, synthetic_articles  # noqa: E402
from map import DRAWN, _free_port, _serve, _stop, seed, towns  # noqa: E402

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
SEED = SHARED / "articles" / "anbar-offensive-2017-09-19.txt"


def upload(page, url: str, path: Path, n: int, timeout_s: float) -> float:
    """Seconds from clicking Extract to the outcome table."""
    page.goto(url)
    page.locator('input[type="file"]').first.set_input_files(str(path), timeout=60_000)
    button = page.get_by_role("button", name=f"Extract {n} article(s) and add to the map")
    button.wait_for(timeout=60_000)
    started = time.monotonic()
    button.click()
    page.get_by_text(re.compile(r"\d+ article\(s\) added")).wait_for(timeout=timeout_s * 1000)
    return time.monotonic() - started


def markers_after(page, url: str | None, timeout_s: float = 120) -> float:
    started = time.monotonic()
    if url:
        page.goto(url, wait_until="commit")
    try:
        page.frame_locator(MAP_FRAME).first.locator(DRAWN).first.wait_for(
            state="attached", timeout=timeout_s * 1000)
    except Exception:
        shot = Path(tempfile.gettempdir()) / "bench-app-failure.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"no markers at {url or page.url}; screenshot {shot}", file=sys.stderr)
        raise
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--events", type=int, default=5000)
    args = parser.parse_args()
    if not SEED.exists():
        sys.exit(f"bench/app.py: {SEED} is absent (the shared development data)")

    from playwright.sync_api import sync_playwright

    from store import get_store

    work = Path(tempfile.mkdtemp(prefix="cm-bench-app-"))
    db_url = f"sqlite:///{work / 'bench.sqlite'}"
    try:
        articles = list(synthetic_articles(args.articles))
    except CorpusMissing as exc:
        sys.exit(f"bench/app.py: {exc}")
    batch = work / "batch.jsonl"
    batch.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    words = sum(len(a["text"].split()) for a in articles)

    store = get_store(db_url)
    store.default_map()  # uploads go to the workspace map, not to the synthetic one
    token = seed(store, args.events, random.Random(7), towns(random.Random(7)))

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DATABASE_URL": db_url}
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1"]
    proc = _serve(cmd, url, env, work / "streamlit.log")
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                        args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 1400})
            cold = upload(page, url, SEED, 1, 300)
            cold_map = markers_after(page, None)
            rows.append(("seed article, cold server (loads spaCy)", cold + cold_map))
            # The same text again would be a duplicate: upload a renamed copy with a new line.
            copy = work / "seed-again.txt"
            copy.write_text(SEED.read_text(encoding="utf-8") + "\n(Second copy.)\n",
                            encoding="utf-8")
            warm = upload(page, url, copy, 1, 300)
            warm_map = markers_after(page, None)
            rows.append(("seed article, warm: upload -> markers", warm + warm_map))
            many = upload(page, url, batch, len(articles), 1800)
            rows.append((f"{len(articles)} articles ({words:,} words): upload -> stored", many))
            rows.append((f"  then Map page -> markers",
                         markers_after(page, f"{url}/Map")))
            rows.append((f"Map page with {args.events:,} stored events -> markers",
                         markers_after(page, f"{url}/Map?map={token}")))
            rows.append((f"  again (Streamlit caches warm)",
                         markers_after(page, f"{url}/Map?map={token}")))
            browser.close()
    finally:
        _stop(proc)
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  seconds")
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds:7.2f}")
    print(f"({len(articles)} articles: {len(articles) / many:.1f} articles/s through the app)")


if __name__ == "__main__":
    main()
