"""A conversation's transcript for the agent console, from Rasa's tracker.

All sessions, read by ``bot/transcript_events.py`` (the same reading as the
widget's history: button clicks show the button's title, the opening payload
and empty texts are left out). A bot message that carries
``custom.agent.first_name`` was written by an agent; buttons and attachments
are noted in the text, and a bot message with nothing to read is left out.
"""

from __future__ import annotations

from typing import Any

from bot.chat_contract import CUSTOM, agent_name
from bot.clock import local_iso
from bot.transcript_events import ChatLine, chat_lines, event_buttons

CUSTOMER = "Kundin/Kunde"
BOT = "Digitaler Assistent"


def _bot_text(line: ChatLine) -> str:
    text = line.text
    titles = [t.strip() for b in event_buttons(line.data) if isinstance(t := b.get("title"), str)]
    shown = " | ".join(t for t in titles if t)
    if shown:
        text = f"{text}\n[Buttons: {shown}]" if text else f"[Buttons: {shown}]"
    if not text and (line.data.get("image") or line.data.get("attachment")):
        text = "[Anhang]"
    return text


def _entry(line: ChatLine) -> dict[str, Any] | None:
    if line.sender == "user":
        return {"from": "customer", "name": CUSTOMER, "text": line.text}
    text = _bot_text(line)
    if not text:
        return None
    agent = agent_name(line.data.get(CUSTOM))
    return {"from": "agent" if agent else "bot", "name": agent or BOT, "text": text}


def transcript(tracker: dict[str, Any]) -> list[dict[str, Any]]:
    """``[{"from": "customer"|"bot"|"agent", "name", "text", "time"}]``, oldest first."""
    events = tracker.get("events")
    entries: list[dict[str, Any]] = []
    for line in chat_lines(events if isinstance(events, list) else []):
        entry = _entry(line)
        if entry is not None:
            entries.append({**entry, "time": local_iso(line.timestamp)})
    return entries
