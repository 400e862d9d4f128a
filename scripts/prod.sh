#!/usr/bin/env bash
# The production profile on this machine (docs/deployment.md): PostgreSQL,
# Redis, two Rasa servers, two action servers, the web app and nginx in front.
#   scripts/prod.sh start      start everything that is not running; returns once
#                              all parts answer (exit 1 when a part fails to start)
#   scripts/prod.sh stop       stop everything (nothing if not running)
#   scripts/prod.sh run        start, then wait in the foreground; Ctrl-C stops all (make prod)
#   scripts/prod.sh status     each part: running or stopped (exit 1 when one is stopped)
#   scripts/prod.sh url        the front URL
#   scripts/prod.sh stop-part PART / start-part PART
#                              one part only (failure tests): postgres, redis, nginx,
#                              web, rasa-1, rasa-2, …, actions-1, actions-2, …
#   scripts/prod.sh deps       install Debian's redis-server and nginx-light (root, when missing)
#   scripts/prod.sh secrets    create the secrets (also those docker-compose.yml needs)
#   scripts/prod.sh render-nginx   print the nginx config for docker-compose.yml
#
# Front URL: http://127.0.0.1:8088 (PROD_PORT): demo pages, agent console,
# widget (/socket.io/), REST channel (/webhooks/rest/webhook) and Rasa's HTTP
# API (/conversations/…, /status). Secrets (mode 600, created once) in
# .prod/secrets/: rasa-token (Rasa's API token), rest-token (REST channel
# token), rest-jwt-secret, action-secret, tracker-seal-key, console-secret,
# redis-password, console-password (demo login `anna`). Logs in .prod/logs/.
#
# Everything listens on 127.0.0.1. Ports: front PROD_PORT (8088); inside:
# web app 8089, action upstream 8090, Rasa 5105…, action servers 5155…,
# Redis 56379, PostgreSQL 55433. PROD_RASA_SERVERS and PROD_ACTION_SERVERS
# (default 2 each) set how many processes run.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

