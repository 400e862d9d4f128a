"""Clarification buttons after an unclear message."""

from __future__ import annotations

from bot.topics import HUMAN_BUTTON, TOPIC_TITLES, clarification_buttons, clarify_prompt


def ranking(*pairs):
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


def test_offers_the_likely_topics_best_first_then_a_person():
    buttons = clarification_buttons(
        ranking(
            ("nlu_fallback", 0.5),
            ("reward_mail_missing", 0.3),
            ("greet", 0.2),
            ("ask_reward_status", 0.15),
            ("ask_terms", 0.1),
            ("complaint", 0.08),
        )
    )
    assert [b.payload for b in buttons] == [
        "/reward_mail_missing",
        "/ask_reward_status",
        "/ask_terms",
        HUMAN_BUTTON.payload,
    ]
    assert buttons[0].title == TOPIC_TITLES["reward_mail_missing"]


def test_noise_and_small_talk_are_replaced_by_default_topics():
    buttons = clarification_buttons(ranking(("greet", 0.9), ("ask_terms", 0.01)))
    assert [b.payload for b in buttons] == [
        "/ask_reward_status",
        "/ask_how_referral_works",
        "/ask_data_privacy",
        "/request_human",
    ]


def test_empty_ranking_still_gives_buttons():
    assert len(clarification_buttons([])) == 4


def test_every_topic_is_a_domain_intent():
    import yaml

    with open("domain.yml", encoding="utf-8") as handle:
        intents = set(yaml.safe_load(handle)["intents"])
    assert set(TOPIC_TITLES) <= intents


def test_prompt_alternates():
    assert clarify_prompt(1) != clarify_prompt(2)
    assert clarify_prompt(0) == clarify_prompt(2)
