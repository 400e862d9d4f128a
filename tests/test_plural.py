"""German singular and plural of counts (``bot.formatting.plural``), as the
console and the metrics report write them."""

from __future__ import annotations

import pytest

from bot.formatting import plural


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "0 Bewertungen"),
        (1, "1 Bewertung"),
        (2, "2 Bewertungen"),
        (1234, "1.234 Bewertungen"),
    ],
)
def test_a_count_takes_the_noun_in_the_right_number(count: int, expected: str) -> None:
    assert plural(count, "Bewertung", "Bewertungen") == expected


def test_adjective_and_noun_follow_the_count() -> None:
    assert plural(1, "beantwortete Übergabe", "beantwortete Übergaben") == (
        "1 beantwortete Übergabe"
    )
    assert plural(3, "beantwortete Übergabe", "beantwortete Übergaben") == (
        "3 beantwortete Übergaben"
    )
