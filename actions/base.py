"""What every database-backed action shares: a session per run, the
conversation's program and verified customer, and the polite answer when the
database fails.

The verified customer is whom *our* verification stored in the slots
``verification`` and ``verified_referrer`` (slots with custom mappings, which
no user message can fill), and only while the database holds a fresh record of
that verification for this conversation (``bot.verification.is_verified``): a
forged tracker can set slots, but not that record.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, FollowupAction, SlotSet, UserUttered
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from actions.wording import (
    accepts_outcome,
    acts_for_them,
    announces_question,
    apologises,
    asks_about_earlier_case,
    asks_about_friends_advantage,
    asks_about_self,
    asks_bare_number_again,
    asks_case_number,
    asks_data_right,
    asks_for_confirmation,
    asks_for_copy,
    asks_for_mail_reply,
    asks_for_person,
    asks_for_ticket,
    asks_if_by_phone,
    asks_if_case_open,
    asks_if_now,
    asks_meaning,
    asks_others_data_rights,
    asks_right_for_their_data,
    asks_same_for_own_person,
    asks_since_when,
    asks_stage_meaning,
    asks_summary,
    asks_to_add_note,
    asks_to_speed_up,
    asks_what_bot_can,
    asks_what_now,
    asks_what_other_gets,
    asks_when,
    asks_when_contacted,
    asks_when_team_there,
    asks_where_reply_goes,
    asks_who_acted,
    asks_why,
    asks_why_not,
    asks_written_copy,
    calls_it_wrong,
    compares_pace,
    declines_offer,
    files_complaint,
    finds_answer_unhelpful,
    gives_own_number,
    gives_up,
    grumbles,
    insists,
    is_question,
    is_sarcastic_thanks,
    leaves_it_to_other,
    names_reward,
    names_someone_recommended,
    no_longer_needed,
    objects_to_marketing,
    only_asks_to_wait,
    opens_with_yes,
    orders_deletion,
    says_account_changed,
    says_arrived,
    says_code_lost,
    says_friend_signed,
    says_not_my_fault,
    says_self_recommended,
    says_settled,
    speaks_as_referrer,
    speaks_of_a_person,
    speaks_of_a_woman,
    speaks_of_friend_cancelling,
    speaks_of_own_data,
    tells_own_missing_beside,
    threatens_legal_steps,
    threatens_review,
    threatens_to_cancel,
    turns_to_us,
    wants_it_gone,
    wants_old_address_fixed,
    wants_to_hear_back,
    writes_german,
)
from bot.chat_contract import CUSTOM, HELP_ENTRY
from bot.db import session_scope
from bot.knowledge.matcher import normalize
from bot.knowledge.phrases import phrase
from bot.models import Program, Referrer
from bot.programs import code_prefix, find_program
from bot.referral_code import EXAMPLE_PREFIX, code_typed_apart, find_codes
from bot.reward_status import load_referrer
from bot.topics import HUMAN_BUTTON
from bot.verification import is_verified, normalize_email

logger = logging.getLogger(__name__)

VERIFIED = "verified"
LOCKED = "locked"
# The action that hands the conversation to a person (actions/handoff.py).
HANDOFF_ACTION = "action_handoff"
# What the hand-over says when nobody of the team can take over now.
TEAM_AWAY_RESPONSES = frozenset(
    {"utter_team_back_at", "utter_team_closed", "utter_team_busy", "utter_team_busy_hours"}
)
DENY_ACTION = "action_deny"
CALLBACK_DECLINED_ACTION = "action_callback_declined"
BOT_CHALLENGE_ACTION = "action_bot_challenge"
THANK_ACTION = "action_thank"
RECORD_ACTION = "action_record_complaint"
DISPUTE_ACTION = "action_record_dispute"
DATA_RIGHTS_ACTION = "action_data_rights_ticket"
COMPLAINT_ACTION = "action_complaint"
NEXT_STEP_ACTION = "action_next_step"
NOT_HELPFUL_ACTION = "action_not_helpful"
BRIEF_REPLY_ACTION = "action_brief_reply"
ENGLISH_ACTION = "action_english"
# Answers a question from the knowledge base (actions/knowledge.py).
ANSWER_ACTION = "action_answer_question"
# Asks back with the likely topics (actions/clarify.py).
CLARIFY_ACTION = "action_clarify"
# Finds the customer's reward mail, offers to resend it (actions/reward.py).
REWARD_MAIL_ACTION = "action_reward_mail"
# Tells the verified customer their status (actions/reward.py).
STATUS_ACTION = "action_reward_status"
# Explains what the bot's last words mean (actions/meaning.py).
MEANING_ACTION = "action_explain_meaning"
# Rasa's own action that ends a turn and waits for the customer.
ACTION_LISTEN = "action_listen"
WHY_ACTION = "action_explain_why"
FRIEND_INTENT = "referred_friend"
# The intents about data protection: questions about it and formal requests.
PRIVACY_INTENTS = frozenset({"ask_data_privacy", "request_data_rights"})
# The value of the slot ``pending_request`` while a GDPR request waits for
# code and e-mail address.
DATA_RIGHTS_REQUEST = "data_rights"
# The requests that wait for the verification, by the intent that made them.
# pending_request while the bot verifies before it looks up the customer's
# earlier case ("Wie ist der Stand meiner Beschwerde?", actions/cases.py).
CASE_STATUS_REQUEST = "case_status"
PENDING_REQUESTS = {
    "ask_reward_status": "reward_status",
    "reward_mail_missing": "reward_mail",
    "request_data_rights": DATA_RIGHTS_REQUEST,
}
# "wie lange noch?" (actions/reward.py).
HOW_LONG_ACTION = "action_how_long"
# "Wie ist der Stand meiner Beschwerde?" (actions/cases.py).
CASE_STATUS_ACTION = "action_case_status"
# What the bot says when code and address did not match.
MISMATCH_RESPONSES = frozenset(
    {
        "utter_verification_mismatch",
        "utter_verification_mismatch_last",
        "utter_verification_other_program",
        "utter_mismatch_unclear",
    }
)
# Asks the address for an e-mail reply (actions/handoff.py).
CALLBACK_ACTION = "action_callback_ticket"
AFFIRM_ACTION = "action_affirm"
RESEND_ACTION = "action_resend_reward"
# The bot's questions for the address a mail reply should go to.
CALLBACK_EMAIL_ASKED = "utter_ask_callback_email"
CALLBACK_ADDRESS_UNKNOWN = "utter_callback_address_unknown"
# Threats: a calm acknowledgement, the facts, a person.
DEESCALATE_ACTION = "action_deescalate"
# Verifies code and e-mail given with a question, then answers both.
INFORM_ACTION = "action_inform"
# "hat sich erledigt", "nur zur info: …" once a case is with the team:
# noted on the case (actions/cases.py).
CASE_NOTE_ACTION = "action_add_to_case"
# Insults: calm words (actions/empathy.py).
INSULT_ACTION = "action_insult"
# Asks for code and e-mail (actions/verification.py validates them).
VERIFICATION_FORM = "verification_form"
VERIFICATION_DETAILS = ("referral_code", "email")
_SLUG = re.compile(r"^[a-z0-9-]{1,40}$")

Events = list[dict[str, Any]]


def clean_slug(value: object) -> str | None:
    """A program slug as it may come from a client, or None."""
    if isinstance(value, str) and _SLUG.match(value.strip().lower()):
        return value.strip().lower()
    return None


def program_slug(tracker: Tracker) -> str | None:
    """The program the widget is embedded in: the slot set at session start,
    else this message's metadata, else the session start's metadata."""
    candidates = (
        tracker.get_slot("program"),
        (tracker.latest_message.get("metadata") or {}).get("program"),
        (tracker.get_slot("session_started_metadata") or {}).get("program"),
    )
    return next((slug for slug in map(clean_slug, candidates) if slug), None)


def program_slots(session: Session, slug: str | None) -> Events:
    """Set the slot ``program`` and, for the example code in the responses,
    ``code_prefix`` (its initial value while the program's prefix is unknown)."""
    program = find_program(session, slug)
    prefix = code_prefix(session, program) if program is not None else None
    return [SlotSet("program", slug), SlotSet("code_prefix", prefix or EXAMPLE_PREFIX)]


def conversation_program(session: Session, tracker: Tracker) -> Program | None:
    """The widget's program, else the verified customer's program."""
    program = find_program(session, program_slug(tracker))
    if program is None and (referrer := verified_referrer(session, tracker)):
        program = referrer.program
    return program


def verified_referrer_id(session: Session, tracker: Tracker) -> int | None:
    """The verified customer's id: the slots name them and the database has a
    fresh record of their verification in this conversation."""
    if tracker.get_slot("verification") != VERIFIED:
        return None
    try:
        referrer_id = int(tracker.get_slot("verified_referrer"))
    except (TypeError, ValueError):
        return None
    return referrer_id if is_verified(session, tracker.sender_id, referrer_id) else None


def slot_set_in(events: Events, name: str) -> Any:
    """The value the last of ``events`` sets slot ``name`` to (None if none
    does): what this turn decided before the tracker shows it."""
    values = [e.get("value") for e in events if e.get("event") == "slot" and e.get("name") == name]
    return values[-1] if values else None


def verified_referrer(session: Session, tracker: Tracker) -> Referrer | None:
    """The verified customer with program, referrals and rewards loaded."""
    referrer_id = verified_referrer_id(session, tracker)
    return load_referrer(session, referrer_id) if referrer_id is not None else None


def latest_text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def user_texts(tracker: Tracker) -> list[str]:
    """Everything the customer wrote in this conversation, oldest first."""
    return [
        str(event.get("text") or "") for event in tracker.events if event.get("event") == "user"
    ]


def said_recommended_earlier(tracker: Tracker) -> bool:
    """Whether an earlier message said the writer was recommended ("ich wurde
    von ner freundin geworben"), not as the referrer speaking of it."""
    return any(
        says_self_recommended(text) and not speaks_as_referrer(text)
        for text in user_texts(tracker)[:-1]
    )


def friend_is_a_woman(tracker: Tracker, to_referred_friend: bool = False) -> bool:
    """Whether the customer's latest words about a person speak of a woman
    ("meine Nachbarin", "sie hat doch unterschrieben"), so that answers say
    "Ihre Bekannte … sie" (:mod:`bot.knowledge.forms`). A woman who
    recommended the customer ("meine Schwester hat mich geworben") counts
    only for answers to the recommended friend (``to_referred_friend``),
    where "Ihre Bekannte" is she. Said nothing about, the friends of the
    status told count by their first names (slot ``friend_female``)."""
    for text in reversed(user_texts(tracker)[-6:]):
        if says_self_recommended(text) and not to_referred_friend:
            continue
        woman = speaks_of_a_woman(text)
        if woman is not None:
            return woman
    return bool(tracker.get_slot("friend_female")) and not to_referred_friend


def last_bot_action(tracker: Tracker) -> str | None:
    """The bot's last action before the customer's latest message (Rasa
    extracts slots after every message; that step is not the bot's)."""
    event = tracker.get_last_event_for("action", exclude=[ACTION_LISTEN, "action_extract_slots"])
    return str(event.get("name")) if event else None


def _last_bot_message(tracker: Tracker) -> dict[str, Any]:
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return event
    return {}


def answered_from_entry(tracker: Tracker) -> bool:
    """Whether the bot's last message answered from the knowledge base: it
    names its help-page entry (``help_entry``, docs/widget.md)."""
    data = _last_bot_message(tracker).get("data") or {}
    return HELP_ENTRY in (data.get(CUSTOM) or {})


def last_bot_response(tracker: Tracker) -> str | None:
    """The domain response of the bot's last message (None for a text the
    action composed)."""
    return (_last_bot_message(tracker).get("metadata") or {}).get("utter_action")


def last_bot_text(tracker: Tracker) -> str | None:
    """The text of the bot's last message before the customer's latest one."""
    return _last_bot_message(tracker).get("text")


def last_bot_buttons(tracker: Tracker) -> list[dict[str, Any]]:
    """The buttons of the bot's last message before the customer's latest one."""
    return list((_last_bot_message(tracker).get("data") or {}).get("buttons") or [])


# The buttons of the offer of an e-mail reply when nobody is in the chat.
CALLBACK_BUTTONS = [
    {"title": "Ja, bitte per E-Mail melden", "payload": "/affirm"},
    {"title": "Nein, danke", "payload": "/deny"},
]


def last_offer_was(tracker: Tracker, buttons: list[dict[str, Any]]) -> bool:
    """Whether the bot's last message carried exactly these buttons (by
    title): how an offer is told apart from another one with a yes and a no."""
    titles = [str(button.get("title")) for button in last_bot_buttons(tracker)]
    return titles == [str(button.get("title")) for button in buttons]


def offered_callback(tracker: Tracker) -> bool:
    """Whether the bot's last message offered the e-mail reply."""
    return last_offer_was(tracker, CALLBACK_BUTTONS)


def offered_before(tracker: Tracker, buttons: list[dict[str, Any]]) -> bool:
    """Whether the bot offered one of these buttons (by title) at any point
    of this chat."""
    titles = {button["title"] for button in buttons}
    return any(
        button.get("title") in titles
        for event in tracker.events
        if event.get("event") == "bot"
        for button in (event.get("data") or {}).get("buttons") or []
    )


def offered_callback_before(tracker: Tracker) -> bool:
    """Whether the bot offered the e-mail reply at any point of this chat."""
    return offered_before(tracker, CALLBACK_BUTTONS)


# The bot's confirmations that a case (a complaint, an objection to the
# status) is with the team: "und was kann ich jetzt machen?" right after one
# is answered by that.
CASE_FILED_RESPONSES = frozenset(
    {
        "utter_dispute_recorded",
        "utter_complaint_recorded",
        "utter_complaint_heard",
        # A transfer to a closed account, checked by the team.
        "utter_transfer_to_closed_account",
    }
)


# Every confirmation that names the number of a ticket: a case, a request
# under the GDPR, a new address for the team to check, a reward mail that
# cannot be resent any more.
TICKET_RESPONSES = CASE_FILED_RESPONSES | {
    "utter_data_rights_ticket",
    "utter_data_access_ticket",
    "utter_change_ticket",
    "utter_data_rights_ticket_no_code",
    "utter_data_rights_added",
    "utter_address_check_ticket",
    "utter_resend_limit_ticket",
    "utter_resend_limit_again",
}


# The bot's messages about a complaint or objection with the team: filed,
# filed before, or when the team answers it.
COMPLAINT_CASE_TALK = CASE_FILED_RESPONSES | {
    "utter_complaint_case_filed",
    "utter_goodbye_case_filed",
    "utter_case_when",
    "utter_case_exists",
    "utter_case_no_call",
    "utter_case_already_filed",
}


# The bot's messages that name a case opened before this conversation.
CASE_ALREADY_OPEN_RESPONSES = (
    "utter_resend_limit_case_open",
    "utter_resend_limit_case_other_address",
    # A case asked after ("Wie ist der Stand meiner Beschwerde?") or named
    # when nobody can take over (actions/cases.py, actions/handoff.py).
    "utter_case_status_open",
    "utter_case_status_in_work",
    "utter_case_status_overdue",
    "utter_case_brings_reply",
    "utter_case_number",
)


def case_told(tracker: Tracker) -> bool:
    """Whether the bot named a case with the team in this conversation: one
    it filed, or one that was open already."""
    return any(
        said_before(tracker, response)
        for response in (*TICKET_RESPONSES, *CASE_ALREADY_OPEN_RESPONSES)
    )


def case_just_filed(tracker: Tracker) -> bool:
    """Whether the bot's last message said a case, a GDPR request or a new
    address went to the team ("ok was soll ich machen" then: nothing)."""
    said = last_bot_response(tracker)
    return said in TICKET_RESPONSES or said in CASE_ALREADY_OPEN_RESPONSES


def confirms_ticket(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Answer "bekomme ich da eine Bestätigung?" right after a ticket was
    confirmed: its number is the confirmation. Whether it was answered."""
    if last_bot_response(tracker) not in TICKET_RESPONSES:
        return False
    if not asks_for_confirmation(latest_text(tracker)) or asks_for_copy(latest_text(tracker)):
        # "Kann ich davon eine Kopie bekommen?" asks for the data, which the
        # request for access brings (actions/follow_up.py).
        return False
    dispatcher.utter_message(response="utter_case_confirmation", buttons=[HUMAN_BUTTON.as_dict()])
    return True


# A question, or the offer to connect ("Wenn Sie möchten, verbinde ich Sie …").
_INVITATION = re.compile(r"\?|\bverbinde", re.IGNORECASE)


def last_bot_invited(tracker: Tracker) -> bool:
    """Whether the bot's last message asked something or offered to connect
    ("Soll ich Sie verbinden?", "Gern verbinde ich Sie …"), so that a "ja"
    answers it; after a plain statement ("Sonst hilft Ihnen das Service-Team
    weiter.") a "ja" or "ok" only acknowledges."""
    return bool(_INVITATION.search(str(_last_bot_message(tracker).get("text") or "")))


# "Wenn Sie lieber gleich mit jemandem sprechen möchten, verbinde ich Sie
# gern": a person offered only if the customer wishes, no question put.
_OFFER_IF_WISHED = re.compile(
    r"\b(wenn|falls)\s+sie\b[^.?!]{0,80}\bverbinde\b"
    r"|\bm(ö|oe)chten\s+sie\s+lieber\b[^.?!]{0,60}\bverbinde\b",
    re.IGNORECASE,
)


def offered_person_if_wished(tracker: Tracker) -> bool:
    """Whether the bot's last message offered a person only if the customer
    wishes ("möchten Sie lieber gleich mit jemandem sprechen, verbinde ich Sie
    gern"): an "ok" or "passt" to it takes the answer in, it asks for nobody."""
    text = str(_last_bot_message(tracker).get("text") or "")
    return _OFFER_IF_WISHED.search(text) is not None


# Words of a button title too common to tell buttons apart ("Ja, bitte …").
_FILLER_WORDS = frozenset({"ja", "nein", "bitte", "danke", "mit", "einem", "einer", "ich", "mich"})


def button_named(text: str, buttons: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The button whose title the customer typed instead of tapping it ("ja
    bitte änderung beantragen" for "Änderung beantragen"): every word of the
    title that is not a filler word is in the text. None when no button or
    more than one fits."""
    words = set(normalize(text).split())
    named = []
    for button in buttons:
        title_words = set(normalize(str(button.get("title") or "")).split()) - _FILLER_WORDS
        if title_words and title_words <= words:
            named.append(button)
    return named[0] if len(named) == 1 else None


_PAYLOAD = re.compile(r"^/(?P<intent>\w+)(?P<entities>\{.*\})?$", re.DOTALL)


def button_click(payload: str) -> Events:
    """Events that continue the conversation as if the customer had tapped
    the button with ``payload`` ("/intent" or '/intent{"entity": "value"}'):
    the bot listened, then the customer sent the payload, as a tap does.
    Empty when the payload is not of that form."""
    match = _PAYLOAD.match(payload)
    if match is None:
        return []
    try:
        values = json.loads(match["entities"]) if match["entities"] else {}
    except json.JSONDecodeError:
        return []
    entities = [{"entity": name, "value": value} for name, value in values.items()]
    parse_data = {
        "text": payload,
        "intent": {"name": match["intent"], "confidence": 1.0},
        "intent_ranking": [{"name": match["intent"], "confidence": 1.0}],
        "entities": entities,
    }
    return [ActionExecuted(ACTION_LISTEN), UserUttered(payload, parse_data)]


def latest_intent(tracker: Tracker) -> str:
    """The NLU's intent of the latest message ("" when there is none)."""
    return str((tracker.latest_message.get("intent") or {}).get("name") or "")


def intent_confidence(tracker: Tracker) -> dict[str, float]:
    """The NLU's confidence in each ranked intent of the latest message."""
    ranking = tracker.latest_message.get("intent_ranking") or []
    return {str(item.get("name")): float(item.get("confidence") or 0.0) for item in ranking}


def latest_confidence(tracker: Tracker) -> float:
    """The NLU's confidence in the intent of the latest message."""
    return float((tracker.latest_message.get("intent") or {}).get("confidence") or 0.0)


def intent_count(tracker: Tracker, intent: str) -> int:
    """How many of the customer's messages in this conversation (the latest
    included) the NLU read as ``intent``: "the second time" for repeated
    frustration or insults."""
    return sum(
        1
        for event in tracker.events
        if event.get("event") == "user"
        and ((event.get("parse_data") or {}).get("intent") or {}).get("name") == intent
    )


def latest_entity(tracker: Tracker, name: str) -> str | None:
    """The first ``name`` entity of the latest message, as text."""
    value = next(tracker.get_latest_entity_values(name), None)
    return value if isinstance(value, str) else None


# Both ask about the customer's own reward and start the verification.
OWN_REWARD_INTENTS = frozenset({"ask_reward_status", "reward_mail_missing"})
# The status lookup, as its button sends it.
STATUS_PAYLOAD = "/ask_reward_status"


def details_in_message(tracker: Tracker) -> tuple[str | None, str | None]:
    """Referral code and e-mail address the latest message gives, normalised.

    The code is searched in the message text with ``bot.referral_code``, so a
    code-shaped part of an e-mail address or URL (``hannah277@…``) never
    counts, whatever the entity extractors made of it.
    """
    codes = find_codes(latest_text(tracker))
    # "asv wai 456 und sabine.wolf@…": the program's code typed apart.
    code = codes[0] if codes else typed_apart(tracker)
    return code, normalize_email(latest_entity(tracker, "email") or "")


def typed_apart(tracker: Tracker) -> str | None:
    """The code of the conversation's program typed with a space inside it
    ("asv rec 234") as the whole message (next to the address at most),
    normalised."""
    prefix = str(tracker.slots.get("code_prefix") or EXAMPLE_PREFIX)
    return code_typed_apart(latest_text(tracker), prefix)


# pending_request while the bot waits for a new address for a bounced mail.
NEW_ADDRESS = "new_address"
_ABOUT_ADDRESS = re.compile(r"(e-?mail|adresse|postfach)", re.IGNORECASE)


def repeats_lost_address(tracker: Tracker) -> bool:
    """Whether the bot waits for a new address for a bounced reward mail and
    the message talks about addresses without naming one ("die Mailadresse
    gibt es nicht mehr"): then the bot asks for the new one again instead of
    answering the topic of changing details."""
    if tracker.get_slot("pending_request") != NEW_ADDRESS:
        return False
    _, email = details_in_message(tracker)
    return not email and bool(_ABOUT_ADDRESS.search(latest_text(tracker)))


def ask_new_address_again(dispatcher: CollectingDispatcher) -> Events:
    """Ask once more for the address a bounced reward mail should go to; a
    customer without one gets the person."""
    dispatcher.utter_message(
        response="utter_ask_new_address_again", buttons=[HUMAN_BUTTON.as_dict()]
    )
    return []


def yes_without_address(dispatcher: CollectingDispatcher) -> Events:
    """ "jo mach" to the question for a new address after a bounce: a yes is
    no address, and the mail never goes to the bounced one again."""
    dispatcher.utter_message(response="utter_new_address_needed", buttons=[HUMAN_BUTTON.as_dict()])
    return []


def back_to_german(tracker: Tracker, action: str) -> Events:
    """After a message in English, a German sentence that the language slot
    keeps in English (a detail, a yes or no: "ach ich kann auch deutsch, mein
    bruder hat letzte woche abgeschlossen") switches back to German. The action
    runs once more, since Rasa renders an action's responses with the slots it
    had before its events; empty when nothing changes."""
    if tracker.get_slot("language") == "en" and writes_german(latest_text(tracker)):
        return [SlotSet("language", "de"), FollowupAction(action)]
    return []


def gives_code_unverified(tracker: Tracker, with_email: bool = True) -> bool:
    """Whether the message gives a referral code (with the e-mail address,
    unless ``with_email`` is False) while the customer is not verified yet:
    "ASV-… …@… wie lange muss ich noch warten?" is answered from the records
    whatever the NLU made of it."""
    if tracker.get_slot("verification") in (VERIFIED, LOCKED):
        return False
    code, email = details_in_message(tracker)
    return code is not None and (email is not None or not with_email)


def said_text_before(tracker: Tracker, text: str) -> bool:
    """Whether the bot sent exactly this text earlier in this conversation."""
    return any(event.get("text") == text for event in tracker.events if event.get("event") == "bot")


def said_within_before(tracker: Tracker, text: str) -> bool:
    """Whether an earlier bot message of this conversation contained ``text``
    (the status told inside the longer first answer, for instance)."""
    return any(
        text in str(event.get("text") or "")
        for event in tracker.events
        if event.get("event") == "bot"
    )


def detail_asked(tracker: Tracker) -> str | None:
    """The detail ("referral_code" or "email") the verification form was
    asking for when the customer wrote the latest message, else None. The
    rules that let a message interrupt the form have ended it by the time an
    action runs, so this reads the events before that message."""
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
        elif users == 1 and event.get("event") == "slot" and event.get("name") == "requested_slot":
            value = event.get("value")
            return value if value in VERIFICATION_DETAILS else None
        if users > 1:
            return None
    return None


def response_of(event: dict[str, Any]) -> str:
    """The domain response a bot event said ("" for a text of its own)."""
    return str((event.get("metadata") or {}).get("utter_action") or "")


def said_before(tracker: Tracker, response: str) -> bool:
    """Whether the bot said the domain response ``response`` earlier in this
    conversation."""
    return any(
        response_of(event) == response for event in tracker.events if event.get("event") == "bot"
    )


def bot_messages_of_last_turn(tracker: Tracker) -> list[dict[str, Any]]:
    """The bot's messages (events) between the customer's previous message
    and the latest one, newest first."""
    messages: list[dict[str, Any]] = []
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                break
        elif users == 1 and event.get("event") == "bot":
            messages.append(event)
    return messages


def responses_of_last_turn(tracker: Tracker) -> set[str]:
    """The domain responses the bot gave between the customer's previous
    message and the latest one."""
    said = {response_of(event) for event in bot_messages_of_last_turn(tracker)}
    said.discard("")
    return said


def responses_this_turn(tracker: Tracker) -> set[str]:
    """The domain responses the bot gave since the customer's latest message."""
    said: set[str] = set()
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            said.add(response_of(event))
    said.discard("")
    return said


def ran_this_turn(tracker: Tracker, action: str) -> bool:
    """Whether ``action`` ran since the customer's latest message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") == action:
            return True
    return False


def break_circle(dispatcher: CollectingDispatcher, tracker: Tracker, events: Events) -> Events:
    """``events`` without a hand-over to an action that already ran for this
    message: actions hand unclear messages to each other, and a circle would
    end in silence once Rasa stops predicting. The customer is asked to put
    it differently instead, with a person offered."""
    circling = [
        event
        for event in events
        if event.get("event") == "followup" and ran_this_turn(tracker, str(event.get("name")))
    ]
    if not circling:
        return events
    logger.warning("hand-over circle stopped at %s", circling[0].get("name"))
    dispatcher.utter_message(response="utter_unsure_offer_person", buttons=[HUMAN_BUTTON.as_dict()])
    # The turn ends here: no rule knows the step after a stopped circle, and
    # the fallback would run the clarification into the same circle again.
    kept = [event for event in events if event not in circling]
    return [*kept, FollowupAction(ACTION_LISTEN)]


def turns_offer_down(tracker: Tracker) -> bool:
    """Whether the customer turns down the yes/no offer of the bot's last
    message, whatever topic the NLU read in the words around the no ("nee
    lass ma, ich guck nochmal im spam ordner" read as a missing mail,
    "lassen Sie das mit dem Mitarbeiter erstmal" as a wish for one). A message
    that gives a code or an address is that detail, not a no."""
    return (
        any(button.get("payload") == "/deny" for button in last_bot_buttons(tracker))
        and latest_intent(tracker) != "deny"
        and declines_offer(latest_text(tracker))
        and not ran_this_turn(tracker, DENY_ACTION)
        and not any(details_in_message(tracker))
    )


def named_program(tracker: Tracker) -> str | None:
    """The program the message asks about by name (a slug), or None; a
    program only compared with this chat's ("bei autosicher gibts geld,
    warum bei euch nicht?") is not the one asked about."""
    named = clean_slug(latest_entity(tracker, "program"))
    if named is None or turns_to_us(latest_text(tracker)):
        return None
    return named


def names_other_program(tracker: Tracker, own: str | None) -> bool:
    """Whether the message names a program other than ``own`` (a slug)."""
    named = named_program(tracker)
    return bool(named) and named != own


def asks_complaint_recorded(tracker: Tracker) -> bool:
    """Whether the customer asks for what they told before to be recorded as
    a complaint ("Dann möchte ich das als offizielle Beschwerde festhalten
    lassen. Bis wann höre ich etwas?"), whatever the NLU read in the question
    beside it. A first message that only says so ("ich will mich
    beschweren") goes the usual way: the bot asks what happened first."""
    return (
        files_complaint(latest_text(tracker))
        and len(user_texts(tracker)) > 1
        and last_bot_response(tracker) not in CASE_FILED_RESPONSES
        and not ran_this_turn(tracker, RECORD_ACTION)
    )


# The bot's question what happened, after a complaint without its story.
COMPLAINT_ASKED = "utter_complaint"


def tells_asked_story(tracker: Tracker) -> bool:
    """Whether the message tells what happened right after the bot asked for
    it ("dauert ewig, man muss sich überall registrieren und am ende gibts
    ein paar euro"), whatever topic its words are near: a statement, no
    question of its own."""
    text = latest_text(tracker)
    return (
        last_bot_response(tracker) in (COMPLAINT_ASKED, "utter_complaint_about_rule")
        and not is_question(text)
        and not declines_offer(text)
        and not ran_this_turn(tracker, RECORD_ACTION)
    )


_NAMES_DETAIL = re.compile(r"\b(code|mail\w*|e-mail\w*|adresse)\b", re.IGNORECASE)


def only_a_prelude(tracker: Tracker) -> bool:
    """Whether the message only announces a question ("kurze frage") or asks
    for a moment ("sekunde bitte"), outside the verification form (which has
    its own answer for a moment)."""
    text = latest_text(tracker)
    if not (announces_question(text) or only_asks_to_wait(text)):
        return False
    in_form = bool((tracker.active_loop or {}).get("name"))
    # "moment, ich such meinen code" starts the lookup; "moment, hier: ASV-…" is that code.
    names_detail = _NAMES_DETAIL.search(text) is not None or any(details_in_message(tracker))
    return not (in_form or names_detail)


# "ja, bitte kümmert euch": a yes to the team's care, however long.
_TAKE_CARE = re.compile(r"\bk(ü|ue)mmer\w*|\bmacht\s+(das|mal)\b", re.IGNORECASE)
# Words of a bare yes ("ja bitte", "ok gerne").
SHORT_YES_WORDS = 4


def _case_redirect(tracker: Tracker, action: str, text: str) -> str | None:
    """What is said about a case with the team in so many words (part of
    ``redirect``): whether there is one and when it is answered, the old
    address after all, a phone number given to be called."""
    away_told = bool(responses_of_last_turn(tracker) & TEAM_AWAY_RESPONSES)
    only_when = (asks_if_now(text) or asks_when_team_there(text)) and not (
        asks_for_mail_reply(text) or any(details_in_message(tracker))
    )
    if action != HANDOFF_ACTION and away_told and only_when:
        # "jetzt sofort?", "und wann seid ihr wieder erreichbar?" right after
        # nobody of the team is there: when someone is (and the open case),
        # not the topic the NLU read.
        return HANDOFF_ACTION
    number_asked = asks_case_number(text) or (
        asks_bare_number_again(text) and case_just_filed(tracker)
    )
    if action != CASE_STATUS_ACTION and number_asked:
        # "wie war nochmal meine vorgangsnummer?": that number, never a phone
        # number or a request for the referral code.
        return CASE_STATUS_ACTION
    where_reply = asks_where_reply_goes(text) and (case_told(tracker) or offered_callback(tracker))
    if action != CASE_STATUS_ACTION and where_reply:
        # "an welche mail schreibt ihr mir dann?": the address the team's
        # answer goes to, not the program's contact page.
        return CASE_STATUS_ACTION
    if action != CASE_STATUS_ACTION and asks_about_earlier_case(text):
        # "Wie ist der Stand meiner Beschwerde?", read as the reward status
        # or a new complaint: that case looked up, none filed anew.
        return CASE_STATUS_ACTION
    when_told = asks_when_contacted(text) and not asks_for_person(text) and case_told(tracker)
    if (asks_if_case_open(text) or when_told) and action not in (HOW_LONG_ACTION, CALLBACK_ACTION):
        # "hab ich jetzt ein ticket oder nicht", "und wann meldet sich wer?"
        # once a case is with the team, read as a no or the status: that
        # case, its number and date; with no case yet, that nobody has it
        # (and the offer of an e-mail reply again, when one was made).
        return HOW_LONG_ACTION
    told = case_just_filed(tracker) or case_told(tracker)
    if wants_to_hear_back(text) and told and action != HOW_LONG_ACTION:
        # "ja ok dann soll sich jemand melden" right after the bot said the
        # case went to the team, read as a yes to an older offer: that case
        # and its date, no hand-over offered anew.
        return HOW_LONG_ACTION
    old_address = action != ANSWER_ACTION and wants_old_address_fixed(text)
    if old_address and said_before(tracker, "utter_address_check_ticket"):
        # "na gut, dann halt an die alte" once a new address went to the team
        # for a check, read as a yes: noted on that ticket (the answer's
        # follow-ups handle it).
        return ANSWER_ACTION
    number_for = action not in (INFORM_ACTION, HANDOFF_ACTION, CALLBACK_ACTION)
    if number_for and gives_own_number(text) and not any(details_in_message(tracker)):
        # "erreichbar bin ich unter 0151 …, geht um die prämie", read as a
        # question on the terms: nobody calls; the reply goes by e-mail (the
        # hand-over and the e-mail reply say so themselves).
        return INFORM_ACTION
    return None


def _follow_up_redirect(tracker: Tracker, action: str, text: str) -> str | None:
    """A follow-up whose words settle what it asks, whatever the NLU read
    (part of ``redirect``): the reward wanted at once, a new bank account,
    another person left to act, no more mails, the recommended friend's
    own advantage, the friend cancelling."""
    if action != NOT_HELPFUL_ACTION and finds_answer_unhelpful(text) and asks_to_speed_up(text):
        # "bringt mir nichts, ich brauch die prämie sofort", read as some
        # topic: the answer did not help, and it cannot come sooner.
        return NOT_HELPFUL_ACTION
    if action == CLARIFY_ACTION and says_account_changed(text):
        # "ich habe die bank gewechselt, meine prämie soll noch kommen. was
        # muss ich tun?", unclear to the NLU: what a new account means for
        # the reward (the answer's follow-ups know).
        return ANSWER_ACTION
    if action != AFFIRM_ACTION and leaves_it_to_other(text):
        # "ok dann soll sie selber hier schreiben" after another person's
        # status was declined, read as a question on data: taken in.
        return AFFIRM_ACTION
    stop_mails = objects_to_marketing(text) and not is_question(text)
    if stop_mails and action == CLARIFY_ACTION and not tracker.get_slot("pending_request"):
        # "ich bekomme ständig mails von eurem programm, das möchte ich nicht
        # mehr", unclear to the NLU: the objection, filed (verified first).
        return DATA_RIGHTS_ACTION
    dates = compares_pace(text) or asks_since_when(text)
    if dates and tracker.get_slot("status_told") and action != HOW_LONG_ACTION:
        # "wieso dauert das bei ihm so lange und bei leonie gings schneller?",
        # "seit wann ist er da registriert?" after the status: each
        # referral's own dates (the how-long answer says why they differ).
        return HOW_LONG_ACTION
    if action not in (ANSWER_ACTION, STATUS_ACTION) and asks_what_other_gets(text):
        # "und was bekommt sie dafür?" after whom to recommend, read as the
        # next step: the friend's own advantage (a knowledge-base answer).
        return ANSWER_ACTION
    # "… und meine mail ist auch nie angekommen" beside it: the reward-mail
    # action answers both.
    both = action == REWARD_MAIL_ACTION and tells_own_missing_beside(text)
    friends_own = asks_about_friends_advantage(text) and not both
    if action != ANSWER_ACTION and friends_own and tracker.get_slot("status_told"):
        # "leonie meinte sie hat ihr startguthaben noch gar nicht bekommen"
        # after the status, read as a no or a question of time: the friend's
        # own advantage (a knowledge-base answer).
        return ANSWER_ACTION
    status_follow_up = action in (NEXT_STEP_ACTION, STATUS_ACTION)
    if status_follow_up and speaks_of_friend_cancelling(text) and is_question(text):
        # "kann sie jetzt eigentlich noch widerrufen? verlier ich dann das
        # geld?" after the status, read as the next step: what the friend's
        # cancelling does to the reward.
        return ANSWER_ACTION
    return None


def _reply_redirect(tracker: Tracker, action: str, text: str) -> str | None:
    """The team's reply asked about (part of ``redirect``): by phone, a note
    to the case, the e-mail reply no longer needed."""
    by_phone = asks_if_by_phone(text) and action not in (HOW_LONG_ACTION, CALLBACK_ACTION)
    if by_phone and (case_told(tracker) or offered_callback_before(tracker)):
        # "geht das auch telefonisch?" once a case is with the team or an
        # e-mail reply was offered: the team writes, it does not call.
        return HOW_LONG_ACTION
    for_case = says_settled(text) or asks_to_add_note(text)
    noted_now = ran_this_turn(tracker, CASE_NOTE_ACTION)
    if action != CASE_NOTE_ACTION and not noted_now and for_case and case_told(tracker):
        # "moment, da ist die mail doch. hat sich erledigt", "sie hat am 3.4.
        # neu abgeschlossen, falls das wichtig ist" once a case is with the
        # team: noted there, whatever topic the NLU read.
        return CASE_NOTE_ACTION
    declines = action not in (CALLBACK_DECLINED_ACTION, DENY_ACTION, CALLBACK_ACTION)
    if declines and no_longer_needed(text) and offered_callback_before(tracker):
        # "alles klar. wenn das so is brauch ich den rückruf eigentlich nicht
        # mehr" a few turns after the e-mail reply was offered: a no to it.
        return CALLBACK_DECLINED_ACTION
    return None


# Entries told to someone who has no code (a mail they did not expect, the
# data kept about a recommended person): their deletion needs none.
NO_CODE_DATA_ENTRIES = frozenset({"unexpected_mail", "recommended_person_data"})


def redirect(tracker: Tracker, action: str) -> str | None:
    """The one place where what the customer says in so many words wins over
    the topic the NLU read, for every action: a no to the offer just made
    (nothing is filed, sent or offered again), a complaint asked to be
    recorded or its story told when asked, an apology for harsh words, a copy
    of the answers asked in writing, what the bot can do at all, a message
    that only announces a question, asks for a moment or accepts an answer.
    None: the action runs."""
    if action in (DENY_ACTION, AFFIRM_ACTION) and is_sarcastic_thanks(latest_text(tracker)):
        # "danke für nix" read as a no or a yes: a complaint, as in action_thank.
        return COMPLAINT_ACTION
    if turns_offer_down(tracker):
        return DENY_ACTION
    if action != RECORD_ACTION and asks_complaint_recorded(tracker):
        return RECORD_ACTION
    if action == ANSWER_ACTION and tells_asked_story(tracker):
        # The rules in data/rules/complaint.yml take the story for the
        # intents they know; a story that sounds like a rule comes here.
        return RECORD_ACTION
    text = latest_text(tracker)
    new_address = tracker.get_slot("pending_request") == NEW_ADDRESS
    if action != INFORM_ACTION and new_address and details_in_message(tracker)[1]:
        # "die alte benutz ich nicht mehr, schicken Sie es an …@…" when the
        # bot asked where a bounced reward should go: that address, checked.
        return INFORM_ACTION
    asked_reply_address = last_bot_response(tracker) in (
        CALLBACK_EMAIL_ASKED,
        CALLBACK_ADDRESS_UNKNOWN,
    )
    code, email = details_in_message(tracker)
    # "Code hab ich nicht mehr. Meine Email ist …" to the offer of a reply
    # that needs only the address: a yes, with that address.
    address_for_offer = offered_callback(tracker) and email and not code
    # "ok danke. meldet ihr euch dann per mail?" to the offer of an e-mail
    # reply: a yes to it, asked as a question.
    mail_reply_asked = offered_callback(tracker) and asks_for_mail_reply(text)
    if action != CALLBACK_ACTION and mail_reply_asked:
        return CALLBACK_ACTION
    unknown_to_us = any(
        str(key).split("@")[0] in NO_CODE_DATA_ENTRIES
        for key in tracker.get_slot("kb_answered") or []
    )
    verified_now = tracker.get_slot("verification") == "verified"
    ordered = verified_now and orders_deletion(text) and not others_data_right_asked(tracker)
    if action not in (DATA_RIGHTS_ACTION, CLARIFY_ACTION, "action_remember_request") and ordered:
        # "wisst ihr was, löscht einfach mein konto und alles was ihr von mir
        # habt" from the verified customer, read as a question on data: the
        # deletion filed.
        return DATA_RIGHTS_ACTION
    gone = wants_it_gone(text) and unknown_to_us and not (code or email)
    if action not in (CLARIFY_ACTION, "action_remember_request") and gone:
        # "will ich nicht. wie werd ich das wieder los?" after the answer on an
        # unexpected mail, read as anything: the deletion taken without a
        # code (``removal_without_code``, which action_clarify runs).
        return CLARIFY_ACTION
    no_code = says_code_lost(text) and not (code or email)
    reply_offered = last_bot_response(tracker) == "utter_callback_offer"
    if action != CALLBACK_DECLINED_ACTION and no_code and reply_offered:
        # "einen code hab ich nicht" to the offer of a reply that needs only
        # the address, whatever the NLU read: no code needed, the address.
        return CALLBACK_DECLINED_ACTION
    if action in (DENY_ACTION, AFFIRM_ACTION) and no_code and not offered_callback(tracker):
        # "den code hab ich nicht mehr, keine ahnung wo der ist" read as a
        # no: what to do without the code (a person can help), no dead end.
        return ANSWER_ACTION
    if action != CALLBACK_ACTION and ((asked_reply_address and email) or address_for_offer):
        # "gern, meine mail ist …. und wie viel bekomme ich eigentlich?" when
        # the address for a mail reply was asked, read as the question: the
        # reply filed, and the question answered with it.
        return CALLBACK_ACTION
    if action != THANK_ACTION and says_arrived(text):
        # "Die Prämie ist angekommen 👍 hat alles super geklappt", read as a
        # status question: good news, thanked.
        return THANK_ACTION
    if action != THANK_ACTION and apologises(text) and not is_question(text):
        # "sorry dass ich so pampig war, danke dir", whatever topic it names.
        return THANK_ACTION
    if action != ANSWER_ACTION and asks_written_copy(text):
        # "Können Sie mir das bitte schriftlich per Mail zusenden?" read as
        # the reward mail: what can be had in writing (written_confirmation).
        return ANSWER_ACTION
    verified = tracker.get_slot("verification") == VERIFIED
    if action != WHY_ACTION and verified and insists(text) and not says_self_recommended(text):
        # "Geht das nicht trotzdem? Ich bin's doch, ich hab Ihnen gerade den
        # Code gegeben!" from the verified customer, read as some topic (the
        # recommended friend's code): why the last answer holds.
        return WHY_ACTION
    disputable = tracker.get_slot("status_disputable")
    # "wieso abgelaufen? der hat doch längst gewechselt" after a refusal asks
    # for the reasons (the why action); "warum ist hannah nur registriert? die
    # hat ihre karte schon" is answered why a contract may not show yet, and
    # the objection recorded.
    signed = (
        verified
        and tracker.get_slot("status_told")
        and says_friend_signed(text)
        and not (asks_why(text) and disputable)
    )
    # "und warum bekomme ich dann nichts? ich kann doch nichts dafür" asks
    # why the rule holds (the reasons, with the check offered), unless it
    # also says the facts are wrong.
    not_my_fault = says_not_my_fault(text)
    refused_wrongly = disputable and calls_it_wrong(text) and not not_my_fault
    # A threat beside it ("dafür kann ich doch nix … sonst geh ich zum
    # anwalt") is heard by the de-escalation, which names the case.
    threat = threatens_legal_steps(text) or threatens_to_cancel(text) or threatens_review(text)
    if disputable and not_my_fault and not threat and action != WHY_ACTION:
        return WHY_ACTION
    objects = (signed or refused_wrongly) and not threat
    if action not in (DISPUTE_ACTION, RECORD_ACTION) and objects:
        # "aber der hat doch schon längst unterschrieben!! wer ist schuld?"
        # after the status, "das ist doch quatsch. wer darf denn geworben
        # werden?" after a refusal, whatever the NLU read: the objection
        # recorded for the team, and the question beside it answered.
        return DISPUTE_ACTION
    titles = [button.get("title") for button in last_bot_buttons(tracker)]
    limit_offer = phrase("status.limit_check_yes") in titles
    ticket_actions = (AFFIRM_ACTION, CALLBACK_ACTION, RESEND_ACTION, DATA_RIGHTS_ACTION)
    # Short, or naming the team's care: "ok danke, fass mir das nochmal
    # zusammen" opens with a yes to something else.
    short_yes = len(text.split()) <= SHORT_YES_WORDS or _TAKE_CARE.search(text) is not None
    yes_to_team = limit_offer and opens_with_yes(text) and short_yes and not is_question(text)
    if action not in (AFFIRM_ACTION, RESEND_ACTION) and yes_to_team:
        # "ja, bitte kümmert euch" to the team's case offered at the resend
        # limit, whatever the NLU read: the case, filed.
        return AFFIRM_ACTION
    if action not in ticket_actions and asks_for_ticket(text):
        # "egal. mach halt das ticket": the team's case offered just now
        # (a reward mail resent as often as allowed), or the e-mail reply.
        return AFFIRM_ACTION if limit_offer else CALLBACK_ACTION
    if action not in (AFFIRM_ACTION, RESEND_ACTION) and limit_offer and asks_what_now(text):
        # "ok und jetzt? soll ich ewig warten?" to the team's case offered
        # for a reward mail resent as often as allowed: the case, filed.
        return AFFIRM_ACTION
    if action != STATUS_ACTION and tracker.get_slot("status_told") and asks_summary(text):
        # "kannst du mir das nochmal kurz zusammenfassen, alle drei?" after
        # the status, read as a complaint: the status again.
        return STATUS_ACTION
    complaint = action in (COMPLAINT_ACTION, RECORD_ACTION)
    if complaint and says_code_lost(text):
        # "hab meinen code verlegt und jetzt bin ich gesperrt. na super." read
        # as a complaint: what to do without the code (a person can help).
        return ANSWER_ACTION
    if complaint and not tracker.get_slot("status_told") and asks_stage_meaning(text):
        # "jetzt steht da bei mir nur abgelaufen. was heißt das?" before any
        # status was told, read as a complaint: what the stages mean.
        return ANSWER_ACTION
    moved_on = ran_this_turn(tracker, NEXT_STEP_ACTION)
    if action in (COMPLAINT_ACTION, ANSWER_ACTION) and asks_what_now(text) and not moved_on:
        # "Na gut. Und jetzt?" read as a complaint: the next step (a case
        # filed in this conversation, with its number and date).
        return NEXT_STEP_ACTION
    if action == NOT_HELPFUL_ACTION and tracker.get_slot("status_told") and asks_when(text):
        # "ach so, und bis wann ist der dann bei mir? hatte ich vorhin
        # vergessen zu fragen" after the status, read as "did not help".
        return HOW_LONG_ACTION
    if action != COMPLAINT_ACTION and offered_callback(tracker) and grumbles(text):
        # "es ist 22 uhr, aber tagsüber hab ich keine zeit. lächerlich" to the
        # offer of an e-mail reply: the grumble taken up, the offer again.
        return COMPLAINT_ACTION if not is_question(text) else None
    if action != WHY_ACTION and tracker.get_slot("status_told") and asks_who_acted(text):
        # "wer hat das widerrufen, sie selber oder ihr?" after the status:
        # the reasons behind it, which say whose step it was.
        return WHY_ACTION
    if action != WHY_ACTION and answered_from_entry(tracker) and asks_why_not(text):
        # "warum nicht 🙄 ich frag doch nur für sie" after an answer that
        # said no, read as some topic: why the answer holds.
        return WHY_ACTION
    if action == HOW_LONG_ACTION and asks_about_self(text) and not asks_when(text):
        # "und mich selbst? hab noch nen zweitwagen" after whom to recommend,
        # read as a question of time: the rule for the writer themselves.
        return ANSWER_ACTION
    for part in (_case_redirect, _follow_up_redirect, _reply_redirect):
        if (target := part(tracker, action, text)) is not None:
            return target
    if action == HANDOFF_ACTION and asks_meaning(text) and not asks_for_person(text):
        # "puh, kannst du das nochmal erklären, nur einfacher?" read as a wish
        # for a person: what the last answer means, in simpler words.
        return MEANING_ACTION
    if asks_what_bot_can(text):
        # "kannst du überhaupt was oder bloß blabla", read as out of scope.
        return BOT_CHALLENGE_ACTION
    # "dann löschen sie einfach alle meine daten, ich hab keine lust mehr"
    # gives up on the chat with a request in it, which is answered.
    gave_up = gives_up(text) and not asks_data_right(text)
    brief = only_a_prelude(tracker) or accepts_outcome(text) or gave_up
    if action != BRIEF_REPLY_ACTION and brief:
        # "kurze frage", "sekunde bitte", "dann nehme ich das so zur Kenntnis",
        # "vergessen Sie's einfach, ich hab keine Lust mehr".
        return BRIEF_REPLY_ACTION
    return None


class DatabaseAction(Action, ABC):
    """An action that works inside one database session.

    Subclasses implement :meth:`act`. Any database error rolls the session
    back, drops what the action was about to say, and answers with an apology
    and the offer of a person instead.
    """

    @abstractmethod
    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        """Do the work; the session commits when this returns."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        instead = redirect(tracker, self.name())
        if instead is not None and not ran_this_turn(tracker, instead):
            # An action that already ran for this message is not asked again:
            # two actions redirecting to each other would circle.
            return [FollowupAction(instead)]
        said = len(dispatcher.messages)
        try:
            # Sessions are synchronous: in a worker thread, a query or commit
            # that waits for the database does not stop the action server's
            # event loop, which serves the other conversations meanwhile.
            events = await asyncio.to_thread(self._act_in_session, dispatcher, tracker, domain)
        except SQLAlchemyError:
            logger.exception("database error in %s", self.name())
            del dispatcher.messages[said:]
            return self.on_database_error(dispatcher, tracker)
        return break_circle(dispatcher, tracker, events)

    def _act_in_session(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        with session_scope() as session:
            return self.act(session, dispatcher, tracker, domain)

    def on_database_error(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        """Apologise and offer a person; subclasses may add events."""
        dispatcher.utter_message(response="utter_database_unavailable")
        return []


# The answers on the data of the friend the customer recommended.
FRIEND_DATA_TOPICS = frozenset({"friend_data", "friend_data_removal", "friend_email_why"})


def in_friend_data_thread(tracker: Tracker) -> bool:
    """Whether the latest message goes on about the recommended friend's data
    right after an answer on them, speaking of that friend ("und wie lange
    bleibt das gespeichert?", "er will, dass das gelöscht wird"), not of the
    customer's own data."""
    text = latest_text(tracker)
    # The last two answers: "woher habt ihr die?" between keeps the thread.
    recent = [str(key).split("@")[0] for key in (tracker.get_slot("kb_answered") or [])[-2:]]
    about_friend = tracker.get_slot("kb_entry") in FRIEND_DATA_TOPICS or any(
        entry in FRIEND_DATA_TOPICS for entry in recent
    )
    return about_friend and not speaks_of_own_data(text)


def others_data_right_asked(tracker: Tracker) -> bool:
    """Whether the latest message asks a data right for someone else: named
    ("meine Mutter möchte gelöscht werden") or, right after an answer on the
    recommended friend's data, spoken of as "er" or "sie" ("sie will keine
    mails mehr von euch", "kann ich das für sie machen?")."""
    text = latest_text(tracker)
    if asks_others_data_rights(text):
        return True
    if tracker.get_slot("pending_request") == DATA_RIGHTS_REQUEST and asks_same_for_own_person(
        text
    ):
        # "geht das für meinen mann gleich mit?" while a GDPR request waits
        # for the details: his right, which he exercises himself.
        return True
    # "hannah will übrigens, dass ihre daten gelöscht werden" after the
    # status named her: her right, never filed under the customer's name.
    known_friend = bool(tracker.get_slot("status_told")) or names_someone_recommended(text)
    # "wenn meine Kollegin ihre Daten löschen lässt, krieg ich dann noch meine
    # Prämie?", "verliere ich was, wenn …?" ask what it means (for the
    # reward: friend_removal_reward), no right.
    conditional = re.search(r"\b(wenn|falls)\b", text, re.IGNORECASE) is not None
    about_reward = is_question(text) and (names_reward(text) or conditional)
    if known_friend and asks_right_for_their_data(text) and not about_reward:
        return True
    about_them = speaks_of_a_person(text) and (asks_data_right(text) or acts_for_them(text))
    return in_friend_data_thread(tracker) and about_them
