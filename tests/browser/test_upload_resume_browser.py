"""A batch cut short by a killed server is offered again and finished with Resume.

The real failure the upload jobs exist for: `kill -9` on the app while a .jsonl batch is being
extracted, then a fresh server on the same database.
"""

from __future__ import annotations

import json
import os
import re
import signal
import time

import pytest
from playwright.sync_api import expect

from store import get_store

pytestmark = pytest.mark.browser

N = 60
TOWNS = ["Kirkuk", "Basra", "Ramadi", "Mosul", "Tikrit", "Fallujah"]


def _batch(path) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for n in range(N):
            town = TOWNS[n % len(TOWNS)]
            text = (f"Gunmen attacked a police checkpoint in {town} on Monday, killing {n + 1} "
                    f"people, officials said. Report {n}. " + "Residents said the road was "
                    "closed for hours while security forces searched nearby farms. " * 20)
            out.write(json.dumps({"id": f"r{n}", "title": f"Report {n}", "text": text,
                                  "date": "2024-03-04"}) + "\n")


def test_resume_after_the_server_was_killed_mid_batch(page, server, tmp_path):
    batch = tmp_path / "news.jsonl"
    _batch(batch)
    page.goto(server.url)
    page.locator('input[type="file"]').first.set_input_files(str(batch), timeout=60_000)
    page.get_by_role("button", name=f"Extract {N} article(s) and add to the map").click(
        timeout=60_000)
    # Watched in the database, not on the page: progress messages can pass between two polls.
    store = get_store(server.database_url)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        jobs = store.open_jobs(store.default_map().id)
        if jobs and jobs[0].done >= 3:
            break
        time.sleep(0.02)
    os.killpg(server.proc.pid, signal.SIGKILL)  # no clean shutdown: a crash or an OOM kill
    server.proc.wait()
    server.proc = None

    [job] = store.open_jobs(store.default_map().id)
    assert 3 <= job.done < N and job.failed == 0
    stored_before = len(store.articles_frame(job.map_id))

    server.start()
    page.goto(server.url)
    status = page.get_by_text(re.compile(rf"Batch 'news\.jsonl' \(started .*\): \d+ of {N} "
                                         r"done, 0 failed"))
    expect(status).to_be_visible(timeout=60_000)
    page.get_by_role("button", name=re.compile(r"Resume \(\d+ left\)")).click()
    expect(page.get_by_text(re.compile(r"\d+ article\(s\) added"))).to_be_visible(
        timeout=180_000)
    added = int(re.match(r"(\d+)", page.get_by_text(
        re.compile(r"\d+ article\(s\) added")).inner_text()).group(1))

    print(f"killed with {job.done} of {N} marked done, {stored_before} stored; "
          f"Resume added {added}")
    articles = store.articles_frame(job.map_id)
    assert len(articles) == N and articles["source"].is_unique  # all there, none twice
    # Only the drafts left pending were redone (one stored just before the kill is skipped).
    assert added == N - stored_before
    assert store.open_jobs(job.map_id) == []
    expect(status).to_have_count(0)
