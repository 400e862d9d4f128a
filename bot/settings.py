"""Every setting the project reads from the environment, in one table, and
the only functions that read them.

``docs/configuration.md`` is this table as Markdown (``python -m
bot.settings`` prints it; a test keeps the two equal), and a test fails when
a module reads ``os.environ`` itself. A name missing from the table is a
programming error (``KeyError``), so a setting cannot be used undocumented.

Numbers that cannot be read fall back to their default rather than stopping
a service: a typo in a timer must not keep the bot or the console from
starting. Secrets are read by ``bot.secrets`` (variable, else its file).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | int | float | None  # None: unset unless configured
    used_by: str
    description: str
    minimum: int | float | None = None  # numbers only
    maximum: int | float | None = None  # numbers only; None: no upper bound


SETTINGS: tuple[Setting, ...] = (
    # --- Databases ---
    Setting(
        "DATABASE_URL",
        None,
        "all",
        "Referral database (SQLAlchemy URL); unset: `referral.db` (SQLite) in the project folder.",
    ),
    Setting(
        "TRACKER_DATABASE_URL",
        None,
        "Rasa, web app",
        "A database of its own for the conversations (Rasa's tracker store); unset: "
        "the referral database.",
    ),
    Setting(
        "CONVERSATION_RETENTION_DAYS",
        90,
        "web app, `make prune-conversations`",
        "Conversations older than this are deleted.",
        minimum=1,
    ),
    Setting(
        "RETENTION_SWEEP_HOURS",
        24.0,
        "web app",
        "How often the web app deletes old conversations; 0 switches it off.",
        minimum=0.0,
    ),
    # --- Secrets (value, or `<NAME>_FILE` naming a file; default: the file) ---
    Setting(
        "ACTION_SERVER_SECRET",
        ".action-secret",
        "Rasa, action server",
        "Shared secret of Rasa and the action server (`Authorization: Bearer`).",
    ),
    Setting(
        "RASA_AUTH_TOKEN",
        ".rasa-token",
        "Rasa, web app",
        "Token of Rasa's HTTP API (the web app and the console use it).",
    ),
    Setting(
        "REST_CHANNEL_TOKEN",
        ".rest-token",
        "Rasa",
        "Integrator token of the REST channel, good for every sender id.",
    ),
    Setting(
        "REST_JWT_SECRET",
        ".rest-jwt-secret",
        "Rasa",
        "Signs the REST channel's conversation tokens (one sender id each).",
    ),
    Setting(
        "TRACKER_SEAL_KEY",
        ".tracker-seal-key",
        "Rasa, action server, web app",
        "Key that seals personal slot values in the stored conversations.",
    ),
    Setting(
        "CONSOLE_SECRET",
        ".console-secret",
        "web app",
        "Signs the agent console's session cookies and CSRF tokens.",
    ),
    Setting(
        "WIDGET_TOKEN_SECRET",
        None,
        "action server",
        "Verifies signed identity tokens of logged-in customers (no token login when unset).",
    ),
    Setting(
        "REDIS_PASSWORD",
        None,
        "Rasa",
        "Password of the Redis server of `SOCKETIO_REDIS_URL` and of Rasa's lock store "
        "(production profile: `.prod/secrets/redis-password`).",
    ),
    # --- Services ---
    Setting(
        "ACTION_SERVER_HOST",
        "127.0.0.1",
        "action server",
        "Address the action server listens on.",
    ),
    Setting("ACTION_SERVER_PORT", 5055, "action server", "Port of the action server.", minimum=1),
    Setting("RASA_URL", "http://localhost:5005", "web app", "Where the web app reaches Rasa."),
    Setting("WEB_HOST", "127.0.0.1", "web app", "Address the web app listens on."),
    Setting("WEB_PORT", 8080, "web app", "Port of the web app.", minimum=1),
    Setting("WEB_LOG_LEVEL", "info", "web app", "uvicorn's log level."),
    Setting(
        "TRUSTED_PROXIES",
        None,
        "web app",
        "Comma-separated proxy addresses whose `X-Forwarded-For` is believed.",
    ),
    Setting(
        "CONSOLE_SECURE_COOKIES",
        None,
        "web app",
        "`1`: console cookies only over HTTPS (set it behind TLS).",
    ),
    # --- Chat widget ---
    Setting(
        "WIDGET_SOCKET_URL",
        "http://localhost:5005",
        "web app",
        "The socket.io server the demo pages' widget connects to.",
    ),
    Setting("WIDGET_SOCKET_PATH", "/socket.io", "web app", "Its socket.io path."),
    Setting(
        "SOCKETIO_REDIS_URL",
        None,
        "Rasa",
        "Redis (`redis://host:port/db`) that shares socket.io messages between several Rasa "
        "processes (production profile, `docs/deployment.md`); unset: one process, no Redis.",
    ),
    Setting(
        "SOCKETIO_NODE",
        None,
        "Rasa",
        "Name of this Rasa process (letters, digits): its engine.io session ids start with "
        "`<name>.`, by which the balancer routes long polling back to it.",
    ),
    Setting(
        "WIDGET_ALLOWED_ORIGINS",
        None,
        "Rasa",
        "Comma-separated websites allowed to open the chat; unset: `cors_allowed_origins` "
        "in credentials.yml (`make run`: the web app's own pages).",
    ),
    # --- Verification ---
    Setting(
        "VERIFICATION_TTL_MINUTES",
        120,
        "action server",
        "How long a verification holds (a new session ends it earlier).",
        minimum=1,
    ),
    Setting(
        "VERIFICATION_MAX_FAILURES_PER_CLIENT",
        10,
        "action server",
        "Failed verifications per client and hour before further tries wait.",
        minimum=1,
    ),
    # --- Handoff to agents ---
    Setting(
        "HANDOFF_MAX_WAIT_SECONDS",
        600,
        "web app",
        "After this wait without an agent the customer is offered a reply by e-mail.",
        minimum=1,
    ),
    Setting(
        "AGENT_IDLE_SECONDS",
        300,
        "web app",
        "An agent silent this long gives the conversation back to the queue.",
        minimum=1,
    ),
    Setting(
        "AGENT_ONLINE_SECONDS",
        60,
        "action server, web app",
        "An agent counts as online this long after the console's last sign of life.",
        minimum=1,
    ),
    Setting(
        "HANDOFF_MINUTES_PER_CUSTOMER",
        5,
        "action server",
        "Minutes per waiting customer in the expected wait the bot announces.",
        minimum=1,
    ),
    Setting(
        "HANDOFF_SWEEP_SECONDS",
        2.0,
        "web app",
        "How often the web app checks the timers above; 0 switches the check off.",
        minimum=0.0,
    ),
    # --- Survey after the rating ---
    Setting(
        "NPS_SHARE",
        1.0,
        "action server",
        "Share of conversations (0 to 1, chosen by conversation id) asked after the rating "
        "how likely they are to recommend the program (NPS); 0 switches the question off.",
        minimum=0.0,
        maximum=1.0,
    ),
    # --- Mail server for the agents' answers to tickets (web/mailer.py) ---
    Setting(
        "SMTP_HOST",
        None,
        "web app",
        "The mail server; without it (or `SMTP_FROM`) answers stay drafts.",
    ),
    Setting("SMTP_PORT", None, "web app", "Its port; unset: 587 with STARTTLS, else 25."),
    Setting(
        "SMTP_FROM",
        None,
        "web app",
        "Sender, e.g. `Empfehlungsprogramm <service@betreiber.example>`.",
    ),
    Setting("SMTP_USER", None, "web app", "Login name, if the server needs one."),
    Setting("SMTP_PASSWORD", None, "web app", "Its password."),
    Setting(
        "SMTP_STARTTLS",
        None,
        "web app",
        "`0` sends without STARTTLS (a relay on the same network only); "
        "otherwise a server without STARTTLS is refused.",
    ),
    # --- Development ---
    Setting(
        "BOT_TODAY",
        None,
        "all",
        "Pins today's date (YYYY-MM-DD) for demos and tests.",
    ),
    Setting(
        "DE_REFERRAL_NLP_LEMMAS",
        None,
        "Rasa",
        "`base` switches off the simplemma refinement of lemmas (pipeline comparisons only).",
    ),
)

BY_NAME = {setting.name: setting for setting in SETTINGS}


def _known(name: str) -> Setting:
    """The setting ``name``; ``KeyError`` for a name missing from the table."""
    return BY_NAME[name]


def raw(name: str) -> str | None:
    """The variable's value, stripped; None when unset or empty."""
    _known(name)
    value = os.environ.get(name, "").strip()
    return value or None


