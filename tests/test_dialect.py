"""Regional German read as standard German (bot/dialect.py): by the matcher,
by the spaCy pipeline's lemmas, and when telling German from English."""

from __future__ import annotations

import pytest
import spacy

from actions.wording import writes_english
from bot.dialect import has_regional_word, standard_word, to_standard
from bot.knowledge.matcher import entry_matcher


def test_regional_forms_become_standard_words_and_standard_text_stays() -> None:
    assert to_standard("wia vui griag i") == "wie viel kriege ich"
    assert to_standard("Chan ich das sälber mache?") == "kann ich das selber mache?"
    assert to_standard("Wie viel bekomme ich?") == "Wie viel bekomme ich?"
    assert standard_word("Prämie") is None


def test_an_english_looking_regional_word_alone_is_no_sign_of_german() -> None:
    assert has_regional_word("wos muas i do macha")
    assert not has_regional_word("is there a limit, i wonder")
    assert writes_english("why so long?? i got nothing")
    assert not writes_english("Servus, wia vui Prämie griag i, wenn i an Spezl empfehl?")


def test_the_spacy_pipeline_gives_a_regional_word_the_standard_lemma() -> None:
    nlp = spacy.load("de_referral_nlp")
    regional = [token.lemma_ for token in nlp("griag i mei Prämie")]
    standard = [token.lemma_ for token in nlp("kriege ich mein Prämie")]
    assert regional == standard


@pytest.mark.parametrize(
    ("regional", "standard"),
    [
        ("Wia vui Prämie griag i für oan Spezl?", "Wie viel Prämie kriege ich für einen Freund?"),
        ("Wänn wird d'Prämie usbezahlt?", "Wann wird die Prämie ausbezahlt?"),
    ],
)
def test_the_matcher_finds_the_same_entry_for_regional_and_standard_german(
    regional: str, standard: str
) -> None:
    matcher = entry_matcher()
    assert matcher.best(regional).entry.id == matcher.best(standard).entry.id
