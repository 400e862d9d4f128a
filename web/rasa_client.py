"""Async client for Rasa's HTTP API, as far as the agent console needs it.

The console reads a conversation's tracker (the transcript) and writes into
the conversation: an agent's message is appended as a ``bot`` event with side
effects on the ``socketio`` output channel, which sends it to the customer's
widget at once, also while the bot is paused (``docs/widget.md``); handing a
conversation back runs one of the bot's actions.

Settings: ``RASA_URL`` (default ``http://localhost:5005``) and the API token
``RASA_AUTH_TOKEN``, else the file ``.rasa-token`` that ``scripts/run.sh``
writes. The token travels as a query parameter (that is how Rasa takes it), so
error messages never contain the request URL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp
from yarl import URL

from bot import settings
from bot.secrets import read_secret

DEFAULT_URL = "http://localhost:5005"
TOKEN_FILE = Path(__file__).resolve().parent.parent / ".rasa-token"
TIMEOUT_SECONDS = 10.0
OUTPUT_CHANNEL = "socketio"


class RasaUnavailable(Exception):
    """Rasa could not be reached or did not accept the request."""


def url_from_env() -> str:
    return str(settings.text("RASA_URL")).rstrip("/")


def token_from_env(token_file: Path = TOKEN_FILE) -> str | None:
    return read_secret("RASA_AUTH_TOKEN", token_file)


class RasaClient:
    """One Rasa server's HTTP API. Every call opens its own short-lived HTTP
    session, so the client can be made anywhere (requests, background sweep)
    without an event loop to belong to."""

    def __init__(
        self,
        base_url: str = DEFAULT_URL,
        token: str | None = None,
        timeout: float = TIMEOUT_SECONDS,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    @classmethod
    def from_env(cls) -> RasaClient:
        return cls(url_from_env(), token_from_env())

    async def tracker(self, conversation_id: str) -> dict[str, Any]:
        """The whole tracker with every event (all sessions)."""
        result = await self._request(
            "GET", conversation_id, "tracker", params={"include_events": "ALL"}
        )
        if not isinstance(result, dict):
            raise RasaUnavailable(f"Rasa ({self.base_url}) sent a tracker that is not an object.")
        return result

    async def append_events(self, conversation_id: str, events: list[dict[str, Any]]) -> Any:
        """Append events and run their side effects: bot messages go out to the
        customer on the socket.io channel."""
        return await self._request(
            "POST",
            conversation_id,
            "tracker/events",
            params={"output_channel": OUTPUT_CHANNEL, "execute_side_effects": "true"},
            body=events,
        )

    async def execute(self, conversation_id: str, action_name: str) -> Any:
        """Run one of the bot's actions in the conversation; its messages go
        out on the socket.io channel."""
        return await self._request(
            "POST",
            conversation_id,
            "execute",
            params={"output_channel": OUTPUT_CHANNEL},
            body={"name": action_name},
        )

    async def _request(
        self,
        method: str,
        conversation_id: str,
        endpoint: str,
        params: dict[str, str],
        body: Any = None,
    ) -> Any:
        # The id is quoted completely ("/" too), and yarl must not unquote it again.
        url = URL(
            f"{self.base_url}/conversations/{quote(conversation_id, safe='')}/{endpoint}",
            encoded=True,
        )
        query = dict(params)
        if self.token:
            query["token"] = self.token
        what = f"Rasa ({self.base_url}) {method} /conversations/…/{endpoint}"
        try:
            async with (
                aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout)) as http,
                http.request(method, url, params=query, json=body) as response,
            ):
                if response.status >= 400:
                    detail = (await response.text())[:300]
                    raise RasaUnavailable(f"{what}: HTTP {response.status} {detail}")
                try:
                    return await response.json(content_type=None)
                except ValueError as error:
                    raise RasaUnavailable(f"{what}: the answer is not JSON") from error
        except TimeoutError as error:
            raise RasaUnavailable(f"{what}: no answer within {self.timeout:g} s") from error
        except aiohttp.ClientError as error:
            raise RasaUnavailable(f"{what}: {_reason(error)}") from error


def _reason(error: aiohttp.ClientError) -> str:
    """The error's cause without the URL (which carries the token)."""
    if isinstance(error, aiohttp.ClientConnectorError):
        return f"cannot connect ({error.os_error})"
    if isinstance(error, aiohttp.ClientResponseError):
        return f"HTTP {error.status} {error.message}"
    return f"request failed ({type(error).__name__})"
