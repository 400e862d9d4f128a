#!/usr/bin/env bash
# Installs the Python environment into .venv from the pinned lock file.
# Rasa 3.6 declares Python <3.11; uv with the overrides in requirements/
# installs it on 3.11. Plain pip would backtrack for a long time.
set -euo pipefail
cd "$(dirname "$0")/.."
uv_version="${1:-0.13.8}"

# Called as a module: a fresh pip install of uv need not be on PATH (pyenv shims).
if [ "$(python3 -m uv --version 2>/dev/null | cut -d' ' -f2)" != "$uv_version" ]; then
  python3 -m pip install --quiet --disable-pip-version-check "uv==$uv_version"
fi
uv() { python3 -m uv "$@"; }

[ -x .venv/bin/python ] || uv venv --quiet --python 3.11 .venv
uv pip sync --quiet --python .venv/bin/python requirements/dev.lock
uv pip install --quiet --python .venv/bin/python --no-deps -e packages/de_referral_nlp
echo "Python environment ready in .venv"
