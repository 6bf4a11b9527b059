"""The README documents every setting and the commands it promises."""

from __future__ import annotations

from pathlib import Path

import pytest

import settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(settings.SETTINGS))
def test_app_docs_readme_lists_setting(name):
    assert f"| `{name}` |" in README, f"setting {name} is missing from README.md's table"


@pytest.mark.parametrize("command", ["bash scripts/install.sh && .venv/bin/streamlit run app.py",
                                     "bash scripts/test.sh"])
def test_app_docs_readme_commands(command):
    assert command in README
