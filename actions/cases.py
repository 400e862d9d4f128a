"""Requests that become cases people work on (GDPR requests, complaints,
all tickets with one sequence of numbers), and what the customer asks about
them later: when the answer comes, where it goes, what became of a case
brought to the team in an earlier chat."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.base import (
    ANSWER_ACTION,
    CALLBACK_ACTION,
    CALLBACK_BUTTONS,
    CASE_NOTE_ACTION,
    CASE_STATUS_ACTION,
    CASE_STATUS_REQUEST,
    CLARIFY_ACTION,
    DATA_RIGHTS_ACTION,
    DATA_RIGHTS_REQUEST,
    DISPUTE_ACTION,
    HOW_LONG_ACTION,
    VERIFICATION_FORM,
    DatabaseAction,
    Events,
    case_just_filed,
    conversation_program,
    details_in_message,
    last_bot_response,
    last_offer_was,
    latest_confidence,
    latest_intent,
    latest_text,
    offered_callback,
    offered_callback_before,
    others_data_right_asked,
    said_before,
    user_texts,
    verified_referrer,
    verified_referrer_id,
)
from actions.wording import (
    asks_about_earlier_case,
    asks_bare_number_again,
    asks_case_number,
    asks_code_shown,
    asks_for_call,
    asks_for_mail_reply,
    asks_for_person,
    asks_goodwill,
    asks_if_case_open,
    asks_mail_again,
    asks_meaning,
    asks_reward_after_request,
    asks_stored_data,
    asks_to_add_note,
    asks_to_be_called,
    asks_when,
    asks_where_reply_goes,
    asks_where_written,
    asks_who_handles,
    asks_why,
    compares_pace,
    contests_decision,
    finds_online_hard,
    is_question,
    names_own_data,
    names_reward,
    names_sending,
    new_topic_after_opener,
    objects_to_marketing,
    orders_deletion,
    points_at_one_referral,
    referral_position,
    says_not_arrived,
    says_settled,
    takes_leave,
    wants_old_address_fixed,
    wants_sent_to_other,
)
from bot import handoff as handoffs
from bot.cases import (
    ACCESS_KIND,
    CHANGE_CONFIRM_WORKDAYS,
    CHANGE_KIND,
    DATA_RIGHTS_DAYS,
    OVERDUE_REPLY_WORKDAYS,
    UNSPECIFIED_DATA_RIGHTS,
    add_to_ticket,
    add_workdays,
    data_rights_kind,
    open_ticket,
    record_complaint,
)
from bot.cases import (
    reply_address as ticket_reply_address,
)
from bot.clock import today
from bot.formatting import EMAIL_IN_TEXT, format_date, has_iban, mask_email, mask_name
from bot.knowledge.phrases import phrase
from bot.models import CaseState, Referrer, Reward, Ticket, TicketKind
from bot.referral_code import find_codes, without_codes
from bot.reward_mail import mailed_rewards, resend_limit_reached
from bot.topics import COMPLAINT_BUTTON, HUMAN_BUTTON


def request_text(tracker: Tracker, intent: str) -> str:
    """The customer's words when they made the request (before verification):
    the message read as ``intent``, else the last one that was more than code
    and e-mail address ("meine IBAN hat sich geändert", then the details)."""
    words: str | None = None
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        text = str(event.get("text") or "")
        if text.startswith("/"):
            # A button the bot pressed for the customer: their words came before.
            continue
        if (event.get("parse_data") or {}).get("intent", {}).get("name") == intent:
            return text
        if words is None and not find_codes(text) and "@" not in text:
            words = text
        elif words is None and len(_beside_details(text).split()) >= _REQUEST_WORDS:
            # "… auf meinem Konto ist aber nichts. Mein Code ist ASV-…": the
            # words beside the details are the request.
            words = _beside_details(text)
    return words or latest_text(tracker)


# A message with code or address says what it wants in this many more words.
_REQUEST_WORDS = 5


def _beside_details(text: str) -> str:
    """The words of ``text`` without codes and e-mail addresses."""
    return " ".join(EMAIL_IN_TEXT.sub(" ", without_codes(text)).split())


def masked_reply_address(ticket: Ticket) -> str:
    """Where the team answers a ticket (``bot.cases.reply_address``), masked."""
    address = ticket_reply_address(ticket)
    return mask_email(address) if address else phrase("status.address_on_file")


def data_rights_ticket(session: Session, conversation_id: str) -> Ticket | None:
    """The newest GDPR ticket opened in this conversation."""
    query = (
        select(Ticket)
        .where(Ticket.conversation_id == conversation_id, Ticket.kind == TicketKind.DATA_RIGHTS)
        .order_by(Ticket.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def _newest(session: Session, conversation_id: str, only_open: bool = False) -> Ticket | None:
    """The newest case opened in this conversation (a complaint, an
    objection, a ticket), or the newest still open."""
    query = select(Ticket).where(Ticket.conversation_id == conversation_id)
    if only_open:
        query = query.where(Ticket.state != CaseState.DONE)
    return session.scalars(query.order_by(Ticket.id.desc()).limit(1)).first()


def add_to_newest_case(
    session: Session, conversation_id: str, text: str
) -> tuple[int, date] | None:
    """Add ``text`` to the newest open case of this conversation (a complaint
    or objection, or a ticket): its number and reply date, or None."""
    case = _newest(session, conversation_id, only_open=True)
    if case is None:
        return None
    add_to_ticket(case, text)
    return case.id, case.due_on


def newest_case(
    session: Session, conversation_id: str, referrer_id: int | None = None
) -> tuple[int, date] | None:
    """The number and reply date of the newest case opened in this
    conversation: a complaint or objection, or a ticket (a new address to
    confirm, a GDPR request); with ``referrer_id``, also the verified
    customer's open ticket that this conversation added to (an address check
    opened in an earlier chat and named again now)."""
    case = _newest(session, conversation_id)
    if case is None and referrer_id is not None:
        case = session.scalars(
            select(Ticket)
            .where(Ticket.referrer_id == referrer_id, Ticket.state != CaseState.DONE)
            .order_by(Ticket.id.desc())
            .limit(1)
        ).first()
    if case is None:
        return None
    return case.id, case.due_on


def current_case(session: Session, tracker: Tracker) -> tuple[int, date] | None:
    """The case this conversation is about (``newest_case``), for the verified
    customer including their open ticket from an earlier chat."""
    return newest_case(session, tracker.sender_id, verified_referrer_id(session, tracker))


# The customer's cases the lookup considers: newest first, at most this many.
_CASES_LOOKED_AT = 20
# The domain response for a case the customer asks after, by its state.
_CASE_STATUS_RESPONSES = {
    CaseState.OPEN: "utter_case_status_open",
    CaseState.IN_PROGRESS: "utter_case_status_in_work",
}


def look_up_earlier_case(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker, start_form: bool
) -> Events:
    """ "Wie ist der Stand meiner Beschwerde?": a case of this conversation
    with its date; for the verified customer, their newest case in any chat
    (``answer_case_status``); otherwise code and address are asked first and
    the answer follows the verification (``pending_request`` ``case_status``).
    ``start_form``: the caller's rule does not start the form itself."""
    if newest_case(session, tracker.sender_id) is not None:
        told = tell_when_contacted(session, dispatcher, tracker)
        return [*told, SlotSet("pending_request", None)]
    referrer = verified_referrer(session, tracker)
    if referrer is not None:
        return answer_case_status(session, dispatcher, tracker, referrer)
    code, email = details_in_message(tracker)
    if not (code or tracker.get_slot("referral_code") or email or tracker.get_slot("email")):
        dispatcher.utter_message(response="utter_case_lookup_intro")
    events: Events = [SlotSet("pending_request", CASE_STATUS_REQUEST)]
    return [*events, FollowupAction(VERIFICATION_FORM)] if start_form else events


