"""Article text on its way into a map page: escaped for HTML, for <script>, and for Jinja.

Two traps besides the usual HTML one:

- A ``</script>`` inside a sentence ends the script element that carries the data; JSON for a
  script escapes ``<``, ``>``, ``&`` (and ``'``, U+2028/2029) as ``\\uXXXX``.
- branca renders every element's script, header and html output *again as a Jinja template*
  (``Element(script(self, kwargs))``). An article saying ``{{ 7*7 }}`` would print 49, and worse
  expressions would run on the server. Text is therefore never allowed to reach a folium
  element with ``{{``, ``{%`` or ``{#`` in it: HTML gets ``&#123;``, JSON gets ``\\u007b``.
- folium puts tooltip and popup HTML in JavaScript template literals (`` `...` ``): a backtick
  would end the literal, ``${...}`` would run, a stray backslash is a syntax error. HTML text
  therefore also has backticks, ``$``-braces (via the braces) and backslashes as entities.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import urlsplit

from branca.element import Element

_HTML_EXTRA = str.maketrans({"{": "&#123;", "}": "&#125;", "`": "&#96;", "\\": "&#92;"})
_SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027",
                   "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE = re.compile("[<>&'\u2028\u2029]")
# In JSON text a brace followed by {, % or # can only be inside a string (an object starts
# with '"' or '}'), so escaping it there never touches the structure.
_JINJA_OPEN = re.compile(r"\{(?=[{%#])")


def escape_html(value: Any) -> str:
    """``value`` as HTML text: escaped, braces as entities, dates ISO, None as ''."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    return html.escape(str(value)).translate(_HTML_EXTRA)


def script_json(obj: Any) -> str:
    """Compact JSON that is safe inside an HTML ``<script>`` and inert to Jinja."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = _SCRIPT_UNSAFE.sub(lambda m: _SCRIPT_ESCAPES[m.group()], text)
    return _JINJA_OPEN.sub(r"\\u007b", text)


def safe_url(url: Any) -> str | None:
    """``url`` when it is an absolute http(s) address, else None (no javascript:, data:,
    file: ...). The one check for every link taken from an article: map popups, the details
    panel, the article page's sources and the events table."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not _SAFE_URL.match(url) or any(ord(ch) < 32 for ch in url):
        return None  # browsers drop tabs and newlines inside a URL; a real link has none
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


class RawScript(Element):
    """Script text added to a figure as is: not compiled as a Jinja template.

    Besides safety, this matters for size: branca would lex a 10 MB data literal as a template
    (seconds) on every render.
    """

    def __init__(self, text: str):
        super().__init__()
        self._name = "RawScript"
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text
