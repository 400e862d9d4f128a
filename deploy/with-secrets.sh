#!/bin/sh
# Entry point of the bot's containers (docker-compose.yml): exports each
# mounted secret file (/run/secrets/<name>) as the environment variable the
# project reads (docs/configuration.md), then runs the command. The values
# exist only inside the container's processes, never in the compose file.
set -eu
for pair in database-url:DATABASE_URL action-secret:ACTION_SERVER_SECRET \
  tracker-seal-key:TRACKER_SEAL_KEY rasa-token:RASA_AUTH_TOKEN rest-token:REST_CHANNEL_TOKEN \
  rest-jwt-secret:REST_JWT_SECRET console-secret:CONSOLE_SECRET redis-password:REDIS_PASSWORD; do
  file="/run/secrets/${pair%%:*}"
  if [ -r "$file" ]; then
    export "${pair#*:}=$(cat "$file")"
  fi
done
exec "$@"
