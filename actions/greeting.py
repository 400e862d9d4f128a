"""Greetings: "Hallo" gets the bot's introduction; "wie geht's dir?" (small
talk the NLU reads as a greeting) gets a short, friendly answer and the
question what the customer needs, not the introduction a second time.
"Guten Abend! Ich hätte eine Frage zur Wartezeit." announces a topic: its
likeliest questions as buttons, and the topic kept for the follow-up
("Wieso ist die so lang?"). A thank-you gets a fitting "gern geschehen"."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import (
    ANSWER_ACTION,
    BOT_CHALLENGE_ACTION,
    BRIEF_REPLY_ACTION,
    CALLBACK_ACTION,
    CALLBACK_BUTTONS,
    CLARIFY_ACTION,
    HANDOFF_ACTION,
    INSULT_ACTION,
    REWARD_MAIL_ACTION,
    STATUS_ACTION,
    THANK_ACTION,
    Events,
    back_to_german,
    latest_confidence,
    latest_text,
    offered_callback,
)
from actions.complaint import COMPLAINT_ACTION
from actions.follow_up import thanks_ahead_for_callback
from actions.knowledge import entry_button, find_entry
from actions.wording import (
    accepts_outcome,
    announces_question,
    asks_for_mail_reply,
    asks_if_nobody_there,
    asks_mail_again,
    asks_summary,
    asks_what_bot_can,
    asks_who_reads,
    gives_up,
    goodbye_response,
    insults_bot,
    is_personal,
    is_question,
    is_sarcastic_thanks,
    thank_response,
    wants_person,
)
from bot.knowledge.entries import knowledge_base
from bot.knowledge.matcher import Match, entry_matcher
from bot.topics import HUMAN_BUTTON

_HOW_ARE_YOU = re.compile(
    r"\b(wie\s+geht'?s|wie\s+gehts|wie\s+geht\s+es|alles\s+(gut|klar|fit)\s+bei\s+(dir|ihnen|euch)"
    r"|wie\s+l[äa]uft'?s)\b",
    re.IGNORECASE,
)


# "eine Frage zur Wartezeit", "frage wegen dem Gutschein", "Frage bzgl. Steuern".
_ANNOUNCED_TOPIC = re.compile(
    r"\bfrage\w*\s+(?:zu[mr]?|wegen|bez(?:ü|ue|u)glich|bzgl\.?|(?:ü|ue|u)ber)\s+(?P<topic>.+)$",
    re.IGNORECASE,
)
TOPIC_BUTTONS = 3
# Below this the topic's words hardly occur in an entry's questions.
MIN_TOPIC_SIMILARITY = 0.3
NEIGHBOUR_SHARE = 0.6


def announced_topic(text: str) -> list[Match]:
    """The entries a greeting's announced topic may mean, likeliest first;
    none when nothing is announced or the topic is the writer's own ("eine
    Frage zu meiner Prämie" needs the status, not a rule)."""
    found = _ANNOUNCED_TOPIC.search(text.strip().rstrip(".!?"))
    if found is None or is_personal(found["topic"]):
        return []
    ranked = entry_matcher().rank(found["topic"])[:TOPIC_BUTTONS]
    if not ranked:
        return []
    # Far weaker neighbours of a strong match would be guesses.
    floor = max(MIN_TOPIC_SIMILARITY, NEIGHBOUR_SHARE * ranked[0].similarity)
    return [match for match in ranked if match.similarity >= floor]


def asks_how_the_bot_is(text: str) -> bool:
    """Whether a greeting asks how the bot is ("Hi, wie geht's?")."""
    return bool(_HOW_ARE_YOU.search(text))


class ActionGreet(Action):
    def name(self) -> str:
        return "action_greet"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        # The tracker holds the events before this action: an earlier
        # action_greet is an earlier greeting.
        greeted = any(
            event.get("event") == "action" and event.get("name") == "action_greet"
            for event in tracker.events
        )
        text = latest_text(tracker)
        if topics := announced_topic(text):
            buttons = [entry_button(match.entry) for match in topics]
            dispatcher.utter_message(response="utter_greet_topic", buttons=buttons)
            # Kept for the follow-up only when the topic is unambiguous.
            return [SlotSet("kb_entry", topics[0].entry.id)] if topics[0].is_clear else []
        if asks_how_the_bot_is(text):
            dispatcher.utter_message(response="utter_how_are_you")
        elif greeted:
            dispatcher.utter_message(response="utter_greet_again")
        else:
            dispatcher.utter_message(response="utter_greet")
        return []