# The services outlive this script: none may inherit its open files, such as
# the lock of `flock /tmp/heavy.lock scripts/prod.sh start`, which would stay
# held as long as the profile runs.
for fd in /proc/$$/fd/*; do
  fd="${fd##*/}"
  [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"
done

PROD="$ROOT/.prod"
SECRETS="$PROD/secrets"
RUN="$PROD/run"
LOGS="$PROD/logs"
PY="$ROOT/.venv/bin/python"

FRONT_PORT="${PROD_PORT:-8088}"
FRONT_URL="http://127.0.0.1:$FRONT_PORT"
WEB_PORT=8089
ACTIONS_PORT=8090
RASA_BASE_PORT=5105
ACTION_BASE_PORT=5155
REDIS_PORT=56379
PG_PORT=55433
RASA_SERVERS="${PROD_RASA_SERVERS:-2}"
ACTION_SERVERS="${PROD_ACTION_SERVERS:-2}"
START_TIMEOUT=300

die() { echo "prod.sh: $*" >&2; exit 1; }

# ---------------------------------------------------------------------------
# Debian packages

deps() {
  local missing=()
  command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
  [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  [ "${#missing[@]}" -eq 0 ] && return
  [ "$(id -u)" -eq 0 ] || die "missing ${missing[*]}: run 'sudo scripts/prod.sh deps' once"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  # The packages' own services are not the profile's: stop them if apt started them.
  if command -v service >/dev/null 2>&1; then
    service redis-server stop >/dev/null 2>&1 || true
    service nginx stop >/dev/null 2>&1 || true
  fi
}

# ---------------------------------------------------------------------------
# Secrets and configs

secret() { tr -d '\n' <"$SECRETS/$1"; }

ensure_secrets() {
  mkdir -p "$SECRETS" "$RUN" "$LOGS"
  chmod 700 "$SECRETS"
  local name
  for name in rasa-token rest-token rest-jwt-secret action-secret tracker-seal-key \
    console-secret redis-password; do
    "$PY" -m bot.secrets ensure "$SECRETS/$name"
  done
}

pg() { PG_ROOT="$PROD/pg" PG_DATABASE=referrals PG_DURABLE=1 PG_TEST_PORT="$PG_PORT" \
  bash "$ROOT/scripts/postgres.sh" "$@"; }

database_url() { pg url; }

rasa_port() { echo $((RASA_BASE_PORT + $1 - 1)); }
action_port() { echo $((ACTION_BASE_PORT + $1 - 1)); }

# The nginx config: render_nginx PREFIX [compose]. Without `compose`, for this
# machine (loopback ports); with it, for docker-compose.yml's service names
# (deploy/nginx.compose.conf, which a test keeps equal to this rendering).
render_nginx() {
  local prefix="$1" mode="${2:-local}" rasa_all="" rasa_nodes="" sid_map="" actions_all="" i
  local rasa_host action_host web_server listen_host
  for i in $(seq 1 "$RASA_SERVERS"); do
    if [ "$mode" = compose ]; then rasa_host="rasa-$i:5005"; else rasa_host="127.0.0.1:$(rasa_port "$i")"; fi
    rasa_all+="        server $rasa_host max_fails=1 fail_timeout=5s;"$'\n'
    rasa_nodes+="    upstream rasa_r$i { server $rasa_host; }"$'\n'
    sid_map+="        ~^r$i\\. rasa_r$i;"$'\n'
  done
  for i in $(seq 1 "$ACTION_SERVERS"); do
    if [ "$mode" = compose ]; then action_host="actions-$i:5055"; else action_host="127.0.0.1:$(action_port "$i")"; fi
    actions_all+="        server $action_host max_fails=1 fail_timeout=5s;"$'\n'
  done
  if [ "$mode" = compose ]; then
    web_server="web:8080"; listen_host="0.0.0.0"
  else
    web_server="127.0.0.1:$WEB_PORT"; listen_host="127.0.0.1"
  fi
  PREFIX="$prefix" FRONT_PORT="$FRONT_PORT" ACTIONS_PORT="$ACTIONS_PORT" WEB_SERVER="$web_server" \
    LISTEN_HOST="$listen_host" RASA_ALL="${rasa_all%$'\n'}" RASA_NODES="${rasa_nodes%$'\n'}" \
    RASA_SID_MAP="${sid_map%$'\n'}" ACTIONS_ALL="${actions_all%$'\n'}" "$PY" -c '
import os, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
names = ("PREFIX", "FRONT_PORT", "ACTIONS_PORT", "WEB_SERVER", "LISTEN_HOST", "RASA_ALL",
         "RASA_NODES", "RASA_SID_MAP", "ACTIONS_ALL")
for name in names:
    text = text.replace(f"@{name}@", os.environ[name])
left = re.findall(r"@[A-Z_]+@", text)
if left:
    sys.exit(f"unfilled placeholders: {left}")
sys.stdout.write(text)
' "$ROOT/deploy/nginx.conf.template"
}

# ---------------------------------------------------------------------------
# Processes

pid_of() { [ -s "$RUN/$1.pid" ] && cat "$RUN/$1.pid"; }

alive() {
  local pid
  pid="$(pid_of "$1" 2>/dev/null)" || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# spawn NAME VAR=VALUE... -- COMMAND...: start in the background, own session,
# log in .prod/logs. The variables are exported, never on a command line.
spawn() {
  local name="$1"; shift
  (
    while [ "$1" != "--" ]; do export "${1?}"; shift; done
    shift
    export PYTHONUNBUFFERED=1
    exec setsid "$@" >>"$LOGS/$name.log" 2>&1 </dev/null
  ) &
  echo $! >"$RUN/$name.pid"
}

stop_pid_file() {
  local name="$1" pid i
  pid="$(pid_of "$name" 2>/dev/null)" || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$RUN/$name.pid"
}

# wait_http NAME URL: until URL answers 200, the process NAME dies, or the timeout.
wait_http() {
  local name="$1" url="$2" deadline=$((SECONDS + START_TIMEOUT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if [ -n "$name" ] && ! alive "$name"; then
      tail -n 30 "$LOGS/$name.log" >&2 || true
      die "$name died on start (log: .prod/logs/$name.log)"
    fi
    # The URL (it may hold a token) through stdin, never on a command line.
    if printf 'url = "%s"\n' "$url" | curl -fsS -o /dev/null --max-time 3 -K - 2>/dev/null; then
      return 0
    fi
    sleep 1
  done
  die "$name not up after ${START_TIMEOUT}s (log: .prod/logs/$name.log)"
}

common_env() {
  echo "DATABASE_URL=$(database_url)"
  echo "TRACKER_SEAL_KEY=$(secret tracker-seal-key)"
  echo "ACTION_SERVER_SECRET=$(secret action-secret)"
}

start_postgres() {
  pg start >/dev/null
  local url
  url="$(database_url)"
  DATABASE_URL="$url" "$PY" -m bot.migrate upgrade >>"$LOGS/setup.log" 2>&1 ||
    die "migration failed (.prod/logs/setup.log)"
  DATABASE_URL="$url" "$PY" -m bot.demo_data --if-empty >>"$LOGS/setup.log" 2>&1 ||
    die "demo data failed (.prod/logs/setup.log)"
  # A demo login for the console while there is no agent (as scripts/run.sh).
  if [ "$(DATABASE_URL="$url" "$PY" -m bot.agents list | wc -l)" -eq 0 ]; then
    local password
    password="$("$PY" -c "import secrets; print(secrets.token_urlsafe(12))")"
    printf '%s\n' "$password" |
      DATABASE_URL="$url" "$PY" -m bot.agents create anna --name Anna --password-stdin >/dev/null
    (umask 077 && printf '%s\n' "$password" >"$SECRETS/console-password")
  fi
}

start_redis() {
  alive redis && return 0
  mkdir -p "$PROD/redis"
  # The password is read from its file by awk, never on a command line.
  (umask 077 && awk -v prefix="$PROD/redis" -v port="$REDIS_PORT" \
    -v secret_file="$SECRETS/redis-password" \
    'BEGIN { getline password <secret_file }
     { gsub("@PREFIX@", prefix); gsub("@REDIS_PORT@", port); gsub("@REDIS_PASSWORD@", password); print }' \
    "$ROOT/deploy/redis.conf.template" >"$PROD/redis/redis.conf.new")
  mv "$PROD/redis/redis.conf.new" "$PROD/redis/redis.conf"
  rm -f "$PROD/redis/redis.pid"
  redis-server "$PROD/redis/redis.conf" || die "redis-server failed (.prod/redis/redis.log)"
  local i
  for i in $(seq 1 50); do
    [ -s "$PROD/redis/redis.pid" ] && break
    sleep 0.1
  done
  cp "$PROD/redis/redis.pid" "$RUN/redis.pid"
  for i in $(seq 1 50); do
    REDISCLI_AUTH="$(secret redis-password)" redis-cli -p "$REDIS_PORT" ping 2>/dev/null |
      grep -q PONG && return 0
    sleep 0.1
  done
  die "Redis does not answer (.prod/redis/redis.log)"
}

start_actions() {
  local i="$1" name="actions-$1"
  alive "$name" && return 0
  # shellcheck disable=SC2046
  spawn "$name" $(common_env) -- "$PY" -m actions.server --port "$(action_port "$i")"
}

start_rasa() {
  local i="$1" name="rasa-$1"
  alive "$name" && return 0
  # shellcheck disable=SC2046
  spawn "$name" $(common_env) \
    "RASA_AUTH_TOKEN=$(secret rasa-token)" \
    "REST_CHANNEL_TOKEN=$(secret rest-token)" \
    "REST_JWT_SECRET=$(secret rest-jwt-secret)" \
    "REDIS_PASSWORD=$(secret redis-password)" \
    "REDIS_HOST=127.0.0.1" "REDIS_PORT=$REDIS_PORT" \
    "SOCKETIO_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0" \
    "SOCKETIO_NODE=r$i" \
    "ACTION_ENDPOINT_URL=http://127.0.0.1:$ACTIONS_PORT/webhook" \
    "WIDGET_ALLOWED_ORIGINS=http://127.0.0.1:$FRONT_PORT,http://localhost:$FRONT_PORT" \
    "SANIC_PROXIES_COUNT=1" \
    -- "$PY" -m bot.rasa_server --interface 127.0.0.1 --port "$(rasa_port "$i")" \
    --endpoints deploy/endpoints.yml --credentials credentials.yml
}

start_web() {
  alive web && return 0
  make --no-print-directory -s web-deps
  # shellcheck disable=SC2046
  spawn web $(common_env) \
    "RASA_AUTH_TOKEN=$(secret rasa-token)" \
    "CONSOLE_SECRET=$(secret console-secret)" \
    "WEB_HOST=127.0.0.1" "WEB_PORT=$WEB_PORT" \
    "RASA_URL=$FRONT_URL" "WIDGET_SOCKET_URL=$FRONT_URL" \
    "TRUSTED_PROXIES=127.0.0.1" \
    -- "$PY" -m web
}

start_nginx() {
  alive nginx && return 0
  # nginx creates its temporary folders there (for its workers' user).
  mkdir -p "$PROD/nginx"
  rm -f "$PROD/nginx/nginx.pid"
  render_nginx "$PROD/nginx" >"$PROD/nginx/nginx.conf"
  /usr/sbin/nginx -q -t -p "$PROD/nginx" -c "$PROD/nginx/nginx.conf" 2>>"$LOGS/nginx.log" ||
    die "nginx config invalid (.prod/logs/nginx.log)"
  /usr/sbin/nginx -p "$PROD/nginx" -c "$PROD/nginx/nginx.conf" -g "daemon on;" 2>>"$LOGS/nginx.log" ||
    die "nginx failed (.prod/logs/nginx.log)"
  local i
  for i in $(seq 1 50); do
    [ -s "$PROD/nginx/nginx.pid" ] && break
    sleep 0.1
  done
  cp "$PROD/nginx/nginx.pid" "$RUN/nginx.pid"
}

wait_rasa() {
  wait_http "rasa-$1" "http://127.0.0.1:$(rasa_port "$1")/status?token=$(secret rasa-token)"
}
wait_actions() { wait_http "actions-$1" "http://127.0.0.1:$(action_port "$1")/health"; }

all_parts() {
  local i
  echo postgres redis
  for i in $(seq 1 "$ACTION_SERVERS"); do echo "actions-$i"; done
  for i in $(seq 1 "$RASA_SERVERS"); do echo "rasa-$i"; done
  echo web nginx
}

start_part() {
  case "$1" in
    postgres) start_postgres ;;
    redis) start_redis ;;
    nginx) start_nginx ;;
    web) start_web; wait_http web "http://127.0.0.1:$WEB_PORT/" ;;
    rasa-[0-9]*) start_rasa "${1#rasa-}"; wait_rasa "${1#rasa-}" ;;
    actions-[0-9]*) start_actions "${1#actions-}"; wait_actions "${1#actions-}" ;;
    *) die "unknown part: $1 (parts: $(all_parts | tr '\n' ' '))" ;;
  esac
}

