"""A follow-up "was heißt das?" or "abgelaufen? wie kann das sein": what the
bot's last words mean. After the customer's own status, what each referral's
state means and what follows from it; after an answer from the knowledge base,
the entry the message names, else the last entry's more concrete text."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.base import (
    HOW_LONG_ACTION,
    MEANING_ACTION,
    DatabaseAction,
    Events,
    case_just_filed,
    intent_confidence,
    latest_text,
    ran_this_turn,
    verified_referrer,
)
from actions.cases import current_case, explain_resend_limit
from actions.clarify import ask_back
from actions.follow_up import (
    bank_details_not_shown,
    last_topic,
    status_is_topic,
    status_meaning_for,
)
from actions.knowledge import (
    WHY_ACTION,
    answer_entry,
    named_entry,
    why_of_last_turn,
)
from actions.wording import asks_when, asks_why, echoes_status, names_reward, names_status_word
from bot.formatting import format_date
from bot.topics import HUMAN_BUTTON


class ActionExplainMeaning(DatabaseAction):
    def name(self) -> str:
        return MEANING_ACTION

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        if (events := bank_details_not_shown(dispatcher, tracker)) is not None:
            # "die IBAN, auf die das gebucht wurde?" read as what "überwiesen" means.
            return events
        text = latest_text(tracker)
        own_date = asks_when(text) and names_reward(text) and tracker.get_slot("status_told")
        if own_date and not ran_this_turn(tracker, HOW_LONG_ACTION):
            # "ok aber was heißt das jetzt für mich, ab welchem tag hab ich das
            # geld" after a rule: the customer's own date, not the rule again.
            return [FollowupAction(HOW_LONG_ACTION)]
        if why_of_last_turn(tracker) is not None:
            # "hä wie jetzt, ich hab dir die adresse doch grad geschrieben"
            # after the new address went to the team: why the bot did so.
            return [FollowupAction(WHY_ACTION)]
        if asks_why(text):
            # "ABGELEHNT??? warum das denn": the reasons, not the definition.
            return [FollowupAction(WHY_ACTION)]
        if case_just_filed(tracker) and (case := current_case(session, tracker)) is not None:
            # "und was heisst das jetzt fuer mich?" right after the missing
            # money went to the team: nothing to do, that case and its date,
            # not what "überwiesen" means in general.
            number, due = case
            dispatcher.utter_message(
                response="utter_case_means_for_you", case_id=number, due=format_date(due)
            )
            return []
        if (events := explain_resend_limit(session, dispatcher, tracker)) is not None:
            # "was soll das heißen nicht mehr möglich??" right after the offer
            # of the team at the resend limit: why it is not resent.
            return events
        # "und „bestellt“ heißt jetzt genau was?" after other topics: the
        # status told earlier, when the message names one of its words.
        named_status = echoes_status(text) or names_status_word(text)
        about_status = status_is_topic(tracker) or (
            named_status and bool(tracker.get_slot("status_told"))
        )
        if about_status and (referrer := verified_referrer(session, tracker)):
            meaning = status_meaning_for(tracker, referrer)
            if meaning is not None:
                dispatcher.utter_message(text=meaning, buttons=[HUMAN_BUTTON.as_dict()])
                return []
        # "was heißt Wartezeit genau?" names its entry; "und was heißt das?" does not.
        named = named_entry(text, intent_confidence(tracker))
        entry = named or last_topic(tracker)
        if entry is None:
            ask_back(dispatcher, tracker)
            return []
        # The last entry once more gives its more concrete text (answer_entry
        # counts the repeat).
        return answer_entry(session, dispatcher, tracker, entry)
