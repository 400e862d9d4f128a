"""Identity verification as a Rasa form (``verification_form``).

The form asks for the referral code and the e-mail address; the validation
action checks their format, then checks both together against the database
(``bot.verification``). Requests that need verification remember what the
customer wanted (``pending_request``) so the answer follows right after.
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from actions.base import (
    ANSWER_ACTION,
    CASE_STATUS_REQUEST,
    DATA_RIGHTS_REQUEST,
    HANDOFF_ACTION,
    LOCKED,
    PENDING_REQUESTS,
    VERIFIED,
    DatabaseAction,
    Events,
    details_in_message,
    latest_confidence,
    latest_intent,
    latest_text,
    offered_callback,
    others_data_right_asked,
    program_slug,
    response_of,
    responses_of_last_turn,
    responses_this_turn,
    typed_apart,
    user_texts,
    verified_referrer,
)
from actions.cases import (
    answer_case_status,
    answer_data_rights,
    ask_data_rights_email,
    no_data_request,
    tell_when_contacted,
)
from actions.empathy import (
    SYMPATHY_ACTION,
    condolence_follow_up,
    hardship_told_beside,
    tells_of_death,
)
from actions.follow_up import (
    BRAND_CONTACT_ENTRY,
    CODE_WHERE_ENTRY,
    DELETION_REWARD_ENTRY,
    OTHERS_STATUS_ENTRY,
    PRIVACY_POLICY_ENTRY,
    told_entries,
)
from actions.knowledge import (
    FRIEND_DELETION_ENTRY,
    MARKETING_OBJECTION_ENTRY,
    NO_CODE_ENTRY,
    PRIVACY_CONTACT_ENTRY,
    RECOMMENDED_DATA_ENTRY,
    STATUS_TERMS_ENTRY,
    TIMELINE_ENTRY,
    answer_entry,
    answer_further_questions,
    answer_questions_beside_details,
    data_rights_entry,
    entry_button,
    for_the_customer,
    is_referred_friend,
    offered_person_after_answer,
    public_question,
    question_during_verification,
    question_in_story,
    recommended_friend_entry,
    recommended_person_data,
    story_candidates,
)
from actions.reward import answer_reward_mail, answer_status, transfer_said_missing
from actions.wording import (
    asks_for_others_status,
    asks_other_channel,
    asks_own_status,
    asks_to_wait,
    asks_when,
    asks_when_contacted,
    asks_when_team_there,
    asks_where_code,
    asks_where_written,
    asks_why_address,
    declines_offer,
    demands_data_right,
    is_question,
    looks_for_code,
    names_brand_matter,
    names_reward,
    names_status,
    objects_to_marketing,
    puts_request_off,
    says_code_lost,
    says_details_given_by_other,
    says_details_right,
    says_mail_gone,
    says_not_arrived,
    says_self_recommended,
    sounds_annoyed,
    takes_no_part,
    wants_it_gone,
)
from bot.db import session_scope
from bot.knowledge.entries import Entry, knowledge_base
from bot.models import Referrer
from bot.programs import program_of_code
from bot.referral_code import (
    EXAMPLE_PREFIX,
    find_code_attempt,
    find_codes,
    normalize_code,
    without_codes,
)
from bot.topics import HUMAN_BUTTON, OWN_STATUS_BUTTON
from bot.verification import Outcome, normalize_email, verify
from channels.client_key import CLIENT_FIELD

logger = logging.getLogger(__name__)


def _case_then_status(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker, referrer: Referrer
) -> Events:
    """The customer's earlier case; the reward's status when none is on
    record and the customer wrote about the reward."""
    return answer_case_status(session, dispatcher, tracker, referrer, reward_status=answer_status)


# Intents whose answer needs a verified customer, and what to do afterwards.
ANSWERS = {
    "reward_status": answer_status,
    CASE_STATUS_REQUEST: _case_then_status,
    "reward_mail": answer_reward_mail,
    DATA_RIGHTS_REQUEST: answer_data_rights,
}
ATTEMPTS_LEFT = {1: "einen Versuch", 2: "zwei Versuche"}
_CLIENT_KEY = re.compile(r"[0-9a-f]{16,64}")


def _first(value: Any) -> str:
    """Entity slots hold a list when a message has several matches."""
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "")


def client_of(tracker: Tracker) -> str | None:
    """The channel's key for the customer's client (metadata ``client``)."""
    value = (tracker.latest_message.get("metadata") or {}).get(CLIENT_FIELD)
    return value if isinstance(value, str) and _CLIENT_KEY.fullmatch(value) else None


def wait_phrase(seconds: int) -> str:
    """``90`` -> ``"2 Minuten"``: a wait in whole minutes, as the answer says it."""
    minutes = max(1, math.ceil(seconds / 60))
    return "einer Minute" if minutes == 1 else f"{minutes} Minuten"


def _slot_before_message(tracker: Tracker, name: str) -> Any:
    """The slot's value before the latest user message set it."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "slot" and event.get("name") == name:
            return event.get("value")
    return None


# Someone who never took part asks where we have their address from.
UNEXPECTED_MAIL_ENTRY = "unexpected_mail"
# The recommended friend's own entry: no code needed.
FRIEND_ENTRY = "referred_friend"


def end_with_entry(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker, entry: Entry | None
) -> Events:
    """An answer that needs no code (an entry); the request, and with it the
    form, ends instead of asking for code and address."""
    return [*answer_entry(session, dispatcher, tracker, entry), SlotSet("pending_request", None)]


