"""Agent accounts and console logins.

Passwords are hashed with scrypt (standard library, memory-hard) at OWASP's
parameters and a random salt per password; the parameters are stored with the
hash (``scrypt$N$r$p$salt$digest``), and a login with a hash made at other
parameters stores a new one. A login is a random token in an HttpOnly cookie;
the database keeps only its SHA-256 digest, next to the session's random CSRF
nonce (the web app signs it, ``web/csrf.py``).
``python -m bot.agents create USERNAME --name Vorname`` creates an account.
"""

from __future__ import annotations

import argparse
import base64
import getpass
import hashlib
import hmac
import secrets
import sys
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.db import session_scope
from bot.models import Agent, AgentSession

SESSION_LIFETIME = timedelta(hours=10)  # one working day
# The console polls every second; "seen" is written at most this often.
SEEN_RESOLUTION = timedelta(seconds=10)
MIN_PASSWORD = 10


@dataclass(frozen=True)
class ScryptCost:
    """scrypt's parameters: CPU/memory cost ``n`` (a power of two), block size
    ``r``, parallelism ``p``; one computation needs about ``128 * n * r`` bytes."""

    n: int
    r: int
    p: int

    @property
    def maxmem(self) -> int:
        # OpenSSL's own bound (128 * r * (n + p + 2) bytes) plus room; hashlib's
        # default of 32 MiB is too little from n = 2**15 on.
        return 128 * self.r * (self.n + self.p + 2) + 2**20

    def plausible(self) -> bool:
        """Within what a stored hash may ask for (not a memory bomb)."""
        return (
            2 <= self.n <= 2**20
            and self.n & (self.n - 1) == 0
            and 1 <= self.r <= 32
            and 1 <= self.p <= 16
        )


# OWASP's minimum for scrypt (Password Storage Cheat Sheet): 128 MiB and about
# 0.3 s per check on the demo machine, slow for guessing.
PASSWORD_COST = ScryptCost(n=2**17, r=8, p=1)
# Each computation holds 128 MiB: at most this many at once, so that a burst
# of logins cannot exhaust the memory (the others wait their turn).
_CONCURRENT_HASHES = threading.BoundedSemaphore(2)


def _scrypt(password: str, salt: bytes, cost: ScryptCost) -> bytes:
    with _CONCURRENT_HASHES:
        return hashlib.scrypt(
            password.encode("utf-8", "surrogatepass"),
            salt=salt,
            n=cost.n,
            r=cost.r,
            p=cost.p,
            maxmem=cost.maxmem,
        )


def hash_password(password: str, cost: ScryptCost | None = None) -> str:
    """``scrypt$N$r$p$salt$digest`` at ``cost`` (default: ``PASSWORD_COST``)."""
    cost = cost or PASSWORD_COST
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, cost)
    encode = base64.b64encode
    return f"scrypt${cost.n}${cost.r}${cost.p}${encode(salt).decode()}${encode(digest).decode()}"


