"""Fetch an article by URL, safely: public http(s) addresses only, every redirect re-checked.

Server-side request forgery guard: the host is resolved once, every address it resolves to must
be public (not loopback, private, link-local, reserved, multicast or unspecified), and the
connection goes to that checked address (so a second DNS answer cannot swap in 127.0.0.1);
TLS still verifies the certificate against the host name. No proxy is used. Redirects are
followed by hand, at most ``limits.max_redirects``, each hop checked like the first. The body
is streamed with a byte cap (``max_file_bytes``) and ``timeout`` bounds the whole fetch.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

from ingest.files import read_as, sniff
from ingest.types import IngestResult, Limits, Problem, Refused, size_text, url_timeout

USER_AGENT = "ConflictMap/1.0 (fetches one article for conflict-event mapping)"
_REDIRECTS = {301, 302, 303, 307, 308}
_CHUNK = 65536
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_TYPE_KINDS = {
    "application/pdf": "pdf", "text/plain": "text", "text/markdown": "text", "text/csv": "csv",
    "application/json": "json", "application/x-ndjson": "jsonl", "application/jsonl": "jsonl",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
_NOT_ARTICLES = ("image/", "audio/", "video/", "font/")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class _Response:
    url: str  # after redirects
    content_type: str
    charset: str | None
    body: bytes


def fetch_url(url: str, *, timeout: float | None = None, limits: Limits | None = None,
              allow_private: bool = False, allow_networks: Iterable[str] = ()) -> IngestResult:
    """The article at ``url`` (HTML, PDF, plain text, or anything ``read_file`` reads).

    ``timeout`` (seconds, default setting URL_TIMEOUT_S) covers connecting, redirects and the
    body. ``allow_private`` lifts the address check (tests, intranet deployments);
    ``allow_networks`` lifts it for the listed networks only (e.g. ``["10.8.0.0/16"]``).
    """
    limits = limits or Limits.from_settings()
    timeout = url_timeout() if timeout is None else timeout
    source = url.strip()
    networks = [ipaddress.ip_network(n, strict=False) for n in allow_networks]
    try:
        response = _get(source, time.monotonic() + timeout, timeout, limits,
                        lambda ip: allow_private or any(ip in n for n in networks))
        result = _read(response, source, limits)
    except Refused as e:
        return IngestResult(problems=[Problem(source, str(e))])
    result.drafts = [d if d.url else replace(d, url=response.url) for d in result.drafts]
    return result


def check_address(ip: Address) -> str | None:
    """Why an address must not be fetched ('loopback', 'private', ...), or None if public."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    for kind in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if ip.is_global else "non-public"


def _get(url: str, deadline: float, timeout: float, limits: Limits, allowed) -> _Response:
    for _hop in range(limits.max_redirects + 1):
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise Refused(f"only http:// and https:// addresses are fetched, not {url[:80]!r}")
        host = parts.hostname
        if not host:
            raise Refused(f"{url[:80]!r} is not a web address")
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError:
            raise Refused(f"{url[:80]!r} has an invalid port") from None
        ip = _checked_ip(host, port, allowed)
        try:
            response = _request(scheme, host, port, ip, parts, limits.max_file_bytes, deadline)
        except TimeoutError:
            raise Refused(f"could not reach {host}: no answer within {timeout:g} s — "
                          "you may be offline, or the site is slow") from None
        except ssl.SSLError as e:
            raise Refused(f"could not reach {host} securely ({e.reason or e})") from None
        except http.client.HTTPException as e:
            raise Refused(f"the server at {host} sent a broken answer "
                          f"({type(e).__name__})") from None
        except OSError as e:
            raise Refused(f"could not reach {host}: {e.strerror or e} — you may be offline") \
                from None
        if isinstance(response, str):  # a redirect
            url = urljoin(url, response)
            continue
        return replace(response, url=url)
    raise Refused(f"more than {limits.max_redirects} redirects")


