"""Extraction speed against spaCy's own NER pass, in one run on the same texts.

    python bench/speed.py [--corpora geovirus,wiktor,seed] [--limit N] [--repeat 2] [--profile]

Times (after a warm-up) a bare ``nlp.pipe`` with only tok2vec + ner enabled and the library's
``process_many`` (everything ``python -m extract run`` does, minus JSON I/O) over the same texts,
best of ``--repeat``, and prints the ratio (issue 6 asks for at most 1.5x). ``--profile`` then
runs ``process_many`` once under cProfile and prints where the time went, by stage.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from extract.types import Article  # noqa: E402

# (label, function name as pstats keys it, file suffix): the stages of one article's extraction.
STAGES = (
    ("spaCy tok2vec", "pipe", "spacy/pipeline/tok2vec.py"),
    ("spaCy tagger", "pipe", "spacy/pipeline/trainable_pipe.pyx"),
    ("spaCy parser+ner (transition)", "pipe", "spacy/pipeline/transition_parser.pyx"),
    ("spaCy attribute_ruler", "__call__", "spacy/pipeline/attributeruler.py"),
    ("spaCy tokenizer", "__call__", "spacy/tokenizer.pyx"),
    ("places_from_doc", "places_from_doc", "extract/places.py"),
    ("  find_mentions", "find_mentions", "extract/mentions.py"),
    ("  gazetteer.search", "search", "gazetteer/index.py"),
    ("  resolve.rank", "rank", "extract/resolve.py"),
    ("extract_events", "extract_events", "extract/events/extract.py"),
    ("  find_actors", "find_actors", "extract/events/actors.py"),
    ("  count_casualties", "count_casualties", "extract/events/counts.py"),
    ("  find_dates", "find_dates", "extract/events/dates.py"),
)


def load_articles(corpora: list[str], limit: int | None) -> list[Article]:
    out: list[Article] = []
    for name in corpora:
        if name == "seed":
            for path in sorted((SHARED / "articles").glob("*.txt")):
                out.append(Article(path.stem, path.read_text(encoding="utf-8")))
            continue
        rows = [json.loads(line) for line in (SHARED / "bench" / f"{name}.jsonl").open(encoding="utf-8")]
        out += [Article(str(r["id"]), r["text"]) for r in rows[:limit]]
    return out


def time_bare_ner(nlp, texts: list[str], batch_size: int) -> tuple[float, float]:
    """(wall, CPU) seconds of spaCy's own NER pass: tok2vec + ner only."""
    keep = {"tok2vec", "ner"}
    wall, cpu = time.perf_counter(), time.process_time()
    with nlp.select_pipes(enable=[p for p in nlp.pipe_names if p in keep]):
        for _ in nlp.pipe(texts, batch_size=batch_size):
            pass
    return time.perf_counter() - wall, time.process_time() - cpu


def time_extraction(nlp, gazetteer, articles: list[Article], batch_size: int) -> tuple[float, float]:
    """(wall, CPU) seconds of the library's extraction, places and events included."""
    from extract.pipeline import process_many

    wall, cpu = time.perf_counter(), time.process_time()
    for _ in process_many(articles, nlp, gazetteer, batch_size=batch_size):
        pass
    return time.perf_counter() - wall, time.process_time() - cpu


def profile(nlp, gazetteer, articles: list[Article], batch_size: int, top: int) -> None:
    from extract.pipeline import process_many

    prof = cProfile.Profile()
    started = time.perf_counter()
    prof.enable()
    for _ in process_many(articles, nlp, gazetteer, batch_size=batch_size):
        pass
    prof.disable()
    wall = time.perf_counter() - started
    stats = pstats.Stats(prof)
    print(f"\nprofile of process_many ({len(articles)} articles, {wall:.1f} s under cProfile; "
          "cumulative time per stage):")
    for label, func, suffix in STAGES:
        cum = sum(v[3] for (path, _, name), v in stats.stats.items()
                  if name == func and path.replace("\\", "/").endswith(suffix))
        print(f"  {label:32} {cum:7.2f} s  {100 * cum / wall:5.1f}%")
    print(f"\ntop {top} functions by own time:")
    stats.sort_stats("tottime").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", default="geovirus,seed",
                    help="comma-separated: geovirus, wiktor (from ../shared/bench), seed")
    ap.add_argument("--limit", type=int, default=None, help="first N documents of each corpus")
    ap.add_argument("--repeat", type=int, default=2, help="timed runs of each; the best counts")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--profile", action="store_true", help="then profile process_many once")
    ap.add_argument("--top", type=int, default=25, help="functions listed by --profile")
    args = ap.parse_args(argv)

    from extract.nlp import get_nlp
    from gazetteer import get_gazetteer

    articles = load_articles(args.corpora.split(","), args.limit)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    nlp, gazetteer = get_nlp(), get_gazetteer()
    # Warm-up: model weights, lexicon matchers, gazetteer pages, first-call caches.
    time_bare_ner(nlp, texts[:20], args.batch_size)
    time_extraction(nlp, gazetteer, articles[:20], args.batch_size)
    ner, ours = [], []
    for _ in range(args.repeat):  # interleaved, so that a busy spell hits both
        ner.append(time_bare_ner(nlp, texts, args.batch_size))
        ours.append(time_extraction(nlp, gazetteer, articles, args.batch_size))
    print(f"{len(articles)} articles, {words:,} words ({args.corpora}); best of {args.repeat}")
    print(f"{'run':24} {'wall s':>8} {'CPU s':>8} {'docs/s':>7} {'words/s':>8}")
    for label, runs in (("bare tok2vec+ner", ner), ("process_many", ours)):
        w, c = min(r[0] for r in runs), min(r[1] for r in runs)
        print(f"{label:24} {w:8.2f} {c:8.2f} {len(texts) / w:7.1f} {words / w:8.0f}")
    wall = min(r[0] for r in ours) / min(r[0] for r in ner)
    cpu = min(r[1] for r in ours) / min(r[1] for r in ner)
    # CPU time is steadier than wall time on a shared machine; both should agree when idle.
    print(f"ratio (process_many / bare NER): {wall:.2f}x wall, {cpu:.2f}x CPU")
    if args.profile:
        profile(nlp, gazetteer, articles, args.batch_size, args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
