"""Hygiene of the NLU data: the intent contract, variety, no leaks into the held-out set."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.loading import load_data

from bot.referral_code import is_valid_code
from tools.nlu_eval import normalise

ROOT = Path(__file__).resolve().parent.parent
CATALOG = {
    "greet",
    "goodbye",
    "affirm",
    "deny",
    "thank",
    "bot_challenge",
    "request_human",
    "ask_reward_status",
    "ask_how_referral_works",
    "ask_data_privacy",
    "request_data_rights",
    "ask_terms",
    "demand_higher_reward",
    "complaint",
    "reward_mail_missing",
    "convert_reward_to_cash",
    "brand_inquiry",
    "inform",
    "out_of_scope",
}
ENTITIES = {"referral_code", "email", "reward_type", "program", "rating"}
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


@pytest.fixture(scope="module")
def training():
    return load_data(str(ROOT / "data" / "nlu"))


@pytest.fixture(scope="module")
def heldout():
    return load_data(str(ROOT / "tests" / "nlu_heldout"))


def test_catalog_intents_exist_in_domain_and_data(training):
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert set(domain["intents"]) >= CATALOG
    assert set(domain["entities"]) >= ENTITIES
    assert set(training.intents) >= CATALOG


def test_every_intent_has_plenty_of_examples(training):
    counts = Counter(m.get("intent") for m in training.intent_examples)
    thin = {intent: n for intent, n in counts.items() if n < 60}
    assert not thin, f"intents with fewer than 60 examples: {thin}"


def test_no_duplicate_examples(training):
    counts = Counter(normalise(m.get("text")) for m in training.intent_examples)
    assert [text for text, n in counts.items() if n > 1] == []


def test_heldout_covers_every_intent_and_never_leaks_into_training(training, heldout):
    assert set(heldout.intents) >= CATALOG
    trained = {normalise(m.get("text")) for m in training.intent_examples}
    leaked = [m.get("text") for m in heldout.intent_examples if normalise(m.get("text")) in trained]
    assert leaked == []


def test_examples_are_varied(training):
    texts = [m.get("text") for m in training.intent_examples]
    lengths = [len(t.split()) for t in texts]
    assert sum(n <= 3 for n in lengths) > 0.1 * len(texts), "too few short messages"
    assert sum(n >= 12 for n in lengths) > 0.08 * len(texts), "too few long messages"
    without_umlaut = [
        t for t in texts if re.search(r"(ae|oe|ue)", t) and not re.search("[äöüß]", t)
    ]
    assert len(without_umlaut) > 0.05 * len(texts), "too few spellings without umlauts"
    informal = [t for t in texts if re.search(r"\b(du|dir|dich|euch|ihr)\b", t, re.I)]
    assert len(informal) > 0.03 * len(texts), "too few informal messages"


def test_annotated_entities_have_valid_values(training):
    surface_forms = {form.casefold() for form in training.entity_synonyms}
    for message in training.entity_examples:
        for entity in message.get("entities"):
            value, kind = entity["value"], entity["entity"]
            assert kind in ENTITIES, message.get("text")
            if kind == "referral_code":
                assert is_valid_code(value.upper()), value
            elif kind == "email":
                assert EMAIL.match(value), value
            elif kind == "rating":
                assert value in {"1", "2", "3", "4", "5"}, message.get("text")
            else:
                assert value.casefold() in surface_forms, f"{kind} {value!r} has no synonym entry"


def test_lookup_tables_list_exactly_the_synonym_surface_forms(training):
    """The extractor finds what the lookups list; the mapper normalises via synonyms."""
    synonyms = {form.casefold(): value for form, value in training.entity_synonyms.items()}
    for table in training.lookup_tables:
        listed = {element.casefold() for element in table["elements"]}
        canonical = {synonyms[form] for form in listed}
        forms = {form for form, value in synonyms.items() if value in canonical}
        assert listed == forms, table["name"]