def request_without_code(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker, entry_id: str
) -> Events:
    """The GDPR request of someone without a code: the privacy team's way
    (the entry, once), and the offer to take the request here with the
    address our mail went to; never the question for a code."""
    events: Events = []
    if entry_id not in told_entries(tracker):
        entry = knowledge_base().get(entry_id)
        events += answer_entry(session, dispatcher, tracker, entry, with_buttons=False)
    return [*events, *ask_data_rights_email(dispatcher)]


def removal_without_code(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """ "ich will das nicht. wie krieg ich das weg" after the bot said where
    an unexpected mail comes from, or what is kept about a recommended
    person: a deletion asked in plain words, taken without a code. None when
    the message asks no such thing or nobody without a code is speaking."""
    text = latest_text(tracker)
    if not (wants_it_gone(text) or demands_data_right(text)):
        return None
    told = told_entries(tracker)
    if UNEXPECTED_MAIL_ENTRY in told:
        return request_without_code(session, dispatcher, tracker, PRIVACY_CONTACT_ENTRY)
    # "Mich hat wer empfohlen, einen Code hab ich nicht. Ich will Auskunft
    # nach Art. 15": the recommended person says so in the same message.
    recommended = says_self_recommended(text) or takes_no_part(text)
    if recommended or says_details_given_by_other(text):
        return request_without_code(session, dispatcher, tracker, RECOMMENDED_DATA_ENTRY)
    if RECOMMENDED_DATA_ENTRY in told or is_referred_friend(tracker):
        return request_without_code(session, dispatcher, tracker, RECOMMENDED_DATA_ENTRY)
    return None


# Below this, a long story read as a status question may ask a rule instead.
SURE_STATUS_STORY = 0.65


def details_at_hand(tracker: Tracker) -> bool:
    """Whether code and e-mail address are both known for the verification:
    in this message, or one of them given earlier ("meine Mail ist …", then
    "hab die Mail doch gefunden, Code ist SSE-…")."""
    return all(_details_known(tracker))


def any_detail_at_hand(tracker: Tracker) -> bool:
    """Whether the code or the e-mail address is known for the verification."""
    return any(_details_known(tracker))


def _details_known(tracker: Tracker) -> tuple[bool, bool]:
    """Whether the code and whether the e-mail address are known: in this
    message or kept from an earlier one."""
    code, email = details_in_message(tracker)
    return bool(code or tracker.get_slot("referral_code")), bool(email or tracker.get_slot("email"))


def says_code_is_gone(tracker: Tracker) -> bool:
    """Whether the customer says they have no code, also as "die Mail hab ich
    gelöscht" while the bot asks for it (the mail that brought the code)."""
    text = latest_text(tracker)
    if says_code_lost(text):
        return True
    return tracker.get_slot("requested_slot") == "referral_code" and says_mail_gone(text)


def details_said_right(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events | None:
    """ "das ist aber meine Mail-Adresse!!" right after code and address did
    not match: what else may be wrong, and a person. None when the message
    says no such thing."""
    if rejected_pair(tracker)[0] is None or any(details_in_message(tracker)):
        return None
    if not says_details_right(latest_text(tracker)):
        return None
    dispatcher.utter_message(response="utter_mismatch_unclear", buttons=[HUMAN_BUTTON.as_dict()])
    if tracker.get_slot("pending_request") == DATA_RIGHTS_REQUEST:
        return []  # a data request is kept; the form asks on
    # The status is what details given later answer anyway; the form stops,
    # so the details are not asked for a second time right away.
    return [SlotSet("pending_request", None)]


def request_still_wanted(pending: str | None, text: str) -> str | None:
    """The request to answer once verified: the one remembered, unless the
    message puts a deletion off ("dann lieber erst nach der Auszahlung
    löschen. wann kommt das Geld? ASV-… …@…"), which leaves the status."""
    if pending == DATA_RIGHTS_REQUEST and puts_request_off(text):
        return "reward_status"
    return pending


def address_without_code(tracker: Tracker) -> bool:
    """Whether the message gives the e-mail address while saying there is no
    code, and no code is known."""
    code, email = details_in_message(tracker)
    if code or not email or tracker.get_slot("referral_code"):
        return False
    # "meine mail ist …, falls das hilft" after "code verloren": the same.
    lost_before = any(says_code_lost(text) for text in user_texts(tracker)[:-1])
    return says_code_is_gone(tracker) or lost_before


def address_to_team(dispatcher: CollectingDispatcher) -> Events:
    """The address alone opens no data here, but the team can help: a person,
    or an e-mail reply to this address when nobody is there."""
    dispatcher.utter_message(response="utter_email_without_code")
    return [FollowupAction(HANDOFF_ACTION)]


def answer_without_code(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events:
    """What to do without the code (and a person)."""
    entry = for_the_customer(knowledge_base(), tracker, knowledge_base().get(NO_CODE_ENTRY))
    return end_with_entry(session, dispatcher, tracker, entry)


class ActionRememberRequest(DatabaseAction):
    """Note what the customer asked for, answer a general question asked in
    the same message ("Wo bleibt meine Prämie, und warum gibt es überhaupt
    eine Wartezeit?"), and say why we ask for their data."""

    def name(self) -> str:
        return "action_remember_request"

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        intent = latest_intent(tracker)
        if tells_of_death(tracker) and not all(details_in_message(tracker)):
            # "meine Mutter ist vor kurzem verstorben … ihre Daten sollen
            # gelöscht werden": condolences and a person first, never the
            # request for a code the family does not have.
            return [SlotSet("pending_request", None), FollowupAction(SYMPATHY_ACTION)]
        if (events := details_said_right(dispatcher, tracker)) is not None:
            return events
        if tracker.get_slot("requested_slot") == "referral_code" and says_code_is_gone(tracker):
            # "nee die Mail hab ich gelöscht" while the code is asked: no
            # deletion request, but no code at hand.
            return answer_without_code(session, dispatcher, tracker)
        text = latest_text(tracker)
        faint = no_data_request(text, latest_confidence(tracker))
        not_own = faint or others_data_right_asked(tracker)
        if intent == "request_data_rights" and not_own:
            # "kann das nicht jemand nachträglich eintragen?", a faint guess
            # that names no data and no right: the question, no request.
            return [SlotSet("pending_request", None), FollowupAction(ANSWER_ACTION)]
        if intent == "request_data_rights":
            return self._data_rights(session, dispatcher, tracker)
        if (entry := recommended_person_data(tracker)) is not None:
            # "ich bin ja nicht der mit dem code" after the data entry: the
            # way without a code, never the code asked for.
            return end_with_entry(session, dispatcher, tracker, entry)
        if asks_for_others_status(text) and not details_in_message(tracker)[0]:
            # "kannst du auch bei meinem Mann gucken ob seine Prämie da ist",
            # also with his address: his status needs his own code and
            # address, not the customer's.
            entry = knowledge_base().get(OTHERS_STATUS_ENTRY)
            return end_with_entry(session, dispatcher, tracker, entry)
        unclear = not names_status(text) and not any(details_in_message(tracker))
        # "Werbung möchte ich keine mehr, nur die Nachricht zu meiner Prämie.
        # Ist das möglich?" after an answer that offered a person: a question
        # on the rules (answered below), not a sign the answer did not help.
        rule_question = public_question(tracker) is not None
        if unclear and offered_person_after_answer(tracker) and not rule_question:
            # "hab ich schon 3 mal probiert" after what to check when a
            # voucher is refused: the answer did not help, so the person it
            # offered, not the verification.
            dispatcher.utter_message(
                response="utter_kb_offer_person", buttons=[HUMAN_BUTTON.as_dict()]
            )
            return [SlotSet("pending_request", None)]
        given = all(details_in_message(tracker))
        no_code_needed = asks_when_team_there(text) or says_code_is_gone(tracker)
        if no_code_needed and offered_callback(tracker) and not any(details_in_message(tracker)):
            # "und wann seid ihr wieder da? meinen code hab ich grad nicht zur
            # hand" to the offer of an e-mail reply: when the team is back, and
            # the reply needs no code.
            return [FollowupAction(HANDOFF_ACTION), SlotSet("pending_request", None)]
        if not given and asks_when_contacted(text):
            # "und wann meldet sich da jemand?" after a complaint was filed:
            # its date (or nobody told yet), not the verification.
            return [
                *tell_when_contacted(session, dispatcher, tracker),
                SlotSet("pending_request", None),
            ]
        lost_before = any(says_code_lost(earlier) for earlier in user_texts(tracker)[:-1])
        if lost_before and not any(details_in_message(tracker)):
            # "nochmal: WO BLEIBT MEINE PRÄMIE" after the customer said the
            # code is gone: not the request for it again, but the way without
            # it (asked again, the person).
            return answer_without_code(session, dispatcher, tracker)
        if condolence_follow_up(dispatcher, tracker):
            # "wo bleibt die Prämie jetzt?" after condolences.
            return [SlotSet("pending_request", None)]
        own = names_reward(text) or names_status(text) or asks_own_status(text)
        brand = _brand_aside(text) if not own else None
        if not given and brand is not None:
            # "seit heute früh ist bei uns der strom weg!!", unsure to the NLU
            # between topics: the brand's service, no lookup asked for.
            return end_with_entry(session, dispatcher, tracker, brand)
        if not given and (entry := public_question(tracker)) is not None:
            # Nothing to verify: the form ends at once (no pending request);
            # "wie hoch ist die Prämie und wann wird sie ausgezahlt?": the
            # other question in the message, too.
            events = end_with_entry(session, dispatcher, tracker, entry)
            exclude = [entry.id] if entry is not None else []
            return events + answer_further_questions(session, dispatcher, tracker, exclude)
        unsure = latest_confidence(tracker) < SURE_STATUS_STORY
        gives_any = any(details_in_message(tracker))
        # "ich hab nie eine mail mit meiner prämie bekommen …" tells of the own
        # reward, however long the story around it.
        asks_rule = (
            not gives_any and unsure and not asks_own_status(text) and not says_not_arrived(text)
        )
        if asks_rule and (asked := question_in_story(text)) is not None:
            # "… ausserdem hatte ich kein netz, aber egal. also: kann ich meine
            # tochter werben?": the story ends in one clear question.
            return end_with_entry(session, dispatcher, tracker, asked)
        if asks_rule and (candidates := story_candidates(text)):
            # "… Ist meine Empfehlung von damals noch gültig?" read as a status
            # question: the rules the story comes near, or the status. A story
            # that ends with the code ("… zählt das jetzt? mein code ist …")
            # asks for the customer's own case: the form asks for the rest.
            buttons = [entry_button(entry) for entry in candidates]
            buttons.append(OWN_STATUS_BUTTON.as_dict())
            dispatcher.utter_message(response="utter_clarify_story", buttons=buttons)
            return [SlotSet("pending_request", None)]
        # "Mein Freund hat abgeschlossen, wann bekomme ich die Prämie?": the
        # status tells when, so the program's general timeline is left out.
        # "… abgelaufen. Was bedeutet das?": what the customer's own state
        # means follows the status, not the stages in general before it.
        events = answer_further_questions(
            session, dispatcher, tracker, exclude=[TIMELINE_ENTRY, STATUS_TERMS_ENTRY]
        )
        answered = any(event.get("name") == "kb_entry" for event in events)
        if answered and asks_rule:
            # "und mein sohn? der ist 19 und hat grad sein erstes auto" after
            # the rule on family, unsure to the NLU as a status question: the
            # rule answered it; no lookup the customer did not ask for.
            return [*events, SlotSet("pending_request", None)]
        if hardship_told_beside(tracker):
            # "war monatelang krank … nie wieder was gehört. Code …": a word
            # of sympathy, then the lookup it asks for.
            dispatcher.utter_message(response="utter_hardship_then_status")
        elif not any_detail_at_hand(tracker):
            # With code or e-mail address already given, the form verifies at
            # once or asks for the one missing: asking for both first would
            # read as if the bot had not seen them.
            dispatcher.utter_message(response="utter_verification_intro")
        return [*events, SlotSet("pending_request", PENDING_REQUESTS.get(intent, "reward_status"))]

    @staticmethod
    def _data_rights(
        session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Events:
        """A GDPR request: what the customer can do at once (the entry it
        matches, e.g. the unsubscribe link for advertising mail), then why the
        request itself needs the code and e-mail address. The entry also names
        the request's kind for the ticket."""
        text = latest_text(tracker)
        if asks_where_written(text):
            # "zurück zu den Daten, wo steht das alles?": where to read it, no
            # request filed that the customer never made.
            entry = knowledge_base().get(PRIVACY_POLICY_ENTRY)
            return end_with_entry(session, dispatcher, tracker, entry)
        if condolence_follow_up(dispatcher, tracker):
            # "kann man dann auch gleich alle seine daten löschen lassen"
            # after condolences: the team settles it with the family.
            return [SlotSet("pending_request", None)]
        # "Mein Sohn hat meine Emailadresse ohne mein Wissen eingetragen":
        # someone else gave the writer's details, so they were recommended.
        given_by_other = says_details_given_by_other(text)
        recommended = says_self_recommended(text) or takes_no_part(text) or given_by_other
        if recommended or is_referred_friend(tracker):
            named = recommended_friend_entry(text)
            if named is not None and named.id == FRIEND_DELETION_ENTRY:
                # "ist mein willkommensbonus weg, wenn ich löschen lasse?": the
                # answer first; nothing is filed the customer did not ask for.
                return end_with_entry(session, dispatcher, tracker, named)
            # "jemand hat mich empfohlen, löscht meine Daten": the recommended
            # person has no code; the privacy team's way without one.
            return request_without_code(session, dispatcher, tracker, RECOMMENDED_DATA_ENTRY)
        if UNEXPECTED_MAIL_ENTRY in told_entries(tracker):
            # "dann löschen Sie alles" from someone who never took part, also
            # after a question on what is stored: no code to verify with; the
            # privacy team's contact.
            return request_without_code(session, dispatcher, tracker, PRIVACY_CONTACT_ENTRY)
        if any(says_self_recommended(said) or takes_no_part(said) for said in user_texts(tracker)):
            # "dann löschen bitte" after "ich hab nie was mit euch zu tun
            # gehabt" and another question between.
            return request_without_code(session, dispatcher, tracker, RECOMMENDED_DATA_ENTRY)
        entry = data_rights_entry(tracker)
        lost = any(says_code_lost(said) for said in user_texts(tracker))
        if lost and not any(details_in_message(tracker)):
            # "und keine werbung mehr" after "code hab ich nicht mehr": what
            # the customer can do at once, and the request taken with the
            # address alone; never the question for the code again.
            kept = entry.id if entry else PRIVACY_CONTACT_ENTRY
            if entry is None and objects_to_marketing(latest_text(tracker)):
                kept = MARKETING_OBJECTION_ENTRY
            return request_without_code(session, dispatcher, tracker, kept)
        events: Events = [SlotSet("kb_entry", entry.id if entry else None)]
        if entry is not None and not latest_text(tracker).startswith("/"):
            events += answer_entry(session, dispatcher, tracker, entry, with_buttons=False)
        # "Löschen Sie meine Daten. Bekomme ich die Prämie dann trotzdem?"
        exclude = [entry.id] if entry else []
        events += answer_further_questions(session, dispatcher, tracker, exclude=exclude)
        if not details_at_hand(tracker):
            dispatcher.utter_message(response="utter_verification_intro_data_rights")
        return [*events, SlotSet("pending_request", PENDING_REQUESTS["request_data_rights"])]

    def on_database_error(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        # Verification needs the database too; the form reports the error.
        intent = latest_intent(tracker)
        dispatcher.utter_message(response="utter_verification_intro")
        return [SlotSet("pending_request", PENDING_REQUESTS.get(intent, "reward_status"))]


# Messages that give neither code nor address while the form waits for them.
_UNSURE_IN_FORM = frozenset(
    {"nlu_fallback", "affirm", "greet", "thank", "out_of_scope", "inform", "ask_next_step"}
)
# "hallo?", "ok", "danke": a short word in kind; the form asks again after it.
_NUDGES = {
    "greet": "utter_verification_still_here",
    "affirm": "utter_verification_ok",
    "thank": "utter_verification_thanks",
}
# What the bot says while the form waits that offers a person.
_OFFERS_PERSON = frozenset(
    {
        "utter_mismatch_unclear",
        "utter_verification_help_again",
        "utter_verification_person",
        "utter_verification_frustrated",
    }
)
# What the bot says when a message gives nothing the form needs.
_SAID_WHAT_IS_NEEDED = frozenset(
    {"utter_verification_help", "utter_verification_help_again", "utter_mismatch_unclear"}
    | set(_NUDGES.values())
)


def _say_what_is_needed(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
    """A message that gives neither code nor address while the form waits:
    doubt after a mismatch ("hab ich doch richtig eingegeben") gets what else
    may be wrong, "moment" time, "hallo?" or "ok" a short word in kind, any
    other what the form needs; the second such message in a row why the bot
    asks and the ways on (no code, a person), the third a person: never the
    same request again."""
    said = responses_of_last_turn(tracker)
    if asks_to_wait(latest_text(tracker)):
        dispatcher.utter_message(response="utter_take_your_time")
    elif "utter_verification_help_again" in said:
        dispatcher.utter_message(response="utter_verification_person")
    elif said & _SAID_WHAT_IS_NEEDED:
        dispatcher.utter_message(response="utter_verification_help_again")
    elif tracker.get_slot("rejected_details"):
        dispatcher.utter_message(
            response="utter_mismatch_unclear", buttons=[HUMAN_BUTTON.as_dict()]
        )
    elif (nudge := _NUDGES.get(latest_intent(tracker))) is not None:
        dispatcher.utter_message(response=nudge)
    else:
        dispatcher.utter_message(response="utter_verification_help")
    return []


def _brand_aside(text: str) -> Entry | None:
    """ "wo meld ich den parkrempler?" between the questions for code and
    address: the brand's service (no code needed); the form asks on."""
    return knowledge_base().get(BRAND_CONTACT_ENTRY) if names_brand_matter(text) else None


class ActionQuestionInVerification(DatabaseAction):
    """A question about data (or, for a data-rights request, about the
    reward) while the form waits for code and e-mail address: the entry it
    asks ("wer sieht meine Daten?", "und meine Bankverbindung?"), else why the
    bot asks for them; the form asks again right after
    (data/rules/verification.yml). An unsure message that asks no entry gets
    what the form needs, or after a mismatch what else may be wrong."""

    def name(self) -> str:
        return "action_question_in_verification"

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        text = latest_text(tracker)
        pending = tracker.get_slot("pending_request")
        if pending and (declines_offer(text) or puts_request_off(text)):
            # "Okay, dann warte ich mit dem Löschen lieber, bis die Prämie da
            # ist": the request is dropped, and with it the form.
            dispatcher.utter_message(response="utter_request_put_off")
            return [SlotSet("pending_request", None)]
        if (events := details_said_right(dispatcher, tracker)) is not None:
            return events
        recommended = says_self_recommended(text)
        if (recommended or takes_no_part(text)) and pending == PENDING_REQUESTS[
            "request_data_rights"
        ]:
            # "ich bin ja gar nicht Kunde, mich hat wer empfohlen" while a
            # deletion waits for the code: the way without one; the form ends.
            entry = knowledge_base().get(RECOMMENDED_DATA_ENTRY)
            return end_with_entry(session, dispatcher, tracker, entry)
        if recommended:
            # "einen Code hab ich nicht, den hat ja sie" while the code is
            # asked: the recommended friend needs none; their entry, and the
            # form ends (no pending request).
            friend = knowledge_base().get(FRIEND_ENTRY)
            return end_with_entry(session, dispatcher, tracker, friend)
        if says_code_is_gone(tracker):
            # "hab grad keinen Code da, bin unterwegs": what to do without it.
            return answer_without_code(session, dispatcher, tracker)
        if asks_other_channel(text):
            # "geht das auch per sms?" while code and e-mail are asked: no
            # SMS or messenger; the form asks on.
            dispatcher.utter_message(response="utter_no_other_channel")
            return []
        entry = question_during_verification(tracker)
        data_rights = tracker.get_slot("pending_request") == PENDING_REQUESTS["request_data_rights"]
        if entry is None and data_rights and names_reward(text) and is_question(text):
            # "und was ist dann mit meiner prämie für die nachbarin?", also
            # "moment, …?", while a deletion waits, whatever the NLU read:
            # what it means for the reward.
            entry = knowledge_base().get(DELETION_REWARD_ENTRY)
        if entry is None and (asks_to_wait(text) or looks_for_code(text)):
            # "moment ich such den code", however the NLU read it: time, not
            # the request for the code once more.
            dispatcher.utter_message(response="utter_take_your_time")
            return []
        if entry is None and (aside := _brand_aside(text)) is not None:
            return answer_entry(session, dispatcher, tracker, aside, with_buttons=False)
        if entry is None and asks_when(text) and pending == PENDING_REQUESTS["ask_reward_status"]:
            # "JA ABER WIE LANGE NOCH", however unsure the NLU: the dates come
            # right after the code, as for a clear question of time.
            dispatcher.utter_message(response="utter_verification_how_long")
            return []
        if latest_intent(tracker) == "complaint" or (entry is None and sounds_annoyed(text)):
            # "bist du blöd? ich hab doch grad gefragt!!": sorry first, then why.
            dispatcher.utter_message(response="utter_verification_frustrated")
            return []
        if entry is None and asks_where_code(text) and not says_code_is_gone(tracker):
            # "Einen Code? Wo steht denn dieser Code? Ich habe nur meine
            # Versicherungspapiere": where the referral code is, then asked on.
            entry = knowledge_base().get(CODE_WHERE_ENTRY)
        if latest_intent(tracker) == "affirm" and responses_of_last_turn(tracker) & _OFFERS_PERSON:
            # "yes please" to "… oder ich verbinde Sie mit unserem
            # Service-Team": the person, not the request for the details.
            return [FollowupAction(HANDOFF_ACTION), SlotSet("pending_request", None)]
        if latest_intent(tracker) in _UNSURE_IN_FORM and entry is None:
            return _say_what_is_needed(dispatcher, tracker)
        if latest_intent(tracker) in ("ask_reward_status", "reward_mail_missing"):
            # "Bekomme ich dann trotzdem meine Prämie?" while a deletion waits
            # for the details: what the request means for the reward. Any other
            # status question is what the verification is for.
            if entry is None and data_rights:
                # "krieg ich dann noch meine Prämie?" while a deletion waits.
                entry = knowledge_base().get(DELETION_REWARD_ENTRY)
            where_code = entry is not None and entry.id == CODE_WHERE_ENTRY
            if entry is None or not (data_rights or where_code):
                # "komisch, den code hab ich letzte woche schon angegeben"
                # after a mismatch: what else may be wrong; asked again, not
                # the same request for the details.
                return _say_what_is_needed(dispatcher, tracker)
        if entry is None:
            dispatcher.utter_message(response="utter_why_verification")
            return []
        return answer_entry(session, dispatcher, tracker, entry, with_buttons=False)


class ActionMissingDetail(DatabaseAction):
    """The customer cannot give the code or the e-mail address the form asked
    for (the form has just ended): where to find that one, and a person. A
    GDPR request needs no code: it is taken with the address alone."""

    def name(self) -> str:
        return "action_missing_detail"

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        asked = next(
            (
                event.get("value")
                for event in reversed(tracker.events)
                if event.get("event") == "slot"
                and event.get("name") == "requested_slot"
                and event.get("value")
            ),
            None,
        )
        data_rights = tracker.get_slot("pending_request") == PENDING_REQUESTS["request_data_rights"]
        if data_rights and asked == "referral_code":
            # "code hab ich nicht mehr" while a deletion waits: the privacy
            # team's way and the request taken here, not where codes are found.
            return request_without_code(session, dispatcher, tracker, PRIVACY_CONTACT_ENTRY)
        dispatcher.utter_message(response="utter_no_email" if asked == "email" else "utter_no_code")
        return []


class ActionVerificationLocked(Action):
    def name(self) -> str:
        return "action_verification_locked"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        dispatcher.utter_message(response="utter_verification_locked")
        return []


class ValidateVerificationForm(FormValidationAction):
    def name(self) -> str:
        return "validate_verification_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        # Nothing left to ask once verified, locked, or the database failed,
        # nor when there is no request to verify for (a general question).
        if tracker.slots.get("verification") in (VERIFIED, LOCKED):
            return []
        if not tracker.slots.get("pending_request"):
            return []
        if tracker.slots.get("verification_error"):
            return []
        if address_without_code(tracker):
            # "den Code hab ich nicht mehr, nur meine Mail …": the form ends
            # (action_answer_pending takes it to the team), never the
            # question for the code once more.
            return []
        return domain_slots

    async def extract_referral_code(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A code-like word the entity extractors leave out (e.g. "ASV-ABCDEF",
        without the digit every code has) still goes to validation, which then
        explains the format instead of the general help text. After a
        mismatch, a corrected e-mail address alone goes with the code given
        before, and so does a corrected ending of the address ("ist .com
        nicht .de")."""
        if tracker.slots.get("requested_slot") != "referral_code":
            return {}
        if next(tracker.get_latest_entity_values("referral_code"), None):
            return {}
        if (apart := typed_apart(tracker)) is not None:
            # "asv rec 234" as the answer to the question for the code.
            return {"referral_code": apart}
        attempt = find_code_attempt(latest_text(tracker))
        if attempt:
            return {"referral_code": attempt}
        code, email = rejected_pair(tracker)
        if code and next(tracker.get_latest_entity_values("email"), None):
            return {"referral_code": code}
        if code and email and (fixed := with_corrected_ending(latest_text(tracker), email)):
            # "oh moment, es ist .com nicht .de": the rejected pair, corrected.
            return {"referral_code": code, "email": fixed}
        return {}

    async def extract_email(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """After a mismatch, a corrected code alone goes with the e-mail
        address given before."""
        _, email = rejected_pair(tracker)
        if not email or next(tracker.get_latest_entity_values("email"), None):
            return {}
        return {"email": email} if find_codes(latest_text(tracker)) else {}

    def validate_referral_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The code the message gives. A candidate cut out of an e-mail address
        (``hannah277@…`` by an extractor that does not look around the match)
        is dropped without a word: the slot keeps what it held before."""
        candidate = normalize_code(_first(value))
        codes = find_codes(latest_text(tracker))
        known = {*codes, rejected_pair(tracker)[0], typed_apart(tracker)}
        if codes and asks_why_address(without_codes(latest_text(tracker))):
            # "SSE-ORD789. Wozu brauchen Sie denn noch meine Email?": why,
            # before the form asks for it.
            dispatcher.utter_message(response="utter_why_email_with_code")
        if candidate is not None and candidate in known:
            return {"referral_code": candidate}
        if codes:
            return {"referral_code": codes[0]}
        if candidate is not None:
            return {"referral_code": _slot_before_message(tracker, "referral_code")}
        dispatcher.utter_message(response="utter_invalid_referral_code")
        return {"referral_code": None}

    def validate_email(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        email = normalize_email(_first(value))
        if email is None:
            dispatcher.utter_message(response="utter_invalid_email")
            return {"email": None}
        return {"email": email}

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        events = await super().get_validation_events(dispatcher, tracker, domain)
        code, email = tracker.slots.get("referral_code"), tracker.slots.get("email")
        if not code or not email or tracker.slots.get("verification") in (VERIFIED, LOCKED):
            return events
        # In a worker thread, as DatabaseAction.run does (actions/base.py).
        checked = await asyncio.to_thread(self._check, dispatcher, tracker, code, email)
        tracker.slots.update(checked)
        return events + [SlotSet(slot, value) for slot, value in checked.items()]

    def _check(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, code: str, email: str
    ) -> dict[str, Any]:
        try:
            with session_scope() as session:
                return check_details(session, dispatcher, tracker, code, email)
        except SQLAlchemyError:
            logger.exception("database error during verification")
            return {"verification_error": True}


def check_details(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker, code: str, email: str
) -> dict[str, Any]:
    """Check code and e-mail (normalised) against the database; the slots to
    set. A mismatch or a wait is said here. Code and e-mail are cleared once
    used, whatever the outcome, so the conversation does not keep them: who
    was verified is in the database (``actions.base.verified_referrer``)."""
    cleared = {"referral_code": None, "email": None, "rejected_details": None}
    if is_other_programs_code(tracker, code) and (other := program_of_code(session, code)):
        # "FNM-…" in SonnenStrom's chat: another of our programs, whose
        # referrals its own chat shows; no attempt is used up.
        dispatcher.utter_message(response="utter_code_of_other_program", brand=other.brand)
        return {**cleared, "pending_request": None}
    result = verify(
        session,
        tracker.sender_id,
        code,
        email,
        program_slug(tracker),
        client=client_of(tracker),
    )
    if result.outcome is Outcome.VERIFIED:
        return {**cleared, "verification": VERIFIED, "verified_referrer": str(result.referrer_id)}
    if result.outcome is Outcome.MISMATCH:
        if result.attempts_left == 1:
            dispatcher.utter_message(response="utter_verification_mismatch_last")
        else:
            dispatcher.utter_message(
                response="utter_verification_mismatch",
                attempts_left=ATTEMPTS_LEFT.get(result.attempts_left, "weitere Versuche"),
            )
        if is_other_programs_code(tracker, code):
            dispatcher.utter_message(response="utter_verification_other_program")
        # Kept (sealed at rest like the slots above) so that the customer
        # can correct just the one that was wrong.
        return {**cleared, "rejected_details": f"{code} {email}"}
    if result.outcome is Outcome.CODE_DELAYED:
        dispatcher.utter_message(
            response="utter_verification_wait", wait=wait_phrase(result.wait_seconds)
        )
        return cleared
    # Locked: for this conversation, or for the client after failures in others.
    return {**cleared, "verification": LOCKED}


def rejected_pair(tracker: Tracker) -> tuple[str | None, str | None]:
    """Code and e-mail address of the last attempt that did not match."""
    code, _, email = str(tracker.slots.get("rejected_details") or "").partition(" ")
    return code or None, email or None


def typed_contact_email(tracker: Tracker) -> str | None:
    """The address an unverified customer typed in this conversation without
    a verification attempt ("finde meinen Code nicht … meine Mail ist …"):
    the e-mail reply may go there without asking for it again. After a failed
    attempt the address may be the wrong one, so it is asked for."""
    if tracker.get_slot("verification") is not None or tracker.get_slot("rejected_details"):
        return None
    return normalize_email(str(tracker.get_slot("email") or ""))


def corrected_pair(
    tracker: Tracker, code: str | None, email: str | None
) -> tuple[str | None, str | None]:
    """Code and e-mail address with a correction filled in: after a mismatch,
    "ach sorry, ist felix@…" gives only the detail that was wrong, and the
    other one is the one given before."""
    rejected_code, rejected_email = rejected_pair(tracker)
    if not code and not email and rejected_code and rejected_email:
        # "oh sorry, ist .de nicht .com": the rejected address, corrected.
        fixed = with_corrected_ending(latest_text(tracker), rejected_email)
        return (rejected_code, fixed) if fixed else (None, None)
    if bool(code) == bool(email):
        return code, email
    if code and not rejected_email:
        # "hab ihn gefunden: SSE-…" after "Code weg, meine Mail ist …".
        return code, typed_contact_email(tracker)
    return code or rejected_code, email or rejected_email


# ".de", ".org", or a bare "de"/"com" ("de statt com"); no other bare word,
# since a wrong guess would use up one of the customer's attempts.
_DOMAIN_ENDING = re.compile(r"(?<![\w@.])(?:\.(de|com|org|net|at|ch|eu)|(de|com))\b", re.IGNORECASE)


def with_corrected_ending(text: str, email: str) -> str | None:
    """``email`` with the domain ending the message names instead of its own
    ("ist .de nicht .com", "oh wait its example.org"), or None when the
    message names no other one."""
    current = email.rsplit(".", 1)[-1]
    named = {(dotted or bare).lower() for dotted, bare in _DOMAIN_ENDING.findall(text)}
    # "its example.org": the address's own domain with another ending.
    domain_name = re.escape(email.split("@")[-1].rsplit(".", 1)[0])
    named |= {
        ending.lower()
        for ending in re.findall(
            rf"(?<![\w@.]){domain_name}\.(de|com|org|net|at|ch|eu)\b", text, re.IGNORECASE
        )
    }
    others = named - {current}
    if len(others) != 1 or "." not in email.split("@")[-1]:
        return None
    return f"{email.rsplit('.', 1)[0]}.{others.pop()}"


# Responses that already say the code is awaited.
_ASKS_CODE_ALREADY = frozenset(
    {"utter_verification_ok", "utter_take_your_time", "utter_code_meant"}
)


def _code_asked_before_alike(tracker: Tracker) -> bool:
    """Whether the form asked for the code before with the e-mail address
    known (or unknown) as it is now: the same words would come again. Asked
    first without it, the question with the address taken is new."""
    known_now = tracker.get_slot("email") is not None
    email_known = False
    asked_when: set[bool] = set()
    for event in tracker.events:
        if event.get("event") == "slot" and event.get("name") == "email":
            email_known = event.get("value") is not None
        elif event.get("event") == "bot" and response_of(event) == "utter_ask_referral_code":
            asked_when.add(email_known)
    return known_now in asked_when


class ActionAskReferralCode(Action):
    """The form's question for the code; after a mismatch, the request to
    send the corrected code or address (the other one is kept)."""

    def name(self) -> str:
        return "action_ask_referral_code"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        if all(rejected_pair(tracker)):
            dispatcher.utter_message(response="utter_ask_corrected_details")
        elif responses_this_turn(tracker) & _ASKS_CODE_ALREADY:
            # "ok moment" or "hä, was für ein code?": the answer just given
            # already says what to send, so no second sentence asks for it.
            pass
        elif _code_asked_before_alike(tracker):
            # Asked again after a question in between: a short reminder, not
            # the same explanation word for word.
            dispatcher.utter_message(response="utter_ask_referral_code_again")
        else:
            dispatcher.utter_message(response="utter_ask_referral_code")
        return []


def is_other_programs_code(tracker: Tracker, code: str) -> bool:
    """Whether ``code`` has another prefix than the codes of the conversation's
    program: a customer of one brand on another brand's page. The prefixes
    are public (they are on every code), so saying so reveals nothing."""
    prefix = tracker.get_slot("code_prefix")
    normalized = normalize_code(code)
    if not program_slug(tracker) or prefix in (None, EXAMPLE_PREFIX) or normalized is None:
        return False
    return not normalized.startswith(f"{prefix}-")


class ActionAnswerPending(DatabaseAction):
    """Runs when the verification form ends: answer what the customer asked."""

    def name(self) -> str:
        return "action_answer_pending"

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        done: Events = [SlotSet("pending_request", None)]
        if not tracker.get_slot("pending_request"):
            return []  # a general question, already answered
        if tracker.get_slot("verification_error"):
            dispatcher.utter_message(response="utter_database_unavailable")
            return [*done, SlotSet("verification_error", None)]
        if tracker.get_slot("verification") == LOCKED:
            dispatcher.utter_message(response="utter_verification_locked")
            return done
        referrer = verified_referrer(session, tracker)
        if referrer is None and address_without_code(tracker):
            return [*done, *address_to_team(dispatcher)]
        if referrer is None:  # the form ended without a result
            dispatcher.utter_message(response="utter_verification_incomplete")
            return done
        text = latest_text(tracker)
        pending = request_still_wanted(tracker.get_slot("pending_request"), text)
        answer = ANSWERS.get(pending, answer_status)
        if pending == "reward_status" and transfer_said_missing(tracker, referrer):
            # "überwiesen, sagen Sie, auf meinem Konto ist aber nichts", then
            # the details: the payment checked, not only its date told.
            answer = answer_reward_mail
        status_first: Events = []
        if pending == DATA_RIGHTS_REQUEST and names_status(text) and is_question(text):
            # "moment vorher noch: is meine prämie eigentlich raus? ASV-… …@…"
            # while a GDPR request waited for the details: both answered.
            status_first = answer_status(session, dispatcher, tracker, referrer)
        # The answer may set a new pending request (a new address for a bounced mail).
        answered = [*done, *status_first, *answer(session, dispatcher, tracker, referrer)]
        if not any(details_in_message(tracker)):
            return answered  # the details came earlier: this message asked nothing else
        return answered + answer_questions_beside_details(session, dispatcher, tracker)
