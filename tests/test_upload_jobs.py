"""Upload jobs in the store (SQLite and PostgreSQL) and the Upload page's run over them.

A "half-finished" batch is a job whose drafts were partly marked done: exactly what a run cut
short leaves behind, since each draft is marked as soon as it is processed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from ingest.types import Draft
from store import NotFound, PermissionDenied
from store.jobs import DONE, FAILED, MAX_ATTEMPTS, PENDING
from tests.store_support import seed_result

TEXTS = ["A bomb exploded in Kirkuk on Monday, killing two people.",
         "Protesters marched in Basra on Tuesday over power cuts.",
         "Gunmen attacked a checkpoint near Ramadi on Saturday, killing a soldier."]


def drafts(texts: list[str] = TEXTS) -> list[Draft]:
    return [Draft(text=t, title=f"Story {n}", published=date(2024, 3, 4), url=None,
                  source=f"news.jsonl:{n + 1}", date_found=n == 0, external_id=f"id-{n}")
            for n, t in enumerate(texts)]


def test_upload_jobs_start_keeps_every_draft(store, owner):
    job_id = store.start_job(owner, "news.jsonl", drafts())
    [job] = store.open_jobs(owner.map_id)
    assert (job.id, job.name, job.total, job.done, job.failed, job.pending) == (
        job_id, "news.jsonl", 3, 0, 0, 3)
    items = store.job_items(owner.map_id, job_id)
    assert [i.text for i in items] == TEXTS  # upload order
    first = items[0]
    assert (first.title, first.published, first.source, first.date_found, first.external_id,
            first.status) == ("Story 0", date(2024, 3, 4), "news.jsonl:1", True, "id-0", PENDING)
    assert not items[1].date_found


def test_upload_jobs_resume_picks_the_remaining_drafts_only(store, owner):
    job_id = store.start_job(owner, "news.jsonl", drafts())
    first, second, third = store.job_items(owner.map_id, job_id)
    article = store.add_article(owner, seed_result())
    store.mark_done(owner, first.id, "added", article.article_id)
    store.mark_failed(owner, second.id, "RuntimeError: boom")
    job = store.job(owner.map_id, job_id)
    assert (job.done, job.failed, job.pending) == (1, 1, 1)
    assert [i.id for i in store.job_items(owner.map_id, job_id)] == [third.id]
    assert [i.message for i in store.job_items(owner.map_id, job_id, FAILED)] == [
        "RuntimeError: boom"]
    assert len(store.job_items(owner.map_id, job_id, status=None)) == 3
    assert len(store.job_items(owner.map_id, job_id, status=None, limit=2)) == 2
    # A job is listed while anything is pending or failed, and only then can it be closed.
    store.mark_done(owner, third.id)
    assert not store.close_job(owner, job_id)
    assert [j.id for j in store.open_jobs(owner.map_id)] == [job_id]
    assert store.retry_failed(owner, job_id) == 1
    assert [i.id for i in store.job_items(owner.map_id, job_id)] == [second.id]
    store.mark_done(owner, second.id)
    assert store.close_job(owner, job_id)
    assert store.open_jobs(owner.map_id) == []


def test_upload_jobs_a_failing_article_does_not_stop_the_others(store, owner):
    """The page's loop, by hand: the second draft fails, the third is still done."""
    job_id = store.start_job(owner, "news.jsonl", drafts())
    for item in store.job_items(owner.map_id, job_id):
        item = store.start_item(owner, item.id)
        assert item.status == PENDING and item.attempts == 1
        if "Basra" in item.text:
            store.mark_failed(owner, item.id, "RuntimeError: boom")
            continue
        added = store.add_article(owner, seed_result(item.text))
        store.mark_done(owner, item.id, "added", added.article_id)
    statuses = [i.status for i in store.job_items(owner.map_id, job_id, status=None)]
    assert statuses == [DONE, FAILED, DONE]
    assert len(store.articles_frame(owner.map_id)) == 2
    assert store.job_items(owner.map_id, job_id) == []  # a resume has nothing to redo


def test_upload_jobs_a_draft_that_keeps_killing_runs_is_failed(store, owner):
    job_id = store.start_job(owner, "news.jsonl", drafts(TEXTS[:1]))
    [item] = store.job_items(owner.map_id, job_id)
    for _ in range(MAX_ATTEMPTS):  # each run died before marking it
        assert store.start_item(owner, item.id).status == PENDING
    gave_up = store.start_item(owner, item.id)
    assert gave_up.status == FAILED and "crash the server" in gave_up.message
    assert store.job(owner.map_id, job_id).failed == 1
    store.retry_failed(owner, job_id)  # asked for explicitly: a fresh set of attempts
    again = store.start_item(owner, item.id)
    assert again.status == PENDING and again.attempts == 1


def test_upload_jobs_discard_forgets_drafts_but_keeps_articles(store, owner):
    job_id = store.start_job(owner, "news.jsonl", drafts())
    first = store.job_items(owner.map_id, job_id)[0]
    added = store.add_article(owner, seed_result())
    store.mark_done(owner, first.id, "added", added.article_id)
    store.discard_job(owner, job_id)
    assert store.open_jobs(owner.map_id) == []
    with pytest.raises(NotFound):
        store.job_items(owner.map_id, job_id)
    with pytest.raises(NotFound):  # a run still going in another tab stops at its next draft
        store.mark_done(owner, first.id)
    assert len(store.articles_frame(owner.map_id)) == 1


def test_upload_jobs_need_an_edit_link_of_their_map(store):
    info = store.create_map("Shared")
    viewer, editor = store.access(info.view_token), store.access(info.edit_token)
    with pytest.raises(PermissionDenied):
        store.start_job(viewer, "news.jsonl", drafts())
    job_id = store.start_job(editor, "news.jsonl", drafts())
    item_id = store.job_items(info.id, job_id)[0].id
    for write in (lambda: store.start_item(viewer, item_id),
                  lambda: store.mark_done(viewer, item_id),
                  lambda: store.mark_failed(viewer, item_id, "x"),
                  lambda: store.retry_failed(viewer, job_id),
                  lambda: store.discard_job(viewer, job_id)):
        with pytest.raises(PermissionDenied):
            write()
    assert store.open_jobs(info.id)[0].pending == 3  # a viewer may still see the job
    # An edit link opens its own map only: another map's jobs are not found through it.
    other = store.owner_access(store.create_map("Other").id)
    assert store.open_jobs(other.map_id) == []
    for write in (lambda: store.mark_done(other, item_id),
                  lambda: store.discard_job(other, job_id)):
        with pytest.raises(NotFound):
            write()
    with pytest.raises(ValueError):
        store.start_job(editor, "empty.jsonl", [])


def test_upload_jobs_keep_long_batch_ids(store, owner):
    """A batch file's id column is not capped by ingest; the job must still start."""
    long = replace(drafts(TEXTS[:1])[0], external_id="x" * 500)
    job_id = store.start_job(owner, "n" * 300, [long])
    assert store.job_items(owner.map_id, job_id)[0].external_id == "x" * 500
    assert store.job(owner.map_id, job_id).name == "n" * 200
