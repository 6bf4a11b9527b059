"""Where a first visit of the Map page spends its time: a timeline of requests and milestones.

    python bench/map_requests.py URL [--repeat N] [--all]

``URL`` is a running app's Map page (``http://127.0.0.1:PORT/Map?map=<token>``). Each run opens
it in a new browser context (an empty cache, as a first visitor's) in headless Chromium
(/usr/bin/chromium) and prints, in start order, every request: start and end (s from
navigation), bytes on the wire (body as sent, compressed or not), the frame that made it, and
milestones: the page's load event, the component's first render message over the websocket,
and the first marker, cluster or region drawn in the map frame. ``--warm`` lists a second visit instead (the
browser's cache filled by a first one). ``--all`` lists every request
(default: the ones over 10 kB or slower than 50 ms, plus totals).
"""

from __future__ import annotations

import argparse
import time

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
FRAME = 'iframe[title="streamlit_folium.st_folium"]'
DRAWN = "path.cm-event, .marker-cluster, path.cm-region"


def visit(browser, url: str, show_all: bool, warm: bool = False) -> float:
    ctx = browser.new_context(viewport={"width": 1600, "height": 1100})
    page = ctx.new_page()
    if warm:  # a visit before, to fill the browser's cache (not listed)
        page.goto(url, wait_until="commit")
        page.frame_locator(FRAME).locator(DRAWN).first.wait_for(state="attached",
                                                               timeout=120000)
    rows: dict = {}
    marks: list[tuple[float, str]] = []
    t0 = [0.0]

    def now() -> float:
        return time.monotonic() - t0[0]

    def on_request(req):
        rows[req] = {"start": now(), "url": req.url, "end": None, "bytes": 0}

    def on_done(req):
        row = rows.get(req)
        if row is None:
            return
        row["end"] = now()
        try:
            sizes = req.sizes()
            row["bytes"] = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        except Exception:  # noqa: BLE001 - a request gone with its frame
            pass
        try:
            resp = req.response()
            row["enc"] = (resp.headers.get("content-encoding") or "") if resp else ""
        except Exception:  # noqa: BLE001
            row["enc"] = ""

    def on_ws(ws):
        marks.append((now(), f"websocket open {ws.url[-30:]}"))
        seen = {"n": 0}

        def frame(payload):
            seen["n"] += 1
            size = len(payload)
            if size > 20000 or seen["n"] <= 2:
                marks.append((now(), f"ws frame #{seen['n']} {size / 1e3:.0f} kB"))
        ws.on("framereceived", frame)

    page.on("request", on_request)
    page.on("requestfinished", on_done)
    page.on("requestfailed", on_done)
    page.on("websocket", on_ws)
    page.on("load", lambda: marks.append((now(), "page load event")))
    page.on("domcontentloaded", lambda: marks.append((now(), "DOMContentLoaded")))
    t0[0] = time.monotonic()
    print(f"t0 wall {time.time():.3f}")
    page.goto(url, wait_until="commit")
    page.frame_locator(FRAME).locator(DRAWN).first.wait_for(state="attached", timeout=120000)
    drawn = now()
    marks.append((drawn, "DRAWN"))
    page.wait_for_timeout(300)
    events = sorted([(r["start"], "req", r) for r in rows.values()]
                    + [(t, "mark", m) for t, m in marks], key=lambda e: e[0])
    total = sum(r["bytes"] for r in rows.values())
    for start, kind, item in events:
        if kind == "mark":
            print(f"{start:6.2f}            ---- {item}")
            continue
        end = item["end"]
        dur = (end - start) if end is not None else float("nan")
        if not show_all and item["bytes"] < 10_000 and dur < 0.05:
            continue
        name = item["url"].split("//", 1)[-1].split("/", 1)[-1][:90]
        print(f"{start:6.2f} {end if end else float('nan'):6.2f} {item['bytes'] / 1e3:8.1f}k "
              f"{item.get('enc', ''):5} {name}")
    print(f"drawn {drawn:.2f}s; {len(rows)} requests, {total / 1e6:.2f} MB")
    ctx.close()
    return drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--all", action="store_true")
    parser.add_argument("--warm", action="store_true",
                        help="list a second visit in the same context (browser cache filled)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(args.repeat):
            visit(browser, args.url, args.all, args.warm)
        browser.close()


if __name__ == "__main__":
    main()
