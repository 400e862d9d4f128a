"""REST channel that rejects malformed requests with a clear 4xx.

Rasa's own ``RestInput`` answers a JSON array with a 500 and passes a missing
or non-text ``message`` on to the bot. This subclass keeps the URL
(``/webhooks/rest/webhook``) and the response format, and checks the body first.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.core.channels.rest import RestInput
from sanic.exceptions import InvalidUsage, PayloadTooLarge
from sanic.request import Request

MAX_MESSAGE_CHARS = 20_000
MAX_METADATA_CHARS = 4_000
SENDER_PATTERN = re.compile(r"[\w.:@+-]{1,128}")


def _body(request: Request) -> dict[str, Any]:
    body = request.json  # sanic answers 400 itself when this is not JSON
    if not isinstance(body, dict):
        raise InvalidUsage(
            'The request body must be a JSON object: {"sender": ..., "message": ...}'
        )
    return body


class ValidatingRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    async def _extract_sender(self, req: Request) -> str:
        sender = _body(req).get("sender")
        if not isinstance(sender, str) or not SENDER_PATTERN.fullmatch(sender):
            raise InvalidUsage(
                "'sender' must be a string of 1 to 128 letters, digits or . : @ + - _"
            )
        return sender

    def _extract_message(self, req: Request) -> str:
        message = _body(req).get("message")
        if not isinstance(message, str):
            raise InvalidUsage("'message' must be a string")
        if len(message) > MAX_MESSAGE_CHARS:
            raise PayloadTooLarge(f"'message' is longer than {MAX_MESSAGE_CHARS} characters")
        return message

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        """Pass ``metadata`` (e.g. ``{"program": "autosicher"}``) on to the bot.

        Stock ``RestInput`` drops it, so actions could not learn the program.
        Only a small JSON object is accepted.
        """
        metadata = _body(request).get("metadata")
        if metadata is None:
            return None
        if not isinstance(metadata, dict) or len(str(metadata)) > MAX_METADATA_CHARS:
            raise InvalidUsage(
                f"'metadata' must be a JSON object of at most {MAX_METADATA_CHARS} characters"
            )
        return metadata