def text(name: str) -> str | None:
    """The variable's value, else its default (None when it has none)."""
    default = _known(name).default
    return raw(name) or (str(default) if default is not None else None)


def number(name: str) -> int | float:
    """The variable as a number of its default's type, at least its minimum
    and at most its maximum; unset or unreadable values give the default."""
    setting = _known(name)
    default, minimum = setting.default, setting.minimum
    if not isinstance(default, int | float) or minimum is None:
        raise TypeError(f"{name} is not a number setting")
    value = raw(name)
    if value is None:
        return default
    try:
        parsed = type(default)(value)
    except ValueError:
        return default
    parsed = max(minimum, parsed)
    return parsed if setting.maximum is None else min(setting.maximum, parsed)


def flag(name: str) -> bool:
    """``1`` switches the setting on; anything else leaves it off."""
    return raw(name) == "1"


def secret_file(name: str) -> str | None:
    """``<NAME>_FILE``: another file for the secret ``name`` (e.g. a mounted secret)."""
    _known(name)
    value = os.environ.get(f"{name}_FILE", "").strip()
    return value or None


def markdown() -> str:
    """The table of docs/configuration.md."""
    lines = ["| variable | default | read by | what it does |", "|---|---|---|---|"]
    for setting in SETTINGS:
        default = "—" if setting.default is None else f"`{setting.default}`"
        cells = (f"`{setting.name}`", default, setting.used_by, setting.description)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(markdown())
