"""A message that gives details outside the verification form: a referral
code and e-mail address (often together with the question, "ist meine Prämie
schon unterwegs? Mein Code ist … und meine Mail …"), a new address for a
bounced reward mail, or a program name after an answer ("und bei SonnenStrom?").

Code and e-mail are checked at once and the question is answered right away,
as if the customer had gone through the verification form.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.base import (
    CALLBACK_ACTION,
    CASE_STATUS_REQUEST,
    HANDOFF_ACTION,
    LOCKED,
    NEW_ADDRESS,
    PENDING_REQUESTS,
    VERIFICATION_FORM,
    VERIFIED,
    DatabaseAction,
    Events,
    ask_new_address_again,
    back_to_german,
    button_click,
    details_in_message,
    last_bot_buttons,
    last_bot_response,
    latest_intent,
    latest_text,
    offered_callback_before,
    others_data_right_asked,
    repeats_lost_address,
    user_texts,
)
from actions.cases import (
    DATA_RIGHTS_EMAIL_ASKS,
    answer_data_rights_without_code,
    no_data_request,
)
from actions.empathy import condolence_follow_up
from actions.follow_up import (
    CHANGE_DETAILS_ENTRY,
    OTHERS_STATUS_ENTRY,
    answer_follow_up,
    change_while_verified,
)
from actions.knowledge import (
    CHANGE_REQUEST,
    FRIEND_REWARD_ENTRY,
    NO_CODE_ENTRY,
    answer_entry,
    answer_questions_beside_details,
    entry_button,
    entry_payload,
    find_entry,
    gives_referrers_code,
    likely_entry,
    names_new_address,
    start_status_lookup,
)
from actions.reward import answer_new_address, answer_reward_mail, transfer_said_missing
from actions.verification import (
    ANSWERS,
    address_to_team,
    check_details,
    corrected_pair,
    request_still_wanted,
)
from actions.wording import (
    asks_about_earlier_case,
    asks_for_others_status,
    asks_own_status,
    asks_to_send_there,
    gives_others_address,
    gives_own_number,
    mentions_lost_code,
    names_reward,
    names_status,
    on_file_and_new_address,
    without_others_address,
)
from bot.formatting import EMAIL_IN_TEXT, has_iban
from bot.knowledge.entries import knowledge_base
from bot.referral_code import find_codes
from bot.reward_mail import mailed_rewards
from bot.reward_status import load_referrer
from bot.topics import HUMAN_BUTTON
from bot.verification import normalize_email

# Below this, an intent in the ranking says nothing about what was asked.
MIN_CONFIDENCE = 0.05


def asked_request(tracker: Tracker) -> str:
    """What a message with code and e-mail asks for: the request remembered
    before, else the request the bot just offered to file ("Änderung
    beantragen" after "meine IBAN hat sich geändert") when the message gives
    only the details, else the likeliest request intent in the ranking, else
    the status."""
    text = latest_text(tracker)
    pending = request_still_wanted(tracker.get_slot("pending_request"), text)
    if pending in ANSWERS:
        return pending
    if asks_about_earlier_case(text):
        # "gibts zu meiner Beschwerde was neues? FNM-… …@…": that case.
        return CASE_STATUS_REQUEST
    asks_own = "?" in text or names_reward(text) or names_status(text)
    if latest_intent(tracker) == "inform" and offered_data_request(tracker) and not asks_own:
        # Only the details, right after the offer: the request offered. "ist
        # mein Gutschein schon raus? SSE-…" asks something else.
        return PENDING_REQUESTS["request_data_rights"]
    for item in tracker.latest_message.get("intent_ranking") or []:
        name, confidence = item.get("name"), float(item.get("confidence") or 0.0)
        not_own = no_data_request(text, confidence) or others_data_right_asked(tracker)
        if name == "request_data_rights" and not_own:
            # "ach nein, ich meinte die andere Adresse, …@…": a faint guess
            # at a data request that names no data and no right files none.
            continue
        if name in PENDING_REQUESTS and confidence >= MIN_CONFIDENCE:
            return PENDING_REQUESTS[name]
    return "reward_status"


# The data-rights requests that code and e-mail alone may file right after the
# bot offered them: a change of details or a copy of the data, which the
# customer brought up. A deletion or an objection is filed only when asked for
# in words or with its button.
_REQUESTS_BY_DETAILS = frozenset(
    {CHANGE_REQUEST, entry_payload("request_data_rights", "data_stored")}
)


def offered_data_request(tracker: Tracker) -> bool:
    """Whether the bot's last message offered to file a change of details or
    a copy of the data."""
    return any(
        button.get("payload") in _REQUESTS_BY_DETAILS for button in last_bot_buttons(tracker)
    )


def lost_own_code(tracker: Tracker) -> bool:
    """Whether an e-mail address alone comes from a customer without their
    code: right after the bot said what to do without it, or in the same
    message ("hab meinen Code verlegt, meine Mail ist …")."""
    if tracker.get_slot("kb_entry") == NO_CODE_ENTRY:
        return True
    # "code verloren" earlier, then "meine mail ist …, falls das hilft".
    return any(mentions_lost_code(text) for text in user_texts(tracker))


def resume_verification(tracker: Tracker, code: str | None) -> Events:
    """One of the two details, outside the form: the verification goes on
    where it stopped (the customer left it for a question, "hab den Code grad
    nicht", and comes back with it), or a code alone starts the status lookup.
    The form validates what the message gave and asks only for the rest."""
    if tracker.get_slot("verification") in (VERIFIED, LOCKED):
        return []
    pending = tracker.get_slot("pending_request")
    if pending in ANSWERS:
        return [FollowupAction(VERIFICATION_FORM)]
    if code:
        return start_status_lookup()
    return []


def answer_with_others_address(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events:
    """The question beside someone else's e-mail address, without using it."""
    text = latest_text(tracker)
    if asks_for_others_status(text):
        # "ist die Prämie bei meiner Frau schon da? ihre Mail ist …": her
        # status needs her own code and address.
        entry = knowledge_base().get(OTHERS_STATUS_ENTRY)
        return answer_entry(session, dispatcher, tracker, entry)
    entry = find_entry(knowledge_base(), tracker) or likely_entry(without_others_address(text))
    if entry is None:
        dispatcher.utter_message(response="utter_others_address_not_used")
        return []
    dispatcher.utter_message(response="utter_others_address_not_needed")
    return answer_entry(session, dispatcher, tracker, entry)


def email_given_earlier(tracker: Tracker) -> str | None:
    """The e-mail address of the customer's latest earlier message that gave one."""
    for text in reversed(user_texts(tracker)[:-1]):
        if (found := EMAIL_IN_TEXT.search(text)) is not None:
            return normalize_email(found.group(0))
    return None


def code_given_earlier(tracker: Tracker) -> str | None:
    """The referral code of the customer's latest earlier message that gave one."""
    for text in reversed(user_texts(tracker)[:-1]):
        if codes := find_codes(text):
            return codes[0]
    return None


# "meine neue ist …@…": the address is the new one, not the one on file.
_NEW = re.compile(r"\bneue[nrs]?\b", re.IGNORECASE)


def gives_new_details(tracker: Tracker) -> bool:
    """Whether the customer typed new details (an IBAN, or an address that is
    the new one) right after the bot offered to file a change of details."""
    offered = any(button.get("payload") == CHANGE_REQUEST for button in last_bot_buttons(tracker))
    code, email = details_in_message(tracker)
    text = latest_text(tracker)
    return offered and not code and (has_iban(text) or bool(email and _NEW.search(text)))


def file_change_instead(dispatcher: CollectingDispatcher) -> Events:
    """New details are not taken from the chat: the change is filed as a
    request instead (verified with code and the address on file, then the
    team confirms the new details with the customer). The typed address is
    dropped, so the verification does not take it for the one on file."""
    dispatcher.utter_message(response="utter_new_details_not_in_chat")
    return [SlotSet("email", None), *button_click(CHANGE_REQUEST)]


class ActionInform(DatabaseAction):
    def name(self) -> str:
        return "action_inform"

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        if switched := back_to_german(tracker, self.name()):
            return switched
        if gives_new_details(tracker):
            return file_change_instead(dispatcher)
        code, email = details_in_message(tracker)
        if email and not code and tracker.get_slot("pending_request") == NEW_ADDRESS:
            return answer_new_address(session, dispatcher, tracker, email)
        if email and not code and last_bot_response(tracker) in DATA_RIGHTS_EMAIL_ASKS:
            # The address for a GDPR request without a code, as asked.
            return answer_data_rights_without_code(session, dispatcher, tracker, email)
        if repeats_lost_address(tracker):
            return ask_new_address_again(dispatcher)
        if asks_to_send_there(latest_text(tracker)) and names_new_address(session, tracker):
            # "könnt ihr den nochmal schicken, aber an meine neue Adresse …":
            # never sent to an address from the chat alone; the team confirms it.
            return answer_new_address(session, dispatcher, tracker, email)
        code, email = corrected_pair(tracker, code, email)
        if email and not code and gives_others_address(latest_text(tracker)):
            # "kann der Gutschein an meine Tochter gehen? ihre Mail ist …":
            # someone else's address opens nothing; the question is answered.
            return answer_with_others_address(session, dispatcher, tracker)
        if email and not code and tracker.get_slot("verification") is None:
            # "Die hinterlegte Adresse lautet …@…" after a message that gave
            # the code alone (a long letter the form never started on).
            code = code_given_earlier(tracker)
        if code and not email and tracker.get_slot("verification") is None:
            # "ach so, code brauchst du auch. SSE-…" after a message that
            # gave the address alone.
            email = email_given_earlier(tracker)
        addresses = on_file_and_new_address(latest_text(tracker))
        if code and addresses is not None:
            # "Bitte an …@web.de schicken. Code …, hinterlegt ist …@example.com":
            # verified with the address on file; the new one goes to the team.
            on_file, new = (normalize_email(address) for address in addresses)
            return self.verify_and_answer(session, dispatcher, tracker, code, on_file, new)
        if code and email:
            return self.verify_and_answer(session, dispatcher, tracker, code, email)
        if code and not email and gives_referrers_code(tracker):
            # "Sein Code ist ASV-…, reicht das?" from the recommended friend:
            # the referrer's code opens nothing for them; no question for an
            # e-mail address they cannot have.
            own_reward = knowledge_base().get(FRIEND_REWARD_ENTRY)
            buttons = [entry_button(own_reward)] if own_reward is not None else []
            dispatcher.utter_message(
                response="utter_referrers_code_not_needed",
                buttons=[*buttons, HUMAN_BUTTON.as_dict()],
            )
            return [SlotSet("referral_code", None), SlotSet("pending_request", None)]
        if (code or email) and (resumed := resume_verification(tracker, code)):
            return resumed
        text = latest_text(tracker)
        if email and not code and asks_for_others_status(text):
            # "meine Frau hat auch wen geworben, ist die Prämie bei ihr schon
            # da? …@…": her status needs her own code, whatever address is given.
            entry = knowledge_base().get(OTHERS_STATUS_ENTRY)
            return answer_entry(session, dispatcher, tracker, entry)
        if email and not code and (names_status(text) or asks_own_status(text)):
            # "claudia@… – wollt mal wissen ob meine empfehlung durch is": the
            # status lookup, which asks for the code.
            dispatcher.utter_message(response="utter_verification_intro")
            return start_status_lookup()
        if email and not code and lost_own_code(tracker):
            # "finde meinen Code nicht" … "meine Mail ist …": the address alone
            # opens no data here, but the team can help (a person, or an
            # e-mail reply to this address when nobody is there).
            return address_to_team(dispatcher)
        if condolence_follow_up(dispatcher, tracker):
            # "Er hieß Gerhard L." after condolences: a person settles it.
            return []
        if (events := change_while_verified(session, dispatcher, tracker)) is not None:
            # "meine neue mail ist …, bitte aktualisieren" once verified: the
            # change filed for the team.
            return events
        if names_new_address(session, tracker):
            # "Bitte aber an …@…, die alte lese ich kaum noch" after the status,
            # unclear to the NLU: how details are changed, never from the chat.
            change = knowledge_base().get(CHANGE_DETAILS_ENTRY)
            return answer_entry(session, dispatcher, tracker, change)
        if not (code or email) and gives_own_number(text):
            # "meine nummer ist 0171 …, es geht um meinen gutschein": nobody
            # calls, so the number is not needed; the team writes instead
            # (the address asked for once a reply was offered).
            dispatcher.utter_message(response="utter_phone_not_used")
            return [
                FollowupAction(
                    CALLBACK_ACTION if offered_callback_before(tracker) else HANDOFF_ACTION
                )
            ]
        entry = find_entry(knowledge_base(), tracker)
        if entry is not None:
            return answer_entry(session, dispatcher, tracker, entry)
        # "wie heißt der eigentlich mit nachnamen?" after the status, read as
        # a detail given: the follow-up it is.
        follow_up = None if code or email else answer_follow_up(session, dispatcher, tracker)
        if follow_up is not None:
            return follow_up
        dispatcher.utter_message(response="utter_inform")
        return []

    @staticmethod
    def verify_and_answer(
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        code: str,
        email: str,
        new_address: str | None = None,
    ) -> Events:
        """Verify code and address; then the status (or the request the
        customer came with), or, when the message also named a new address,
        the ticket for the team to confirm it."""
        if tracker.get_slot("verification") == LOCKED:
            dispatcher.utter_message(response="utter_verification_locked")
            return []
        slots = check_details(session, dispatcher, tracker, code, email)
        events: Events = [SlotSet(name, value) for name, value in slots.items()]
        if slots.get("verification") == LOCKED:
            dispatcher.utter_message(response="utter_verification_locked")
            return events
        if slots.get("verification") != VERIFIED:
            return events  # the mismatch was said; the customer may try again
        referrer = load_referrer(session, int(slots["verified_referrer"]))
        new_address = None if new_address == normalize_email(referrer.email) else new_address
        if new_address is not None and mailed_rewards(referrer):
            return events + answer_new_address(session, dispatcher, tracker, new_address, referrer)
        request = asked_request(tracker)
        answer = ANSWERS[request]
        if request == "reward_status" and transfer_said_missing(tracker, referrer):
            # "bei mir ist noch kein Geld angekommen. ASV-… …@…": the payment
            # checked, not only its date told (as after the details alone).
            answer = answer_reward_mail
        events += [
            SlotSet("pending_request", None),
            *answer(session, dispatcher, tracker, referrer),
        ]
        if new_address is not None:
            # Nothing sent yet: how the address on file is changed.
            change = knowledge_base().get(CHANGE_DETAILS_ENTRY)
            return events + answer_entry(session, dispatcher, tracker, change)
        return events + answer_questions_beside_details(session, dispatcher, tracker)
