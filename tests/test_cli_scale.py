"""`python -m extract run` at scale: workers, Dask, resuming, isolation of failures, streaming."""

from __future__ import annotations

import io
import json

import pytest

from extract import pipeline
from extract.batch import RunOptions, finished_ids, run_jsonl, run_stream
from tests.cli_support import TEXTS, jsonl, run_cli


def output_ids(text: str) -> list[str]:
    return [json.loads(line)["id"] for line in text.splitlines()]


@pytest.fixture(scope="module")
def dask_scheduler():
    """A small in-process Dask cluster (threads, one worker): its address."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


def test_cli_scale_two_workers_match_one_in_order_with_bad_lines(repo_root):
    data = jsonl(list(TEXTS), bad_after=3)
    one = run_cli(repo_root, data)
    two = run_cli(repo_root, data, "--workers", "2", "--chunk-size", "2", "--batch-size", "2",
                  "--progress")
    assert one.returncode == two.returncode == 1
    assert "line 4: not valid JSON" in one.stderr and "line 4: not valid JSON" in two.stderr
    assert output_ids(one.stdout) == list(TEXTS)
    assert two.stdout == one.stdout
    # the bar went to standard error, counting the articles, and nothing else to stdout
    assert "8 articles" in two.stderr


def test_cli_scale_dask_local_cluster_matches_local(repo_root):
    data = jsonl(["aleppo", "kano", "goma"])
    local = run_cli(repo_root, data)
    dask = run_cli(repo_root, data, "--engine", "dask", "--workers", "1", "--chunk-size", "1")
    assert local.returncode == dask.returncode == 0, dask.stderr
    assert dask.stdout == local.stdout


def test_cli_scale_dask_in_process_matches_local(dask_scheduler):
    data = jsonl(list(TEXTS)).splitlines()
    local, dask = io.StringIO(), io.StringIO()
    run_stream(data, local, io.StringIO())
    summary = run_stream(data, dask, io.StringIO(),
                         RunOptions(engine="dask", scheduler=dask_scheduler, chunk_size=3))
    assert summary.done == len(TEXTS) and summary.exit_code == 0
    assert dask.getvalue() == local.getvalue()


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_cli_scale_article_that_raises_costs_only_itself(monkeypatch, request, engine):
    real = pipeline.result_from_doc

    def fragile(article, doc, gazetteer):
        if article.id == "goma":
            raise ZeroDivisionError("simulated bug")
        return real(article, doc, gazetteer)

    monkeypatch.setattr(pipeline, "result_from_doc", fragile)
    scheduler = request.getfixturevalue("dask_scheduler") if engine == "dask" else None
    out, err = io.StringIO(), io.StringIO()
    summary = run_stream(jsonl(list(TEXTS)).splitlines(), out, err,
                         RunOptions(engine=engine, scheduler=scheduler, batch_size=3, chunk_size=6))
    assert output_ids(out.getvalue()) == [i for i in TEXTS if i != "goma"]
    message = "line 4 (id 'goma'): extraction failed: ZeroDivisionError: simulated bug"
    assert message in err.getvalue()
    assert (summary.failed, summary.exit_code) == (1, 1)


def test_cli_scale_resume_skips_finished_ids_and_repairs_truncated_line(tmp_path, capsys):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    ids = ["mosul", "aleppo", "kano", "goma"]
    src.write_text(jsonl(ids), encoding="utf-8")
    earlier = [json.dumps({"id": i, "places": [], "events": [], "warnings": ["earlier run"]})
               for i in ids[:2]]
    # a run that died while writing the third record
    out.write_text("\n".join(earlier) + "\n" + '{"id": "kano", "places": [{"sta', encoding="utf-8")

    assert run_jsonl(str(src), str(out), RunOptions(resume=True)) == 0

    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[:2] == earlier  # finished articles were not redone
    assert output_ids("\n".join(lines)) == ids
    assert json.loads(lines[2])["places"]  # kano redone in full
    err = capsys.readouterr().err
    assert "cut off" in err and "2 articles already in" in err


def test_cli_scale_finished_ids_reports_damaged_middle_line_and_keeps_it(tmp_path):
    out = tmp_path / "out.jsonl"
    content = '{"id": "a"}\nnot json\n{"id": "b"}\n'
    out.write_text(content, encoding="utf-8")
    err = io.StringIO()
    assert finished_ids(out, err) == {"a", "b"}
    assert "line(s) 2" in err.getvalue()
    assert out.read_text(encoding="utf-8") == content


def test_cli_scale_resume_needs_an_output_file(repo_root):
    proc = run_cli(repo_root, jsonl(["kano"]), "--resume")
    assert proc.returncode == 2 and "--resume needs --out" in proc.stderr


class Recorder:
    """An input that counts the lines taken from it, and an output that notes that count."""

    def __init__(self, text: str):
        self.lines, self.taken, self.taken_at_first_write = text.splitlines(), 0, None

    def __iter__(self):
        for line in self.lines:
            self.taken += 1
            yield line

    def read(self, *args):  # reading the whole input at once is what streaming must not do
        raise AssertionError("the input was read whole")

    def write(self, s: str) -> int:
        if self.taken_at_first_write is None:
            self.taken_at_first_write = self.taken
        return len(s)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("workers", [1, 2])
def test_cli_scale_input_is_read_lazily(workers):
    ids = list(TEXTS) * 3
    data = "\n".join(json.dumps({"id": f"{i}-{n}", "text": TEXTS[i]}) for n, i in enumerate(ids))
    rec = Recorder(data)
    summary = run_stream(rec, rec, io.StringIO(), RunOptions(workers=workers, chunk_size=1))
    assert summary.done == len(ids)
    # the first result was written while most of the input was still unread: at most the
    # chunks in flight (2 per worker) and the one being assembled had been taken
    assert rec.taken_at_first_write <= 2 * workers + 1 < len(ids)
