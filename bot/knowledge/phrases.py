"""Text blocks for answers assembled from a customer's records.

The reward status, the reward-mail answers and the handoff queue message are
put together from several parts depending on the data; their German wording
lives in ``knowledge/phrases.yml`` like every other bot text, and code only
chooses a block by its dotted key (``status.expired``) and fills it in.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.entries import KNOWLEDGE_DIR, placeholders
from bot.knowledge.forms import fill

PHRASES_FILE = KNOWLEDGE_DIR / "phrases.yml"


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, str):
            flat[name] = value
        else:
            raise ValueError(f"{PHRASES_FILE.name}: {name} must be a text or a group of texts")
    return flat


@cache
def load(path: Path = PHRASES_FILE) -> dict[str, str]:
    """All blocks by dotted key (``status.expired``)."""
    return _flatten(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


def fields(key: str) -> set[str]:
    """The placeholders a block needs (not the friend's ``{er|sie}`` forms)."""
    return placeholders(load()[key])


def phrase(key: str, female: bool = False, **values: Any) -> str:
    """The block ``key`` with its placeholders filled from ``values``.

    A missing key or placeholder is a programming error and raises
    (``KeyError``), so it shows up in tests rather than as a half sentence.
    ``female`` picks the feminine forms for the recommended friend.
    """
    return fill(load()[key], values, female)
