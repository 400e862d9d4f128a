"""Intents of ours that refine one intent of the catalog (SPEC.md).

The catalog is what the evaluation sets are labelled with (CATALOG in
tests/test_training_data.py); a few of our intents split one of its intents
so that the bot can answer more precisely: ``insult`` and ``not_helpful`` are
kinds of ``complaint``, a recommended friend asks ``ask_how_referral_works``
from the other side, and "was muss ich tun?" (``ask_next_step``) asks it
after a topic. ``tools/nlu_eval.py`` scores them as their catalog
intent, and the fallback (``nlu_components.family_fallback``) treats each
catalog intent with its refinements as one family.
"""

from __future__ import annotations

CATALOG_EQUIVALENT: dict[str, str] = {
    "hardship": "complaint",
    "threat": "complaint",
    "referred_friend": "ask_how_referral_works",
    "not_helpful": "complaint",
    "insult": "complaint",
    "english": "out_of_scope",
    "ask_how_long": "ask_reward_status",
    "ask_next_step": "ask_how_referral_works",
}


def catalog_intent(name: str) -> str:
    """The catalog intent an intent of ours counts as (itself if it is one)."""
    return CATALOG_EQUIVALENT.get(name, name)
