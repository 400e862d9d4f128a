"""Words that depend on who the recommended friend is: ``{er|sie}``.

German has no neutral pronoun for "the friend": "Ihr Bekannter hat 30 Tage,
er …" is wrong for a customer who speaks of "meine Nachbarin". A knowledge
text therefore writes both forms as one placeholder, masculine first and
feminine second (``{Ihr Bekannter|Ihre Bekannte}``, ``{er|sie}``,
``{seinen|ihren}``), and rendering picks one. Without a hint the masculine
form is used, as in the help pages.
"""

from __future__ import annotations

import string
from typing import Any

SEPARATOR = "|"


def is_alternative(name: str) -> bool:
    """Whether a placeholder is a choice of forms rather than a fact."""
    return SEPARATOR in name


def alternatives(text: str) -> list[str]:
    """The ``{masculine|feminine}`` placeholders of ``text``."""
    return [
        name for _, name, _, _ in string.Formatter().parse(text) if name and is_alternative(name)
    ]


class _Values(dict[str, Any]):
    """The facts of a text, and the form each alternative stands for."""

    def __init__(self, values: dict[str, Any], female: bool) -> None:
        super().__init__(values)
        self.female = female

    def __missing__(self, name: str) -> str:
        if not is_alternative(name):
            raise KeyError(name)
        masculine, feminine = name.split(SEPARATOR, 1)
        return feminine if self.female else masculine


def fill(text: str, values: dict[str, Any], female: bool = False) -> str:
    """``text`` with its facts filled in and the friend's forms chosen."""
    return text.format_map(_Values(values, female))