def _parse(stored: str) -> tuple[ScryptCost, bytes, bytes] | None:
    """Cost, salt and digest of a stored hash; None when it is not one of ours."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        cost = ScryptCost(int(n), int(r), int(p))
        parsed = (cost, base64.b64decode(salt, validate=True), base64.b64decode(digest))
    except (ValueError, TypeError):
        return None
    if scheme != "scrypt" or not cost.plausible() or not parsed[2]:
        return None
    return parsed


def check_password(password: str, stored: str) -> bool:
    parsed = _parse(stored)
    if parsed is None:
        return False
    cost, salt, expected = parsed
    try:
        actual = _scrypt(password, salt, cost)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(actual, expected)


def needs_rehash(stored: str) -> bool:
    """The hash was made at other parameters than ``PASSWORD_COST``."""
    parsed = _parse(stored)
    return parsed is None or parsed[0] != PASSWORD_COST


@cache
def _dummy_hash(cost: ScryptCost) -> str:
    return hash_password(secrets.token_urlsafe(16), cost)


def dummy_hash() -> str:
    """A hash to check against when the user does not exist, so a wrong user
    name costs as long as a wrong password (no user enumeration by timing)."""
    return _dummy_hash(PASSWORD_COST)


def create_agent(session: Session, username: str, display_name: str, password: str) -> Agent:
    username = username.strip().lower()
    if not username or not display_name.strip():
        raise ValueError("Benutzername und Vorname dürfen nicht leer sein.")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"Das Passwort braucht mindestens {MIN_PASSWORD} Zeichen.")
    if session.scalars(select(Agent).where(Agent.username == username)).first():
        raise ValueError(f"Den Benutzer {username} gibt es schon.")
    agent = Agent(
        username=username,
        display_name=display_name.strip(),
        password_hash=hash_password(password),
        active=True,
        created_at=utcnow(),
    )
    session.add(agent)
    session.flush()
    return agent


def set_password(session: Session, username: str, password: str) -> Agent:
    agent = session.scalars(select(Agent).where(Agent.username == username.strip().lower())).first()
    if agent is None:
        raise ValueError(f"Den Benutzer {username} gibt es nicht.")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"Das Passwort braucht mindestens {MIN_PASSWORD} Zeichen.")
    agent.password_hash = hash_password(password)
    session.execute(delete(AgentSession).where(AgentSession.agent_id == agent.id))
    return agent


def authenticate(session: Session, username: str, password: str) -> Agent | None:
    """The active agent with this user name and password, else None. Stores a
    new hash when the old one was made at other parameters."""
    agent = session.scalars(select(Agent).where(Agent.username == username.strip().lower())).first()
    if agent is None or not agent.active:
        check_password(password, dummy_hash())
        return None
    if not check_password(password, agent.password_hash):
        return None
    if needs_rehash(agent.password_hash):
        # The one moment the password is known: bring an older hash up to
        # today's parameters.
        agent.password_hash = hash_password(password)
    return agent


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Login:
    token: str  # goes into the cookie, never stored
    csrf_token: str


def start_session(session: Session, agent: Agent, now: datetime | None = None) -> Login:
    now = now or utcnow()
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.add(
        AgentSession(
            token_digest=_digest(token),
            agent_id=agent.id,
            csrf_token=csrf,
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    agent.last_seen_at = now
    session.execute(delete(AgentSession).where(AgentSession.expires_at < now))
    return Login(token, csrf)


def find_session(
    session: Session, token: str | None, now: datetime | None = None
) -> AgentSession | None:
    """The live login for a cookie token; marks its agent as seen."""
    if not token or len(token) > 200:
        return None
    now = now or utcnow()
    login = session.scalars(
        select(AgentSession).where(AgentSession.token_digest == _digest(token))
    ).first()
    if login is None or login.expires_at < now or not login.agent.active:
        return None
    seen = login.agent.last_seen_at
    if seen is None or now - seen >= SEEN_RESOLUTION:
        login.agent.last_seen_at = now
    return login


def end_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(AgentSession).where(AgentSession.token_digest == _digest(token)))


def go_offline(session: Session, agent: Agent) -> None:
    """On logout: the agent no longer counts as online."""
    agent.last_seen_at = None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.agents", description="Agent accounts of the console."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="create an agent account")
    create.add_argument("username")
    create.add_argument("--name", required=True, help="first name shown to customers")
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    password = commands.add_parser("password", help="set a new password (ends all logins)")
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true")
    commands.add_parser("list", help="list the accounts")
    args = parser.parse_args(argv)

    def read_password() -> str:
        if args.password_stdin:
            return sys.stdin.readline().rstrip("\n")
        first = getpass.getpass("Passwort: ")
        if first != getpass.getpass("Passwort wiederholen: "):
            raise ValueError("Die Passwörter stimmen nicht überein.")
        return first

    try:
        with session_scope() as session:
            if args.command == "create":
                agent = create_agent(session, args.username, args.name, read_password())
                print(f"Konto {agent.username} ({agent.display_name}) angelegt.")
            elif args.command == "password":
                agent = set_password(session, args.username, read_password())
                print(f"Neues Passwort für {agent.username} gesetzt.")
            else:
                for agent in session.scalars(select(Agent).order_by(Agent.username)):
                    state = "aktiv" if agent.active else "gesperrt"
                    print(f"{agent.username}\t{agent.display_name}\t{state}")
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
