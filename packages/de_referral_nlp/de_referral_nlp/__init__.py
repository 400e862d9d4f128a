"""German spaCy pipeline for the referral-program bot.

Rasa's ``SpacyNLP`` loads a pipeline by package name (``spacy.load(name)``), so
this module is an installable spaCy "package" that assembles its pipeline at
load time from what is installed:

* ``de_core_news_sm`` when it is installed (tagger, morphology, its own
  lemmatizer; the parser and NER are left out, the bot does not use them);
* otherwise a blank German tokenizer with the lookup lemmatizer whose tables
  come from ``spacy-lookups-data`` (both are on the package registries).

In both cases a last component replaces lemmas with those of ``simplemma``
(cleaner German lemmas than spaCy's lookup table: "ihr" stays "ihr" instead
of "mein", "meine" becomes "mein" instead of "meinen", "hab" becomes "haben",
and lowercase chat text such as "prämie" still finds "Prämie"). Regional
forms ("i hob", "chan ich") get the lemma of their standard word
(``bot.dialect``).
``DE_REFERRAL_NLP_LEMMAS=base`` keeps the base pipeline's lemmas; it exists
for the comparison in docs/nlu-pipeline.md.

A Rasa model remembers only the package name, so retrain after installing or
removing ``de_core_news_sm``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

BASE_MODEL = "de_core_news_sm"
LEMMA_MODES = ("simplemma", "base")
_PACKAGE_DIR = Path(__file__).parent


@Language.component("simplemma_lemmas")
def simplemma_lemmas(doc: Doc) -> Doc:
    """Overwrite token lemmas with simplemma's German dictionary lemmas; a
    regional form ("griag", "überchum") gets its standard word's lemma."""
    import simplemma

    # The lexicon lives with the bot (it also serves the knowledge-base
    # matcher, which must not load spaCy); Rasa runs from the repository.
    from bot.dialect import standard_word

    for token in doc:
        if token.is_alpha:
            word = standard_word(token.text) or token.text
            token.lemma_ = simplemma.lemmatize(word, lang="de")
        elif not token.lemma_:
            token.lemma_ = token.text
    return doc


def base_model_name() -> str | None:
    """Name of the installed base model, or None for the registry-only build."""
    return BASE_MODEL if spacy.util.is_package(BASE_MODEL) else None


def lemma_mode() -> str:
    mode = os.environ.get("DE_REFERRAL_NLP_LEMMAS", "simplemma")
    if mode not in LEMMA_MODES:
        raise ValueError(f"DE_REFERRAL_NLP_LEMMAS must be one of {LEMMA_MODES}, not {mode!r}")
    return mode


def _blank_german() -> Language:
    nlp = spacy.blank("de")
    # Lookup tables are read from spacy-lookups-data during initialize().
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def load(
    vocab: Any = True,
    disable: Iterable[str] = (),
    enable: Iterable[str] = (),
    exclude: Iterable[str] = (),
    config: Any = None,
) -> Language:
    """Entry point used by ``spacy.load("de_referral_nlp")``."""
    base = base_model_name()
    if base:
        nlp = spacy.load(base, disable=list(disable), exclude=[*exclude, "ner", "parser"])
    else:
        nlp = _blank_german()
    if lemma_mode() == "simplemma":
        nlp.add_pipe("simplemma_lemmas", last=True)
    # Rasa rejects pipelines without a path (it treats them as unusable stubs).
    nlp._path = _PACKAGE_DIR
    nlp.meta["base_model"] = base or "blank:de+lookups"
    return nlp
