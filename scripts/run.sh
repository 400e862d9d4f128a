#!/usr/bin/env bash
# Starts the action server and the Rasa server (embedded defaults, one machine).
#   scripts/run.sh         Rasa HTTP server on :5005 (REST channel, token-protected API)
#   scripts/run.sh shell   chat in the terminal instead
set -euo pipefail
cd "$(dirname "$0")/.."

# The HTTP API (tracker, events, model) requires this token; customers' channels do not.
if [ -z "${RASA_AUTH_TOKEN:-}" ]; then
  [ -s .rasa-token ] || .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(32))" > .rasa-token
  RASA_AUTH_TOKEN="$(cat .rasa-token)"
fi

.venv/bin/rasa run actions --port 5055 --actions actions &
actions_pid=$!
trap 'kill "$actions_pid" 2>/dev/null || true' EXIT INT TERM

if [ "${1:-}" = "shell" ]; then
  .venv/bin/rasa shell --endpoints endpoints.yml
else
  echo "Rasa API token is in .rasa-token (or \$RASA_AUTH_TOKEN)."
  .venv/bin/rasa run --enable-api --auth-token "$RASA_AUTH_TOKEN" \
    --port "${RASA_PORT:-5005}" --endpoints endpoints.yml --credentials credentials.yml
fi
