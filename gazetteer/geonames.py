"""Import a GeoNames dump the user supplies (allCountries, a country file) into the index.

The registry packages stop at cities500; villages need GeoNames' own dump, which is too big
to ship (allCountries: 12M rows, 1.5 GB). It is streamed line by line straight from the
``.zip`` or ``.txt`` and written in large transactions, so memory stays flat.

Formats (https://download.geonames.org/export/dump/readme.txt), all tab-separated UTF-8:

* main table, 19 columns: geonameid, name, asciiname, alternatenames, latitude, longitude,
  feature class, feature code, country code, cc2, admin1..admin4 codes, population,
  elevation, dem, timezone, modification date;
* alternate names (``alternateNamesV2.txt`` or ``alternatenames/IQ.zip``), 10 columns (8 in
  the older V1): alternateNameId, geonameid, isolanguage, name, isPreferredName, isShortName,
  isColloquial, isHistoric, from, to;
* ``admin1CodesASCII.txt`` / ``admin2Codes.txt``, 4 columns: code, name, asciiname, geonameid.

Which kind a file is gets sniffed from its first line, so any of them may be passed as PATH.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
import sys
import time
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Iterator

from tqdm import tqdm

from gazetteer.index import SCHEMA, SCHEMA_VERSION, GazetteerMissing, add_names, add_places, connect
from gazetteer.normalize import article_spelt_al

BATCH_ROWS = 20_000  # main-table rows per executemany + commit
BIG_IMPORT_BYTES = 32 << 20  # on disk; above it name indexes are rebuilt after the import

# Feature codes (https://www.geonames.org/export/codes.html) -> our level.
ADMIN_LEVELS = {
    **dict.fromkeys(("PCL", "PCLI", "PCLD", "PCLF", "PCLS", "PCLIX"), "country"),
    "ADM1": "admin1",
    "ADM2": "admin2",
    **dict.fromkeys(("ADM3", "ADM4", "ADM5", "ADMD"), "admin3"),
}
# Populated places are all kept (neighbourhoods PPLX and abandoned PPLQ included: news names
# them) except historical and destroyed ones, which would shadow the living place.
SKIPPED_PLACE_CODES = frozenset({"PPLH", "PPLCH", "PPLW"})
# Everything else becomes level "other", but only what conflict reporting tends to name;
# each class holds tens of thousands of schools, hotels, wells and hills per country that
# would otherwise flood recognition. Classes R (roads) and V (vegetation) add nothing.
OTHER_FEATURES: dict[str, frozenset[str]] = {
    "A": frozenset({"TERR", "ZN", "ZNB"}),               # territory, zone, buffer zone
    "S": frozenset({
        "AIRP", "AIRB", "AIRF",                          # airport, airbase, airfield
        "DAM", "BDG",                                    # dam, bridge
        "MILB", "INSM",                                  # military base / installation
        "CMP", "CMPRF", "PRN",                           # camp, refugee camp, prison
        "RSTN", "PSTB", "OILR", "PS",                    # station, border post, refinery, power
    }),
    "T": frozenset({"MT", "MTS", "PASS", "DSRT", "ISL", "VAL"}),
    "H": frozenset({"STM", "LK", "RSV"}),                # river, lake, reservoir
    "L": frozenset({"AREA", "RGN", "OAS", "OILF"}),      # area, region, oasis, oil field
}
# Alternate-name "languages" that are not names: links, Wikidata ids, postcodes, airport codes.
SKIPPED_ALT_LANGUAGES = frozenset(
    {"link", "wkdt", "post", "iata", "icao", "faac", "fr_1793", "unlc", "tcid"}
)

# A spelling whose key could be non-empty: one Latin letter at least (Arabic, Cyrillic, CJK
# spellings fold to nothing; skipping them here saves computing their keys).
_HAS_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]").search
# IATA/ICAO codes that sit among an airport's alternatenames ("BGW", "ORBI").
_AIRPORT_CODE = re.compile(r"[A-Z0-9]{3,4}").fullmatch
_ADMIN_CODE = re.compile(r"[A-Z]{2}\.\S+").fullmatch


class DumpFormatError(ValueError):
    """A file passed for import is not in one of GeoNames' dump formats."""


@dataclass(frozen=True)
class ImportStats:
    rows_read: int = 0          # main-table rows
    places_added: int = 0
    places_updated: int = 0     # geonameid already in the index (e.g. from cities500)
    names_added: int = 0        # new (key, geonameid) pairs, alternate files included
    skipped: int = 0            # feature not wanted (historical, not allow-listed)
    malformed: int = 0          # wrong column count or unparsable numbers
    alternate_rows_read: int = 0
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return (self.rows_read + self.alternate_rows_read) / self.seconds if self.seconds else 0.0


