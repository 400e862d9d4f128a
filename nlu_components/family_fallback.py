"""Rasa's ``FallbackClassifier``, deciding on families of intents.

Rasa's fallback compares the two best intents: below ``threshold``, or closer
than ``ambiguity_threshold`` to each other, the message becomes
``nlu_fallback`` and the bot asks back. Two of our intents that refine the
same catalog intent (``nlu_components.intent_families``: ``insult``,
``not_helpful`` and ``complaint``, say) are not rival readings, though: a
customer who writes "das bringt doch alles nichts, du blöde Maschine" is
unhappy either way, and asking "Meinten Sie …?" is the worst answer there is.

So the confidences of a family are added up. The family with the largest sum
wins, its best intent becomes the prediction (moved to the top of the ranking
when another family's intent was there), and the usual two checks apply to the
families: the winner's sum against ``threshold``, its margin over the next
family against ``ambiguity_threshold``. Intents without refinements are
families of one, for which this is exactly Rasa's fallback.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.fallback_classifier import (
    AMBIGUITY_THRESHOLD_KEY,
    THRESHOLD_KEY,
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


def family_ranking(ranking: list[dict[str, Any]]) -> list[tuple[str, float]]:
    """(family, summed confidence), best first."""
    sums: dict[str, float] = defaultdict(float)
    for item in ranking:
        sums[catalog_intent(item["name"])] += item.get(PREDICTED_CONFIDENCE_KEY) or 0.0
    return sorted(sums.items(), key=lambda pair: pair[1], reverse=True)


def family_decision(ranking: list[dict[str, Any]]) -> tuple[str, float, float]:
    """The best intent of the winning family, the family's summed confidence,
    and its margin over the next family: what the two thresholds check."""
    families = family_ranking(ranking)
    winner, confidence = families[0]
    second = families[1][1] if len(families) > 1 else 0.0
    best = next(item["name"] for item in ranking if catalog_intent(item["name"]) == winner)
    return best, confidence, confidence - second


def lead_with_family(message: Message, family: str) -> None:
    """Puts the best intent of ``family`` first (intent and ranking)."""
    ranking = message.get(INTENT_RANKING_KEY) or []
    best = next((item for item in ranking if catalog_intent(item["name"]) == family), None)
    if best is None or ranking[0] is best:
        return
    message.set(INTENT_RANKING_KEY, [best, *(item for item in ranking if item is not best)])
    message.set(INTENT, dict(best), add_to_output=True)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class FamilyFallbackClassifier(FallbackClassifier):
    """``FallbackClassifier`` whose checks compare families of intents (module doc)."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            families = family_ranking(message.get(INTENT_RANKING_KEY) or [])
            if families and message.get(INTENT):
                lead_with_family(message, families[0][0])
        return super().process(messages)

    def _should_fallback(self, message: Message) -> bool:
        families = family_ranking(message.get(INTENT_RANKING_KEY) or [])
        if not families or not message.get(INTENT):
            return super()._should_fallback(message)
        if families[0][1] < self.component_config[THRESHOLD_KEY]:
            return True
        if len(families) < 2:
            return False
        margin = families[0][1] - families[1][1]
        return margin < self.component_config[AMBIGUITY_THRESHOLD_KEY]
