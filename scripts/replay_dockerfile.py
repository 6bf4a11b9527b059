#!/usr/bin/env python3
"""Replay the project's Dockerfile in a Debian bookworm chroot (no Docker engine needed).

This is not a Docker build. It checks that the Dockerfile's recipe works on the system its base
image stands for, and that the app it produces starts and serves:

1. a bookworm root file system from ``debootstrap --variant=minbase`` plus what the base image
   ``python:3.11-slim-bookworm`` adds (CPython 3.11 with venv and pip, ca-certificates, tzdata,
   netbase), kept in ``ROOT/base`` and reused (``--fresh`` rebuilds it);
2. a copy of it in ``ROOT/build`` on which the Dockerfile's instructions are replayed in order:
   WORKDIR, ENV, COPY (the build context less ``.dockerignore``), RUN (``chroot ROOT/build /bin/sh
   -c ...`` with /proc, /dev, /sys mounted and the host's resolv.conf), VOLUME, EXPOSE;
3. the CMD started in the chroot on a free port (as ``docker run -p PORT:EXPOSE``), polled at the
   HEALTHCHECK's URL until it answers, the HEALTHCHECK command itself run in the chroot, the app's
   page and one map asset fetched, then the app stopped.

Differences from a real image, printed as the run goes: Debian's python3.11 (3.11.2 plus Debian's
patches) stands in for the image's own CPython build in /usr/local; the app is reached on the
host's loopback, not through Docker's network; and where this host's egress needs extra CA
certificates (``/usr/local/share/ca-certificates``), they are added to the chroot's trust store for
the RUN steps (``--no-host-ca`` to leave them out).

Usage (as root):  python3 scripts/replay_dockerfile.py [--root DIR] [--fresh] [--no-serve]
                  python3 scripts/replay_dockerfile.py --check      (parse and check only)
Standard library only. Mounts are always undone, also on failure or Ctrl-C.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_ROOT = Path("/var/tmp/conflictmap-rootfs")
DEFAULT_MIRROR = "http://deb.debian.org/debian"
SUITE = "bookworm"
# The base images this replay knows how to stand in for.
BASE_IMAGES = {"python:3.11-slim-bookworm", "python:3.11-slim"}
# Debian packages giving what python:3.11-slim-bookworm has on top of debian:bookworm-slim.
BASE_PACKAGES = ["python3.11", "python3.11-venv", "python3-pip", "python-is-python3",
                 "ca-certificates", "tzdata", "netbase"]
# The environment python:3.11-slim-bookworm sets (its PATH puts /usr/local/bin first).
BASE_ENV = {
    "PATH": "/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin",
    "LANG": "C.UTF-8",
}
SUPPORTED = {"FROM", "RUN", "WORKDIR", "COPY", "ENV", "VOLUME", "EXPOSE", "HEALTHCHECK", "CMD",
             "LABEL"}
# After the build: commands run in the image (WORKDIR, final ENV) that the health check would
# not exercise: the spaCy model and gazetteer load, and one article goes through extraction.
SMOKE = [
    ".venv/bin/python -m extract doctor",
    "echo '{\"id\": \"smoke\", \"text\": \"A car bomb killed 12 people in Mosul on Monday.\"}' "
    "| .venv/bin/python -m extract run - | grep -q Mosul",
    # app.py itself runs in the image (the health check only shows Streamlit is up), and the
    # image needs no "Set up this server now" (assets and gazetteer were built in it).
    ".venv/bin/python -c \"from streamlit.testing.v1 import AppTest; "
    "at = AppTest.from_file('app.py', default_timeout=60).run(); "
    "assert not at.exception, at.exception; labels = [b.label for b in at.button]; "
    "assert 'Set up this server now' not in labels, labels; print('app.py: buttons', labels)\"",
]
# One of the map's vendored scripts (maps/assets.py: static/vendor/ served at /app/static/vendor/).
ASSET = "/app/static/vendor/leaflet/dist/leaflet.js"
BASE_STAMP = ".replay-base-ok"


class ReplayError(RuntimeError):
    """The Dockerfile cannot be replayed, or a step of it failed."""


# --- Dockerfile parsing -------------------------------------------------------------------------

@dataclass
class Instruction:
    name: str          # upper-case keyword
    args: str          # the rest of the logical line, continuations joined
    line: int          # first physical line (1-based)

    def json_args(self) -> list[str] | None:
        """The exec (JSON array) form's items, or None for the shell form."""
        text = self.args.strip()
        if not text.startswith("["):
            return None
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None
        return value


