"""Engine.IO's WebSocket transport on Rasa 3.6's Sanic (21.12) under Python 3.11.

python-engineio's Sanic driver (``engineio.async_drivers.sanic``) cannot
carry a WebSocket here, for three reasons (issue 14, docs/widget.md):

1. **Sanic 21.12 cannot receive on Python 3.11.** Its
   ``WebsocketImplProtocol.recv()`` hands ``asyncio.wait()`` a bare coroutine,
   which Python 3.11 refuses (``TypeError: Passing coroutines is forbidden``);
   Sanic fixed this in 22.3 (sanic-org/sanic#2377), but Rasa 3.6 pins
   ``sanic<21.13``. The first ``recv()`` of every upgrade fails.
2. **Something is written after the WebSocket.** The driver returns an HTTP
   response once the WebSocket ends (and Sanic writes an error response when
   the handler raised), so ``HTTP/1.1 ...`` lands in the WebSocket stream
   after the close frame: "Invalid frame header" in Chromium. Sanic 21.12
   writes nothing only for a handler marked ``is_websocket`` that returns
   ``None``.
3. **A failed upgrade never ends.** python-engineio leaves the socket's
   ``upgrading`` flag set when the probe fails with an exception, and answers
   every later poll of that client with a NOOP packet only: the client polls
   forever (thousands of requests) and never sees a message.

:func:`install` replaces, for one ``AsyncServer`` only, the driver's route
and WebSocket wrapper with the ones below; everything else (long polling,
the Engine.IO protocol) stays python-engineio's.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sanic import Sanic
from websockets.connection import CLOSED

logger = logging.getLogger(__name__)

ROUTE_METHODS = ["GET", "POST", "OPTIONS"]


def install(sio: Any) -> None:
    """Use this module's route and WebSocket for the socket.io server ``sio``
    (``async_mode="sanic"``); call before ``sio.attach(app)``."""
    eio = sio.eio
    if eio.async_mode != "sanic":
        return
    # A copy: the driver's dict is shared by every server of the process.
    eio._async = {**eio._async, "create_route": create_route, "websocket": SanicWebSocket}


def create_route(app: Sanic, engineio_server: Any, engineio_endpoint: str) -> None:
    """The Engine.IO endpoint (polling and WebSocket) as one Sanic route."""

    async def engineio_request(request: Any, *args: Any, **kwargs: Any) -> Any:
        return await engineio_server.handle_request(request, *args, **kwargs)

    # A request that became a WebSocket has been answered by the handshake:
    # the handler returns None, and Sanic must write nothing more.
    engineio_request.is_websocket = True  # type: ignore[attr-defined]
    app.add_route(engineio_request, engineio_endpoint, methods=ROUTE_METHODS)
    app.enable_websocket()


async def receive(ws: Any) -> str | bytes:
    """The next message of Sanic's WebSocket ``ws``: ``WebsocketImplProtocol.
    recv()`` of Sanic 21.12 with the task that Python 3.11 needs. Raises
    ``OSError`` once the connection is closed (what python-engineio expects)."""
    if ws.recv_lock.locked():
        raise OSError("another task is receiving on this WebSocket")
    async with ws.recv_lock:
        if ws.connection.state is CLOSED:
            raise OSError("WebSocket closed")
        # Sanic cancels this future when the client's close frame or EOF arrives.
        ws.recv_cancel = asyncio.get_running_loop().create_future()
        message = asyncio.ensure_future(ws.assembler.get())
        try:
            await asyncio.wait((ws.recv_cancel, message), return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            message.cancel()
            raise
        finally:
            ws.recv_cancel.cancel()
            ws.recv_cancel = None
        if not message.done():
            message.cancel()
            raise OSError("WebSocket closed")
        data = message.result()
    if not isinstance(data, bytes | str):
        raise OSError("WebSocket closed")
    return data


class SanicWebSocket:
    """python-engineio's WebSocket interface (``send``, ``wait``, ``close``)
    on Sanic 21.12; used by ``AsyncSocket._upgrade_websocket``."""

    def __init__(self, handler: Any, server: Any) -> None:
        self.handler = handler
        self.server = server
        self.environ: dict[str, Any] = {}
        self._sock: Any = None

    async def __call__(self, environ: dict[str, Any]) -> None:
        request = environ["sanic.request"]
        protocol = request.transport.get_protocol()
        self._sock = await protocol.websocket_handshake(request)
        self.environ = environ
        # The handler is AsyncSocket._websocket_handler, bound to the client's socket.
        socket = getattr(self.handler, "__self__", None)
        try:
            await self.handler(self)
        except Exception:
            # After the handshake nothing may be written but WebSocket frames.
            logger.exception("The socket.io WebSocket of a client failed.")
        finally:
            if socket is not None and socket.upgrading and not socket.upgraded:
                # The probe failed: the client goes on polling and gets its packets again.
                socket.upgrading = False
                logger.info("WebSocket upgrade of %s failed; it keeps long polling.", socket.sid)
            await self.close()
        return None

    async def close(self) -> None:
        if self._sock is not None:
            await self._sock.close()

    async def send(self, message: str | bytes) -> None:
        await self._sock.send(message)

    async def wait(self) -> str | bytes:
        return await receive(self._sock)
