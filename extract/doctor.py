"""`python -m extract doctor`: what extraction needs, whether it is there, and how to fix it."""

from __future__ import annotations

import sys
from pathlib import Path

import settings


def _line(ok: bool, what: str, detail: str) -> bool:
    print(f"[{'ok' if ok else '!!'}] {what}: {detail}")
    return ok


def report() -> int:
    from extract.nlp import model_installed
    from gazetteer.index import Gazetteer, GazetteerMissing

    healthy = True
    model = settings.get("SPACY_MODEL")
    healthy &= _line(model_installed(model), "spaCy model",
                     f"{model} (fix: pip install -r requirements.txt)")
    path = Path(settings.get("GAZETTEER_PATH"))
    try:
        gaz = Gazetteer(path)
        counts = ", ".join(f"{gaz.count(level):,} {level}" for level in
                           ("country", "admin1", "admin2", "city", "other"))
        imports = gaz.meta("geonames_imports")
        _line(True, "gazetteer", f"{path}: {counts}")
        _line(bool(imports), "village coverage",
              "GeoNames dumps imported" if imports else
              "registry data only (cities500: towns of 500+). For villages: "
              "`python -m extract gazetteer download IQ SY` or `... gazetteer import IQ.zip`")
    except GazetteerMissing as e:
        healthy = _line(False, "gazetteer", str(e))
    boundaries = Path(settings.get("BOUNDARIES_DIR")) / "admin1.geojson"
    healthy &= _line(boundaries.exists(), "map boundaries",
                     f"{boundaries} (fix: python -m extract gazetteer build --force)")
    url = settings.get("DATABASE_URL")
    _line(True, "database", url.split("@")[-1] if "@" in url else url)
    print("all good" if healthy else "some checks failed: see the fixes above", file=sys.stderr)
    return 0 if healthy else 1
