from datetime import date

import pytest

from bot.formatting import format_date, format_euro, mask_email, mask_name, mask_personal_data


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2026, 3, 5), "5. März 2026"), (date(2025, 12, 31), "31. Dezember 2025")],
)
def test_german_dates(day: date, expected: str) -> None:
    assert format_date(day) == expected


@pytest.mark.parametrize(
    ("cents", "expected"),
    [(5000, "50 €"), (4999, "49,99 €"), (7505, "75,05 €"), (123456700, "1.234.567 €")],
)
def test_euro_amounts(cents: int, expected: str) -> None:
    assert format_euro(cents) == expected


def test_friend_name_is_masked_to_the_initial() -> None:
    assert mask_name("Max", "Mustermann") == "Max M."
    assert "Mustermann" not in mask_name("Max", "Mustermann")


def test_email_is_masked_but_recognisable() -> None:
    assert mask_email("lena.hoffmann@example.de") == "le***@example.de"
    assert mask_email("kaputt") == "***"


def test_codes_and_addresses_are_masked_in_free_text() -> None:
    text = "Code asv-7k3m9p, Mail lena.hoffmann@example.de, Vertrag 2023"
    masked = mask_personal_data(text)
    assert "7K3M9P" not in masked.upper()
    assert "lena.hoffmann" not in masked
    assert "ASV-******" in masked
    assert "Vertrag 2023" in masked
