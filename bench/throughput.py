"""Throughput of `python -m extract run` with 1 and 2 workers, against bare spaCy NER.

    python bench/throughput.py [--n 1000] [--workers 1,2] [--batch-size 32] [--db sqlite|URL]

Generates ``--n`` articles of 400-900 words from real sentences (bench/corpus.py; needs
../shared), then in the same run:

- times ``python -m extract run FILE --workers N`` end to end (process start, model loads in
  each worker, JSON in and out: what a user waits for), sampling the peak resident memory
  (VmHWM) of every process of the run;
- times spaCy's ``nlp.pipe`` over the same texts with only tok2vec and ner enabled, in this
  process after a warm-up, with 1 and 2 processes (``n_process``).

With ``--db``, each worker count is also timed storing into a database: the same command with
``--db URL`` added (``--out`` kept, so the only extra work is storing). ``--db sqlite`` uses a
new SQLite file in a temporary directory for each run; a ``postgresql://`` URL is used as given,
each run filling a new map named ``bench-throughput-<time>-w<N>`` (left in that database). The
storing cost per article is the difference from the run without ``--db``, in wall and CPU
milliseconds (CPU of the processes of the run: SQLite's work is in the driver process, a
PostgreSQL server's is not counted). Runs differ by the machine's noise too: compare it with
the spread of repeated runs before reading much into a few ms.

The ratio is our time over bare NER's with as many processes. Our figure includes start-up and
bare NER's does not, so the ratio is conservative; the cold start is printed separately. On a
shared machine wall time depends on what else runs: the load average before each timing and the
CPU seconds used (user + system: all processes of the command for ours, this process and its
``n_process`` children for bare NER) are printed too; CPU seconds per
word do not depend on the load.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from bench.corpus import CorpusMissing, synthetic_articles  # noqa: E402
from bench.yardstick import (bare_ner_pipeline, children_cpu_seconds,  # noqa: E402
                             cold_start, time_bare_ner)


def vm_hwm_mb(pid: int) -> float | None:
    """Peak resident memory of a live process (Linux /proc), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


class PeakMemory(threading.Thread):
    """Samples the peak memory of a process and its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.25):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peaks = pid, interval, {}
        self.stopped = threading.Event()

    def run(self) -> None:
        import psutil

        while not self.stopped.is_set():
            try:
                procs = [psutil.Process(self.pid)]
                procs += procs[0].children(recursive=True)
            except psutil.NoSuchProcess:
                return
            for p in procs:
                peak = vm_hwm_mb(p.pid)
                if peak is not None:
                    self.peaks[p.pid] = max(peak, self.peaks.get(p.pid, 0.0))
            self.stopped.wait(self.interval)

    def stop(self) -> dict[int, float]:
        self.stopped.set()
        self.join()
        return self.peaks


def time_cli(articles: Path, workers: int, batch_size: int,
             db: list[str] | None = None) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak MB of the largest worker process, output lines.
    ``db``: extra arguments (``--db URL --map NAME``) to store the results too."""
    out = OUT / f"throughput.w{workers}{'.db' if db else ''}.jsonl"
    cmd = [sys.executable, "-m", "extract", "run", str(articles), "--out", str(out),
           "--workers", str(workers), "--batch-size", str(batch_size), "--no-progress",
           *(db or [])]
    errors = (OUT / f"throughput.w{workers}.db.stderr").open("w+") if db else None
    # CPU of the command's processes only: this process's memory-sampling thread is not part
    # of the run (it used to be counted, ~1-2 CPU s over a 1,000-article run).
    started, cpu = time.perf_counter(), children_cpu_seconds()
    proc = subprocess.Popen(cmd, cwd=ROOT, stderr=errors)
    sampler = PeakMemory(proc.pid)
    sampler.start()
    code = proc.wait()
    seconds, cpu = time.perf_counter() - started, children_cpu_seconds() - cpu
    peaks = sampler.stop()
    if errors is not None:  # the --db summary: where the articles went, how many were added
        errors.seek(0)
        said = errors.read().splitlines()
        errors.close()
        for line in said if code != 0 else [x for x in said if x.startswith("extract run: map")]:
            print(f"    {line}", flush=True)
    if code != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {code}")
    # With one worker the CLI process is the worker; with more, its children are (the parent
    # only reads and writes JSON lines).
    workers_peak = [mb for pid, mb in peaks.items() if pid != proc.pid] if workers > 1 else []
    peak = max(workers_peak or [peaks.get(proc.pid, 0.0)])
    with out.open(encoding="utf-8") as f:
        lines = sum(1 for _ in f)
    return seconds, cpu, peak, lines


