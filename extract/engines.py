"""Where `extract run` does its work: in this process, in a local process pool, or on Dask.

Every engine takes an iterator of *chunks* (lists of ``(line number, Article)``) and yields, for
each chunk and in the order the chunks came, the list of :class:`Outcome` of its articles. The
chunk iterator is consumed lazily and at most ``in_flight`` chunks are out at a time, so memory
stays bounded however long the input is.

What comes back is chosen by :class:`Keep`: the JSON output line (``--out``), the
:class:`~extract.types.ArticleResult` itself (``--db``: the driver stores it), or both. Workers
never touch the database.

Each worker process loads the spaCy pipeline and the gazetteer once (``get_nlp()`` and
``get_gazetteer()`` are ``lru_cache``d per process) and keeps them for every chunk it gets.
"""

from __future__ import annotations

import json
import multiprocessing
import signal
import threading
import traceback
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Sequence

from extract.types import Article, ArticleResult

Chunk = Sequence[tuple[int, Article]]

ENGINES = ("local", "dask")


@dataclass(frozen=True)
class Keep:
    """What a worker sends back for each article it extracted."""

    lines: bool = True     # the JSON output line (serialised on the worker, in parallel)
    results: bool = False  # the ArticleResult, for the driver to store


@dataclass(frozen=True)
class Outcome:
    """One article's result (its output line and/or the result itself), or why it raised."""

    lineno: int
    id: str
    line: str | None = None   # the JSON output line, without the newline
    error: str | None = None  # "ExceptionType: message (at file:line in function)"
    result: ArticleResult | None = None  # with Keep(results=True)

    @property
    def ok(self) -> bool:
        return self.error is None


def extract_chunk(chunk: Chunk, batch_size: int, nlp: Any = None,
                  gazetteer: Any = None, keep: Keep = Keep()) -> list[Outcome]:
    """Extract a chunk with spaCy's batched pipe; an article that raises costs only itself.

    When the batched run raises, the articles from the failing position on are done one at a
    time for one batch (the culprit is among them: either the article whose result was being
    built, or one of the batch spaCy was processing), then batching resumes after them.
    """
    from extract import pipeline

    outcomes: list[Outcome] = []
    while len(outcomes) < len(chunk):
        rest = chunk[len(outcomes):]
        try:
            results = pipeline.process_many([a for _, a in rest], nlp=nlp, gazetteer=gazetteer,
                                            batch_size=batch_size)
            for (lineno, article), result in zip(rest, results):
                outcomes.append(_ok(lineno, article, result, keep))
        except Exception:  # noqa: BLE001 - isolated below, article by article
            for lineno, article in chunk[len(outcomes):len(outcomes) + batch_size]:
                try:
                    result = pipeline.process(article, nlp=nlp, gazetteer=gazetteer)
                except Exception as e:  # noqa: BLE001 - reported per article by the caller
                    outcomes.append(Outcome(lineno, article.id, error=describe(e)))
                else:
                    outcomes.append(_ok(lineno, article, result, keep))
    return outcomes


def _ok(lineno: int, article: Article, result: ArticleResult, keep: Keep) -> Outcome:
    line = json.dumps(result.to_json(), ensure_ascii=False) if keep.lines else None
    return Outcome(lineno, article.id, line=line, result=result if keep.results else None)


def describe(e: BaseException) -> str:
    """The exception and the innermost frame it came from, on one line."""
    where = ""
    frames = traceback.extract_tb(e.__traceback__)
    if frames:
        f = frames[-1]
        where = f" (at {f.filename}:{f.lineno} in {f.name})"
    return f"{type(e).__name__}: {e}{where}"


