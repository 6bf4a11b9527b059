"""`python -m extract run`: the JSONL contract, on good and bad input."""

from __future__ import annotations

import json
import subprocess
import sys

from extract.batch import InvalidArticle, parse_article
from tests.cli_support import run_cli

import pytest

PLACE_FIELDS = {"start", "end", "text", "name", "lat", "lon", "geonameid", "country_code",
                "admin1", "feature", "score"}


def test_run_outputs_one_line_per_good_article_in_order_and_names_bad_lines(repo_root):
    lines = [
        json.dumps({"id": "a", "text": "Gunmen attacked a checkpoint in Kirkuk, Iraq.", "published": "2017-09-19"}),
        "{not json",
        json.dumps({"id": "b", "text": "Protesters gathered in Basra on Friday."}),
        json.dumps({"id": "c"}),
        json.dumps({"id": "d", "text": "x", "published": "19/09/2017"}),
    ]
    proc = run_cli(repo_root, "\n".join(lines) + "\n")
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "b"]
    assert "line 2" in proc.stderr and "line 4" in proc.stderr and "line 5" in proc.stderr
    assert proc.returncode == 1
    kirkuk = [p for p in out[0]["places"] if p["text"] == "Kirkuk"][0]
    assert PLACE_FIELDS <= set(kirkuk) and kirkuk["country_code"] == "IQ"
    assert isinstance(out[0]["events"], list)
    assert any("publication date" in w for w in out[1]["warnings"])


def test_run_writes_to_out_file(repo_root, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": 7, "text": "Floods hit Dhaka."}) + "\n", encoding="utf-8")
    dst = tmp_path / "out.jsonl"
    proc = subprocess.run([sys.executable, "-m", "extract", "run", str(src), "--out", str(dst)],
                          capture_output=True, text=True, cwd=repo_root, timeout=300)
    assert proc.returncode == 0, proc.stderr
    (line,) = dst.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["id"] == "7"


@pytest.mark.parametrize("line, message", [
    ("[1, 2]", "JSON object"),
    ('{"id": 1, "text": 5}', "'text'"),
    ('{"id": 1, "text": "t", "published": "yesterday"}', "YYYY-MM-DD"),
])
def test_parse_article_rejects_with_line_number(line, message):
    with pytest.raises(InvalidArticle) as err:
        parse_article(line, 12)
    assert "line 12" in str(err.value) and message in str(err.value)


def test_non_english_text_is_reported_not_geocoded(repo_root):
    text = ("Las fuerzas iraquíes lanzaron una ofensiva contra el último bastión del grupo en la "
            "provincia de Anbar, según un comunicado del mando conjunto de operaciones del país.")
    proc = run_cli(repo_root, json.dumps({"id": "es", "text": text}) + "\n")
    (out,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert out["places"] == [] and any("English" in w for w in out["warnings"])
