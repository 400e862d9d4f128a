"""The widget's socket.io server when several Rasa processes serve it
(production profile, docs/deployment.md).

Two things change when there is more than one process:

* **Messages between processes.** An agent's reply reaches Rasa's HTTP API
  on any process, but the customer's socket sits on one of them. With
  ``SOCKETIO_REDIS_URL`` set, python-socketio's ``AsyncRedisManager`` passes
  every emit (to a room: the conversation's session id) through Redis to the
  other processes, which deliver it to their own sockets. Each emit is
  handled locally first and then published, so sockets on this process still
  get their messages while Redis is down (the manager logs the error and
  reconnects by itself).
* **Sticky long polling.** An engine.io session lives in the memory of the
  process that opened it: every later poll of that session must reach the
  same process. With ``SOCKETIO_NODE`` set, this process's engine.io session
  ids start with ``<node>.``, and the balancer routes a request by the
  ``sid`` query parameter (``deploy/nginx.conf.template``); handshakes carry
  no ``sid`` and go to any process. No cookie is needed, so a client that
  refuses cookies stays sticky too.

Without either setting (``make run``), the server is python-socketio's
default: one process, in-memory manager, random session ids.
"""

from __future__ import annotations

import re
from typing import Any

from socketio import AsyncRedisManager, AsyncServer

from bot import settings
from bot.secrets import ROOT, read_secret

NODE_PATTERN = re.compile(r"[A-Za-z0-9]{1,16}")
# Separates the node name from engine.io's own id (letters, digits, "-", "_").
NODE_SEPARATOR = "."
REDIS_CHANNEL = "empfehlungsbot-socketio"


def node_name() -> str | None:
    """``SOCKETIO_NODE``; ``ValueError`` for a name nginx could not match safely."""
    node = settings.raw("SOCKETIO_NODE")
    if node is not None and not NODE_PATTERN.fullmatch(node):
        raise ValueError("SOCKETIO_NODE must be 1 to 16 letters or digits")
    return node


def client_manager() -> AsyncRedisManager | None:
    """The Redis manager for ``SOCKETIO_REDIS_URL`` (password: ``REDIS_PASSWORD``), else None."""
    url = settings.raw("SOCKETIO_REDIS_URL")
    if url is None:
        return None
    password = read_secret("REDIS_PASSWORD", ROOT / ".redis-password")
    options: dict[str, Any] = {"socket_connect_timeout": 2, "health_check_interval": 10}
    if password:
        options["password"] = password
    return AsyncRedisManager(url, channel=REDIS_CHANNEL, redis_options=options)


def prefix_session_ids(sio: AsyncServer, node: str) -> None:
    """Let ``sio``'s engine.io server start every session id with ``<node>.``.

    python-engineio 4.x makes every id in ``BaseServer.generate_id`` (random
    bytes plus a counter, base64 with ``-`` and ``_``); the prefix is put in
    front of that, so ids stay unique and unguessable."""
    eio = sio.eio
    generate = eio.generate_id
    eio.generate_id = lambda: f"{node}{NODE_SEPARATOR}{generate()}"


def create_server(cors_allowed_origins: str | list[str] | None) -> AsyncServer:
    """The channel's socket.io server (Sanic), set up for one or several processes."""
    sio = AsyncServer(
        async_mode="sanic",
        cors_allowed_origins=cors_allowed_origins,
        client_manager=client_manager(),
    )
    node = node_name()
    if node is not None:
        prefix_session_ids(sio, node)
    return sio
