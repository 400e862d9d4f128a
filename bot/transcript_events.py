"""The messages of a conversation, read from Rasa's tracker events.

One reading for the widget's history (``channels/socketio.py``,
``history_messages``) and the agent console's transcript
(``web/transcript.py``); each turns the lines into its own output. Works on
event dicts (``Event.as_dict()``, the tracker's JSON), so neither Rasa nor
Sanic is needed to import it.

* Only ``user`` and ``bot`` events make lines; with ``current_session``, a
  ``session_started`` or ``restart`` event drops what came before.
* A customer's button click (a payload such as ``/ask_how_referral_works``)
  shows the title of the button that offered it; a payload no button offered
  (the widget's opening ``/greet``) is left out, and so is an empty text.
* A bot line keeps the event's ``data`` (buttons, ``custom``, attachment):
  a bot event without text can still carry a handoff state.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

SESSION_BOUNDARIES = frozenset({"session_started", "restart"})


@dataclass(frozen=True)
class ChatLine:
    """One message: ``text`` is stripped (a button click: the button's title)."""

    sender: Literal["bot", "user"]
    text: str
    timestamp: float | None = None
    data: dict[str, Any] = field(default_factory=dict)


def event_buttons(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The buttons of a bot event's data (Rasa writes ``buttons``; ``quick_replies`` too)."""
    buttons = data.get("buttons") or data.get("quick_replies") or []
    return [b for b in buttons if isinstance(b, dict)] if isinstance(buttons, list) else []


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _timestamp(event: dict[str, Any]) -> float | None:
    stamp = event.get("timestamp")
    return stamp if isinstance(stamp, int | float) and not isinstance(stamp, bool) else None


def chat_lines(events: Iterable[Any], *, current_session: bool = False) -> list[ChatLine]:
    """The conversation's messages, oldest first (see the module docstring)."""
    lines: list[ChatLine] = []
    button_titles: dict[str, str] = {}
    for event in events:
        if not isinstance(event, dict):
            continue
        kind = event.get("event")
        if current_session and kind in SESSION_BOUNDARIES:
            lines, button_titles = [], {}
        elif kind == "bot":
            data = event.get("data") if isinstance(event.get("data"), dict) else {}
            for button in event_buttons(data):
                title = _text(button.get("title"))
                if isinstance(button.get("payload"), str) and title:
                    button_titles[button["payload"]] = title
            lines.append(ChatLine("bot", _text(event.get("text")), _timestamp(event), data))
        elif kind == "user":
            text = _text(event.get("text"))
            if text.startswith("/"):
                text = button_titles.get(text, "")
            if text:
                lines.append(ChatLine("user", text, _timestamp(event)))
    return lines
