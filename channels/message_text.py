"""What a customer's message text may contain, for every chat channel.

Two kinds of text are refused before Rasa sees them, because they break
something further on and the bot could not answer them anyway:

* control characters other than line break, carriage return and tab (NUL
  cannot be stored in PostgreSQL text columns, others garble the widget and
  the logs);
* unpaired UTF-16 surrogates (``"\\ud800"``, valid in JSON escapes but not
  encodable as UTF-8): Rasa fails on them deep inside and logs the whole text.

Callers refuse such text with a message that does not repeat it, and never log it.
"""

from __future__ import annotations

import re

MAX_MESSAGE_CHARS = 20_000

_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def has_forbidden_characters(text: str) -> bool:
    """Does ``text`` contain a control character or an unpaired surrogate?"""
    return _FORBIDDEN.search(text) is not None


FORBIDDEN_CHARACTERS_MESSAGE = (
    "'message' contains control characters (other than line breaks and tabs) "
    "or unpaired UTF-16 surrogates"
)
