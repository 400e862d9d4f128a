"""The German spaCy pipeline package that Rasa's SpacyNLP loads by name."""

from __future__ import annotations

import de_referral_nlp
import pytest
import spacy


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("de_referral_nlp", disable=["parser"])


def test_rasa_can_load_it_by_name(nlp):
    from rasa.nlu.utils.spacy_utils import SpacyNLP

    model = SpacyNLP.load_model("de_referral_nlp")
    SpacyNLP.ensure_proper_language_model(model.model)
    assert model.model.lang == "de"


def test_registry_build_without_de_core_news_sm(nlp, monkeypatch):
    monkeypatch.setattr(de_referral_nlp, "base_model_name", lambda: None)
    built = de_referral_nlp.load()
    assert built.pipe_names == ["lemmatizer", "simplemma_lemmas"]
    assert built.meta["base_model"] == "blank:de+lookups"


def test_uses_de_core_news_sm_when_installed(monkeypatch):
    calls = []

    def fake_load(name, **kwargs):
        calls.append((name, kwargs))
        return spacy.blank("de")

    monkeypatch.setattr(de_referral_nlp, "base_model_name", lambda: "de_core_news_sm")
    monkeypatch.setattr(de_referral_nlp.spacy, "load", fake_load)
    built = de_referral_nlp.load(disable=["parser"])
    assert calls[0][0] == "de_core_news_sm"
    assert set(calls[0][1]["exclude"]) >= {"ner", "parser"}
    assert built.meta["base_model"] == "de_core_news_sm"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bekam", "bekommen"),
        ("ausgezahlt", "auszahlen"),
        ("hab", "haben"),
        ("gutscheine", "Gutschein"),
        ("prämie", "Prämie"),
    ],
)
def test_german_lemmas_also_for_lowercase_chat_text(nlp, text, expected):
    assert nlp(text)[0].lemma_ == expected


def test_codes_and_addresses_stay_single_tokens(nlp):
    tokens = [t.text for t in nlp("Code ASV-7K2M9P, Mail lena.schmidt@gmx.de und das Netflix-Abo")]
    assert "ASV-7K2M9P" in tokens
    assert "lena.schmidt@gmx.de" in tokens
    assert "Netflix-Abo" in tokens


def test_base_lemma_mode_keeps_lookup_lemmas(monkeypatch):
    monkeypatch.setenv("DE_REFERRAL_NLP_LEMMAS", "base")
    monkeypatch.setattr(de_referral_nlp, "base_model_name", lambda: None)
    built = de_referral_nlp.load()
    assert "simplemma_lemmas" not in built.pipe_names
    assert built("ihr")[0].lemma_ == "mein"  # spaCy's lookup table, the reason we refine


def test_unknown_lemma_mode_is_rejected(monkeypatch):
    monkeypatch.setenv("DE_REFERRAL_NLP_LEMMAS", "stemmer")
    with pytest.raises(ValueError, match="DE_REFERRAL_NLP_LEMMAS"):
        de_referral_nlp.lemma_mode()
