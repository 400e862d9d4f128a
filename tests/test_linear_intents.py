"""The blended intent classifier, trained and reloaded with Rasa's own parts, and
the components that fold lemmas and add written variants to the training data."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu_components.family_fallback import FamilyFallbackClassifier
from nlu_components.linear_intents import (
    FoldedLemmas,
    LinearIntentClassifier,
    TrainingVariants,
    fold,
    typo,
)

EXAMPLES = {
    "ask_reward_status": [
        "Wo bleibt meine Prämie?",
        "wann kommt meine praemie",
        "Meine Prämie ist noch nicht da",
        "Status meiner Prämie bitte",
    ],
    "greet": ["Hallo", "Guten Tag", "hi", "Moin"],
    "thank": ["Danke", "Vielen Dank!", "danke dir", "Dankeschön"],
}


def context(name: str) -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), node_name=name)


@pytest.fixture
def parts(tmp_path: Path):
    storage = LocalModelStorage(tmp_path)
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    featurizer = CountVectorsFeaturizer.create(
        {**CountVectorsFeaturizer.get_default_config(), "analyzer": "char_wb", "max_ngram": 3},
        storage,
        Resource("cvf"),
        context("cvf"),
    )
    return storage, tokenizer, featurizer


def training_data() -> TrainingData:
    return TrainingData(
        [
            Message.build(text=text, intent=intent)
            for intent, texts in EXAMPLES.items()
            for text in texts
        ]
    )


def featurized(parts, texts: list[str], rankings: list[list[dict]] | None = None) -> list[Message]:
    _, tokenizer, featurizer = parts
    messages = [Message.build(text=text) for text in texts]
    for message, ranking in zip(messages, rankings or [None] * len(texts), strict=True):
        if ranking is not None:
            message.set("intent_ranking", ranking)
    tokenizer.process(messages)
    featurizer.process(messages)
    return messages


def trained(parts, **config) -> LinearIntentClassifier:
    storage, tokenizer, featurizer = parts
    data = training_data()
    tokenizer.process_training_data(data)
    featurizer.train(data)
    featurizer.process_training_data(data)
    classifier = LinearIntentClassifier.create(
        {**LinearIntentClassifier.get_default_config(), **config},
        storage,
        Resource("blend"),
        context("blend"),
    )
    classifier.train(data)
    return classifier


@pytest.mark.slow
def test_alone_it_classifies_from_the_features(parts):
    classifier = trained(parts)
    messages = classifier.process(featurized(parts, ["wo bleibt die prämie", "danke schön"]))
    assert [m.get("intent")["name"] for m in messages] == ["ask_reward_status", "thank"]
    ranking = messages[0].get("intent_ranking")
    assert ranking[0]["name"] == "ask_reward_status"
    assert sum(item["confidence"] for item in ranking) == pytest.approx(1.0)


def test_it_averages_with_the_earlier_ranking(parts):
    classifier = trained(parts, diet_weight=0.4)
    alone = classifier.process(featurized(parts, ["Hallo"]))[0].get("intent_ranking")
    linear = {item["name"]: item["confidence"] for item in alone}
    # An earlier classifier that is sure of "thank" pulls the blend its way.
    earlier = [{"name": "thank", "confidence": 1.0}]
    blended = classifier.process(featurized(parts, ["Hallo"], [earlier]))[0]
    scores = {item["name"]: item["confidence"] for item in blended.get("intent_ranking")}
    assert scores["thank"] == pytest.approx(0.4 + 0.6 * linear["thank"])
    assert scores["greet"] == pytest.approx(0.6 * linear["greet"])
    assert blended.get("intent")["name"] == max(scores, key=scores.get)


def test_a_reloaded_model_answers_the_same(parts):
    storage, _, _ = parts
    classifier = trained(parts)
    before = classifier.process(featurized(parts, ["Vielen Dank"]))[0].get("intent_ranking")
    loaded = LinearIntentClassifier.load(
        LinearIntentClassifier.get_default_config(), storage, Resource("blend"), context("blend")
    )
    after = loaded.process(featurized(parts, ["Vielen Dank"]))[0].get("intent_ranking")
    assert after is not None
    assert after == before


def test_an_empty_message_gets_no_guess_and_the_fallback_asks_back(parts):
    """No tokens, no features: no intent, so the fallback takes over."""
    classifier = trained(parts)
    # As after the spaCy tokenizer, which gives an empty text no tokens.
    message = Message.build(text="")
    classifier.process([message])
    assert message.get("intent") == {"name": None, "confidence": 0.0}
    assert message.get("intent_ranking") == []
    fallback = FamilyFallbackClassifier(
        {**FamilyFallbackClassifier.get_default_config(), "threshold": 0.35}
    )
    fallback.process([message])
    assert message.get("intent")["name"] == "nlu_fallback"
    assert [item["name"] for item in message.get("intent_ranking")] == ["nlu_fallback"]


def test_ranking_length_cuts_the_ranking(parts):
    classifier = trained(parts, ranking_length=2)
    ranking = classifier.process(featurized(parts, ["Moin"]))[0].get("intent_ranking")
    assert len(ranking) == 2


def test_training_data_keeps_its_gold_intents(parts):
    classifier = trained(parts)
    data = training_data()
    gold = [m.get("intent") for m in data.training_examples]
    classifier.process_training_data(data)
    assert [m.get("intent") for m in data.training_examples] == gold


def test_a_weight_outside_0_to_1_is_refused():
    with pytest.raises(ValueError, match="diet_weight"):
        LinearIntentClassifier.validate_config({"diet_weight": 1.5})


# Folded lemmas and training variants (nlu_components/linear_intents.py) and the
# in-process cross-validation that measured them (tools/nlu_cv.py).


def test_fold_gives_one_spelling_for_case_umlauts_and_letter_runs():
    assert fold("PRÄMIE") == fold("Prämie") == fold("praemie") == "praemie"
    assert fold("Straße") == "strasse"
    assert fold("neeeein") == "neein"


def test_folded_lemmas_make_umlaut_spellings_the_same_features(parts):
    storage, tokenizer, featurizer = parts
    folder = FoldedLemmas.create({}, storage, Resource("fold"), context("fold"))
    data = training_data()
    tokenizer.process_training_data(data)
    folder.process_training_data(data)
    featurizer.train(data)
    featurizer.process_training_data(data)
    messages = [
        Message.build(text=text) for text in ("Wo bleibt die Prämie", "wo bleibt die PRAEMIE")
    ]
    tokenizer.process(messages)
    folder.process(messages)
    featurizer.process(messages)
    first, second = (m.get_sparse_features("text")[1].features.toarray() for m in messages)
    assert (first == second).all()
    # The text itself (entities, regexes) is left as written.
    assert messages[0].get("text") == "Wo bleibt die Prämie"


def variants(**config) -> TrainingVariants:
    return TrainingVariants({**TrainingVariants.get_default_config(), **config})


def test_training_variants_add_copies_with_the_intent_and_no_entities():
    augmenter = variants(variants=["spelled_out_umlauts", "dots_dropped", "all_caps"])
    data = TrainingData(
        [
            Message.build(text="Wo bleibt meine Prämie?", intent="ask_reward_status"),
            Message.build(
                text="ASV-7K2M9P",
                intent="inform",
                entities=[
                    {"start": 0, "end": 10, "value": "ASV-7K2M9P", "entity": "referral_code"}
                ],
            ),
        ]
    )
    augmented = augmenter.process_training_data(data)
    texts = {m.get("text"): m for m in augmented.training_examples}
    assert set(texts) == {
        "Wo bleibt meine Prämie?",
        "Wo bleibt meine Praemie?",
        "Wo bleibt meine Pramie?",
        "WO BLEIBT MEINE PRÄMIE?",
        "ASV-7K2M9P",  # all caps already: no copy
    }
    assert texts["Wo bleibt meine Pramie?"].get("intent") == "ask_reward_status"
    assert not texts["WO BLEIBT MEINE PRÄMIE?"].get("entities")
    assert augmented.entities == {"referral_code"}


def test_training_variants_are_the_same_on_every_run_and_leave_parsing_alone():
    text = "Wann bekomme ich endlich meinen Gutschein"
    first = variants(variants=["typo"], seed=3).variants_of(text)
    assert first == variants(variants=["typo"], seed=3).variants_of(text)
    assert first != [text]
    message = Message.build(text=text)
    assert variants().process([message]) == [message]
    assert message.get("text") == text


def test_a_typo_changes_one_word_by_one_slip():
    rng = random.Random(0)
    words = ["Wo", "bleibt", "meine", "Prämie"]
    for _ in range(50):
        slipped = typo(" ".join(words), rng)
        changed = [(a, b) for a, b in zip(words, slipped.split(), strict=True) if a != b]
        assert len(changed) == 1
        assert abs(len(changed[0][0]) - len(changed[0][1])) <= 1
    assert typo("ja ok", rng) == "ja ok"


def test_unknown_variants_are_refused():
    with pytest.raises(ValueError, match="Unknown variants"):
        variants(variants=["shouting"])


def test_every_cross_validation_candidate_builds_from_registered_components():
    from rasa.engine.recipes.default_recipe import DefaultV1Recipe

    from tools.nlu_cv import CANDIDATES, candidate_config, noisy

    for key in CANDIDATES:
        for settings in candidate_config(key)["pipeline"]:
            DefaultV1Recipe._from_registry(settings["name"])
    assert noisy("Wo bleibt meine Prämie?") == noisy("Wo bleibt meine Prämie?")
    assert noisy("Wo bleibt meine Prämie?") != "Wo bleibt meine Prämie?"
