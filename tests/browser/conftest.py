"""A live `streamlit run app.py` on a free port and a headless Debian Chromium page driving it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
STARTUP_TIMEOUT = 60
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'  # the frame streamlit-folium draws in


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"streamlit not ready after {STARTUP_TIMEOUT}s:\n{log.read_text()}")


class AppServer:
    """`streamlit run app.py` in a subprocess on a free port; can be stopped and started again
    (same port and environment) to check that nothing lives only in the server's memory."""

    def __init__(self, log_dir: Path, env: dict[str, str] | None = None):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log_dir / "streamlit.log"
        self.env = {**os.environ, **(env or {})}
        self.proc: subprocess.Popen | None = None

    def start(self) -> str:
        cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
               "--server.headless", "true", "--server.port", str(self.port),
               "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
        with open(self.log, "a") as out:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                         start_new_session=True, env=self.env)
        _wait_ready(self.url, self.proc, self.log)
        return self.url

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """Base URL of the app, served by a subprocess that is always stopped afterwards."""
    server = AppServer(tmp_path_factory.mktemp("streamlit"))
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: apt-get install -y chromium (scripts/test.sh does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class Offline:
    """Blocks every request that leaves the app's host, remembering what was blocked."""

    def __init__(self, allowed_host: str):
        self.allowed_host = allowed_host
        self.blocked: list[tuple[str, str]] = []  # (resource type, url)

    def __call__(self, route) -> None:
        request = route.request
        if urlparse(request.url).hostname in (self.allowed_host, None):
            route.continue_()
        else:
            self.blocked.append((request.resource_type, request.url))
            route.abort()


def open_offline_page(chromium, app_url: str, **context_args):
    """A new browser context and page that may only reach ``app_url``'s host.

    ``page.offline.blocked`` lists what was refused; ``page.console_errors`` and
    ``page.dialogs`` collect script errors and any alert/confirm/prompt (then dismissed).
    """
    context = chromium.new_context(viewport={"width": 1280, "height": 1400}, **context_args)
    page = context.new_page()
    offline = Offline(urlparse(app_url).hostname)
    context.route("**/*", offline)
    page.offline = offline
    page.console_errors = []
    page.dialogs = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))

    def on_dialog(dialog) -> None:
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    context.on("dialog", on_dialog)
    return context, page


def screenshot_on_failure(request, page) -> None:
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)


@pytest.fixture
def app_page(chromium, app_url, request):
    """A page on the app with the internet cut off; screenshot in test-artifacts/ on failure."""
    context, page = open_offline_page(chromium, app_url)
    yield page
    screenshot_on_failure(request, page)
    context.close()


@pytest.fixture
def server(tmp_path):
    """A server of its own on an empty SQLite database (``server.database_url``), so a test can
    restart or kill it."""
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    srv = AppServer(tmp_path, env={"DATABASE_URL": url})
    srv.database_url = url
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def page(chromium, server, request):
    """Like :func:`app_page`, on :func:`server`'s app, accepting downloads."""
    context, page = open_offline_page(chromium, server.url, accept_downloads=True)
    yield page
    screenshot_on_failure(request, page)
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