class DbTarget:
    """Where a ``--db`` run stores: a new SQLite file per run, or the given URL with a new map."""

    def __init__(self, value: str):
        self.value = value
        self.tmp = tempfile.mkdtemp(prefix="throughput-db-") if value == "sqlite" else None

    def args(self, workers: int) -> list[str]:
        if self.tmp is not None:
            return ["--db", f"sqlite:///{self.tmp}/w{workers}.sqlite"]
        return ["--db", self.value, "--map", f"bench-throughput-{time.strftime('%Y%m%dT%H%M%S')}-w{workers}"]

    def describe(self) -> str:
        if self.tmp is not None:
            return f"SQLite files in {self.tmp} (removed at the end)"
        from extract.into_store import shown

        return f"{shown(self.value)} (maps bench-throughput-*)"

    def close(self) -> None:
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="articles to generate (default 1000)")
    ap.add_argument("--workers", default="1,2", help="worker counts to time (default 1,2)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--db", default=None, metavar="sqlite|URL",
                    help="also time each run storing into a database: 'sqlite' (a new file in "
                         "a temporary directory) or a postgresql:// URL (a new map per run)")
    args = ap.parse_args()
    try:
        articles = list(synthetic_articles(args.n, args.seed))
    except CorpusMissing as e:
        print(f"skipped: {e}", file=sys.stderr)
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "throughput.in.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    texts = [a["text"] for a in articles]
    n, words = len(texts), sum(len(t.split()) for t in texts)
    print(f"{n} articles, {words:,} words ({words / n:.0f} a article); "
          f"os.cpu_count() = {os.cpu_count()}", flush=True)

    bare_nlp = bare_ner_pipeline()
    time_bare_ner(bare_nlp, texts[:20], args.batch_size)  # warm-up
    target = DbTarget(args.db) if args.db else None
    if target is not None:
        print(f"--db runs store into {target.describe()}", flush=True)
    rows, db_rows = [], []
    for w in (int(x) for x in args.workers.split(",")):
        load = os.getloadavg()[0]
        seconds, cpu, peak, lines = time_cli(path, w, args.batch_size)
        if lines != n:
            print(f"warning: {lines} output lines for {n} articles", file=sys.stderr)
        bare_load = os.getloadavg()[0]
        bare, bare_cpu = time_bare_ner(bare_nlp, texts, args.batch_size, processes=w)
        rows.append((w, seconds, cpu, peak, bare, bare_cpu))
        print(f"  workers={w}: extract run {seconds:.1f} s ({cpu:.0f} CPU s, load before "
              f"{load:.2f}); bare NER {bare:.1f} s ({bare_cpu:.0f} CPU s, load before "
              f"{bare_load:.2f})", flush=True)
        if target is not None:
            db_load = os.getloadavg()[0]
            try:
                db_seconds, db_cpu, _, db_lines = time_cli(path, w, args.batch_size, target.args(w))
            except RuntimeError as e:
                target.close()
                print(f"--db run failed: {e}", file=sys.stderr)
                return 1
            db_rows.append((w, seconds, cpu, db_seconds, db_cpu, db_lines))
            print(f"  workers={w}: extract run --db {db_seconds:.1f} s ({db_cpu:.0f} CPU s, load "
                  f"before {db_load:.2f}); without --db {seconds:.1f} s ({cpu:.0f} CPU s)",
                  flush=True)

    print()
    print(f"{'workers':>7} {'articles/s':>10} {'words/s':>8} {'bare words/s':>12} "
          f"{'time x bare':>11} {'CPU x bare':>10} {'peak MB/worker':>14}")
    for w, seconds, cpu, peak, bare, bare_cpu in rows:
        print(f"{w:7d} {n / seconds:10.2f} {words / seconds:8.0f} {words / bare:12.0f} "
              f"{seconds / bare:11.2f} {cpu / bare_cpu:10.2f} {peak:14.0f}")
    if db_rows:
        print()
        print(f"storing ({args.db if target.tmp else 'PostgreSQL'}), extract run --db against "
              "the same run without it:")
        print(f"{'workers':>7} {'s without':>9} {'s with':>7} {'CPU s without':>13} "
              f"{'CPU s with':>10} {'ms/article wall':>15} {'ms/article CPU':>14}")
        for w, seconds, cpu, db_seconds, db_cpu, db_lines in db_rows:
            print(f"{w:7d} {seconds:9.1f} {db_seconds:7.1f} {cpu:13.1f} {db_cpu:10.1f} "
                  f"{1000 * (db_seconds - seconds) / n:15.1f} {1000 * (db_cpu - cpu) / n:14.1f}")
            if db_lines != n:
                print(f"warning: the --db run wrote {db_lines} lines for {n} articles",
                      file=sys.stderr)
        target.close()
    print(f"cold start to the first article: {cold_start():.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
