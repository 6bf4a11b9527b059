"""Synthetic articles of realistic length, recombined from real sentences (for speed benches).

    python bench/corpus.py --n 1000 > bench/out/synthetic.jsonl

Each article is a few runs of consecutive sentences taken from real documents — GeoVirus news
reports, WikToR place articles and the seed wire report in ../shared — until it reaches a
length drawn between ``min_words`` and ``max_words``. Runs of consecutive sentences keep the
place context a real article has (a town, then its province and country). The RNG is seeded,
so the same arguments give the same corpus.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

# A sentence ends at . ! or ? (maybe followed by a closing quote) before a capital or quote.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[A-Z\"“‘(])|\n+")
NEWS_SHARE = 0.7  # runs drawn from news (GeoVirus, the seed) rather than WikToR


class CorpusMissing(FileNotFoundError):
    """../shared (the development corpora) is not on this machine."""


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if len(s.split()) >= 4]


def source_documents(shared: Path = SHARED) -> tuple[list[list[str]], list[list[str]]]:
    """Sentence lists of the news documents and of the encyclopedic ones."""
    bench = shared / "bench"
    if not (bench / "geovirus.jsonl").exists():
        raise CorpusMissing(f"no corpora at {bench}: this needs the shared development data")
    def texts(name: str) -> Iterator[str]:
        with (bench / name).open(encoding="utf-8") as f:
            yield from (json.loads(line)["text"] for line in f)

    news = list(texts("geovirus.jsonl"))
    news += [p.read_text(encoding="utf-8") for p in sorted((shared / "articles").glob("*.txt"))]
    wiki = texts("wiktor.jsonl")
    # three sentences at least, so that a run of them reads like a paragraph
    return ([s for s in map(sentences, news) if len(s) >= 3],
            [s for s in map(sentences, wiki) if len(s) >= 3])


def synthetic_articles(n: int, seed: int = 6, min_words: int = 400, max_words: int = 900,
                       shared: Path = SHARED) -> Iterator[dict]:
    """``n`` articles as ``extract run`` input dicts: id, text, published."""
    news, wiki = source_documents(shared)
    rng = random.Random(seed)
    for i in range(n):
        target, words, paragraphs = rng.randint(min_words, max_words), 0, []
        while words < target:
            doc = rng.choice(news if rng.random() < NEWS_SHARE else wiki)
            start = rng.randrange(len(doc))
            run = []
            for sentence in doc[start:start + rng.randint(3, 8)]:
                if words >= target:
                    break
                run.append(sentence)
                words += len(sentence.split())
            paragraphs.append(" ".join(run))
        published = date(2017, 1, 1) + timedelta(days=rng.randrange(365))
        yield {"id": f"synthetic-{i:05d}", "text": "\n\n".join(paragraphs),
               "published": published.isoformat()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=6)
    args = ap.parse_args()
    try:
        for article in synthetic_articles(args.n, args.seed):
            print(json.dumps(article, ensure_ascii=False))
    except CorpusMissing as e:
        print(e, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
