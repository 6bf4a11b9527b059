"""Zip containers (.docx and .zip uploads), opened only after their sizes are checked.

A zip bomb is a small file that unpacks to gigabytes. Every member's declared size is checked
against the limits before anything is unpacked, and members are read with a cap as well, so a
header that understates a size cannot get past (CPython's zipfile also stops at the declared
size and then fails the CRC check).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import PurePosixPath

from ingest.types import IngestResult, Limits, Refused, size_text

_MAX_MEMBERS = 10_000  # a .docx has a few dozen


def open_zip(data: bytes, limits: Limits, what: str) -> zipfile.ZipFile:
    """The archive, once its member count and unpacked sizes are within the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as e:
        raise Refused(f"not a valid {what} (damaged or not a zip container: {e})") from None
    if len(members) > _MAX_MEMBERS:
        raise Refused(f"{what} with {len(members):,} parts; the limit is {_MAX_MEMBERS:,}")
    total = sum(m.file_size for m in members)
    if total > limits.max_unzipped_bytes:
        raise Refused(f"{what} unpacks to {size_text(total)}; the limit is "
                      f"{size_text(limits.max_unzipped_bytes)} (setting MAX_UNZIPPED_MB) "
                      "— possibly a zip bomb")
    return archive


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    if info.flag_bits & 0x1:
        raise Refused("password-protected")
    if info.file_size > cap:
        raise Refused(f"{size_text(info.file_size)} unpacked; the limit is {size_text(cap)}")
    try:
        with archive.open(info) as member:
            data = member.read(cap + 1)
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, ValueError) as e:
        raise Refused(f"damaged inside the archive ({e})") from None
    if len(data) > cap:
        raise Refused(f"unpacks past its declared size; the limit is {size_text(cap)}")
    return data


def read_zip(data: bytes, name: str, limits: Limits,
             read_one: Callable[[str, bytes, Limits], IngestResult]) -> IngestResult:
    """Each file in a .zip through ``read_one`` (which must refuse nested archives)."""
    result = IngestResult()
    try:
        archive = open_zip(data, limits, ".zip archive")
    except Refused as e:
        return result.problem(name, str(e))
    files = [m for m in archive.infolist() if not m.is_dir() and not _is_os_metadata(m.filename)]
    if len(files) > limits.max_files:
        result.problem(name, f"has {len(files):,} files; only the first {limits.max_files:,} "
                             "were read (setting MAX_FILES)")
        files = files[:limits.max_files]
    for info in files:
        source = f"{name}/{info.filename}"
        try:
            member = read_member(archive, info, limits.max_file_bytes)
        except Refused as e:
            result.problem(source, str(e))
            continue
        result.add(read_one(source, member, limits))
    return result


def _is_os_metadata(filename: str) -> bool:
    """macOS adds __MACOSX/ resource forks and .DS_Store to zips it makes; they hold no text."""
    path = PurePosixPath(filename)
    return path.parts[:1] == ("__MACOSX",) or path.name in (".DS_Store", "Thumbs.db")
