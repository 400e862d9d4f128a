"""Follow-ups that mean the same whatever the NLU made of them.

A short message after an answer ("was heißt das?", "wo wurde der
hingeschickt?", "bekomm ich da eine Bestätigung?", "den Code hab ich nicht"
after condolences) is read by the NLU as one of several intents, and each
intent has its own action. :func:`answer_follow_up` is the one table those
actions consult first, so that such a follow-up gets the same answer on
every route; it also holds what the conversation is currently about (the
last entry, whether the status was the last answer).
"""

from __future__ import annotations

import re
from datetime import date

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.base import (
    CALLBACK_ACTION,
    CALLBACK_BUTTONS,
    DATA_RIGHTS_ACTION,
    DEESCALATE_ACTION,
    ENGLISH_ACTION,
    HOW_LONG_ACTION,
    INFORM_ACTION,
    LOCKED,
    MEANING_ACTION,
    MISMATCH_RESPONSES,
    PRIVACY_INTENTS,
    REWARD_MAIL_ACTION,
    STATUS_ACTION,
    WHY_ACTION,
    Events,
    ask_new_address_again,
    bot_messages_of_last_turn,
    case_just_filed,
    case_told,
    confirms_ticket,
    conversation_program,
    details_in_message,
    gives_code_unverified,
    last_bot_response,
    last_bot_text,
    latest_text,
    names_other_program,
    offered_callback,
    repeats_lost_address,
    said_before,
    said_recommended_earlier,
    said_within_before,
    user_texts,
    verified_referrer,
    verified_referrer_id,
)
from actions.cases import (
    DATA_RIGHTS_EMAIL_ASKS,
    current_case,
    data_rights_ticket,
    masked_reply_address,
    newest_case,
    note_on_case,
    offer_callback_when,
    offer_second_check,
    old_address_after_all,
    record_and_confirm,
    tell_when_contacted,
)
from actions.empathy import condoled, condolence_follow_up
from actions.wording import (
    acts_for_other,
    asks_about_friends_advantage,
    asks_about_reply,
    asks_about_the_others,
    asks_bank_details_shown,
    asks_contact_of,
    asks_data_about,
    asks_data_request_time,
    asks_exception,
    asks_for_call,
    asks_for_confirmation,
    asks_for_copy,
    asks_for_others_status,
    asks_friends_stay,
    asks_friends_time,
    asks_full_name,
    asks_how_long_it_holds,
    asks_how_reward_is_announced,
    asks_how_to_get,
    asks_how_to_reach,
    asks_how_to_redeem,
    asks_how_told,
    asks_if_allowed,
    asks_if_never_signs,
    asks_if_nobody_there,
    asks_if_not,
    asks_in_writing,
    asks_mail_again,
    asks_meaning,
    asks_names,
    asks_number_again,
    asks_other_channel,
    asks_other_referrals,
    asks_retry,
    asks_reward_after_request,
    asks_since_when,
    asks_stored_data,
    asks_to_be_called,
    asks_to_change_details,
    asks_to_forward,
    asks_to_speed_up,
    asks_total,
    asks_what_can_be_done,
    asks_what_i_get,
    asks_what_to_prepare,
    asks_when,
    asks_when_contacted,
    asks_when_open,
    asks_where_code_is,
    asks_where_gone,
    asks_where_my_code_is,
    asks_where_other_turns,
    asks_where_sent,
    asks_where_written,
    asks_which_period,
    asks_who_recommended,
    asks_why,
    compares_pace,
    echoes_status,
    enters_new_details,
    is_question,
    mentions_code,
    names_brand_matter,
    names_mail,
    names_other_company,
    names_reward,
    new_topic_after_opener,
    objects_to_marketing,
    offers_to_type_here,
    points_at_one_referral,
    referral_position,
    says_account_changed,
    says_address_known,
    says_confused,
    says_not_arrived,
    says_only_confused,
    says_recommended_own_person,
    says_self_recommended,
    speaks_of_friend_cancelling,
    speaks_of_moving_house,
    supposes,
    takes_no_part,
    thanks_ahead,
    threatens_legal_steps,
    threatens_review,
    threatens_to_cancel,
    wants_change_made,
    wants_other_address,
    writes_english,
)
from bot.cases import ACCESS_KIND, OBJECTION_KIND
from bot.clock import today
from bot.formatting import format_date, has_iban
from bot.knowledge.entries import Entry, knowledge_base
from bot.knowledge.matcher import asked_entries, entry_matcher, question_parts
from bot.knowledge.phrases import phrase
from bot.models import Referrer
from bot.reward_mail import mailed_rewards, open_limit_case, transferred_rewards
from bot.reward_status import (
    StatusReport,
    how_long,
    since_when,
    status_meaning,
    status_report,
    total_text,
)
from bot.topics import HUMAN_BUTTON

# Asked without a topic of its own, "was bekomme ich?" means the reward.
REWARD_ENTRY = "reward_amount"
# Where the referral code is found (and how it is passed on).
CODE_WHERE_ENTRY = "how_to_recommend"
# How to change e-mail address, postal address or bank details.
CHANGE_DETAILS_ENTRY = "change_details"
WHO_RECOMMENDED_ENTRY = "who_recommended_me"
# How long the privacy team takes to answer a request on one's data.
DATA_RIGHTS_TIME_ENTRY = "data_rights_time"
# Another participant's status: only with their own code and address.
OTHERS_STATUS_ENTRY = "status_of_someone_else"
# Another participant's data rights: theirs, or with their written authority.
OTHERS_DATA_RIGHTS_ENTRY = "data_rights_for_other"
# The case for a reward transferred to an account that no longer exists.
CLOSED_ACCOUNT_RESPONSE = "utter_transfer_to_closed_account"
# Where the program's rules are written down, and what it does with data.
TERMS_ENTRY = "terms"
PRIVACY_POLICY_ENTRY = "privacy_policy"
# Topics whose rules are written in the privacy policy, not in the terms.
# Topics after which "und wer war das?" asks who recommended the customer.
_ABOUT_RECOMMENDATION = frozenset(
    {"unexpected_mail", "recommended_person_data", "friend_data", WHO_RECOMMENDED_ENTRY}
)