def feature_level(feature_class: str, feature_code: str) -> str | None:
    """Our level for a GeoNames feature, or None when the feature is not imported."""
    if feature_class == "P":
        return None if feature_code in SKIPPED_PLACE_CODES else "city"
    if feature_class == "A" and feature_code in ADMIN_LEVELS:
        return ADMIN_LEVELS[feature_code]
    if feature_code in OTHER_FEATURES.get(feature_class, ()):
        return "other"
    return None


def parse_row(fields: list[str], source: str) -> tuple[tuple, list[tuple[int, str, bool]]] | None:
    """A main-table row as (place row, name pairs); None if the feature is not imported.

    Raises ValueError on a malformed row.
    """
    if len(fields) != 19:
        raise ValueError(f"expected 19 columns, got {len(fields)}")
    level = feature_level(fields[6], fields[7])
    if level is None:
        return None
    gid = int(fields[0])
    name, ascii_name = fields[1], fields[2]
    place = (
        gid, name, float(fields[4]), float(fields[5]), fields[8], fields[10], fields[11],
        level, fields[7], int(fields[14]) if fields[14] else 0, source,
    )
    names = [(gid, name, True)]
    seen = {name}
    for own in (ascii_name, *article_spelt_al(ascii_name or name)):
        if own and own not in seen:
            names.append((gid, own, True))
            seen.add(own)
    if fields[3]:
        airport = fields[6] == "S"
        for alt in fields[3].split(","):
            if alt in seen or not _HAS_LATIN(alt) or (airport and _AIRPORT_CODE(alt)):
                continue
            seen.add(alt)
            names.append((gid, alt, False))
    return place, names


@contextmanager
def open_dump(path: Path) -> Iterator[tuple[IO[bytes], int, str]]:
    """(binary stream, uncompressed size, member name) of a ``.txt`` or of the dump in a zip.

    In a zip, the member is ``<stem>.txt`` (IQ.zip -> IQ.txt), else its only .txt that is not
    a readme.
    """
    if not zipfile.is_zipfile(path):
        if path.suffix.lower() == ".zip":
            raise DumpFormatError(f"{path} is not a valid zip (truncated?); download it again.")
        with open(path, "rb") as fh:
            yield fh, path.stat().st_size, path.name
        return
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise DumpFormatError(f"{path} is a damaged zip ({exc}); download it again.") from exc
    with zf:
        members = [i for i in zf.infolist() if i.filename.endswith(".txt")]
        wanted = [i for i in members if Path(i.filename).stem == path.stem]
        if not wanted:
            wanted = [i for i in members if "readme" not in i.filename.lower()
                      and "iso-languagecodes" not in i.filename]
        if len(wanted) != 1:
            raise DumpFormatError(
                f"{path} should hold one GeoNames table such as {path.stem}.txt; "
                f"it holds {[i.filename for i in zf.infolist()]}."
            )
        with zf.open(wanted[0]) as raw, io.BufferedReader(raw, buffer_size=1 << 20) as fh:
            yield fh, wanted[0].file_size, wanted[0].filename


def sniff(path: Path) -> str:
    """'main', 'alternate' or 'admin' from the first line; DumpFormatError otherwise."""
    if not path.is_file():
        raise FileNotFoundError(f"No such GeoNames file: {path}")
    try:
        with open_dump(path) as (fh, _, member):
            first = b""
            for first in fh:
                if not first.startswith(b"#"):
                    break
            fields = first.decode("utf-8").rstrip("\r\n").split("\t")
    except (zipfile.BadZipFile, EOFError, UnicodeDecodeError, OSError) as exc:
        raise DumpFormatError(f"Cannot read {path} as a GeoNames dump: {exc}") from exc
    if len(fields) == 19 and fields[0].isdigit():
        return "main"
    if len(fields) in (8, 10) and fields[0].isdigit() and fields[1].isdigit():
        return "alternate"
    if len(fields) == 4 and _ADMIN_CODE(fields[0]) and fields[3].isdigit():
        return "admin"
    raise DumpFormatError(
        f"{path} ({member}) is not a GeoNames table: its first line has {len(fields)} "
        "tab-separated columns. Pass allCountries.zip, a country file such as IQ.zip, "
        "alternateNamesV2.zip or admin1CodesASCII.txt from "
        "https://download.geonames.org/export/dump/."
    )


class _Counts:
    def __init__(self) -> None:
        self.__dict__.update(dict.fromkeys(ImportStats.__dataclass_fields__, 0))


def _lines(path: Path, progress: bool, label: str) -> Iterator[list[str]]:
    """Tab-split lines of a dump, with a progress bar by (uncompressed) bytes on stderr."""
    with open_dump(path) as (fh, size, member):
        with tqdm(total=size, unit="B", unit_scale=True, desc=f"{label} {member}",
                  disable=not progress, file=sys.stderr, mininterval=0.5) as bar:
            pending = 0
            for raw in fh:
                pending += len(raw)
                if pending > 1 << 22:
                    bar.update(pending)
                    pending = 0
                if raw.startswith(b"#"):
                    continue
                try:
                    yield raw.decode("utf-8").rstrip("\r\n").split("\t")
                except UnicodeDecodeError:
                    yield []  # counted as malformed by the caller
            bar.update(pending)


