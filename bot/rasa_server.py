"""Start the Rasa server (``rasa run --enable-api``) with its API token from
the environment or a file, never from the command line.

``rasa run --auth-token TOKEN`` puts the token into the process's command
line, which ``ps`` and ``/proc/<pid>/cmdline`` show to every user of the
machine. This launcher reads the token the way all the project's secrets are
read (``RASA_AUTH_TOKEN``, else the file ``.rasa-token``; ``bot/secrets.py``),
adds ``--auth-token`` to the arguments inside the process only, and hands over
to Rasa's own CLI entry point: every other ``rasa run`` option, the logging
set-up and the exit codes stay Rasa's.

    python -m bot.rasa_server --port 5005 --endpoints endpoints.yml --credentials credentials.yml
"""

from __future__ import annotations

import sys

from bot.secrets import ROOT, MissingSecret, require_secret

TOKEN_ENV = "RASA_AUTH_TOKEN"
TOKEN_FILE = ROOT / ".rasa-token"


def rasa_arguments(options: list[str], token: str) -> list[str]:
    """``sys.argv`` for Rasa's CLI: ``rasa run`` with the API, ``options`` and the token."""
    # "--auth-token=…": a token that starts with "-" would otherwise be read as an option.
    return ["rasa", "run", "--enable-api", *options, f"--auth-token={token}"]


def main(options: list[str]) -> int:
    if any(option.startswith("--auth-token") for option in options):
        print(
            "The token comes from RASA_AUTH_TOKEN or .rasa-token, not --auth-token.",
            file=sys.stderr,
        )
        return 2
    try:
        token = require_secret(TOKEN_ENV, TOKEN_FILE)
    except MissingSecret as error:
        print(f"Rasa server not started: {error}", file=sys.stderr)
        return 2
    from rasa.__main__ import main as rasa_main

    sys.argv = rasa_arguments(options, token)
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
