"""A follow-up "und jetzt?" / "was muss ich tun?" (intent ``ask_next_step``):
the next step after the bot's last answer, never a new topic.

After sympathy, de-escalation or the offer of a person there is nothing for
the customer to do but say yes to the person; after the customer's own status,
the days until the next step; after an answer from the knowledge base, that
entry's more concrete ``again`` text (``answer_entry`` counts the repeat);
without any topic, how the program works.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.base import (
    HANDOFF_ACTION,
    LOCKED,
    NEXT_STEP_ACTION,
    RESEND_ACTION,
    WHY_ACTION,
    DatabaseAction,
    Events,
    case_just_filed,
    case_told,
    intent_confidence,
    last_bot_action,
    last_offer_was,
    latest_text,
    verified_referrer,
)
from actions.cases import (
    current_case,
    limit_check_buttons,
    newest_case,
    offer_second_check,
    tell_when_contacted,
)
from actions.empathy import SYMPATHY_ACTION
from actions.follow_up import (
    VALIDITY_ENTRY,
    answer_follow_up,
    answer_how_long,
    customer_report,
    last_topic,
    names_friend,
    status_is_topic,
)
from actions.knowledge import (
    FRIEND_TODO_ENTRY,
    answer_entry,
    for_the_customer,
    is_referred_friend,
)
from actions.wording import (
    asks_for_person,
    asks_own_todo,
    asks_what_now,
    asks_why,
    names_reward,
    recommends_again,
    wants_person,
)
from bot.knowledge.entries import Entry, knowledge_base
from bot.knowledge.matcher import SUPPORTED_SIMILARITY, SUPPORTING_CONFIDENCE, entry_matcher
from bot.topics import HUMAN_BUTTON

# Bot actions after which the only next step is the person already offered.
PERSON_OFFERED = frozenset(
    {
        SYMPATHY_ACTION,
        "action_deescalate",
        "utter_insult_offer_person",
        "utter_next_step_person",
        "utter_not_helpful_again",
    }
)
# A follow-up names a topic of its own only when it is this long and this
# close to one of the topic's questions.
NAMING_WORDS = 6
NAMING_SIMILARITY = 0.6
# "ok und jetzt?": a bare follow-up that names nothing at all.
BARE_WORDS = 3
# Without a topic, "was muss ich tun?" asks how taking part works.
NO_TOPIC_INTENT = "ask_how_referral_works"


def _named_entry(tracker: Tracker, text: str) -> Entry | None:
    """The entry a longer follow-up asks for itself: very close to one of its
    questions, or close while the NLU also leans to its topic ("und wie viel
    bekomme ich da genau?" is the amount, not the next step)."""
    confidence = intent_confidence(tracker)
    match = entry_matcher().best(text, confidence)
    if match is None:
        return None
    close = match.is_clear and match.similarity >= NAMING_SIMILARITY
    leaning = (
        confidence.get(match.entry.intent, 0.0) >= SUPPORTING_CONFIDENCE
        and match.similarity >= SUPPORTED_SIMILARITY
    )
    return match.entry if close or leaning else None


class ActionNextStep(DatabaseAction):
    def name(self) -> str:
        return NEXT_STEP_ACTION

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        if asks_for_person(latest_text(tracker)) or wants_person(latest_text(tracker)):
            # "und wer kann mir dann helfen?", "ok dann will ich jetzt nen
            # echten menschen. wann meldet sich da wer?": a person, not the
            # next rule.
            return [FollowupAction(HANDOFF_ACTION)]
        referrer = verified_referrer(session, tracker)
        # "was muss markus denn jetzt noch machen?" a few turns after the
        # status: that friend's next step, not the customer's own to-do, also
        # right after a person was offered.
        about_friend = referrer is not None and names_friend(tracker, referrer)
        text = latest_text(tracker)
        bare = len(text.split()) <= BARE_WORDS or asks_what_now(text)
        refused = tracker.get_slot("status_disputable")
        if referrer is not None and refused and bare and not asks_why(text):
            report = customer_report(tracker, referrer)
            expired = next((state for state in report.states if state.expired), None)
            if expired is not None and current_case(session, tracker) is None:
                # "ok, was kann ich jetzt noch tun?" after an expired referral,
                # also a few answers later: recommend the friend again, or
                # have the team check it.
                dispatcher.utter_message(
                    response="utter_dispute_offer_expired", friend=expired.friend
                )
                return []
        if last_bot_action(tracker) in PERSON_OFFERED and not about_friend:
            return [FollowupAction("utter_next_step_person")]
        if tracker.get_slot("verification") == LOCKED:
            # "SUPER. gesperrt oder was?? und jetzt" after the lock: the
            # person who can help without the chat's check, not the rules.
            return [FollowupAction(HANDOFF_ACTION)]
        # A case opened in an earlier chat counts once the bot named it here.
        known_case = newest_case(session, tracker.sender_id) or (
            case_told(tracker) and current_case(session, tracker)
        )
        limit_offered = tracker.get_slot("resend_reward") and last_offer_was(
            tracker, limit_check_buttons()
        )
        if bare and limit_offered:
            # "und jetzt? ich brauch den" right after the offer to have the
            # team look into the mail at its resend limit: that is the way
            # now, so the case is opened, not the program explained.
            return [FollowupAction(RESEND_ACTION)]
        if bare and known_case:
            # "ok und jetzt?" after the resend limit went to the team and a
            # grumble, or after the case open since an earlier chat was named:
            # that case and its date, not the status explained again.
            return tell_when_contacted(session, dispatcher, tracker)
        if (events := answer_follow_up(session, dispatcher, tracker)) is not None:
            # "abgelaufen? was heißt das" reads like "und jetzt?" to the NLU.
            return events
        if case_just_filed(tracker):
            # "und was kann ich jetzt machen?" right after the case was filed.
            dispatcher.utter_message(
                response="utter_case_already_filed", buttons=[HUMAN_BUTTON.as_dict()]
            )
            return []
        base = knowledge_base()
        # "Was muss ich tun, damit mein Mann auch mitmachen kann?" names its
        # topic; "was muss ich jetzt machen" is close to the recommended
        # friend's question too, but names nothing.
        told = referrer is not None and tracker.get_slot("status_told")
        if told and names_reward(text) and not refused:
            # "was muss denn jetzt noch passieren, damit ich die prämie
            # bekomme?" after the status: the customer's own next step and
            # date, not the program's rules in general.
            return answer_how_long(dispatcher, tracker, referrer)
        if len(text.split()) >= NAMING_WORDS and (named := _named_entry(tracker, text)):
            return answer_entry(session, dispatcher, tracker, named)
        if status_is_topic(tracker) and recommends_again(text):
            # "kann ich sie einfach nochmal neu empfehlen?" after an expired
            # referral: how long a recommendation holds, and that it can be
            # made again, not the offer of a second check.
            return answer_entry(session, dispatcher, tracker, base.get(VALIDITY_ENTRY))
        if referrer is not None and (status_is_topic(tracker) or about_friend):
            if asks_why(text) and tracker.get_slot("status_disputable"):
                # "und warum bekomme ich dann nichts?" after a referral without
                # a reward: why that outcome gets none (the check offered there).
                return [FollowupAction(WHY_ACTION)]
            if tracker.get_slot("status_disputable"):
                # "kann man da nix machen?" after "keine Prämie": a second check.
                return offer_second_check(session, dispatcher, tracker)
            todo = asks_own_todo(text) and not about_friend
            return answer_how_long(dispatcher, tracker, referrer, todo=todo)
        if len(text.split()) < NAMING_WORDS and newest_case(session, tracker.sender_id):
            # "und was passiert jetzt?" a few turns after a case of this
            # conversation went to the team: that case, its number and date,
            # not the last rule again.
            return tell_when_contacted(session, dispatcher, tracker)
        if is_referred_friend(tracker):
            # "muss ich dafür selbst noch irgendwas machen" from the
            # recommended friend: what they have to do (nothing, but the code
            # at signing), not the last answer once more.
            return answer_entry(session, dispatcher, tracker, base.get(FRIEND_TODO_ENTRY))
        context = last_topic(tracker)
        entry = for_the_customer(base, tracker, context or base.default_for(NO_TOPIC_INTENT))
        if entry is None:
            return []
        return answer_entry(session, dispatcher, tracker, entry)
