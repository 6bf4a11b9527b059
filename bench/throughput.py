"""Throughput of `python -m extract run` with 1 and 2 workers, against bare spaCy NER.

    python bench/throughput.py [--n 1000] [--workers 1,2] [--batch-size 32]

Generates ``--n`` articles of 400-900 words from real sentences (bench/corpus.py; needs
../shared), then in the same run:

- times ``python -m extract run FILE --workers N`` end to end (process start, model loads in
  each worker, JSON in and out: what a user waits for), sampling the peak resident memory
  (VmHWM) of every process of the run;
- times spaCy's ``nlp.pipe`` over the same texts with only tok2vec and ner enabled, in this
  process after a warm-up, with 1 and 2 processes (``n_process``).

The ratio is our time over bare NER's with as many processes. Our figure includes start-up and
bare NER's does not, so the ratio is conservative; the cold start is printed separately. On a
shared machine wall time depends on what else runs: the load average before each timing and the
CPU seconds used (user + system, all processes of the run) are printed too; CPU seconds per
word do not depend on the load.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from bench.corpus import CorpusMissing, synthetic_articles  # noqa: E402
from bench.yardstick import (bare_ner_pipeline, cold_start, cpu_seconds,  # noqa: E402
                             time_bare_ner)


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


def time_cli(articles: Path, workers: int, batch_size: int) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak MB of the largest worker process, output lines."""
    out = OUT / f"throughput.w{workers}.jsonl"
    cmd = [sys.executable, "-m", "extract", "run", str(articles), "--out", str(out),
           "--workers", str(workers), "--batch-size", str(batch_size), "--no-progress"]
    started, cpu = time.perf_counter(), cpu_seconds()
    proc = subprocess.Popen(cmd, cwd=ROOT)
    sampler = PeakMemory(proc.pid)
    sampler.start()
    code = proc.wait()
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    peaks = sampler.stop()
    if code != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {code}")
    # With one worker the CLI process is the worker; with more, its children are (the parent
    # only reads and writes JSON lines).
    workers_peak = [mb for pid, mb in peaks.items() if pid != proc.pid] if workers > 1 else []
    peak = max(workers_peak or [peaks.get(proc.pid, 0.0)])
    with out.open(encoding="utf-8") as f:
        lines = sum(1 for _ in f)
    return seconds, cpu, peak, lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="articles to generate (default 1000)")
    ap.add_argument("--workers", default="1,2", help="worker counts to time (default 1,2)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--seed", type=int, default=6)
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
    rows = []
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

    print()
    print(f"{'workers':>7} {'articles/s':>10} {'words/s':>8} {'bare words/s':>12} "
          f"{'time x bare':>11} {'CPU x bare':>10} {'peak MB/worker':>14}")
    for w, seconds, cpu, peak, bare, bare_cpu in rows:
        print(f"{w:7d} {n / seconds:10.2f} {words / seconds:8.0f} {words / bare:12.0f} "
              f"{seconds / bare:11.2f} {cpu / bare_cpu:10.2f} {peak:14.0f}")
    print(f"cold start to the first article: {cold_start():.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
