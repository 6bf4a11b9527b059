"""Geoparsing benchmark: runs `python -m extract run` on the development corpora and scores it.

    python bench/geoparse.py [--limit N] [--corpora geovirus,wiktor]

For each corpus in ../shared/bench it writes the CLI's input and output under bench/out/,
scores them with ../shared/bench/score_geoparse.py, and times, in the same run, spaCy's own
NER pass (tok2vec + ner of the same model) over the same texts, so the ratio does not depend on
the machine. Also prints the cold-start time to the first article's places.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "bench"
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from bench.yardstick import bare_ner_pipeline, cold_start, time_bare_ner  # noqa: E402


def run_corpus(name: str, limit: int | None) -> dict:
    gold_path = SHARED / f"{name}.jsonl"
    docs = [json.loads(line) for line in gold_path.open(encoding="utf-8")]
    if limit:
        docs = docs[:limit]
    OUT.mkdir(parents=True, exist_ok=True)
    gold_sub, articles, pred = OUT / f"{name}.gold.jsonl", OUT / f"{name}.in.jsonl", OUT / f"{name}.pred.jsonl"
    with gold_sub.open("w", encoding="utf-8") as g, articles.open("w", encoding="utf-8") as a:
        for d in docs:
            g.write(json.dumps(d) + "\n")
            a.write(json.dumps({"id": d["id"], "text": d["text"]}) + "\n")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "extract", "run", str(articles), "--out", str(pred)],
                   cwd=ROOT, check=True)
    cli_seconds = time.perf_counter() - started
    score_json = OUT / f"{name}.score.json"
    subprocess.run([sys.executable, str(SHARED / "score_geoparse.py"), str(gold_sub), str(pred),
                    "--json", str(score_json)], check=True, stdout=subprocess.DEVNULL)
    score = json.loads(score_json.read_text())
    words = sum(len(d["text"].split()) for d in docs)
    ner, _ = time_bare_ner(bare_ner_pipeline(), [d["text"] for d in docs])
    return {"corpus": name, "docs": len(docs), "words": words, "score": score,
            "cli_s": cli_seconds, "ner_s": ner}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="first N documents of each corpus")
    ap.add_argument("--corpora", default="geovirus,wiktor")
    args = ap.parse_args()
    if not SHARED.exists():
        print(f"no corpora at {SHARED}: this benchmark needs ../shared/bench", file=sys.stderr)
        return 2
    rows = [run_corpus(c, args.limit) for c in args.corpora.split(",")]
    print(f"{'corpus':9} {'docs':>5} {'P':>6} {'R':>6} {'F1':>6} {'acc161':>7} {'AUC':>6} "
          f"{'meankm':>7} {'e2e':>6} {'docs/s':>7} {'words/s':>8} {'xNER':>5}")
    for r in rows:
        s = r["score"]
        overlap, geo = s["overlap"], s["geocoding"]
        # The CLI time includes process start and model load; the ratio is conservative.
        print(f"{r['corpus']:9} {r['docs']:5d} {overlap['precision']:6.3f} {overlap['recall']:6.3f} "
              f"{overlap['f1']:6.3f} {geo['acc_at_k']:7.3f} {geo['auc']:6.3f} {geo['mean_km']:7.0f} "
              f"{s['end_to_end_at_k']:6.3f} {r['docs'] / r['cli_s']:7.1f} "
              f"{r['words'] / r['cli_s']:8.0f} {r['cli_s'] / r['ner_s']:5.2f}")
    print(f"cold start to first article: {cold_start():.2f} s")
    print("raw scores:", ", ".join(str(OUT / f"{r['corpus']}.score.json") for r in rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
