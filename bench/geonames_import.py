"""Speed of `gazetteer import` on a synthetic GeoNames dump; prints a table.

    .venv/bin/python bench/geonames_import.py [--rows 500000] [--base data/gazetteer.sqlite]

The dump mimics allCountries: mostly populated places, streams, hills, schools and other
spots (most of which the allow-list skips), one to eight alternate spellings per row, some in
Arabic script. ``--base`` copies a built index first, to measure growth of the real thing.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gazetteer.geonames import import_dump  # noqa: E402
from gazetteer.index import SCHEMA_VERSION, connect  # noqa: E402

# (class, code, weight) roughly as in allCountries
FEATURES = [("P", "PPL", 40), ("P", "PPLX", 3), ("S", "SCH", 8), ("S", "HTL", 3),
            ("S", "AIRP", 1), ("S", "MSQE", 4), ("H", "STM", 10), ("H", "WLL", 3),
            ("H", "STMI", 3), ("T", "HLL", 10), ("T", "MT", 5), ("A", "ADM3", 3),
            ("A", "ADM4", 2), ("L", "AREA", 2), ("V", "FRST", 3)]
SYLLABLES = ["al", "bar", "qa", "dir", "ha", "jaj", "sa", "ga", "ra", "mu", "sul", "ta",
             "ni", "wa", "kir", "kuk", "ba", "ya", "zor", "dei", "ha", "tra", "ma", "ri"]


def make_dump(path: Path, rows: int, seed: int = 1) -> None:
    rnd = random.Random(seed)
    classes = rnd.choices(FEATURES, weights=[w for *_, w in FEATURES], k=rows)

    def word() -> str:
        return "".join(rnd.choices(SYLLABLES, k=rnd.randint(2, 4))).capitalize()

    with open(path, "w", encoding="utf-8") as f:
        for i, (fclass, code, _) in enumerate(classes):
            name = " ".join(word() for _ in range(rnd.randint(1, 2)))
            alts = [word() for _ in range(rnd.randint(0, 6))]
            alts += ["قرية", "Дер"][: rnd.randint(0, 2)]  # scripts that fold to nothing
            f.write("\t".join([
                str(50_000_000 + i), name, name, ",".join(alts),
                f"{rnd.uniform(-60, 70):.5f}", f"{rnd.uniform(-180, 180):.5f}", fclass, code,
                "IQ", "", f"{rnd.randint(1, 18):02d}", str(rnd.randint(1, 99)), "", "",
                str(rnd.choice([0, 0, 0, 120, 3400])), "", "100", "Asia/Baghdad", "2024-01-01",
            ]) + "\n")


def counts(path: Path) -> tuple[int, int, int]:
    con = sqlite3.connect(path)
    try:
        places = con.execute("SELECT COUNT(*) FROM place").fetchone()[0]
        names = con.execute("SELECT COUNT(*) FROM name").fetchone()[0]
    finally:
        con.close()
    return places, names, path.stat().st_size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=500_000)
    ap.add_argument("--base", type=Path, help="built index to copy and grow (default: empty)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dump, index = Path(tmp) / "allCountries.txt", Path(tmp) / "gazetteer.sqlite"
        make_dump(dump, args.rows)
        if args.base:
            shutil.copy(args.base, index)
        else:
            con = connect(index, create=True)
            con.execute("INSERT INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
            con.commit()
            con.close()
        before = counts(index)
        stats = import_dump(dump, index, progress=False)
        after = counts(index)
        mb = dump.stat().st_size / 1e6
    print(f"{'dump rows':<22}{args.rows:>14,}   ({mb:,.0f} MB)")
    print(f"{'seconds':<22}{stats.seconds:>14,.1f}")
    print(f"{'rows/s':<22}{stats.rows_per_second:>14,.0f}")
    print(f"{'MB/s':<22}{mb / stats.seconds:>14,.1f}")
    print(f"{'skipped (allow-list)':<22}{stats.skipped:>14,}")
    for label, b, a in zip(("places", "names", "index bytes"), before, after):
        print(f"{label:<22}{b:>14,} -> {a:>14,}  (+{a - b:,})")


if __name__ == "__main__":
    main()
