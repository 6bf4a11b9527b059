"""The map really draws in a browser, with every asset served by the app (no internet)."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import MAP_FRAME

pytestmark = pytest.mark.browser

TIMEOUT_MS = 180_000  # the first extraction loads the spaCy model and the gazetteer


def test_map_browser_demo_article_draws_markers_offline(app_page, app_url):
    page = app_page
    page.goto(app_url)
    page.get_by_role("tab", name="Paste text").click(timeout=60_000)
    page.get_by_role("button", name="Load demo article").click(timeout=60_000)
    # Wait for the rerun to fill the text box: clicking Extract earlier would send an empty text.
    expect(page.get_by_label("Article text")).to_have_value(re.compile("Ramadi"), timeout=30_000)
    page.get_by_role("button", name="Extract").click()
    started = time.monotonic()

    frame = page.frame_locator(MAP_FRAME)
    markers = frame.locator("path.cm-place")
    markers.first.wait_for(state="attached", timeout=TIMEOUT_MS)
    print(f"markers drawn {time.monotonic() - started:.1f}s after Extract")
    assert markers.count() >= 3
    # Boundary outlines give the tile-less map a sense of place.
    assert frame.locator("path").count() > markers.count()

    markers.first.dispatch_event("click")
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    assert "Gazetteer name" in popup.inner_text()

    # Only map tiles may have wanted the internet; scripts and styles all came from the app.
    assert all(kind == "image" for kind, _ in page.offline.blocked), page.offline.blocked
    assert not [e for e in page.console_errors if "is not defined" in e], page.console_errors
