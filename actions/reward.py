"""Reward status and lost reward mails, for verified customers."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.base import (
    AFFIRM_ACTION,
    ANSWER_ACTION,
    CALLBACK_ACTION,
    CASE_ALREADY_OPEN_RESPONSES,
    CLARIFY_ACTION,
    DATA_RIGHTS_ACTION,
    DISPUTE_ACTION,
    HANDOFF_ACTION,
    HOW_LONG_ACTION,
    INFORM_ACTION,
    MEANING_ACTION,
    NEW_ADDRESS,
    RESEND_ACTION,
    REWARD_MAIL_ACTION,
    TICKET_RESPONSES,
    DatabaseAction,
    Events,
    ask_new_address_again,
    details_in_message,
    gives_code_unverified,
    last_bot_action,
    last_bot_response,
    last_bot_text,
    latest_text,
    names_other_program,
    offered_callback,
    offered_callback_before,
    ran_this_turn,
    repeats_lost_address,
    said_before,
    said_within_before,
    verified_referrer,
    verified_referrer_id,
    yes_without_address,
)
from actions.cases import (
    DATA_RIGHTS_EMAIL_ASKS,
    add_to_newest_case,
    asks_team_to_check_mail,
    current_case,
    data_rights_ticket,
    explain_resend_limit,
    limit_check_buttons,
    masked_reply_address,
    newest_case,
    offer_callback_when,
    old_address_after_all,
    record_and_confirm,
    request_text,
    tell_when_contacted,
    yes_no_buttons,
)
from actions.empathy import condolence_follow_up
from actions.follow_up import (
    CHANGE_DETAILS_ENTRY,
    DATA_RIGHTS_TIME_ENTRY,
    OTHERS_STATUS_ENTRY,
    account_changed,
    answer_how_long,
    asks_meaning_of_last_answer,
    bank_details_not_shown,
    customer_report,
    last_topic,
    pointed_report,
    referrer_with_open_step,
    status_is_topic,
    status_meaning_for,
    stay_entry,
    voucher_holds,
)
from actions.knowledge import (
    CODE_OTHER_PROGRAM_ENTRY,
    DATA_RETENTION_ENTRY,
    HIGHER_REWARD_ENTRY,
    OWN_DURATION_INTENTS,
    RECOMMEND_AGAIN_ENTRY,
    REWARD_OVERDUE_ENTRY,
    TIMELINE_ENTRY,
    TIMING_OF,
    VALIDITY_ENTRY,
    WAITING_WHY_ENTRY,
    WHY_ACTION,
    answer_beside_own_dates,
    answer_entry,
    answer_further_questions,
    clear_question_besides_timing,
    data_rights_just_filed,
    for_the_customer,
    friends_advantage_entry,
    is_conditional_follow_up,
    public_question,
    question_besides_mail,
    whose_data,
)
from actions.wording import (
    asks_arrival,
    asks_code_shown,
    asks_data_kept,
    asks_data_request_time,
    asks_for_confirmation,
    asks_for_mail_reply,
    asks_for_others_status,
    asks_for_person,
    asks_friends_stay,
    asks_friends_time,
    asks_how_soon,
    asks_how_to_get,
    asks_if_by_phone,
    asks_if_case_open,
    asks_in_writing,
    asks_mail_again,
    asks_meaning,
    asks_names,
    asks_reward_after_request,
    asks_since_when,
    asks_summary,
    asks_to_change_details,
    asks_transfer_time,
    asks_when,
    asks_when_contacted,
    asks_when_past,
    asks_when_team_there,
    asks_where_sent,
    asks_why,
    demands_more,
    finds_answer_unhelpful,
    is_question,
    names_mail_or_reward,
    names_reward,
    names_status,
    names_waiting,
    objects_to_marketing,
    opens_with_why,
    opens_with_yes,
    says_account_changed,
    says_not_arrived,
    tells_own_missing_beside,
    wants_other_address,
)
from bot import handoff as handoffs
from bot.cases import OVERDUE_REPLY_WORKDAYS, add_to_ticket, add_workdays, open_ticket
from bot.clock import today
from bot.first_names import all_female
from bot.formatting import format_date, mask_email
from bot.knowledge.entries import knowledge_base
from bot.knowledge.matcher import asked_entries, entry_matcher, question_parts
from bot.knowledge.phrases import phrase
from bot.models import Referrer, Reward, TicketKind
from bot.reward_mail import (
    describe_mail,
    mailed_rewards,
    open_limit_case,
    resend,
    resend_limit_reached,
    transferred_rewards,
)
from bot.reward_status import StatusReport, how_long
from bot.topics import HUMAN_BUTTON
from bot.verification import normalize_email

# What happens when a reward is late (knowledge base).


def answer_status(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker, referrer: Referrer
) -> Events:
    """Tell where each referral stands (or the one a follow-up points at);
    open a case for overdue rewards."""
    day = today()
    report = customer_report(tracker, referrer)
    text = report.text
    # "und bei Leonie?" right after the list that named her: what her state
    # means (something new), not her line word for word once more.
    pointed = report.states[0] if len(report.states) == 1 else None
    repeated = (
        pointed is not None and bool(pointed.meaning) and said_within_before(tracker, pointed.text)
    )
    if pointed is not None and repeated:
        # Without its "Das heißt:" lead-in: the customer named a friend, not a word.
        meaning = pointed.meaning.removeprefix("Das heißt: ")
        text = meaning[:1].upper() + meaning[1:]
    buttons: list[dict[str, str]] = []
    offered: str | None = None
    if report.overdue:
        due = add_workdays(day, OVERDUE_REPLY_WORKDAYS)
        numbers = []
        for state in report.overdue:
            opened = open_ticket(
                session,
                TicketKind.OVERDUE_REWARD,
                tracker.sender_id,
                details=phrase("ticket.overdue", due=format_date(state.due_on)),
                due_on=due,
                program_id=referrer.program_id,
                referrer_id=referrer.id,
                referral_id=state.referral_id,
            )
            numbers.append(str(opened.ticket.id))
        text += "\n" + phrase(
            "status.overdue_case",
            numbers=", ".join(numbers),
            due=format_date(due),
            address=mask_email(referrer.email),
        )
        buttons.append(HUMAN_BUTTON.as_dict())
    else:
        listed = {state.referral_id for state in report.states}
        rewards = [reward for reward in mailed_rewards(referrer) if reward.referral_id in listed]
        if report.any_resendable and rewards:
            if not repeated:
                # (The meaning of a sent mail offers the resend itself.)
                text += "\n" + phrase("status.offer_resend")
            buttons = yes_no_buttons()
            offered = str(rewards[0].id)
        elif (
            rewards
            and resend_limit_reached(rewards[0])
            and (case := open_limit_case(session, rewards[0]))
        ):
            # The case for it is with the team already: that case, no offer.
            text += "\n" + phrase(
                "status.limit_case_open",
                count=rewards[0].resend_count,
                ticket_id=case.id,
                due=format_date(case.due_on),
            )
            buttons.append(HUMAN_BUTTON.as_dict())
        elif rewards and resend_limit_reached(rewards[0]):
            # Sent again as often as allowed: a yes opens the case a person
            # decides on (resend_offered_reward), no resend is promised.
            text += "\n" + phrase("status.offer_limit_check", count=rewards[0].resend_count)
            buttons = limit_check_buttons()
            offered = str(rewards[0].id)
        elif rewards and rewards[0].mail_bounced:
            # The mail bounced: ask for the address to check right away, so
            # the customer need not know to write "die Mail kam nicht an".
            dispatcher.utter_message(text=text)
            return [
                *ask_new_address(dispatcher, rewards[0]),
                SlotSet("status_told", True),
                SlotSet("friend_female", all_female([state.friend for state in report.states])),
            ]
    dispatcher.utter_message(text=text, buttons=buttons or None)
    return [
        SlotSet("resend_reward", offered),
        SlotSet("status_told", True),
        SlotSet("friend_female", all_female([state.friend for state in report.states])),
        # "Aber sie hat doch abgeschlossen!" is then a dispute (actions/complaint.py).
        SlotSet("status_disputable", bool(report.refused)),
    ]


def answer_names(dispatcher: CollectingDispatcher, report: StatusReport) -> Events:
    """ "wie heißt der, der da registriert ist?" after the status: the names
    as the records hold them (of the referral the message points at, or all),
    masked, why only so, and a person to check a name the customer does not
    know (someone else may have used the link)."""
    names = [state.friend for state in report.states if state.friend]
    if not names:
        dispatcher.utter_message(text=report.text)  # no referral on record
        return []
    dispatcher.utter_message(
        response="utter_referral_names",
        names=", ".join(dict.fromkeys(names)),
        buttons=[HUMAN_BUTTON.as_dict()],
    )
    # The customer's own referrals stay the topic ("und bei den anderen?").
    return [SlotSet("status_told", True)]


def ask_new_address(dispatcher: CollectingDispatcher, reward: Reward) -> Events:
    """Ask where a bounced reward mail should go instead; the answer becomes
    an address check for an agent (``answer_new_address``)."""
    dispatcher.utter_message(response="utter_ask_new_address")
    return [SlotSet("resend_reward", str(reward.id)), SlotSet("pending_request", NEW_ADDRESS)]


def transfer_said_missing(tracker: Tracker, referrer: Referrer) -> bool:
    """Whether the customer, whose reward was paid by transfer, said when
    asking that the money did not arrive (the details came after, or in the
    same message: "bei mir ist noch kein Geld angekommen. ASV-… …@…")."""
    if mailed_rewards(referrer) or not transferred_rewards(referrer):
        return False
    said = (request_text(tracker, "ask_reward_status"), latest_text(tracker))
    return any(says_not_arrived(text) for text in said)


def answer_reward_mail(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker, referrer: Referrer
) -> Events:
    """Find the reward mail and offer to resend it to the address on file."""
    rewards = mailed_rewards(referrer)
    # Code and e-mail alone answer the request for them: the customer's words
    # came with the request ("auf meinem konto ist aber nix").
    text = latest_text(tracker)
    if any(details_in_message(tracker)) and not says_not_arrived(text):
        text = request_text(tracker, "reward_mail_missing")
    if not rewards and transferred_rewards(referrer):
        if not says_not_arrived(text):
            if tracker.get_slot("status_told") and newest_case(session, tracker.sender_id):
                # "und wenn das geld doch nie ankommt?" once the payment is
                # with the team: that case and its date.
                return tell_when_contacted(session, dispatcher, tracker)
            if tracker.get_slot("status_told"):
                # "die mail hab ich aber nie gekriegt" after the transfer was
                # told: no mail belongs to a transfer, not the status again.
                dispatcher.utter_message(
                    response="utter_transfer_has_no_mail", buttons=[HUMAN_BUTTON.as_dict()]
                )
                return []
            # A reward paid by transfer has no mail to look for: the status.
            return answer_status(session, dispatcher, tracker, referrer)
        # "Das Geld ist nicht angekommen": no mail to resend, but a transfer
        # the bank did not show; the team checks the payment. Not told yet,
        # the customer first hears when it went out.
        if (case := add_to_newest_case(session, tracker.sender_id, text)) is not None:
            # "das stimmt nicht, ich hab alle kontoauszüge durchgeschaut" once
            # the payment went to the team in this chat: noted on that case,
            # with its date, not a second case.
            number, due = case
            dispatcher.utter_message(
                response="utter_case_note_added",
                case_id=number,
                due=format_date(due),
                buttons=[HUMAN_BUTTON.as_dict()],
            )
            return []
        events: Events = []
        if not tracker.get_slot("status_told"):
            events = answer_status(session, dispatcher, tracker, referrer)
        record_and_confirm(session, dispatcher, tracker, referrer.id, "utter_dispute_recorded")
        events.append(SlotSet("status_disputable", False))
        if demands_more(text):
            # "auf meinem konto ist nix. für den ärger will ich das doppelte":
            # the payment checked, and the higher reward declined.
            higher = knowledge_base().get(HIGHER_REWARD_ENTRY)
            events += answer_entry(session, dispatcher, tracker, higher, with_buttons=False)
        return events
    if not rewards:
        if tracker.get_slot("status_told") and is_conditional_follow_up(latest_text(tracker)):
            # "und wenn dann immer noch nix da is?" after the dates: what to do
            # when a reward is late, not that no mail went out yet.
            overdue = knowledge_base().get(REWARD_OVERDUE_ENTRY)
            return answer_entry(session, dispatcher, tracker, overdue)
        # Nothing was mailed yet: the status says why (it opens with "Danke,
        # ich habe Ihre Empfehlung gefunden"), then that no mail went out.
        # Told already, the status is not repeated ("im Spam ist nix").
        if tracker.get_slot("status_told"):
            dispatcher.utter_message(response="utter_no_reward_mail_yet_told")
            return []
        events = answer_status(session, dispatcher, tracker, referrer)
        if all(state.refused for state in customer_report(tracker, referrer).states):
            # "… ich habe bis heute nichts bekommen" with an expired referral:
            # the status says why no reward comes; no mail "once it is time".
            return events
        dispatcher.utter_message(response="utter_no_reward_mail_yet")
        return events
    reward = rewards[0]
    case = open_limit_case(session, reward)
    if case is not None and last_bot_response(tracker) in CASE_ALREADY_OPEN_RESPONSES:
        text = latest_text(tracker)
        if asks_for_person(text) or finds_answer_unhelpful(text):
            # "spam hab ich geguckt, das hilft mir nicht" right after the case
            # was named: a person, not the same words again.
            return [FollowupAction(HANDOFF_ACTION)]
        # "im spam hab ich schon geschaut, da ist nix": what the customer
        # tried goes to the case the team works on, no second case offered.
        add_to_ticket(case, text)
        dispatcher.utter_message(
            response="utter_case_note_added",
            case_id=case.id,
            due=format_date(case.due_on),
            buttons=[HUMAN_BUTTON.as_dict()],
        )
        return []
    if case is not None and not asks_mail_again(latest_text(tracker)):
        # "kann ich die mail auf meine arbeitsadresse umstellen?" once the
        # case at the resend limit is with the team: that case, no new offer.
        other = wants_other_address(latest_text(tracker))
        dispatcher.utter_message(
            response=(
                "utter_resend_limit_case_other_address" if other else "utter_resend_limit_case_open"
            ),
            ticket_id=case.id,
            due=format_date(case.due_on),
            count=reward.resend_count,
            address=mask_email(reward.delivery_email),
        )
        return []
    if case is not None:
        # "hallo?? ich hab gesagt nochmal senden" once the mail went out as
        # often as allowed: the case a person already looks into, no new offer.
        dispatcher.utter_message(
            response="utter_resend_limit_again",
            count=reward.resend_count,
            address=mask_email(reward.delivery_email),
            ticket_id=case.id,
            due=format_date(case.due_on),
        )
        return []
    if reward.mail_bounced:
        if (events := old_address_after_all(session, dispatcher, tracker)) is not None:
            return events
        if said_before(tracker, "utter_address_check_ticket"):
            # "dann doch an die alte, ich schau im Spam" once the new address
            # is with the team: why the old one cannot work, not the same again.
            dispatcher.utter_message(response="utter_bounced_new_address_pending")
            return []
        # Resending would bounce again, and a new address is never taken from
        # the chat alone: the customer names one, an agent confirms it.
        dispatcher.utter_message(text=describe_mail(reward, today()))
        return ask_new_address(dispatcher, reward)
    buttons = limit_check_buttons() if resend_limit_reached(reward) else yes_no_buttons()
    dispatcher.utter_message(text=describe_mail(reward, today()), buttons=buttons)
    return [SlotSet("resend_reward", str(reward.id))]


def answer_new_address(
    session: Session,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    email: str,
    verified_now: Referrer | None = None,
) -> Events:
    """The customer named a new address for the reward mail (it bounced, or
    the customer moved to another address): a ticket for an agent, who
    confirms the address before anything is sent there. ``verified_now`` is
    the customer verified by this very message (the slots do not name them yet)."""
    referrer_id = verified_now.id if verified_now else verified_referrer_id(session, tracker)
    reward = _offered_reward(session, tracker.get_slot("resend_reward"))
    referrer = verified_now or verified_referrer(session, tracker)
    if reward is None and referrer is not None:
        # After a resend (the offer is done): the newest reward mail.
        reward = next(iter(mailed_rewards(referrer)), None)
    if reward is None or referrer_id is None or reward.referral.referrer_id != referrer_id:
        # "schickt es an meine neue adresse …" when no reward was mailed: there
        # is nothing to send; how the address on file is changed instead.
        change = knowledge_base().get(CHANGE_DETAILS_ENTRY)
        if referrer is None or change is None:
            dispatcher.utter_message(response="utter_inform")
            return [SlotSet("pending_request", None)]
        dispatcher.utter_message(response="utter_nothing_to_send")
        return [
            SlotSet("pending_request", None),
            *answer_entry(session, dispatcher, tracker, change),
        ]
    opened = open_ticket(
        session,
        TicketKind.ADDRESS_CHECK,
        tracker.sender_id,
        phrase(
            "ticket.address_check" if reward.mail_bounced else "ticket.address_new",
            description=reward.description,
        ),
        due_on=add_workdays(today(), OVERDUE_REPLY_WORKDAYS),
        program_id=reward.referral.program_id,
        referrer_id=referrer_id,
        referral_id=reward.referral_id,
        contact_email=email,
    )
    if not opened.is_new:
        # The check is still open: the agent confirms the address named last.
        opened.ticket.contact_email = email
    dispatcher.utter_message(
        response="utter_address_check_ticket",
        ticket_id=str(opened.ticket.id),
        due=format_date(opened.ticket.due_on),
        email=mask_email(email),
    )
    return [
        SlotSet("pending_request", None),
        SlotSet("resend_reward", None),
        SlotSet("email", None),
    ]


class ActionRewardStatus(DatabaseAction):
    def name(self) -> str:
        return "action_reward_status"

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        if offered_callback(tracker) and asks_when_contacted(latest_text(tracker)):
            # "ok und wann meldet sich da jemand? heute noch?" to the offer of
            # an e-mail reply: when the team writes, not the status again.
            return offer_callback_when(dispatcher, tracker)
        referrer = verified_referrer(session, tracker)
        if referrer is None:
            dispatcher.utter_message(response="utter_ask_reward_status")
            return []
        if asks_for_others_status(latest_text(tracker)) and tracker.get_slot("status_told"):
            # "bei meiner frau auch? die hat auch wen geworben und hört nix"
            # after the customer's own status: hers needs her own details.
            others = knowledge_base().get(OTHERS_STATUS_ENTRY)
            return answer_entry(session, dispatcher, tracker, others)
        if names_other_program(tracker, referrer.program.slug):
            # "ich hab übrigens auch bei FunkNetz meinen Nachbarn geworben, wie
            # sieht es da aus?": that program's referrals need its own code,
            # looked up on its page; never this program's status again.
            other = knowledge_base().get(CODE_OTHER_PROGRAM_ENTRY)
            return answer_entry(session, dispatcher, tracker, other)
        if tracker.get_slot("status_told") and asks_to_change_details(latest_text(tracker)):
            # "wie änder ich die mailadresse bei euch?" after the status.
            change = knowledge_base().get(CHANGE_DETAILS_ENTRY)
            return answer_entry(session, dispatcher, tracker, change)
        if tracker.get_slot("resend_reward") and says_not_arrived(latest_text(tracker)):
            # "also bei mir ist nix angekommen" after "per E-Mail geschickt
            # am …": the mail, where to look for it, and the resend offered again.
            return answer_reward_mail(session, dispatcher, tracker, referrer)
        if asks_meaning_of_last_answer(tracker):
            # "Wartezeit? Das kann nicht sein" right after the status.
            return [FollowupAction(MEANING_ACTION)]
        asks_reward = asks_reward_after_request(latest_text(tracker))
        if asks_reward and data_rights_ticket(session, tracker.sender_id) is not None:
            # "und was wird dann aus meiner prämie?" once a deletion was
            # filed: what the request does to a reward, not the status.
            return [FollowupAction(ANSWER_ACTION)]
        if status_is_topic(tracker) and says_not_arrived(latest_text(tracker)):
            # "überwiesen? auf meinem Konto ist nix" right after the status:
            # the reward that did not arrive (a resend, or a case to check).
            return [FollowupAction(REWARD_MAIL_ACTION)]
        if status_is_topic(tracker) and asks_why(latest_text(tracker)):
            # "und warum dauert das so lange?" right after the status: the
            # reason for the step it waits for, not the status again.
            return [FollowupAction(WHY_ACTION)]
        after_entry = last_topic(tracker) is not None and not status_is_topic(tracker)
        if after_entry and (entry := public_question(tracker)) is not None:
            # "und bei meiner mutter?" after whom one may recommend, read as
            # the status: a follow-up on that rule.
            return answer_entry(session, dispatcher, tracker, entry)
        if tracker.get_slot("status_told") and asks_names(latest_text(tracker)):
            # "wer ist denn die zweite? da steht nur n abgekürzter name".
            return answer_names(dispatcher, customer_report(tracker, referrer))
        if pointed_report(tracker, referrer) is not None:
            # "ich mein die dritte, wann kommt da was": that referral's status.
            return answer_status(session, dispatcher, tracker, referrer)
        # Sent here after the rule was answered, only the dates are left.
        rule_answered = ran_this_turn(tracker, ANSWER_ACTION)
        if tracker.get_slot("status_told") and not rule_answered:
            text = latest_text(tracker)
            summary = names_status(text) or asks_summary(text)
            rule = None if summary else clear_question_besides_timing(tracker)
            if rule is not None:
                # "jo passt danke. kann ich eig noch mehr leute werben oder is
                # bei 3 schluss" after the status: the rule, not the dates again.
                return answer_entry(session, dispatcher, tracker, rule)
            # "gibts da ne grenze? und wann kommt die erste?": both.
            beside = answer_beside_own_dates(session, dispatcher, tracker)
            if beside is not None:
                return beside
        if tracker.get_slot("status_told") and not asks_summary(latest_text(tracker)):
            return answer_how_long(dispatcher, tracker, referrer, again=True)
        # "kannst du das nochmal kurz zusammenfassen?": the whole status again.
        return answer_status(session, dispatcher, tracker, referrer)


# What the bot says right after a case went to the team, or about it.
CASE_TALK = (
    TICKET_RESPONSES
    | set(CASE_ALREADY_OPEN_RESPONSES)
    | {"utter_case_already_filed", "utter_case_confirmation", "utter_case_note_added"}
)


# Actions that confirm a GDPR request with its deadline.
DATA_RIGHTS_ANSWERS = frozenset({"action_answer_pending", DATA_RIGHTS_ACTION})


class ActionHowLong(DatabaseAction):
    """A follow-up "wie lange noch?": after the recommended friend's bonus,
    when that comes; a message that clearly asks another entry ("an welches
    Konto denn?"), that entry; for a verified customer, the days until the
    next step of each referral; otherwise the program's general timeline and
    the offer to look up the customer's own referral."""

    def name(self) -> str:
        return HOW_LONG_ACTION

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        if gives_code_unverified(tracker, with_email=False):
            # "ASV-… …@… wie lange muss ich bei mir noch warten": the
            # customer's own referrals, verified first.
            return [FollowupAction(INFORM_ACTION)]
        if asks_team_to_check_mail(tracker):
            return [FollowupAction(RESEND_ACTION)]
        if asks_where_sent(latest_text(tracker)) and tracker.get_slot("status_told"):
            # "und an welche adresse geht der dann?" after the status, read as
            # a question of time: where the reward mail goes.
            return [FollowupAction(REWARD_MAIL_ACTION)]
        if asks_data_kept(latest_text(tracker)):
            # "wie lange bewahren Sie meine Daten noch auf?" while a case is
            # open: how long data are kept, not the case's date.
            return answer_entry(
                session, dispatcher, tracker, knowledge_base().get(DATA_RETENTION_ENTRY)
            )
        if (events := bank_details_not_shown(dispatcher, tracker)) is not None:
            # "die IBAN, auf die das gebucht wurde?" read as when it was paid.
            return events
        text = latest_text(tracker)
        if asks_transfer_time(text) and tracker.get_slot("status_told"):
            # "wie lange dauert so eine Überweisung normalerweise?" after the
            # transfer was told (and said missing): how long a transfer
            # takes from the day it left, then the open case and its date.
            referrer = verified_referrer(session, tracker)
            meaning = status_meaning_for(tracker, referrer) if referrer else None
            if meaning:
                dispatcher.utter_message(text=meaning)
                if current_case(session, tracker) is not None:
                    return tell_when_contacted(session, dispatcher, tracker)
                return []
        if last_bot_response(tracker) == "utter_dispute_offer" and opens_with_yes(text):
            # "ja bitte, das wäre sehr lieb. wie lange dauert das dann?" to the
            # offer of a second check: the check filed, with its date.
            return [FollowupAction(DISPUTE_ACTION)]
        if asks_friends_stay(text):
            # "wie lange muss der nächste denn drinbleiben, damit es zählt?"
            # while a case is open: the periods, not the case's date; "wie
            # lange muss ich bleiben, damit er sein geld kriegt?" from the
            # recommended friend: when their leaving no longer costs it.
            stays = knowledge_base().get(stay_entry(tracker))
            return answer_entry(session, dispatcher, tracker, stays)
        why_waiting = (
            opens_with_why(text) and names_waiting(text) and tracker.get_slot("status_told")
        )
        # The records are read only for such a message, not on every question of time.
        referrer = verified_referrer(session, tracker) if why_waiting else None
        if referrer is not None:
            # "wieso denn wartezeit, der ist doch schon kunde?? wie lange
            # noch": why there is one, then the customer's own dates.
            why = answer_entry(
                session, dispatcher, tracker, knowledge_base().get(WAITING_WHY_ENTRY)
            )
            return why + answer_how_long(dispatcher, tracker, referrer)
        topic = last_topic(tracker)
        if topic is not None and topic.id == RECOMMEND_AGAIN_ENTRY and not names_reward(text):
            # "und wie lange ist das dann gültig?" after recommending again:
            # the new recommendation's term, not the voucher's.
            return answer_entry(session, dispatcher, tracker, knowledge_base().get(VALIDITY_ENTRY))
        if (events := voucher_holds(session, dispatcher, tracker)) is not None:
            return events
        if (events := explain_resend_limit(session, dispatcher, tracker)) is not None:
            # "und wie lange dauert das mit dem Ticket?" to the offer of the
            # team at the resend limit: by when it answers, the offer again.
            return events
        if asks_when_team_there(latest_text(tracker)):
            # "wann ist denn da jemand? heute noch?": when the team is back
            # (or the person now), with the offer of an e-mail reply.
            return [FollowupAction(HANDOFF_ACTION)]
        if condolence_follow_up(dispatcher, tracker):
            # "und wie lange dauert sowas?" after condolences: a person
            # settles the deceased's reward, no timeline of the program.
            return []
        filed = data_rights_just_filed(tracker)
        confirmation = asks_for_confirmation(text) and not asks_in_writing(text)
        asks_deadline = asks_data_request_time(text) or confirmation
        if (filed or asks_deadline or last_bot_action(tracker) in DATA_RIGHTS_ANSWERS) and (
            ticket := data_rights_ticket(session, tracker.sender_id)
        ):
            # "und wann krieg ich die?" after the GDPR request, "wann ist die
            # löschung durch?" later on: the request's deadline.
            dispatcher.utter_message(
                response="utter_data_rights_when",
                ticket_id=ticket.id,
                due=format_date(ticket.due_on),
                email=masked_reply_address(ticket),
            )
            return []
        if last_bot_response(tracker) in DATA_RIGHTS_EMAIL_ASKS:
            # "wie lang dauert das bis das durch is" while the address for the
            # request is asked: the deadline, and the address still wanted.
            dispatcher.utter_message(response="utter_data_rights_time_then_email")
            return []
        if asks_deadline:
            # "wann ist die löschung durch?" with no request filed: the deadline.
            return answer_entry(
                session, dispatcher, tracker, knowledge_base().get(DATA_RIGHTS_TIME_ENTRY)
            )
        told = tracker.get_slot("status_told")
        if (
            told
            and asks_when_past(latest_text(tracker))
            and (referrer := verified_referrer(session, tracker))
        ):
            # "echt jetzt? wann soll das gewesen sein" after the transfer and
            # the case for it: the date in the records, not the case's date.
            return answer_how_long(dispatcher, tracker, referrer)
        referrer = verified_referrer(session, tracker) if told else None
        if referrer is not None and pointed_report(tracker, referrer) is not None:
            # "und bei dem anderen? also maximilian, wann is der durch" right
            # after a case went to the team: that referral's dates.
            return answer_how_long(dispatcher, tracker, referrer)
        # "wie lange gilt so eine empfehlung überhaupt?" right after a case is
        # a rule of the program, not when the team answers.
        # "und wann genau war das?" right after a case on a transfer asks the
        # transfer's date, not when the team answers.
        about_case = (
            last_bot_response(tracker) in CASE_TALK
            and not names_reward(text)
            and not asks_since_when(text)
            and not asked_entries(entry_matcher(), text)
        )
        if about_case and current_case(session, tracker):
            # "und wann hör ich davon?" right after a case went to the team.
            return tell_when_contacted(session, dispatcher, tracker)
        by_phone = asks_if_by_phone(text)
        about_reply = asks_when_contacted(text) or asks_if_case_open(text) or by_phone
        offer_open = by_phone and offered_callback_before(tracker)
        if about_reply and (offer_open or current_case(session, tracker)):
            # "und wann meldet sich dann jemand?" after the callback request
            # was filed, "hab ich jetzt ein ticket?" after a complaint: that
            # case's number and date, not the address again; "geht das auch
            # telefonisch?" then, or after the offer of an e-mail reply: no.
            return tell_when_contacted(session, dispatcher, tracker)
        if offered_callback(tracker) and (asks_for_mail_reply(text) or asks_for_person(text)):
            # "nee lass mal mit warten, dann soll mir halt einer ne mail
            # schreiben. aber bis wann??": a yes; the reply names its date.
            return [FollowupAction(CALLBACK_ACTION)]
        if offered_callback(tracker) and not names_reward(latest_text(tracker)):
            # "wie lange dauert das, bis sich wer meldet?" to the offer of an
            # e-mail reply: when the team writes, and the offer again; "…
            # bis ich das geld hab?" asks about the reward, not the reply.
            return offer_callback_when(dispatcher, tracker)
        if last_bot_action(tracker) == CALLBACK_ACTION and not verified_referrer(session, tracker):
            # "wie lange dauert das noch?" when the address for the e-mail
            # reply was asked: when the team writes; the address still wanted.
            dispatcher.utter_message(
                response="utter_callback_when", due=format_date(handoffs.callback_due())
            )
            return [FollowupAction(CALLBACK_ACTION)]
        if asks_when_contacted(latest_text(tracker)) or asks_if_case_open(text):
            return tell_when_contacted(session, dispatcher, tracker)
        if asks_for_person(text):
            # "jo passt, dann soll sich jemand melden. wann ungefähr?": the
            # person (or when the team is back), not the reward's timeline.
            return [FollowupAction(HANDOFF_ACTION)]
        if says_account_changed(latest_text(tracker)):
            # "wann genau war das und auf welches konto? ich hab letztes jahr
            # die bank gewechselt" after the transfer: a case, not the dates.
            return account_changed(session, dispatcher, tracker)
        if asks_meaning_of_last_answer(tracker) and not ran_this_turn(tracker, MEANING_ACTION):
            # "was heißt denn Widerrufsfrist, wie lang dauert das noch??": the
            # meaning of the step, which names its date too (unless the meaning
            # sent the customer's own date here).
            return [FollowupAction(MEANING_ACTION)]
        base = knowledge_base()
        context = last_topic(tracker)
        status = status_is_topic(tracker)
        # "und wann kommt jetzt das geld?" after what data is stored asks
        # about the reward, not how long the data is kept.
        leaves_data = (
            context is not None
            and context.intent in OWN_DURATION_INTENTS
            and names_reward(latest_text(tracker))
        )
        # "wie schnell ist es dann da?", "wann kommt der bei mir an?" ask how
        # soon the reward comes, never how long a voucher or data lasts.
        soon = asks_how_soon(latest_text(tracker)) or asks_arrival(latest_text(tracker))
        if context is not None and context.id in TIMING_OF and not (status or leaves_data or soon):
            # "und ab wann hat er das?" after the friend's bonus: when the
            # friend gets it, not the referrer's own reward; "wie lange ist
            # der gutschein dann gültig?" there asks its own entry.
            # After the friend's data, how long the friend's data are kept.
            timing = whose_data(base, tracker, base.get(TIMING_OF[context.id]), text)
            # Asked by the recommended friend, their own version ("wann
            # bekomme ich den?" after their bonus: when it is credited).
            asked = [
                for_the_customer(base, tracker, whose_data(base, tracker, entry, text) or entry)
                or entry
                for entry in asked_entries(entry_matcher(), text)
            ]
            known = {context.id, TIMING_OF[context.id], timing.id if timing else ""}
            other = [entry for entry in asked if entry.id not in known]
            timing = other[0] if other else timing
            return answer_entry(session, dispatcher, tracker, timing) if timing else []
        if context is not None and context.id == CHANGE_DETAILS_ENTRY and not (status or soon):
            # "wie lange dauert das bis das geändert is?": the team's date,
            # once the change is requested.
            dispatcher.utter_message(
                response="utter_change_when",
                due=format_date(handoffs.callback_due()),
                buttons=list(context.buttons),
            )
            return []
        own_duration = context is not None and context.intent in OWN_DURATION_INTENTS
        if own_duration and not (status or soon) and not names_status(latest_text(tracker)):
            # "wie lange dauert das?" after the retention of data or a change
            # of the terms asks about that topic, not about the reward.
            return answer_entry(session, dispatcher, tracker, context)
        referrer = verified_referrer(session, tracker)
        if soon and referrer is not None and tracker.get_slot("status_told"):
            # "ok und wann genau ist es auf dem konto?" after the status: the
            # customer's own dates, whatever the words come near.
            return answer_how_long(dispatcher, tracker, referrer)
        if (asked := clear_question_besides_timing(tracker)) is not None:
            if asks_friends_time(text) and (
                (open_step := referrer_with_open_step(session, tracker)) is not None
            ):
                # "wie lange hat er noch zeit?" after the status comes near how
                # long a recommendation is valid: the friend's own date.
                return answer_how_long(dispatcher, tracker, open_step)
            parts = question_parts(text)
            timing_too = len(parts) > 1 and any(asks_when(part) for part in parts)
            if status and referrer is not None and timing_too:
                # "wie lange dauert das noch? und kommt das per post oder per
                # mail?" after the status: the customer's dates, then the other.
                events = answer_how_long(dispatcher, tracker, referrer)
                return [*events, *answer_entry(session, dispatcher, tracker, asked)]
            return answer_entry(session, dispatcher, tracker, asked)
        if status and referrer is not None and says_not_arrived(latest_text(tracker)):
            # "überwiesen? wann denn, auf meinem Konto ist nix": not a wait
            # for the next step, but a reward that did not arrive.
            return [FollowupAction(REWARD_MAIL_ACTION)]
        if referrer is not None:
            pending = how_long(customer_report(tracker, referrer), referrer.program, today())
            since = asks_since_when(latest_text(tracker))
            if pending is None and not since and current_case(session, tracker):
                # "und wie lang dauert das dann bis ich mein geld hab" when
                # nothing waits for a date but a case is with the team (a new
                # address to confirm): that case's date.
                return tell_when_contacted(session, dispatcher, tracker)
            return answer_how_long(dispatcher, tracker, referrer)
        timeline = base.get(TIMELINE_ENTRY)
        entry = for_the_customer(base, tracker, timeline)
        events = answer_entry(session, dispatcher, tracker, entry) if entry else []
        # "wie viel bekomme ich und wann genau?": the amount too.
        events += answer_further_questions(session, dispatcher, tracker, [TIMELINE_ENTRY])
        if entry is timeline:  # a recommended friend has no status to look up
            dispatcher.utter_message(response="utter_offer_own_status")
        return events


class ActionRewardMail(DatabaseAction):
    def name(self) -> str:
        return REWARD_MAIL_ACTION

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        if repeats_lost_address(tracker):
            return ask_new_address_again(dispatcher)
        if condolence_follow_up(dispatcher, tracker):
            # "das Konto ist seit seinem Tod gesperrt, ist das Geld jetzt
            # weg?" after condolences: the team settles it with the family.
            return []
        text = latest_text(tracker)
        if (friends := friends_advantage_entry(tracker, text)) is not None:
            # "die leonie sagt, sie hat selbst noch nix bekommen": the
            # friend's own advantage from the brand, not the customer's mail;
            # "… und meiner ist angeblich verschickt, hab aber nix bekommen":
            # the customer's own mail after it.
            events = answer_entry(session, dispatcher, tracker, friends)
            referrer = verified_referrer(session, tracker)
            if tells_own_missing_beside(text) and referrer is not None:
                events += answer_reward_mail(session, dispatcher, tracker, referrer)
            return events
        if objects_to_marketing(text) and not is_question(text):
            # "Die Werbung aber bitte sofort einstellen, das hat mit der Prämie
            # nichts zu tun", read as a missing reward mail.
            return [FollowupAction(DATA_RIGHTS_ACTION)]
        objects = asks_meaning(text) or asks_why(text)
        if objects and (events := explain_resend_limit(session, dispatcher, tracker)) is not None:
            # "was soll das heißen nicht mehr möglich??" right after the offer
            # of the team at the resend limit: why, not the same offer again
            # ("kannst du das nicht nochmal schicken?" opens the case).
            return events
        _, new_address = details_in_message(tracker)
        if tracker.get_slot("pending_request") == NEW_ADDRESS:
            if new_address:
                # "im Spam ist nix, schickt ihn bitte an …@…": the new address.
                return answer_new_address(session, dispatcher, tracker, new_address)
            return _explain_bounce(dispatcher, tracker)
        referrer = verified_referrer(session, tracker)
        if referrer is None:
            dispatcher.utter_message(response="utter_reward_mail_missing")
            return []
        if (address := _resent_just_now(tracker, referrer)) is not None and not asks_where_sent(
            text
        ):
            # "ja bitte nochmal schicken" right after "Erledigt: … erneut
            # unterwegs": it is on its way; no second offer, no second mail.
            dispatcher.utter_message(
                response="utter_reward_mail_just_resent",
                address=address,
                buttons=[HUMAN_BUTTON.as_dict()],
            )
            return []
        code_asked = asks_code_shown(latest_text(tracker))
        if code_asked and (events := explain_resend_limit(session, dispatcher, tracker)):
            # "könnt ihr mir den code nicht hier reinschreiben?" to the offer of
            # the team at the resend limit: not here, and that offer once more.
            return events
        if asks_code_shown(latest_text(tracker)):
            # "kann man mir den code hier anzeigen?": the code stays in the
            # mail, which is found and offered again.
            dispatcher.utter_message(response="utter_reward_code_not_in_chat")
            return answer_reward_mail(session, dispatcher, tracker, referrer)
        if (entry := question_besides_mail(tracker)) is not None:
            # "kommt die aufs Konto oder als Gutschein?": no mail is missing.
            return answer_entry(session, dispatcher, tracker, entry)
        text = latest_text(tracker)
        # "An welche Adresse geht der?" asks where the reward mail goes.
        asks_other = not (
            names_mail_or_reward(text) or says_not_arrived(text) or asks_where_sent(text)
        )
        if asks_other and not mailed_rewards(referrer):
            # "kann man das nicht nochmal verlängern?" after an expired
            # referral: no mail is asked about, and there is none to find.
            return [FollowupAction(CLARIFY_ACTION)]
        if new_address and new_address != normalize_email(referrer.email):
            # "könnt ihr den nochmal schicken, aber an meine neue Adresse …":
            # never to an address from the chat alone; the team confirms it.
            return answer_new_address(session, dispatcher, tracker, new_address)
        offered = _offered_reward(session, tracker.get_slot("resend_reward"))
        if (
            offered is not None
            and not offered.mail_bounced
            and not asks_where_sent(latest_text(tracker))
            and not asks_how_to_get(latest_text(tracker))
        ):
            # "Können Sie die nochmal schicken?" after the offer to resend is
            # the customer's yes, not a new question to answer with the offer.
            return resend_offered_reward(session, dispatcher, tracker)
        return answer_reward_mail(session, dispatcher, tracker, referrer)


def _resent_just_now(tracker: Tracker, referrer: Referrer) -> str | None:
    """The masked address the reward mail was resent to in the bot's last
    message, or None when it was not resent just now."""
    said = last_bot_text(tracker) or ""
    for reward in mailed_rewards(referrer):
        address = mask_email(reward.delivery_email)
        if phrase("reward_mail.resent", address=address) in said:
            return address
    return None


def _explain_bounce(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
    """ "Da ist aber nix angekommen" after the bot told that the reward mail
    bounced and asked for a new address: why nothing arrived (not even in
    spam), then the question for the address; the same again asks for it
    once more, with the person offered."""
    if last_bot_response(tracker) == "utter_bounced_mail_explained":
        return ask_new_address_again(dispatcher)
    if asks_mail_again(latest_text(tracker)):
        # "ja bitte nochmal schicken" when a new address was asked: not to
        # the old one again, and the two ways on.
        dispatcher.utter_message(
            response="utter_bounced_no_resend", buttons=[HUMAN_BUTTON.as_dict()]
        )
        return []
    dispatcher.utter_message(
        response="utter_bounced_mail_explained", buttons=[HUMAN_BUTTON.as_dict()]
    )
    return []


class ActionResendReward(DatabaseAction):
    """The customer said yes to resending the reward mail."""

    def name(self) -> str:
        return RESEND_ACTION

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        return resend_offered_reward(session, dispatcher, tracker)


def resend_offered_reward(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events:
    """Resend the reward mail the bot offered to resend (slot ``resend_reward``)."""
    referrer_id = verified_referrer_id(session, tracker)
    reward = _offered_reward(session, tracker.get_slot("resend_reward"))
    # The slot is ours, but check ownership anyway: never someone else's reward.
    if reward is None or referrer_id is None or reward.referral.referrer_id != referrer_id:
        # No resend was offered (a rule expected one after this answer): the
        # yes is taken as any other ("ja bitte, mach das" to a person offered).
        return [SlotSet("resend_reward", None), FollowupAction(AFFIRM_ACTION)]
    _, typed = details_in_message(tracker)
    if typed and typed != normalize_email(reward.referral.referrer.email):
        # "ich hab eine neue Adresse, schick das bitte an …@…": never a resend
        # to the old address, never one to the new address from the chat alone.
        return answer_new_address(session, dispatcher, tracker, typed)
    if reward.mail_bounced or tracker.get_slot("pending_request") == NEW_ADDRESS:
        return [*yes_without_address(dispatcher), SlotSet("resend_reward", None)]
    result = resend(
        session, reward, reward.referral.program.resend_limit, tracker.sender_id, today()
    )
    if result.ticket is not None:
        dispatcher.utter_message(
            response="utter_resend_limit_ticket",
            count=reward.resend_count,
            address=mask_email(reward.delivery_email),
            ticket_id=result.ticket.id,
            due=format_date(result.ticket.due_on),
        )
    else:
        dispatcher.utter_message(text=result.text)
    return [SlotSet("resend_reward", None)]


def _offered_reward(session: Session, value: Any) -> Reward | None:
    try:
        return session.get(Reward, int(value))
    except (TypeError, ValueError):
        return None