def parse_dockerfile(text: str) -> list[Instruction]:
    """Logical instructions: comments dropped, backslash continuations joined (default escape)."""
    out: list[Instruction] = []
    buf: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not buf and (not stripped or stripped.startswith("#")):
            continue
        if buf and stripped.startswith("#"):
            continue  # comment lines inside a continued instruction are dropped, as Docker does
        if not buf:
            start = number
        if stripped.endswith("\\"):
            buf.append(stripped[:-1])
            continue
        buf.append(stripped)
        logical = " ".join(part.strip() for part in buf if part.strip())
        buf = []
        keyword, _, rest = logical.partition(" ")
        if "<<" in rest and keyword.upper() in ("RUN", "COPY"):
            raise ReplayError(f"line {start}: heredocs are not supported")
        out.append(Instruction(keyword.upper(), rest.strip(), start))
    if buf:
        raise ReplayError(f"line {start}: the file ends inside a continued line")
    return out


def substitute(text: str, env: dict[str, str]) -> str:
    """$VAR and ${VAR} from the build's environment (unset -> empty), as Docker does."""
    def repl(m: re.Match) -> str:
        return env.get(m.group(1) or m.group(2), "")
    return re.sub(r"\$(?:\{(\w+)\}|(\w+))", repl, text)


def parse_env(args: str, env: dict[str, str]) -> dict[str, str]:
    """``ENV K=V K2="v 2"`` or the legacy ``ENV K V``."""
    words = shlex.split(args, posix=True)
    if not words:
        raise ReplayError("ENV needs arguments")
    if "=" not in words[0]:
        key, _, value = args.strip().partition(" ")
        return {key: substitute(value.strip(), env)}
    pairs = {}
    for word in words:
        key, eq, value = word.partition("=")
        if not eq or not key:
            raise ReplayError(f"ENV: cannot read {word!r}")
        pairs[key] = substitute(value, {**env, **pairs})
    return pairs


def split_flags(args: str) -> tuple[dict[str, str], str]:
    """Leading ``--name=value`` flags of an instruction, and the rest."""
    flags: dict[str, str] = {}
    rest = args.strip()
    while rest.startswith("--"):
        word, _, rest = rest.partition(" ")
        name, _, value = word[2:].partition("=")
        flags[name] = value
        rest = rest.strip()
    return flags, rest


@dataclass
class Healthcheck:
    options: dict[str, str]
    argv: list[str]            # the command, exec form or ["/bin/sh", "-c", ...]

    @property
    def url(self) -> str | None:
        m = re.search(r"https?://[^\s'\"]+", " ".join(self.argv))
        return m.group(0) if m else None


@dataclass
class Plan:
    """What the Dockerfile asks for, checked."""
    base: str
    steps: list[Instruction]                    # everything after FROM, in order
    expose: list[int] = field(default_factory=list)
    cmd: list[str] | None = None
    healthcheck: Healthcheck | None = None


def command_argv(ins: Instruction) -> list[str]:
    exec_form = ins.json_args()
    return exec_form if exec_form is not None else ["/bin/sh", "-c", ins.args]


