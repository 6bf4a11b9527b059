"""Batch files, many articles each: JSON Lines (.jsonl), a JSON array (.json), CSV/TSV.

A bad line or row becomes a Problem naming it; the other rows are kept. Field names are
matched case-insensitively: the text is the first of ``text``, ``body``, ``content``,
``article``; optional ``title``/``headline``, ``published``/``date``, ``url``/``link``, ``id``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from ingest.dates import parse_date
from ingest.decode import decode
from ingest.text import make_draft, replacement_note
from ingest.types import IngestResult, Limits, Refused

TEXT_FIELDS = ("text", "body", "content", "article")
_ROLES = {"title": ("title", "headline"), "date": ("published", "date"),
          "url": ("url", "link"), "id": ("id",)}


def read_jsonl(data: bytes, name: str, limits: Limits) -> IngestResult:
    """One JSON object per line; blank lines are ignored."""
    text, result = _decode(data, name)
    rows = ((f"{name} line {n}", line) for n, line in enumerate(text.split("\n"), start=1)
            if line.strip())
    for source, line in _capped(rows, name, limits, result):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            result.problem(source, f"not valid JSON ({e.msg} at column {e.colno})")
            continue
        except RecursionError:
            result.problem(source, "JSON nested too deeply")
            continue
        _add_row(obj, source, limits, result)
    return result


def read_json(data: bytes, name: str, limits: Limits) -> IngestResult:
    """A JSON array of article objects, or a single object."""
    text, result = _decode(data, name)
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as e:
        return result.problem(name, f"not valid JSON ({e.msg} at line {e.lineno}, "
                                    f"column {e.colno})")
    except RecursionError:
        return result.problem(name, "JSON nested too deeply")
    items = parsed if isinstance(parsed, list) else [parsed]
    rows = ((f"{name} item {n}", obj) for n, obj in enumerate(items, start=1))
    for source, obj in _capped(rows, name, limits, result):
        _add_row(obj, source, limits, result)
    return result


def read_csv(data: bytes, name: str, limits: Limits, delimiter: str | None = None) -> IngestResult:
    """A header row, then one article per row. Rows are numbered as in a spreadsheet (the
    header is row 1). The delimiter (comma, semicolon or tab) is read from the header."""
    text, result = _decode(data, name)
    if not text.strip():
        return result.problem(name, "empty file")
    # A news article is far longer than csv's default 128 KB field limit. Raised, never
    # lowered (the limit is process-wide): no field can be longer than the file itself.
    csv.field_size_limit(max(csv.field_size_limit(), limits.max_file_bytes + 1))
    delimiter = delimiter or _delimiter(text.partition("\n")[0])
    # strict: a stray or unclosed quote is an error, not rows silently merged into one field
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [h.strip().lstrip("\ufeff").lower() for h in next(reader)]
    except csv.Error as e:
        return result.problem(name, f"unreadable CSV header ({e})")
    columns = {role: _first(header, names) for role, names in _ROLES.items()}
    text_col = _first(header, TEXT_FIELDS)
    if text_col is None:
        return result.problem(name, f"no text column: name one of {', '.join(TEXT_FIELDS)} "
                                    f"(found: {', '.join(h for h in header if h) or 'nothing'})")

    row_number = 1

    def rows() -> Iterable[tuple[str, list[str]]]:
        nonlocal row_number
        for row in reader:
            row_number += 1
            if any(cell.strip() for cell in row):  # blank lines are not rows
                yield f"{name} row {row_number}", row

    try:
        for source, row in _capped(rows(), name, limits, result):
            fields = {"text": row[text_col] if text_col < len(row) else ""}
            fields.update({role: row[col] for role, col in columns.items()
                           if col is not None and col < len(row)})
            _add_row(fields, source, limits, result)
    except csv.Error as e:  # the reader cannot resynchronise after this
        result.problem(f"{name} row {row_number + 1}",
                       f"unreadable CSV ({e}): check its quotes; this row and the rows after it "
                       "were not read")
    return result


def _decode(data: bytes, name: str) -> tuple[str, IngestResult]:
    decoded = decode(data)
    result = IngestResult()
    if decoded.replaced:
        result.problems.append(replacement_note(name, decoded.replaced))
    return decoded.text, result


def _capped(rows: Iterable, name: str, limits: Limits, result: IngestResult) -> Iterable:
    for n, row in enumerate(rows):
        if n == limits.max_batch_rows:
            result.problem(name, f"only the first {limits.max_batch_rows:,} articles were read "
                                 "(setting MAX_BATCH_ROWS); split the file")
            return
        yield row


def _add_row(obj: object, source: str, limits: Limits, result: IngestResult) -> None:
    if not isinstance(obj, dict):
        result.problem(source, "expected an object with a text field")
        return
    fields = {str(k).strip().lower(): v for k, v in obj.items()}
    text = next((fields[k] for k in TEXT_FIELDS if fields.get(k) is not None), None)
    if not isinstance(text, str):
        result.problem(source, "no text: give the article in a string field named one of "
                               f"{', '.join(TEXT_FIELDS)}")
        return
    value = {role: next((fields[k] for k in names if fields.get(k) not in (None, "")), None)
             for role, names in _ROLES.items()}
    published = parse_date(value["date"]) if value["date"] is not None else None
    try:
        draft = make_draft(text, source, limits, title=_str(value["title"]),
                           published=published, url=_str(value["url"]),
                           external_id=_str(value["id"]))
    except Refused as e:
        result.problem(source, str(e))
        return
    result.drafts.append(draft)
    if value["date"] is not None and published is None:
        kept = ("kept with the date in its dateline" if draft.published
                else "kept without a publication date")
        result.problem(source, f"publication date {str(value['date'])[:40]!r} not understood "
                               f"(use YYYY-MM-DD); the article was {kept}")


def _str(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value).strip() or None


def _first(header: list[str], names: Iterable[str]) -> int | None:
    return next((header.index(n) for n in names if n in header), None)


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","
