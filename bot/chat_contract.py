"""The chat contract: what the bot's actions, the agent console, its sweep,
the socket.io channel and the widget agree on (``docs/widget.md``).

* A bot message's ``custom`` payload: ``handoff`` (``waiting`` with
  ``position`` and ``minutes``, ``started``, ``ended``), ``agent.first_name``
  (the message is an agent's) and ``help_entry``.
* The actions that are run from outside through Rasa's ``/execute``: by the
  console when the agent hands back, by its sweep when nobody came in time,
  by the widget's "stop waiting" button (``web/chat_api.py``).
* The session id the socket.io channel issues (32 hex digits): a bearer
  secret, so only ids of that form are accepted anywhere.

The widget cannot import Python: ``web/static/widget/widget.js`` mirrors
``WIDGET_CONSTANTS`` in its ``CONTRACT`` object, and
``tests/test_chat_contract.py`` fails when the two differ.

Imports neither Rasa nor Sanic: the web app and the actions use it too.
"""

from __future__ import annotations

import re
from typing import Any

# ---- the ``custom`` payload of a bot message ---------------------------------------

CUSTOM = "custom"
HANDOFF = "handoff"
HANDOFF_POSITION = "position"
HANDOFF_MINUTES = "minutes"
AGENT = "agent"
AGENT_FIRST_NAME = "first_name"
HELP_ENTRY = "help_entry"

# Values of ``handoff``: in the queue, an agent holds the conversation, back to the bot.
WAITING = "waiting"
STARTED = "started"
ENDED = "ended"
HANDOFF_STATES = (WAITING, STARTED, ENDED)

# ---- actions run from outside (Rasa's POST /conversations/{id}/execute) ------------

HANDBACK_ACTION = "action_handoff_back"
TIMED_OUT_ACTION = "action_handoff_timed_out"
CANCELLED_ACTION = "action_handoff_cancelled"

# ---- the web app's endpoint for the widget's "stop waiting" -------------------------

CANCEL_HANDOFF_PATH = "/chat/api/handoff/cancel"

# ---- rasa-webchat ------------------------------------------------------------------

# The socket.io namespace rasa-webchat connects to (its socketUrl ends in it):
# there the channel sends frames rasa-webchat can render (channels/socketio.py).
WEBCHAT_NAMESPACE = "/rasa-webchat"

# ---- session ids --------------------------------------------------------------------

SESSION_ID_PATTERN = re.compile(r"[0-9a-f]{32}")


def valid_session_id(value: Any) -> str | None:
    """``value`` if it is a session id as the channel issues them (``uuid4().hex``)."""
    return value if isinstance(value, str) and SESSION_ID_PATTERN.fullmatch(value) else None


# ---- building and reading ``custom`` ------------------------------------------------


def handoff_custom(state: str, **extra: Any) -> dict[str, Any]:
    """``{"handoff": state, ...}``; ``extra`` for the waiting position and minutes."""
    if state not in HANDOFF_STATES:
        raise ValueError(f"unknown handoff state {state!r}")
    return {HANDOFF: state, **extra}


def agent_custom(first_name: str, handoff: str | None = None) -> dict[str, Any]:
    """The ``custom`` payload of an agent's message, optionally with a handoff state."""
    custom: dict[str, Any] = {AGENT: {AGENT_FIRST_NAME: first_name}}
    if handoff:
        custom.update(handoff_custom(handoff))
    return custom


def agent_name(custom: Any) -> str | None:
    """The agent's first name if ``custom`` marks an agent's message, else None."""
    agent = custom.get(AGENT) if isinstance(custom, dict) else None
    name = agent.get(AGENT_FIRST_NAME) if isinstance(agent, dict) else None
    return name.strip() if isinstance(name, str) and name.strip() else None


def handoff_state(custom: Any) -> str | None:
    """The handoff state a ``custom`` payload announces, if any."""
    state = custom.get(HANDOFF) if isinstance(custom, dict) else None
    return state if state in HANDOFF_STATES else None


# What widget.js mirrors (its ``CONTRACT`` object), by the JavaScript names.
WIDGET_CONSTANTS: dict[str, str] = {
    "handoff": HANDOFF,
    "position": HANDOFF_POSITION,
    "minutes": HANDOFF_MINUTES,
    "agent": AGENT,
    "agentFirstName": AGENT_FIRST_NAME,
    "helpEntry": HELP_ENTRY,
    "waiting": WAITING,
    "started": STARTED,
    "ended": ENDED,
    "cancelPath": CANCEL_HANDOFF_PATH,
}
