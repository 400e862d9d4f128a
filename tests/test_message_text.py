"""Which characters a chat message may contain."""

import pytest

from channels.message_text import has_forbidden_characters


@pytest.mark.parametrize(
    "text",
    ["Hallo", "Zeile 1\nZeile 2\r\n\tEingerückt", "Prämie 🤔", "\u200b", "", "\uffff"],
)
def test_ordinary_text_passes(text: str) -> None:
    assert not has_forbidden_characters(text)


@pytest.mark.parametrize(
    "text",
    ["\ud800", "a\udfffb", "\x00", "Hallo\x1b[31m", "\x7f", "\x85", "\x0b"],
    ids=["lone-high", "lone-low", "nul", "escape", "del", "c1-next-line", "vertical-tab"],
)
def test_control_characters_and_lone_surrogates_are_found(text: str) -> None:
    assert has_forbidden_characters(text)
