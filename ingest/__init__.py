"""Where articles come from: uploaded files, URLs, batch files and pasted text -> Drafts.

Every entry point returns an ``IngestResult``: the drafts ready for extraction and a Problem
(a user-facing message naming the file, line or URL) for each input that could not be read.
Bad input never raises; one bad file or row never loses the others. No streamlit here.
"""

from ingest.files import read_file, read_files
from ingest.text import read_text
from ingest.types import Draft, IngestResult, Limits, Problem
from ingest.url import fetch_url

__all__ = ["Draft", "IngestResult", "Limits", "Problem", "fetch_url", "read_file", "read_files",
           "read_text"]