def ordered_bounded(submit: Callable[[Chunk], Any], chunks: Iterable[Chunk], in_flight: int,
                    result: Callable[[Any], list[Outcome]]) -> Iterator[list[Outcome]]:
    """Submit chunks as futures, at most ``in_flight`` pending, and yield results in order."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= in_flight:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


# --- worker side: resources loaded once per process ------------------------------------------

# spaCy pipelines are not guaranteed thread-safe; a Dask worker with several threads runs one
# chunk at a time through its single pipeline (start workers with --nthreads 1 to use the cores).
_WORKER_LOCK = threading.Lock()


def _worker_resources():
    from extract.nlp import get_nlp
    from gazetteer import get_gazetteer

    # The parent makes sure the index exists; a worker never builds it (several would race).
    return get_nlp(), get_gazetteer(build_if_missing=False)


def _init_pool_worker() -> None:
    # Ctrl-C reaches the whole process group; the parent alone decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_resources()


def _pool_task(chunk: Chunk, batch_size: int, keep: Keep) -> list[Outcome]:
    nlp, gazetteer = _worker_resources()
    return extract_chunk(chunk, batch_size, nlp, gazetteer, keep)


def _dask_task(chunk: Chunk, batch_size: int, keep: Keep) -> list[Outcome]:
    with _WORKER_LOCK:
        nlp, gazetteer = _worker_resources()
        return extract_chunk(chunk, batch_size, nlp, gazetteer, keep)


# --- engines -------------------------------------------------------------------------------


class InProcessEngine:
    """``--workers 1``: extraction in this process, chunk after chunk."""

    def __init__(self, batch_size: int = 32, keep: Keep = Keep()):
        self.batch_size, self.keep = batch_size, keep

    def map(self, chunks: Iterable[Chunk]) -> Iterator[list[Outcome]]:
        nlp, gazetteer = _worker_resources()
        for chunk in chunks:
            yield extract_chunk(chunk, self.batch_size, nlp, gazetteer, self.keep)

    def close(self) -> None:
        pass


class ProcessPoolEngine:
    """``--workers N``: N processes on this machine, each with its own pipeline and gazetteer."""

    def __init__(self, workers: int, batch_size: int = 32, in_flight: int | None = None,
                 keep: Keep = Keep()):
        self.workers, self.batch_size, self.keep = workers, batch_size, keep
        self.in_flight = in_flight or 2 * workers
        # spawn, not fork: a forked child inherits the parent's threads' locks (tqdm's monitor,
        # SQLite) in whatever state they were; spawned workers start clean.
        self.executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_pool_worker)

    def map(self, chunks: Iterable[Chunk]) -> Iterator[list[Outcome]]:
        def submit(chunk: Chunk):
            return chunk[0][0], self.executor.submit(_pool_task, list(chunk), self.batch_size,
                                                          self.keep)

        def result(pending) -> list[Outcome]:
            first_line, future = pending
            try:
                return future.result()
            except BrokenProcessPool as e:
                raise RuntimeError(
                    f"a worker process died (out of memory, or killed) on the chunk from input "
                    f"line {first_line}; the output written so far is complete: run again with "
                    "--resume --out FILE to go on") from e

        return ordered_bounded(submit, chunks, self.in_flight, result)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


class DaskEngine:
    """``--engine dask``: chunks are tasks on a Dask cluster (a LocalCluster without an address).

    The scheduler and workers import this module from their own checkout of the repository
    (on their ``PYTHONPATH``); workers read their own settings (``CONFLICTMAP_GAZETTEER_PATH``,
    ``CONFLICTMAP_SPACY_MODEL``).
    """

    def __init__(self, scheduler: str | None = None, workers: int = 1, batch_size: int = 32,
                 in_flight: int | None = None, connect_timeout: float = 30,
                 keep: Keep = Keep()):
        import logging

        from distributed import Client, LocalCluster

        self.batch_size, self.cluster, self.keep = batch_size, None, keep
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=connect_timeout)
            else:
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                            processes=True, dashboard_address=":0",
                                            silence_logs=logging.ERROR)
                self.client = Client(self.cluster)
            self.client.wait_for_workers(1, timeout=connect_timeout)
        except OSError as e:  # TimeoutError included
            self.close()
            raise RuntimeError(
                f"no Dask cluster with workers at {scheduler or 'the local cluster'} ({e}); "
                "start `dask scheduler` and `dask worker ADDRESS` (see the README)") from e
        threads = sum(self.client.nthreads().values())
        self.in_flight = in_flight or 2 * max(1, threads)

    def map(self, chunks: Iterable[Chunk]) -> Iterator[list[Outcome]]:
        def submit(chunk: Chunk):
            # retries: a worker that dies (OOM, machine lost) gets its chunk redone elsewhere
            return self.client.submit(_dask_task, list(chunk), self.batch_size, self.keep,
                                      pure=False, retries=1)

        return ordered_bounded(submit, chunks, self.in_flight, lambda f: f.result())

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()


def open_engine(kind: str = "local", workers: int = 1, batch_size: int = 32,
                scheduler: str | None = None, keep: Keep = Keep()):
    """The engine for ``extract run``'s options; close it when done."""
    if kind == "dask":
        return DaskEngine(scheduler, workers=workers, batch_size=batch_size, keep=keep)
    if kind != "local":
        raise ValueError(f"unknown engine {kind!r}: use one of {', '.join(ENGINES)}")
    if workers <= 1:
        return InProcessEngine(batch_size, keep)
    return ProcessPoolEngine(workers, batch_size, keep=keep)
