"""The example code in the bot's question for the referral code matches the
program: ``{code_prefix}-7K3M9P`` in domain.yml, the prefix set with the program."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from sqlalchemy.orm import Session

from actions.base import program_slots
from bot.referral_code import EXAMPLE_BODY, EXAMPLE_CODE, EXAMPLE_PREFIX, example_code
from tests.factories import make_program, make_referrer

pytestmark = pytest.mark.db

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text("utf-8"))


def _slots(events: list[dict]) -> dict:
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}


def test_the_code_prefix_comes_from_the_programs_referral_codes(session: Session) -> None:
    program = make_program(session, "sonnenstrom-test")
    make_referrer(session, program, "SSE-4K7M2P")

    slots = _slots(program_slots(session, "sonnenstrom-test"))

    assert slots == {"program": "sonnenstrom-test", "code_prefix": "SSE"}
    assert example_code(slots["code_prefix"]) == "SSE-7K3M9P"


def test_without_a_known_program_the_example_has_the_neutral_prefix(session: Session) -> None:
    make_program(session, "ohne-empfehler")

    assert _slots(program_slots(session, None))["code_prefix"] == EXAMPLE_PREFIX
    assert _slots(program_slots(session, "ohne-empfehler"))["code_prefix"] == EXAMPLE_PREFIX
    assert DOMAIN["slots"]["code_prefix"]["initial_value"] == EXAMPLE_PREFIX


def test_every_example_code_in_the_responses_has_the_programs_prefix() -> None:
    """No response names one program's code; each example is the one the
    tracker store keeps readable (bot.referral_code.EXAMPLE_CODE)."""
    texts = [
        variant["text"]
        for variants in DOMAIN["responses"].values()
        for variant in variants
        if "text" in variant
    ]
    examples = [text for text in texts if EXAMPLE_BODY in text]
    assert len(examples) >= 2
    for text in examples:
        assert f"{{code_prefix}}-{EXAMPLE_BODY}" in text
        assert EXAMPLE_CODE.search(text.replace("{code_prefix}", "FNM"))
    assert not [text for text in texts if re.search(r"\b[A-Z]{3}-[A-Z0-9]{6}\b", text)]
