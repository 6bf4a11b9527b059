"""ingest.fetch_url against a local http.server: content types, redirects, caps, SSRF refusals."""

from __future__ import annotations

import gzip
import ipaddress
import socket
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ingest import Limits, fetch_url
from ingest.url import check_address
from tests.ingest_support import STORY, make_docx, make_pdf, only_draft, only_problem

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
RELEASE = threading.Event()  # lets the slow handler finish at teardown


def _routes() -> dict[str, tuple[int, dict[str, str], bytes]]:
    html = (FIXTURES / "ceasefire.html").read_bytes()
    latin = ("<html><head><title>Frappe à Séville</title></head><body><p>Les habitants de "
             "Séville ont quitté la ville après la frappe de mardi, a déclaré le maire.</p>"
             "</body></html>").encode("cp1252")
    text = "\n".join(STORY).encode()
    return {
        "/article.html": (200, {"Content-Type": "text/html; charset=utf-8"}, html),
        "/latin": (200, {"Content-Type": 'text/html; charset="windows-1252"'}, latin),
        "/doc.pdf": (200, {"Content-Type": "application/pdf"}, make_pdf([STORY])),
        "/plain": (200, {"Content-Type": "text/plain"}, text),
        "/files/story.docx": (200, {"Content-Type": "application/octet-stream"}, make_docx()),
        "/photo": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + bytes(50)),
        "/gzip": (200, {"Content-Type": "text/plain", "Content-Encoding": "gzip"},
                  gzip.compress(text)),
        "/gzip-bomb": (200, {"Content-Type": "text/plain", "Content-Encoding": "gzip"},
                       gzip.compress(bytes(5_000_000))),
        "/redirect": (302, {"Location": "/article.html"}, b""),
        "/hop/3": (301, {"Location": "/hop/2"}, b""),
        "/hop/2": (307, {"Location": "1"}, b""),  # relative to /hop/
        "/hop/1": (308, {"Location": "/article.html"}, b""),
        "/loop": (302, {"Location": "/loop"}, b""),
        "/no-location": (302, {}, b""),
        "/to-metadata": (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b""),
        "/to-private": (302, {"Location": "http://10.1.2.3/admin"}, b""),
        "/to-file": (302, {"Location": "file:///etc/passwd"}, b""),
        "/missing": (404, {}, b"not here"),
        "/broken": (500, {}, b"oops"),
    }


class _Handler(BaseHTTPRequestHandler):
    routes: dict = {}
    hits: list[str] = []

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass

    def do_GET(self) -> None:
        self.hits.append(self.path)
        if self.path == "/slow":
            RELEASE.wait(5)
            return
        if self.path in ("/stream", "/declared-huge"):
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            if self.path == "/declared-huge":
                self.send_header("Content-Length", str(10**9))
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"word " * 2000)
            except OSError:
                pass  # the client hung up at its cap, as it should
            return
        status, headers, body = self.routes.get(self.path, (404, {}, b"no route"))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    _Handler.routes = _routes()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        RELEASE.set()
        httpd.shutdown()
        httpd.server_close()


def fetch(url: str, **kwargs):
    kwargs.setdefault("allow_private", True)
    kwargs.setdefault("timeout", 5)
    return fetch_url(url, **kwargs)


# ---- what comes back --------------------------------------------------------------------------

def test_ingest_url_html_article(server):
    draft = only_draft(fetch(f"{server}/article.html"))
    assert draft.title == "Ceasefire holds in Valmora after two days of shelling"
    assert draft.published == date(2022, 6, 14) and draft.date_found
    assert draft.url == draft.source == f"{server}/article.html"
    assert "four people had been wounded" in draft.text and "SCRIPT_MARKER" not in draft.text


def test_ingest_url_charset_from_header(server):
    assert "Séville ont quitté" in only_draft(fetch(f"{server}/latin")).text


@pytest.mark.parametrize("path", ["/doc.pdf", "/plain", "/files/story.docx", "/gzip"])
def test_ingest_url_other_content_types(server, path):
    draft = only_draft(fetch(server + path))
    assert draft.title == STORY[0] and STORY[2] in draft.text
    assert draft.url == server + path


def test_ingest_url_image_refused(server):
    assert "image/png, not an article" in only_problem(fetch(f"{server}/photo")).message