def last_topic(tracker: Tracker) -> Entry | None:
    """The entry the bot answered last in this conversation (slot ``kb_entry``)."""
    return knowledge_base().get(tracker.get_slot("kb_entry"))


def told_entries(tracker: Tracker) -> set[str]:
    """The entries the bot answered in this conversation (slot ``kb_answered``
    holds "entry@program" keys)."""
    return {str(key).split("@")[0] for key in tracker.get_slot("kb_answered") or []}


# How long a recommended person has to sign; how long a voucher can be redeemed.
VALIDITY_ENTRY = "validity"
WAITING_ENTRY = "waiting_period"
FRIEND_DATA_ENTRY = "friend_data"
WAITING_WHY_ENTRY = "waiting_period_why"
# A move: the postal address is not used by the program.
MOVED_ENTRY = "moved_house"
# How the customer hears that the reward is on its way.
NOTIFICATION_ENTRY = "status_notification"
VOUCHER_EXPIRY_ENTRY = "voucher_expiry"
_VOUCHER = re.compile(r"gutschein", re.IGNORECASE)


def _names_voucher_last_turn(tracker: Tracker) -> bool:
    """Whether the bot's messages since the customer's previous one named a voucher."""
    messages = bot_messages_of_last_turn(tracker)
    return any(_VOUCHER.search(str(message.get("text") or "")) for message in messages)


# The brand's customer service (for contract matters), its phone number, and
# the entries that gave that number.
BRAND_CONTACT_ENTRY = "brand_contact"
BRAND_PHONE_ENTRY = "brand_phone"
BRAND_HOURS_ENTRY = "brand_hours"
PROGRAM_CONTACT_ENTRY = "program_contact"
BRAND_ENTRIES = frozenset({BRAND_CONTACT_ENTRY, BRAND_PHONE_ENTRY, BRAND_HOURS_ENTRY})


def status_is_topic(tracker: Tracker) -> bool:
    """Whether the customer's own status was the bot's last answer (and not an
    entry of the knowledge base since)."""
    for event in reversed(tracker.events):
        if event.get("event") != "slot":
            continue
        if event.get("name") == "status_told" and event.get("value"):
            return True
        if event.get("name") == "kb_entry":
            return False
    return False


def status_among_last_answers(tracker: Tracker) -> bool:
    """Whether the customer's own status was the last answer or came in the
    bot's last turn together with an entry ("abgelehnt … Eine Empfehlung
    zählt nicht, wenn …"): "hä? er hat doch unterschrieben" objects to it."""
    if status_is_topic(tracker):
        return True
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                return False
        elif users == 1 and event.get("event") == "slot" and event.get("name") == "status_told":
            return bool(event.get("value"))
    return False


def asks_meaning_of_last_answer(tracker: Tracker) -> bool:
    """Whether the customer asks what the bot's last answer (their status or an
    entry of the knowledge base) means: "was heißt das?", "abgelaufen??"."""
    text = latest_text(tracker)
    if not asks_meaning(text):
        return False
    objects = says_confused(text) and not says_only_confused(text)
    if objects and tracker.get_slot("status_disputable"):
        # "hä? mein kumpel hat doch unterschrieben" after a refused referral:
        # an objection for the team; after "registriert" it asks what that means.
        return False
    if echoes_status(text) and tracker.get_slot("status_told"):
        # "hä? schon überwiesen?" after another answer given with the status.
        return True
    return status_is_topic(tracker) or last_topic(tracker) is not None


def _narrowed(tracker: Tracker, report: StatusReport) -> StatusReport | None:
    """``report`` narrowed to the one referral the message points at once the
    status of several was told ("ich mein die dritte", "und bei Hannah?");
    None when it points at none."""
    if not tracker.get_slot("status_told") or len(report.states) < 2:
        return None
    friends = [state.friend for state in report.states]
    place = referral_position(latest_text(tracker), friends)
    if place is not None:
        return report.about(place)
    if asks_about_the_others(latest_text(tracker)):
        # "und bei den anderen beiden?" after asking about Hannah: all but her.
        for text in reversed(user_texts(tracker)[:-1]):
            if (earlier := referral_position(text, friends)) is not None:
                return report.without(earlier)
    return None


def pointed_report(tracker: Tracker, referrer: Referrer) -> StatusReport | None:
    """The status of the one referral the message points at, or None."""
    if not tracker.get_slot("status_told"):
        return None  # no report needed to know that
    return _narrowed(tracker, status_report(referrer, today()))


def names_friend(tracker: Tracker, referrer: Referrer) -> bool:
    """Whether the message names one of the friends the status told of
    ("was muss Markus jetzt noch machen?"), also when there is only one."""
    if not tracker.get_slot("status_told"):
        return False
    states = status_report(referrer, today()).states
    return referral_position(latest_text(tracker), [state.friend for state in states]) is not None


def customer_report(tracker: Tracker, referrer: Referrer) -> StatusReport:
    """The verified customer's status for today, narrowed to one referral
    when the message points at it, so a follow-up is answered for that
    referral alone (the report is built once)."""
    # After condolences the code is the deceased's, and someone writing for
    # another person is not that person: nobody greeted by name.
    for_other = any(acts_for_other(text) for text in user_texts(tracker))
    report = status_report(referrer, today(), by_name=not (condoled(tracker) or for_other))
    return _narrowed(tracker, report) or report


def status_meaning_for(tracker: Tracker, referrer: Referrer) -> str | None:
    """What the state of the customer's referrals means and what follows from
    it ("abgelaufen heißt …"), for the referral the message points at; None
    when no state needs explaining."""
    return status_meaning(customer_report(tracker, referrer))


# The recommended friend who leaves: when that costs the referrer the reward.
FRIEND_CANCELS_OWN_ENTRY = "friend_cancels_own"


def stay_entry(tracker: Tracker) -> str:
    """The entry on how long a contract must last for the reward: the
    periods for the referrer; for the recommended friend who asks how long
    to stay ("damit mein Kollege sein Geld kriegt"), what leaving means."""
    friend = said_recommended_earlier(tracker) or says_self_recommended(latest_text(tracker))
    return FRIEND_CANCELS_OWN_ENTRY if friend else WAITING_ENTRY


