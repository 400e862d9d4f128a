"""REST channel that requires a token and rejects malformed requests with a clear 4xx.

Rasa's own ``RestInput`` lets anyone continue any conversation by naming its
``sender``, answers a JSON array with a 500, passes a missing or non-text
``message`` on to the bot and answers a lone surrogate with ``200 []`` after
logging the whole text. This subclass keeps the URL
(``/webhooks/rest/webhook``) and the response format, and checks first:

1. ``Authorization: Bearer <token>``, the channel token or a conversation
   token (``channels/rest_auth.py``): 401 without a valid one;
2. the body (``sender``, ``message``, ``metadata``): 400, or 413 for a too
   long message, with a message that never repeats the text;
3. that a conversation token names this ``sender``: 403 otherwise.
"""

from __future__ import annotations

import json
from typing import Any

from rasa.core.channels.rest import RestInput
from sanic.exceptions import Forbidden, InvalidUsage, PayloadTooLarge, Unauthorized
from sanic.request import Request

from channels.client_key import with_client
from channels.message_text import (
    FORBIDDEN_CHARACTERS_MESSAGE,
    MAX_MESSAGE_CHARS,
    has_forbidden_characters,
)
from channels.rest_auth import SENDER_PATTERN, NotAuthenticated, RestAuth

__all__ = ["MAX_MESSAGE_CHARS", "MAX_METADATA_CHARS", "ValidatingRestInput"]

MAX_METADATA_CHARS = 4_000


def _body(request: Request) -> dict[str, Any]:
    body = request.json  # sanic answers 400 itself when this is not JSON
    if not isinstance(body, dict):
        raise InvalidUsage(
            'The request body must be a JSON object: {"sender": ..., "message": ...}'
        )
    return body


class ValidatingRestInput(RestInput):
    def __init__(self, auth: RestAuth | None = None) -> None:
        """``auth`` None: the secrets from environment or files; the server
        does not start without them (``MissingSecret``)."""
        self.auth = auth or RestAuth.from_environment()

    @classmethod
    def name(cls) -> str:
        return "rest"

    async def _extract_sender(self, req: Request) -> str:
        """The checked ``sender``, once the token allows it (Rasa reads it first)."""
        try:
            caller = self.auth.caller(req.headers.get("authorization"))
        except NotAuthenticated as refused:
            raise Unauthorized(str(refused), scheme="Bearer") from None
        sender = _body(req).get("sender")
        if not isinstance(sender, str) or not SENDER_PATTERN.fullmatch(sender):
            raise InvalidUsage(
                "'sender' must be a string of 1 to 128 letters, digits or . : @ + - _"
            )
        if not caller.may_use(sender):
            raise Forbidden("This conversation token is for another sender")
        return sender

    def _extract_input_channel(self, req: Request) -> str:
        # Stock RestInput takes ``input_channel`` from the body, so a client
        # could pose as another channel (e.g. the widget's "socketio").
        return self.name()

    def _extract_message(self, req: Request) -> str:
        message = _body(req).get("message")
        if not isinstance(message, str):
            raise InvalidUsage("'message' must be a string")
        if len(message) > MAX_MESSAGE_CHARS:
            raise PayloadTooLarge(f"'message' is longer than {MAX_MESSAGE_CHARS} characters")
        if has_forbidden_characters(message):
            raise InvalidUsage(FORBIDDEN_CHARACTERS_MESSAGE)
        return message

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        """Pass ``metadata`` (e.g. ``{"program": "autosicher"}``) on to the bot.

        Stock ``RestInput`` drops it, so actions could not learn the program.
        Only a small JSON object that can be stored as UTF-8 is accepted. The
        caller's key is added as ``client`` (``channels/client_key.py``).
        """
        metadata = _body(request).get("metadata")
        if metadata is None:
            return with_client(None, request)
        if not isinstance(metadata, dict) or not _small_utf8_json(metadata):
            raise InvalidUsage(
                f"'metadata' must be a JSON object of at most {MAX_METADATA_CHARS} "
                "characters, without unpaired UTF-16 surrogates"
            )
        return with_client(metadata, request)


def _small_utf8_json(value: dict[str, Any]) -> bool:
    try:
        encoded = json.dumps(value, ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, ValueError):
        return False
    return len(encoded) <= MAX_METADATA_CHARS
