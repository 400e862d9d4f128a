"""Agent accounts and console logins.

Passwords are hashed with scrypt (standard library, memory-hard) and a
random salt per password. A login is a random token in an HttpOnly cookie;
the database keeps only its SHA-256 digest, next to the session's CSRF token.
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
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.db import session_scope
from bot.models import Agent, AgentSession

# scrypt cost: about 50 ms and 16 MiB per check here, slow for guessing.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SESSION_LIFETIME = timedelta(hours=10)  # one working day
# The console polls every second; "seen" is written at most this often.
SEEN_RESOLUTION = timedelta(seconds=10)
MIN_PASSWORD = 10


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    encode = base64.b64encode
    return (
        f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${encode(salt).decode()}${encode(digest).decode()}"
    )


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


# A hash to check against when the user does not exist, so a wrong user name
# costs as long as a wrong password (no user enumeration by timing).
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


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
    agent = session.scalars(select(Agent).where(Agent.username == username.strip().lower())).first()
    if agent is None or not agent.active:
        check_password(password, _DUMMY_HASH)
        return None
    return agent if check_password(password, agent.password_hash) else None


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
