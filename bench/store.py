"""What storing extracted articles costs: ``Store.add_articles`` in chunks, per article.

    python bench/store.py [--n 200] [--chunk 32] [--db URL ...]

Extracts ``--n`` articles of bench/corpus.py once (cached in bench/out/store-results.pkl), then
times only their storing into each database: a fresh SQLite file in a temp directory, and a
throwaway PostgreSQL cluster (tests/pg.py: Debian's server binaries, loopback, stopped after)
when one can be started; ``--db`` adds or replaces them with given URLs (a new map per run).
Prints milliseconds per article and the events stored. Storing happens in the driver process
of ``extract run --db``, so this is what caps the articles a second one run can take in.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench.corpus import CorpusMissing, synthetic_articles  # noqa: E402


def extracted(n: int) -> list:
    cache = ROOT / "bench" / "out" / f"store-results-{n}.pkl"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    from extract.pipeline import process_many
    from extract.types import Article

    docs = synthetic_articles(n)
    results = list(process_many(Article(id=str(d["id"]), text=d["text"]) for d in docs))
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(results))
    return results


def store_all(url: str, results: list, chunk: int) -> tuple[float, int]:
    from store import get_store
    from store.repository import NewArticle

    store = get_store(url)
    info = store.create_map(f"bench-store-{time.time():.0f}")
    access = store.access(info.edit_token)
    started = time.perf_counter()
    for i in range(0, len(results), chunk):
        store.add_articles(access, [NewArticle(r) for r in results[i:i + chunk]])
    seconds = time.perf_counter() - started
    return seconds * 1000 / len(results), len(store.events_frame(info.id))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--chunk", type=int, default=32)
    ap.add_argument("--db", action="append", help="database URL (repeatable)")
    args = ap.parse_args()
    try:
        results = extracted(args.n)
    except CorpusMissing as exc:
        print(exc, file=sys.stderr)
        return 2
    targets = list(args.db or [])
    cluster = None
    if not args.db:
        targets.append(f"sqlite:///{tempfile.mkdtemp(prefix='cm-bench-store-')}/store.sqlite")
        try:
            from pg import TempPostgres

            cluster = TempPostgres()
            cluster.start()
            targets.append(cluster.new_database("bench_store"))
        except Exception as exc:  # no server binaries: SQLite only
            print(f"(no PostgreSQL: {exc})", file=sys.stderr)
            cluster = None
    try:
        print(f"{len(results)} articles, chunks of {args.chunk}")
        for url in targets:
            ms, events = store_all(url, results, args.chunk)
            print(f"  {url.split(':')[0]:<12} {ms:6.2f} ms/article  ({events} events stored)")
    finally:
        if cluster is not None:
            cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
