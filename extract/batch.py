"""`python -m extract run`: JSONL articles in, one JSON line of places and events per article out."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import IO, Iterator

from extract.pipeline import process_many
from extract.types import Article

MAX_TEXT_CHARS = 2_000_000


class InvalidArticle(ValueError):
    """An input line that is not an article; the message names the line and the fix."""


def parse_article(line: str, lineno: int) -> Article:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise InvalidArticle(f"line {lineno}: not valid JSON ({e.msg} at column {e.colno})") from e
    if not isinstance(obj, dict):
        raise InvalidArticle(f"line {lineno}: expected a JSON object with 'id' and 'text'")
    if "id" not in obj or not isinstance(obj.get("text"), str):
        raise InvalidArticle(f"line {lineno}: an article needs 'id' and a string 'text'")
    if len(obj["text"]) > MAX_TEXT_CHARS:
        raise InvalidArticle(f"line {lineno}: text longer than {MAX_TEXT_CHARS:,} characters")
    published = obj.get("published")
    if published not in (None, ""):
        try:
            published = date.fromisoformat(str(published)[:10])
        except ValueError as e:
            raise InvalidArticle(
                f"line {lineno}: 'published' must be YYYY-MM-DD, got {published!r}") from e
    else:
        published = None
    return Article(id=str(obj["id"]), text=obj["text"], published=published,
                   title=obj.get("title"), url=obj.get("url"))


def read_articles(stream: IO[str], errors: IO[str]) -> Iterator[Article]:
    """Good articles from a JSONL stream; bad lines are reported on ``errors`` and skipped."""
    for lineno, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            yield parse_article(line, lineno)
        except InvalidArticle as e:
            print(f"extract run: {e}", file=errors)


def run_jsonl(input_path: str, output_path: str = "-") -> int:
    """Stream articles through extraction; returns 0, or 1 when some lines were bad."""
    src = sys.stdin if input_path == "-" else open(input_path, encoding="utf-8")
    dst = sys.stdout if output_path in ("-", None) else open(output_path, "w", encoding="utf-8")
    bad = _CountingErrors(sys.stderr)
    try:
        for result in process_many(read_articles(src, bad)):
            dst.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
    finally:
        if src is not sys.stdin:
            src.close()
        if dst is not sys.stdout:
            dst.close()
    return 1 if bad.count else 0


class _CountingErrors:
    def __init__(self, stream: IO[str]):
        self.stream, self.count = stream, 0

    def write(self, s: str) -> int:
        if s.strip():
            self.count += 1
        return self.stream.write(s)

    def flush(self) -> None:
        self.stream.flush()