def contract_deadline(tracker: Tracker, referrer: Referrer) -> tuple[str, date] | None:
    """The masked name of the friend whose referral (the one the message
    points at, else the first) still waits for a contract, and the last day
    for it; None when none does."""
    report = customer_report(tracker, referrer)
    waiting = [s for s in report.states if s.next_step == "contract" and s.due_on]
    return (waiting[0].friend, waiting[0].due_on) if waiting else None


def referrer_with_open_step(session: Session, tracker: Tracker) -> Referrer | None:
    """The verified customer when the status is the topic and a referral
    still waits for a dated step: "wie lange hat er noch Zeit?" then asks
    that date, not the program's rule."""
    if not status_is_topic(tracker):
        return None
    referrer = verified_referrer(session, tracker)
    if referrer is None:
        return None
    if how_long(customer_report(tracker, referrer), referrer.program, today()) is None:
        return None
    return referrer


def answer_how_long(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    referrer: Referrer,
    *,
    again: bool = False,
    deadline: bool = False,
    sooner: bool = False,
    todo: bool = False,
) -> Events:
    """How long until the next step of each open referral, or of the one the
    message points at (a follow-up to the status, or the status asked for a
    second time). ``deadline``: the question is by when the friend must sign,
    which the same dates answer even right after they were given. ``sooner``:
    the customer asked for it sooner ("geht das nicht schneller?"), which
    cannot be, so the dates come with that. ``todo``: the customer asked
    what they must do, which is nothing while a referral waits for a date."""
    day = today()
    message = latest_text(tracker)
    report = customer_report(tracker, referrer)
    if compares_pace(message):
        # "wieso dauert das bei ihm so lange und bei leonie gings schneller?":
        # every referral has its own dates, which are all told; a referral
        # named that is done already comes first with its state.
        full = status_report(referrer, day)
        pending = how_long(full, referrer.program, day)
        if pending is not None and len(full.states) > 1:
            named = report if len(report.states) == 1 else None
            done = named is not None and how_long(named, referrer.program, day) is None
            parts = [named.text if done else None, phrase("status.own_pace"), pending]
            text = "\n".join(part for part in parts if part)
            dispatcher.utter_message(text=text, buttons=[HUMAN_BUTTON.as_dict()])
            return [SlotSet("status_told", True)]
    since = asks_since_when(message)
    # "seit wann ist er da registriert?": the date of the current step; "…
    # und bis wann geht die noch?" in the same message: the next date, too.
    until = not since or any(
        asks_when(part) and not asks_since_when(part) for part in question_parts(message)
    )
    texts = [
        since_when(report) if since else None,
        how_long(report, referrer.program, day) if until else None,
    ]
    text = "\n".join(part for part in texts if part) or None
    if text is None and report.states and not report.refused:
        # Everything is paid or sent: "wie lange dauert so eine Überweisung?"
        # is answered by what "überwiesen" or "verschickt" means.
        text = status_meaning(report)
    if text is None:
        text = phrase("status.nothing_pending")
    elif todo and not report.refused and said_within_before(tracker, text):
        # "was muss ich jetzt tun, kann ich das beschleunigen?" once the
        # dates were told: nothing, and those dates stand; not them again.
        key = (
            "status.nothing_to_do_faster"
            if asks_to_speed_up(message)
            else "status.nothing_to_do_told"
        )
        text = phrase(key)
    elif todo and not report.refused:
        text = phrase("status.nothing_to_do") + "\n" + text
    elif sooner and report.states and all(state.next_step == "contract" for state in report.states):
        # "geht das nicht schneller?" while the friend has not signed: the
        # only thing that speeds it up is the contract; no date "stands".
        friends = ", ".join(state.friend for state in report.states if state.friend)
        text = phrase("status.sooner_by_contract", friend=friends or phrase("status.friend_any"))
    elif sooner:
        text = phrase("status.no_sooner") + "\n" + text
    elif again and not since:
        text = phrase("status.status_again") + "\n" + text
    if since and text in (last_bot_text(tracker) or ""):
        # "seit wann?" asked again: the same date, said to stand as recorded.
        text = phrase("status.since_again") + "\n" + text
    elif deadline and text in (last_bot_text(tracker) or ""):
        # "bis wann muss er das machen, damit es zählt?" right after the
        # dates: the deadline among them is the answer, not "no sooner".
        text = phrase("status.deadline_again") + "\n" + text
    elif text in (last_bot_text(tracker) or ""):
        # "und?" then "wann": the same dates asked for twice in a row (also
        # after "Gern noch einmal kurz zusammengefasst:").
        text = phrase("status.dates_unchanged")
    elif said_within_before(tracker, text):
        # "ok also nochmal kurz: wann ist mein geld da?" a few turns after
        # the same dates: said as a summary, not as if new.
        text = phrase("status.status_again") + "\n" + text
    dispatcher.utter_message(text=text, buttons=[HUMAN_BUTTON.as_dict()])
    return [SlotSet("status_told", True)]


