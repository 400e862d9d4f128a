"""A conversation's transcript for the agent console, from Rasa's tracker.

Built from the tracker's ``user`` and ``bot`` events (all sessions). A bot
event that carries ``custom.agent.first_name`` was written by an agent. A
customer's button click (a payload such as ``/ask_how_referral_works``) shows
the button's title, as in the widget; a payload no button offered (the
widget's opening ``/greet``) is left out, and so is every empty text.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.clock import TIMEZONE

CUSTOMER = "Kundin/Kunde"
BOT = "Digitaler Assistent"


def _time(event: dict[str, Any]) -> str | None:
    stamp = event.get("timestamp")
    if not isinstance(stamp, int | float):
        return None
    try:
        moment = datetime.fromtimestamp(stamp, UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment.astimezone(TIMEZONE).isoformat(timespec="seconds")


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _buttons(data: dict[str, Any]) -> list[dict[str, Any]]:
    buttons = data.get("buttons") or data.get("quick_replies") or []
    return [b for b in buttons if isinstance(b, dict)] if isinstance(buttons, list) else []


def _agent_name(data: dict[str, Any]) -> str | None:
    custom = data.get("custom")
    agent = custom.get("agent") if isinstance(custom, dict) else None
    name = agent.get("first_name") if isinstance(agent, dict) else None
    return name.strip() if isinstance(name, str) and name.strip() else None


def transcript(tracker: dict[str, Any]) -> list[dict[str, Any]]:
    """``[{"from": "customer"|"bot"|"agent", "name", "text", "time"}]``, oldest first."""
    entries: list[dict[str, Any]] = []
    button_titles: dict[str, str] = {}
    events = tracker.get("events")
    for event in events if isinstance(events, list) else []:
        if not isinstance(event, dict):
            continue
        kind = event.get("event")
        if kind == "bot":
            data = event.get("data") if isinstance(event.get("data"), dict) else {}
            text = _text(event.get("text"))
            buttons = _buttons(data)
            titles = [_text(b.get("title")) for b in buttons]
            for button, title in zip(buttons, titles, strict=True):
                if isinstance(button.get("payload"), str) and title:
                    button_titles[button["payload"]] = title
            if any(titles):
                shown = " | ".join(t for t in titles if t)
                text = f"{text}\n[Buttons: {shown}]" if text else f"[Buttons: {shown}]"
            if not text and (data.get("image") or data.get("attachment")):
                text = "[Anhang]"
            if not text:
                continue
            agent = _agent_name(data)
            entries.append(
                {
                    "from": "agent" if agent else "bot",
                    "name": agent or BOT,
                    "text": text,
                    "time": _time(event),
                }
            )
        elif kind == "user":
            text = _text(event.get("text"))
            if text.startswith("/"):
                text = button_titles.get(text, "")
            if not text:
                continue
            entries.append(
                {"from": "customer", "name": CUSTOMER, "text": text, "time": _time(event)}
            )
    return entries
