"""The friend's gender read from the first name in the records, for answers
where the customer never said "er" or "sie" (bot/first_names.py)."""

from __future__ import annotations

import pytest

from bot.first_names import all_female, likely_female


@pytest.mark.parametrize("name", ["Katharina", "Gabriele", "Elif", "Leonie", "Hannah", "Heike"])
def test_common_womens_names_read_as_women(name: str) -> None:
    assert likely_female(name) is True


@pytest.mark.parametrize("name", ["Markus", "Sören", "Sascha", "Luca", "Hauke", "Mustafa"])
def test_mens_names_with_a_womans_ending_read_as_men(name: str) -> None:
    assert likely_female(name) is False


def test_a_name_that_does_not_tell_is_unknown_not_a_man() -> None:
    assert likely_female("Kim") is None
    assert likely_female("") is None


def test_the_masked_name_of_the_records_is_read_by_its_first_name() -> None:
    assert likely_female("Katharina G.") is True


def test_friends_of_both_genders_or_unknown_give_no_reading() -> None:
    assert all_female(["Hannah S.", "Leonie F."]) is True
    assert all_female(["Markus B."]) is False
    assert all_female(["Hannah S.", "Maximilian R."]) is None
    assert all_female(["Kim L."]) is None
