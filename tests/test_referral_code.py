"""The one definition of a referral code (bot/referral_code.py): how customers
write it, what is never a code, masking, and the NLU regex being the same."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.formatting import mask_personal_data
from bot.referral_code import (
    NLU_PATTERN,
    find_code_attempt,
    find_codes,
    is_valid_code,
    mask_codes,
    normalize_code,
)

ROOT = Path(__file__).resolve().parent.parent


def _nlu_regexes(name: str) -> list[str]:
    nlu = yaml.safe_load((ROOT / "data/nlu/entities.yml").read_text(encoding="utf-8"))["nlu"]
    blocks = [block for block in nlu if block.get("regex") == name]
    return [
        line.strip().removeprefix("- ")
        for block in blocks
        for line in block["examples"].splitlines()
        if line.strip()
    ]


def test_the_nlu_regex_is_the_modules_pattern() -> None:
    assert _nlu_regexes("referral_code") == [NLU_PATTERN], (
        "copy bot.referral_code.NLU_PATTERN into data/nlu/entities.yml"
    )


@pytest.mark.parametrize(
    "written",
    [
        "ASV-7K3M9P",
        "asv-7k3m9p",
        "asv7k3m9p",
        "ASV 7K3M9P",
        "Asv - 7k3m9p!",
        "ASV – 7K3M9P.",
        "Code:ASV-7K3M9P",
        "(ASV-7K3M9P)",
        "Mein Code ist asv 7k3m9p, danke",
    ],
)
def test_every_way_of_writing_a_code_means_the_same_code(written: str) -> None:
    assert find_codes(written) == ["ASV-7K3M9P"]
    assert normalize_code(written) == "ASV-7K3M9P"


@pytest.mark.parametrize(
    "text",
    [
        "hannah277@example.de",
        "renate.weber1973@example.com",
        "karl-heinz.weber1961@example.net",
        "ASV-7K3M9P.x@example.de",
        "x@sophie453.example.de",
        "https://example.de/empfehlung/asv7k3m9p",
        "https://example.de/?code=ASV-7K3M9P",
        "www.asv-7k3m9p.de",
    ],
)
def test_a_code_shaped_piece_of_an_address_or_url_is_no_code(text: str) -> None:
    assert find_codes(text) == []
    assert find_code_attempt(text) is None


def test_the_code_next_to_a_code_shaped_address_is_found() -> None:
    text = "Mein Code ist ASV-9K7RD5, meine Mail renate.weber1973@example.com"
    assert find_codes(text) == ["ASV-9K7RD5"]
    assert find_codes("hannah277@example.de und asv 7k3m9p") == ["ASV-7K3M9P"]


@pytest.mark.parametrize(
    "text", ["Meine Kundennummer ist 123456", "vom 150326", "Wartezeit", "ASV-ABCDEF", "ASV-7K3M9"]
)
def test_words_and_numbers_are_no_codes(text: str) -> None:
    assert find_codes(text) == []


def test_a_malformed_code_is_still_recognised_as_meant_for_one() -> None:
    assert find_code_attempt("Mein Code: ASV-ABCDEF") == "ASV-ABCDEF"
    assert find_code_attempt("Wo bleibt meine Prämie?") is None


def test_only_the_normalised_form_is_valid() -> None:
    assert is_valid_code("ASV-7K3M9P")
    assert is_valid_code("ASV-234567")
    assert not is_valid_code("ASV-ABCDEF")  # needs a digit
    assert not is_valid_code("asv-7k3m9p")
    assert not is_valid_code("ASV7K3M9P")


@pytest.mark.parametrize(
    "text", ["Code ASV 7K3M9P bitte", "code asv7k3m9p", "Link https://example.de/?code=ASV-7K3M9P"]
)
def test_masking_hides_every_way_of_writing_a_code(text: str) -> None:
    for masked in (mask_codes(text), mask_personal_data(text)):
        assert "7K3M9P" not in masked.upper()
        assert "ASV-******" in masked


def test_masking_leaves_ordinary_words_and_numbers() -> None:
    text = "Die Wartezeit beträgt 14 Tage, Vertrag 2023"
    assert mask_codes(text) == text


def test_a_code_typed_apart_counts_with_the_programs_prefix_or_spelled_out() -> None:
    from bot.referral_code import code_typed_apart

    assert code_typed_apart("asv rec 234", "ASV") == "ASV-REC234"
    assert code_typed_apart("SSE - snt 234", "SSE") == "SSE-SNT234"
    assert code_typed_apart("code: fnm rej 456.", "FNM") == "FNM-REJ456"
    # In running text only behind the program's own prefix, which ordinary
    # words of the same shape lack.
    assert code_typed_apart("mein code ist asv rec 234 glaub ich", "ASV") == "ASV-REC234"
    assert code_typed_apart("ich hab 100", "ASV") is None
    assert code_typed_apart("ich hab 100 200 300 euro bezahlt", "ASV") is None
    assert code_typed_apart("asv rec 234", "SSE") is None
    # Spelled out one character at a time, anywhere in the answer.
    assert code_typed_apart("code? moment… A S V Q U A 5 6 7", "ASV") == "ASV-QUA567"
    assert code_typed_apart("A S V Q U A 5 6 7", "SSE") is None
    # With the e-mail address asked for next to it, it is still the whole answer.
    assert code_typed_apart("asv wai 456 und sabine.wolf@example.com", "ASV") == "ASV-WAI456"
    assert code_typed_apart("SSE ORD 789 / mail: claudia@example.de", "SSE") == "SSE-ORD789"
    assert code_typed_apart("ich hab 100 und anna@example.de", "ASV") is None