stop_part() {
  case "$1" in
    postgres) pg stop >/dev/null ;;
    *) stop_pid_file "$1" ;;
  esac
}

start() {
  deps
  [ -d models ] && ls models/*.tar.gz >/dev/null 2>&1 || die "no trained model: make train"
  mkdir -p "$PROD"
  chmod 755 "$PROD"
  ensure_secrets
  start_postgres
  start_redis
  local i
  # The slow parts (Rasa loads TensorFlow and the model) start side by side.
  for i in $(seq 1 "$ACTION_SERVERS"); do start_actions "$i"; done
  for i in $(seq 1 "$RASA_SERVERS"); do start_rasa "$i"; done
  start_web
  start_nginx
  for i in $(seq 1 "$ACTION_SERVERS"); do wait_actions "$i"; done
  wait_http web "http://127.0.0.1:$WEB_PORT/"
  for i in $(seq 1 "$RASA_SERVERS"); do wait_rasa "$i"; done
  wait_http nginx "$FRONT_URL/status?token=$(secret rasa-token)"
  echo "Production profile up: $FRONT_URL/ (agent console: $FRONT_URL/console, login anna," \
    "password in .prod/secrets/console-password); logs in .prod/logs/."
}

stop() {
  local part
  # The front first, the data last.
  for part in $(all_parts | tac); do stop_part "$part"; done
  # Processes of a profile started with more servers than now configured.
  for part in "$RUN"/*.pid; do [ -e "$part" ] && stop_pid_file "$(basename "$part" .pid)"; done
  echo "Production profile stopped."
}

status() {
  local part ok=0 state
  for part in $(all_parts); do
    if [ "$part" = postgres ]; then
      (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null && state=running || state=stopped
    elif alive "$part"; then state=running; else state=stopped; fi
    [ "$state" = running ] || ok=1
    printf '%-12s %s\n' "$part" "$state"
  done
  return "$ok"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  run)
    trap 'stop' EXIT
    trap 'exit 130' INT TERM
    start
    echo "Ctrl-C stops the production profile."
    while true; do sleep 3600 & wait $!; done
    ;;
  status) status ;;
  url) echo "$FRONT_URL" ;;
  secrets)
    ensure_secrets
    # docker-compose.yml's database: its password, and the URL with it.
    "$PY" -m bot.secrets ensure "$SECRETS/postgres-password"
    if [ ! -s "$SECRETS/database-url" ]; then
      (umask 077 && printf 'postgresql+psycopg2://referral:%s@postgres/referrals\n' \
        "$(secret postgres-password)" >"$SECRETS/database-url")
    fi
    ;;
  start-part) [ -n "${2:-}" ] || die "usage: $0 start-part PART"; ensure_secrets; start_part "$2" ;;
  stop-part) [ -n "${2:-}" ] || die "usage: $0 stop-part PART"; stop_part "$2" ;;
  deps) deps ;;
  render-nginx) render_nginx /var/cache/nginx compose ;;
  *) die "usage: $0 start|stop|run|status|url|start-part PART|stop-part PART|deps|secrets|render-nginx" ;;
esac
