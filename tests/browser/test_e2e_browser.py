"""A user's whole path in a real browser: upload the seed article, find its events on the map,
read a popup, filter, export CSV, restart the server and find everything still there.

Also: an article full of script tags, event handlers and javascript: links is shown as text
everywhere (no dialog opens, no injected element exists).
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import MAP_FRAME

pytestmark = pytest.mark.browser

EXTRACT_TIMEOUT_MS = 180_000
SEED = "anbar-offensive-2017-09-19"


def _upload(page, url: str, path, n: int = 1) -> None:
    page.goto(url)
    page.locator('input[type="file"]').first.set_input_files(str(path), timeout=60_000)
    button = page.get_by_role("button", name=f"Extract {n} article(s) and add to the map")
    button.click(timeout=60_000)
    expect(page.get_by_text(re.compile(r"\d+ article\(s\) added"))).to_be_visible(
        timeout=EXTRACT_TIMEOUT_MS)


def _event_markers(page):
    frame = page.frame_locator(MAP_FRAME).first
    markers = frame.locator("path.cm-event")
    markers.first.wait_for(state="attached", timeout=60_000)
    return frame, markers


def _popup_texts(page) -> list[str]:
    """Open each event marker's popup in turn and collect their texts."""
    frame, markers = _event_markers(page)
    texts = []
    for i in range(markers.count()):
        markers.nth(i).dispatch_event("click")
        popup = frame.locator(".leaflet-popup-content").last  # the newest one
        popup.wait_for(timeout=10_000)
        texts.append(popup.inner_text())
        close = frame.locator(".leaflet-popup-close-button")
        if close.count():
            close.last.dispatch_event("click")
    return texts


def test_e2e_upload_map_popup_filter_export_restart(page, server, shared_dir, tmp_path):
    seed = shared_dir / "articles" / f"{SEED}.txt"
    _upload(page, server.url, seed)
    outcome = page.get_by_text(re.compile(r"1 article\(s\) added, (\d+) event\(s\)"))
    assert int(re.search(r"(\d+) event", outcome.inner_text()).group(1)) >= 3

    page.goto(f"{server.url}/Map")
    frame, markers = _event_markers(page)
    before = markers.count()
    assert before >= 3
    hajjaj = [t for t in _popup_texts(page) if "Hajjaj" in t]
    assert hajjaj and "34" in hajjaj[0], hajjaj

    # A filter in the sidebar: only the events with 50 or more dead stay (Nasiriyah's 84).
    box = page.get_by_label("Minimum fatalities")
    box.fill("50")
    box.press("Enter")
    expect(page.frame_locator(MAP_FRAME).first.locator("path.cm-event")).to_have_count(
        1, timeout=30_000)
    assert "min_fatalities=50" in page.url  # the view is in the address

    # Export the (now unfiltered) events as CSV with ACLED's columns.
    page.goto(f"{server.url}/Events")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="CSV (ACLED columns)").click()
    rows = list(csv.DictReader(io.StringIO(
        download.value.path().read_bytes().decode("utf-8-sig"))))
    assert len(rows) == before
    by_place = {r["location"]: r for r in rows}
    assert by_place["Hajjaj"]["fatalities"] == "6"
    assert by_place["Hajjaj"]["injuries"] == "34"
    assert {"event_id_cnty", "event_type", "actor1", "latitude", "longitude"} <= set(rows[0])

    # Nothing lived only in the server's memory.
    server.stop()
    server.start()
    page.goto(f"{server.url}/Map")
    _, markers = _event_markers(page)
    assert markers.count() == before
    assert all(kind == "image" for kind, _ in page.offline.blocked), page.offline.blocked


HOSTILE_TEXT = (
    'Gunmen <script>alert("text")</script> attacked a checkpoint in Ramadi on Monday, killing '
    'two soldiers <img src=x onerror="alert(\'img\')"> and wounding four, police said. '
    '<a href="javascript:alert(\'link\')">Fallujah</a> residents protested on Tuesday '
    '<svg onload="alert(\'svg\')"></svg> over the attack.'
)


def test_e2e_hostile_article_is_shown_as_text_everywhere(page, server, tmp_path):
    batch = tmp_path / "hostile.jsonl"
    batch.write_text(json.dumps({
        "id": "x", "text": HOSTILE_TEXT, "published": "2024-03-05",
        "title": '<img src=x onerror="alert(\'title\')">Attack <script>alert(1)</script>',
        "url": "javascript:alert('url')"}) + "\n", encoding="utf-8")
    _upload(page, server.url, batch)

    page.goto(f"{server.url}/Map")
    texts = _popup_texts(page)
    assert any("<script>" in t or "onerror" in t for t in texts), texts  # shown as text
    page.goto(f"{server.url}/Events")
    page.wait_for_timeout(1500)
    page.goto(f"{server.url}/Article?article=1")
    expect(page.get_by_text("alert(1)", exact=False).first).to_be_visible(timeout=30_000)

    assert page.dialogs == []
    for frame in page.frames:
        assert frame.locator("script:has-text('alert')").count() == 0
        assert frame.locator("img[onerror], svg[onload], a[href^='javascript:']").count() == 0
