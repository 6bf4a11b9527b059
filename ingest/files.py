"""Uploaded files to drafts: pick a reader by content signature, then by extension."""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from pathlib import PurePath

from ingest.archive import read_zip
from ingest.batch import read_csv, read_json, read_jsonl
from ingest.dates import date_in_name
from ingest.html import read_html
from ingest.pdf import read_pdf
from ingest.text import read_plain
from ingest.types import Draft, IngestResult, Limits, Refused, size_text
from ingest.word import read_docx

log = logging.getLogger(__name__)

KINDS = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".pdf": "pdf", ".docx": "docx", ".zip": "zip",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "tsv",
}
_SINGLE: dict[str, Callable[[bytes, str, Limits], Draft]] = {
    "pdf": read_pdf,
    "docx": read_docx,
}
_BATCH: dict[str, Callable[[bytes, str, Limits], IngestResult]] = {
    "text": read_plain,
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "tsv": partial(read_csv, delimiter="\t"),
}


def read_file(name: str, data: bytes, limits: Limits | None = None) -> IngestResult:
    """One uploaded file: an article (.txt .md .html .pdf .docx), a batch of them (.jsonl
    .json .csv .tsv) or a .zip of such files. Never raises for bad input: it is a Problem."""
    return read_as(name, data, limits or Limits.from_settings())


def read_files(files: Iterable[tuple[str, bytes]], limits: Limits | None = None) -> IngestResult:
    """Several uploads; past ``limits.max_files`` the rest are counted and reported, not read."""
    limits = limits or Limits.from_settings()
    result = IngestResult()
    skipped = 0
    for n, (name, data) in enumerate(files):
        if n >= limits.max_files:
            skipped += 1
            continue
        result.add(read_as(name, data, limits))
    if skipped:
        result.problem(f"{skipped:,} more file(s)", f"not read: at most {limits.max_files:,} "
                                                   "files at a time (setting MAX_FILES)")
    return result


def sniff(name: str, data: bytes) -> str:
    """The reader for a file. A PDF or zip signature wins over the extension (a PDF saved as
    .txt is still a PDF); an unknown extension falls back to HTML when it looks like a page,
    else text (which refuses binary data)."""
    ext = PurePath(name).suffix.lower()
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return ext[1:] if ext in (".docx", ".zip") else _zip_kind(data)
    if ext in KINDS:
        return KINDS[ext]
    head = data[:2048].lstrip().lower()
    if head.startswith(b"<!doctype html") or b"<html" in head:
        return "html"
    return "text"


def read_as(name: str, data: bytes | str, limits: Limits, *, in_archive: bool = False,
            kind: str | None = None, url: str | None = None) -> IngestResult:
    """``read_file`` with the reader chosen by the caller (``kind``, one of ``KINDS``' values)
    or sniffed; ``in_archive`` refuses nested archives. A page already decoded (``str``) must
    come with ``kind="html"``; ``url`` helps trafilatura find a page's date."""
    result = IngestResult()
    if len(data) > limits.max_file_bytes:
        return result.problem(name, f"the file is {size_text(len(data))}; the limit is "
                                    f"{size_text(limits.max_file_bytes)} (setting MAX_UPLOAD_MB)")
    if not data.strip():
        return result.problem(name, "empty file")
    kind = kind or sniff(name, data)
    try:
        if kind == "zip":
            if in_archive:
                raise Refused("an archive inside the archive was not opened; upload it on its own")
            return read_zip(data, name, limits, partial(read_as, in_archive=True))
        if kind == "html":
            return _dated_by_name(IngestResult([read_html(data, name, limits, url=url)]), name)
        if kind == "text":
            return _dated_by_name(read_plain(data, name, limits), name)
        if kind in _BATCH:
            return _BATCH[kind](data, name, limits)
        return _dated_by_name(IngestResult([_SINGLE[kind](data, name, limits)]), name)
    except Refused as e:
        return result.problem(name, str(e))
    except Exception as e:  # noqa: BLE001 - a parser bug on one hostile file must not lose the rest
        log.exception("reading %s as %s failed", name, kind)
        return result.problem(name, f"could not be read as {kind} ({type(e).__name__}: {e})")


def _dated_by_name(result: IngestResult, name: str) -> IngestResult:
    """A single article the document does not date takes the date its file name gives
    ("anbar-offensive-2017-09-19.txt"); ``date_found`` stays False, so the app still asks the
    user to check it. Batch files are not dated so: their rows carry their own dates."""
    on_name = date_in_name(PurePath(name).name)
    if on_name is not None:
        result.drafts = [replace(d, published=on_name) if d.published is None else d
                         for d in result.drafts]
    return result


def _zip_kind(data: bytes) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return "zip"  # read_zip reports the damage
    return "docx" if "word/document.xml" in names else "zip"
