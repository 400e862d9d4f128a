"""Complaints: the customer's words are recorded (personal data masked,
linked to the referrer once verified), with a follow-up date and a person
offered. Asked "Was ist passiert?", many customers answer with code and
e-mail: they are verified and get their status first.

A complaint that already tells what happened is recorded at once; one right
after an answer about a rule ("das ist doch unfair") is about that rule."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.base import (
    ANSWER_ACTION,
    CALLBACK_BUTTONS,
    COMPLAINT_ACTION,
    DEESCALATE_ACTION,
    DISPUTE_ACTION,
    HANDOFF_ACTION,
    HOW_LONG_ACTION,
    INFORM_ACTION,
    MEANING_ACTION,
    MISMATCH_RESPONSES,
    OWN_REWARD_INTENTS,
    RECORD_ACTION,
    REWARD_MAIL_ACTION,
    STATUS_PAYLOAD,
    DatabaseAction,
    Events,
    button_click,
    case_just_filed,
    details_in_message,
    last_bot_action,
    last_bot_response,
    latest_confidence,
    latest_intent,
    latest_text,
    offered_callback,
    ran_this_turn,
    slot_set_in,
    user_texts,
    verified_referrer,
    verified_referrer_id,
)
from actions.cases import (
    COMPLAINT_TURNS,
    add_to_newest_case,
    current_case,
    explain_resend_limit,
    offer_second_check,
    record_and_confirm,
    remind_of_case,
)
from actions.follow_up import (
    BRAND_CONTACT_ENTRY,
    TERMS_ENTRY,
    answer_follow_up,
    asks_meaning_of_last_answer,
    brand_matter_not_passed_on,
    contract_deadline,
    last_topic,
    own_records_follow_up,
    status_among_last_answers,
    status_is_topic,
    status_meaning_for,
)
from actions.inform import ActionInform
from actions.knowledge import (
    FRIEND_CODE_ENTRY,
    HIGHER_REWARD_ENTRY,
    WHY_ACTION,
    answer_entry,
    find_entry,
    is_referred_friend,
    likely_entry,
    question_behind_no,
    recommended_person_data,
    record_dispute,
    signed_without_code_entry,
    start_status_lookup,
    status_reasons,
    tells_reward_missing,
    told_entry_asked_again,
    why_of_last_turn,
)
from actions.wording import (
    asks_for_person,
    asks_mail_again,
    asks_own_reward_when,
    asks_postal_address,
    asks_when,
    asks_where_written,
    asks_why,
    calls_it_wrong,
    closing_thanks,
    declines_offer,
    demands_more,
    files_complaint,
    first_sentence,
    goodbye_response,
    is_question,
    is_thanks,
    names_brand_matter,
    names_reward,
    names_status,
    opens_with_why,
    says_friend_signed,
    says_has_recommended,
    says_never_told,
    says_not_arrived,
    speaks_of_missed_code,
    takes_leave,
    thank_response,
    threatens_to_cancel,
    waits_for_own_reward,
    wants_person,
    without_interjection,
)
from bot import handoff as handoffs
from bot.formatting import format_date
from bot.knowledge.entries import Entry, knowledge_base
from bot.knowledge.matcher import entry_matcher
from bot.models import ReferralStatus, Referrer, RejectionReason
from bot.topics import HUMAN_BUTTON


def question_behind_anger(tracker: Tracker) -> Entry | None:
    """The entry an unsure complaint that opens with a question clearly asks
    for ("warum schreibt ihr mir? …"); None otherwise."""
    text = latest_text(tracker)
    if latest_confidence(tracker) >= SURE_COMPLAINT or not is_question(first_sentence(text)):
        return None
    match = entry_matcher().best(text)
    return match.entry if match is not None and match.is_clear else None


# When a new contract after a withdrawn one counts for the referrer.
SIGNED_AGAIN_ENTRY = "friend_signs_again_referrer"


def withdrawn_referral(referrer: Referrer) -> bool:
    """Whether one of the customer's referrals was refused because the friend
    withdrew the contract."""
    return any(
        referral.status is ReferralStatus.REJECTED
        and referral.rejection_reason is RejectionReason.CONTRACT_CANCELLED
        for referral in referrer.referrals
    )


# A complaint of this many words tells what happened ("Ich habe dreimal bei
# der Hotline angerufen …"); shorter ones ("Frechheit!") are asked for it.
STORY_WORDS = 20
# The bot's answers about the program's rules: a complaint right after one is
# about that rule.
RULE_ANSWERS = frozenset({ANSWER_ACTION, "action_explain_why", HOW_LONG_ACTION})


# The bot's answers when code and e-mail address did not match: a complaint
# right after one ("doch, das ist mein Code!!") is about the mismatch.

# Below this confidence a question the NLU took for a complaint ("und krieg
# ich für alle drei das gleiche?") is answered when an entry answers it.
SURE_COMPLAINT = 0.7


def tells_what_happened(text: str) -> bool:
    return len(text.split()) >= STORY_WORDS


def record_complaint_turn(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker, response: str
) -> Events:
    """Record the complaint and confirm it with ``response``; code and e-mail
    in the message are verified first and the status told."""
    events: Events = []
    code, email = details_in_message(tracker)
    if code and email:
        # "Was ist passiert?" answered with code and e-mail: the status
        # is the answer the customer waits for, then the complaint.
        events = ActionInform.verify_and_answer(session, dispatcher, tracker, code, email)
    verified = slot_set_in(events, "verified_referrer")
    referrer_id = int(verified) if verified else verified_referrer_id(session, tracker)
    record_and_confirm(session, dispatcher, tracker, referrer_id, response)
    return events


def friends_missed_code(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """ "kann man das nachtragen? sie ist enttäuscht", "ich weiß ihren Code
    nicht" from the recommended friend, as a complaint or as its story: how
    the referrer's code is added (never a complaint recorded); None when the
    message is no such thing."""
    if not (is_referred_friend(tracker) and speaks_of_missed_code(latest_text(tracker))):
        return None
    entry = knowledge_base().get(FRIEND_CODE_ENTRY)
    return answer_entry(session, dispatcher, tracker, entry)


class ActionComplaint(DatabaseAction):
    """A new complaint. One that tells the whole story is recorded at once
    (by ``action_record_complaint``, so that what follows is not taken as its
    details); right after an answer about a rule or the customer's status,
    the objection to it is acknowledged and a person offered; otherwise
    ``utter_complaint`` asks what happened. After these, the rules in
    data/rules/complaint.yml record the customer's next message."""

    def name(self) -> str:
        return COMPLAINT_ACTION

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        if asks_postal_address(latest_text(tracker)):
            # "ich werde mich per brief beschweren": where a letter goes,
            # before what happened is asked (it may be told here as well).
            dispatcher.utter_message(response="utter_postal_address", **knowledge_base().operator)
        return self._complaint(session, dispatcher, tracker)

    def _complaint(
        self, session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Events:
        if (closing := closing_thanks(latest_text(tracker))) is not None:
            # "Schade. Danke trotzdem" after a refusal: the customer closes
            # kindly; no complaint to ask about.
            dispatcher.utter_message(response=closing)
            return []
        if (events := friends_missed_code(session, dispatcher, tracker)) is not None:
            return events
        if asks_for_person(latest_text(tracker)) and not tells_what_happened(latest_text(tracker)):
            # "Frechheit. Dann bestehe ich darauf, dass das ein Mitarbeiter
            # prüft.": the person asked for, not a question what happened.
            return [FollowupAction(HANDOFF_ACTION)]
        if (again := told_entry_asked_again(tracker)) is not None:
            # "und das mit der steuer nochmal, hab ich nicht kapiert": an
            # earlier answer asked for again, no complaint.
            return answer_entry(session, dispatcher, tracker, again)
        if (asked := question_behind_anger(tracker)) is not None:
            # "warum schreibt ihr mir? ich bin bei euch gar nicht kunde": an
            # angry question that an entry answers, not a story to tell.
            return answer_entry(session, dispatcher, tracker, asked)
        code, _ = details_in_message(tracker)
        waits = names_reward(latest_text(tracker)) or names_status(latest_text(tracker))
        if (
            not code
            and tells_reward_missing(tracker)
            and not tells_what_happened(latest_text(tracker))
        ):
            # "Ich habe mein Geld nie bekommen!!! Unverschämtheit": what
            # happened is told; sorry, and the lookup it asks for.
            dispatcher.utter_message(response="utter_complaint_reward_missing")
            return start_status_lookup()
        if code and waits and tracker.get_slot("verification") is None:
            # "ich bin echt sauer, seit wochen warte ich auf meinen
            # gutschein!!! sse-ord789": the code says what the anger is
            # about; the status is looked up, not asked what happened.
            dispatcher.utter_message(response="utter_complaint_with_code")
            return start_status_lookup()
        if offered_callback(tracker) and not is_question(latest_text(tracker)):
            # "tagsüber hab ich keine zeit, das ist doch lächerlich" to the
            # offer of an e-mail reply: that reply needs nobody online.
            dispatcher.utter_message(
                response="utter_callback_offer_grumble",
                due=format_date(handoffs.callback_due()),
                buttons=CALLBACK_BUTTONS,
            )
            return []
        if (events := brand_matter_not_passed_on(session, dispatcher, tracker)) is not None:
            # "kannst du das nicht einfach weiterleiten, hab keinen bock auf
            # die hotline" after the brand's service was named.
            return events
        if (data_entry := recommended_person_data(tracker)) is not None:
            # "also hat mein schwager die einfach eingetippt … na super" after
            # the unexpected mail: the recommended person's way to their data.
            return answer_entry(session, dispatcher, tracker, data_entry)
        if (events := explain_resend_limit(session, dispatcher, tracker)) is not None:
            # "warum kann man die nicht einfach nochmal schicken?? ist doch
            # euer fehler" to the offer of the team instead of a resend.
            return events
        unsure = latest_confidence(tracker) < SURE_COMPLAINT
        if unsure and (action := own_records_follow_up(session, tracker)) is not None:
            # "und bei der anderen? leonie" after the status of three
            # referrals: that referral's status, not an objection.
            return [FollowupAction(action)]
        text = latest_text(tracker)
        reward_when = asks_own_reward_when(text) or (asks_when(text) and names_reward(text))
        if unsure and reward_when and not verified_referrer_id(session, tracker):
            # "Das ist mir zu umständlich. Ich will doch nur wissen, wann das
            # Geld kommt." without a code: the program's timeline, and the
            # offer to look up the own referral (action_how_long).
            return [FollowupAction(HOW_LONG_ACTION)]
        where = asks_where_written(text) or says_never_told(text)
        if where and (events := answer_follow_up(session, dispatcher, tracker)) is not None:
            # "echt jetzt? davon hat mir keiner was gesagt. wo steht das"
            # after a rule: where it is written, not an apology.
            return events
        if says_never_told(text):
            # "davon stand nirgends was. das ist unverschämt" after the
            # status named a rule: sorry, and where the rules are written.
            dispatcher.utter_message(response="utter_sorry_not_known")
            terms = knowledge_base().get(TERMS_ENTRY)
            return answer_entry(session, dispatcher, tracker, terms, with_buttons=False)
        if wants_person(text) and not tells_what_happened(text):
            # "ich möchte, dass sich ein Mitarbeiter den Fall anschaut" once a
            # case is with the team: that it does; "kannst du doch jemanden
            # drauf ansetzen?" otherwise: the person, not a story to tell.
            if current_case(session, tracker) is not None:
                return offer_second_check(session, dispatcher, tracker)
            return [FollowupAction(HANDOFF_ACTION)]
        if (without_code := signed_without_code_entry(tracker)) is not None:
            # "hab schon abgeschlossen und nix eingegeben, zählt das jetzt
            # garnicht mehr?": whether the code can be added, not a complaint.
            return answer_entry(session, dispatcher, tracker, without_code)
        if asks_why(latest_text(tracker)) and why_of_last_turn(tracker) is not None:
            # "das is doch lächerlich, ich schreib ihnen die adresse doch grad
            # hin. warum geht das nicht??" right after the address check.
            return [FollowupAction(WHY_ACTION)]
        if case_just_filed(tracker) and not tells_what_happened(latest_text(tracker)):
            if asks_mail_again(latest_text(tracker)):
                # "hallo?? ich hab gesagt nochmal senden" after the resend limit.
                return [FollowupAction(REWARD_MAIL_ACTION)]
            if (events := remind_of_case(session, dispatcher, tracker)) is not None:
                # "na toll, und jetzt?!" right after the case went to the team.
                return events
        just_mismatched = last_bot_response(tracker) in MISMATCH_RESPONSES
        if just_mismatched and any(details_in_message(tracker)):
            # "ah sorry, das war ein O und keine Null. SSE-…": the correction.
            return [FollowupAction(INFORM_ACTION)]
        if just_mismatched and not tells_what_happened(latest_text(tracker)):
            # "doch, das ist mein Code!!" right after code and address did not
            # match: what else may be wrong, and a person.
            dispatcher.utter_message(
                response="utter_mismatch_unclear", buttons=[HUMAN_BUTTON.as_dict()]
            )
            return []
        if tells_what_happened(latest_text(tracker)) or all(details_in_message(tracker)):
            # The whole story, or code and e-mail with it ("Ich warte ewig!
            # ASV-… name@…"): verified, the status told, the complaint recorded.
            return [FollowupAction(RECORD_ACTION)]
        if files_complaint(text) and len(user_texts(tracker)) > COMPLAINT_TURNS:
            # "dann beschwere ich mich offiziell" after the matter was told
            # over several turns: recorded with those words, not asked again.
            return [FollowupAction(RECORD_ACTION)]
        after_rule = last_bot_action(tracker) in RULE_ANSWERS or last_topic(tracker) is not None
        if (after_rule or status_is_topic(tracker)) and opens_with_why(text):
            # "warum nicht, ist doch das gleiche" after the cash refusal, "wieso
            # is die eine schon durch und die andre net" after the status: the
            # reason behind it, not an apology.
            return [FollowupAction(WHY_ACTION)]
        reacts = without_interjection(text) != text
        unsure_question = is_question(text) and latest_confidence(tracker) < SURE_COMPLAINT
        if (reacts or unsure_question) and find_entry(knowledge_base(), tracker):
            # "schade. und meinen Bruder?": a reaction, then a question of its
            # own, which gets its answer; so does a question the NLU was
            # unsure of ("und krieg ich für alle drei das gleiche?").
            return [FollowupAction(ANSWER_ACTION)]
        if last_bot_action(tracker) in RULE_ANSWERS:
            dispatcher.utter_message(
                response="utter_complaint_about_rule", buttons=[HUMAN_BUTTON.as_dict()]
            )
            return []
        if status_is_topic(tracker):
            # "Frechheit, das ist ja schon überfällig!" after the status: an
            # objection to what the records say, for the team to check.
            dispatcher.utter_message(
                response="utter_complaint_about_status", buttons=[HUMAN_BUTTON.as_dict()]
            )
            return []
        dispatcher.utter_message(response="utter_complaint")
        return []


# At least this sure, what the customer tells about a referral is a status question.
_SURE_OWN_REWARD = 0.5


class ActionRecordComplaint(DatabaseAction):
    """Record the complaint (the customer's last messages), thank them with
    its number and follow-up date, and offer a person."""

    def name(self) -> str:
        return RECORD_ACTION

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        text = latest_text(tracker)
        if (events := friends_missed_code(session, dispatcher, tracker)) is not None:
            return events
        if (closing := closing_thanks(text)) is not None:
            # "naja trotzdem danke" when asked what bothers the customer:
            # nothing to record.
            dispatcher.utter_message(response=closing)
            return []
        declined = declines_offer(text) and not tells_what_happened(text)
        if declined and (events := question_behind_no(dispatcher, tracker)) is not None:
            # "ne lass mal. wo ist der gutschein überhaupt, hab noch nix
            # bekommen": nothing to record, and the question behind the no.
            return events
        if declined:
            # "nee passt schon. tschau" when asked whether the criticism
            # should go to the team: nothing to record.
            dispatcher.utter_message(
                response=goodbye_response(text) if takes_leave(text) else "utter_callback_declined"
            )
            return []
        if threatens_to_cancel(text):
            # "ich kündige meinen Vertrag" when asked what happened: heard
            # calmly, where a contract is cancelled (the brand, never here),
            # the facts and a person, not a thank-you for the feedback.
            return [FollowupAction(DEESCALATE_ACTION)]
        code, email = details_in_message(tracker)
        if (code or email) and not (code and email) and not tells_what_happened(text):
            # "ah sorry, vertippt. ASV-…": a corrected detail, not the
            # complaint's story; the verification goes on with it.
            return [FollowupAction(INFORM_ACTION)]
        # "… als Beschwerde festhalten lassen. Bis wann höre ich etwas?": the
        # question is about the complaint itself, which its confirmation answers.
        new_question = is_question(text) and not tells_what_happened(text)
        new_question = new_question and not files_complaint(text)
        if new_question and find_entry(knowledge_base(), tracker) is not None:
            # "na gut. muss ich das versteuern?" when asked what bothers the
            # customer: a new question, not the complaint's story.
            return [FollowupAction(ANSWER_ACTION)]
        if new_question and (asked := likely_entry(text)) is not None:
            # "naja eigentlich wollt ich nur wissen, wie lang mein Gutschein
            # gilt", though the NLU took it for something else.
            return answer_entry(session, dispatcher, tracker, asked)
        if names_brand_matter(text) and not names_reward(text) and not names_status(text):
            # "meine stromrechnung ist viel zu hoch, der zähler wurde falsch
            # abgelesen" when asked what happened: the brand's matter, which
            # its own service settles; a case with us would promise a check
            # nobody here can make.
            brand = knowledge_base().get(BRAND_CONTACT_ENTRY)
            return answer_entry(session, dispatcher, tracker, brand)
        own_reward = latest_intent(tracker) in OWN_REWARD_INTENTS
        sure = latest_confidence(tracker) >= _SURE_OWN_REWARD
        facts = own_reward and sure and says_has_recommended(text)
        if facts and verified_referrer_id(session, tracker) is None:
            # "ich hab die elif geworben und die hat schon lang abgeschlossen"
            # after "wo is mein geld": the facts of a referral, which the
            # status answers, so it is looked up (code and address first);
            # "seit monaten warte ich und keiner antwortet" is filed.
            return button_click(STATUS_PAYLOAD)
        # Straight from action_complaint: the customer told everything at once
        # and was not asked, so the bot has not said it is sorry yet.
        told_at_once = ran_this_turn(tracker, COMPLAINT_ACTION)
        response = "utter_complaint_heard" if told_at_once else "utter_complaint_recorded"
        events = record_complaint_turn(session, dispatcher, tracker, response)
        if demands_more(text):
            # "… ich will jetzt das doppelte als entschädigung": recorded, and
            # the higher reward declined in the same turn, not left open.
            higher = knowledge_base().get(HIGHER_REWARD_ENTRY)
            events += answer_entry(session, dispatcher, tracker, higher, with_buttons=False)
        missing = says_not_arrived(text) or waits_for_own_reward(text)
        verified_now = slot_set_in(events, "verified_referrer") is not None
        if missing and not verified_now and verified_referrer_id(session, tracker) is None:
            # "… ich warte immer noch auf den gutschein": where it is, looked
            # up once code and address are given.
            dispatcher.utter_message(response="utter_offer_own_status")
        if asks_postal_address(text) and not told_at_once:
            # "ich will mich schriftlich beschweren, per brief. an welche
            # adresse?": recorded here as well, and where a letter goes
            # (action_complaint named it already when it ran this turn).
            dispatcher.utter_message(response="utter_postal_address", **knowledge_base().operator)
        return events


class ActionRecordDispute(DatabaseAction):
    """A complaint right after a status without reward ("aber sie hat doch
    abgeschlossen!"): the customer already said what is wrong, so the
    objection is recorded at once for the team to check the referral again,
    instead of asking "Was ist passiert?"."""

    def name(self) -> str:
        return DISPUTE_ACTION

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        text = latest_text(tracker)
        explains = asks_meaning_of_last_answer(tracker)
        objects = calls_it_wrong(text) or says_friend_signed(text)
        if says_never_told(text) and not objects:
            # "das hat mir aber keiner gesagt" after the reason: an apology
            # and where the rules are written, no objection to the facts.
            return [FollowupAction(COMPLAINT_ACTION)]
        if explains and not objects:
            # "Was bedeutet abgelaufen? Ich habe doch nichts falsch gemacht."
            return [FollowupAction(MEANING_ACTION)]
        leaves = is_thanks(text) and takes_leave(text) and "?" not in text
        if (leaves or closing_thanks(text) is not None) and not calls_it_wrong(text):
            # "Na gut. Vielen Dank für Ihre Geduld, schönen Abend noch." after
            # the reasons: the customer closes, nothing to record.
            dispatcher.utter_message(response=thank_response(text))
            # As after a recorded objection (the rule's step): the turn ends.
            return [SlotSet("status_disputable", False)]
        if asks_own_reward_when(text) and not calls_it_wrong(text):
            # "verstehst du mich überhaupt? ich will nur wissen ob das geld
            # kommt oder nicht": when it comes, no objection to record.
            return [FollowupAction(HOW_LONG_ACTION)]
        # "warum ist hannah nur registriert? sie hat ihre karte schon" while
        # the status waits for a contract: why it may not show, below.
        signed_pending = says_friend_signed(text) and not tracker.get_slot("status_disputable")
        why_first = opens_with_why(text) and not calls_it_wrong(text) and not signed_pending
        if status_is_topic(tracker) and why_first:
            # "Wieso abgelaufen? Er wollte sich doch nur etwas Zeit lassen.":
            # the reasons behind the outcome first; an objection after them
            # is recorded.
            return [FollowupAction(WHY_ACTION)]
        if case_just_filed(tracker) and says_friend_signed(text):
            # "er hat am 3. November abgeschlossen" right after the objection
            # went to the team: a fact for that case, noted on it.
            case = add_to_newest_case(session, tracker.sender_id, text)
            if case is not None:
                number, due = case
                dispatcher.utter_message(
                    response="utter_case_note_added", case_id=number, due=format_date(due)
                )
                return [SlotSet("status_disputable", False)]
        # "wer ist bei euch eigentlich für sowas zuständig? fühl mich
        # verarscht", "na toll, und jetzt?!" right after the objection went to
        # the team: that case, never a second one.
        told = remind_of_case(session, dispatcher, tracker)
        if told is not None:
            return [*told, SlotSet("status_disputable", False)]
        referrer_id = verified_referrer_id(session, tracker)
        # "bringt mir nix, der hat ja schon nen vertrag" a few answers after
        # the status still objects to it: the friend signed after all.
        signed = says_friend_signed(latest_text(tracker)) and tracker.get_slot("status_told")
        if referrer_id is None or not (signed or status_among_last_answers(tracker)):
            # Other topics came between: an ordinary complaint ("Was ist passiert?").
            return [SlotSet("status_disputable", False), FollowupAction(COMPLAINT_ACTION)]
        referrer = verified_referrer(session, tracker)
        agrees = signed and referrer is not None and not tracker.get_slot("status_disputable")
        if agrees and contract_deadline(tracker, referrer) is None:
            # "sie ist doch längst kundin!" when the status says so too: no
            # objection to record, the dates it is waiting for; "warum dauert
            # das so lange, er hat doch schon bestellt": why it waits, told
            # here (the why action sends a friend said to have signed here).
            if asks_why(text) and (reasons := status_reasons(session, tracker, None)):
                dispatcher.utter_message(text=reasons, buttons=[HUMAN_BUTTON.as_dict()])
                return [SlotSet("status_disputable", False)]
            return [FollowupAction(WHY_ACTION if asks_why(text) else HOW_LONG_ACTION)]
        if explains and referrer is not None:
            # "was heisst abgelaufen? er hat doch einen vertrag gemacht!": what
            # the state means, then the objection recorded for the team.
            meaning = status_meaning_for(tracker, referrer)
            if meaning is not None:
                dispatcher.utter_message(text=meaning)
        elif signed and referrer is not None and withdrawn_referral(referrer):
            # "die hat aber danach wieder neu abgeschlossen, das zählt doch
            # auch" after a withdrawn referral: when a new contract counts,
            # then the check recorded.
            again = knowledge_base().get(SIGNED_AGAIN_ENTRY)
            answer_entry(session, dispatcher, tracker, again, with_buttons=False)
        elif signed and referrer is not None and (deadline := contract_deadline(tracker, referrer)):
            friend = deadline[0]
            if asks_why(text):
                # "wieso tut sich bei dem nix? der hat doch längst gewechselt":
                # why a contract may not show yet is the answer; the check is
                # offered, nothing recorded the customer did not ask for.
                dispatcher.utter_message(
                    response="utter_contract_not_seen_yet_why",
                    friend=friend,
                    buttons=[HUMAN_BUTTON.as_dict()],
                )
                return [SlotSet("status_disputable", False)]
            # "der hat aber letzte woche schon unterschrieben!" while the
            # status says registered: why a contract may not show yet.
            dispatcher.utter_message(response="utter_contract_not_seen_yet", friend=friend)
        return record_dispute(session, dispatcher, tracker, referrer_id)
