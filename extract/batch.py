"""`python -m extract run`: JSONL articles in, one JSON line of places and events per article out.

The input is read line by line as the workers need it (a 1 GB file is never loaded whole), sent
to an engine (:mod:`extract.engines`) in chunks, and the results are written in input order.
Reported on standard error, the run going on: lines that are not articles, and articles whose
extraction raised (these get no output line, so ``--resume`` retries them). Exit status 1 when
either happened.

With ``--db URL`` the results also land on a map of the event store (:mod:`extract.into_store`):
articles the map already holds are skipped before extraction, and each chunk is stored by this
process as it completes.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Iterable, Iterator

from extract.types import Article

if TYPE_CHECKING:
    from extract.into_store import MapSink

MAX_TEXT_CHARS = 2_000_000


class InvalidArticle(ValueError):
    """An input line that is not an article; the message names the line and the fix."""


def parse_article(line: str | bytes, lineno: int) -> Article:
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InvalidArticle(f"line {lineno}: not UTF-8 (byte {e.start + 1})") from e
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


def numbered_articles(lines: Iterable[str | bytes],
                      errors: IO[str]) -> Iterator[tuple[int, Article]]:
    """``(line number, article)`` for the good lines; bad lines are reported on ``errors``."""
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield lineno, parse_article(line, lineno)
        except InvalidArticle as e:
            print(f"extract run: {e}", file=errors)


def read_articles(stream: Iterable[str | bytes], errors: IO[str]) -> Iterator[Article]:
    """Good articles from a JSONL stream; bad lines are reported on ``errors`` and skipped."""
    return (article for _, article in numbered_articles(stream, errors))


def chunked(items: Iterable, size: int) -> Iterator[list]:
    """Lists of ``size`` items, pulling from ``items`` only as each list is asked for."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


# --- resuming ------------------------------------------------------------------------------


def finished_ids(path: Path, errors: IO[str]) -> set[str]:
    """Ids already in an output file, after cutting off a half-written last line.

    Every record is written as one ``line + "\\n"``, so a crash can only leave the file ending in
    a prefix of one record: a last line with no newline (or one that does not parse). The file is
    truncated after the last good line; that article is then redone. A damaged line further up
    cannot come from a crash of ours: it is reported and kept.
    """
    done: set[str] = set()
    if not path.exists():
        return done
    keep = offset = 0  # keep: end of the last good line
    damaged: list[int] = []  # unparseable lines since the last good one
    with path.open("rb") as f:
        for lineno, raw in enumerate(f, start=1):
            offset += len(raw)
            complete = raw.endswith(b"\n")
            if not raw.strip():
                keep = offset if complete and not damaged else keep
                continue
            try:
                obj = json.loads(raw)
            except ValueError:  # JSONDecodeError and UnicodeDecodeError
                obj = None
            if not (complete and isinstance(obj, dict) and "id" in obj):
                damaged.append(lineno)
                continue
            if damaged:
                print(f"extract run: {path}: line(s) {', '.join(map(str, damaged))} are not "
                      "output records; kept as they are", file=errors)
                damaged = []
            done.add(str(obj["id"]))
            keep = offset
    if keep < offset:
        print(f"extract run: {path}: cut off {offset - keep} bytes after the last complete "
              "record (a run stopped mid-write); that article is redone", file=errors)
        os.truncate(path, keep)
    return done


# --- the run -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunOptions:
    """`extract run`'s knobs (see the README section "Batch extraction at scale")."""

    workers: int = 1
    batch_size: int = 32        # articles per spaCy nlp.pipe batch
    chunk_size: int | None = None  # articles sent to a worker at a time; None: one batch
    engine: str = "local"       # "local" (this machine) or "dask"
    scheduler: str | None = None  # Dask scheduler address; None starts a LocalCluster
    resume: bool = False        # append to --out, skipping ids it already has
    progress: bool | None = None  # None: show the bar when standard error is a terminal
    db: str | None = None       # store URL (or SQLite path) the results land in
    map_name: str | None = None  # map name or edit token; None: the store's default map


@dataclass
class RunSummary:
    done: int = 0      # articles extracted (each written to the output, if there is one)
    skipped: int = 0   # already in the output file (--resume)
    bad_lines: int = 0
    failed: int = 0    # articles whose extraction raised
    store_failed: int = 0  # extracted, but the database refused them (--db)

    @property
    def exit_code(self) -> int:
        return 1 if self.bad_lines or self.failed or self.store_failed else 0