class ActionCaseStatus(DatabaseAction):
    """What became of a matter the customer brought to the team before
    ("Wie ist der Stand meiner Beschwerde?"), whatever intent the NLU read
    (``redirect`` hands it here): looked up, never filed a second time."""

    def name(self) -> str:
        return CASE_STATUS_ACTION

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        text = latest_text(tracker)
        if asks_where_reply_goes(text):
            return tell_reply_address(session, dispatcher, tracker)
        case = current_case(session, tracker)
        number_asked = asks_case_number(text) or asks_bare_number_again(text)
        if number_asked and case is not None:
            # "wie war nochmal meine vorgangsnummer?"
            number, due = case
            dispatcher.utter_message(
                response="utter_case_number", case_id=number, due=format_date(due)
            )
            return []
        in_form = bool((tracker.active_loop or {}).get("name"))
        return look_up_earlier_case(session, dispatcher, tracker, start_form=not in_form)


# Cases about mail that did not reach the address on file: the team's answer
# may not reach it either.
_ADDRESS_CASES = frozenset({TicketKind.RESEND_LIMIT, TicketKind.ADDRESS_CHECK})


def tell_reply_address(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events:
    """ "an welche mail schreibt ihr mir dann?" once a case is with the team
    or an e-mail reply was offered: the address the answer goes to, masked;
    where our mails did not arrive, another address is asked for the team
    to confirm; with none known, the e-mail reply offered (it asks one)."""
    case = current_case(session, tracker)
    ticket = session.get(Ticket, case[0]) if case is not None else None
    referrer = verified_referrer(session, tracker)
    if ticket is not None and (address := ticket_reply_address(ticket)):
        kind = ticket.kind
        response = (
            "utter_reply_address_failing" if kind in _ADDRESS_CASES else "utter_reply_address_case"
        )
        dispatcher.utter_message(
            response=response,
            email=mask_email(address),
            case_id=ticket.id,
            due=format_date(ticket.due_on),
        )
        return []
    if ticket is None and referrer is not None and offered_callback(tracker):
        dispatcher.utter_message(
            response="utter_reply_address_offer",
            email=mask_email(referrer.email),
            buttons=CALLBACK_BUTTONS,
        )
        return []
    dispatcher.utter_message(response="utter_reply_address_none", buttons=CALLBACK_BUTTONS)
    return []


def answer_case_status(
    session: Session,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    referrer: Referrer,
    reward_status: Callable[..., Events] | None = None,
) -> Events:
    """The verified customer's newest open case (any chat, any kind): its
    number, day, whether someone works on it and when the answer comes, the
    question noted on it; overdue, an apology and a person; with none open,
    the newest closed one and how it ended; with none at all, that none is
    linked to this participation and how to go on."""
    cases = list(
        session.scalars(
            select(Ticket)
            .where(Ticket.referrer_id == referrer.id)
            .order_by(Ticket.id.desc())
            .limit(_CASES_LOOKED_AT)
        )
    )
    events: Events = [SlotSet("pending_request", None)]
    texts = user_texts(tracker)
    asked = next((text for text in reversed(texts) if asks_about_earlier_case(text)), None)
    if not cases and reward_status is not None and asked and names_reward(asked):
        # "hab letzte woche wegen meiner prämie geschrieben, nie ne antwort":
        # no case to show (a mail without the code reaches no record), so
        # what the customer wrote about: the reward's status.
        dispatcher.utter_message(response="utter_case_status_none_reward")
        return events + reward_status(session, dispatcher, tracker, referrer)
    if not cases:
        dispatcher.utter_message(
            response="utter_case_status_none",
            buttons=[HUMAN_BUTTON.as_dict(), COMPLAINT_BUTTON.as_dict()],
        )
        return events
    still_open = [case for case in cases if case.state != CaseState.DONE]
    case = still_open[0] if still_open else cases[0]
    address = ticket_reply_address(case)
    facts = {
        "case_id": case.id,
        "opened": format_date(case.created_at.date()),
        "due": format_date(case.due_on),
        "email": mask_email(address) if address else "",
    }
    if case.state == CaseState.DONE:
        answered = case.answered_at is not None and address
        response = "utter_case_status_answered" if answered else "utter_case_status_closed"
        when = case.answered_at if answered else case.closed_at
        facts["closed"] = format_date((when or case.created_at).date())
        dispatcher.utter_message(response=response, buttons=[HUMAN_BUTTON.as_dict()], **facts)
        return events
    # The question itself is news for whoever works the case (asked before
    # the code and address, when those were asked first).
    add_to_ticket(case, asked or latest_text(tracker))
    overdue = case.due_on < today()
    response = "utter_case_status_overdue" if overdue else _CASE_STATUS_RESPONSES[case.state]
    dispatcher.utter_message(response=response, buttons=[HUMAN_BUTTON.as_dict()], **facts)
    if len(still_open) > 1:
        dispatcher.utter_message(
            response="utter_case_status_more",
            numbers=", ".join(str(other.id) for other in still_open[1:]),
        )
    return events


def remind_of_case(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """ "na toll, und jetzt?!", "das hilft mir nicht, ich will wissen wo mein
    geld ist" right after a case went to the team: the anger heard, that
    case's number and date, a person offered; None when no case was just filed.
    "wer ist bei euch eigentlich für sowas zuständig?" then gets the team that
    has the case, not who runs the program."""
    if not case_just_filed(tracker):
        return None
    case = current_case(session, tracker)
    if case is None:
        return None
    number, due = case
    text = latest_text(tracker)
    asks_who = asks_who_handles(text)
    response = "utter_case_who_handles" if asks_who else "utter_complaint_case_filed"
    if takes_leave(text) and not asks_who and not is_question(text):
        # "ach egal, bringt ja eh nix. tschüss": a goodbye, with the case
        # that stays open, not a second grumble answered.
        response = "utter_goodbye_case_filed"
    dispatcher.utter_message(response=response, case_id=number, due=format_date(due))
    return []


def tell_who_handles(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """ "wer ist bei euch für so was zuständig?" right after a case went to
    the team, whatever topic the NLU read (``remind_of_case``); None otherwise."""
    if not asks_who_handles(latest_text(tracker)):
        return None
    return remind_of_case(session, dispatcher, tracker)


def offer_second_check(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events:
    """ "kann da nicht jemand ne ausnahme machen?", "ich möchte, dass sich ein
    Mitarbeiter den Fall anschaut": the case already with the team (its number
    and date, a person offered), else the offer of a second check."""
    case = current_case(session, tracker)
    if case is None and asks_goodwill(latest_text(tracker)):
        # "dann gebt mir wenigstens die hälfte als kulanz": no goodwill money,
        # said plainly, and the second check still offered.
        dispatcher.utter_message(response="utter_goodwill_declined")
        return []
    if case is None:
        dispatcher.utter_message(response="utter_dispute_offer")
        return []
    number, due = case
    dispatcher.utter_message(
        response="utter_case_checked_by_person", case_id=number, due=format_date(due)
    )
    return []


_WHEN_OFFERS = frozenset({"utter_callback_when_offer", "utter_callback_not_by_phone"})


def hear_online_hard(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """ "ich bin 78 und komm mit dem internet nich klar, kann mich wer
    anrufen?": heard first (once a turn), before the ways the team answers."""
    said = any(message.get("response") == "utter_online_hard" for message in dispatcher.messages)
    if finds_online_hard(latest_text(tracker)) and not said:
        dispatcher.utter_message(response="utter_online_hard")


def offer_callback_when(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
    """When the team would write, with the offer of an e-mail reply again.
    Asked once more right after that ("ok dann soll mich jemand
    zurückmelden. wann seid ihr wieder erreichbar?"): not the same words a
    third time, but the reply set up (its address asked)."""
    if last_bot_response(tracker) in _WHEN_OFFERS:
        return [FollowupAction(CALLBACK_ACTION)]
    text = latest_text(tracker)
    by_phone = asks_for_call(text)
    hear_online_hard(dispatcher, tracker)
    dispatcher.utter_message(
        response="utter_callback_not_by_phone" if by_phone else "utter_callback_when_offer",
        due=format_date(handoffs.callback_due()),
        buttons=CALLBACK_BUTTONS,
    )
    return []


def tell_when_contacted(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events:
    """ "und wann meldet sich jemand?", "hab ich jetzt ein Ticket?": the
    newest case of this conversation
    with its date, right after the offer of an e-mail reply its date, or else
    that nobody of the team is told yet (and the person offered)."""
    if case := current_case(session, tracker):
        number, due = case
        # "hab ich jetzt ein ticket oder nicht": yes, with its number first;
        # "geht das auch telefonisch?": no call, the case answered by e-mail.
        text = latest_text(tracker)
        response = "utter_case_when"
        if asks_if_case_open(text):
            response = "utter_case_exists"
        elif asks_for_call(text):
            response = "utter_case_no_call"
        elif last_bot_response(tracker) == "utter_case_when" and asks_when(text):
            # "Gut. Wie lange dauert das?" right after the date: the same
            # date in other words, and what to do if nothing comes.
            response = "utter_case_when_again"
        elif last_bot_response(tracker) == "utter_case_when":
            # Asked again right after ("hab nochmal geschaut, da ist nix. und
            # jetzt?"): not the same words, the anger heard and a person.
            response = "utter_complaint_case_filed"
        dispatcher.utter_message(response=response, case_id=number, due=format_date(due))
        return []
    pending_offer = offered_callback_before(tracker) and not said_before(
        tracker, "utter_callback_declined"
    )
    if offered_callback(tracker) or pending_offer:
        # Asked after the offer of an e-mail reply, right after it or once
        # the customer gave their code meanwhile: its date, the offer again.
        return offer_callback_when(dispatcher, tracker)
    # "ruft ihr an oder wie läuft das?": that the team writes, not calls.
    by_phone = asks_for_call(latest_text(tracker))
    response = "utter_nobody_told_yet_no_call" if by_phone else "utter_nobody_told_yet"
    dispatcher.utter_message(response=response, buttons=[HUMAN_BUTTON.as_dict()])
    return []


def answer_data_rights(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker, referrer: Referrer
) -> Events:
    """Open the GDPR ticket for a verified customer. The answer goes by mail
    to the address on file; the chat never shows stored data."""
    text = request_text(tracker, "request_data_rights")
    kind = data_rights_kind(text, tracker.get_slot("kb_entry"))
    filed = data_rights_ticket(session, tracker.sender_id)
    if filed is not None and filed.state != CaseState.DONE and filed.referrer_id == referrer.id:
        # "gut, dann jetzt bitte löschen. und keine werbemails mehr" after the
        # request was filed: added to that case, not a second one.
        add_to_ticket(filed, f"{kind}: {text}")
        dispatcher.utter_message(
            response="utter_data_rights_added",
            ticket_id=filed.id,
            due=format_date(filed.due_on),
            email=mask_email(referrer.email),
        )
        return []
    change = kind == CHANGE_KIND
    ticket = open_data_rights(
        session,
        tracker,
        f"{kind}: {text}",
        referrer.program_id,
        referrer_id=referrer.id,
        # A new account or address is confirmed within days, not the month
        # the law allows for a request, so a payout is not held up.
        due_on=add_workdays(today(), CHANGE_CONFIRM_WORKDAYS) if change else None,
    )
    response = "utter_data_access_ticket" if kind == ACCESS_KIND else "utter_data_rights_ticket"
    dispatcher.utter_message(
        response="utter_change_ticket" if change else response,
        ticket_id=ticket.id,
        request_kind=kind,
        due=format_date(ticket.due_on),
        email=mask_email(referrer.email),
    )
    return []


def open_data_rights(
    session: Session,
    tracker: Tracker,
    details: str,
    program_id: int | None,
    *,
    referrer_id: int | None = None,
    contact_email: str | None = None,
    due_on: date | None = None,
) -> Ticket:
    """The GDPR ticket of this conversation, due in one month (Art. 12(3))
    unless ``due_on`` is sooner: for a verified referrer, or for the address
    a person without a code named."""
    return open_ticket(
        session,
        TicketKind.DATA_RIGHTS,
        tracker.sender_id,
        details=details,
        due_on=due_on or today() + timedelta(days=DATA_RIGHTS_DAYS),
        program_id=program_id,
        referrer_id=referrer_id,
        contact_email=contact_email,
    ).ticket


def ask_data_rights_email(dispatcher: CollectingDispatcher) -> Events:
    """Offer a person without a code (a recommended person, someone who never
    took part) to take their GDPR request here: the address our mail went to
    is all it needs (``answer_data_rights_without_code`` files it)."""
    dispatcher.utter_message(response=DATA_RIGHTS_EMAIL_ASKED)
    return [SlotSet("pending_request", None)]


def answer_data_rights_without_code(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker, email: str
) -> Events:
    """The GDPR request of a person without a code, filed for the privacy
    team with the address they named: the team confirms by mail to that
    address that the request comes from its owner before it acts."""
    text = request_text(tracker, "request_data_rights")
    kind = data_rights_kind(text, tracker.get_slot("kb_entry"))
    program = conversation_program(session, tracker)
    program_id = program.id if program else None
    ticket = open_data_rights(session, tracker, f"{kind}: {text}", program_id, contact_email=email)
    dispatcher.utter_message(
        response="utter_data_rights_ticket_no_code",
        ticket_id=ticket.id,
        request_kind=kind,
        due=format_date(ticket.due_on),
        email=mask_email(email),
    )
    # The address is in the ticket; the conversation need not keep it.
    return [SlotSet("email", None)]


def note_on_case(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """Something for the case with the team, added to the newest open case of
    this conversation and confirmed: a detail offered for it ("nur zur info:
    …", "schreib rein, dass …") or word that it settled itself ("hat sich
    erledigt", so the team can close it instead of writing). None when the
    message is neither or no case is open."""
    text = latest_text(tracker)
    settled = says_settled(text)
    if not (settled or asks_to_add_note(text)):
        return None
    case = add_to_newest_case(session, tracker.sender_id, text)
    if case is None:
        return None
    number, due = case
    if settled:
        dispatcher.utter_message(response="utter_case_settled_noted", case_id=number)
    else:
        dispatcher.utter_message(
            response="utter_case_note_added", case_id=number, due=format_date(due)
        )
    return []


class ActionAddToCase(DatabaseAction):
    """A message for the case with the team (``note_on_case``), whatever
    topic the NLU read; without an open case, a settled matter is
    acknowledged and anything else answered as a question."""

    def name(self) -> str:
        return CASE_NOTE_ACTION

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        if (events := note_on_case(session, dispatcher, tracker)) is not None:
            return events
        if says_settled(latest_text(tracker)):
            dispatcher.utter_message(response="utter_settled")
            return []
        return [FollowupAction(ANSWER_ACTION)]


class ActionDataRightsTicket(DatabaseAction):
    def name(self) -> str:
        return DATA_RIGHTS_ACTION

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        if asks_where_written(latest_text(tracker)):
            # "zurück zu den Daten, wo steht das alles?": where to read it
            # (the follow-up table knows), no request the customer never made.
            return [FollowupAction("action_answer_question")]
        text = latest_text(tracker)
        if others_data_right_asked(tracker):
            # "kann ich das für sie beantragen, dass ihre daten gelöscht
            # werden?": another person's right, never filed under the
            # customer's name; how that person goes about it.
            return [FollowupAction("action_answer_question")]
        if asks_reward_after_request(text) and data_rights_ticket(session, tracker.sender_id):
            # "Was geschieht mit meiner Prämie, wenn Sie meine Daten löschen?"
            # once the request is filed: the answer (the follow-up table
            # knows), not the request once more.
            return [FollowupAction("action_answer_question")]
        if asks_what_is_kept(text) and not orders_deletion(text):
            # "was speichert ihr eigentlich alles über mich?": what is kept
            # and why, answered; a formal request only when asked for.
            return [FollowupAction("action_answer_question")]
        if no_data_request(text, latest_confidence(tracker)):
            # "WANN KOMMT DAS GELD. ich will ein datum" read as a data request:
            # no request is filed that names no data and no right.
            return [FollowupAction(HOW_LONG_ACTION if asks_when(text) else CLARIFY_ACTION)]
        referrer = verified_referrer(session, tracker)
        if referrer is None and objects_to_marketing(text):
            # "ich bekomme ständig Mails von euch, das möchte ich nicht mehr",
            # unclear to the NLU: the objection is filed once the details
            # are checked, as for a request in so many words.
            dispatcher.utter_message(response="utter_verification_intro_data_rights")
            return [
                SlotSet("pending_request", DATA_RIGHTS_REQUEST),
                FollowupAction(VERIFICATION_FORM),
            ]
        if referrer is None:
            dispatcher.utter_message(response="utter_data_rights")
            return []
        if contests_decision(latest_text(tracker)) and (
            case_just_filed(tracker) or tracker.get_slot("status_disputable")
        ):
            # "ich will Widerspruch einlegen" after a referral was refused: an
            # objection to that decision, not to the processing of data.
            if case_just_filed(tracker):
                dispatcher.utter_message(
                    response="utter_case_already_filed", buttons=[HUMAN_BUTTON.as_dict()]
                )
                return []
            return [FollowupAction(DISPUTE_ACTION)]
        return answer_data_rights(session, dispatcher, tracker, referrer)


# Below this confidence a data request must name data or a right to be filed.
SURE_DATA_REQUEST = 0.6


def no_data_request(text: str, confidence: float) -> bool:
    """Whether a message the NLU guessed as a GDPR request names neither
    data nor a right (a button's payload always counts as the request)."""
    if text.startswith("/") or confidence >= SURE_DATA_REQUEST or objects_to_marketing(text):
        return False
    if has_iban(text):  # "anderes konto: DE89 …": new bank details
        return False
    return not names_own_data(text) and data_rights_kind(text) == UNSPECIFIED_DATA_RIGHTS


def asks_what_is_kept(text: str) -> bool:
    """Whether a message read as a GDPR request only asks what is stored
    ("welche Daten habt ihr von mir?"), naming no right to exercise."""
    if text.startswith("/") or objects_to_marketing(text):
        return False
    if data_rights_kind(text) != UNSPECIFIED_DATA_RIGHTS:
        return False
    # "ok egal. was speichert ihr …": the question may follow a remark.
    sentences = re.split(r"(?<=[.!?;])\s+", text)
    return any(is_question(part) and asks_stored_data(part) for part in sentences)


# The question for the address of a GDPR request without a code.
DATA_RIGHTS_EMAIL_ASKED = "utter_ask_data_rights_email"
# The bot's messages that ask for the address our mail went to (a GDPR
# request without a code): the address sent next files the request.
DATA_RIGHTS_EMAIL_ASKS = frozenset(
    {
        DATA_RIGHTS_EMAIL_ASKED,
        "utter_ask_data_rights_email_again",
        "utter_data_rights_time_then_email",
        "utter_data_rights_email_still",
    }
)


# The customer's own words of the last turns go into the record, so the
# complaint and its details ("Was ist passiert?") are both kept.
COMPLAINT_TURNS = 2


def recent_user_texts(tracker: Tracker, turns: int) -> list[str]:
    texts = [
        str(event.get("text") or "")
        for event in tracker.events
        if event.get("event") == "user" and not str(event.get("text") or "").startswith("/")
    ]
    return [text for text in texts[-turns:] if text.strip()]


def record_and_confirm(
    session: Session,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    referrer_id: int | None,
    response: str,
) -> None:
    """Record the customer's last messages as a complaint and confirm it with
    ``response`` (its number and follow-up date) and the offer of a person."""
    program = conversation_program(session, tracker)
    text = "\n".join(recent_user_texts(tracker, COMPLAINT_TURNS)) or latest_text(tracker)
    complaint = record_complaint(
        session,
        tracker.sender_id,
        text,
        today(),
        program_id=program.id if program else None,
        referrer_id=referrer_id,
    )
    dispatcher.utter_message(
        response=response,
        complaint_id=complaint.id,
        follow_up=format_date(complaint.due_on),
        buttons=[HUMAN_BUTTON.as_dict()],
    )


def asks_team_to_check_mail(tracker: Tracker) -> bool:
    """Whether the customer asks for a person right after the offer to have
    the team look into a reward mail at its resend limit ("jo passt, dann
    soll sich jemand melden"): a yes to that offer, which opens the case."""
    offered = tracker.get_slot("resend_reward") and last_offer_was(tracker, limit_check_buttons())
    text = latest_text(tracker)
    # "ja bitte, ruft mich zurück oder schreibt mir": a call is not to be
    # had, but the team's reply is what the offer is about.
    wants_team = asks_for_person(text) or asks_for_mail_reply(text) or asks_for_call(text)
    return bool(offered) and wants_team and _TEAM_SHOULD_ACT.search(text) is not None


# "jo passt, dann soll sich jemand melden", "ja, kümmert euch drum": a yes or
# a wish that the team acts; "ich will einen mitarbeiter sprechen" asks for a
# person in the chat instead.
_TEAM_SHOULD_ACT = re.compile(
    r"^\W*(ja|jo|jap|jep|klar|gerne?|ok(ay)?|passt|gut)\b|\b(melden|meldet|k(ü|ue)mmer\w*)\b",
    re.IGNORECASE,
)


def yes_no_buttons() -> list[dict[str, str]]:
    """Buttons under the offer to resend the reward mail."""
    return [
        {"title": phrase("status.resend_yes"), "payload": "/affirm"},
        {"title": phrase("status.resend_no"), "payload": "/deny"},
    ]


def limit_check_buttons() -> list[dict[str, str]]:
    """Buttons under the offer to have the team look into a reward mail that
    was resent as often as allowed (a yes opens the case)."""
    return [
        {"title": phrase("status.limit_check_yes"), "payload": "/affirm"},
        {"title": phrase("status.resend_no"), "payload": "/deny"},
    ]


def explain_resend_limit(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """ "und warum kann man die nicht einfach nochmal schicken??" right after
    the bot offered the team instead of another resend: why not (or, asked
    how long, by when the team answers), and the offer again (the slot
    stays, so a yes still opens the case); None when no such offer is open
    or the message is not about it."""
    try:
        reward = session.get(Reward, int(tracker.get_slot("resend_reward")))
    except (TypeError, ValueError):
        return None
    referrer_id = verified_referrer_id(session, tracker)
    if reward is None or referrer_id is None or reward.referral.referrer_id != referrer_id:
        return None
    text = latest_text(tracker)
    if not resend_limit_reached(reward) or details_in_message(tracker)[1]:
        # "dann schickt ihn halt an h.vogel@…": an address to check, no why.
        return None
    if new_topic_after_opener(text) is not None:
        # "ok. andere frage, thomas will wissen ob er auch was bekommt": a
        # question of its own, not about the mail at the limit.
        return None
    if compares_pace(text) or asks_to_be_called(text):
        # "warum dauert das bei ihm so lang, bei leonie gings schneller?":
        # about the referrals' dates; "ruft mich doch einfach an": a call
        # asked for; neither is about the mail at the limit.
        return None
    others = [
        mask_name(referral.friend_first_name, referral.friend_last_name)
        for referral in reward.referral.referrer.referrals
        if referral.id != reward.referral_id
    ]
    if referral_position(text, others) is not None:
        # "und beim maximilian, wie lange noch?": another referral than the
        # one whose mail is at the limit.
        return None
    offered_now = last_offer_was(tracker, limit_check_buttons())
    if offered_now and asks_code_shown(text):
        # "könnt ihr mir den code nicht hier reinschreiben?": not in the chat,
        # and the team once more (never another resend, nor the same status).
        dispatcher.utter_message(
            response="utter_reward_code_not_at_limit", buttons=limit_check_buttons()
        )
        return []
    if offered_now and wants_sent_to_other(text):
        # "Dann schicken Sie es halt an meinen Sohn, dem wollte ich den
        # Gutschein sowieso schenken": only to the participant, who may pass
        # the code on; the offer of the team again.
        dispatcher.utter_message(
            response="utter_resend_not_to_others", buttons=limit_check_buttons()
        )
        return []
    # "und an welche adresse schicken die das dann?" turns later asks where,
    # not why no more resends: sending counts only right after the offer.
    about_mail = asks_mail_again(text) or (names_sending(text) and offered_now)
    # "was soll das heißen nicht mehr möglich?? ich hab das doch nie bekommen"
    objects = (
        asks_why(text)
        or asks_meaning(text)
        or says_not_arrived(text)
        or latest_intent(tracker) in ("complaint", "not_helpful")
    )
    if offered_now and asks_when(text) and not (about_mail or asks_why(text)):
        # "und wie lange dauert das mit dem Ticket?" to that offer: when the
        # team would answer, and the offer again.
        dispatcher.utter_message(
            response="utter_limit_case_when",
            due=format_date(add_workdays(today(), OVERDUE_REPLY_WORKDAYS)),
            buttons=limit_check_buttons(),
        )
        return []
    # "wieso is die eine schon durch und die andre net" right after the offer
    # is about the referrals, not about the mail.
    if not (about_mail or (objects and offered_now and not points_at_one_referral(text))):
        return None
    # Asked once more right after the reason ("ja aber wieso nicht nochmal?
    # ich hab die mail doch NIE bekommen"): not the same text, but what a
    # person can do that another mail cannot.
    again = last_bot_response(tracker) in ("utter_resend_limit_why", "utter_resend_limit_why_again")
    dispatcher.utter_message(
        response="utter_resend_limit_why_again" if again else "utter_resend_limit_why",
        count=reward.resend_count,
        address=mask_email(reward.delivery_email),
        buttons=limit_check_buttons(),
    )
    return []


def old_address_after_all(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """ "ach nein, doch an die alte Adresse, das Postfach war nur voll" once a
    new address went to the team for a check: the same ticket now asks the
    team to try the old address (never a resend from the chat alone). None
    when this is not such a message."""
    if not said_before(tracker, "utter_address_check_ticket"):
        return None
    if not wants_old_address_fixed(latest_text(tracker)):
        return None
    referrer = verified_referrer(session, tracker)
    reward = next(iter(mailed_rewards(referrer)), None) if referrer is not None else None
    if reward is None:
        return None
    opened = open_ticket(
        session,
        TicketKind.ADDRESS_CHECK,
        tracker.sender_id,
        phrase("ticket.address_check", description=reward.description),
        due_on=add_workdays(today(), OVERDUE_REPLY_WORKDAYS),
        program_id=reward.referral.program_id,
        referrer_id=referrer.id if referrer is not None else None,
        referral_id=reward.referral_id,
        contact_email=reward.delivery_email,
    )
    opened.ticket.contact_email = reward.delivery_email
    add_to_ticket(opened.ticket, phrase("ticket.old_address_after_all"))
    dispatcher.utter_message(
        response="utter_old_address_noted",
        ticket_id=str(opened.ticket.id),
        due=format_date(opened.ticket.due_on),
        email=mask_email(reward.delivery_email),
    )
    return []
