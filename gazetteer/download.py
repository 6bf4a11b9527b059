"""`gazetteer download CC...`: fetch GeoNames per-country dumps and import them.

Every file is downloaded and checked before the first import starts, so a failure (offline,
HTTP error, truncated or damaged file) leaves the index as it was. Downloads go to a
temporary file in ``downloads/`` next to the index and are removed afterwards.
"""

from __future__ import annotations

import http.client
import re
import shutil
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from tqdm import tqdm

from gazetteer.geonames import DumpFormatError, import_dump, sniff

_COUNTRY = re.compile(r"[A-Za-z]{2}")
_CHUNK = 1 << 16
MANUAL = "download it yourself and run `python -m extract gazetteer import PATH`"


class DownloadFailed(RuntimeError):
    """A dump could not be fetched or is not a usable GeoNames file; the message says why."""


def fetch(url: str, dest: Path, timeout: float, progress: bool = True) -> int:
    """Stream ``url`` to ``dest``; the number of bytes. DownloadFailed on any failure."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            length = resp.headers.get("Content-Length")
            expected = int(length) if length and length.isdigit() else None
            received = 0
            with open(dest, "wb") as out, tqdm(
                total=expected, unit="B", unit_scale=True, desc=Path(urlsplit(url).path).name,
                disable=not progress, file=sys.stderr,
            ) as bar:
                while chunk := resp.read(_CHUNK):
                    out.write(chunk)
                    received += len(chunk)
                    bar.update(len(chunk))
    except urllib.error.HTTPError as exc:
        raise DownloadFailed(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise DownloadFailed(f"cannot reach {url} ({exc.reason})") from exc
    except http.client.IncompleteRead as exc:
        raise DownloadFailed(f"{url}: connection closed early ({exc!r})") from exc
    except (TimeoutError, ConnectionError, http.client.HTTPException) as exc:
        raise DownloadFailed(f"{url}: {exc.__class__.__name__}: {exc}") from exc
    if expected is not None and received != expected:
        raise DownloadFailed(f"{url}: got {received:,} of {expected:,} bytes (truncated)")
    return received


def check_country_zip(path: Path, country: str, url: str) -> None:
    """A country zip must be intact, hold ``{CC}.txt`` with data, and start with a main row."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            if f"{country}.txt" not in names:
                raise DownloadFailed(f"{url}: no {country}.txt in the zip (has {names})")
            if zf.getinfo(f"{country}.txt").file_size == 0:
                raise DownloadFailed(f"{url}: {country}.txt is empty")
            bad = zf.testzip()
            if bad is not None:
                raise DownloadFailed(f"{url}: {bad} is corrupt (CRC mismatch)")
    except (zipfile.BadZipFile, EOFError) as exc:
        raise DownloadFailed(f"{url}: not a valid zip ({exc})") from exc
    _expect_kind(path, url, "main", f"{country}.txt is not a GeoNames main table (19 columns)")


def _expect_kind(path: Path, url: str, kind: str, complaint: str) -> None:
    """Raise DownloadFailed unless the downloaded file is a GeoNames table of ``kind``."""
    try:
        found = sniff(path)
    except DumpFormatError as exc:
        raise DownloadFailed(f"{url}: {exc}") from exc
    if found != kind:
        raise DownloadFailed(f"{url}: {complaint}")


def download_countries(
    countries: list[str],
    index_path: Path,
    base_url: str,
    timeout: float = 30,
    *,
    alternate_names: bool = False,
    progress: bool = True,
) -> int:
    """Download ``{base_url}{CC}.zip`` for each country and import it; a process exit code.

    ``alternate_names`` also fetches ``{base_url}alternatenames/{CC}.zip``. It is off by
    default: the main table already carries every alternate spelling; the separate file
    only adds the language and historic/colloquial flags used to filter them.
    """
    index_path = Path(index_path)
    bad = [c for c in countries if not _COUNTRY.fullmatch(c)]
    if bad or not countries:
        print(f"error: country codes must be two letters (ISO 3166-1 alpha-2, e.g. IQ SY); "
              f"got {bad or countries}", file=sys.stderr)
        return 2
    if urlsplit(base_url).scheme not in ("http", "https"):
        print(f"error: --base-url must be an http(s) URL, got {base_url!r}", file=sys.stderr)
        return 2
    base = base_url if base_url.endswith("/") else base_url + "/"
    codes = list(dict.fromkeys(c.upper() for c in countries))

    folder = index_path.parent / "downloads"
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="geonames-", dir=folder))
    jobs: list[tuple[str, Path, Path | None]] = []
    try:
        for cc in codes:
            url, main = f"{base}{cc}.zip", work / f"{cc}.zip"
            fetch(url, main, timeout, progress)
            check_country_zip(main, cc, url)
            alt = None
            if alternate_names:
                alt_url = f"{base}alternatenames/{cc}.zip"
                alt = work / "alternatenames" / f"{cc}.zip"  # holds {cc}.txt, like the main zip
                alt.parent.mkdir(exist_ok=True)
                fetch(alt_url, alt, timeout, progress)
                _expect_kind(alt, alt_url, "alternate", "not an alternate-names table")
            jobs.append((url, main, alt))
        for url, main, alt in jobs:
            import_dump(main, index_path, alternate_names=alt, progress=progress, origin=url)
    except DownloadFailed as exc:
        print(f"error: GeoNames download failed: {exc}. Nothing was imported; {MANUAL}.",
              file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0
