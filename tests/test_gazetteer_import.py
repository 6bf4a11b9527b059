"""GeoNames dump import and per-country download, on the invented rows in fixtures/geonames."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import shutil
import socket
import sqlite3
import threading
import zipfile
from pathlib import Path

import pytest

from gazetteer import geonames
from gazetteer.download import download_countries
from gazetteer.geonames import DumpFormatError, feature_level, import_dump, parse_row
from gazetteer.index import SCHEMA_VERSION, Gazetteer, add_names, add_places, connect

FIXTURES = Path(__file__).parent / "fixtures" / "geonames"
IQ_TXT = FIXTURES / "IQ.txt"
IQ_ALT = FIXTURES / "alternatenames" / "IQ.txt"


def make_index(path: Path) -> Path:
    """A built index in miniature: Iraq and a cities500-style Bayji without admin2 code."""
    con = connect(path, create=True)
    add_places(con, [
        (99237, "Iraq", 33.0, 44.0, "IQ", "", "", "country", "PCLI", 40000000, "test"),
        (99999010, "Bayji", 34.93, 43.49, "IQ", "18", "", "city", "", 200000, "cities500"),
    ])
    add_names(con, [(99237, "Iraq", True), (99999010, "Bayji", True)])
    con.execute("INSERT INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
    con.commit()
    con.close()
    return path


def zip_dump(txt: Path, dest: Path, member: str | None = None) -> Path:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(txt, member or txt.name)
        zf.writestr("readme.txt", "GeoNames test fixture\n")
    return dest


def name_rows(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT COUNT(*) FROM name").fetchone()[0]
    finally:
        con.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def index(tmp_path: Path) -> Path:
    return make_index(tmp_path / "gazetteer.sqlite")


@pytest.fixture
def iq_txt(tmp_path: Path) -> Path:
    """IQ.txt alone in a folder (no admin1CodesASCII.txt next to it)."""
    folder = tmp_path / "dump"
    folder.mkdir()
    return Path(shutil.copy(IQ_TXT, folder / "IQ.txt"))


@pytest.mark.parametrize(
    "feature_class,code,level",
    [
        ("A", "PCLI", "country"), ("A", "PCLD", "country"), ("A", "ADM1", "admin1"),
        ("A", "ADM2", "admin2"), ("A", "ADM4", "admin3"), ("A", "ADMD", "admin3"),
        ("A", "ADM1H", None), ("A", "PCLH", None),
        ("P", "PPL", "city"), ("P", "PPLX", "city"), ("P", "PPLQ", "city"), ("P", "", "city"),
        ("P", "PPLH", None), ("P", "PPLW", None), ("P", "PPLCH", None),
        ("H", "STM", "other"), ("H", "STMI", None), ("S", "AIRP", "other"),
        ("S", "CMPRF", "other"), ("S", "SCH", None), ("S", "HTL", None),
        ("T", "MTS", "other"), ("T", "HLL", None), ("L", "OAS", "other"), ("R", "RD", None),
    ],
)
def test_geonames_feature_level(feature_class, code, level):
    assert feature_level(feature_class, code) == level


def test_geonames_parse_row_names():
    line = IQ_TXT.read_text(encoding="utf-8").splitlines()[0]
    place, names = parse_row(line.split("\t"), "geonames:IQ.txt")
    assert place == (99999001, "Ḩajjāj", 34.77, 43.58, "IQ", "18", "", "city", "PPL", 0,
                     "geonames:IQ.txt")
    assert names == [(99999001, "Ḩajjāj", True), (99999001, "Hajjaj", True),
                     (99999001, "Hajaj Village", False)]  # Arabic-only spelling dropped


def test_geonames_parse_row_spells_an_inner_article_al_too():
    fields = ["99999009", "Jisr ash Shughūr", "Jisr ash Shughur", "", "35.81", "36.32", "P",
              "PPL", "SY", "", "07", "", "", "", "44322", "", "", "Asia/Damascus", "2024-01-01"]
    _, names = parse_row(fields, "t")
    assert (99999009, "Jisr al Shughur", True) in names


def test_geonames_parse_row_drops_airport_codes():
    line = next(x for x in IQ_TXT.read_text(encoding="utf-8").splitlines() if "AIRB" in x)
    _, names = parse_row(line.split("\t"), "t")
    assert "Al Asad Air Base" in [n for _, n, _ in names]
    assert not {"ORAA", "IQA"} & {n for _, n, _ in names}


def test_geonames_parse_row_rejects_wrong_width():
    with pytest.raises(ValueError):
        parse_row(["1", "x", "x"], "t")


def test_geonames_import_finds_village(index, iq_txt):
    stats = import_dump(iq_txt, index, progress=False)
    hits = Gazetteer(index).search("Hajjaj", country="IQ")
    assert [c.geonameid for c in hits] == [99999001]
    village = hits[0]
    assert (village.lat, village.lon, village.level, village.admin1_code) == (34.77, 43.58,
                                                                            "city", "18")
    assert village.feature_code == "PPL"
    assert stats.rows_read == 11
    assert stats.skipped == 4  # PPLH, SCH, PPLW, ADM1H
    assert stats.places_added == 6 and stats.places_updated == 1  # Bayji came from the build


def test_geonames_import_levels(index, iq_txt):
    import_dump(iq_txt, index, progress=False)
    gaz = Gazetteer(index)
    assert gaz.search("Tigris", fuzzy=False)[0].level == "other"
    assert gaz.search("Bayji District", fuzzy=False)[0].level == "admin2"
    assert gaz.search("Saladin Province", fuzzy=False)[0].level == "admin1"
    assert gaz.search("Al Asad Air Base", fuzzy=False)[0].geonameid == 99999007
    assert gaz.search("Al Sagara")[0].population == 1200


def test_geonames_import_updates_existing_place(index, iq_txt):
    import_dump(iq_txt, index, progress=False)
    con = sqlite3.connect(index)
    row = con.execute("SELECT admin2_code, feature_code, source FROM place WHERE geonameid = ?",
                      (99999010,)).fetchone()
    con.close()
    assert row == ("1804", "PPLA2", "geonames:IQ.txt")
    assert Gazetteer(index).search("Beiji", fuzzy=False)[0].geonameid == 99999010
    assert Gazetteer(index).country("IQ").name == "Iraq"  # untouched


@pytest.mark.parametrize("query", ["Old Hajjaj", "Hajjaj School", "Qaryat al Muhaddamah",
                                   "Muhafazat Ninawa (old)"])
def test_geonames_import_skips_unwanted_features(index, iq_txt, query):
    import_dump(iq_txt, index, progress=False)
    assert Gazetteer(index).search(query, fuzzy=False) == []


def test_geonames_reimport_adds_nothing(index, iq_txt):
    import_dump(iq_txt, index, alternate_names=IQ_ALT, progress=False)
    before = name_rows(index)
    stats = import_dump(iq_txt, index, alternate_names=IQ_ALT, progress=False)
    assert name_rows(index) == before
    assert stats.names_added == 0
    assert stats.places_added == 0 and stats.places_updated == 7
    hits = Gazetteer(index).search("Hajjaj")
    assert len(hits) == 1 and hits[0].matched in ("Ḩajjāj", "Hajjaj")


def test_geonames_alternate_names(index, iq_txt):
    import_dump(iq_txt, index, alternate_names=IQ_ALT, progress=False)
    gaz = Gazetteer(index)
    assert gaz.search("Hadschadsch", fuzzy=False)[0].geonameid == 99999001
    assert gaz.search("Tigris River", fuzzy=False)[0].geonameid == 99999004
    assert gaz.search("Saqqara d'Anbar", fuzzy=False)[0].geonameid == 99999002
    for skipped in ("Hajjaj al Qadim", "Sagara Town", "Nowhereville", "IQA",
                    "https://en.wikipedia.org/wiki/Hajjaj"):
        assert gaz.search(skipped, fuzzy=False) == [], skipped


def test_geonames_alternate_file_as_path(index, iq_txt, tmp_path):
    """The CLI passes every PATH to import_dump: an alternate-names zip is recognised."""
    import_dump(iq_txt, index, progress=False)
    alt_zip = zip_dump(IQ_ALT, tmp_path / "alt-IQ.zip")  # contains IQ.txt, like GeoNames'
    stats = import_dump(alt_zip, index, progress=False)
    assert stats.alternate_rows_read == 9 and stats.rows_read == 0
    assert Gazetteer(index).search("Hadschadsch", fuzzy=False)[0].geonameid == 99999001


def test_geonames_admin_codes_next_to_dump(index):
    import_dump(IQ_TXT, index, progress=False)  # fixtures folder holds admin1CodesASCII.txt
    assert Gazetteer(index).search("Salah ad Din", fuzzy=False)[0].geonameid == 99999008


def test_geonames_import_zip(index, tmp_path):
    dump = zip_dump(IQ_TXT, tmp_path / "IQ.zip")
    stats = import_dump(dump, index, progress=False)
    assert stats.rows_read == 11
    assert Gazetteer(index).search("Hajjaj")[0].geonameid == 99999001


def test_geonames_import_creates_index(tmp_path, iq_txt):
    path = tmp_path / "new" / "gazetteer.sqlite"
    import_dump(iq_txt, path, progress=False)
    gaz = Gazetteer(path)
    assert gaz.meta("schema_version") == SCHEMA_VERSION
    assert gaz.search("Hajjaj")[0].geonameid == 99999001


def test_geonames_big_import_rebuilds_name_indexes(index, iq_txt, monkeypatch):
    monkeypatch.setattr(geonames, "BIG_IMPORT_BYTES", 0)  # treat the fixture as allCountries
    import_dump(iq_txt, index, alternate_names=IQ_ALT, progress=False)
    con = sqlite3.connect(index)
    indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    con.close()
    assert {"name_key_idx", "name_skel_idx"} <= indexes
    assert Gazetteer(index).search("Hadschadsch", fuzzy=False)[0].geonameid == 99999001


def test_geonames_import_records_meta(index, iq_txt):
    import_dump(iq_txt, index, alternate_names=IQ_ALT, progress=False)
    entries = json.loads(Gazetteer(index).meta("geonames_imports"))
    assert [(Path(e["file"]).name, e["kind"]) for e in entries] == [("IQ.txt", "main"),
                                                                    ("IQ.txt", "alternate")]
    assert entries[0]["rows"] == 11 and entries[0]["places_added"] == 6
    assert entries[0]["date"]


def test_geonames_import_counts_malformed_lines(index, tmp_path):
    lines = IQ_TXT.read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "IQ.txt"
    broken.write_bytes("\n".join([lines[0], "1\tcut short", lines[1].replace("33.4521", "x")])
                       .encode() + b"\n\xff\xfe not utf-8\n")
    stats = import_dump(broken, index, progress=False)
    assert (stats.rows_read, stats.malformed, stats.places_added) == (4, 3, 1)


@pytest.mark.parametrize("content", [b"", b"<html>Not Found</html>\n", b"a\tb\tc\n"])
def test_geonames_import_rejects_other_files(index, tmp_path, content):
    bogus = tmp_path / "IQ.txt"
    bogus.write_bytes(content)
    before = digest(index)
    with pytest.raises(DumpFormatError):
        import_dump(bogus, index, progress=False)
    assert digest(index) == before


def test_geonames_import_rejects_truncated_zip(index, tmp_path):
    good = zip_dump(IQ_TXT, tmp_path / "full.zip").read_bytes()
    cut = tmp_path / "IQ.zip"
    cut.write_bytes(good[: len(good) // 2])
    with pytest.raises(DumpFormatError, match="not a valid zip"):
        import_dump(cut, index, progress=False)


# --- download -------------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep pytest output clean
        pass


@pytest.fixture
def served(tmp_path: Path):
    """(folder, base URL) of a local HTTP server; files put in the folder are served."""
    root = tmp_path / "www"
    (root / "alternatenames").mkdir(parents=True)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_download_imports_country(index, served):
    root, base = served
    zip_dump(IQ_TXT, root / "IQ.zip")
    zip_dump(IQ_ALT, root / "alternatenames" / "IQ.zip")
    assert download_countries(["iq"], index, base_url=base, alternate_names=True,
                              progress=False) == 0
    gaz = Gazetteer(index)
    assert gaz.search("Hajjaj")[0].level == "city"
    assert gaz.search("Hadschadsch", fuzzy=False)[0].geonameid == 99999001
    entries = json.loads(gaz.meta("geonames_imports"))
    assert entries[0]["origin"] == f"{base}IQ.zip"
    assert list((index.parent / "downloads").iterdir()) == []  # temporary files removed


def test_download_http_404(index, served, capsys):
    root, base = served
    zip_dump(IQ_TXT, root / "IQ.zip")
    before = digest(index)
    assert download_countries(["IQ", "SY"], index, base_url=base, progress=False) != 0
    err = capsys.readouterr().err
    assert f"{base}SY.zip" in err and "404" in err
    assert "python -m extract gazetteer import PATH" in err
    assert len(err.strip().splitlines()) == 1
    assert digest(index) == before  # IQ was fine but nothing is imported when SY fails


def test_download_closed_port(index, capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    before = digest(index)
    code = download_countries(["IQ"], index, base_url=f"http://127.0.0.1:{port}/", timeout=5,
                              progress=False)
    err = capsys.readouterr().err
    assert code != 0
    assert f"cannot reach http://127.0.0.1:{port}/IQ.zip" in err
    assert "gazetteer import PATH" in err
    assert digest(index) == before


def test_download_rejects_truncated_zip(index, served, capsys):
    root, base = served
    good = zip_dump(IQ_TXT, root / "full.zip").read_bytes()
    (root / "IQ.zip").write_bytes(good[:-40])
    before = digest(index)
    assert download_countries(["IQ"], index, base_url=base, progress=False) == 1
    assert "not a valid zip" in capsys.readouterr().err
    assert digest(index) == before


def test_download_rejects_zip_without_country_table(index, served, capsys):
    root, base = served
    zip_dump(IQ_TXT, root / "IQ.zip", member="SY.txt")
    assert download_countries(["IQ"], index, base_url=base, progress=False) == 1
    assert "no IQ.txt in the zip" in capsys.readouterr().err


class _ShortBodyHandler(http.server.BaseHTTPRequestHandler):
    """Announces more bytes than it sends, as a dropped connection does."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b"PK\x03\x04" + b"\0" * 500)
        self.close_connection = True

    def log_message(self, *args) -> None:
        pass


def test_download_rejects_short_body(index, capsys):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ShortBodyHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        before = digest(index)
        code = download_countries(["IQ"], index, progress=False, timeout=5,
                                  base_url=f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()
    assert code == 1
    assert "IQ.zip" in capsys.readouterr().err
    assert digest(index) == before


@pytest.mark.parametrize(
    "countries,base_url,message",
    [
        (["IRQ"], "http://127.0.0.1:9/", "two letters"),
        (["I1"], "http://127.0.0.1:9/", "two letters"),
        ([], "http://127.0.0.1:9/", "two letters"),
        (["IQ"], "file:///etc/", "http(s) URL"),
        (["IQ"], "ftp://download.geonames.org/", "http(s) URL"),
    ],
)
def test_download_validates_input(index, capsys, countries, base_url, message):
    assert download_countries(countries, index, base_url=base_url, progress=False) == 2
    assert message in capsys.readouterr().err
