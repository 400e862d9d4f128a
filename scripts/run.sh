#!/usr/bin/env bash
# Starts the action server and the Rasa server (embedded defaults, one machine).
#   scripts/run.sh         Rasa HTTP server on :5005 (REST and socket.io channels,
#                          token-protected API) and the web app with the demo pages
#                          of the chat widget on :8080 (WEB_PORT)
#   scripts/run.sh shell   chat in the terminal instead
set -euo pipefail
cd "$(dirname "$0")/.."

# The HTTP API (tracker, events, model) requires this token; bot.rasa_server
# reads it from the environment or the file, never from the command line.
if [ -z "${RASA_AUTH_TOKEN:-}" ]; then
  .venv/bin/python -m bot.secrets ensure .rasa-token
fi
# The REST channel requires its channel token or a conversation token signed
# with the second secret (channels/rest_auth.py).
if [ -z "${REST_CHANNEL_TOKEN:-}" ]; then
  .venv/bin/python -m bot.secrets ensure .rest-token
fi
if [ -z "${REST_JWT_SECRET:-}" ]; then
  .venv/bin/python -m bot.secrets ensure .rest-jwt-secret
fi
# The action server answers only the Rasa server, which sends this secret
# (endpoints.yml); both files are created once with mode 600.
if [ -z "${ACTION_SERVER_SECRET:-}" ]; then
  .venv/bin/python -m bot.secrets ensure .action-secret
  ACTION_SERVER_SECRET="$(cat .action-secret)"
fi
export ACTION_SERVER_SECRET
# The web app signs the console's CSRF tokens with this key (web/csrf.py).
if [ -z "${CONSOLE_SECRET:-}" ]; then
  .venv/bin/python -m bot.secrets ensure .console-secret
fi

# The tracker store seals customers' codes and e-mail addresses in the stored
# conversations with this key (bot/sealing.py); the Rasa server reads the file.
if [ -z "${TRACKER_SEAL_KEY:-}" ]; then
  .venv/bin/python -m bot.secrets ensure .tracker-seal-key
fi
# Pages allowed to open the chat (channels/socketio.py): the demo pages here.
export WIDGET_ALLOWED_ORIGINS="${WIDGET_ALLOWED_ORIGINS:-http://localhost:${WEB_PORT:-8080},http://127.0.0.1:${WEB_PORT:-8080}}"

# The database (DATABASE_URL, default referral.db): create or upgrade the
# schema, then demo data, but only into the local default database and only
# while it has no programs (`make demo-data` replaces the data on purpose).
.venv/bin/python -m bot.migrate upgrade
if [ -z "${DATABASE_URL:-}" ]; then
  .venv/bin/python -m bot.demo_data --if-empty
  # A demo login for the agent console, only while there is no agent at all:
  # user `anna` with a random password in .console-password (docs/agent-console.md).
  if [ "$(.venv/bin/python -m bot.agents list | wc -l)" -eq 0 ]; then
    password="$(.venv/bin/python -c "import secrets; print(secrets.token_urlsafe(12))")"
    printf '%s\n' "$password" | .venv/bin/python -m bot.agents create anna --name Anna --password-stdin
    (umask 077 && printf '%s\n' "$password" > .console-password)
    unset password
  fi
fi

# Loopback only by default (ACTION_SERVER_HOST for a multi-host set-up).
.venv/bin/python -m actions.server --port 5055 &
actions_pid=$!
trap 'kill "$actions_pid" 2>/dev/null || true' EXIT INT TERM

if [ "${1:-}" = "shell" ]; then
  .venv/bin/rasa shell --endpoints endpoints.yml
else
  # Web app: demo pages with the chat widget (web/), talking to this Rasa server.
  make --no-print-directory -s web-deps
  WIDGET_SOCKET_URL="${WIDGET_SOCKET_URL:-http://localhost:${RASA_PORT:-5005}}" .venv/bin/python -m web &
  web_pid=$!
  trap 'kill "$actions_pid" "$web_pid" 2>/dev/null || true' EXIT INT TERM
  echo "Demo pages with the chat widget: http://localhost:${WEB_PORT:-8080}/"
  if [ -s .console-password ]; then
    echo "Agent console: http://localhost:${WEB_PORT:-8080}/console (demo login anna, password in .console-password)"
  else
    echo "Agent console: http://localhost:${WEB_PORT:-8080}/console (accounts: make agent USER=… NAME=…)"
  fi
  echo "Rasa API token is in .rasa-token (or \$RASA_AUTH_TOKEN); REST channel token in .rest-token."
  .venv/bin/python -m bot.rasa_server \
    --port "${RASA_PORT:-5005}" --endpoints endpoints.yml --credentials credentials.yml
fi
