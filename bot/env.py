"""Reading settings from the environment, the one way the project does it."""

from __future__ import annotations

import os
from typing import TypeVar

Number = TypeVar("Number", int, float)


def number_from_env(name: str, default: Number, minimum: Number) -> Number:
    """``$name`` as a number of ``default``'s type, at least ``minimum``.

    Unset, empty or unreadable values give ``default``: a typo in a timer must
    not keep the bot or the console from starting.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = type(default)(raw)
    except ValueError:
        return default
    return max(minimum, value)
