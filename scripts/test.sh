#!/usr/bin/env bash
# Install everything, then run the whole test suite, browser tests included.
#   bash scripts/test.sh [pytest args...]      e.g. -m "not browser", -k maps, -x
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh
# Debian's chromium for the browser tests (never `playwright install`: it downloads its own
# browser) and PostgreSQL's server binaries for the storage tests (a private cluster per run).
need=()
[[ -x /usr/bin/chromium ]] || need+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
if (( ${#need[@]} )); then
    SUDO=""
    [[ "$(id -u)" != 0 ]] && SUDO="sudo"
    $SUDO apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"
fi
stamp=".venv/.requirements-test.sha256"
want="$(cat requirements.txt requirements-test.txt | sha256sum | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    .venv/bin/python -m pip install --quiet -r requirements-test.txt
    echo "$want" > "$stamp"
fi
exec .venv/bin/python -m pytest -q tests "$@"
