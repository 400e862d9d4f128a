"""Shared secrets of the services (Rasa API token, action-server secret, the
key that seals personal data in stored conversations).

A secret comes from its environment variable, else from its file, which
``scripts/run.sh`` creates once with mode 600 (``python -m bot.secrets ensure
FILE``). Secrets are never passed on a command line, where ``ps`` shows them.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from bot import settings

ROOT = Path(__file__).resolve().parent.parent
ACTION_SECRET_ENV = "ACTION_SERVER_SECRET"
ACTION_SECRET_FILE = ROOT / ".action-secret"
# Key that seals personal slot values in the stored conversations (bot/sealing.py).
TRACKER_SEAL_ENV = "TRACKER_SEAL_KEY"
TRACKER_SEAL_FILE = ROOT / ".tracker-seal-key"
# Shorter secrets are refused: they can be guessed.
MIN_LENGTH = 16
# Values from examples and docs that must never protect a real server.
KNOWN_DEFAULTS = frozenset({"changeme", "secret", "change-me-please", "development-secret"})


class MissingSecret(RuntimeError):
    """A service was asked to start without a usable secret."""


def read_secret(env_name: str, path: Path) -> str | None:
    """``$env_name``, else the first line of ``path``; None when neither is set."""
    value = settings.raw(env_name)
    if value:
        return value
    try:
        value = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return value or None


def require_secret(env_name: str, path: Path) -> str:
    """The secret, or :class:`MissingSecret` when it is missing, short or a known default.

    ``$<env_name>_FILE`` names another file than ``path`` (e.g. a mounted secret).
    """
    path = Path(settings.secret_file(env_name) or path)
    value = read_secret(env_name, path)
    if value is None:
        raise MissingSecret(f"{env_name} is not set and {path.name} does not exist")
    if len(value) < MIN_LENGTH or value.lower() in KNOWN_DEFAULTS:
        raise MissingSecret(f"{env_name} is too short or a known default value")
    return value


def ensure_secret_file(path: Path) -> None:
    """Create ``path`` with a new random secret (mode 600) unless it exists;
    tighten an existing file's mode to 600."""
    if path.exists():
        path.chmod(0o600)
        return
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(secrets.token_urlsafe(32) + "\n")


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "ensure":
        print("usage: python -m bot.secrets ensure FILE", file=sys.stderr)
        return 2
    ensure_secret_file(Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, else None."""
    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None
