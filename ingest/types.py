"""The records ingest hands on: drafts ready for extraction, problems to show, and the limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import settings


@dataclass(frozen=True)
class Draft:
    """One article ready for extraction.

    ``text`` is the whole document text (a headline stays in it, so offsets found later point
    into what the user gave); ``title`` is a copy of the headline when one was recognised.
    """

    text: str
    title: str | None
    published: date | None  # from the document when it has one
    url: str | None
    source: str  # file name (and line/row for batch files) or URL
    date_found: bool  # True when `published` came from the document
    external_id: str | None = None  # id column of a batch file


@dataclass(frozen=True)
class Problem:
    """A user-facing message about one input (or one row of it); other inputs are unaffected.

    Most problems mean the input was refused; a few say a draft was kept with a caveat
    (replacement characters, a date that could not be read), and then the message says so.
    """

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass
class IngestResult:
    drafts: list[Draft] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def add(self, other: IngestResult) -> IngestResult:
        self.drafts.extend(other.drafts)
        self.problems.extend(other.problems)
        return self

    def problem(self, source: str, message: str) -> IngestResult:
        self.problems.append(Problem(source, message))
        return self


class Refused(ValueError):
    """An input ingest will not read; ``str(e)`` is the user-facing reason (no source name)."""


MB = 1024 * 1024


def size_text(n: float) -> str:
    """Bytes for people: '512 bytes', '48.8 KB', '25.0 MB'."""
    if n < 1024:
        return f"{n:,.0f} bytes"
    if n < MB:
        return f"{n / 1024:,.1f} KB"
    return f"{n / MB:,.1f} MB"


def _default(name: str) -> float:
    return float(settings.SETTINGS[name].default)


@dataclass(frozen=True)
class Limits:
    """Caps on untrusted input. Field defaults are the settings' defaults; ``from_settings()``
    also reads the environment."""

    max_file_bytes: int = int(_default("MAX_UPLOAD_MB") * MB)
    max_files: int = int(_default("MAX_FILES"))
    max_pdf_pages: int = int(_default("MAX_PDF_PAGES"))
    max_chars: int = int(_default("MAX_ARTICLE_CHARS"))
    max_batch_rows: int = int(_default("MAX_BATCH_ROWS"))
    max_unzipped_bytes: int = int(_default("MAX_UNZIPPED_MB") * MB)
    max_redirects: int = 5

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_file_bytes=int(_number("MAX_UPLOAD_MB") * MB),
            max_files=int(_number("MAX_FILES")),
            max_pdf_pages=int(_number("MAX_PDF_PAGES")),
            max_chars=int(_number("MAX_ARTICLE_CHARS")),
            max_batch_rows=int(_number("MAX_BATCH_ROWS")),
            max_unzipped_bytes=int(_number("MAX_UNZIPPED_MB") * MB),
        )


def _number(name: str) -> float:
    raw = settings.get(name)
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"setting {name} (CONFLICTMAP_{name}) must be a number, "
                         f"got {raw!r}") from None
    if value <= 0:
        raise ValueError(f"setting {name} (CONFLICTMAP_{name}) must be positive, got {raw!r}")
    return value


def url_timeout() -> float:
    """Seconds a URL fetch may take per connection step (setting URL_TIMEOUT_S)."""
    return _number("URL_TIMEOUT_S")
