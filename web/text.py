"""Text from articles and users shown through Streamlit's Markdown, inert."""

from __future__ import annotations

import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def md_escape(text: str) -> str:
    """Plain text for st.markdown/st.caption: no links, images, emphasis, HTML or :emoji:."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))