def _request(scheme: str, host: str, port: int, ip: str, parts, cap: int,
             deadline: float) -> _Response | str:
    """One GET: the response, or the Location it redirects to."""
    conn = _connection(scheme, host, port, ip, _left(deadline))
    try:
        conn.request("GET", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
                     headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity",
                              "Accept": "text/html,application/pdf,text/plain;q=0.9,*/*;q=0.5"})
        resp = conn.getresponse()
        if resp.status in _REDIRECTS:
            location = (resp.getheader("Location") or "").strip()
            if not location:
                raise Refused(f"the server answered {resp.status} without a Location")
            return location
        if resp.status >= 400:
            raise Refused(f"the server answered {resp.status} {resp.reason}".rstrip())
        body = _body(resp, conn, cap, deadline)
        media, _, params = (resp.getheader("Content-Type") or "").partition(";")
        charset = next((v.strip().strip('"') for k, _, v in
                        (p.strip().partition("=") for p in params.split(";"))
                        if k.strip().lower() == "charset" and v.strip()), None)
        return _Response("", media.strip().lower(), charset, body)
    finally:
        conn.close()


def _checked_ip(host: str, port: int, allowed) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise Refused(f"could not reach {host}: the name did not resolve — you may be offline, "
                      "or the address is wrong") from None
    addresses = list(dict.fromkeys(info[4][0].split("%")[0] for info in infos))
    for address in addresses:
        ip = ipaddress.ip_address(address)
        why = check_address(ip)
        if why and not allowed(ip):
            named = f"{host} resolves to {ip}" if host != str(ip) else str(ip)
            raise Refused(f"refused: {named} ({why}); only public web addresses are fetched")
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to an address checked beforehand, whatever DNS answers later."""

    def __init__(self, host: str, port: int, ip: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._ip = ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, ip: str, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._ip = ip

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _connection(scheme: str, host: str, port: int, ip: str, timeout: float):
    bracketed = f"[{host}]" if ":" in host else host  # IPv6 literal
    cls = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    return cls(bracketed, port, ip, timeout)


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _body(resp: http.client.HTTPResponse, conn, cap: int, deadline: float) -> bytes:
    too_big = f"the page is larger than {size_text(cap)} (setting MAX_UPLOAD_MB)"
    length = resp.getheader("Content-Length")
    if length and length.strip().isdigit() and int(length) > cap:
        raise Refused(too_big)
    encoding = (resp.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        raise Refused(f"the server sent {encoding}-compressed data, which is not supported")
    inflate = zlib.decompressobj(zlib.MAX_WBITS | 32) if encoding != "identity" else None
    chunks, size = [], 0
    while True:
        if conn.sock is not None:
            conn.sock.settimeout(_left(deadline))  # a slow trickle cannot outlast the deadline
        chunk = resp.read(_CHUNK)
        if not chunk:
            break
        if inflate is not None:  # bounded: a compressed bomb stops at the cap too
            try:
                chunk = inflate.decompress(chunk, cap + 1 - size)
            except zlib.error:
                raise Refused("the server sent damaged compressed data") from None
        size += len(chunk)
        if size > cap:
            raise Refused(too_big)
        chunks.append(chunk)
    return b"".join(chunks)


def _read(response: _Response, source: str, limits: Limits) -> IngestResult:
    media = response.content_type
    if media.startswith(_NOT_ARTICLES):
        raise Refused(f"the address is {media}, not an article")
    if media in _HTML_TYPES:
        page: bytes | str = response.body
        if response.charset:
            try:
                page = response.body.decode(response.charset, errors="replace")
            except LookupError:
                pass  # an unknown charset name: let trafilatura detect it from the bytes
        return read_as(source, page, limits, kind="html", url=response.url)
    kind = _TYPE_KINDS.get(media)
    if kind is None:  # application/octet-stream and friends: by the file name and content
        kind = sniff(PurePosixPath(urlsplit(response.url).path).name, response.body)
    return read_as(source, response.body, limits, kind=kind, url=response.url)
