from datetime import date

import pytest

from bot.formatting import (
    format_date,
    format_euro,
    has_iban,
    mask_email,
    mask_name,
    mask_personal_data,
)


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


@pytest.mark.parametrize(
    ("text", "plain", "masked"),
    [
        ("IBAN DE89 3704 0044 0532 0130 00 bitte", "3704 0044", "DE89 **** 00 bitte"),
        ("iban: de89370400440532013000.", "370400440532013000", "DE89 **** 00."),
        ("Ruf an: 0170 1234567!", "1234567", "***67!"),
        ("Telefon +49 (30) 123 45 67", "123 45 67", "Telefon ***67"),
        ("oder 030/1234567", "1234567", "oder ***67"),
    ],
)
def test_ibans_and_phones_are_masked_in_free_text(text: str, plain: str, masked: str) -> None:
    result = mask_personal_data(text)
    assert plain not in result
    assert masked in result


@pytest.mark.parametrize(
    "text",
    [
        "am 05.03.2026 für 0,50 €",
        "PLZ 01067 Dresden",
        "Vertrag 2023, Kundennummer 12345678",
        "ab12 dies ist kein Konto",
        "Vorgang 3f2a0123456789abcdef0123456789ab",
    ],
)
def test_dates_amounts_and_ids_stay_readable(text: str) -> None:
    assert mask_personal_data(text) == text


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("geht das nicht hier? DE89 3704 0044 0532 0130 00", True),
        ("meine neue iban: de89370400440532013000", True),
        ("meine IBAN hat sich geändert", False),
        ("Code ASV-QUA567, Vertrag vom 05.03.2026", False),
    ],
)
def test_an_iban_is_found_as_customers_type_it(text: str, found: bool) -> None:
    assert has_iban(text) is found