def plan_dockerfile(instructions: list[Instruction]) -> Plan:
    """Check every instruction is one this replay supports; ReplayError says which is not."""
    if not instructions or instructions[0].name != "FROM":
        raise ReplayError("the Dockerfile must start with FROM (ARG before FROM is not supported)")
    plan: Plan | None = None
    for ins in instructions:
        if ins.name not in SUPPORTED:
            raise ReplayError(f"line {ins.line}: {ins.name} is not supported by this replay "
                              f"(supported: {', '.join(sorted(SUPPORTED))})")
        if ins.name == "FROM":
            if plan is not None:
                raise ReplayError(f"line {ins.line}: multi-stage builds (a second FROM) are not "
                                  "supported")
            flags, rest = split_flags(ins.args)
            words = rest.split()
            if flags or len(words) != 1:
                raise ReplayError(f"line {ins.line}: FROM {ins.args!r}: only a plain image name "
                                  "is supported (no --platform, no AS stage)")
            if words[0] not in BASE_IMAGES:
                raise ReplayError(f"line {ins.line}: base image {words[0]} is not one this "
                                  f"replay stands in for ({', '.join(sorted(BASE_IMAGES))})")
            plan = Plan(base=words[0], steps=[])
            continue
        assert plan is not None
        if ins.name in ("COPY",):
            flags, rest = split_flags(ins.args)
            if flags:
                raise ReplayError(f"line {ins.line}: COPY --{', --'.join(flags)} is not supported")
            if len(copy_args(ins)) < 2:
                raise ReplayError(f"line {ins.line}: COPY needs a source and a destination")
        elif ins.name == "EXPOSE":
            for word in ins.args.split():
                port, _, proto = word.partition("/")
                if not port.isdigit() or proto not in ("", "tcp"):
                    raise ReplayError(f"line {ins.line}: EXPOSE {word}: only TCP port numbers")
                plan.expose.append(int(port))
        elif ins.name == "CMD":
            plan.cmd = command_argv(ins)
        elif ins.name == "HEALTHCHECK":
            flags, rest = split_flags(ins.args)
            if rest.upper() == "NONE":
                plan.healthcheck = None
            elif not rest.upper().startswith("CMD "):
                raise ReplayError(f"line {ins.line}: HEALTHCHECK must be NONE or [options] CMD")
            else:
                body = Instruction("CMD", rest[4:].strip(), ins.line)
                plan.healthcheck = Healthcheck(flags, command_argv(body))
        elif ins.name == "RUN":
            flags, _ = split_flags(ins.args)
            if flags:
                raise ReplayError(f"line {ins.line}: RUN --{', --'.join(flags)} is not supported")
        plan.steps.append(ins)
    assert plan is not None
    return plan


def copy_args(ins: Instruction) -> list[str]:
    _, rest = split_flags(ins.args)
    exec_form = Instruction(ins.name, rest, ins.line).json_args()
    return exec_form if exec_form is not None else shlex.split(rest)


# --- .dockerignore --------------------------------------------------------------------------------

def _pattern_regex(pattern: str) -> re.Pattern:
    """Docker's (moby patternmatcher) translation of one pattern into a regular expression."""
    out = "^"
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "*":
            if pattern[i + 1:i + 2] == "*":
                i += 1
                if pattern[i + 1:i + 2] == "/":
                    i += 1
                out += ".*" if i + 1 >= len(pattern) else "(.*/)?"
            else:
                out += "[^/]*"
        elif ch == "?":
            out += "[^/]"
        elif ch == "\\" and i + 1 < len(pattern):
            i += 1
            out += re.escape(pattern[i])
        elif ch == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                out += re.escape(ch)
            else:
                out += pattern[i:end + 1]
                i = end
        else:
            out += re.escape(ch)
        i += 1
    return re.compile(out + "$")


def load_dockerignore(context: Path) -> list[tuple[bool, re.Pattern]]:
    """(exclude?, regex) per pattern of ``context/.dockerignore``, in file order."""
    path = context / ".dockerignore"
    rules = []
    if not path.exists():
        return rules
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        exclude = not line.startswith("!")
        line = line.lstrip("!").strip()
        line = os.path.normpath(line).lstrip("/")
        if line in ("", "."):
            continue
        rules.append((exclude, _pattern_regex(line)))
    return rules


def is_ignored(relpath: str, rules: list[tuple[bool, re.Pattern]]) -> bool:
    """Whether a path of the context (posix, relative) is left out: the last matching pattern
    wins, and a pattern matching a parent folder matches everything below it."""
    parts = relpath.split("/")
    prefixes = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
    ignored = False
    for exclude, regex in rules:
        if any(regex.match(p) for p in prefixes):
            ignored = exclude
    return ignored