def run_stream(lines: Iterable[str | bytes], out: IO[str] | None, errors: IO[str],
               options: RunOptions = RunOptions(),
               skip_ids: frozenset[str] | set[str] = frozenset(),
               sink: MapSink | None = None) -> RunSummary:
    """Extract every article of a JSONL line stream to ``out`` (None: no output lines), in
    input order, and onto ``sink``'s map when given."""
    from tqdm import tqdm

    from extract.engines import Keep, open_engine

    summary = RunSummary()
    show = errors.isatty() if options.progress is None else options.progress
    bar = tqdm(unit=" articles", file=errors, disable=not show, mininterval=0.5, dynamic_ncols=True)
    report = _Report(errors, bar, summary)

    def wanted() -> Iterator[tuple[int, Article]]:
        for lineno, article in numbered_articles(lines, report):
            if article.id in skip_ids:
                summary.skipped += 1
                continue
            yield lineno, article

    if sink is not None:
        sink.report = report.line  # above the progress bar, like the other messages
    todo = wanted() if sink is None else sink.unseen(wanted())
    keep = Keep(lines=out is not None, results=sink is not None)
    engine = open_engine(options.engine, options.workers, options.batch_size, options.scheduler,
                         keep)
    try:
        chunk_size = options.chunk_size or options.batch_size
        for outcomes in engine.map(chunked(todo, chunk_size)):
            if sink is not None:
                # Stored before written: a run stopped in between leaves the output file a
                # subset of the map, so `--resume` skips nothing the map lacks.
                sink.add(outcomes)
                summary.store_failed = sink.counts.failed
            written = [o.line + "\n" for o in outcomes if o.line is not None]
            if written and out is not None:
                out.write("".join(written))
                out.flush()  # what is written is final: a resumed run starts after it
            summary.done += sum(o.ok for o in outcomes)
            for o in outcomes:
                if o.error is not None:
                    summary.failed += 1
                    report.line(f"extract run: line {o.lineno} (id {o.id!r}): "
                                f"extraction failed: {o.error}")
            bar.update(len(outcomes))
            skipped = summary.skipped + (sink.counts.already if sink is not None else 0)
            if skipped:
                bar.set_postfix(skipped=skipped, refresh=False)
    finally:
        engine.close()
        bar.close()
    return summary


def run_jsonl(input_path: str, output_path: str | None = "-",
              options: RunOptions = RunOptions()) -> int:
    """Stream articles through extraction; returns 0, or 1 when some lines or articles failed.

    ``output_path`` None: standard output, unless the results go to ``options.db`` only.
    """
    if output_path is None and options.db is None:
        output_path = "-"
    to_stdout = output_path == "-"
    if options.resume and output_path in ("-", None):
        hint = (" (with --db, running again skips what the map holds: no --resume needed)"
                if options.db else "")
        raise ValueError(f"--resume needs --out FILE (the finished ids are read from it){hint}")
    sink = _open_sink(input_path, options) if options.db else None  # fail before any workers
    if options.engine == "local" or options.scheduler is None:
        _ensure_resources()
    skip: set[str] = set()
    if options.resume:
        skip = finished_ids(Path(output_path), sys.stderr)
    src = sys.stdin.buffer if input_path == "-" else open(input_path, "rb")
    try:
        if output_path is None:
            summary = run_stream(src, None, sys.stderr, options, skip, sink)
        elif to_stdout:
            summary = run_stream(src, sys.stdout, sys.stderr, options, skip, sink)
        else:
            with open(output_path, "a" if options.resume else "w", encoding="utf-8") as dst:
                summary = run_stream(src, dst, sys.stderr, options, skip, sink)
    finally:
        if src is not sys.stdin.buffer:
            src.close()
    if summary.skipped:
        print(f"extract run: {summary.skipped} articles already in {output_path}, skipped",
              file=sys.stderr)
    if sink is not None:
        published = sink.publish_snapshot()
        if published:
            print(published, file=sys.stderr)
        for line in sink.summary(options.db, summary.failed):
            print(line, file=sys.stderr)
    return summary.exit_code


def _open_sink(input_path: str, options: RunOptions) -> MapSink:
    from extract.into_store import MapSink, choose_map, open_store

    store = open_store(options.db)
    access, created = choose_map(store, options.map_name)
    source = "standard input" if input_path == "-" else Path(input_path).name
    return MapSink(store, access, source,
                   lambda message: print(message, file=sys.stderr), created=created)


def _ensure_resources() -> None:
    """Fail before starting workers when the model is missing; build the index once, here."""
    from extract.nlp import require_model
    from gazetteer import get_gazetteer

    require_model()
    get_gazetteer()


class _Report:
    """The error stream: counts bad input lines and prints above the progress bar."""

    def __init__(self, stream: IO[str], bar, summary: RunSummary):
        self.stream, self.bar, self.summary = stream, bar, summary

    def write(self, s: str) -> int:
        # print() writes the message and the newline separately; bad input lines come here.
        if s.strip():
            self.summary.bad_lines += 1
            self.line(s.rstrip("\n"))
        return len(s)

    def line(self, message: str) -> None:
        if self.bar.disable:
            self.stream.write(message + "\n")
        else:
            self.bar.write(message, file=self.stream)

    def flush(self) -> None:
        self.stream.flush()
