"""The Dockerfile as scripts/replay_dockerfile.py reads it (no build here: that is the script's
job, run by hand as root; see README's Deployment section)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("replay_dockerfile",
                                               ROOT / "scripts" / "replay_dockerfile.py")
replay = importlib.util.module_from_spec(_spec)
sys.modules["replay_dockerfile"] = replay
_spec.loader.exec_module(replay)


@pytest.fixture(scope="module")
def plan():
    return replay.check(ROOT / "Dockerfile", ROOT)


@pytest.fixture(scope="module")
def rules():
    return replay.load_dockerignore(ROOT)


def test_every_instruction_is_supported_and_copy_sources_exist(plan, rules):
    assert plan.base in replay.BASE_IMAGES
    names = [ins.name for ins in plan.steps]
    assert set(names) <= replay.SUPPORTED
    copies = [ins for ins in plan.steps if ins.name == "COPY"]
    assert copies
    for ins in copies:
        for src in replay.copy_sources(ins, ROOT, rules):
            assert (ROOT / src).exists(), src


def test_dockerignore_keeps_out_local_state_and_keeps_in_the_app(rules):
    for path in (".venv", ".venv/bin/python", ".git/HEAD", "data/gazetteer.sqlite",
                 "data/gazetteer.sqlite-wal", "data/conflictmap.sqlite", "static/vendor",
                 "static/vendor/leaflet/dist/leaflet.js", "data/vendor/x", "extract/__pycache__",
                 "maps/__pycache__/assets.cpython-311.pyc", ".hypothesis/constants/x"):
        assert replay.is_ignored(path, rules), path
    for path in ("requirements.txt", "scripts/install.sh", "app.py", "settings.py",
                 ".streamlit/config.toml", "data/event_triggers.tsv", "maps/assets.py"):
        assert not replay.is_ignored(path, rules), path
        assert (ROOT / path).exists(), path


def test_cmd_and_healthcheck_use_the_exposed_port(plan):
    assert plan.expose == [8501]
    port = str(plan.expose[0])
    cmd = " ".join(plan.cmd)
    assert f"--server.port={port}" in cmd
    assert plan.healthcheck is not None
    assert plan.healthcheck.url == f"http://127.0.0.1:{port}/_stcore/health"


def test_dockerfile_creates_the_venv_the_cmd_runs(plan):
    runs = " ".join(ins.args for ins in plan.steps if ins.name == "RUN")
    assert "python3.11 -m venv .venv" in runs
    assert plan.cmd[0] == ".venv/bin/streamlit"
    workdirs = [ins.args for ins in plan.steps if ins.name == "WORKDIR"]
    assert workdirs == ["/app"]


@pytest.mark.parametrize("text, message", [
    ("ARG V=1\nFROM python:3.11-slim-bookworm\n", "must start with FROM"),
    ("FROM python:3.11-slim-bookworm AS build\n", "AS stage"),
    ("FROM python:3.11-slim-bookworm\nFROM python:3.11-slim-bookworm\n", "multi-stage"),
    ("FROM python:3.11-slim-bookworm\nADD x /x\n", "ADD is not supported"),
    ("FROM python:3.11-slim-bookworm\nCOPY --from=build /a /b\n", "COPY --from"),
    ("FROM alpine\n", "not one this replay stands in for"),
    ("FROM python:3.11-slim-bookworm\nRUN echo \\\n", "ends inside a continued line"),
])
def test_unsupported_instructions_are_clear_errors(text, message):
    with pytest.raises(replay.ReplayError, match=re.escape(message)):
        replay.plan_dockerfile(replay.parse_dockerfile(text))


def test_parser_details():
    text = ("FROM python:3.11-slim\n# c\nENV A=1 \\\n    B=\"two words\"\nRUN a \\\n# inner\n"
            "    && b\nCMD [\"x\", \"--port=80\"]\nEXPOSE 80\n")
    plan = replay.plan_dockerfile(replay.parse_dockerfile(text))
    env = replay.parse_env(plan.steps[0].args, {})
    assert env == {"A": "1", "B": "two words"}
    assert plan.steps[1].args == "a && b"
    assert plan.cmd == ["x", "--port=80"] and plan.expose == [80]
    rules = [(True, replay._pattern_regex("**/__pycache__")), (True, replay._pattern_regex("a*")),
             (False, replay._pattern_regex("ab"))]
    assert replay.is_ignored("__pycache__/x", rules)
    assert replay.is_ignored("p/q/__pycache__", rules)
    assert replay.is_ignored("ax", rules) and not replay.is_ignored("ab", rules)
    assert not replay.is_ignored("b/ax", rules)


def test_install_sh_reads_the_requirements_stamp_the_dockerfile_writes(plan):
    """The image's pip install is not repeated by install.sh: both write/read the same stamp
    (sha256 of requirements.txt) in .venv/.requirements.sha256."""
    runs = " ".join(ins.args for ins in plan.steps if ins.name == "RUN")
    assert "sha256sum requirements.txt | cut -d' ' -f1 > .venv/.requirements.sha256" in runs
    install = (ROOT / "scripts" / "install.sh").read_text()
    assert 'stamp=".venv/.requirements.sha256"' in install
    assert "requirements.txt | sha256sum | cut -d' ' -f1" in install