def _import_main(con: sqlite3.Connection, path: Path, counts: _Counts, progress: bool) -> None:
    source = f"geonames:{path.name}"
    before = con.execute("SELECT COUNT(*) FROM place").fetchone()[0]
    written = 0
    places: list[tuple] = []
    names: list[tuple[int, str, bool]] = []

    def flush() -> None:
        add_places(con, places)
        changes = con.total_changes
        add_names(con, names)
        counts.names_added += con.total_changes - changes
        con.commit()
        places.clear()
        names.clear()

    for fields in _lines(path, progress, "places"):
        counts.rows_read += 1
        try:
            parsed = parse_row(fields, source)
        except ValueError:
            counts.malformed += 1
            continue
        if parsed is None:
            counts.skipped += 1
            continue
        places.append(parsed[0])
        names.extend(parsed[1])
        written += 1
        if len(places) >= BATCH_ROWS:
            flush()
    flush()
    added = con.execute("SELECT COUNT(*) FROM place").fetchone()[0] - before
    counts.places_added += added
    counts.places_updated += written - added


def _existing_ids(con: sqlite3.Connection, ids: set[int]) -> set[int]:
    rows = con.execute(
        "SELECT geonameid FROM place WHERE geonameid IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(ids)),),
    )
    return {r[0] for r in rows}


def _add_known_names(con: sqlite3.Connection, pairs: list[tuple[int, str, bool]],
                     counts: _Counts) -> None:
    """Index the spellings whose geonameid is already a place; others are dropped."""
    known = _existing_ids(con, {gid for gid, _, _ in pairs})
    changes = con.total_changes
    add_names(con, [p for p in pairs if p[0] in known])
    counts.names_added += con.total_changes - changes
    con.commit()


def _import_alternates(con: sqlite3.Connection, path: Path, counts: _Counts,
                       progress: bool) -> None:
    pairs: list[tuple[int, str, bool]] = []
    for fields in _lines(path, progress, "alternate names"):
        counts.alternate_rows_read += 1
        if len(fields) not in (8, 10) or not fields[1].isdigit():
            counts.malformed += 1
            continue
        lang, alt, colloquial, historic = fields[2], fields[3], fields[6], fields[7]
        if (lang in SKIPPED_ALT_LANGUAGES or colloquial == "1" or historic == "1"
                or not _HAS_LATIN(alt)):
            counts.skipped += 1
            continue
        pairs.append((int(fields[1]), alt, False))
        if len(pairs) >= BATCH_ROWS:
            _add_known_names(con, pairs, counts)
            pairs.clear()
    _add_known_names(con, pairs, counts)


def _import_admin_codes(con: sqlite3.Connection, path: Path, counts: _Counts) -> None:
    """admin1CodesASCII/admin2Codes: their names and ASCII names as primary spellings."""
    pairs: list[tuple[int, str, bool]] = []
    for fields in _lines(path, False, "admin codes"):
        if len(fields) != 4 or not fields[3].isdigit():
            counts.malformed += 1
            continue
        gid = int(fields[3])
        pairs.extend((gid, n, True) for n in {fields[1], fields[2]} if n)
    _add_known_names(con, pairs, counts)


def _open_index(index_path: Path) -> sqlite3.Connection:
    existed = index_path.exists()
    try:
        con = connect(index_path, create=True)
        version = con.execute("SELECT v FROM meta WHERE k = 'schema_version'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise GazetteerMissing(
            f"{index_path} is not a gazetteer index ({exc}). Move it away or rebuild it with "
            "`python -m extract gazetteer build --force`."
        ) from exc
    if version is None and not existed:
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
        con.commit()
    elif version is None or version[0] != SCHEMA_VERSION:
        con.close()
        raise GazetteerMissing(
            f"Gazetteer index {index_path} has schema {version and version[0]!r}, expected "
            f"{SCHEMA_VERSION!r}. Rebuild it with `python -m extract gazetteer build --force`."
        )
    return con


def _con_path(con: sqlite3.Connection) -> str:
    return con.execute("PRAGMA database_list").fetchone()[2]


_JOURNAL_MODES = {"delete", "truncate", "persist", "memory", "wal", "off"}


