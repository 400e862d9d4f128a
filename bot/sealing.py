"""Sealed values: personal data the bot still needs, encrypted at rest.

The stored conversation keeps the referral code and e-mail a customer typed
until the verification is done with them, because Rasa reloads the
conversation from the tracker store at every message (code in one message,
e-mail in the next). In the database they are sealed with Fernet
(AES-128-CBC with HMAC-SHA256, from ``cryptography``): whoever reads the
``events`` table or a backup without the key sees ``sealed:v1:gAAAA…``.

The key is ``TRACKER_SEAL_KEY`` or the file ``.tracker-seal-key`` (mode 600,
created once by ``scripts/run.sh``; ``TRACKER_SEAL_KEY_FILE`` names another
file). Any secret of at least 16 characters works: the Fernet key is its
SHA-256 digest, so the secret is made like every other one
(``python -m bot.secrets ensure FILE``). A value sealed under another key
(the key was replaced) cannot be opened and counts as not given.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from bot.secrets import TRACKER_SEAL_ENV, TRACKER_SEAL_FILE, require_secret

PREFIX = "sealed:v1:"


class UnreadableSeal(ValueError):
    """A sealed value that this key cannot open (other key, damaged text)."""


def is_sealed(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


class Sealer:
    """Seals and opens JSON values with one key."""

    def __init__(self, secret: str) -> None:
        digest = hashlib.sha256(secret.encode("utf-8")).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))

    @classmethod
    def from_env(cls) -> Sealer:
        """The sealer of this installation; :class:`bot.secrets.MissingSecret`
        when no usable key is configured."""
        return cls(require_secret(TRACKER_SEAL_ENV, TRACKER_SEAL_FILE))

    def seal(self, value: Any) -> str:
        """``value`` (anything JSON can hold) as an opaque text."""
        token = self._fernet.encrypt(json.dumps(value).encode("utf-8"))
        return PREFIX + token.decode("ascii")

    def open(self, sealed: str) -> Any:
        """The value ``seal`` was given; :class:`UnreadableSeal` when it cannot be opened."""
        if not is_sealed(sealed):
            raise UnreadableSeal("not a sealed value")
        try:
            plain = self._fernet.decrypt(sealed[len(PREFIX) :].encode("ascii"))
        except (InvalidToken, UnicodeEncodeError) as error:
            raise UnreadableSeal("sealed with another key or damaged") from error
        return json.loads(plain)
