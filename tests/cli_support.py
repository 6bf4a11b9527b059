"""What the `python -m extract run` tests share: short articles and ways to run the command."""

from __future__ import annotations

import json
import subprocess
import sys

# Short texts written for these tests, each naming real places and most an event.
TEXTS = {
    "mosul": "Iraqi troops cleared two districts of Mosul on Monday, officers in Baghdad said.",
    "aleppo": "Shelling hit a market in Aleppo, Syria, killing three people on Tuesday.",
    "kano": "Police in Kano, Nigeria, arrested twelve men after a night of rioting.",
    "goma": "Rebels advanced towards Goma as families fled across the border into Rwanda.",
    "sanaa": "An air strike struck a fuel depot near Sanaa, Yemen, on Wednesday evening.",
    "kabul": "A roadside bomb wounded four soldiers on the road from Kabul to Jalalabad.",
    "dhaka": "Thousands of garment workers marched through Dhaka demanding higher wages.",
    "tripoli": "Militias clashed near the airport of Tripoli, Libya, for a second day.",
}


def jsonl(ids, bad_after: int | None = None) -> str:
    """The articles of ``ids`` as JSONL input, with a broken line at ``bad_after`` if given."""
    lines = [json.dumps({"id": i, "text": TEXTS[i], "published": "2021-03-01"}) for i in ids]
    if bad_after is not None:
        lines.insert(bad_after, "{not json")
    return "\n".join(lines) + "\n"


def run_cli(repo_root, stdin: str, *args: str) -> subprocess.CompletedProcess:
    """`python -m extract run -` with ``stdin`` as its input."""
    return subprocess.run([sys.executable, "-m", "extract", "run", "-", *args], input=stdin,
                          text=True, capture_output=True, cwd=repo_root, timeout=300)
