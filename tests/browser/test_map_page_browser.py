"""The Map page in headless Chromium: markers drawn offline, popups, click -> details, drawn area
-> selection, the view in the URL.

Events are written through the store (the app server reads the same DATABASE_URL, set in
tests/conftest.py) on a map of their own, opened by its edit token.
"""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from store import get_store
from tests.browser.conftest import MAP_FRAME
from tests.map_support import EVIL_TITLE, TEXT, result

pytestmark = pytest.mark.browser

TIMEOUT_MS = 90_000


@pytest.fixture(scope="module")
def seeded_map():
    store = get_store()
    info = store.create_map("browser map page")
    access = store.owner_access(info.id)
    store.add_article(access, result())
    store.add_article(access, result(EVIL_TITLE, "https://example.org/evil",
                                     TEXT.replace("Residents", "Neighbours")))
    events = store.events_frame(info.id)
    return info, events


def open_map(page, app_url: str, token: str, **params: str):
    query = "&".join(f"{k}={v}" for k, v in {"map": token, **params}.items())
    started = time.monotonic()
    page.goto(f"{app_url}/Map?{query}")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path.cm-event, .marker-cluster").first.wait_for(state="attached",
                                                                    timeout=TIMEOUT_MS)
    print(f"markers drawn {time.monotonic() - started:.1f}s after opening /Map")
    return frame


def url_params(page) -> dict[str, str]:
    query = parse_qs(urlparse(page.evaluate("window.location.href")).query)
    return {k: v[-1] for k, v in query.items()}


def test_map_page_browser_markers_popup_and_details_offline(app_page, app_url, seeded_map):
    info, events = seeded_map
    page = app_page
    frame = open_map(page, app_url, info.edit_token)
    # Two articles put events on the same two towns: clusters or circles, either way drawn.
    assert frame.locator("path.cm-event").count() + frame.locator(".marker-cluster").count() >= 1
    assert frame.locator("path").count() > 2  # and outlines give the tile-less map a place

    # The view goes into the URL once the map reports it.
    expect(page).to_have_url(re.compile(r"[?&]z=\d+"), timeout=20_000)
    # The timeline, left out of the first run so that the map draws first, follows.
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_be_attached(timeout=20_000)
    params = url_params(page)
    assert {"lat", "lon", "z", "map"} <= set(params)

    # Zoom into Ramadi until its events are single circles, then open one's popup.
    frame.locator(".marker-cluster").first.wait_for(state="attached", timeout=TIMEOUT_MS)
    frame.locator(".marker-cluster").first.dispatch_event("click")
    circles = frame.locator("path.cm-event")
    circles.first.wait_for(state="attached", timeout=20_000)
    popup = frame.locator(".leaflet-popup-content")
    for _ in range(3):  # the cluster may still be zooming or spreading its events apart
        page.wait_for_timeout(700)
        circles.first.dispatch_event("click")
        try:
            popup.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            continue
    text = popup.inner_text()
    assert re.search(r"Event #\d+", text)
    assert "Actors" in text and "Unidentified Armed Group (Iraq)" in text
    # The sentence, its place name marked (built with textContent, so markup stays text).
    assert popup.locator("mark").inner_text() in ("Ramadi", "Basra")
    assert popup.locator("a").first.get_attribute("href").startswith("https://example.org/")
    # Article titles arrive as text, never as markup.
    assert popup.locator("script").count() == 0

    # The click tells the page which event it was: details panel and ?event= in the URL.
    event_id = re.search(r"Event #(\d+)", text).group(1)
    expect(page.get_by_text(f"Event #{event_id}", exact=True)).to_be_visible(timeout=20_000)
    expect(page).to_have_url(re.compile(rf"[?&]event={event_id}\b"), timeout=20_000)
    # The sentence highlighted in the article text (the panel may still be rendering).
    expect(page.locator("mark").first).to_be_attached(timeout=20_000)

    # Only map tiles may have wanted the internet; scripts and styles all came from the app.
    assert all(kind == "image" for kind, _ in page.offline.blocked), page.offline.blocked
    assert not [e for e in page.console_errors if "is not defined" in e or "Uncaught" in e], \
        page.console_errors


def test_map_page_browser_copied_address_reopens_view_and_event(app_page, app_url, seeded_map):
    info, events = seeded_map
    event_id = int(events[events["lat"].notna()].iloc[0]["id"])
    page = app_page
    frame = open_map(page, app_url, info.view_token, lat="33.4200", lon="43.3000", z="9",
                     event=str(event_id))
    expect(page.get_by_text(f"Event #{event_id}", exact=True)).to_be_visible(timeout=20_000)
    # The map opened on the linked view (Leaflet reports it back unchanged).
    time.sleep(1.5)
    params = url_params(page)
    assert params["z"] == "9"
    assert abs(float(params["lat"]) - 33.42) < 0.01 and abs(float(params["lon"]) - 43.30) < 0.01
    assert frame.locator("path.cm-event, .marker-cluster").count() >= 1


def test_map_page_browser_drawn_rectangle_selects_events(app_page, app_url, seeded_map):
    info, events = seeded_map
    page = app_page
    frame = open_map(page, app_url, info.edit_token, lat="33.4200", lon="43.3000", z="8")
    frame.locator(".leaflet-draw-draw-rectangle").click()
    box = frame.locator(".leaflet-container").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx - 80, cy - 80)
    page.mouse.down()
    page.mouse.move(cx + 10, cy + 10, steps=5)
    page.mouse.move(cx + 80, cy + 80, steps=5)
    page.mouse.up()
    ramadi = int((events["location"] == "Ramadi").sum())
    expect(page.get_by_text(f"{ramadi} events selected")).to_be_visible(timeout=20_000)
    page.get_by_role("button", name="Clear selection").click()
    expect(page.get_by_text("events selected")).to_have_count(0, timeout=20_000)


def test_map_page_browser_panning_keeps_the_map(app_page, app_url, seeded_map):
    """Panning re-runs the page (the view goes to the URL) without re-creating the map."""
    info, events = seeded_map
    page = app_page
    frame = open_map(page, app_url, info.edit_token, lat="32.0000", lon="45.0000", z="6")
    map_frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    map_frame.evaluate("() => { window.cmProbe = 'still here'; }")
    box = frame.locator(".leaflet-container").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx - 150, cy - 60, steps=8)
    page.mouse.up()
    expect(page).to_have_url(re.compile(r"[?&]lon=(?!45\.0000)"), timeout=20_000)
    time.sleep(1.0)  # the re-run has been applied
    map_frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    assert map_frame.evaluate("() => window.cmProbe") == "still here"
