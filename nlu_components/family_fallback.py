"""Rasa's ``FallbackClassifier``, without asking back between kindred intents.

Rasa's fallback compares the two best intents: below ``threshold``, or closer
than ``ambiguity_threshold`` to each other, the message becomes
``nlu_fallback`` and the bot asks back. Two of our intents that refine the
same catalog intent (``nlu_components.intent_families``: ``insult``,
``not_helpful`` and ``complaint``, say) are not rival readings, though: a
customer who writes "das bringt doch alles nichts, du blöde Maschine" is
unhappy either way, and asking "Meinten Sie …?" is the worst answer there is.

So the ambiguity check compares the best intent with the best intent of
*another* family; the threshold check is Rasa's, on the best intent alone (a
sum over a family would let the small remainders of its members outvote a
clear "unsure"). Intents without refinements are families of one, for which
this is exactly Rasa's fallback.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.fallback_classifier import (
    AMBIGUITY_THRESHOLD_KEY,
    FallbackClassifier,
)
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message

from nlu_components.intent_families import catalog_intent

NAME = "nlu_components.family_fallback.FamilyFallbackClassifier"


def is_fallback(component_name: str) -> bool:
    """Whether a pipeline entry of config.yml is the fallback (Rasa's or ours):
    the tools that compare classifiers leave it out."""
    return component_name in ("FallbackClassifier", NAME)


def family_decision(ranking: list[dict[str, Any]]) -> tuple[str, float, float]:
    """The best intent, its confidence, and its margin over the best intent of
    another family: what the two thresholds check."""
    best = ranking[0]
    confidence = best.get(PREDICTED_CONFIDENCE_KEY) or 0.0
    family = catalog_intent(best["name"])
    rival = next(
        (
            item.get(PREDICTED_CONFIDENCE_KEY) or 0.0
            for item in ranking[1:]
            if catalog_intent(item["name"]) != family
        ),
        0.0,
    )
    return best["name"], confidence, confidence - rival


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class FamilyFallbackClassifier(FallbackClassifier):
    """``FallbackClassifier`` whose ambiguity check skips kindred intents (module doc)."""

    def _nlu_prediction_ambiguous(self, message: Message) -> tuple[bool, float | None]:
        ranking = message.get(INTENT_RANKING_KEY) or []
        if len(ranking) < 2 or not message.get(INTENT):
            return super()._nlu_prediction_ambiguous(message)
        _, _, margin = family_decision(ranking)
        return margin < self.component_config[AMBIGUITY_THRESHOLD_KEY], margin