def context_files(context: Path, rules) -> list[str]:
    """Every file, link and empty folder of the context that a build would send, relative."""
    keep_negations = any(not exclude for exclude, _ in rules)
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(context):
        rel_dir = os.path.relpath(dirpath, context)
        rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/")
        kept_dirs = []
        for d in sorted(dirnames):
            rel = f"{rel_dir}/{d}" if rel_dir else d
            full = Path(dirpath) / d
            if full.is_symlink():
                if not is_ignored(rel, rules):
                    out.append(rel)
                continue
            if is_ignored(rel, rules) and not keep_negations:
                continue
            kept_dirs.append(d)
            if not is_ignored(rel, rules):
                out.append(rel + "/")
        dirnames[:] = kept_dirs
        for f in sorted(filenames):
            rel = f"{rel_dir}/{f}" if rel_dir else f
            if not is_ignored(rel, rules):
                out.append(rel)
    return out


def copy_sources(ins: Instruction, context: Path, rules) -> list[str]:
    """The context paths (relative) a COPY names; ReplayError if one is missing or ignored."""
    words = copy_args(ins)
    found = []
    for src in words[:-1]:
        rel = os.path.normpath(src).lstrip("/")
        rel = "" if rel == "." else rel
        path = context / rel
        if not path.exists() and not path.is_symlink():
            raise ReplayError(f"line {ins.line}: COPY source {src!r} is not in the build context")
        if rel and is_ignored(rel, rules):
            raise ReplayError(f"line {ins.line}: COPY source {src!r} is excluded by .dockerignore")
        found.append(rel)
    return found


def check(dockerfile: Path, context: Path) -> Plan:
    """Parse and check without building: supported instructions, COPY sources present."""
    plan = plan_dockerfile(parse_dockerfile(dockerfile.read_text()))
    rules = load_dockerignore(context)
    for ins in plan.steps:
        if ins.name == "COPY":
            copy_sources(ins, context, rules)
    return plan


# --- root file systems and mounts -----------------------------------------------------------------

def log(msg: str) -> None:
    print(msg, flush=True)


def run(argv: list[str], **kw) -> None:
    result = subprocess.run(argv, **kw)
    if result.returncode != 0:
        raise ReplayError(f"exit {result.returncode}: {shlex.join(argv)}")


def mounts_under(path: Path) -> list[str]:
    """Mount points at or below path, deepest first (from /proc/self/mountinfo)."""
    root = str(path.resolve())
    found = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            point = line.split()[4].encode().decode("unicode_escape")
            if point == root or point.startswith(root + "/"):
                found.append(point)
    return sorted(set(found), key=len, reverse=True)


def unmount_all(path: Path) -> None:
    for point in mounts_under(path):
        if subprocess.run(["umount", point]).returncode != 0:
            subprocess.run(["umount", "-l", point])
    left = mounts_under(path)
    if left:
        raise ReplayError(f"could not unmount {left}")


def remove_tree(path: Path) -> None:
    """rm -rf, but never through a mount (a bind of /dev or /sys would be emptied too)."""
    if not path.exists():
        return
    unmount_all(path)
    if mounts_under(path):
        raise ReplayError(f"refusing to delete {path}: something is mounted below it")
    shutil.rmtree(path)


class Mounted:
    """/proc, /dev, /dev/pts, /sys and resolv.conf in a chroot for as long as the block runs."""

    def __init__(self, root: Path):
        self.root = root

    def __enter__(self):
        try:
            for src, rel, how in (("proc", "proc", ["-t", "proc"]),
                                  ("/sys", "sys", ["--bind"]),
                                  ("/dev", "dev", ["--bind"]),
                                  ("/dev/pts", "dev/pts", ["--bind"])):
                target = self.root / rel
                target.mkdir(parents=True, exist_ok=True)
                run(["mount", *how, src, str(target)])
            resolv = self.root / "etc" / "resolv.conf"
            if resolv.is_symlink() or resolv.exists():
                resolv.unlink()
            shutil.copy("/etc/resolv.conf", resolv)
        except BaseException:
            unmount_all(self.root)
            raise
        return self

    def __exit__(self, *exc):
        kill_processes_in(self.root)
        unmount_all(self.root)
        return False


