"""What every speed bench measures against: spaCy's own NER pass and a cold start.

The bare pass is the model as spaCy ships it with only tok2vec + ner enabled — not
extract.nlp.get_nlp(), whose pipeline extraction tunes — so the yardstick stays fixed
whatever the extraction pipeline becomes.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bare_ner_pipeline():
    import spacy

    sys.path.insert(0, str(ROOT))
    import settings

    return spacy.load(settings.get("SPACY_MODEL"), enable=["tok2vec", "ner"], disable=[])


def cpu_seconds() -> float:
    """User + system CPU of this process and of its children waited for so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def children_cpu_seconds() -> float:
    """User + system CPU of the child processes waited for so far (and of their own waited-for
    children): a command run with subprocess, without this process's threads."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def time_bare_ner(nlp, texts: list[str], batch_size: int = 32,
                  processes: int = 1) -> tuple[float, float]:
    """(wall, CPU) seconds of ``nlp`` (see bare_ner_pipeline) over the texts."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=processes):
        pass
    return time.perf_counter() - wall, cpu_seconds() - cpu


def cold_start() -> float:
    """Seconds from a fresh process to the first article's output (index already built)."""
    article = json.dumps({"id": "cold", "text": "Clashes broke out in Mosul, Iraq, on Monday."})
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "extract", "run", "-"], input=article, text=True,
                   cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started
