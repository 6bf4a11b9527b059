"""Bytes to text: byte-order marks, UTF-8, mixed encodings, legacy code pages; binary refused."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

import charset_normalizer

from ingest.types import Refused

_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Leading bytes of formats people upload by mistake, and what to say about them.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program (ELF)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office file (.doc/.xls); save it as .docx"),
    (b"{\\rtf", "an RTF document; save it as .docx or .txt"),
    (b"ID3", "an MP3 audio file"),
)
_SAMPLE = 65536
_MAX_CONTROL_SHARE = 0.05  # more control characters than this and it is not prose


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replaced: int = 0  # undecodable bytes shown as U+FFFD


def binary_kind(data: bytes) -> str | None:
    """What the bytes are when they are clearly not text (None when they may be)."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "a media file (RIFF)"
    if data[4:8] == b"ftyp":
        return "a video or audio file (MP4)"
    head = data[:_SAMPLE]
    if b"\x00" in head and not any(data.startswith(bom) for bom, _ in _BOMS) \
            and _utf16_without_bom(head) is None:
        return "a binary file (it contains NUL bytes)"
    return None


def decode(data: bytes) -> Decoded:
    """Decode document bytes; raises Refused for binary data.

    Byte-order marks win; then strict UTF-8; then, for text that is mostly UTF-8 with some
    bytes that are not (files pasted together from several sources), UTF-8 with replacement
    characters (``replaced`` counts them); otherwise charset detection for legacy code pages.
    """
    kind = binary_kind(data)
    if kind:
        raise Refused(f"{kind}, not text")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _checked(_lenient(data, codec))
    utf16 = _utf16_without_bom(data[:_SAMPLE])  # before UTF-8: ASCII with NULs is valid UTF-8
    if utf16:
        return _checked(_lenient(data, utf16))
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass
    as_utf8 = data.decode("utf-8", errors="replace")
    replaced = as_utf8.count("\ufffd")
    valid_non_ascii = sum(1 for ch in as_utf8 if ch > "\x7f") - replaced
    if valid_non_ascii > replaced:  # real UTF-8 with a few foreign bytes: keep the UTF-8
        return _checked(Decoded(as_utf8, "utf-8", replaced))
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        return _checked(Decoded(str(best), best.encoding))
    return _checked(_lenient(data, "cp1252"))


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _lenient(data: bytes, codec: str) -> Decoded:
    try:
        return Decoded(data.decode(codec), codec)
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
        return Decoded(text, codec, text.count("\ufffd"))


def _checked(decoded: Decoded) -> Decoded:
    """Refuse text that is mostly control characters (binary data that happened to decode)."""
    sample = decoded.text[:_SAMPLE]
    if sample:
        controls = sum(1 for ch in sample
                       if ch not in "\t\n\r\f\v" and unicodedata.category(ch) == "Cc")
        if controls > _MAX_CONTROL_SHARE * len(sample):
            raise Refused("a binary file, not text (it is mostly control characters)")
    return Decoded(normalize_newlines(decoded.text).lstrip("\ufeff"), decoded.encoding,
                   decoded.replaced)


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit on one side of every byte pair (Latin text)."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even_nul = head[0:pairs * 2:2].count(0)
    odd_nul = head[1:pairs * 2:2].count(0)
    if odd_nul > 0.3 * pairs and even_nul == 0:
        return "utf-16-le"
    if even_nul > 0.3 * pairs and odd_nul == 0:
        return "utf-16-be"
    return None