def kill_processes_in(root: Path) -> None:
    """SIGKILL what this replay left running inside the chroot (its root is ``root``)."""
    target = str(root.resolve())
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if os.readlink(f"/proc/{pid}/root") == target:
                os.kill(int(pid), signal.SIGKILL)
        except (OSError, ProcessLookupError):
            pass


def chroot_argv(root: Path, workdir: str, argv: list[str]) -> list[str]:
    return ["chroot", str(root), "/bin/sh", "-c", 'cd "$0" && exec "$@"', workdir, *argv]


def du_mb(path: Path) -> float:
    out = subprocess.run(["du", "-sx", "--block-size=1", str(path)], capture_output=True,
                         text=True, check=True).stdout
    return int(out.split()[0]) / 1e6


# --- the replay ----------------------------------------------------------------------------------

class Timer:
    def __init__(self):
        self.rows: list[tuple[str, float]] = []

    def step(self, label: str, fn, *args):
        log(f"\n==> {label}")
        t0 = time.monotonic()
        try:
            return fn(*args)
        finally:
            dt = time.monotonic() - t0
            self.rows.append((label, dt))
            log(f"<== {dt:7.1f} s  {label}")


def make_base(base: Path, mirror: str, timer: Timer) -> None:
    """debootstrap + the base image's packages into ``base`` (skipped when stamped)."""
    if (base / BASE_STAMP).exists():
        log(f"base rootfs {base}: reused ({(base / BASE_STAMP).read_text().strip()}); "
            "--fresh rebuilds it")
        return
    if shutil.which("debootstrap") is None:
        timer.step("apt-get install debootstrap (host)", run,
                   ["sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive "
                    "apt-get install -y -qq debootstrap"])
    remove_tree(base)
    base.parent.mkdir(parents=True, exist_ok=True)
    try:
        timer.step(f"debootstrap --variant=minbase {SUITE} {base}", run,
                   ["debootstrap", "--variant=minbase", SUITE, str(base), mirror])
    finally:
        unmount_all(base)  # debootstrap mounts proc/sys itself; a failure can leave them
    # debian:bookworm-slim's apt sources (with updates and security) and its "slim" dpkg
    # excludes (no docs, man pages or translations), so sizes compare with the real image.
    (base / "etc/apt/sources.list").unlink(missing_ok=True)
    (base / "etc/apt/sources.list.d/debian.sources").write_text(
        f"Types: deb\nURIs: {mirror}\nSuites: {SUITE} {SUITE}-updates\nComponents: main\n"
        "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n"
        f"Types: deb\nURIs: {mirror}-security\nSuites: {SUITE}-security\nComponents: main\n"
        "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n")
    (base / "etc/dpkg/dpkg.cfg.d/docker").write_text(
        "path-exclude /usr/share/doc/*\npath-include /usr/share/doc/*/copyright\n"
        "path-exclude /usr/share/man/*\npath-exclude /usr/share/groff/*\n"
        "path-exclude /usr/share/info/*\npath-exclude /usr/share/locale/*\n"
        "path-include /usr/share/locale/locale.alias\n")
    (base / "etc/apt/apt.conf.d/docker-clean").write_text(
        'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb '
        '/var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };\n'
        'Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";\n')
    script = ("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
              "--no-install-recommends " + " ".join(BASE_PACKAGES) +
              " && apt-get upgrade -y -qq && rm -rf /var/lib/apt/lists/*"
              " && find /usr/share/doc -mindepth 1 -not -name copyright -not -type d -delete"
              " && rm -rf /usr/share/man/* /usr/share/info/* /usr/share/groff/*"
              " && find /usr/share/locale -mindepth 1 -maxdepth 1 -not -name locale.alias"
              " -exec rm -rf {} +")

    def install():
        with Mounted(base):
            run(chroot_argv(base, "/", ["/bin/sh", "-c", script]), env={**BASE_ENV,
                "HOME": "/root"}, stdin=subprocess.DEVNULL)
    timer.step("base image: " + " ".join(BASE_PACKAGES), install)
    version = subprocess.run(["chroot", str(base), "python3.11", "--version"],
                             capture_output=True, text=True, check=True).stdout.strip()
    (base / BASE_STAMP).write_text(f"{version}, {time.strftime('%Y-%m-%d %H:%M')}\n")