class ActionThank(Action):
    """A thank-you: "gern geschehen"; one that comes after a disappointing
    answer ("naja, trotzdem danke") regrets it instead of "Das freut mich!"
    (``closing_thanks``). Thanks with a question ("danke! eine Sache noch:
    kann ich die Prämie verschenken?") gets the question answered; "danke
    für nix" is no thanks but a complaint."""

    def name(self) -> str:
        return THANK_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        if switched := back_to_german(tracker, self.name()):
            # "jo passt, danke" after the note in English: thanked in German.
            return switched
        text = latest_text(tracker)
        if is_sarcastic_thanks(text):
            return [FollowupAction(COMPLAINT_ACTION)]
        if tracker.get_slot("status_told") and asks_summary(text):
            # "ok danke, fass mir das nochmal kurz zusammen" after the status.
            return [FollowupAction(STATUS_ACTION)]
        if asks_mail_again(text):
            # "dann bitte noch einmal an meine eigene Adresse. Vielen Dank für
            # Ihre Geduld": the reward mail asked for, with thanks.
            return [FollowupAction(REWARD_MAIL_ACTION)]
        if offered_callback(tracker) and asks_for_mail_reply(text):
            # "alles klar, danke. schreibt ihr mir dann eine mail?" to the
            # offer of an e-mail reply: a yes to it (as in ``redirect``).
            return [FollowupAction(CALLBACK_ACTION)]
        if thanks_ahead_for_callback(tracker):
            # "wann seid ihr wieder da und meldet ihr euch dann? danke
            # schonmal" to the offer of an e-mail reply: thanks in advance
            # for it, so the reply is arranged and its date told.
            return [FollowupAction(CALLBACK_ACTION)]
        if is_question(text) and find_entry(knowledge_base(), tracker) is not None:
            return [FollowupAction(ANSWER_ACTION)]
        if offered_callback(tracker):
            # A bare "danke" to the offer of an e-mail reply says neither yes
            # nor no: asked once more, so no customer is left without the
            # reply they may have meant to accept.
            dispatcher.utter_message(response="utter_callback_ask_again", buttons=CALLBACK_BUTTONS)
            return []
        dispatcher.utter_message(response=thank_response(text))
        return []


class ActionGoodbye(Action):
    """A goodbye: the customer's own wish is returned in kind ("Ihnen auch
    einen schönen Abend!"), never a "schönen Tag noch" at ten at night."""

    def name(self) -> str:
        return "action_goodbye"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        if tracker.get_slot("language") == "en":
            dispatcher.utter_message(response="utter_goodbye")
        else:
            dispatcher.utter_message(response=goodbye_response(latest_text(tracker)))
        return []


# What a question about the bot itself names: a bot, a machine, a person.
_ABOUT_BOT = re.compile(
    r"\b(bot|chat-?bot|roboter|maschine|computer|ki|k\.i\.|k(ü|ue)nstlich\w*|automat\w*"
    r"|mensch\w*|echt\w*|person|wer\s+(bist|ist|sind)|bist\s+du|sind\s+sie|programmiert)\b",
    re.IGNORECASE,
)
# Below this, "bot_challenge" must name the bot to be one.
SURE_BOT_CHALLENGE = 0.6


class ActionBriefReply(Action):
    """ "kurze frage", "sekunde bitte": the customer is not done yet; a short
    word in kind, and the bot waits for the rest. "Gut, dann nehme ich das so
    zur Kenntnis": an answer accepted, thanks and the door left open; "ich
    hab keine Lust mehr": an apology and the door left open."""

    def name(self) -> str:
        return BRIEF_REPLY_ACTION

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        text = latest_text(tracker)
        if gives_up(text):
            # "vergessen Sie's einfach, ich hab keine Lust mehr": sorry, and
            # the door left open (a person), never a menu of topics.
            dispatcher.utter_message(response="utter_gives_up", buttons=[HUMAN_BUTTON.as_dict()])
            return []
        if accepts_outcome(text):
            dispatcher.utter_message(response="utter_outcome_accepted")
            return []
        dispatcher.utter_message(
            response="utter_ask_away" if announces_question(text) else "utter_moment"
        )
        return []


class ActionBotChallenge(Action):
    """ "Bist du ein Bot?": the bot says what it is and what it can do. An
    unsure guess that names no bot or person ("kann ich dir die nicht
    einfach hier reinschreiben?" after how bank details change) is a
    follow-up, answered by the clarification."""

    def name(self) -> str:
        return BOT_CHALLENGE_ACTION

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        text = latest_text(tracker)
        if insults_bot(text) and not is_question(text):
            # "du bist doch ein scheiss bot, nie kriegt man hier ne antwort":
            # an insult, answered calmly, not a question what the bot is.
            return [FollowupAction(INSULT_ACTION)]
        about_bot = _ABOUT_BOT.search(text) or asks_what_bot_can(text)
        if latest_confidence(tracker) < SURE_BOT_CHALLENGE and not about_bot:
            return [FollowupAction(CLARIFY_ACTION)]
        if asks_who_reads(text) and not wants_person(text):
            # "wer liest diesen chat hier mit? sitzt da einer und schaut zu?":
            # who sees what is written here, answered from the knowledge base.
            return [FollowupAction(ANSWER_ACTION)]
        if wants_person(text) or asks_if_nobody_there(text):
            # "bist du ein bot? ich will jetzt einen echten menschen", "bist
            # du ne KI? sitzt sonntags da überhaupt einer?": the honest
            # answer in one line, then the person (or when the team is back).
            dispatcher.utter_message(response="utter_bot_challenge_person")
            return [FollowupAction(HANDOFF_ACTION)]
        dispatcher.utter_message(response="utter_bot_challenge")
        return []