def refuse_contact_of_others(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """ "gib mir mal die handynummer von hannah, die meldet sich nicht",
    "welche mail hat er angegeben?": no contact details of others, and what
    is stored at all; None when no one's contact details are asked for."""
    if not asks_contact_of(latest_text(tracker), _friends_on_record(session, tracker)):
        return None
    dispatcher.utter_message(response="utter_no_contact_of_others")
    return []


def change_while_verified(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """A change of details from a customer verified in this chat: a new
    postal address only is not needed (``moved_house``); a new e-mail given or
    the change asked for is filed for the team at once; asked how, it is
    offered, never the request for code and e-mail again. None otherwise."""
    text = latest_text(tracker)
    moving = speaks_of_moving_house(text)
    _, new_email = details_in_message(tracker)
    wants = wants_change_made(text)
    # "kann ich ihnen die neue geben? DE89…": new bank details typed in, also
    # right after a case on a missing transfer (masked on the ticket).
    new_iban = has_iban(text)
    if not (asks_to_change_details(text) or moving or (new_email and wants) or new_iban):
        return None
    if (case_just_filed(tracker) and not new_iban) or verified_referrer_id(
        session, tracker
    ) is None:
        return None
    if moving:
        return _answer(session, dispatcher, tracker, MOVED_ENTRY)
    if new_iban and transferred_to(session, tracker) is not None:
        # A new account after a transfer: the payment is checked with it.
        return account_changed(session, dispatcher, tracker)
    if new_email or wants or new_iban:
        return [SlotSet("kb_entry", CHANGE_DETAILS_ENTRY), FollowupAction(DATA_RIGHTS_ACTION)]
    dispatcher.utter_message(response="utter_change_offer_verified")
    return []


def own_records_follow_up(session: Session, tracker: Tracker) -> str | None:
    """The action for a follow-up on the verified customer's own records:
    "kannst du den einfach nochmal schicken?" (the reward mail) or "wie
    heißen die nochmal?" after the status (the status again, which names
    each referral)."""
    text = latest_text(tracker)
    if asks_about_friends_advantage(text):
        # "leonie meinte sie hat ihr startguthaben noch nicht bekommen" asks
        # about her own advantage (the knowledge base), not about the
        # referral's reward, however its words point at it.
        return None
    if asks_mail_again(text) and verified_referrer_id(session, tracker) is not None:
        return REWARD_MAIL_ACTION
    if asks_names(text) and status_is_topic(tracker):
        return STATUS_ACTION
    referrer = verified_referrer(session, tracker)
    # "bei hannah dauert das ewig, kann man das beschleunigen?" asks whether
    # it can go faster (the entry), not her status once more.
    # "hannah kündigt vielleicht wieder, krieg ich dann trotzdem was?" asks
    # the rule on a friend who cancels.
    pointed = not (
        asks_why(text)
        or asks_if_allowed(text)
        or asks_to_speed_up(text)
        or asks_how_to_redeem(text)
        or (speaks_of_friend_cancelling(text) and is_question(text))
    )
    if referrer is not None and pointed and pointed_report(tracker, referrer):
        # "ich mein die dritte", "und für die erste?" after the status of
        # several referrals: that one referral's status.
        return STATUS_ACTION
    if status_is_topic(tracker) and asks_why(text) and points_at_one_referral(text):
        # "und warum ist bei dem einen noch gar nix passiert?" after the
        # status of several referrals: the reason for that one's step, not a
        # complaint to record.
        return WHY_ACTION
    if status_is_topic(tracker) and asks_other_referrals(text) and not asks_why(text):
        # "und die anderen zwei, die ich geworben hab?" after the status:
        # the customer's own referrals, each with its next date.
        return HOW_LONG_ACTION
    told = status_is_topic(tracker) or bool(tracker.get_slot("status_told"))
    if told and (asks_where_sent(text) or says_not_arrived(text)):
        # "an welche Adresse habt ihr das geschickt?", "alle Umsätze
        # durchgeschaut, da ist nichts" after the status (also some turns
        # later, the status told in this conversation): the reward mail with
        # its (masked) address, or for money a case for the team to check.
        return REWARD_MAIL_ACTION
    return None


def thanks_ahead_for_callback(tracker: Tracker) -> bool:
    """Whether a question with thanks answers the offer of an e-mail reply
    ("wann seid ihr wieder da und meldet ihr euch dann? danke schonmal"):
    thanks in advance, so a yes."""
    text = latest_text(tracker)
    if not (offered_callback(tracker) and thanks_ahead(text)):
        return False
    # "danke! ach eins noch: zahlt ihr das bar aus?", "vielen dank. kann ich
    # meine nichte nochmal empfehlen?" thank and ask on about something else.
    if asks_about_reply(text):
        return True
    if new_topic_after_opener(text) is not None:
        return False
    return not asked_entries(entry_matcher(), text)


def transferred_to(session: Session, tracker: Tracker) -> Referrer | None:
    """The verified customer, when they were told in this conversation that
    their reward was transferred (to the account on file)."""
    if not tracker.get_slot("status_told"):
        return None
    referrer = verified_referrer(session, tracker)
    return referrer if referrer is not None and transferred_rewards(referrer) else None


# "und wenn nicht?" after an entry that names a condition: the entry on
# what happens when it is not met.
_IF_NOT_OF = {
    "friend_asks_referrer_reward": "friend_code_missing",
    "referred_friend": "friend_code_missing",
}


def _friends_on_record(session: Session, tracker: Tracker) -> list[str]:
    """The masked names of the verified customer's referrals, as the status
    shows them; none before the status was told."""
    if not tracker.get_slot("status_told"):
        return []
    referrer = verified_referrer(session, tracker)
    if referrer is None:
        return []
    return [state.friend for state in status_report(referrer, today()).states if state.friend]


def bank_details_not_shown(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events | None:
    """ "… sowie die vollständige IBAN, auf die der Betrag gebucht wurde?"
    after the status: the bank details are never shown in the chat."""
    if not (tracker.get_slot("status_told") and asks_bank_details_shown(latest_text(tracker))):
        return None
    dispatcher.utter_message(response="utter_no_bank_details_in_chat")
    return []


def brand_matter_not_passed_on(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """ "das ist mir zu umständlich, können sie das nicht intern
    weiterleiten?" once the brand's service was named: why only the brand can,
    in other words (the entry's second answer); None for any other message."""
    text = latest_text(tracker)
    if not asks_to_forward(text) or names_mail(text):
        return None
    if BRAND_CONTACT_ENTRY not in told_entries(tracker):
        return None
    return _answer(session, dispatcher, tracker, BRAND_CONTACT_ENTRY)


# "sie hat den code", "er ist nicht da": the other person spoken of.
_THIRD_PERSON = re.compile(
    r"\b(hat|ist|is|kann|muss)\s+(sie|er)\b|\b(sie|er)\s+(hat|ist|is)\b|\b(ihm|ihn)\b"
    # "die kommt mit dem chat nicht klar, kann ich das nicht für sie machen?"
    r"|\b(die|der|sie|er)\s+(kommt|kann|schafft|versteht)\b|\bf(ü|ue|u)r\s+sie\s+(\w+\s+){0,2}"
    r"(machen|erledigen|übernehmen|uebernehmen|beantragen|fragen)\b",
    re.IGNORECASE,
)


def others_status_again(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """ "den code hat sie, ich nicht. sie is grad beim arbeiten" right after
    another person's status or data rights were declined ("sie hat aber kein
    internet"): that rule in other words; None for any other message."""
    topic = last_topic(tracker)
    if topic is None or topic.id not in (OTHERS_STATUS_ENTRY, OTHERS_DATA_RIGHTS_ENTRY):
        return None
    if _THIRD_PERSON.search(latest_text(tracker)) is None:
        return None
    return _answer(session, dispatcher, tracker, topic.id)


def voucher_holds(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """ "und wie lange gilt der dann?" right after answers that named the
    voucher: how long it can be redeemed (not the timeline, which "wie
    lange" alone would get); None for any other message."""
    if not (asks_how_long_it_holds(latest_text(tracker)) and _names_voucher_last_turn(tracker)):
        return None
    return _answer(session, dispatcher, tracker, VOUCHER_EXPIRY_ENTRY)


def change_under_way(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """ "wie kann ich meine email adresse denn dann ändern?" once a new
    address went to the team: that is the change, under its number; None
    otherwise."""
    if not asks_to_change_details(latest_text(tracker)) or has_iban(latest_text(tracker)):
        return None
    case = newest_case(session, tracker.sender_id)
    if case is None or not said_before(tracker, "utter_address_check_ticket"):
        return None
    number, due = case
    dispatcher.utter_message(
        response="utter_change_with_address_check", case_id=number, due=format_date(due)
    )
    return []


def answer_total(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """ "und wie viel ist das dann insgesamt?" after the status of several
    referrals: what they come to (``total_text``); None otherwise."""
    if not (tracker.get_slot("status_told") and asks_total(latest_text(tracker))):
        return None
    referrer = verified_referrer(session, tracker)
    if referrer is None:
        return None
    text = total_text(status_report(referrer, today()), referrer.program)
    if text is None:
        return None
    dispatcher.utter_message(text=text, buttons=[HUMAN_BUTTON.as_dict()])
    return []


def answer_follow_up(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """Answer a follow-up whose meaning does not depend on its intent; the
    events to return, or None when the message is no such follow-up.

    In order: code and e-mail given with the question (verified, then
    answered), a message in English (the answers in English), a lawyer, the
    press or an authority named (de-escalated),
    what the last answer means ("was heißt zurückgekommen? die
    Adresse stimmt doch"), the new address for a bounced reward mail asked
    again ("die Mailadresse gibt es nicht mehr"), the confirmation right
    after a ticket (its number), the formalities after condolences (a person
    settles them, never the request for the code), and the customer's own
    records (the reward mail again, where it went, the names of referrals,
    one of several referrals), an exception asked after a refused referral,
    when a person gets in touch, what the customer gets, how long a data
    request takes, who recommended them, and a changed bank account; also
    the old address wanted after all for a bounced reward mail, the bank
    details asked to be shown, an exception from a rule, a contract matter
    asked to be passed on to the brand, and how to get hold of the reward.
    """
    if gives_code_unverified(tracker):
        # Code and e-mail with a question, read as some topic: verified and
        # answered from the customer's records; to the offer of an e-mail
        # reply ("dann meldet euch halt per mail, SSE-… …@…"), that reply.
        return [FollowupAction(CALLBACK_ACTION if offered_callback(tracker) else INFORM_ACTION)]
    if (events := old_address_after_all(session, dispatcher, tracker)) is not None:
        # "ach nein, doch an die alte adresse, das postfach war nur voll".
        return events
    if (events := answer_total(session, dispatcher, tracker)) is not None:
        return events
    if (events := change_under_way(session, dispatcher, tracker)) is not None:
        return events
    other_company = names_other_company(latest_text(tracker))
    if other_company and (program := conversation_program(session, tracker)) is not None:
        # "ich hab auch noch ne empfehlung bei eon offen, könnt ihr da
        # schauen?": only this program is seen here; the other company's own
        # service knows that one.
        dispatcher.utter_message(response="utter_other_company", brand=program.brand)
        return []
    text = latest_text(tracker)
    if asks_other_channel(text) and not asks_how_reward_is_announced(text):
        # "geht das auch per sms?", "kann ich euch bei whatsapp schreiben":
        # neither; the reward and the team's answers come by e-mail.
        dispatcher.utter_message(response="utter_no_other_channel")
        return []
    if tracker.get_slot("verification") == LOCKED and asks_retry(latest_text(tracker)):
        # "wie lang muss ich warten bis ichs nochmal probieren kann" after the
        # lock: not in this chat; later in a new one, or a person now.
        dispatcher.utter_message(response="utter_verification_locked_retry")
        return []
    if (events := note_on_case(session, dispatcher, tracker)) is not None:
        # "ja bitte, und schreib rein dass es im shop war" once this
        # conversation's case is with the team: added to that case.
        return events
    if (events := brand_matter_not_passed_on(session, dispatcher, tracker)) is not None:
        return events
    if (events := others_status_again(session, dispatcher, tracker)) is not None:
        return events
    if writes_english(latest_text(tracker)):
        # "why so long??", "ok so what happens next?": read by the German NLU
        # as some topic, answered in English where an entry can.
        return [FollowupAction(ENGLISH_ACTION)]
    text = latest_text(tracker)
    if threatens_legal_steps(text) or threatens_to_cancel(text) or threatens_review(text):
        # "das ist ein datenschutzverstoß, ich geh damit zur presse", read as
        # a question on data; "wenn ich die prämie nicht kriege kündige ich
        # meinen vertrag", read as one on the rules: a threat, heard calmly.
        return [FollowupAction(DEESCALATE_ACTION)]
    asks_reward = asks_reward_after_request(text)
    started = any(said_before(tracker, response) for response in DATA_RIGHTS_EMAIL_ASKS)
    # Read only for a message that may concern a request (the records are
    # not touched for every follow-up).
    filed = (
        data_rights_ticket(session, tracker.sender_id)
        if asks_reward or asks_for_copy(text)
        else None
    )
    if filed is not None and asks_for_copy(text) and filed.details.startswith(ACCESS_KIND):
        # "Kann ich davon eine Kopie bekommen?" once access was requested:
        # the answer to the request is that copy.
        dispatcher.utter_message(
            response="utter_data_copy_in_request",
            ticket_id=filed.id,
            due=format_date(filed.due_on),
            email=masked_reply_address(filed),
        )
        return []
    if asks_reward and filed is not None and filed.details.startswith(OBJECTION_KIND):
        # "Bekomme ich meine Prämie dann trotzdem noch?" after an objection to
        # advertising: it keeps the reward; no word of what a deletion does.
        dispatcher.utter_message(response="utter_objection_keeps_reward", case_id=filed.id)
        return []
    if asks_reward and (started or filed is not None):
        # "Was geschieht mit dieser Prämie, wenn Sie meine Daten löschen?"
        # after the request was filed or its address asked for: what it does
        # to a reward (the recommended friend's own version).
        return _answer(session, dispatcher, tracker, DELETION_REWARD_ENTRY)
    if (
        objects_to_marketing(text)
        and not is_question(text)
        and not said_recommended_earlier(tracker)
    ):
        # "Die Werbung aber bitte sofort einstellen", whatever the NLU read:
        # the objection, filed or added to the request of this conversation
        # (the recommended friend, who has no code, gets their own way).
        return [FollowupAction(DATA_RIGHTS_ACTION)]
    asked_address = last_bot_response(tracker) in DATA_RIGHTS_EMAIL_ASKS
    if asked_address and names_reward(text) and not details_in_message(tracker)[1]:
        # "ach nee warte, dann krieg ich meine prämie ja nicht mehr oder?"
        # when the address for a deletion is asked: what it does to a reward
        # (the recommended friend's own version).
        return _answer(session, dispatcher, tracker, DELETION_REWARD_ENTRY)
    if asked_address and details_in_message(tracker)[1]:
        # "brauch ich da nen code? hab ich nicht. meine mail ist …@…, da kam
        # das hin" when the address for the request was asked: that address.
        return [FollowupAction(INFORM_ACTION)]
    no_code = mentions_code(text) or takes_no_part(text) or says_self_recommended(text)
    if asked_address and no_code and not details_in_message(tracker)[1]:
        # "nen code hab ich nicht, ich bin ja kein kunde" when asked for the
        # address our mail went to: no code is needed, the address is.
        dispatcher.utter_message(response="utter_ask_data_rights_email_again")
        return []
    if asks_full_name(text) and _friends_on_record(session, tracker):
        # "wie heißt der eigentlich mit nachnamen, ich kenn zwei markusse"
        # after the status: the chat shows friends' names only shortened.
        dispatcher.utter_message(response="utter_no_full_name_of_others")
        return []
    referrer = verified_referrer(session, tracker) if tracker.get_slot("status_told") else None
    if referrer is not None and wants_other_address(text) and _limit_case_open(session, referrer):
        # "kann ich die mail auf meine arbeitsadresse umstellen?" once the
        # case at the resend limit is with the team: that case, and how
        # another address is handled.
        return [FollowupAction(REWARD_MAIL_ACTION)]
    others = asks_about_the_others(text) or asks_where_gone(text)
    if referrer is not None and others and pointed_report(tracker, referrer):
        # "die von leonie, wo is die hin?" after the status: that referral's
        # reward as the records hold it, not the friends' contact details;
        # "und bei den anderen beiden?": the status of the others.
        return [FollowupAction(STATUS_ACTION)]
    if (events := refuse_contact_of_others(session, dispatcher, tracker)) is not None:
        return events
    unknown = referrer is not None and says_recommended_own_person(text)
    elsewhere = names_other_program(tracker, tracker.get_slot("program"))
    if unknown and not names_friend(tracker, referrer) and not elsewhere:
        # "und meinen mann hab ich letzte woche auch geworben, zählt der?"
        # after the status: he is not on record (yet), and when he would be.
        friends = ", ".join(_friends_on_record(session, tracker))
        dispatcher.utter_message(
            response="utter_referral_not_on_record",
            friends=friends,
            buttons=[HUMAN_BUTTON.as_dict()],
        )
        return []
    if offered_callback(tracker) and asks_what_to_prepare(text):
        # "was muss ich dem dann sagen bzw. bereithalten?" to the offer of an
        # e-mail reply: nothing special, and the offer again.
        dispatcher.utter_message(
            response="utter_callback_what_to_prepare", buttons=CALLBACK_BUTTONS
        )
        return []
    wants_call = asks_to_be_called(text) or (offered_callback(tracker) and asks_for_call(text))
    if wants_call and not names_brand_matter(text):
        # "ok passt. dann ruft mich halt morgen an", "gibts keine hotline wo
        # ich anrufen kann?" to the offer of an e-mail reply: no phone line,
        # the team writes; when, and the offer of that reply.
        return offer_callback_when(dispatcher, tracker)
    topic = last_topic(tracker)
    if asks_if_not(text) and topic is not None and topic.id in _IF_NOT_OF:
        # "und wenn nicht?" after what the recommended friend needs: what if
        # the code was not given at signing.
        return _answer(session, dispatcher, tracker, _IF_NOT_OF[topic.id])
    about_reply = asks_about_reply(text) and not thanks_ahead_for_callback(tracker)
    if offered_callback(tracker) and about_reply and not names_reward(text):
        # "heute noch oder was? und wie, ruft ihr an?" to the offer of an
        # e-mail reply: when (and that it is by e-mail), the offer again.
        return offer_callback_when(dispatcher, tracker)
    if asks_if_never_signs(text) and verified_referrer_id(session, tracker) is not None:
        # "er hat gesagt, dass er doch nicht abschließt. was heißt das für
        # meine prämie?" after the status: a referral runs out without a
        # contract (and another may be recommended), not what "registriert"
        # means.
        return _answer(session, dispatcher, tracker, VALIDITY_ENTRY)
    if asks_meaning_of_last_answer(tracker):
        return [FollowupAction(MEANING_ACTION)]
    if repeats_lost_address(tracker):
        return ask_new_address_again(dispatcher)
    last_said = last_bot_response(tracker)
    just_mismatched = last_said in MISMATCH_RESPONSES and last_said != "utter_mismatch_unclear"
    if just_mismatched and not is_question(latest_text(tracker)):
        # "doch der code stimmt, hab ich direkt aus der mail abgeschrieben"
        # right after code and address did not match: what else may be
        # wrong, and a person.
        dispatcher.utter_message(
            response="utter_mismatch_unclear", buttons=[HUMAN_BUTTON.as_dict()]
        )
        return []
    if confirms_ticket(dispatcher, tracker):
        return []
    if condolence_follow_up(dispatcher, tracker):
        return []
    if (events := change_while_verified(session, dispatcher, tracker)) is not None:
        return events
    # "und wenn das Geld schon auf dem alten Konto ist?" asks what happens
    # then, not how details are changed.
    change_asked = asks_to_change_details(latest_text(tracker)) and not supposes(
        latest_text(tracker)
    )
    if change_asked and case_just_filed(tracker):
        # "und wie kann ich meine neue bankverbindung hinterlegen?" right
        # after the change went to the team as a case: that case, its date.
        return tell_when_contacted(session, dispatcher, tracker)
    if change_asked and tracker.get_slot("status_told"):
        # "ich krieg ne neue mailadresse, wie änder ich die bei euch?" after
        # the status: how details on file are changed, not the dates again.
        return _answer(session, dispatcher, tracker, CHANGE_DETAILS_ENTRY)
    if asks_how_reward_is_announced(latest_text(tracker)) and not case_told(tracker):
        # "bekomm ich ne sms wenn die prämie für maximilian da ist?": how the
        # customer hears of it (by e-mail), not that referral's status again.
        return _answer(session, dispatcher, tracker, NOTIFICATION_ENTRY)
    if (action := own_records_follow_up(session, tracker)) is not None:
        return [FollowupAction(action)]
    against = asks_exception(latest_text(tracker)) or asks_what_can_be_done(latest_text(tracker))
    referrer = verified_referrer(session, tracker) if against else None
    if referrer is not None and status_report(referrer, today()).refused:
        # "kann da nicht jemand ne ausnahme machen?", "kann ich da was dagegen
        # machen?" after a refused referral: no exception promised, but the
        # team checks the case once more (or already does).
        return offer_second_check(session, dispatcher, tracker)
    if says_account_changed(latest_text(tracker)) and transferred_to(session, tracker):
        # "auf welches konto habt ihr das geschickt? hab letztes jahr die bank
        # gewechselt" after the transfer: the payment checked by the team,
        # not only that the account is not shown here.
        return account_changed(session, dispatcher, tracker)
    if (events := bank_details_not_shown(dispatcher, tracker)) is not None:
        return events
    if asks_how_to_get(latest_text(tracker)):
        if tracker.get_slot("resend_reward"):
            # "na gut, dann doch den Gutschein. aber wie komme ich jetzt dran?"
            # after the offer to resend (or of the team at the limit): the mail
            # and that offer again.
            return [FollowupAction(REWARD_MAIL_ACTION)]
        case = current_case(session, tracker) if verified_referrer_id(session, tracker) else None
        if case is not None:
            # "wie komm ich jetzt an meinen gutschein?" once the team has the
            # case: that case brings the reward, with its number and date.
            number, due = case
            dispatcher.utter_message(
                response="utter_case_brings_reward", case_id=number, due=format_date(due)
            )
            return []
    if asks_exception(latest_text(tracker)) and last_topic(tracker) is not None:
        # "gibts da keine ausnahme?" right after a rule (no cash, the same
        # reward for all): none, and a person if the case is special.
        dispatcher.utter_message(response="utter_no_exception", buttons=[HUMAN_BUTTON.as_dict()])
        return []
    if asks_when_contacted(latest_text(tracker)):
        if last_bot_response(tracker) in DATA_RIGHTS_EMAIL_ASKS:
            # "und wann krieg ich bescheid?" while the address for a data
            # request is asked: the privacy team's deadline, the address still wanted.
            dispatcher.utter_message(response="utter_data_rights_time_then_email")
            return []
        # "und wann meldet sich jemand?": the case and its date, or nobody yet.
        return tell_when_contacted(session, dispatcher, tracker)
    if asks_how_told(latest_text(tracker)) and current_case(session, tracker):
        # "ok. und wie erfahr ich, ob das geld wieder da ist?" after a case
        # went to the team: the case, its date and where the answer goes.
        return tell_when_contacted(session, dispatcher, tracker)
    text = latest_text(tracker)
    if asks_what_i_get(text):
        # "und was genau bekomme ich dann?": the reward of whoever asks (the
        # recommended friend's own bonus), not the next step of the last topic.
        return _answer(session, dispatcher, tracker, REWARD_ENTRY)
    if asks_friends_time(text):
        if (referrer := referrer_with_open_step(session, tracker)) is not None:
            # "wie viel zeit bleibt ihm noch?" after a referral still open:
            # that friend's own date.
            return answer_how_long(dispatcher, tracker, referrer, deadline=True)
        # "und wie lang hat sie diesmal zeit?" after an expired referral: the
        # time a recommendation stays valid, not the customer's next dates.
        return _answer(session, dispatcher, tracker, VALIDITY_ENTRY)
    # The status is looked up for the friends' names only when data are asked.
    if asks_stored_data(text) and asks_data_about(text, _friends_on_record(session, tracker)):
        # "was speichert ihr eigentlich alles über dieter?" after the status:
        # what is kept about the recommended person, not about the customer.
        return _answer(session, dispatcher, tracker, FRIEND_DATA_ENTRY)
    if asks_which_period(text) and status_is_topic(tracker):
        # "Welche Frist denn? Davon wusste ich nichts. Wo steht das?" after an
        # expired referral: how long a recommendation holds, with the terms;
        # after the waiting period named in the status: why it exists.
        expired = "abgelaufen" in (last_bot_text(tracker) or "")
        return _answer(
            session, dispatcher, tracker, VALIDITY_ENTRY if expired else WAITING_WHY_ENTRY
        )
    if asks_friends_stay(text):
        # "wie lange muss der nächste denn drinbleiben, damit es zählt?": the
        # periods the friend's contract must last, even while a case is open.
        return _answer(session, dispatcher, tracker, stay_entry(tracker))
    if (events := voucher_holds(session, dispatcher, tracker)) is not None:
        return events
    if asks_number_again(text) and BRAND_ENTRIES & told_entries(tracker):
        # "und die nummer für die scheibe nochmal bitte" after the status,
        # when the brand's service was the topic before.
        return _answer(session, dispatcher, tracker, BRAND_PHONE_ENTRY)
    topic = last_topic(tracker)
    if asks_where_other_turns(text) and not (topic is not None and topic.id in BRAND_ENTRIES):
        # "ok und an wen soll sie sich wenden?" after what the referrer alone
        # may see: the program's own service (in the chat or by e-mail).
        return _answer(session, dispatcher, tracker, PROGRAM_CONTACT_ENTRY)
    if asks_when_open(text) and topic is not None and topic.id in BRAND_ENTRIES:
        # "und wann sind die erreichbar?", "die haben auch schon zu oder?"
        # right after the brand's customer service was named: its hours.
        return _answer(session, dispatcher, tracker, BRAND_HOURS_ENTRY)
    if asks_how_to_reach(text) and topic is not None and topic.id in BRAND_ENTRIES:
        # "wie erreiche ich die?" right after the brand's customer service
        # was named: its phone number and contact page.
        return _answer(session, dispatcher, tracker, BRAND_PHONE_ENTRY)
    if asks_where_written(text) and topic is not None:
        # "wo genau steht das?" after whom one may recommend: the terms; after
        # what is stored about the customer, the privacy policy.
        privacy = topic.intent in PRIVACY_INTENTS
        return _answer(
            session, dispatcher, tracker, PRIVACY_POLICY_ENTRY if privacy else TERMS_ENTRY
        )
    if asks_for_others_status(text):
        # "kannst du auch bei meinem Mann gucken?": not without his own details.
        return _answer(session, dispatcher, tracker, OTHERS_STATUS_ENTRY)
    if asks_if_nobody_there(text) and offered_callback(tracker):
        # "und wenn gerade keiner da ist, was dann" to the offer of an
        # e-mail reply: when the team writes, and the offer again.
        return offer_callback_when(dispatcher, tracker)
    if thanks_ahead_for_callback(tracker):
        return [FollowupAction(CALLBACK_ACTION)]
    if says_address_known(text) and offered_callback(tracker):
        # "meine mail habt ihr ja eh" to the offer of an e-mail reply: a yes.
        return [FollowupAction(CALLBACK_ACTION)]
    about_reward = status_is_topic(tracker) or tracker.get_slot("resend_reward")
    if (asks_where_code_is(text) or asks_where_my_code_is(text)) and not about_reward:
        # "wo is mein empfehlungskode, in welcher mail steht der": where to
        # find it, whatever the NLU made of the typo (after the status, "wo
        # ist mein code?" means the reward's).
        return _answer(session, dispatcher, tracker, CODE_WHERE_ENTRY)
    confirmation = asks_for_confirmation(text) and not asks_in_writing(text)
    if confirmation and data_rights_ticket(session, tracker.sender_id):
        # "ok. und bekomme ich da eine bestätigung?" after a GDPR request:
        # its number, its deadline and where the answer goes.
        return [FollowupAction(HOW_LONG_ACTION)]
    if asks_data_request_time(text):
        # "wann ist die löschung durch?": the deadline of a data request (its
        # ticket's date when one was filed), not the reward's timeline.
        return [FollowupAction(HOW_LONG_ACTION)]
    topic = last_topic(tracker)
    if asks_who_recommended(text, topic is not None and topic.id in _ABOUT_RECOMMENDATION):
        # "dann will ich wissen wer das war" after the unexpected mail.
        return _answer(session, dispatcher, tracker, WHO_RECOMMENDED_ENTRY)
    if topic is not None and topic.id == CHANGE_DETAILS_ENTRY and offers_to_type_here(text):
        # "kann ich dir die nicht einfach hier reinschreiben?": not from the
        # chat; the change goes to the team as a request (the entry's button).
        dispatcher.utter_message(
            response="utter_new_details_not_in_chat",
            buttons=[*topic.buttons, HUMAN_BUTTON.as_dict()],
        )
        return []
    if says_account_changed(text):
        return account_changed(session, dispatcher, tracker)
    return None


def _limit_case_open(session: Session, referrer: Referrer) -> bool:
    """Whether a reward mail of ``referrer`` went to the team at its resend limit."""
    return any(open_limit_case(session, reward) for reward in mailed_rewards(referrer))


def account_changed(session: Session, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
    """The customer's bank account changed or was closed ("ich hab letztes
    jahr die bank gewechselt"): after a transfer, a case for the team; else
    how bank details are changed."""
    if (referrer := transferred_to(session, tracker)) is not None:
        closed_told = said_before(tracker, CLOSED_ACCOUNT_RESPONSE)
        case = current_case(session, tracker)
        if closed_told and has_iban(latest_text(tracker)) and case is not None:
            # "kann ich ihnen die neue iban einfach hier reinschreiben? DE…"
            # once the closed account is with the team: not taken from the
            # chat; the team confirms it with the customer in that case.
            number, due = case
            dispatcher.utter_message(
                response="utter_iban_with_case", case_id=number, due=format_date(due)
            )
            return []
        if closed_told:
            # "kümmert sich da jetzt jemand drum, wegen dem alten Konto?": the
            # case filed already, with its date; not a second one.
            return tell_when_contacted(session, dispatcher, tracker)
        # "das alte Konto gibts aber nicht mehr!" after "überwiesen": the
        # payment needs checking, and the new account comes with it.
        record_and_confirm(session, dispatcher, tracker, referrer.id, CLOSED_ACCOUNT_RESPONSE)
        return []
    text = latest_text(tracker)
    if enters_new_details(text) and not supposes(text):
        # "bank gewechselt, wie hinterlege ich die neue iban?": how bank
        # details are changed, with the team.
        return _answer(session, dispatcher, tracker, CHANGE_DETAILS_ENTRY)
    # "mist, ich hab letztes jahr die bank gewechselt, geht die prämie aufs
    # alte konto?": where the reward goes now (a voucher by mail; cash after
    # a change the team confirms, or back from a closed account).
    return _answer(session, dispatcher, tracker, BANK_CHANGED_ENTRY)


DELETION_REWARD_ENTRY = "deletion_reward"
BANK_CHANGED_ENTRY = "bank_changed"


def _answer(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker, entry_id: str
) -> Events | None:
    """The entry ``entry_id`` as the customer should hear it (the recommended
    friend's version where there is one)."""
    # actions.knowledge consults the table above, hence the import here.
    from actions.knowledge import answer_entry, for_the_customer

    base = knowledge_base()
    entry = for_the_customer(base, tracker, base.get(entry_id))
    return answer_entry(session, dispatcher, tracker, entry) if entry else None