def host_ca_files() -> list[Path]:
    return sorted(Path("/usr/local/share/ca-certificates").glob("*.crt"))


def add_host_ca(build: Path) -> dict[str, str]:
    """Copy this host's extra CA certificates into the chroot's trust store (see module doc)."""
    dest = build / "usr/local/share/ca-certificates"
    dest.mkdir(parents=True, exist_ok=True)
    for ca in host_ca_files():
        shutil.copy(ca, dest / ca.name)
    run(["chroot", str(build), "update-ca-certificates"], stdout=subprocess.DEVNULL,
        env=BASE_ENV)
    bundle = "/etc/ssl/certs/ca-certificates.crt"
    return {"PIP_CERT": bundle, "NODE_EXTRA_CA_CERTS": bundle, "SSL_CERT_FILE": bundle}


def copy_into(context: Path, rules, sources: list[str], dest: str, build: Path) -> int:
    """COPY: sources (relative to the context) to dest (absolute in the image). Files count."""
    target = build / dest.lstrip("/")
    is_dir = (dest.endswith("/") or dest.endswith("/.") or len(sources) > 1
              or any((context / s).is_dir() for s in sources) or target.is_dir())
    count = 0
    for src in sources:
        full = context / src
        if full.is_dir() and not full.is_symlink():
            prefix = "" if src == "" else src + "/"
            for rel in context_files(context, rules):
                if not rel.startswith(prefix):
                    continue
                sub = rel[len(prefix):]
                out = target / sub.rstrip("/")
                if rel.endswith("/"):
                    out.mkdir(parents=True, exist_ok=True)
                    continue
                out.parent.mkdir(parents=True, exist_ok=True)
                if out.is_symlink() or out.exists():
                    if out.is_dir() and not out.is_symlink():
                        shutil.rmtree(out)
                    else:
                        out.unlink()
                shutil.copy2(context / rel, out, follow_symlinks=False)
                count += 1
        else:
            out = target / Path(src).name if is_dir else target
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(full, out, follow_symlinks=False)
            count += 1
    return count


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 10) -> tuple[int, bytes, str]:
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status, r.read(), r.headers.get("Content-Type", "")


