"""Upload jobs: a batch's drafts kept in the store until each one is done or has failed.

The Upload page starts a job with the drafts it is about to extract and marks each as it goes.
When a run is cut short (the tab closed, the server restarted, another click interrupted the
script), the map still lists the job with its pending drafts and a resume does only those.
:class:`store.Store` checks access and calls these functions inside one session each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterable, Protocol

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.orm import Session

from store.schema import UploadItemRow, UploadJobRow

PENDING, DONE, FAILED = "pending", "done", "failed"
# A draft whose run was started this many times without finishing probably takes the server
# down with it (memory, a parser crash): it is failed rather than tried again on every resume.
MAX_ATTEMPTS = 3


class DraftLike(Protocol):
    """What a job keeps of a draft (``ingest.Draft`` has these; so has :class:`JobItem`)."""

    text: str
    title: str | None
    published: date | None
    url: str | None
    source: str
    date_found: bool
    external_id: str | None


@dataclass(frozen=True)
class JobInfo:
    id: int
    map_id: int
    name: str
    created_at: datetime  # UTC
    total: int
    done: int
    failed: int

    @property
    def pending(self) -> int:
        return self.total - self.done - self.failed


@dataclass(frozen=True)
class JobItem:
    """One draft of a job, with the fields of ``ingest.Draft`` so it can be extracted as one."""

    id: int
    job_id: int
    position: int
    text: str
    title: str | None
    published: date | None
    url: str | None
    source: str
    date_found: bool
    external_id: str | None
    status: str
    message: str
    attempts: int


def add_job(s: Session, map_id: int, name: str, drafts: Iterable[DraftLike],
            now: datetime) -> int:
    job = UploadJobRow(map_id=map_id, name=(name or "").strip()[:200] or "upload",
                       created_at=now)
    s.add(job)
    s.flush()
    rows = [UploadItemRow(job_id=job.id, position=n, source=d.source, title=d.title, url=d.url,
                          published=d.published, date_found=bool(d.date_found),
                          external_id=d.external_id, text=d.text, status=PENDING, message="",
                          attempts=0)
            for n, d in enumerate(drafts)]
    if not rows:
        raise ValueError("an upload job needs at least one draft")
    s.add_all(rows)
    return job.id


def job_infos(s: Session, map_id: int, job_id: int | None = None) -> list[JobInfo]:
    """The map's jobs (or one of them) with their counts, oldest first."""
    item = UploadItemRow

    def count(status: str):
        return func.coalesce(func.sum(case((item.status == status, 1), else_=0)), 0)

    query = (select(UploadJobRow.id, UploadJobRow.map_id, UploadJobRow.name,
                    UploadJobRow.created_at, func.count(item.id), count(DONE), count(FAILED))
             .outerjoin(item, item.job_id == UploadJobRow.id)
             .where(UploadJobRow.map_id == map_id)
             .group_by(UploadJobRow.id, UploadJobRow.map_id, UploadJobRow.name,
                       UploadJobRow.created_at)
             .order_by(UploadJobRow.id))
    if job_id is not None:
        query = query.where(UploadJobRow.id == job_id)
    return [JobInfo(*row[:4], int(row[4]), int(row[5]), int(row[6])) for row in s.execute(query)]


def job_row(s: Session, map_id: int, job_id: int) -> UploadJobRow | None:
    row = s.get(UploadJobRow, job_id)
    return row if row is not None and row.map_id == map_id else None


def item_row(s: Session, map_id: int, item_id: int) -> UploadItemRow | None:
    """An item, only if its job belongs to ``map_id`` (an edit link opens one map only)."""
    return s.scalar(select(UploadItemRow)
                    .join(UploadJobRow, UploadJobRow.id == UploadItemRow.job_id)
                    .where(UploadItemRow.id == item_id, UploadJobRow.map_id == map_id))


def items(s: Session, job_id: int, status: str | None = PENDING,
          limit: int | None = None) -> list[JobItem]:
    query = select(UploadItemRow).where(UploadItemRow.job_id == job_id)
    if status is not None:
        query = query.where(UploadItemRow.status == status)
    query = query.order_by(UploadItemRow.position).limit(limit)
    return [as_item(r) for r in s.scalars(query)]


def as_item(r: UploadItemRow) -> JobItem:
    return JobItem(r.id, r.job_id, r.position, r.text, r.title, r.published, r.url, r.source,
                   r.date_found, r.external_id, r.status, r.message, r.attempts)


def start(row: UploadItemRow, now: datetime) -> None:
    """Count a run starting on this draft, or fail it when runs keep dying on it."""
    if row.status != PENDING:
        return
    if row.attempts >= MAX_ATTEMPTS:
        finish(row, FAILED, f"{row.attempts} runs stopped while extracting this article (it may "
                            "crash the server); not tried again unless you retry failed ones",
               now)
        return
    row.attempts += 1


def finish(row: UploadItemRow, status: str, message: str, now: datetime,
           article_id: int | None = None) -> None:
    row.status = status
    row.message = message
    row.article_id = article_id
    row.finished_at = now


def retry_failed(s: Session, job_id: int) -> int:
    result = s.execute(update(UploadItemRow)
                       .where(UploadItemRow.job_id == job_id, UploadItemRow.status == FAILED)
                       .values(status=PENDING, message="", attempts=0, finished_at=None))
    return result.rowcount or 0


def remove(s: Session, job: UploadJobRow) -> None:
    # Items explicitly: a database without cascading foreign keys must not keep orphans.
    s.execute(delete(UploadItemRow).where(UploadItemRow.job_id == job.id))
    s.delete(job)
