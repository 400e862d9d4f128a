"""The agents' answers to tickets by e-mail, through an SMTP server.

Settings (``bot.settings``, docs/configuration.md):

* ``SMTP_HOST``: the mail server; without it nothing is sent and the console
  keeps answers as drafts (and says so).
* ``SMTP_PORT``: default 587 with STARTTLS, else 25.
* ``SMTP_FROM``: the sender address (required with ``SMTP_HOST``), e.g.
  ``Empfehlungsprogramm <service@betreiber.example>``.
* ``SMTP_USER``, ``SMTP_PASSWORD``: optional login.
* ``SMTP_STARTTLS``: ``1`` (default) upgrades the connection with STARTTLS
  before anything else and refuses a server without it; ``0`` only for a
  relay on the same host or network that offers no TLS.

``send`` runs blocking ``smtplib`` (call it in the thread pool) and raises
``MailFailed`` with a German message the console can show; the message
never contains the recipient's address, so it may be logged.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from email.errors import HeaderParseError
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from bot import settings

TIMEOUT_SECONDS = 15.0
NOT_CONFIGURED = (
    "Es ist kein Mailserver eingerichtet (SMTP_HOST und SMTP_FROM). Ihre Antwort ist als "
    "Entwurf gespeichert und wurde nicht versendet."
)


NOT_CONFIGURED_PAGE = (
    "Es ist kein Mailserver eingerichtet (SMTP_HOST und SMTP_FROM): Antworten werden als "
    "Entwurf gespeichert, aber nicht versendet."
)


class MailFailed(Exception):
    """The mail server could not be reached or did not take the mail."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str | None = None
    port: int = 587
    sender: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    starttls: bool = True
    timeout: float = TIMEOUT_SECONDS

    @classmethod
    def from_env(cls) -> SmtpSettings:
        starttls = settings.raw("SMTP_STARTTLS") != "0"
        port = settings.raw("SMTP_PORT") or ""
        return cls(
            host=settings.raw("SMTP_HOST"),
            port=int(port) if port.isdigit() else (587 if starttls else 25),
            sender=settings.raw("SMTP_FROM"),
            user=settings.raw("SMTP_USER"),
            password=settings.raw("SMTP_PASSWORD"),
            starttls=starttls,
        )

    @property
    def configured(self) -> bool:
        return bool(self.host and self.sender)


def message(
    settings: SmtpSettings, to: str, subject: str, body: str, reply_to: str | None = None
) -> EmailMessage:
    """A plain-text UTF-8 mail; ``subject`` on one line. ``MailFailed`` when
    an address cannot stand in a mail header."""
    mail = EmailMessage()
    try:
        mail["From"] = settings.sender or ""
        mail["To"] = to
        if reply_to:
            mail["Reply-To"] = reply_to
    except (ValueError, HeaderParseError) as error:
        raise MailFailed(
            "Eine der E-Mail-Adressen ist ungültig, die Antwort kann nicht versendet werden. "
            "Sie ist als Entwurf gespeichert."
        ) from error
    mail["Subject"] = " ".join(subject.split())
    mail["Date"] = formatdate(localtime=True)
    domain = parseaddr(settings.sender or "")[1].rpartition("@")[2] or None
    mail["Message-ID"] = make_msgid(domain=domain)
    mail.set_content(body)
    return mail


def send(settings: SmtpSettings, mail: EmailMessage) -> None:
    """Hand the mail to the SMTP server; ``MailFailed`` when that fails."""
    if not settings.configured:
        raise MailFailed(NOT_CONFIGURED)
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as server:
            if settings.starttls:
                server.starttls(context=ssl.create_default_context())
            if settings.user:
                server.login(settings.user, settings.password or "")
            server.send_message(mail)
    except smtplib.SMTPNotSupportedError as error:
        raise MailFailed(
            "Der Mailserver bietet keine verschlüsselte Verbindung (STARTTLS) an. Ihre Antwort "
            "ist als Entwurf gespeichert und wurde nicht versendet."
        ) from error
    except smtplib.SMTPAuthenticationError as error:
        raise MailFailed(
            "Der Mailserver hat die Anmeldung (SMTP_USER, SMTP_PASSWORD) abgelehnt. Ihre "
            "Antwort ist als Entwurf gespeichert und wurde nicht versendet."
        ) from error
    except smtplib.SMTPRecipientsRefused as error:
        raise MailFailed(
            "Der Mailserver hat die E-Mail-Adresse der Kundin oder des Kunden abgelehnt. Ihre "
            "Antwort ist als Entwurf gespeichert und wurde nicht versendet."
        ) from error
    except (smtplib.SMTPException, OSError) as error:
        raise MailFailed(
            "Der Mailserver ist gerade nicht erreichbar oder hat die E-Mail nicht angenommen. "
            "Ihre Antwort ist als Entwurf gespeichert; bitte versuchen Sie es gleich noch einmal."
        ) from error