@contextmanager
def _bulk_mode(con: sqlite3.Connection) -> Iterator[None]:
    """WAL and no fsync while importing; the previous journal mode comes back afterwards, so
    the index stays a single file. A crash can lose the import, never the earlier index."""
    previous = con.execute("PRAGMA journal_mode").fetchone()[0].lower()
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-131072")  # 128 MB: the name indexes are random-access
    con.execute("PRAGMA temp_store=MEMORY")
    try:
        yield
    finally:
        con.commit()
        con.execute("PRAGMA synchronous=FULL")
        con.execute("PRAGMA optimize")  # refresh planner statistics after a big import
        if previous in _JOURNAL_MODES and previous != "wal":
            try:
                con.execute(f"PRAGMA journal_mode={previous}")  # from the fixed set above
            except sqlite3.OperationalError as exc:  # a reader (the app) has the index open
                print(f"note: {_con_path(con)} stays in WAL mode ({exc}); that is harmless.",
                      file=sys.stderr)


@contextmanager
def _lookup_indexes_deferred(con: sqlite3.Connection, defer: bool) -> Iterator[None]:
    """For big imports, drop the name look-up indexes and rebuild them at the end: one sort
    beats millions of random B-tree inserts once the index outgrows the page cache. If the
    process dies in between, the next import (``connect(create=True)``) recreates them."""
    if defer:
        con.execute("DROP INDEX IF EXISTS name_key_idx")
        con.execute("DROP INDEX IF EXISTS name_skel_idx")
        con.commit()
    try:
        yield
    finally:
        con.commit()
        con.executescript(SCHEMA)  # CREATE ... IF NOT EXISTS: only the dropped ones are built


def _record(con: sqlite3.Connection, entries: list[dict]) -> None:
    row = con.execute("SELECT v FROM meta WHERE k = 'geonames_imports'").fetchone()
    history = json.loads(row[0]) if row else []
    history.extend(entries)
    con.execute("INSERT OR REPLACE INTO meta VALUES ('geonames_imports', ?)",
                (json.dumps(history),))
    con.commit()


def import_dump(
    path: Path | str,
    index_path: Path | str,
    alternate_names: Path | str | None = None,
    progress: bool = True,
    origin: str | None = None,
) -> ImportStats:
    """Add a GeoNames file to the index at ``index_path`` (created if missing).

    Places are inserted or replaced by geonameid, so importing IQ.zip over the cities500
    entries of the build upgrades them (admin2 code, feature code); names are only ever
    added, so importing twice changes nothing. ``admin1CodesASCII.txt`` and
    ``admin2Codes.txt`` lying next to a main-table file are imported with it. ``origin``
    (e.g. the download URL) is recorded in the meta table with the file names.
    """
    path, index_path = Path(path), Path(index_path)
    kind = sniff(path)  # fails before the index is touched
    alt = Path(alternate_names) if alternate_names else None
    if alt is not None and sniff(alt) != "alternate":
        raise DumpFormatError(f"{alt} is not a GeoNames alternate-names file (10 columns).")
    admin_files = [path.parent / n for n in ("admin1CodesASCII.txt", "admin2Codes.txt")]
    admin_files = [p for p in admin_files if kind == "main" and p.is_file() and sniff(p) == "admin"]

    started = time.perf_counter()
    counts = _Counts()
    entries = []
    con = _open_index(index_path)
    try:
        todo = [(path, kind)] + [(p, "admin") for p in admin_files]
        todo += [(alt, "alternate")] if alt is not None else []
        big = sum(f.stat().st_size for f, _ in todo) > BIG_IMPORT_BYTES
        with _bulk_mode(con), _lookup_indexes_deferred(con, big):
            for file, file_kind in todo:
                before = counts.rows_read + counts.alternate_rows_read, counts.names_added
                if file_kind == "main":
                    _import_main(con, file, counts, progress)
                elif file_kind == "alternate":
                    _import_alternates(con, file, counts, progress)
                else:
                    _import_admin_codes(con, file, counts)
                entries.append({
                    "file": str(file.resolve()), "kind": file_kind,
                    **({"origin": origin} if origin and file == path else {}),
                    "rows": counts.rows_read + counts.alternate_rows_read - before[0],
                    "names_added": counts.names_added - before[1],
                    **({"places_added": counts.places_added,
                        "places_updated": counts.places_updated} if file_kind == "main" else {}),
                    "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                })
            _record(con, entries)
    finally:
        con.close()
    stats = ImportStats(**{**counts.__dict__, "seconds": time.perf_counter() - started})
    if progress:
        print(_summary(path, stats), file=sys.stderr)
    return stats


def _summary(path: Path, s: ImportStats) -> str:
    text = (f"{path.name}: {s.rows_read + s.alternate_rows_read:,} rows read, "
            f"{s.places_added:,} places added, {s.places_updated:,} updated, "
            f"{s.names_added:,} names added, {s.skipped:,} skipped "
            f"({s.rows_per_second:,.0f} rows/s)")
    if s.malformed:
        text += f"; {s.malformed:,} malformed lines ignored"
    return text