@pytest.mark.parametrize("path", ["/redirect", "/hop/3"])
def test_ingest_url_follows_redirects(server, path):
    draft = only_draft(fetch(server + path))
    assert draft.source == server + path  # what the user asked for
    assert draft.url == f"{server}/article.html"  # where the article is


@pytest.mark.parametrize("path, says", [
    ("/loop", "more than 5 redirects"),
    ("/no-location", "without a Location"),
    ("/missing", "answered 404 Not Found"),
    ("/broken", "answered 500"),
])
def test_ingest_url_server_problems(server, path, says):
    problem = only_problem(fetch(server + path))
    assert problem.source == server + path and says in problem.message


# ---- caps -------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/stream", "/declared-huge", "/gzip-bomb"])
def test_ingest_url_byte_cap(server, path):
    problem = only_problem(fetch(server + path, limits=Limits(max_file_bytes=100_000)))
    assert "larger than 97.7 KB" in problem.message and "MAX_UPLOAD_MB" in problem.message


def test_ingest_url_stream_within_cap(server):
    draft = only_draft(fetch(f"{server}/stream"))
    assert len(draft.text) == 40 * 2000 * 5 - 1


def test_ingest_url_timeout(server):
    problem = only_problem(fetch(f"{server}/slow", timeout=0.5))
    assert "no answer within 0.5 s" in problem.message and "offline" in problem.message


def test_ingest_url_dns_failure():
    problem = only_problem(fetch_url("http://conflictmap-test.invalid/story", timeout=5))
    assert "could not reach conflictmap-test.invalid" in problem.message
    assert "you may be offline" in problem.message


def test_ingest_url_connection_refused():
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    problem = only_problem(fetch(f"http://127.0.0.1:{port}/"))
    assert "could not reach 127.0.0.1" in problem.message and "offline" in problem.message


# ---- SSRF guard -------------------------------------------------------------------------------

@pytest.mark.parametrize("template, why", [
    ("{server}/article.html", "loopback"),
    ("http://localhost:{port}/article.html", "loopback"),
    ("http://[::1]:{port}/", "loopback"),
    ("http://2130706433:{port}/", "loopback"),  # 127.0.0.1 as one number
    ("http://[::ffff:127.0.0.1]:{port}/", "loopback"),
    ("http://10.0.0.1/", "private"),
    ("http://192.168.1.1/", "private"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://0.0.0.0:{port}/", "unspecified"),
    ("http://224.0.0.1/", "multicast"),
    ("http://100.64.0.1/", "non-public"),
])
def test_ingest_url_private_addresses_refused(server, template, why):
    port = server.rsplit(":", 1)[1]
    hits = len(_Handler.hits)
    problem = only_problem(fetch_url(template.format(server=server, port=port), timeout=2))
    assert f"({why}); only public web addresses" in problem.message
    assert len(_Handler.hits) == hits  # refused before connecting


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://ftp.example.org/x",
                                 "javascript:alert(1)", "gopher://example.org/", "http:///path",
                                 "not a url"])
def test_ingest_url_only_http(url):
    problem = only_problem(fetch_url(url, allow_private=True))
    assert "http://" in problem.message or "not a web address" in problem.message


@pytest.mark.parametrize("path, says", [
    ("/to-metadata", "169.254.169.254 (link-local)"),
    ("/to-private", "10.1.2.3 (private)"),
    ("/to-file", "only http:// and https://"),
])
def test_ingest_url_redirect_to_local_address_refused(server, path, says):
    allowed = ["127.0.0.1/32"]  # the test server only: each hop is checked again
    assert only_draft(fetch_url(f"{server}/redirect", allow_networks=allowed, timeout=5))
    problem = only_problem(fetch_url(server + path, allow_networks=allowed, timeout=5))
    assert says in problem.message


@pytest.mark.parametrize("address, why", [
    ("93.184.216.34", None), ("8.8.8.8", None), ("2606:4700:4700::1111", None),
    ("127.0.0.2", "loopback"), ("172.16.5.4", "private"), ("fd00::1", "private"),
    ("fe80::1", "link-local"), ("::", "unspecified"), ("240.0.0.1", "reserved"),
    ("::ffff:10.0.0.1", "private"), ("198.18.0.1", "private"),
])
def test_ingest_url_check_address(address, why):
    assert check_address(ipaddress.ip_address(address)) == why
