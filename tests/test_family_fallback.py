"""The fallback of config.yml decides on families of intents
(nlu_components/family_fallback.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.message import Message

from nlu_components.family_fallback import FamilyFallbackClassifier, is_fallback

CONFIG = yaml.safe_load((Path(__file__).parent.parent / "config.yml").read_text(encoding="utf-8"))
# The thresholds of config.yml (0.35 and 0.08 when this was written).
SHIPPED = next(
    {key: value for key, value in c.items() if key != "name"}
    for c in CONFIG["pipeline"]
    if is_fallback(c["name"])
)


def classify(*ranking: tuple[str, float]) -> dict:
    items = [{"name": name, "confidence": value} for name, value in ranking]
    message = Message.build(text="irgendwas")
    message.set("intent", dict(items[0]), add_to_output=True)
    message.set("intent_ranking", items, add_to_output=True)
    config = {**FamilyFallbackClassifier.get_default_config(), **SHIPPED}
    fallback = FamilyFallbackClassifier(config)
    fallback.process([message])
    return message.get("intent")


def test_two_kinds_of_complaint_close_together_are_no_reason_to_ask_back() -> None:
    intent = classify(("insult", 0.40), ("not_helpful", 0.37), ("deny", 0.20))
    assert intent["name"] == "insult"


def test_a_kindred_intent_close_behind_does_not_hide_a_rival_close_behind() -> None:
    intent = classify(("insult", 0.40), ("not_helpful", 0.38), ("deny", 0.35))
    assert intent["name"] == "nlu_fallback"


def test_a_family_is_not_summed_up_against_the_threshold() -> None:
    intent = classify(("hardship", 0.34), ("complaint", 0.10), ("threat", 0.08), ("greet", 0.05))
    assert intent["name"] == "nlu_fallback"


def test_two_different_topics_close_together_still_ask_back() -> None:
    intent = classify(("ask_terms", 0.45), ("ask_reward_status", 0.40), ("greet", 0.15))
    assert intent["name"] == "nlu_fallback"


@pytest.mark.parametrize(
    "ranking",
    [
        (("ask_terms", 0.30), ("greet", 0.10)),
        (("insult", 0.30), ("not_helpful", 0.28), ("greet", 0.10)),
    ],
)
def test_a_family_below_the_threshold_asks_back(ranking) -> None:
    assert classify(*ranking)["name"] == "nlu_fallback"


def test_a_clear_single_intent_is_kept() -> None:
    assert classify(("ask_terms", 0.80), ("greet", 0.10))["name"] == "ask_terms"
