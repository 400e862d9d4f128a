"""Saved replies ("Textbausteine") of the agent console: loaded from
``web/saved_replies.yml``, checked, and filled in for one conversation.

A reply is offered in every program (``all_programs``) or in one
(``programs.<slug>``), for the live chat, the answer by e-mail or both
(``channels``). Its ``{placeholders}`` come from the program's row and the
conversation (the verified customer, the agent); a text with a placeholder
not in ``PLACEHOLDERS`` is refused when the file is read, so a typo fails the
tests (tests/test_console_saved_replies.py) instead of reaching a customer.
A value the console does not know becomes a marker in square brackets that
the agent replaces before sending.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.phrases import phrase
from bot.models import Program, Referrer
from bot.reward_status import greeting_name

SAVED_REPLIES_FILE = Path(__file__).resolve().parent / "saved_replies.yml"
CHANNELS = ("chat", "mail")
# Every placeholder a text may use, with the marker inserted when the value
# is not known for the conversation.
PLACEHOLDERS: dict[str, str] = {
    "begruessung": "[Begrüßung]",
    "anrede_kunde": "[Name der Kundin oder des Kunden]",
    "vorname_kunde": "[Vorname der Kundin oder des Kunden]",
    "agent": "[Ihr Name]",
    "programm": "[Programm]",
    "praemie": "[Prämie]",
    "praemie_geworbene": "[Vorteil der geworbenen Person]",
    "widerruf_tage": "[Tage der Widerrufsfrist]",
    "wartezeit_tage": "[Tage der Wartezeit]",
    "auszahlung_tage": "[Tage bis zur Auszahlung]",
    "kontakt_email": "[E-Mail-Adresse des Programms]",
    "service_name": "[Kundenservice der Marke]",
    "service_telefon": "[Telefon des Kundenservice]",
    "service_email": "[E-Mail des Kundenservice]",
    "teilnahmebedingungen": "[Link zu den Teilnahmebedingungen]",
    "datenschutz": "[Link zu den Datenschutzhinweisen]",
    "einloesen_seite": "[Seite zum Einlösen]",
    "einloesen_monate": "[Monate der Gültigkeit]",
}


class SavedRepliesError(ValueError):
    """The data file is not what the console can offer."""


@dataclass(frozen=True)
class SavedReply:
    id: str  # "all-3", "autosicher-1": stable while the file does not change
    title: str
    text: str
    program: str | None  # None: every program
    channels: tuple[str, ...]


def placeholders(text: str) -> set[str]:
    """The placeholders of ``text``; ``SavedRepliesError`` for a brace that
    opens no plain ``{name}`` (``{a.b}``, ``{a!r}``, a lone ``{``)."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as error:
        raise SavedRepliesError(f"unbalanced braces ({error})") from error
    names = set()
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise SavedRepliesError(f"{{{name}}} is no plain placeholder")
        names.add(name)
    return names


def _reply(entry: Any, reply_id: str, program: str | None) -> SavedReply:
    where = f"{SAVED_REPLIES_FILE.name}, {reply_id}"
    if not isinstance(entry, dict) or set(entry) - {"title", "text", "channels"}:
        raise SavedRepliesError(f"{where}: a reply has title, text and channels only")
    title, text = entry.get("title"), entry.get("text")
    if not isinstance(title, str) or not title.strip():
        raise SavedRepliesError(f"{where}: the title is missing")
    if not isinstance(text, str) or not text.strip():
        raise SavedRepliesError(f"{where} ({title}): the text is missing")
    channels = entry.get("channels", list(CHANNELS))
    if not isinstance(channels, list) or not channels or set(channels) - set(CHANNELS):
        raise SavedRepliesError(f"{where} ({title}): channels are {', '.join(CHANNELS)}")
    try:
        unknown = placeholders(text) - set(PLACEHOLDERS)
    except SavedRepliesError as error:
        raise SavedRepliesError(f"{where} ({title}): {error}") from error
    if unknown:
        names = ", ".join(f"{{{name}}}" for name in sorted(unknown))
        raise SavedRepliesError(f"{where} ({title}): unknown placeholder {names}")
    return SavedReply(reply_id, title.strip(), text.strip(), program, tuple(channels))


def parse(data: Any) -> tuple[SavedReply, ...]:
    """The replies of the file's content; ``SavedRepliesError`` when anything
    is off (structure, an empty text, an unknown placeholder)."""
    if not isinstance(data, dict) or set(data) - {"all_programs", "programs"}:
        raise SavedRepliesError(f"{SAVED_REPLIES_FILE.name}: all_programs and programs only")
    general = data.get("all_programs") or []
    by_program = data.get("programs") or {}
    if not isinstance(general, list) or not isinstance(by_program, dict):
        raise SavedRepliesError(
            f"{SAVED_REPLIES_FILE.name}: all_programs is a list, programs a map"
        )
    replies = [_reply(entry, f"all-{n}", None) for n, entry in enumerate(general, 1)]
    for slug, entries in by_program.items():
        if not isinstance(entries, list):
            raise SavedRepliesError(f"{SAVED_REPLIES_FILE.name}: programs.{slug} is a list")
        replies.extend(_reply(entry, f"{slug}-{n}", slug) for n, entry in enumerate(entries, 1))
    return tuple(replies)


@cache
def load(path: Path = SAVED_REPLIES_FILE) -> tuple[SavedReply, ...]:
    return parse(yaml.safe_load(path.read_text(encoding="utf-8")))


def offered(replies: Iterable[SavedReply], program: str | None, channel: str) -> list[SavedReply]:
    """The replies for a conversation in ``program`` (a slug; None: without
    program) on ``channel``: the general ones, then the program's own."""
    return [
        r for r in replies if channel in r.channels and (r.program is None or r.program == program)
    ]


def values(
    program: Program | None, customer: Referrer | None, agent_name: str
) -> dict[str, str | None]:
    """Every placeholder's value for one conversation; None: not known.
    ``customer`` is the verified customer (None for anybody else: a typed
    address or name proves nobody, so nobody is named)."""
    p = program
    return {
        "begruessung": phrase("ticket_mail.greeting_named", name=greeting_name(customer))
        if customer
        else phrase("ticket_mail.greeting"),
        "anrede_kunde": greeting_name(customer) if customer else None,
        "vorname_kunde": customer.first_name if customer else None,
        "agent": agent_name,
        "programm": p.brand if p else None,
        "praemie": (p.reward_phrase or f"die Prämie ({p.reward_description})") if p else None,
        "praemie_geworbene": p.friend_reward if p else None,
        "widerruf_tage": str(p.cancellation_days) if p else None,
        "wartezeit_tage": str(p.waiting_period_days) if p else None,
        "auszahlung_tage": str(p.payout_days) if p else None,
        "kontakt_email": p.program_email if p else None,
        "service_name": p.service_name if p else None,
        "service_telefon": p.service_phone if p else None,
        "service_email": p.service_email if p else None,
        "teilnahmebedingungen": p.terms_url if p else None,
        "datenschutz": p.privacy_url if p else None,
        "einloesen_seite": p.redeem_url if p else None,
        "einloesen_monate": str(p.redeem_months) if p and p.redeem_months else None,
    }


def fill(reply: SavedReply, known: dict[str, str | None]) -> dict[str, Any]:
    """The reply as the console offers it: the text filled in, and the
    markers of what the agent must still fill in (``missing``)."""
    names = placeholders(reply.text)
    filled = {name: known.get(name) or PLACEHOLDERS[name] for name in names}
    missing = sorted(PLACEHOLDERS[name] for name in names if not known.get(name))
    return {
        "id": reply.id,
        "title": reply.title,
        "text": reply.text.format_map(filled),
        "missing": missing,
    }
