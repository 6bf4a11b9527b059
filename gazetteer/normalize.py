"""Name keys that survive transliteration.

Two keys per name:

* ``name_key``: case, diacritics, apostrophes, hyphens, spaces and a leading Arabic-style
  article (Al-, Ar-, As-, Ad-, El-, An- ...) removed. "Deir ez-Zor" and "Deir Ezzor" share it,
  as do "An Nasiriyah" and "Nasiriyah".
* ``skeleton``: the key with doubled letters collapsed, a trailing or post-vowel "h" dropped
  and every vowel run (y included) folded into one "a". "Anna"/"'Anah", "Baiji"/"Bayji",
  "Hawija"/"Al Hawijah", "Salaheddin"/"Salah ad Din" share it. It is only used to fetch
  candidates; ranking then scores the finer key with rapidfuzz, so the skeleton may be loose.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Articles that news transliterations attach to or drop from Arabic (and Romance) names.
_ARTICLE = re.compile(r"^(?:al|el|ar|as|ad|an|at|az|ash|adh|ath|ul|the)[\s\-‐‑–]+", re.I)
_APOSTROPHES = "'’‘`´ʻʼʿʾ′"
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.,/()]+")
_NON_ALNUM = re.compile(r"[^0-9a-z]")
_VOWEL_RUN = re.compile(r"[aeiouy]+")
# "h" that only lengthens a vowel (Anah, Rawah, Salaheddin) but not the digraphs kh/gh/sh/th/dh/zh/ch.
_SILENT_H = re.compile(r"(?<=[aeiouy])h(?=[^aeiouy]|$)")
_DOUBLED = re.compile(r"(.)\1+")


@functools.lru_cache(maxsize=1 << 16)  # articles repeat their names; look-ups fold them again
def fold(text: str) -> str:
    """Lower-case ASCII form: diacritics stripped, apostrophes dropped, separators to one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    for mark in _APOSTROPHES:
        ascii_text = ascii_text.replace(mark, "")
    ascii_text = ascii_text.replace("ı", "i").replace("ø", "o").replace("ß", "ss").replace("æ", "ae")
    return _SEPARATORS.sub(" ", ascii_text.lower()).strip()


def strip_article(folded: str) -> str:
    """Drop one leading article, keeping the name when nothing would be left."""
    stripped = _ARTICLE.sub("", folded, count=1)
    return stripped if stripped else folded


_INNER_THE = re.compile(r"\bthe\b")
# "Sistan-Baluchestan", "Bosnia-Herzegovina", "Jammu-Kashmir": a double name written with a
# hyphen is the one written with "and"
_INNER_AND = re.compile(r"(?<=\w) (?:and|&) (?=\w)")
# Abbreviated words of names: "St. Marc" is Saint-Marc, "Ft. Worth" Fort Worth, "Mt. Kenya"
# Mount Kenya
_SHORT_WORDS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
_SHORT_WORD = re.compile(r"\b(?:st|ste|ft|mt)\b(?= \w)")  # before a name: "MT" is Montana


def name_key(text: str) -> str:
    """Exact-match key: folded, articles dropped, letters and digits only.

    "Democratic Republic of the Congo" and "Democratic Republic of Congo" share a key, as do
    "Sistan and Baluchestan" and "Sistan-Baluchestan", "St. Marc" and "Saint-Marc".
    """
    folded = fold(text)
    if " " in folded:  # the word rules need two words; most names are one (and this is hot)
        if "st " in folded or "ste " in folded or "ft " in folded or "mt " in folded:
            folded = _SHORT_WORD.sub(lambda m: _SHORT_WORDS[m.group()], folded)
        folded = strip_article(folded)
        if "the" in folded:
            folded = _INNER_THE.sub("", folded)
        if " and " in folded or " & " in folded:
            folded = _INNER_AND.sub(" ", folded)
    return _NON_ALNUM.sub("", folded)


def skeleton(key: str) -> str:
    """Loose key for candidate retrieval; takes a ``name_key``."""
    if not key:
        return key
    s = _SILENT_H.sub("", key)
    s = s.replace("q", "k").replace("ph", "f").replace("ou", "u")
    s = _DOUBLED.sub(r"\1", s)
    s = _VOWEL_RUN.sub("a", s)
    return s


# Arabic's article inside a name, which GeoNames writes as it sounds before the next letter
# ("Jisr ash Shughūr", "Dayr az Zawr") and the news mostly as written ("Jisr al-Shughur",
# "Deir al-Zor"). Saint/St., Mount/Mt. need no such spelling: name keys make them one.
_SOUNDED_ARTICLE = re.compile(r"(?<=\w )(?:ad|adh|ar|as|ash|at|ath|az|an|ed|er|es|ez|et|en|ud|ur|us|"
                              r"uz|un)(?=[ \-]\w)")


def article_spelt_al(name: str) -> list[str]:
    """The name with each article inside it written "al" ("Jisr al Shughūr"), if it has one."""
    spelt = _SOUNDED_ARTICLE.sub("al", name)
    return [spelt] if spelt != name else []