def serve(plan: Plan, build: Path, workdir: str, env: dict[str, str], timeout: float,
          asset: str, timer: Timer) -> dict:
    """Start CMD on a free port, poll the health URL, run HEALTHCHECK, fetch page and asset."""
    if plan.cmd is None:
        raise ReplayError("the Dockerfile has no CMD")
    exposed = plan.expose[0] if plan.expose else None
    port = free_port()

    def swap(argv: list[str]) -> list[str]:
        if exposed is None:
            return argv
        return [re.sub(rf"(?<!\d){exposed}(?!\d)", str(port), a) for a in argv]
    cmd = swap(plan.cmd)
    log(f"CMD (port {exposed} -> {port}, as docker run -p {port}:{exposed}): {shlex.join(cmd)}")
    health_url = (swap([plan.healthcheck.url])[0] if plan.healthcheck and plan.healthcheck.url
                  else f"http://127.0.0.1:{port}/")
    out: dict = {"port": port}
    logfile = build.parent / "serve.log"
    with Mounted(build), open(logfile, "wb") as log_f:
        t0 = time.monotonic()
        proc = subprocess.Popen(chroot_argv(build, workdir, cmd), env=env, stdout=log_f,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        try:
            def poll():
                while True:
                    if proc.poll() is not None:
                        raise ReplayError(f"CMD exited with {proc.returncode} before answering; "
                                          f"its output: {logfile}\n" +
                                          logfile.read_text(errors="replace")[-3000:])
                    try:
                        status, body, _ = fetch(health_url, timeout=3)
                        if status == 200:
                            return body
                    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                        pass
                    if time.monotonic() - t0 > timeout:
                        raise ReplayError(f"no answer from {health_url} within {timeout:.0f} s; "
                                          f"output: {logfile}")
                    time.sleep(0.5)
            body = timer.step(f"serve: GET {health_url} until 200", poll)
            out["health_s"] = time.monotonic() - t0
            log(f"health: 200 {body[:40]!r} after {out['health_s']:.1f} s")
            if plan.healthcheck:
                hc = swap(plan.healthcheck.argv)

                def healthcheck():
                    r = subprocess.run(chroot_argv(build, workdir, hc), env=env,
                                       stdin=subprocess.DEVNULL, timeout=30)
                    if r.returncode != 0:
                        raise ReplayError(f"HEALTHCHECK command exited {r.returncode}")
                timer.step("HEALTHCHECK command in the chroot: " + shlex.join(hc), healthcheck)
            status, page, ctype = fetch(f"http://127.0.0.1:{port}/")
            if status != 200 or b"<html" not in page.lower():
                raise ReplayError(f"GET / gave {status} {ctype} ({len(page)} bytes)")
            log(f"GET / -> {status} {ctype}, {len(page):,} bytes")
            status, js, ctype = fetch(f"http://127.0.0.1:{port}{asset}")
            if status != 200 or len(js) < 10_000 or b"leaflet" not in js.lower():
                raise ReplayError(f"GET {asset} gave {status} {ctype} ({len(js)} bytes)")
            log(f"GET {asset} -> {status} {ctype}, {len(js):,} bytes (the map's script, "
                "served from the image)")
            out["asset_bytes"] = len(js)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    return out


def replay(args) -> int:
    context = args.context.resolve()
    root = args.root.resolve()
    if root == context or context in root.parents:
        raise ReplayError(f"--root {root} is inside the build context {context}; put it outside")
    if os.geteuid() != 0:
        raise ReplayError("run as root (debootstrap, mount and chroot need it)")
    plan = check(args.dockerfile, context)
    log(f"{args.dockerfile}: FROM {plan.base}, {len(plan.steps)} instructions, all supported")
    rules = load_dockerignore(context)
    files = context_files(context, rules)
    log(f"build context {context}: {sum(not f.endswith('/') for f in files):,} files after "
        ".dockerignore")

    timer = Timer()
    base, build = root / "base", root / "build"
    t_all = time.monotonic()
    if args.fresh:
        remove_tree(root)
    make_base(base, args.mirror, timer)
    base_s = time.monotonic() - t_all

    t_build = time.monotonic()
    try:
        timer.step(f"image from base: cp -a {base} {build}", lambda: (
            remove_tree(build), run(["cp", "-a", "--reflink=auto", str(base), str(build)])))
        (build / BASE_STAMP).unlink(missing_ok=True)
        env = {**BASE_ENV, "HOME": "/root"}
        build_extra: dict[str, str] = {}
        if args.host_ca and host_ca_files():
            build_extra = timer.step("host only: this machine's CA certificates into the "
                                     "chroot's trust store for RUN (not in the Dockerfile)",
                                     add_host_ca, build)
        workdir = "/"
        n = len(plan.steps)
        for i, ins in enumerate(plan.steps, 1):
            label = f"[{i}/{n}] line {ins.line}: {ins.name} {ins.args}"
            if len(label) > 160:
                label = label[:157] + "..."
            if ins.name == "WORKDIR":
                new = substitute(ins.args.strip(), env)
                workdir = new if new.startswith("/") else os.path.join(workdir, new)
                timer.step(label, lambda: (build / workdir.lstrip("/")).mkdir(
                    parents=True, exist_ok=True))
            elif ins.name == "ENV":
                env.update(parse_env(ins.args, env))
                timer.step(label, lambda: None)
            elif ins.name == "COPY":
                sources = copy_sources(ins, context, rules)
                dest = substitute(copy_args(ins)[-1], env)
                dest_abs = os.path.normpath(os.path.join(workdir, dest))
                if dest.endswith("/") or dest.endswith("/.") or dest == ".":
                    dest_abs = dest_abs.rstrip("/") + "/"

                def do_copy():
                    count = copy_into(context, rules, sources, dest_abs, build)
                    log(f"copied {count:,} files to {dest_abs}")
                timer.step(label, do_copy)
            elif ins.name == "RUN":
                argv = command_argv(ins)

                def do_run():
                    with Mounted(build):
                        run(chroot_argv(build, workdir, argv), env={**env, **build_extra},
                            stdin=subprocess.DEVNULL)
                timer.step(label, do_run)
            elif ins.name == "VOLUME":
                vols = ins.json_args() or ins.args.split()
                timer.step(label, lambda: [(build / substitute(v, env).lstrip("/")).mkdir(
                    parents=True, exist_ok=True) for v in vols])
            else:  # EXPOSE, HEALTHCHECK, CMD, LABEL: metadata, used when serving
                timer.step(label, lambda: None)
        build_s = time.monotonic() - t_build

        for command in ([] if args.no_smoke else SMOKE):
            def smoke(command=command):
                with Mounted(build):
                    run(chroot_argv(build, workdir, ["/bin/sh", "-c", command]), env=env,
                        stdin=subprocess.DEVNULL)
            timer.step(f"smoke (in the image): {command}", smoke)

        served = {}
        if not args.no_serve:
            served = serve(plan, build, workdir, env, args.timeout, args.asset, timer)
    finally:
        unmount_all(build) if build.exists() else None
    size = du_mb(build)
    app_size = du_mb(build / workdir.lstrip("/"))

    log("\n==== summary ====")
    for label, dt in timer.rows:
        log(f"{dt:8.1f} s  {label[:110]}")
    log(f"base rootfs (debootstrap + base packages): {base_s / 60:.1f} min"
        f"{' (reused)' if base_s < 5 else ''}")
    log(f"Dockerfile replay (build): {build_s:.0f} s = {build_s / 60:.1f} min")
    log(f"rootfs {build}: {size:,.0f} MB (of which {workdir}: {app_size:,.0f} MB)")
    if served:
        log(f"health OK in {served['health_s']:.1f} s after CMD start; page and "
            f"{args.asset} served ({served['asset_bytes']:,} bytes)")
    elif args.no_serve:
        log("CMD not started (--no-serve)")
    log(f"total {(time.monotonic() - t_all) / 60:.1f} min")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--root", type=Path, default=DEFAULT_ROOT,
                   help=f"where the root file systems go (default {DEFAULT_ROOT}; outside the "
                        "repository)")
    p.add_argument("--fresh", action="store_true",
                   help="rebuild the base rootfs (debootstrap) instead of reusing it")
    p.add_argument("--dockerfile", type=Path, default=REPO / "Dockerfile")
    p.add_argument("--context", type=Path, default=REPO, help="build context (default: repo)")
    p.add_argument("--mirror", default=DEFAULT_MIRROR, help="Debian mirror for debootstrap/apt")
    p.add_argument("--no-host-ca", dest="host_ca", action="store_false",
                   help="do not add this host's /usr/local/share/ca-certificates to the chroot")
    p.add_argument("--no-smoke", action="store_true", help="skip the in-image smoke commands")
    p.add_argument("--no-serve", action="store_true", help="build only; do not start the CMD")
    p.add_argument("--timeout", type=float, default=180, help="seconds to wait for health")
    p.add_argument("--asset", default=ASSET, help="a static asset the app must serve")
    p.add_argument("--check", action="store_true",
                   help="only parse the Dockerfile and check COPY sources; no root needed")
    args = p.parse_args(argv)

    def stop(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")
    # A kill (TERM/HUP) runs the finally blocks too, so the chroot's mounts are undone.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, stop)
    try:
        if args.check:
            plan = check(args.dockerfile, args.context.resolve())
            print(f"ok: FROM {plan.base}, {len(plan.steps)} instructions, EXPOSE "
                  f"{plan.expose}, CMD {plan.cmd}")
            return 0
        return replay(args)
    except ReplayError as e:
        print(f"replay_dockerfile: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as e:
        print(f"replay_dockerfile: interrupted ({e or 'Ctrl-C'}); mounts undone",
              file=sys.stderr)
        return 130
    finally:
        if not args.check and mounts_under(args.root):
            print(f"replay_dockerfile: still mounted: {mounts_under(args.root)}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
