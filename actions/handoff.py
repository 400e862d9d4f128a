"""Handing the conversation to a person, and taking it back.

``action_handoff`` runs when the customer wants a person (asked directly,
after repeated fallbacks, after a complaint, an overdue reward or a failing
action). When the team is there it queues the conversation and *returns*
``ConversationPaused`` (calling it would do nothing): from then on Rasa keeps
the customer's messages in the tracker but predicts nothing, until an action
returns ``ConversationResumed``. Those actions are run from outside through
Rasa's ``/execute`` endpoint: by the agent console when the agent hands back
(``action_handoff_back``), by its sweep when nobody came in time
(``action_handoff_timed_out``), by the widget's "stop waiting" button
(``action_handoff_cancelled``). When nobody is there, the bot says when the
team is back and offers a reply by e-mail to the address on file (a ticket).

Those three end with ``action_listen``: ``/execute`` runs one action and
predicts nothing after it, and without the listen the customer's next message
would not match any rule (rules expect it after the bot's last action).

The queue itself lives in ``bot.handoff``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import (
    ActionExecuted,
    ConversationPaused,
    ConversationResumed,
    FollowupAction,
    SlotSet,
)
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.orm import Session

from actions import survey
from actions.base import (
    AFFIRM_ACTION,
    ANSWER_ACTION,
    CALLBACK_ACTION,
    CALLBACK_ADDRESS_UNKNOWN,
    CALLBACK_BUTTONS,
    CALLBACK_DECLINED_ACTION,
    CALLBACK_EMAIL_ASKED,
    DATA_RIGHTS_ACTION,
    DEESCALATE_ACTION,
    DENY_ACTION,
    HANDOFF_ACTION,
    INFORM_ACTION,
    LOCKED,
    NEW_ADDRESS,
    RESEND_ACTION,
    TEAM_AWAY_RESPONSES,
    VERIFIED,
    DatabaseAction,
    Events,
    ask_new_address_again,
    back_to_german,
    button_click,
    button_named,
    case_just_filed,
    conversation_program,
    details_in_message,
    intent_count,
    last_bot_buttons,
    last_bot_invited,
    last_bot_response,
    last_offer_was,
    latest_confidence,
    latest_entity,
    latest_intent,
    latest_text,
    offered_before,
    offered_callback,
    offered_callback_before,
    offered_person_if_wished,
    ran_this_turn,
    redirect,
    repeats_lost_address,
    responses_of_last_turn,
    typed_apart,
    verified_referrer,
    yes_without_address,
)
from actions.cases import (
    asks_team_to_check_mail,
    current_case,
    hear_online_hard,
    limit_check_buttons,
    offer_callback_when,
    tell_when_contacted,
    yes_no_buttons,
)
from actions.clarify import CLARIFY_ACTION, ask_back
from actions.deescalate import names_consequence
from actions.empathy import condolence_follow_up
from actions.follow_up import refuse_contact_of_others
from actions.inform import ActionInform, file_change_instead, gives_new_details
from actions.knowledge import (
    TIMELINE_ENTRY,
    answer_further_questions,
    question_behind_no,
    whom_to_turn_to,
)
from actions.verification import check_details, typed_contact_email
from actions.wording import (
    acknowledges,
    asks_for_call,
    asks_for_mail_reply,
    asks_for_person,
    asks_for_ticket,
    asks_if_bot,
    asks_if_now,
    asks_to_act,
    asks_to_be_called,
    asks_when_team_there,
    declines_offer,
    declines_person,
    goodbye_response,
    is_question,
    is_thanks,
    leaves_it_to_other,
    new_topic_after_opener,
    opens_with_yes,
    says_address_known,
    says_code_lost,
    says_not_found,
    spoken_rating,
    takes_leave,
    thank_response,
    thanks_ahead,
    threatens_review,
    wants_to_hear_back,
)
from bot import handoff as handoffs
from bot import nps
from bot.cases import asks_copy_or_deletion
from bot.chat_contract import (
    CANCELLED_ACTION,
    ENDED,
    HANDBACK_ACTION,
    TIMED_OUT_ACTION,
    WAITING,
)
from bot.formatting import format_date, has_iban, mask_email
from bot.knowledge.matcher import asks, question_parts
from bot.knowledge.phrases import phrase
from bot.models import (
    HandoffReason,
    Program,
    Referrer,
    Ticket,
    TicketKind,
)
from bot.programs import business_hours
from bot.reward_mail import reply_address
from bot.reward_status import greeting_name, load_referrer
from bot.topics import HUMAN_BUTTON, TOPIC_TITLES
from bot.verification import normalize_email

SUMMARY_TURNS = 3
# Answers to the offer of an e-mail reply (rules in data/rules/handoff.yml).
QUIET_INTENTS = {"inform", "affirm", "deny", "greet", "thank"}


def _resumed() -> Events:
    """The bot is back and waits for the customer (see the module docstring)."""
    return [ConversationResumed(), ActionExecuted("action_listen")]


RATING_BUTTONS = [
    {"title": title, "payload": f'/rate{{"rating": "{score}"}}'}
    for score, title in (
        (5, "5 – sehr zufrieden"),
        (4, "4"),
        (3, "3"),
        (2, "2"),
        (1, "1 – gar nicht zufrieden"),
    )
]


def _bot_events_before_request(tracker: Tracker) -> list[dict[str, Any]]:
    """The bot's actions and messages of the turn before the customer's
    latest message (what made them ask for a person)."""
    events = list(tracker.events)
    users = [i for i, event in enumerate(events) if event.get("event") == "user"]
    if len(users) < 2:
        return []
    return events[users[-2] + 1 : users[-1]]


def handoff_reason(session: Session, tracker: Tracker) -> HandoffReason:
    """What led here (a ``HandoffReason``), read from the turn before."""
    before = _bot_events_before_request(tracker)
    actions = {event.get("name") for event in before if event.get("event") == "action"}
    responses = {
        (event.get("metadata") or {}).get("utter_action")
        for event in before
        if event.get("event") == "bot"
    }
    if "utter_database_unavailable" in responses:
        return HandoffReason.ACTION_ERROR
    # A clarification that found the question after all (action_clarify hands
    # it to action_answer_question) was answered, not misunderstood.
    clarified = CLARIFY_ACTION in actions and ANSWER_ACTION not in actions
    if "utter_offer_human" in responses or clarified:
        return HandoffReason.REPEATED_FALLBACK
    if "action_record_complaint" in actions:
        return HandoffReason.COMPLAINT
    overdue = session.scalar(
        select(Ticket.id).where(
            Ticket.conversation_id == tracker.sender_id,
            Ticket.kind == TicketKind.OVERDUE_REWARD,
        )
    )
    if overdue is not None and actions & {"action_reward_status", "action_answer_pending"}:
        return HandoffReason.OVERDUE_REWARD
    return HandoffReason.CUSTOMER_REQUEST


def summary(tracker: Tracker, referrer: Referrer | None) -> str:
    """What the customer wanted, for the agent's queue: topics, their last
    words (masked later by ``bot.handoff``) and whether they are verified."""
    topics: list[str] = []
    said: list[str] = []
    for event in tracker.events:
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        title = TOPIC_TITLES.get(intent or "")
        if title and title not in topics:
            topics.append(title)
        text = str(event.get("text") or "").strip()
        # Codes, e-mails and short yes/no answers tell the agent nothing.
        if text and not text.startswith("/") and intent not in QUIET_INTENTS:
            said.append(text[:200])
    parts = []
    if topics:
        parts.append("Themen: " + "; ".join(topics))
    if said:
        parts.append("Zuletzt: " + " | ".join(said[-SUMMARY_TURNS:]))
    if referrer is not None:
        # Name only: the console shows code and e-mail from the database.
        parts.append(f"Verifiziert: {greeting_name(referrer)}")
    else:
        parts.append("Nicht verifiziert")
    return " · ".join(parts)


def _minutes(count: int) -> str:
    return phrase("handoff.one_minute") if count == 1 else phrase("handoff.minutes", count=count)


def _place(ahead: int) -> str:
    if ahead == 0:
        return phrase("handoff.next_in_line")
    if ahead == 1:
        return phrase("handoff.one_ahead")
    return phrase("handoff.many_ahead", count=ahead)


class ActionHandoff(DatabaseAction):
    """Queue the conversation for a person and pause the bot, or, when nobody
    is there, say when the team is back and offer an e-mail reply."""

    def name(self) -> str:
        return HANDOFF_ACTION

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        if asks_team_to_check_mail(tracker):
            # "dann soll sich halt einer drum kümmern" to the offer to have the
            # team look into the reward mail: that case, not a second offer.
            return [FollowupAction(RESEND_ACTION)]
        text = latest_text(tracker)
        just_said = last_bot_response(tracker) == "utter_bot_challenge_person"
        if asks_if_bot(text) and not just_said:
            # "bist du überhaupt ein mensch? ich will einen mitarbeiter": the
            # honest answer in one line (unless action_bot_challenge just
            # gave it), then the person.
            dispatcher.utter_message(response="utter_bot_challenge_person")
        told_case = case_just_filed(tracker) or current_case(session, tracker) is not None
        if wants_to_hear_back(text) and told_case:
            # "gut, dann soll sich halt jemand bei mir melden" right after the
            # bot said the case went to the team, or later while it is open
            # ("kann sich dann jemand bei mir melden?" after why no more mails
            # go out): that case and its date, no second reply offered.
            return tell_when_contacted(session, dispatcher, tracker)
        if declines_person(text):
            # "Nein danke, eines Mitarbeiters bedarf es nicht. Teilen Sie mir
            # aber bitte noch mit, ob …": no person; the question after it.
            if (events := question_behind_no(dispatcher, tracker)) is not None:
                return events
            return [FollowupAction(DENY_ACTION)]
        if (events := refuse_contact_of_others(session, dispatcher, tracker)) is not None:
            # "gib mir einfach die nummer vom dritten, dann ruf ich selber an":
            # no one's number, read as a wish to call.
            return events
        if takes_leave(text) and not asks_for_person(text) and not is_question(text):
            # "ok egal ich ruf bei sonnenstrom an. tschau": the customer leaves
            # (to call the brand), no person asked for.
            dispatcher.utter_message(response=goodbye_response(text))
            return []
        if (events := whom_to_turn_to(session, dispatcher, tracker)) is not None:
            return events
        # "Bitte lassen Sie das einen Mitarbeiter anschauen. Und wie lange
        # gilt so eine Empfehlung überhaupt?": the question answered first.
        # ("wie lange dauert das?" next to it asks about the person, not the
        # reward's timeline.)
        answered = answer_further_questions(session, dispatcher, tracker, [TIMELINE_ENTRY])
        return answered + self._hand_over(session, dispatcher, tracker)

    def _hand_over(
        self, session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Events:
        hear_online_hard(dispatcher, tracker)
        program = conversation_program(session, tracker)
        referrer = verified_referrer(session, tracker)
        settings = handoffs.HandoffSettings.from_env()
        available = handoffs.availability(session, program, settings=settings)
        if not available.can_hand_over:
            text = latest_text(tracker)
            # "und wann seid ihr wieder da?" is no yes to it ("… danke
            # schonmal" is).
            asks_now = asks_when_team_there(text) or asks_if_now(text)
            only_when = asks_now and not thanks_ahead(text)
            team_away_told = bool(responses_of_last_turn(tracker) & TEAM_AWAY_RESPONSES)
            if only_when and team_away_told and program is not None:
                case = current_case(session, tracker)
                return self._when_team_back(dispatcher, available, program, case)
            if offered_callback(tracker) and asks_for_call(text) and is_question(text):
                # "gibt es keine hotline, wo ich anrufen kann?" to the offer of
                # an e-mail reply: no phone line, and the offer again.
                return offer_callback_when(dispatcher, tracker)
            if offered_callback(tracker) and not only_when:
                # "ja bitte ruft mich zurück" right after the offer of an
                # e-mail reply: a yes to it, not a second round of the offer.
                if asks_for_call(text):
                    dispatcher.utter_message(response="utter_callback_no_phone")
                return [FollowupAction(CALLBACK_ACTION)]
            if asks_for_mail_reply(text) and not only_when and not is_question(text):
                # "ja bitte, ruft mich zurück oder schreibt mir": the e-mail
                # reply asked for outright, so no offer of it to say yes to.
                if asks_for_call(text):
                    dispatcher.utter_message(response="utter_callback_no_phone")
                return [FollowupAction(CALLBACK_ACTION)]
            if asks_for_call(text):
                # "dann rufen sie mich bitte zurück, meine nummer ist …": no
                # call, said before the offer of an e-mail reply.
                dispatcher.utter_message(response="utter_callback_no_phone")
            case = current_case(session, tracker)
            if case is not None and not offered_callback_before(tracker):
                # "Mitarbeiter bitte" once this chat's case, or the verified
                # customer's open one from an earlier chat, is with the team
                # (the resend limit, a check): when the team is back, and that
                # case with its date, which brings the answer; no second reply
                # offered to an address that may be the very problem.
                self._team_away(dispatcher, available, program)
                number, due = case
                dispatcher.utter_message(
                    response="utter_case_brings_reply", case_id=number, due=format_date(due)
                )
                return []
            # "und wann seid ihr wieder da?" to the offer of an e-mail reply:
            # when the team is back, and the offer again.
            address = reply_address(session, referrer) if referrer is not None else None
            return self._nobody_there(dispatcher, tracker, referrer, address, available, program)

        handoff = handoffs.open_handoff(
            session,
            conversation_id=tracker.sender_id,
            reason=handoff_reason(session, tracker),
            summary=summary(tracker, referrer),
            program=program,
            referrer=referrer,
        )
        position = handoffs.queue_position(session, handoff)
        minutes = handoffs.expected_wait_minutes(position, available.agents, settings)
        dispatcher.utter_message(
            text=phrase("handoff.queued", place=_place(position - 1), minutes=_minutes(minutes)),
            json_message={
                "handoff": WAITING,
                "position": position,
                "minutes": minutes,
            },
        )
        return [ConversationPaused()]

    @staticmethod
    def _team_away(
        dispatcher: CollectingDispatcher,
        available: handoffs.Availability,
        program: Program | None = None,
    ) -> None:
        """Why nobody answers now: when the team is back, closed, or busy
        (with its hours, since nobody can say when someone will be free)."""
        if not available.open_now and available.back_at is not None:
            when = handoffs.describe_opening(available.back_at)
            dispatcher.utter_message(response="utter_team_back_at", when=when)
        elif not available.open_now:
            dispatcher.utter_message(response="utter_team_closed")
        elif program is not None:
            dispatcher.utter_message(
                response="utter_team_busy_hours", hours=business_hours(program)
            )
        else:
            dispatcher.utter_message(response="utter_team_busy")

    @staticmethod
    def _when_team_back(
        dispatcher: CollectingDispatcher,
        available: handoffs.Availability,
        program: Program,
        case: tuple[int, date] | None = None,
    ) -> Events:
        """ "wann seid ihr denn wieder erreichbar?" right after the bot said
        nobody is there: the day and hour, the team's hours, and the e-mail
        reply in a word, not the same two messages again; with a case open,
        that case's date instead of a second reply offered."""
        hours = business_hours(program)
        if case is not None:
            number, due = case
            when = (
                handoffs.describe_opening(available.back_at)
                if available.back_at is not None
                else hours
            )
            dispatcher.utter_message(
                response="utter_team_back_with_case",
                when=when,
                case_id=number,
                due=format_date(due),
            )
            return []
        if available.back_at is not None:
            when = handoffs.describe_opening(available.back_at)
            dispatcher.utter_message(
                response="utter_team_back_detail", when=when, hours=hours, buttons=CALLBACK_BUTTONS
            )
        else:
            dispatcher.utter_message(
                response="utter_team_busy_detail", hours=hours, buttons=CALLBACK_BUTTONS
            )
        return []

    @staticmethod
    def _nobody_there(
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        referrer: Referrer | None,
        address: str | None,
        available: handoffs.Availability,
        program: Program | None = None,
    ) -> Events:
        """Say when the team is back and offer an e-mail reply: to the
        verified customer's reply ``address`` (on file, or the new one named
        after a bounce), to an address typed before, or asked for."""
        ActionHandoff._team_away(dispatcher, available, program)
        if referrer is not None and address == referrer.email:
            dispatcher.utter_message(
                response="utter_callback_offer_on_file",
                email=mask_email(referrer.email),
                buttons=CALLBACK_BUTTONS,
            )
        elif typed := address or typed_contact_email(tracker):
            dispatcher.utter_message(
                response="utter_callback_offer_typed",
                email=mask_email(typed),
                buttons=CALLBACK_BUTTONS,
            )
        else:
            dispatcher.utter_message(response="utter_callback_offer", buttons=CALLBACK_BUTTONS)
        return []

    def on_database_error(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        # No queue without the database: say so plainly, without offering
        # the person we cannot reach (the usual answer would loop back here).
        dispatcher.utter_message(response="utter_handoff_unavailable")
        return []


# What the bot says when nobody of the team can take over now.
# A yes with a question mark and this many words asks something, however sure
# the NLU is of the yes.
QUESTION_AFTER_YES_WORDS = 5


class ActionAffirm(Action):
    """A "ja" that no rule expects. When it names a button of the bot's last
    message ("ja bitte Änderung beantragen"), it counts as tapping that
    button; when that message offered a person (its button) and asked or
    offered to connect, the customer takes that offer ("ja verbinden" after "Soll ich
    Sie verbinden?"); a thank-you closes politely; otherwise ("ok" after a
    plain answer) the bot asks what else it can do."""

    def name(self) -> str:
        return AFFIRM_ACTION

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        instead = redirect(tracker, self.name())
        if instead not in (None, self.name()) and not ran_this_turn(tracker, instead):
            # "na gut, dann halt an die alte" once a new address went to the
            # team, read as a yes: what the words say wins, as for every
            # other action.
            return [FollowupAction(instead)]
        if leaves_it_to_other(latest_text(tracker)):
            # "ok dann soll sie selber hier schreiben": taken in, no person.
            dispatcher.utter_message(response="utter_affirm")
            return []
        buttons = last_bot_buttons(tracker)
        named = button_named(latest_text(tracker), buttons)
        # A yes or no button that no rule expected would come back here.
        payload = str(named.get("payload") or "") if named else ""
        if payload not in ("", "/affirm", "/deny") and (click := button_click(payload)):
            return click
        if (
            tracker.get_slot("pending_request") == NEW_ADDRESS
            and not details_in_message(tracker)[1]
        ):
            # "jo, mach das" when the bot asked where a bounced mail should go.
            return yes_without_address(dispatcher)
        unsure_question = is_question(latest_text(tracker)) and not opens_with_yes(
            latest_text(tracker)
        )
        read_as_yes = latest_intent(tracker) == "affirm"
        if read_as_yes and unsure_question and latest_confidence(tracker) < SURE_DENY:
            # "ist der gutschein dann noch gültig?" to an offer, faintly read
            # as a yes: the question, no yes to the offer.
            return [FollowupAction(CLARIFY_ACTION)]
        offers = (yes_no_buttons(), limit_check_buttons())
        if tracker.get_slot("resend_reward") and any(last_offer_was(tracker, o) for o in offers):
            # The offer to resend the reward mail, made where no rule expects
            # the yes (with the status told in the same message as the question).
            return [FollowupAction(RESEND_ACTION)]
        if offered_callback(tracker):
            # "ja" to the offer of an e-mail reply repeated under another
            # answer (when the team writes): the reply is set up.
            return [FollowupAction(CALLBACK_ACTION)]
        if asks_to_be_called(latest_text(tracker)):
            # "ok passt. dann ruft mich halt morgen an": no call, but when the
            # team writes, and the offer of that reply.
            return offer_callback_when(dispatcher, tracker)
        if asks_for_person(latest_text(tracker)):
            # "ja bitte, verbinden Sie mich", also long after the offer.
            return [FollowupAction(HANDOFF_ACTION)]
        offered_person = HUMAN_BUTTON.payload in [b.get("payload") for b in buttons]
        if offered_person and asks_to_act(latest_text(tracker)):
            # "ja bitte, mach das" after an answer that offered a person (how
            # the team can add a missing code): the person, not "Alles klar".
            return [FollowupAction(HANDOFF_ACTION)]
        text = latest_text(tracker)
        long_question = "?" in text and len(text.split()) >= QUESTION_AFTER_YES_WORDS
        if is_question(text) and (long_question or latest_confidence(tracker) < SURE_DENY):
            # "na gut. muss ich das versteuern?", "ja ok... und wo steht das
            # mit der frist genau?": a question after the yes.
            return [FollowupAction(CLARIFY_ACTION)]
        if case_just_filed(tracker) and not is_thanks(text):
            # "ok, dann machen Sie das bitte so" right after the case went to
            # the team: it is done already, nothing more to do.
            dispatcher.utter_message(response="utter_affirm_case_filed")
            return []
        if is_thanks(text) and new_topic_after_opener(text) is not None:
            # "ok danke. ach ja darf ich den auch meiner mama schenken": thanks,
            # then a question of its own.
            return [FollowupAction(ANSWER_ACTION)]
        if is_thanks(latest_text(tracker)):
            # "jo passt, danke" after an answer that also offered a person:
            # the customer is content, not asking for the person (in German
            # again after a note in English).
            if switched := back_to_german(tracker, self.name()):
                return switched
            dispatcher.utter_message(response=thank_response(latest_text(tracker)))
            return []
        if acknowledges(text) and offered_person_if_wished(tracker):
            # "passt" after "… möchten Sie lieber gleich mit jemandem
            # sprechen, verbinde ich Sie gern": content, no wish for a person.
            dispatcher.utter_message(response="utter_affirm")
            return []
        offers_person = any(button.get("payload") == HUMAN_BUTTON.payload for button in buttons)
        if offers_person and last_bot_invited(tracker):
            return [FollowupAction(HANDOFF_ACTION)]
        dispatcher.utter_message(response="utter_affirm")
        return []


# Below this, a "no" that asks something is read as the question it is.
SURE_DENY = 0.6


class ActionDeny(Action):
    """A "nein" that no rule expects: a polite acknowledgement. An unsure no
    that asks something ("kann man den nich verlängern lassen?", where
    "nich" made it a no) goes to the clarification, which answers the
    question from the last topic when it can."""

    def name(self) -> str:
        return "action_deny"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        if (instead := redirect(tracker, self.name())) not in (None, self.name()):
            # "das stimmt nicht, sie hat nur widerrufen weil …" after a
            # refused referral, read as a no: what the words say wins, as for
            # every other action.
            return [FollowupAction(instead)]
        text = latest_text(tracker)
        turned_down = declines_offer(text)
        if not turned_down and condolence_follow_up(dispatcher, tracker):
            # "ich weiss nicht ob da noch geld kommt" after condolences, read
            # as a no to the person: the team settles it with the family.
            return []
        if turned_down and (events := question_behind_no(dispatcher, tracker)) is not None:
            # "nee lass mal. wo bleibt der gutschein eigentlich, hab noch nix
            # bekommen": the no, then the question behind it.
            return events
        if not turned_down and "?" in text and latest_confidence(tracker) < SURE_DENY:
            return [FollowupAction(CLARIFY_ACTION)]
        if repeats_lost_address(tracker):
            # "die Mailadresse gibt es nicht mehr" while a new one is awaited.
            return ask_new_address_again(dispatcher)
        if says_code_lost(latest_text(tracker)):
            # "nein, den Code weiß ich leider nicht": what to do without it.
            return [FollowupAction(ANSWER_ACTION)]
        if offered_callback(tracker):
            # "nein" to the offer of an e-mail reply repeated under another answer.
            return [FollowupAction(CALLBACK_DECLINED_ACTION)]
        offered_person = HUMAN_BUTTON.payload in [
            b.get("payload") for b in last_bot_buttons(tracker)
        ]
        if offered_person and says_not_found(text):
            # "nee find ich nicht" after where the code is and that a person
            # helps without it: that person, no dead end.
            return [FollowupAction(HANDOFF_ACTION)]
        if any(details_in_message(tracker)):
            # "nö lass mal, die alte nutz ich nicht mehr. schickts an …@…":
            # the address (or code) the message gives is what counts.
            return [FollowupAction(INFORM_ACTION)]
        dispatcher.utter_message(response="utter_deny")
        return []


def reward_still_missing(tracker: Tracker) -> bool:
    """Whether the verified customer came about a reward mail that never
    arrived (asked so, or the team's check was offered at the resend limit)
    and nothing went to the team for it in this chat."""
    if tracker.get_slot("verification") != VERIFIED or case_just_filed(tracker):
        return False
    at_limit = offered_before(tracker, limit_check_buttons()[:1])
    return at_limit or intent_count(tracker, "reward_mail_missing") > 0


class ActionCallbackDeclined(Action):
    """A no to the offer of an e-mail reply. "nein, per Mail ist mir lieber"
    declines the waiting, not the mail: then the e-mail reply is set up."""

    def name(self) -> str:
        return CALLBACK_DECLINED_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        text = latest_text(tracker)
        if asks_for_mail_reply(text):
            return [FollowupAction(CALLBACK_ACTION)]
        if says_code_lost(text) and last_bot_response(tracker) == "utter_callback_offer":
            # "nein, hab keinen code": a no to a code the offer does not need.
            dispatcher.utter_message(
                response="utter_callback_no_code_needed", buttons=CALLBACK_BUTTONS
            )
            return []
        if declines_offer(text) and (events := question_behind_no(dispatcher, tracker)):
            # "Nein, lassen Sie es, ich habe heute keine Zeit. Beantworten Sie
            # mir bitte nur, ob …": the no, then the question behind it.
            return events
        if reward_still_missing(tracker):
            # "ach vergessen Sie's" while the reward mail never arrived: sorry,
            # and the reward is not lost; one message here files the case.
            dispatcher.utter_message(response="utter_callback_declined_reward_missing")
            return []
        dispatcher.utter_message(response="utter_callback_declined")
        return []


class ActionCallbackTicket(DatabaseAction):
    """The customer accepted an e-mail reply: a callback ticket. A verified
    customer is answered at the address on file; anyone else (no code at hand,
    verification locked, the recommended friend) at the address they type,
    which the ticket keeps for the agent, who confirms who it is before naming
    any data. So no customer is left without a way to reach a person."""

    def name(self) -> str:
        return CALLBACK_ACTION

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        referrer = verified_referrer(session, tracker)
        text = latest_text(tracker)
        if referrer is not None and asks_for_ticket(text) and current_case(session, tracker):
            # "na gut, macht das ticket. und ne kopie meiner daten" once this
            # conversation's case is with the team: that case, and a request
            # named beside it filed as its own ticket.
            events = tell_when_contacted(session, dispatcher, tracker)
            if asks_copy_or_deletion(text):
                events = [*events, FollowupAction(DATA_RIGHTS_ACTION)]
            return events
        if referrer is not None:
            return answer_callback(session, dispatcher, tracker, referrer)
        code, typed = details_in_message(tracker)
        wants_reply = asks_for_person(latest_text(tracker)) or asks_for_mail_reply(
            latest_text(tracker)
        )
        if code and typed and wants_reply:
            # "ASV-…, …@… Aber bitte ein Mensch.", "dann meldet euch halt per
            # mail, SSE-… …@…": verified, and the reply goes to the address
            # on file, as the customer asked.
            slots = check_details(session, dispatcher, tracker, code, typed)
            events: Events = [SlotSet(name, value) for name, value in slots.items()]
            if slots.get("verification") == LOCKED:
                dispatcher.utter_message(response="utter_verification_locked")
            if slots.get("verification") != VERIFIED:
                return events  # a mismatch was said; the customer may try again
            referrer = load_referrer(session, int(slots["verified_referrer"]))
            return events + answer_callback(session, dispatcher, tracker, referrer)
        if code and typed:
            # Code and address to the offer of an e-mail reply: verified and
            # the status told, then the reply offered once more, since the
            # customer wanted a person.
            events = ActionInform.verify_and_answer(session, dispatcher, tracker, code, typed)
            slots = {e.get("name"): e.get("value") for e in events if e.get("event") == "slot"}
            # The status may end with its own question (resend the mail?).
            if slots.get("verified_referrer") and not slots.get("resend_reward"):
                dispatcher.utter_message(
                    response="utter_callback_offer_after_status", buttons=CALLBACK_BUTTONS
                )
            return events
        if code:
            # "moment, hab ihn gefunden: SSE-…" to the offer of an e-mail
            # reply: verified with the address typed before, then answered.
            return [FollowupAction(INFORM_ACTION)]
        email = normalize_email(latest_entity(tracker, "email") or "") or typed_contact_email(
            tracker
        )
        if email is None and current_case(session, tracker) is not None:
            # "egal, mach halt das ticket" once this conversation's request is
            # with the team: that case and its date, not the address again.
            return tell_when_contacted(session, dispatcher, tracker)
        if email is None:
            # "meine mail habt ihr ja eh": not without a code; the address asked.
            known = says_address_known(latest_text(tracker))
            dispatcher.utter_message(
                response=CALLBACK_ADDRESS_UNKNOWN if known else CALLBACK_EMAIL_ASKED
            )
            return []
        program = conversation_program(session, tracker)
        ticket = handoffs.callback_ticket(
            session,
            conversation_id=tracker.sender_id,
            program_id=program.id if program else None,
            referrer_id=None,
            details=summary(tracker, None),
            contact_email=email,
        )
        dispatcher.utter_message(
            response="utter_callback_ticket",
            ticket_id=str(ticket.id),
            due=format_date(ticket.due_on),
            email=mask_email(email),
        )
        # "meine mail ist …. und wie viel bekomm ich eigentlich für den
        # schwager?": the question beside the address answered too.
        answered = answer_further_questions(session, dispatcher, tracker, [TIMELINE_ENTRY])
        # The address is in the ticket; the conversation need not keep it.
        return [*answered, SlotSet("email", None)]


def answer_callback(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker, referrer: Referrer
) -> Events:
    """Open the callback ticket for the customer's reply address and say when
    the answer comes. When mail to the address on file bounced and no new
    one was named, the address typed now, or the question for one."""
    address = reply_address(session, referrer) or normalize_email(
        latest_entity(tracker, "email") or ""
    )
    if address is None:
        dispatcher.utter_message(response="utter_ask_callback_email_bounced")
        return []
    ticket = handoffs.callback_ticket(
        session,
        conversation_id=tracker.sender_id,
        program_id=referrer.program_id,
        referrer_id=referrer.id,
        details=summary(tracker, referrer),
        # Another address than the one on file is confirmed by the agent.
        contact_email=None if address == referrer.email else address,
    )
    dispatcher.utter_message(
        response="utter_callback_ticket",
        ticket_id=str(ticket.id),
        due=format_date(ticket.due_on),
        email=mask_email(address),
    )
    return []


class ActionHandoffBack(Action):
    """Run by the agent console when the agent hands the conversation back:
    the bot takes over again and asks for a rating (no database needed)."""

    def name(self) -> str:
        return HANDBACK_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        dispatcher.utter_message(response="utter_handoff_back", json_message={"handoff": ENDED})
        dispatcher.utter_message(response="utter_ask_rating", buttons=RATING_BUTTONS)
        return _resumed()


class ActionHandoffCancelled(Action):
    """Run by the web app when the customer stops waiting (the queue entry
    is already closed there, so no database here)."""

    def name(self) -> str:
        return CANCELLED_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        dispatcher.utter_message(
            response="utter_handoff_cancelled", json_message={"handoff": ENDED}
        )
        return _resumed()


class ActionHandoffTimedOut(DatabaseAction):
    """Run by the console's sweep when nobody took the conversation in time:
    the bot is back, with a callback ticket or the offer of one."""

    def name(self) -> str:
        return TIMED_OUT_ACTION

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        latest = handoffs.latest_handoff_for(session, tracker.sender_id)
        ticket = session.get(Ticket, latest.ticket_id) if latest and latest.ticket_id else None
        referrer = verified_referrer(session, tracker)
        if ticket is not None and referrer is not None:
            dispatcher.utter_message(
                response="utter_handoff_timed_out_ticket",
                json_message={"handoff": ENDED},
                ticket_id=str(ticket.id),
                due=format_date(ticket.due_on),
                email=mask_email(referrer.email),
            )
            return _resumed()
        dispatcher.utter_message(
            response="utter_handoff_timed_out_offer",
            json_message={"handoff": ENDED},
            buttons=CALLBACK_BUTTONS,
        )
        return _resumed()

    def on_database_error(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        # The bot must come back even so, or the customer waits for nobody.
        dispatcher.utter_message(
            response="utter_database_unavailable", json_message={"handoff": ENDED}
        )
        return _resumed()


def rating_was_asked(tracker: Tracker) -> bool:
    """Whether the bot offered the rating buttons in this conversation."""
    return any(
        str(button.get("payload", "")).startswith("/rate")
        for event in tracker.events
        if event.get("event") == "bot"
        for button in (event.get("data") or {}).get("buttons") or []
    )


def asks_beside_rating(text: str) -> bool:
    """Whether a message with a rating also asks a question of its own, in a
    part that holds no digit of the rating."""
    return any(
        asks(part, text) and not re.search(r"\d|stern", part, re.IGNORECASE)
        for part in question_parts(text)
    )


class ActionRecordRating(DatabaseAction):
    """Store the customer's rating (1 to 5) and thank them. For the share of
    conversations that get the recommendation question (``bot.nps``) the
    thanks is short and the slot ``nps_due`` starts ``nps_form``
    (actions/survey.py, data/rules/survey.yml)."""

    def name(self) -> str:
        return "action_record_rating"

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        value = next(tracker.get_latest_entity_values("rating"), None)
        text = latest_text(tracker)
        spoken = spoken_rating(text)
        if value is None and spoken is not None and not threatens_review(text):
            # "war echt hilfreich, 4 von 5", "5/5 👍" without the buttons.
            value = str(spoken)
        late_score = survey.button_score(tracker)
        if value is None and late_score is not None and nps.in_range(late_score):
            return survey.record_late_score(session, dispatcher, tracker, late_score)
        if value is None and gives_new_details(tracker):
            # An IBAN typed after the change of details was offered.
            return file_change_instead(dispatcher)
        if value is None and has_iban(text):
            # "neue IBAN: DE89 …, trag die bitte ein": how details are changed.
            return [FollowupAction(ANSWER_ACTION)]
        if (
            value is None
            and not rating_was_asked(tracker)
            and (names_consequence(text) or threatens_review(text))
        ):
            # "und ne 1 sterne bewertung gibts obendrauf": a public review
            # threatened, not a rating of this chat.
            return [FollowupAction(DEESCALATE_ACTION)]
        if value is None and (typed_apart(tracker) or any(details_in_message(tracker))):
            # "A S V Q U A 5 6 7", digits the NLU took for a rating: a code
            # or an address, which the verification takes.
            return [] if tracker.active_loop_name else [FollowupAction(INFORM_ACTION)]
        if value is None and asks_to_be_called(text):
            # "ruft mich einfach an: 0152/…, ab 17 uhr": the team writes, it
            # does not call; when, and the offer of that reply.
            return offer_callback_when(dispatcher, tracker)
        if value is None and not rating_was_asked(tracker):
            # Digits the NLU took for a rating ("Sie erreichen mich unter
            # 0170 …", an IBAN): no survey out of the blue, ask what is meant.
            ask_back(dispatcher, tracker)
            return [SlotSet(survey.DUE, False)]
        try:
            score = int(str(value).strip())
        except (TypeError, ValueError):
            score = 0
        program = conversation_program(session, tracker)
        rating = handoffs.record_rating(
            session,
            conversation_id=tracker.sender_id,
            score=score,
            program_id=program.id if program else None,
        )
        if rating is None:
            dispatcher.utter_message(response="utter_ask_rating", buttons=RATING_BUTTONS)
            return [SlotSet(survey.DUE, False)]
        if asks_beside_rating(text):
            # "danke, 5 sterne. und die prämie für leonie, wo finde ich die?":
            # thanks for the rating, then the question; no survey on top.
            dispatcher.utter_message(response="utter_rating_noted")
            return [SlotSet(survey.DUE, False), FollowupAction(ANSWER_ACTION)]
        ask_nps = nps.should_ask(session, tracker.sender_id)
        low = rating.score <= 2
        if ask_nps:
            dispatcher.utter_message(
                response="utter_rating_low_noted" if low else "utter_rating_noted"
            )
        else:
            dispatcher.utter_message(response="utter_rating_low" if low else "utter_rating_thanks")
        return [SlotSet(survey.DUE, ask_nps)]

    def on_database_error(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        # Every path sets nps_due, so the rules after this action always match.
        dispatcher.utter_message(response="utter_rating_thanks")
        return [SlotSet(survey.DUE, False)]
