"""Customer-facing names of the bot's topics, and the clarification choice.

When the NLU is unsure (``nlu_fallback``), the bot offers the topics the
classifier found most likely as buttons. The button titles are phrased as the
customer would ask; the payloads trigger the intent directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Topics a customer can be offered; small talk and `inform` are never offered.
TOPIC_TITLES: dict[str, str] = {
    "ask_reward_status": "Wo bleibt meine Prämie?",
    "reward_mail_missing": "Prämien-Mail ist nicht angekommen",
    "ask_how_referral_works": "Wie funktioniert das Programm?",
    "ask_terms": "Teilnahmebedingungen und Kontakt",
    "ask_data_privacy": "Was passiert mit meinen Daten?",
    "request_data_rights": "Auskunft oder Löschung meiner Daten",
    "convert_reward_to_cash": "Geld statt Sachprämie",
    "demand_higher_reward": "Höhere Prämie",
    "brand_inquiry": "Frage zu meinem Vertrag",
    "complaint": "Ich möchte mich beschweren",
}
# Offered when the classifier has no usable guess at all.
DEFAULT_TOPICS = ("ask_reward_status", "ask_how_referral_works", "ask_data_privacy")
# The question above the buttons; alternated so the bot does not repeat itself.
CLARIFY_PROMPTS = (
    "Ich bin mir nicht ganz sicher, ob ich Sie richtig verstanden habe. "
    "Geht es um eines dieser Themen?",
    "Entschuldigung, das habe ich nicht ganz verstanden. Meinen Sie vielleicht eines davon?",
)
MAX_TOPICS = 3
# Guesses below this confidence are noise rather than a hint.
MIN_CONFIDENCE = 0.05


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


HUMAN_BUTTON = Button("Mit einem Mitarbeiter sprechen", "/request_human")
# The customer's own status, offered beside rules a story may be asking about.
OWN_STATUS_BUTTON = Button("Meinen Stand prüfen", "/ask_reward_status")
# A complaint to tell (the bot then asks what happened).
COMPLAINT_BUTTON = Button(TOPIC_TITLES["complaint"], "/complaint")


def default_topic_buttons() -> list[dict[str, str]]:
    """Buttons for the topics offered when nothing points to one."""
    return [Button(TOPIC_TITLES[name], f"/{name}").as_dict() for name in DEFAULT_TOPICS]


def clarification_buttons(intent_ranking: Iterable[Mapping[str, object]]) -> list[Button]:
    """Buttons for the most likely topics in ``intent_ranking``, then "a person".

    ``intent_ranking`` is Rasa's list of ``{"name": ..., "confidence": ...}``
    dicts from the latest user message, best first.
    """
    chosen: list[str] = []
    for candidate in intent_ranking:
        name = str(candidate.get("name", ""))
        confidence = float(candidate.get("confidence") or 0.0)
        if name in TOPIC_TITLES and confidence >= MIN_CONFIDENCE and name not in chosen:
            chosen.append(name)
        if len(chosen) == MAX_TOPICS:
            break
    for name in DEFAULT_TOPICS:
        if len(chosen) == MAX_TOPICS:
            break
        if name not in chosen:
            chosen.append(name)
    buttons = [Button(TOPIC_TITLES[name], f"/{name}") for name in chosen]
    buttons.append(HUMAN_BUTTON)
    return buttons


def clarify_prompt(turn: int) -> str:
    """The clarification question for the ``turn``-th user message."""
    return CLARIFY_PROMPTS[turn % len(CLARIFY_PROMPTS)]
