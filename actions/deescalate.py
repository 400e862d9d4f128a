"""Threats (cancelling, a lawyer, the press): acknowledged calmly once, with
the program's facts and a person; never the brand's cancellation line as the
first answer. What the customer then asks is answered: where to cancel (the
brand's service, their right), the answer in writing (the program's
contact), or, for more anger, the person without the facts again."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.base import (
    ANSWER_ACTION,
    CLARIFY_ACTION,
    DEESCALATE_ACTION,
    DatabaseAction,
    Events,
    conversation_program,
    friend_is_a_woman,
    latest_confidence,
    latest_text,
    offered_callback,
    said_before,
    said_within_before,
    verified_referrer,
    verified_referrer_id,
)
from actions.cases import current_case, record_and_confirm, tell_when_contacted
from actions.follow_up import (
    BRAND_CONTACT_ENTRY,
    BRAND_PHONE_ENTRY,
    PROGRAM_CONTACT_ENTRY,
    answer_how_long,
    customer_report,
    last_topic,
)
from actions.knowledge import BRAND_INTENT, answer_entry, for_the_customer, status_reasons
from actions.wording import (
    asks_about_own_cancelling,
    asks_in_writing,
    asks_way_to_cancel,
    asks_when,
    is_question,
    names_brand_matter,
    names_reward,
    speaks_of_friend_cancelling,
    threatens_to_cancel,
)
from bot.knowledge.entries import knowledge_base
from bot.knowledge.facts import as_message, render

# The facts a threatening customer gets: when the reward comes, per the rules.
FACTS_ENTRY = "payout_time"
# The facts for a threat about data protection ("das ist ein Datenschutzverstoß,
# ich geh zur Datenschutzbehörde"): who is responsible and how to reach them.
PRIVACY_FACTS_ENTRY = "privacy_contact"
_ABOUT_DATA = re.compile(r"datenschutz|dsgvo|\bdaten\b|beh(ö|oe)rde", re.IGNORECASE)
# The brand's customer service (contracts, cancelling) and the program's own contact.
WRITTEN_ENTRY = PROGRAM_CONTACT_ENTRY
# What the writer's own cancelling means for an open reward.
REFERRER_CANCELS_ENTRY = "referrer_cancels"


# The consequences a threat names; an unsure "threat" without any of them
# ("und wenn nicht, also wenn sie schon Kunde ist?") is a question.
_CONSEQUENCE = re.compile(
    r"k(ü|ue|u)ndig|anwalt|klage|klag(e|t)?\b|verklag|gericht|rechtlich|anzeige|polizei"
    r"|verbraucherzentrale|ombuds|schlichtung|bafin|bundesnetzagentur|presse|zeitung|medien"
    r"|beh(ö|oe)rde"
    r"|bewertung|rezension|sterne|trustpilot|facebook|instagram|twitter|tiktok|reddit|youtube"
    r"|(ö|oe)ffentlich|überall\s+erz(ä|ae)hl|ueberall\s+erzaehl|warne|wechsle|wechseln|nie\s+wieder"
    r"|mahn|frist\b|letztmalig|betrug",
    re.IGNORECASE,
)
# Below this confidence a "threat" must name a consequence to be one.
_SURE_THREAT = 0.6


# The threat heard right after the reasons of the customer's own case.
_KNOWN = "utter_threat_heard_reasons_known"


def _when_team_answers(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """The threat heard, then when the team answers (``tell_when_contacted``:
    the case of this conversation with its date, or the offer of an e-mail
    reply again); None (nothing said) when neither is under way."""
    if current_case(session, tracker) is None and not offered_callback(tracker):
        return None
    dispatcher.utter_message(response="utter_threat_acknowledge_case")
    return tell_when_contacted(session, dispatcher, tracker)


def names_consequence(text: str) -> bool:
    """Whether the message names a consequence a threat would bring."""
    return _CONSEQUENCE.search(text) is not None


class ActionDeescalate(DatabaseAction):
    """Acknowledge calmly, give the program's facts, offer a person; the
    second time answer what is asked, without the facts again."""

    def name(self) -> str:
        return DEESCALATE_ACTION

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        text = latest_text(tracker)
        if asks_about_own_cancelling(text) and not threatens_to_cancel(text):
            # "Geht meine offene Prämie verloren, wenn ich meinen Vertrag
            # kündige?": what the writer's own cancelling means, no threat.
            return answer_entry(
                session, dispatcher, tracker, knowledge_base().get(REFERRER_CANCELS_ENTRY)
            )
        if speaks_of_friend_cancelling(text) and is_question(text):
            # "was ist, wenn sie die Versicherung vorher wieder kündigt?": the
            # rule on a friend who cancels, no threat at all ("… wenn der
            # kumpel wieder kündigt. entweder ich krieg meine prämie oder ich
            # geh zur zeitung" stays a threat).
            return [FollowupAction(ANSWER_ACTION)]
        if asks_way_to_cancel(text) and is_question(text) and not threatens_to_cancel(text):
            # "Und kündigen kann ich bei euch auch nicht?": a question about
            # where to cancel, no threat; the brand's customer service.
            return answer_entry(
                session, dispatcher, tracker, knowledge_base().get(BRAND_CONTACT_ENTRY)
            )
        if latest_confidence(tracker) < _SURE_THREAT and not names_consequence(text):
            # "und wenn nicht, also wenn sie schon Kunde ist?": an unsure
            # "threat" naming no consequence is a question to clarify.
            return [FollowupAction(CLARIFY_ACTION)]
        base = knowledge_base()
        if said_before(tracker, "utter_threat_offer_person") or said_before(tracker, _KNOWN):
            if asks_way_to_cancel(text):
                return answer_entry(session, dispatcher, tracker, base.get(BRAND_CONTACT_ENTRY))
            if asks_in_writing(text):
                return answer_entry(session, dispatcher, tracker, base.get(WRITTEN_ENTRY))
            dispatcher.utter_message(response="utter_threat_again")
            referrer = verified_referrer(session, tracker)
            if asks_when(text) and referrer is not None and tracker.get_slot("status_told"):
                # "mein anwalt sagt … wann genau ist die wartezeit denn rum?":
                # heard again, and the customer's own dates as asked.
                return answer_how_long(dispatcher, tracker, referrer)
            return []
        program = conversation_program(session, tracker)
        if program is not None:
            context = last_topic(tracker)
            about_data = _ABOUT_DATA.search(text) is not None or (
                context is not None and context.intent == "ask_data_privacy"
            )
            # The recommended friend hears their own bonus's facts, not the
            # referrer's timeline ("… sonst geh ich zur zeitung" after it).
            entry = for_the_customer(
                base, tracker, base.get(PRIVACY_FACTS_ENTRY if about_data else FACTS_ENTRY)
            )
            # "dann kündige ich halt" right after the brand's service was named
            # for a bill: the contract is the brand's, so its number (the
            # whole text was just said), then the person.
            after_brand = (
                context is not None and context.intent == BRAND_INTENT and not names_reward(text)
            )
            brand_matter = asks_way_to_cancel(text) or names_brand_matter(text) or after_brand
            if brand_matter:
                # "dann kündige ich halt meine versicherung, wie geht das bei
                # euch", "412 euro nachzahlung, mein anwalt meldet sich":
                # heard calmly, and who settles it (the brand's service), then
                # the person; never the facts of a reward not asked about.
                entry = base.get(BRAND_PHONE_ENTRY if after_brand else BRAND_CONTACT_ENTRY)
            facts = as_message(render(entry, base, program, female=friend_is_a_woman(tracker)))
            own_case = not about_data and not brand_matter
            referrer = verified_referrer(session, tracker) if own_case else None
            waiting = own_case and referrer is None
            case_open = own_case and current_case(session, tracker) is not None
            if (waiting or case_open) and (
                events := _when_team_answers(session, dispatcher, tracker)
            ) is not None:
                # "wenn ich bis morgen nix höre, kündige ich" after a case or
                # the offer of an e-mail reply, "ihr seid das letzte, ich
                # kündige" once this chat's objection is with the team: when
                # the team answers, never a second case or the facts again.
                return events
            if referrer is not None and tracker.get_slot("status_told"):
                # "wenn das geld bis ende der woche nicht da ist, schalte ich
                # meinen anwalt ein" after the transfer was told: the facts of
                # the customer's own case, not the program's timeline.
                facts = "\n".join(state.text for state in customer_report(tracker, referrer).states)
            if own_case and (own := status_reasons(session, tracker, None)):
                # "… dafür kann ich doch nix, ich will das doppelte, sonst geh
                # ich zum anwalt" after a rejected referral: the facts of the
                # customer's own case, not the program's timeline.
                facts = own
                if said_within_before(tracker, own):
                    # "ich schalte meinen anwalt ein" after these very reasons
                    # (right before or earlier): not the same text again, but
                    # the case recorded for the team to check, with its
                    # number, and a person.
                    dispatcher.utter_message(response=_KNOWN)
                    referrer_id = verified_referrer_id(session, tracker)
                    record_and_confirm(
                        session, dispatcher, tracker, referrer_id, "utter_dispute_recorded"
                    )
                    return []
            repeated = own_case and said_within_before(tracker, facts)
            team = _when_team_answers(session, dispatcher, tracker) if repeated else None
            if team is not None:
                # "schon wieder die gleiche antwort … ich geh zum anwalt" after
                # the status and a case for it: that case and its date, not the
                # status a second time.
                return team
            dispatcher.utter_message(
                response="utter_threat_acknowledge_data"
                if about_data
                else "utter_threat_acknowledge"
            )
            dispatcher.utter_message(text=facts)
        dispatcher.utter_message(response="utter_threat_offer_person")
        return []
