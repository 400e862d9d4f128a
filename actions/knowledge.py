"""Answers from the knowledge base (``knowledge/``, ``bot/knowledge``).

``action_answer_question`` answers the entry the customer asked for, for the
program of the conversation (or the one the message names), remembers it as
the topic of the conversation (slot ``kb_entry``), and never gives the same
text twice: the second time the entry's more concrete ``again`` text and a
person, the third time the offer of a person. It also answers a bare program
name ("und bei SonnenStrom?") with the last topic for that program, and an
out-of-scope message that clearly asks an entry's question anyway.
``action_explain_why`` answers a follow-up "warum?" with the reason behind
the last topic.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.base import (
    ANSWER_ACTION,
    CALLBACK_BUTTONS,
    CALLBACK_DECLINED_ACTION,
    CLARIFY_ACTION,
    COMPLAINT_ACTION,
    COMPLAINT_CASE_TALK,
    DATA_RIGHTS_REQUEST,
    DENY_ACTION,
    FRIEND_INTENT,
    HANDOFF_ACTION,
    HOW_LONG_ACTION,
    INFORM_ACTION,
    INSULT_ACTION,
    MEANING_ACTION,
    NEW_ADDRESS,
    NO_CODE_DATA_ENTRIES,
    NOT_HELPFUL_ACTION,
    PRIVACY_INTENTS,
    RESEND_ACTION,
    REWARD_MAIL_ACTION,
    STATUS_ACTION,
    VERIFICATION_FORM,
    VERIFIED,
    WHY_ACTION,
    DatabaseAction,
    Events,
    button_click,
    case_told,
    confirms_ticket,
    conversation_program,
    detail_asked,
    details_in_message,
    friend_is_a_woman,
    gives_code_unverified,
    in_friend_data_thread,
    intent_confidence,
    intent_count,
    last_bot_action,
    last_bot_buttons,
    last_bot_response,
    last_bot_text,
    latest_confidence,
    latest_entity,
    latest_intent,
    latest_text,
    named_program,
    names_other_program,
    offered_callback,
    others_data_right_asked,
    program_slots,
    program_slug,
    ran_this_turn,
    responses_of_last_turn,
    responses_this_turn,
    said_before,
    said_recommended_earlier,
    said_text_before,
    user_texts,
    verified_referrer,
    verified_referrer_id,
)
from actions.cases import (
    DATA_RIGHTS_EMAIL_ASKS,
    current_case,
    explain_resend_limit,
    record_and_confirm,
    remind_of_case,
    tell_when_contacted,
    tell_who_handles,
    yes_no_buttons,
)
from actions.empathy import FASTER_PAYOUT_ENTRY, SYMPATHY_ACTION, condoled, tells_of_death
from actions.follow_up import (
    BRAND_CONTACT_ENTRY,
    BRAND_HOURS_ENTRY,
    BRAND_PHONE_ENTRY,
    CHANGE_DETAILS_ENTRY,
    CODE_WHERE_ENTRY,
    DATA_RIGHTS_TIME_ENTRY,
    DELETION_REWARD_ENTRY,
    FRIEND_CANCELS_OWN_ENTRY,
    FRIEND_DATA_ENTRY,
    MOVED_ENTRY,
    NOTIFICATION_ENTRY,
    OTHERS_DATA_RIGHTS_ENTRY,
    OTHERS_STATUS_ENTRY,
    PROGRAM_CONTACT_ENTRY,
    REWARD_ENTRY,
    VALIDITY_ENTRY,
    WAITING_ENTRY,
    WAITING_WHY_ENTRY,
    answer_follow_up,
    answer_how_long,
    asks_meaning_of_last_answer,
    brand_matter_not_passed_on,
    change_while_verified,
    contract_deadline,
    customer_report,
    last_topic,
    pointed_report,
    referrer_with_open_step,
    status_among_last_answers,
    status_is_topic,
    status_meaning_for,
    told_entries,
)
from actions.wording import (
    acts_for_them,
    after_first_sentence,
    asks_about_code,
    asks_about_friends_advantage,
    asks_about_own_cancelling,
    asks_about_self,
    asks_about_their_data,
    asks_code_shown,
    asks_data_kept,
    asks_for_confirmation,
    asks_for_others_status,
    asks_for_person,
    asks_for_reward_tersely,
    asks_friends_stay,
    asks_hours,
    asks_how_long_kept,
    asks_how_reward_is_announced,
    asks_how_soon,
    asks_if_also,
    asks_if_move_matters,
    asks_if_never_signs,
    asks_if_other_may_refer,
    asks_in_general,
    asks_in_writing,
    asks_legal_basis,
    asks_loyalty_reward,
    asks_may_recommend,
    asks_own_code,
    asks_own_reward_when,
    asks_own_status,
    asks_postal_address,
    asks_stage_meaning,
    asks_to_add_later,
    asks_to_change,
    asks_to_check_whether,
    asks_to_push_friend,
    asks_to_reach_named,
    asks_to_speed_up,
    asks_what_other_gets,
    asks_what_referrer_sees,
    asks_when,
    asks_where_code,
    asks_where_code_is,
    asks_where_to_cancel,
    asks_where_to_write,
    asks_which_contracts_count,
    asks_who_does,
    asks_who_handles,
    asks_who_reads,
    asks_who_recommended,
    asks_whom_if,
    asks_why,
    asks_why_friend_contact,
    asks_written_copy,
    awaits_friends_bonus,
    closing_thanks,
    declines_offer,
    declines_person,
    doubts_mail_is_genuine,
    echoes_status,
    insults_bot,
    is_personal,
    is_question,
    mentions_code,
    names_brand_matter,
    names_brand_service,
    names_limit,
    names_mail,
    names_my_data,
    names_own_data,
    names_postal_address,
    names_privacy,
    names_reward,
    names_sign_channel,
    names_someone_recommended,
    names_status,
    names_their_code,
    names_their_referrer,
    names_their_reward,
    names_waiting,
    new_topic_after_opener,
    opens_with_why,
    other_takes_part,
    person_as_condition,
    person_to_recommend,
    points_at_other,
    puts_request_off,
    question_itself,
    recommended_while_customer,
    recommends_again,
    says_already_customer,
    says_code_lost,
    says_details_given_by_other,
    says_has_no_code,
    says_has_recommended,
    says_never_consented,
    says_never_got,
    says_never_told,
    says_not_arrived,
    says_not_my_fault,
    says_own_address_changes,
    says_own_revocation,
    says_referred_self,
    says_self_recommended,
    says_signed_without_code,
    says_takes_long,
    speaks_as_referrer,
    speaks_of_a_person,
    speaks_of_friend_cancelling,
    speaks_of_own_data,
    speaks_of_signing_again,
    takes_no_part,
    waits_for_own_reward,
    wanted_the_time,
    wants_person,
    wants_sent_to_other,
    wants_what_others_pay,
    without_interjection,
)
from bot.cases import DATA_RIGHTS_ENTRY_KINDS
from bot.chat_contract import HELP_ENTRY
from bot.clock import today
from bot.formatting import format_date, has_iban
from bot.knowledge.entries import Entry, KnowledgeBase, knowledge_base
from bot.knowledge.facts import as_message, needs_program, render
from bot.knowledge.matcher import (
    CLEAR_SIMILARITY,
    MIN_PART_WORDS,
    SUPPORTED_SIMILARITY,
    Match,
    asked_entries,
    entry_matcher,
    further_entries,
    question_parts,
)
from bot.knowledge.phrases import phrase
from bot.models import Program
from bot.programs import find_program
from bot.referral_code import find_codes
from bot.reward_mail import mailed_rewards
from bot.reward_status import how_long, why_rejected, why_waiting
from bot.topics import HUMAN_BUTTON, default_topic_buttons
from bot.verification import normalize_email

MAX_RELATED_BUTTONS = 2
# Questions answered besides the first in one message: enough for a numbered
# list of questions ("1) … 2) … 3) …"), each still has to be a clear match.
MAX_FURTHER_ANSWERS = 4
# A message naming a program with at most this many words (in its first sentence)
# refers to the last topic.
BARE_PROGRAM_WORDS = 4
# What the bot says when a message of these intents names no entry.
NOTHING_FOUND = {"out_of_scope": "utter_out_of_scope"}
# The same person recommended once more.
RECOMMEND_AGAIN_ENTRY = "recommend_again"
WHICH_CONTRACTS_ENTRY = "which_contracts"
FRIEND_ALREADY_CUSTOMER_ENTRY = "friend_already_customer"
# The entry with the program's timeline from contract to reward.
TIMELINE_ENTRY = "payout_time"
SELF_REFERRAL_ENTRY = "self_referral"
SIGN_CHANNELS_ENTRY = "sign_channels"
STATUS_TERMS_ENTRY = "status_terms"
LOYALTY_ENTRY = "loyalty"
# What the customer gets: "und ihm?" after them asks what the friend gets.
_REWARD_TOPICS = frozenset({"reward_amount", "reward_per_referral", "how_it_works"})
# The recommended friend asking what their own cancelling means for the referrer.
PRIVACY_CONTACT_ENTRY = "privacy_contact"
BUSINESS_HOURS_ENTRY = "business_hours"
# A new contract after a revoked one, asked by the person who recommended.
SIGNS_AGAIN_ENTRY = "friend_signs_again_referrer"
# A revoked or cancelled contract, named by the customer or the bot's last answer.
_REVOKED = re.compile(r"widerruf|widerrief|gek(ü|ue|u)ndigt|k(ü|ue|u)ndigung|storn", re.IGNORECASE)
# "Der Vertrag wurde innerhalb der Widerrufsfrist widerrufen.": the bot told
# of a revoked referral (not a rule naming the withdrawal period).
_WAS_REVOKED = re.compile(
    r"\bwurde\b[^.!?]{0,40}\b(widerrufen|storniert|gek(ü|ue|u)ndigt)\b", re.IGNORECASE
)
# "zählt das noch als geworben?": asked from the recommended friend's side.
_AS_RECOMMENDED = re.compile(r"\bals\s+geworben\w*\b", re.IGNORECASE)
JOIN_ENTRY = "join_program"
WHO_SEES_ENTRY = "data_who_sees"
DATA_RETENTION_ENTRY = "data_retention"
WRITTEN_COPY_ENTRY = "written_confirmation"
# Why the reward waits: the answer to "warum dauert das so lange?" without a topic.

# Entries whose answer already tells another entry's fact: the recommended
# friend's welcome names their own advantage, so "ich wurde geworben, was
# bekomme ich?" gets it once, not a second message that repeats it.
FRIEND_REWARD_ENTRY = "friend_own_reward"
ANSWER_INCLUDES: dict[str, frozenset[str]] = {
    "referred_friend": frozenset({FRIEND_REWARD_ENTRY}),
}


def entry_payload(intent: str, entry_id: str) -> str:
    """The payload that asks for an entry directly: '/ask_terms{"kb_entry": "imprint"}'."""
    return f'/{intent}{{"kb_entry": "{entry_id}"}}'


# The button that files a change of details (verified first).
CHANGE_REQUEST = entry_payload("request_data_rights", "change_details")


def entry_button(entry: Entry) -> dict[str, str]:
    """A button that asks for ``entry`` directly."""
    return {"title": entry.title, "payload": entry_payload(entry.intent, entry.id)}


def revocation_named(tracker: Tracker, text: str) -> bool:
    """Whether the message or the bot earlier in this conversation (a status
    with a revoked referral) named a revoked or cancelled contract."""
    if _REVOKED.search(text):
        return True
    return any(
        _WAS_REVOKED.search(event.get("text") or "")
        for event in tracker.events
        if event.get("event") == "bot"
    )


def likely_entry(text: str) -> Entry | None:
    """The entry whose questions a question comes close to, whatever the NLU
    read; None when none is close enough."""
    match = entry_matcher().best(text)
    return match.entry if match is not None and match.similarity >= SUPPORTED_SIMILARITY else None


def whom_to_turn_to(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """ "und wenn meine Prämie nicht kommt, an wen wende ich mich dann?":
    whom to turn to if it should happen (the entry the question comes close
    to, for the customer who asks), no person wished for now; None when the
    message is no such question."""
    text = latest_text(tracker)
    if not asks_whom_if(text) or (entry := likely_entry(text)) is None:
        return None
    asked = for_the_customer(knowledge_base(), tracker, entry)
    return answer_entry(session, dispatcher, tracker, asked)


def pushes_friend(tracker: Tracker, text: str) -> bool:
    """Whether the message asks to nudge a friend into signing ("lässt der
    sich irgendwie antreiben?"), about a person or after the status."""
    if not asks_to_push_friend(text) or says_self_recommended(text):
        return False
    about_friend = speaks_of_a_person(text) or names_someone_recommended(text)
    return about_friend or bool(tracker.get_slot("status_told"))


# "nochmal", "hab ich nicht verstanden": an earlier answer asked for again.
_ASKED_AGAIN = re.compile(
    r"\bnicht\s+(so\s+)?(ganz\s+|richtig\s+)?(verstanden|kapiert|begriffen|gecheckt)\b"
    r"|\berkl(ä|ae)r\w*\s+(\w+\s+){0,3}(nochmal|noch\s+mal|genauer|einfacher)\b"
    r"|\b(nochmal|noch\s+mal)\s+(\w+\s+){0,2}erkl(ä|ae)r\w*",
    re.IGNORECASE,
)


def told_entry_asked_again(tracker: Tracker) -> Entry | None:
    """The entry told earlier in this conversation that an unclear message
    asks for again ("das mit der steuer nochmal"): the best match among the
    told entries; None when the message asks nothing again."""
    text = latest_text(tracker)
    if _ASKED_AGAIN.search(text) is None:
        return None
    # Only among the few best matches: "kannst du das nochmal erklären" names
    # no earlier topic (the last answer's follow-up handles it).
    top = entry_matcher().rank(text)[:_AGAIN_CANDIDATES]
    told = told_entries(tracker)
    return next((match.entry for match in top if match.entry.id in told), None)


# How many of the best matches may name the earlier entry asked again.
_AGAIN_CANDIDATES = 2


def find_entry(base: KnowledgeBase, tracker: Tracker) -> Entry | None:
    """The entry this message asks for, or None.

    A button names its entry; a bare program name refers to the last topic;
    a knowledge-base intent gets the best matching entry, else the intent's
    default; any other intent (out of scope, unsure) only a clear match.
    """
    intent = latest_intent(tracker)
    # "naja egal. andere frage, wenn ich meinen kumpel werb kriegt der dann
    # auch was?": a question of its own, never a follow-up on the last topic.
    moves_on = new_topic_after_opener(latest_text(tracker)) is not None
    context = None if moves_on else last_topic(tracker)
    named = base.get(latest_entity(tracker, "kb_entry"))
    if named is not None:
        return named
    # "ok trotzdem danke. noch was, kann ich stattdessen wen anders
    # empfehlen?": the question after the opener is matched, not the thanks.
    text = without_interjection(
        new_topic_after_opener(latest_text(tracker)) or latest_text(tracker)
    )
    # "und bei SonnenStrom?", "und bei autosicher? da bin ich auch kunde": a
    # program and hardly anything else in the first sentence.
    first_sentence = re.split(r"[?.!;]", text, maxsplit=1)[0]
    program_at = [
        int(entity.get("start") or 0)
        for entity in tracker.latest_message.get("entities") or []
        if entity.get("entity") == "program"
    ]
    # "und FunkNetz selbst? kriegen die meine daten?" asks about the brand.
    brand_itself = re.search(r"\bselbst\b|\bselber\b", first_sentence, re.IGNORECASE)
    bare_program = (
        len(first_sentence.split()) <= BARE_PROGRAM_WORDS
        and any(start < len(first_sentence) for start in program_at)
        and brand_itself is None
    )
    # "gilt das auch für meinen handyvertrag? der ist bei funknetz": the last
    # topic asked for that program, wherever it is named.
    also_there = bool(program_at) and asks_if_also(text)
    if others_data_right_asked(tracker):
        # "ich schreibe für meine Mutter, sie möchte gelöscht werden": her
        # own right, or with her written authority.
        return base.get(others_data_entry(tracker, text))
    if pushes_friend(tracker, text):
        # "kann man ihn nicht irgendwie anschubsen?": reminding the friend.
        return base.get(REMIND_FRIEND_ENTRY)
    again_asked = context is not None and context.id == RECOMMEND_AGAIN_ENTRY
    if again_asked and asks_when(text) and not names_reward(text):
        # "und wie lang ist das dann gültig?" after recommending again: the
        # new recommendation's term, not the voucher's.
        return base.get(VALIDITY_ENTRY)
    if asks_why_friend_contact(text) and not says_self_recommended(text):
        # "Warum muss ich die Mailadresse meines Freundes angeben?": we need
        # none, not what is stored about the friend in general.
        return base.get(FRIEND_EMAIL_ENTRY)
    as_friend = is_referred_friend(tracker) and says_already_customer(text)
    if recommended_while_customer(text) or as_friend:
        # "wurde geworben, bin aber schon kundin. gibts für mich den bonus?":
        # an existing customer counts as no recommendation, for either side.
        return base.get(FRIEND_ALREADY_CUSTOMER_ENTRY)
    if asks_for_others_status(text) and not tracker.get_slot("status_told"):
        # "ich schreibe für meinen Mann, er hat seinen Kollegen geworben und
        # wartet auf das Geld": his status needs his own details.
        return base.get(OTHERS_STATUS_ENTRY)
    about_other = names_other_program(tracker, tracker.get_slot("program"))
    if about_other and tracker.get_slot("status_told") and says_has_recommended(text):
        # "ich hab übrigens auch bei funknetz jemanden geworben, wie siehts da
        # mit der prämie aus?" after this program's status: that one needs
        # its own code, on its own page.
        return base.get(CODE_OTHER_PROGRAM_ENTRY)
    as_friend = says_self_recommended(text) or is_referred_friend(tracker)
    if as_friend and _FRIEND_WAITS_TOO.search(text):
        # "… Muss ich als Geworbene etwa auch so lange warten?": the waiting
        # period from the recommended friend's side, whatever entry is near.
        return base.get(FRIEND_WAITING_ENTRY)
    friend_asks_when = asks_when(text) and names_reward(text) and not names_their_reward(text)
    if friend_asks_when and is_referred_friend(tracker):
        # "zurück zu dem bonus: bis wann muss ich den beantragen?" from the
        # recommended friend: when their own advantage comes.
        return base.get(FRIEND_TIME_ENTRY)
    about_reward = context is not None and context.id in _REWARD_TOPICS
    other_side = about_reward and points_at_other(text)
    if (friends_own := friends_advantage_entry(tracker, text)) is not None:
        return friends_own
    if other_side and not is_referred_friend(tracker):
        # "und ihm?" after what the customer gets: the recommended friend's
        # advantage, not the customer's own reward.
        return base.get(FRIEND_REWARD_OF_OTHER_ENTRY)
    if asks_which_contracts_count(text) and not tracker.get_slot("status_told"):
        # "zählt auch ne prepaid karte als neuer vertrag?", read as the
        # brand's matter or a deadline: which contracts count.
        return base.get(WHICH_CONTRACTS_ENTRY)
    reach_named = asks_to_reach_named(text) and not (asks_hours(text) or asks_when(text))
    if program_at and not about_other and reach_named:
        # "ok. wie erreiche ich SonnenStrom nochmal telefonisch?": the
        # brand's own service, named by its name, not the program's team.
        return base.get(BRAND_PHONE_ENTRY)
    if asks_where_to_write(text):
        # "wie ist eure mailadresse?": the program's own e-mail address.
        return base.get(PROGRAM_CONTACT_ENTRY)
    if asks_if_move_matters(text):
        # "ich wohn jetzt woanders, muss ich das dem programm mitteilen?":
        # the program needs no postal address.
        return for_the_customer(base, tracker, base.get(MOVED_ENTRY))
    if wants_what_others_pay(text):
        # "bei check24 krieg ich für sowas mehr, zahlt ihr mir die
        # differenz?": the reward is the same for all, no matching offers.
        return for_the_customer(base, tracker, base.get(HIGHER_REWARD_ENTRY))
    if asks_what_other_gets(text) and not is_referred_friend(tracker):
        # "und was bekommt sie dafür?" after whom to recommend: the
        # recommended friend's own advantage, not the rule once more.
        return base.get(FRIEND_REWARD_OF_OTHER_ENTRY)
    if asks_postal_address(text):
        # "wohin kann ich euch einen brief schicken?", "ich will mich per
        # brief beschweren, an welche adresse?": the operator's address (the
        # imprint), whatever else the words sound like.
        return base.get(IMPRINT_ENTRY)
    if speaks_of_signing_again(text) and revocation_named(tracker, text):
        # "und wenn der jetzt nochmal neu abschließt, zählt das dann?" after a
        # revoked referral: whether a new contract counts, not the reasons again.
        signs_again = base.get(SIGNS_AGAIN_ENTRY)
        friend_side = says_own_revocation(text) or _AS_RECOMMENDED.search(text) is not None
        if friend_side and signs_again is not None:
            # "ich hatte widerrufen, jetzt aber erneut unterschrieben": the
            # recommended friend's own new contract.
            return base.get(signs_again.for_referred_friend) or signs_again
        return for_the_customer(base, tracker, signs_again)
    if wants_sent_to_other(text) and names_reward(text):
        # "kann ich das geld auch an meinen sohn überweisen lassen?": the
        # reward given to someone else, never the swap for cash.
        return for_the_customer(base, tracker, base.get(GIVE_AWAY_ENTRY))
    if asks_if_never_signs(text) and not is_referred_friend(tracker):
        # "ok und wenn markus am ende gar nicht abschliesst?" after another
        # topic: the recommendation runs out (and may be made again).
        return for_the_customer(base, tracker, base.get(VALIDITY_ENTRY))
    if asks_if_other_may_refer(text):
        # "meine frau ist auch bei ihnen versichert, kann die auch selber
        # werben?": who may take part and recommend.
        return for_the_customer(base, tracker, base.get(WHO_MAY_REFER_ENTRY))
    if (person := person_to_recommend(text)) is not None:
        # "ich würde gern meinen Nachbarn werben, der zahlt zu viel für seine
        # Kfz-Versicherung. Geht das?", "kann ich die dann selbst werben?"
        # about a mother: whom the program allows, by the person named,
        # whatever the brand's words or "selbst" around it.
        entry_id = FAMILY_ENTRY if person == "family" else WHO_ENTRY
        return for_the_customer(base, tracker, base.get(entry_id))
    if asks_loyalty_reward(text) and not says_self_recommended(text):
        # "seit 5 jahren versichert, krieg ich als treuer kunde auch mal was?":
        # no loyalty reward here, never the recommended friend's bonus; a
        # tariff change beside it is the brand's, added as a further answer.
        return base.get(LOYALTY_ENTRY)
    brand_matter = names_brand_matter(text) and not (
        asks_may_recommend(text) or asks_about_self(text)
    )
    asked = asked_entries(entry_matcher(), text) if intent == BRAND_INTENT else []
    scene_only = not (brand_matter or also_there or is_connected_follow_up(text))
    if asked and scene_only and all(entry.intent != BRAND_INTENT for entry in asked):
        # "kann ich meine Ehefrau werben? Die hat ihr Auto noch woanders
        # versichert.": the brand's words set the scene; the question asks a
        # rule of the program, which is the answer.
        return for_the_customer(base, tracker, asked[0])
    if brand_matter and not names_reward(text) and not also_there:
        # "mein abschlag wurde einfach um 40 euro erhöht, was soll das", read
        # as a wish for a higher reward: the brand's customer service ("und
        # mich selber mit ner zweiten sim karte?" asks whom to recommend).
        return base.get(BRAND_CONTACT_ENTRY)
    if doubts_mail_is_genuine(text):
        # "is die mail mit dem gutscheinlink echt??": never the reward
        # status, whatever the NLU made of the reward words.
        return base.get(MAIL_GENUINE_ENTRY)
    on_rules = context is not None and context.intent == RULES_INTENT
    if says_referred_self(text) or (on_rules and asks_about_self(text)):
        # "hab mir über meine zweite mailadresse selber den link geschickt …
        # wie lange dauert das?": no reward will come, whatever is asked;
        # "und mich selbst? hab noch nen zweitwagen" after whom to recommend.
        return base.get(SELF_REFERRAL_ENTRY)
    if asks_who_does(text) and context is not None and "brand_service" in context.links:
        # "und wer macht das dann, ihr oder die?" after an answer that sent
        # the customer to the brand: who takes what.
        return base.get(BRAND_CONTACT_ENTRY)
    if asks_stage_meaning(text) and not tracker.get_slot("status_told"):
        # "da steht bei mir nur abgelaufen, was heißt das?" before the status
        # was told: what the stages of a referral mean.
        return base.get(STATUS_TERMS_ENTRY)
    if recommends_again(text) and not is_referred_friend(tracker):
        # "darf ich ihn erneut empfehlen?" after an expired referral or how
        # long a recommendation holds: yes, unless the friend is a customer
        # by now.
        return base.get(RECOMMEND_AGAIN_ENTRY)
    if names_sign_channel(text) and not names_reward(text):
        # "kann ich auch telefonisch abschließen?", "und wenn er im laden
        # unterschreibt?": the ways to sign, for whoever asks.
        return for_the_customer(base, tracker, base.get(SIGN_CHANNELS_ENTRY))
    recommended = is_referred_friend(tracker) or any(
        says_self_recommended(said) or takes_no_part(said) for said in user_texts(tracker)
    )
    if recommended and asks_legal_basis(text) and not says_has_recommended(text):
        # "und darf der das einfach so, meine daten weitergeben?" from the
        # recommended person: the basis of what is kept about them.
        return base.get(RECOMMENDED_LEGAL_ENTRY)
    if (data_entry := recommended_person_data(tracker)) is not None:
        # Before the lost code: someone who never took part has none to lose.
        return data_entry
    if asks_own_code(text):
        # "wo find ich denn meinen eigenen code? hab nur den von ihm" from a
        # recommended friend who now recommends, too: where their own code is.
        return base.get(CODE_WHERE_ENTRY)
    friend_entry = recommended_friend_entry(text)
    friend_without_code = friend_entry is not None and says_has_no_code(text)
    if says_code_lost(text) or friend_without_code:
        # "den Code hab ich nicht, nur seine Mail", whatever the NLU made of
        # it; "mein nachbar hat mir euren strom empfohlen … hab aber keinen
        # code": the recommended friend needs none, their own entry.
        if friend_entry is None and is_referred_friend(tracker) and names_their_code(text):
            # "ich hab aber keinen code von ihr" from the recommended friend:
            # where the referrer's code comes from and when it is needed.
            return base.get(FRIEND_CODE_ENTRY)
        return friend_entry or for_the_customer(base, tracker, base.get(NO_CODE_ENTRY))
    if friend_entry is not None and friend_entry.id in _FRIEND_SAYS_WHICH:
        # "mein Kumpel hat mich geworben, wo bleibt mein Startguthaben": when
        # the friend's own reward comes; "ich bin die geworbene, wann bekommt
        # meine freundin ihre prämie?": only she may look. The matcher may miss
        # either among the friend's entries.
        return friend_entry
    if is_referred_friend(tracker) and (names_their_referrer(text) or names_their_reward(text)):
        # "sie heißt Claudia Becker, kannst du bei ihr nachschauen?", "und
        # meine freundin, kriegt die ihre prämie schon jetzt?" from the
        # recommended friend: the referrer's status is only theirs to see.
        return base.get(FRIEND_ASKS_REFERRER_ENTRY)
    speaks_as_friend = is_referred_friend(tracker) and not says_has_recommended(text)
    as_friend = speaks_as_friend and not speaks_as_referrer(text) and not text.startswith("/")
    if as_friend and (own := _friend_question(text, FRIEND_OVERRIDE_SIMILARITY)) is not None:
        # "bekomm ich selber eigentlich auch was oder nur er?" from the
        # recommended friend: their own entry when one stands out clearly,
        # whatever topic of the referrer the NLU was sure of.
        return own
    if context is not None and (bare_program or also_there or (program_at and intent == "inform")):
        # A statement naming another program ("bei sonnenstrom hab ich glaub
        # ich mehr bekommen") compares the last topic, too. After the code,
        # the other program's question is whether the code counts there.
        if context.id in _ABOUT_OWN_CODE:
            return base.get(CODE_OTHER_PROGRAM_ENTRY)
        return context
    if intent == "inform":
        return None
    if text.startswith("/"):
        return base.default_for(intent)
    confidence = intent_confidence(tracker)
    match = None
    if context is not None and is_short_follow_up(text, tracker, context):
        # "und per Mail?" after the brand's phone number: among the last
        # topic's neighbours (same intent), not the closest text anywhere.
        match = entry_matcher().best(text, confidence, context, allowed=[context.intent])
    elif context is not None and len(text.split()) <= SHORT_FOLLOW_UP_WORDS:
        # "und eine Telefonnummer?" after the program's contacts: a short
        # message close to the last topic's own questions stays with it,
        # however sure the NLU is of another topic (the brand's phone).
        match = close_to_topic(text, confidence, context)
    match = match or entry_matcher().best(text, confidence, context)
    # "auch wenn ich viele werbe?" after the taxes: the last topic under a
    # condition, unless the message clearly asks another entry ("und wenn er
    # schon mal Kunde war?" after family: existing customers).
    # "und wenn die nachbarin schon strom von euch hat" after giving the
    # voucher away: clear enough as a topic of its own (existing customers).
    own_topic = match is not None and match.entry != context and match.is_clear_part
    unclear = match is None or not (match.is_clear or own_topic)
    # "und wenn ich kündige, löscht ihr dann meine daten?" after why a
    # referral did not count: a condition, but a topic of its own that the
    # NLU is sure of.
    elsewhere = (
        context is not None
        and intent in base.intents
        and intent != context.intent
        and confidence.get(intent, 0.0) >= SURE_TOPIC
    )
    if context is not None and unclear and is_conditional_follow_up(text) and not elsewhere:
        return for_the_customer(base, tracker, context)
    if intent in base.intents and not misreads_friend(tracker):
        detour = match is not None and match.entry != context
        if detour and is_unclear_detour(match, intent, confidence):
            # "meine Abschlagszahlung ist zu hoch": the NLU is sure it is the
            # brand's business; "zu hoch" alone must not make it the reward amount.
            match = entry_matcher().best(text, confidence, context, allowed=[intent])
        if intent == FRIEND_INTENT and asks_may_recommend(text) and not says_self_recommended(text):
            # "… also kurz: darf ich meinen sohn werben?" read as the
            # recommended friend: the writer recommends, so a rule answers.
            match = entry_matcher().best(text, confidence, context, allowed=[RULES_INTENT]) or match
        entry = match.entry if match is not None else base.default_for(intent)
        story = question_in_story(text)
        clear = match is not None and match.is_clear
        if story is not None and (story.intent == intent or not clear):
            # "… bevor ich ihn weiter bequatsche: was springt da für mich raus?":
            # the story's question decides among the topic's entries, and
            # where the whole message matches no entry clearly, also beyond
            # the topic the NLU guessed.
            entry = story
        if context is not None and leaves_for_brand(entry, context, text, confidence):
            # "und wenn wir nur einen Zähler haben und sie den Vertrag
            # übernimmt?" after whom to recommend: still that topic.
            entry = for_the_customer(base, tracker, context)
    else:
        entry = match.entry if match is not None and match.is_supported(confidence) else None
        if entry is None and match is not None and context is not None:
            # "hab die mail gelöscht" after where the code is: close to a
            # neighbour of the last topic (no code), though the NLU is unsure.
            neighbour = match.entry.id in context.related
            entry = match.entry if neighbour and match.similarity >= CLEAR_SIMILARITY else None
        if entry is None and (decisive := entry_matcher().decisive(text, confidence, context)):
            # Unsure NLU, but one entry far ahead of all others.
            entry = decisive.entry
        if entry is None and is_connected_follow_up(text):
            # "und meinen Bruder?" after existing customers: a neighbour of the
            # last topic close to the words (family); "auch wenn es 20 sind?":
            # no topic of its own, so the last one.
            near = (
                match is not None
                and context is not None
                and match.entry.intent == context.intent
                and match.similarity >= SUPPORTED_SIMILARITY
            )
            entry = match.entry if near else context
        if entry is None and intent == "nlu_fallback" and context is not None and points_back(text):
            # "wie kann ich das abstellen?" after how to stop advertising
            # mails: the last topic again (its more concrete text).
            entry = context
    own_cancel = entry is not None and entry.for_referred_friend == FRIEND_CANCELS_OWN_ENTRY
    if own_cancel and asks_about_own_cancelling(text) and names_their_reward(text):
        # "muss mein schwager seine prämie zurückzahlen, wenn ich kündige?":
        # only the recommended friend asks what their own cancelling costs
        # someone else.
        return base.get(FRIEND_CANCELS_OWN_ENTRY)
    own_when = asks_own_reward_when(text) and not says_self_recommended(text)
    if entry is not None and entry.id in _NOT_WHEN_OF_OWN_REWARD and own_when:
        # "mein kumpel hat über meinen link abgeschlossen, wann bekomm ich
        # dann was": when the asker's own reward comes, not the friend's bonus
        # nor that nothing is to be done.
        entry = entry if is_referred_friend(tracker) else base.get(TIMELINE_ENTRY)
    friend_side = entry is not None and (
        entry.intent == FRIEND_INTENT or entry.id in _REFERRER_ASKS_FOR_FRIEND
    )
    referrer_speaks = says_has_recommended(text) and not says_self_recommended(text)
    if friend_side and referrer_speaks and not is_referred_friend(tracker):
        # "ein Bekannter wollte über meinen Link abschließen, aber der Link
        # sei abgelaufen": the referrer's own entry, not the friend's;
        # "ich habe meinen Bruder empfohlen, er will nicht, dass seine Daten
        # gespeichert werden": how the friend's data are deleted.
        mapped = base.get(_REFERRER_ASKS_FOR_FRIEND.get(entry.id))
        entry = mapped or _referrer_counterpart(base, entry) or entry
    own_code = re.search(r"\bmein(en)?\s+(\w+)?code\b", text, re.IGNORECASE) is not None
    lapsed = entry is not None and entry.id == FRIEND_LINK_EXPIRED_ENTRY
    if lapsed and own_code and not is_referred_friend(tracker) and not says_self_recommended(text):
        # "mein code is abgelaufen, kriegt man da nen neuen?" from someone
        # who never said they were recommended: the reward's code (a
        # referral code does not lapse).
        entry = base.get(VOUCHER_EXPIRED_ENTRY)
    entry = whose_data(base, tracker, entry, text)
    return for_the_customer(base, tracker, _service_hours_or_number(base, entry, text))


def whose_data(
    base: KnowledgeBase, tracker: Tracker, entry: Entry | None, text: str
) -> Entry | None:
    """Whose data an entry on data is about: the customer's own ("und was
    macht ihr mit meinen Daten?") or the recommended friend's ("… was ihr
    über ihn speichert", "und wie lange bleibt das?" right after the friend's
    data), what a friend's deletion means for the reward, and mails to stop
    for someone else ("kann ich die für sie abbestellen?")."""
    if entry is not None and entry.id == FRIEND_DATA_ENTRY and speaks_of_own_data(text):
        # "na super. und was macht ihr mit meinen Daten?": the customer's own
        # data, though the words are close to a friend's.
        entry = base.get(DATA_WHY_ENTRY)
    # "wie lange behaltet ihr die angaben meines schwagers?" comes close to
    # the customer's own retention, too.
    retention = (FRIEND_RETENTION_ENTRY, DATA_RETENTION_ENTRY)
    friendish = entry is not None and (
        entry.id in (FRIEND_DATA_ENTRY, FRIEND_DATA_REMOVAL_ENTRY)
        or (entry.id in retention and names_someone_recommended(text) and not names_my_data(text))
    )
    if friendish and asks_how_long_kept(text) and not says_self_recommended(text):
        # "wie lange behaltet ihr die angaben meines schwagers, den ich
        # geworben habe?": how long the friend's data stay.
        return base.get(FRIEND_DATA_KEPT_ENTRY)
    if entry is not None and entry.id == DELETION_REWARD_ENTRY and asks_about_their_data(text):
        # "mein onkel will seine daten löschen lassen, bekomm ich dann meine
        # prämie trotzdem?": the friend's deletion, not the customer's own.
        return base.get(FRIEND_REMOVAL_REWARD_ENTRY)
    if entry is not None and entry.id == MARKETING_OBJECTION_ENTRY and acts_for_them(text):
        # "meine schwester … bekommt dauernd werbemails. kann ich die für sie
        # abbestellen?": her own right, not the customer's objection.
        return base.get(others_data_entry(tracker, text))
    if entry is not None and entry.id in _OWN_DATA_ENTRIES and asks_about_their_data(text):
        # "mein nachbar … will wissen, was ihr über ihn speichert": what is
        # kept about the recommended friend (how long: the friend's time).
        retention = entry.id == DATA_RETENTION_ENTRY
        entry = base.get(FRIEND_DATA_KEPT_ENTRY if retention else FRIEND_DATA_ENTRY)
    thread = (
        entry is not None and entry.id == DATA_RETENTION_ENTRY and in_friend_data_thread(tracker)
    )
    if thread and not is_personal(text):
        # "und wie lange bleibt das gespeichert?" right after what is kept
        # about the recommended friend: how long the friend's data stay.
        entry = base.get(FRIEND_DATA_KEPT_ENTRY)
    removal = tracker.get_slot("kb_entry") == FRIEND_DATA_REMOVAL_ENTRY or (
        entry is not None and entry.id == FRIEND_DATA_REMOVAL_ENTRY
    )
    if removal and names_reward(text) and is_personal(text):
        # "krieg ich dann trotzdem meine prämie?" right after how the friend
        # has their data deleted: what that deletion means for the reward.
        entry = base.get(FRIEND_REMOVAL_REWARD_ENTRY)
    return entry


def _service_hours_or_number(base: KnowledgeBase, entry: Entry | None, text: str) -> Entry | None:
    """Whose hours or which contact: "hat die hotline vom handyanbieter
    samstags offen?" asks the brand's hours, not the program team's;
    "bis wie viel uhr erreiche ich den kundenservice?" its hours, not its
    number; "telefonnummer vom kundendienst?" its number, not its hours."""
    if entry is None:
        return None
    if entry.id == BUSINESS_HOURS_ENTRY and names_brand_service(text):
        return base.get(BRAND_HOURS_ENTRY)
    if entry.id in (BRAND_CONTACT_ENTRY, BRAND_PHONE_ENTRY) and asks_hours(text):
        return base.get(BRAND_HOURS_ENTRY)
    if entry.id == BRAND_HOURS_ENTRY and not asks_hours(text) and not asks_when(text):
        return base.get(BRAND_PHONE_ENTRY)
    return entry


FRIEND_DATA_REMOVAL_ENTRY = "friend_data_removal"
DATA_WHY_ENTRY = "data_why"
FRIEND_DATA_KEPT_ENTRY = "friend_data_kept"
FRIEND_REMOVAL_REWARD_ENTRY = "friend_removal_reward"
FRIEND_RETENTION_ENTRY = "friend_data_retention"
MARKETING_OBJECTION_ENTRY = "marketing_objection"
# What is stored about the customer, why, how long: asked about another
# person's data, the recommended friend's entries answer.
_OWN_DATA_ENTRIES = frozenset(
    {"data_stored", DATA_WHY_ENTRY, "data_who_sees", DATA_RETENTION_ENTRY}
)
FRIEND_EMAIL_ENTRY = "friend_email_why"


def others_data_entry(tracker: Tracker, text: str) -> str:
    """The entry for a data right asked for someone else: a participant's own
    way (or a written authority), or, for the friend the customer
    recommended ("kann ich das für sie beantragen?" after the status that
    named her), how that friend has their data removed."""
    recommended = (
        says_has_recommended(text)
        or bool(tracker.get_slot("status_told"))
        or in_friend_data_thread(tracker)
    )
    if recommended and not other_takes_part(text):
        return FRIEND_DATA_REMOVAL_ENTRY
    return OTHERS_DATA_RIGHTS_ENTRY


# The recommended person's own data entries, asked by the person who
# recommended them about that friend's data: the referrer's entries on it.
_REFERRER_ASKS_FOR_FRIEND = {
    "recommended_person_data": FRIEND_DATA_REMOVAL_ENTRY,
    "friend_data_deletion": FRIEND_DATA_REMOVAL_ENTRY,
    FRIEND_RETENTION_ENTRY: FRIEND_DATA_KEPT_ENTRY,
}


def _referrer_counterpart(base: KnowledgeBase, entry: Entry) -> Entry | None:
    """The referrer's entry whose recommended-friend version is ``entry``,
    when only one is (the friend's own bonus answers several)."""
    counterparts = [other for other in base.entries if other.for_referred_friend == entry.id]
    return counterparts[0] if len(counterparts) == 1 else None


# Entries about the customer's own code: asked for another program, the
# answer is that each program has its own code.
_ABOUT_OWN_CODE = frozenset({CODE_WHERE_ENTRY, "who_may_refer", JOIN_ENTRY})
CODE_OTHER_PROGRAM_ENTRY = "code_other_program"
# The recommended friend's bonus, asked about by the person who recommended
# them, and what is left to do: close to "wann bekomm ich dann was", but the
# answer to "when" is the timeline.
_NOT_WHEN_OF_OWN_REWARD = frozenset({"friend_reward", "friend_reward_time", "after_recommending"})
# From this confidence the NLU's knowledge-base intent outweighs an unclear
# match among the entries of another intent.
SURE_OF_INTENT = 0.8


def is_unclear_detour(match: Match, intent: str, confidence: dict[str, float]) -> bool:
    """Whether ``match`` leads away from the intent the NLU is sure of, on a
    similarity too weak to count against it."""
    sure = confidence.get(intent, 0.0) >= SURE_OF_INTENT
    return sure and match.entry.intent != intent and not match.is_clear


BRAND_INTENT = "brand_inquiry"


def leaves_for_brand(
    entry: Entry | None, context: Entry, text: str, confidence: dict[str, float]
) -> bool:
    """Whether a follow-up to a rule of the program ("und wenn …", "und bei
    meinem …") would leave for the brand's customer service on an unsure NLU:
    words like "Vertrag" or "Zähler" belong to both."""
    if entry is None or entry.intent != BRAND_INTENT or context.intent == BRAND_INTENT:
        return False
    unsure = confidence.get(BRAND_INTENT, 0.0) < SURE_TOPIC
    return unsure and (opens_with_condition(text) or is_connected_follow_up(text))


# At most this many words, a message may be a follow-up to the last topic.
SHORT_FOLLOW_UP_WORDS = 4


# Below this confidence the NLU's topic of a short follow-up does not count.
SURE_OF_NEW_TOPIC = 0.6


def is_short_follow_up(text: str, tracker: Tracker, context: Entry) -> bool:
    """Whether ``text`` is short and the NLU puts it with the last topic's
    intent, or is not sure of another: then it asks within that topic ("und
    per Mail?", "steuern?"); a short message clearly of another topic
    ("wer sieht meine Daten?") keeps its own."""
    intent = latest_intent(tracker)
    sure = intent_confidence(tracker).get(intent, 0.0) >= SURE_OF_NEW_TOPIC
    unsure = intent in ("nlu_fallback", "out_of_scope") or not sure
    return len(text.split()) <= SHORT_FOLLOW_UP_WORDS and (unsure or intent == context.intent)


def close_to_topic(text: str, confidence: dict[str, float], context: Entry) -> Match | None:
    """The last topic's match for ``text`` when the text is clearly close to
    one of its questions."""
    ranked = entry_matcher().rank(text, confidence, context)
    own = next((match for match in ranked if match.entry.id == context.id), None)
    return own if own is not None and own.similarity >= CLEAR_SIMILARITY else None


def message_words(text: str) -> list[str]:
    """The message's words, lower case, without the punctuation around them;
    an emoji or a row of "!!!" is no word ("warum nicht?? 🙄" has two)."""
    words = (word.strip(",.!?") for word in text.lower().split())
    return [word for word in words if any(char.isalnum() for char in word)]


# A short message opening with one of these words goes on from the last answer.
_CONNECTIVES = frozenset({"und", "auch", "aber", "also", "selbst", "sogar", "oder"})
MAX_FOLLOW_UP_WORDS = 6


# "und meinen Sohn, der grad den Führerschein gemacht hat?": a person of the
# customer's own may come with a longer description.
_POSSESSIVES = re.compile(r"(mein|dein|unser|euer|eur)(e|en|em|er|es)?", re.IGNORECASE)
MAX_PERSON_FOLLOW_UP_WORDS = 10


def is_connected_follow_up(text: str) -> bool:
    """Whether ``text`` reads as a follow-up to the last answer ("und wenn
    nicht?", "auch bei 20 Freunden?") rather than a topic of its own."""
    words = message_words(text)
    if not words or words[0] not in _CONNECTIVES:
        return False
    if len(words) <= MAX_FOLLOW_UP_WORDS:
        return True
    own_person = len(words) > 1 and _POSSESSIVES.fullmatch(words[1]) is not None
    return own_person and len(words) <= MAX_PERSON_FOLLOW_UP_WORDS


# "wie kann ich das abstellen?": a short unsure message that points back.
_POINTS_BACK = frozenset(
    {"das", "dies", "dem", "davon", "dafür", "damit", "dazu", "daran", "darauf"}
)
MAX_POINTING_WORDS = 8


def points_back(text: str) -> bool:
    """Whether a short message refers to the last answer ("wie kann ich das
    abstellen?", "wo steht das?") rather than naming a topic."""
    words = message_words(text)
    return 0 < len(words) <= MAX_POINTING_WORDS and any(word in _POINTS_BACK for word in words)


# "und wenn …", "auch falls …", "wenn aber …": the last answer under a condition.
_CONDITIONS = frozenset({"wenn", "falls"})
_BEFORE_CONDITION = frozenset({"nicht", "dann", "mal"})
MAX_CONDITION_WORDS = 10


def is_conditional_follow_up(text: str) -> bool:
    """Whether ``text`` asks whether the last answer holds under a condition
    ("und wenn ich 10 Leute werbe?", "auch falls er erst später abschließt?")."""
    return len(message_words(text)) <= MAX_CONDITION_WORDS and opens_with_condition(text)


def opens_with_condition(text: str) -> bool:
    """Whether ``text`` opens with a condition ("und wenn …", "falls …")."""
    words = message_words(text)
    # "auch nicht, wenn ich dafür weniger bekomme?", "selbst dann wenn …"
    if len(words) > 2 and words[0] in _CONNECTIVES and words[1] in _BEFORE_CONDITION:
        words = words[1:]
    return bool(words) and (
        words[0] in _CONDITIONS
        or (
            len(words) > 1
            and words[0] in _CONNECTIVES | _BEFORE_CONDITION
            and words[1] in _CONDITIONS
        )
    )


# Entries about how long the steps take: after the status, a "warum?" about
# them is answered with the customer's own referrals.
_TIMING_ENTRIES = frozenset({WAITING_ENTRY, WAITING_WHY_ENTRY, TIMELINE_ENTRY})
# Entries about why a referral did not count: after a status that named a
# rejected or expired referral ("warum abgelehnt? der hat doch abgeschlossen",
# "und warum? mein kumpel hat doch unterschrieben", which reads like a code
# forgotten at signing), the reasons behind this customer's own outcome.
CODE_FORGOTTEN_ENTRY = "code_forgotten"
_REJECTION_ENTRIES = frozenset(
    {"referral_not_counted", "validity", "friend_cancels", CODE_FORGOTTEN_ENTRY}
)


# "und wie lange noch?": so few words ask for the timing and nothing else.
BARE_WHEN_WORDS = 4


def clear_question_besides_timing(tracker: Tracker) -> Entry | None:
    """The entry a message read as "wie lange?" clearly asks when that is not
    a question of timing: "an welches Konto denn?" after how the reward is
    paid asks for the account, not for the program's timeline."""
    text = latest_text(tracker)
    if text.startswith("/") or asks_own_reward_when(text):
        # "…, wann bekomm ich dann was": the timing itself was asked.
        return None
    if asks_when(text) and len(text.split()) <= BARE_WHEN_WORDS:
        # "und wie lange noch?": nothing but the timing, however close its
        # words come to a question of some entry (how long data is kept).
        return None
    match = entry_matcher().best(text, intent_confidence(tracker), last_topic(tracker))
    if match is None or not match.is_clear or match.entry.id in _TIMING_ENTRIES:
        return None
    return match.entry


def question_besides_mail(tracker: Tracker) -> Entry | None:
    """The entry a message read as a lost reward mail clearly asks when it
    names no mail and misses nothing: "nochmal zurück zur Prämie, kommt die
    aufs Konto oder als Gutschein?" asks how the reward is paid."""
    text = latest_text(tracker)
    if text.startswith("/") or names_mail(text) or says_not_arrived(text):
        return None
    return next(iter(asked_entries(entry_matcher(), text)), None)


# Entries whose answer tells a customer that they are the recommended friend.
# Entries of other intents whose answer also tells a customer that they are
# the recommended friend (every entry of the friend's intent does).
_FRIEND_ENTRIES_ELSEWHERE = frozenset(
    {
        "recommended_person_data",
        "referrer_sees",
        "friend_data_retention",
        # Only a recommended person asks who recommended them.
        "who_recommended_me",
    }
)


def _friend_entries() -> frozenset[str]:
    """The entries that tell a customer they are the recommended friend."""
    own = (entry.id for entry in knowledge_base().entries if entry.intent == FRIEND_INTENT)
    return frozenset(own) | _FRIEND_ENTRIES_ELSEWHERE


def misreads_friend(tracker: Tracker) -> bool:
    """Whether the NLU read a referrer as the recommended friend: "Ich hab
    drei Leute geworben … muss das versteuert werden?" is no friend's
    question, nor is anything a customer asks after their own status, so
    only its words decide the entry."""
    text = latest_text(tracker)
    if latest_intent(tracker) != FRIEND_INTENT or says_self_recommended(text):
        return False
    # "und jetzt?? ich hab den code doch hier vor mir liegen" after the
    # customer's own status: a referrer, whose status was just told.
    return says_has_recommended(text) or bool(tracker.get_slot("status_told"))


def is_referred_friend(tracker: Tracker) -> bool:
    """Whether the customer said in this conversation that they were
    recommended: a friend's entry was answered, or an earlier message said
    so ("ich soll mich versichern, weil mich jemand empfohlen hat", answered
    with whether the mail is genuine)."""
    texts = user_texts(tracker)
    if texts and says_has_recommended(texts[-1]) and not says_self_recommended(texts[-1]):
        # "falsch ausgedrückt, ICH habe Thomas geworben": the writer corrects
        # who they are, whatever was said or answered before.
        return False
    if not told_entries(tracker).isdisjoint(_friend_entries()):
        return True
    return said_recommended_earlier(tracker)


def gives_referrers_code(tracker: Tracker) -> bool:
    """Whether the code in the latest message is the referrer's, given by the
    recommended friend ("Sein Code ist ASV-…", "hab von meiner Freundin den
    Code … bekommen") or by someone who said they were recommended."""
    text = latest_text(tracker)
    if says_has_recommended(text):
        return False
    return names_their_code(text) or says_self_recommended(text) or is_referred_friend(tracker)


def for_the_customer(base: KnowledgeBase, tracker: Tracker, entry: Entry | None) -> Entry | None:
    """``entry``, or its counterpart for a recommended friend ("Was bekomme ich?"
    asks for the friend's own reward once they said they were recommended)."""
    if entry is None or entry.for_referred_friend is None:
        return entry
    # Said before, or in this very message ("mein Schwager hat mich geworben
    # … was bekomme ich dafür?"), whatever the NLU made of it.
    if not is_referred_friend(tracker) and not says_self_recommended(latest_text(tracker)):
        return entry
    if speaks_as_referrer(latest_text(tracker)):
        # "wie lang is so ne empfehlung gültig, müssen die sich beeilen?"
        # from a recommended friend who now recommends others: the rule.
        return entry
    if entry.for_referred_friend == FRIEND_REWARD_USE_ENTRY and _CODE_LAPSED.search(
        latest_text(tracker)
    ):
        # "wie lange ist so ein code denn gültig?" from the recommended friend:
        # the referrer's code, i.e. the recommendation's term, no voucher.
        return base.get(FRIEND_LINK_EXPIRED_ENTRY) or entry
    return base.get(entry.for_referred_friend) or entry


# "Hat Stefanie schon unterschrieben?": whether the friend signed is the
# customer's own status too, even without "ich" or "mein".
_FRIEND_SIGNED = re.compile(
    r"\b(schon|bereits|endlich|jetzt)\s+(unterschrieben|abgeschlossen|unterzeichnet|gewechselt)\b",
    re.IGNORECASE,
)


# Entries that answer a status-like message better than the verification:
# "ich habe meinen Code verloren, hat meine Empfehlung gezählt?" cannot be
# verified, the status does not say whether an expired voucher can be saved,
# "bekomme ich eine Mail, wenn …?" is the same for every customer, and so is
# what a revoked or cancelled contract means for the reward.
NO_CODE_ENTRY = "no_code"
_INSTEAD_OF_VERIFICATION = frozenset(
    {NO_CODE_ENTRY, "voucher_expired", "status_notification", "friend_cancels"}
)


# The recommended friend's entries: what to do, their own reward, and when.
FRIEND_TODO_ENTRY = "referred_friend"
FRIEND_TIME_ENTRY = "friend_own_reward_time"
FRIEND_ASKS_REFERRER_ENTRY = "friend_asks_referrer_reward"
FRIEND_CODE_ENTRY = "friend_code_missing"
FRIEND_LINK_EXPIRED_ENTRY = "friend_link_expired"
RECOMMENDED_LEGAL_ENTRY = "recommended_legal_basis"
VOUCHER_EXPIRED_ENTRY = "voucher_expired"
FRIEND_REWARD_USE_ENTRY = "friend_reward_use"
FRIEND_DELETION_ENTRY = "friend_data_deletion"
REFERRER_SEES_ENTRY = "referrer_sees"
MAIL_GENUINE_ENTRY = "mail_genuine"
# The referrer asking what their friend gets.
FRIEND_REWARD_OF_OTHER_ENTRY = "friend_reward"
FRIEND_REWARD_TIME_OF_OTHER_ENTRY = "friend_reward_time"


def friends_advantage_entry(tracker: Tracker, text: str) -> Entry | None:
    """The recommended friend's own advantage asked by the customer who
    recommended them: "und was bekommt markus eigentlich dafür?", "elif fragt,
    ob sie auch was bekommt" (what it is), "jürgen wartet auch noch auf
    seinen", "kriegt der auch erst nach der wartezeit was?" (when the brand
    credits it); None otherwise, and always for the recommended friend."""
    if is_referred_friend(tracker):
        return None
    if not asks_about_friends_advantage(text):
        return None
    when = awaits_friends_bonus(text) or asks_when(text) or names_waiting(text)
    entry_id = FRIEND_REWARD_TIME_OF_OTHER_ENTRY if when else FRIEND_REWARD_OF_OTHER_ENTRY
    return knowledge_base().get(entry_id)


# What a recommended friend's words decide alone, whatever the matcher finds.
_FRIEND_SAYS_WHICH = frozenset(
    {
        FRIEND_TIME_ENTRY,
        FRIEND_ASKS_REFERRER_ENTRY,
        FRIEND_CODE_ENTRY,
        REFERRER_SEES_ENTRY,
        FRIEND_DELETION_ENTRY,
        FRIEND_CANCELS_OWN_ENTRY,
        FRIEND_LINK_EXPIRED_ENTRY,
    }
)
# "krieg ich auch was?", "bekomme ich was?": the friend asks about their own reward.
_FRIEND_GETS = re.compile(
    r"\b(bekomm\w*|krieg\w*|kriag\w*|griag\w*|gibt\s+es|gibts|erhalte\w*)\b", re.IGNORECASE
)


# The referrer's code or link said to have lapsed or asked about for how
# long it holds: in the recommended friend's words, the recommendation's term.
_CODE_LAPSED = re.compile(
    r"^(?=[\s\S]*\b(code|link|empfehlungs(code|link))\b)[\s\S]*"
    r"\b(abgelaufen|verfallen|ung(ü|ue)ltig|g(ü|ue)ltig|funktioniert\s+(\w+\s+)?nicht|geht\s+(\w+\s+)?nicht"
    r"|klappt\s+(\w+\s+)?nicht)\b",
    re.IGNORECASE,
)


# "ich habe meinen Vertrag widerrufen", "wenn ich kündige": the writer's own
# contract ended or to end.
_OWN_CONTRACT_ENDED = re.compile(
    r"\b(ich|hab|habe)\b[^.?!]{0,60}\b(widerrufen|widerrufe|gek(ü|ue)ndigt|k(ü|ue)ndige|storniert|storniere)\b",
    re.IGNORECASE,
)


def recommended_friend_entry(text: str) -> Entry | None:
    """The recommended friend's entry for a message that says the writer was
    recommended ("mein Kumpel hat mich geworben, wo bleibt mein
    Startguthaben?"): when their own reward comes, what it is, or what to
    do; None when the message does not say so."""
    if not says_self_recommended(text):
        return None
    if _CODE_LAPSED.search(text) is not None:
        # "hab von meiner Freundin den Code bekommen, aber der funktioniert
        # nicht mehr. Ist der abgelaufen?": the recommendation's validity.
        entry_id = FRIEND_LINK_EXPIRED_ENTRY
    elif asks_what_referrer_sees(text) and not names_their_reward(text):
        # "sieht mein Kumpel, der mich geworben hat, was ich zahle?"
        entry_id = REFERRER_SEES_ENTRY
    elif (
        (asks_about_code(text) or names_their_code(text))
        and not names_reward(text)
        and not says_code_lost(text)
        and not names_own_data(text)
        and (not says_has_no_code(text) or names_their_code(text))
    ):
        # "bis wann muss ich als Geworbener den Code meiner Nachbarin angeben?"
        entry_id = FRIEND_CODE_ENTRY
    elif names_own_data(text) and _FRIEND_ADVANTAGE.search(text):
        # "als geworbener daten löschen, bleibt dann mein bonus?"
        entry_id = FRIEND_DELETION_ENTRY
    elif names_own_data(text) and not asks_who_recommended(text, True):
        # "bin als geworbener eingetragen, wie widerspreche ich der speicherung"
        entry_id = RECOMMENDED_DATA_ENTRY
    elif _FRIEND_WAITS_TOO.search(text):
        # "… sie müsse Wochen auf ihre Prämie warten. Muss ich als Geworbene
        # auch so lange warten?": the waiting period from the friend's side.
        entry_id = FRIEND_WAITING_ENTRY
    elif _OWN_CONTRACT_ENDED.search(text) is not None:
        # "ich habe meinen Handyvertrag widerrufen. Bekommt mein Freund jetzt
        # trotzdem seine Prämie?": what leaving means for the referrer's reward.
        entry_id = FRIEND_CANCELS_OWN_ENTRY
    elif names_their_reward(text):
        # "ich wurde geworben, hat sie ihre Prämie schon?": not for us to tell.
        entry_id = FRIEND_ASKS_REFERRER_ENTRY
    elif asks_when(text) or _FRIEND_WAITS.search(text):
        entry_id = FRIEND_TIME_ENTRY
    elif names_reward(text) or _FRIEND_GETS.search(text):
        entry_id = FRIEND_REWARD_ENTRY
    else:
        entry_id = FRIEND_TODO_ENTRY
    return knowledge_base().get(entry_id)


# "bleibt dann mein bonus?": the recommended friend's own advantage.
_FRIEND_ADVANTAGE = re.compile(
    r"bonus|vorteil|rabatt|gutschrift|pr(ä|ae)mie|guthaben", re.IGNORECASE
)


# "muss ich als Geworbene auch so lange warten?", "gilt die Wartezeit auch
# für mich?": whether the waiting period is the friend's too.
_FRIEND_WAITS_TOO = re.compile(
    r"\b(muss|m(ü|ue)sste)\s+ich\s+(\w+\s+){0,5}(auch|genauso|ebenfalls)\s+(\w+\s+){0,3}warten\b"
    r"|\bwarte(zeit|frist)\b[^.?!]{0,40}\b(f(ü|ue)r\s+mich|bei\s+mir|auch\s+mich)\b",
    re.IGNORECASE,
)
FRIEND_WAITING_ENTRY = "friend_waiting_period"


# "wo bleibt mein Startguthaben": the friend waits for their own reward.
_FRIEND_WAITS = re.compile(
    r"\bwo\s+bleibt\b|\bnoch\s+nicht\s+(da|bekommen|erhalten)\b"
    # "… und hab keinen Bonus bekommen", "nie eine gutschrift gesehen"
    r"|\b(kein\w*|nie\w*)\s+((eine?n?|ne|nen)\s+)?((bonus|rabatt|gutschrift|vorteil|pr(ä|ae)mie|geld|was|nichts)\s+)?"
    r"(bekommen|erhalten|gekriegt|gesehen)\b",
    re.IGNORECASE,
)


def signed_without_code_entry(tracker: Tracker) -> Entry | None:
    """ "hab schon online abgeschlossen und da nix eingegeben, zählt das noch?"
    from the recommended friend, or "sie hat im Shop abgeschlossen, halt ohne
    den Link" from the referrer: whether it can still be added, and by whom;
    taken for a complaint or the last rule before."""
    text = latest_text(tracker)
    if not says_signed_without_code(text):
        return None
    if is_referred_friend(tracker) or says_self_recommended(text):
        return knowledge_base().get(FRIEND_CODE_ENTRY)
    return knowledge_base().get(CODE_FORGOTTEN_ENTRY)


# The intent of the program's rules, and its entry on whom to recommend.
RULES_INTENT = "ask_how_referral_works"
WHO_ENTRY = "who_may_be_recommended"
FAMILY_ENTRY = "family"
GIVE_AWAY_ENTRY = "give_away"
IMPRINT_ENTRY = "imprint"
# A higher reward demanded (for the trouble, or because others pay more).
HIGHER_REWARD_ENTRY = "higher_reward"
WHO_MAY_REFER_ENTRY = "who_may_refer"


# Entries on a person's data whose follow-up "mich hat wohl mein Schwager
# geworben" is about that data, not about the friend's reward.
RECOMMENDED_DATA_ENTRY = "recommended_person_data"
_DATA_OF_UNKNOWN = frozenset(
    {
        "unexpected_mail",
        "privacy_contact",
        "data_stored",
        "marketing_objection",
        "who_recommended_me",
        RECOMMENDED_DATA_ENTRY,
    }
)


# Data questions with an answer of their own for anyone, the recommended
# person included ("wer ist euer Datenschutzbeauftragter?").
_OWN_PRIVACY_ENTRIES = frozenset({PRIVACY_CONTACT_ENTRY, "privacy_officer", "privacy_policy"})


def asks_own_privacy_entry(text: str) -> bool:
    """Whether the message clearly asks a data entry that is the same for
    everyone (the privacy contact, the privacy policy)."""
    match = entry_matcher().best(text)
    return match is not None and match.is_clear and match.entry.id in _OWN_PRIVACY_ENTRIES


def recommended_person_data(tracker: Tracker) -> Entry | None:
    """The recommended person's way to their data, when someone asking where
    their address came from says they never took part or were recommended
    ("ich hab mich nie angemeldet, mein Schwager hat mich wohl geworben")."""
    text = latest_text(tracker)
    named = recommended_friend_entry(text)
    # "auf welcher grundlage schickt ihr mir das überhaupt" asks the legal
    # basis, for the recommended person as for anyone.
    about_own_data = (
        named is None
        or named.id not in (REFERRER_SEES_ENTRY, FRIEND_CODE_ENTRY, FRIEND_DELETION_ENTRY)
    ) and not (
        asks_who_recommended(text, True) or asks_to_check_whether(text) or asks_legal_basis(text)
    )
    friend = says_self_recommended(text) or (
        is_referred_friend(tracker)
        and not asks_what_referrer_sees(text)
        and not asks_about_code(text)
    )
    # "meine schwester fragt ob sie dann trotzdem was bekommt" asks about a
    # reward, whatever the NLU made of it.
    about_reward = names_reward(text) or names_their_reward(text)
    # "dann krieg ich meine prämie ja nicht mehr, wenn ich löschen lasse?"
    # asks what a deletion does to a reward (deletion_reward, the friend's
    # counterpart), not what is stored.
    # "und wie lange speichert ihr das alles?" asks the retention, which has
    # its own answer for a recommended person (friend_data_retention).
    # "ich hätte gern jemanden, der nachschaut ob das geklappt hat", read as
    # a data question: a person, not the data rights.
    data_intent = latest_intent(tracker) in PRIVACY_INTENTS and not asks_for_person(text)
    about_data = (names_own_data(text) or data_intent) and not (
        about_reward or asks_how_long_kept(text)
    )
    if about_data and friend and about_own_data and not asks_own_privacy_entry(text):
        # "mich hat mein Schwager geworben. was habt ihr über mich gespeichert?",
        # "woher habt ihr eigentlich meine daten?" from the recommended friend.
        return knowledge_base().get(RECOMMENDED_DATA_ENTRY)
    context = last_topic(tracker)
    if context is None or context.id not in _DATA_OF_UNKNOWN or about_reward:
        # "und kriegt der, der mich empfohlen hat, trotzdem was?" after the
        # data answers: a question on the reward, not on the data.
        return None
    if says_self_recommended(text) or takes_no_part(text) or says_details_given_by_other(text):
        # "also hat mein schwager die einfach eingetippt" after the unexpected mail.
        return knowledge_base().get(RECOMMENDED_DATA_ENTRY)
    # "brauch ich da nen code? ich hab keinen" from someone who said earlier
    # that they never took part ("ich kenn euch gar nicht").
    said_earlier = any(
        says_self_recommended(earlier) or takes_no_part(earlier) for earlier in user_texts(tracker)
    )
    if said_earlier and (says_code_lost(text) or names_own_data(text)) and not about_reward:
        if asks_how_long_kept(text) or asks_legal_basis(text):
            # "und wie lange speichert ihr das alles?": the retention; "und
            # darf der das einfach so?": the legal basis.
            return None
        # "was speichert ihr jetzt alles über mich?" from someone who said
        # they never took part: what is kept about a recommended person.
        return knowledge_base().get(RECOMMENDED_DATA_ENTRY)
    return None


# A story this long before its question ("mein Nachbar hat mir erzählt …,
# jetzt überlegt mein Schwager … bevor ich ihn weiter bequatsche: was springt
# da für mich raus?") is matched by its question alone.
STORY_WORDS = 15
_QUESTION_SENTENCE = re.compile(r"(?:^|[.!?:]\s+)([^.!?:]+\?)")


def question_in_story(text: str) -> Entry | None:
    """The entry the last question of a long message clearly asks, or
    decisively more than any other entry; None for a short message."""
    if len(message_words(text)) < STORY_WORDS:
        return None
    questions = _QUESTION_SENTENCE.findall(text)
    if not questions:
        return None
    matcher = entry_matcher()
    match = matcher.best(questions[-1])
    if match is not None and match.is_clear:
        return match.entry
    decisive = matcher.decisive(questions[-1])
    return decisive.entry if decisive is not None else None


# Parts of a long story this close to an entry make it a likely topic to ask
# back with; a part that asks ("ob …", "?") counts a little more.
STORY_CANDIDATE_SIMILARITY = 0.27
STORY_QUESTION_BONUS = 0.05
MAX_STORY_CANDIDATES = 3
_INDIRECT_QUESTION = re.compile(
    r"\bob\b|\bfrag\w*\s+(ich\s+)?mich\b|\bsorgen\b|\bangst\b|\bkeine\s+ahnung\b", re.IGNORECASE
)


def story_candidates(text: str) -> list[Entry]:
    """For a long message without a clear question: the entries its parts
    come closest to, likeliest first (at most three), to ask back with."""
    if len(message_words(text)) < STORY_WORDS:
        return []
    matcher = entry_matcher()
    scored: dict[str, tuple[float, Entry]] = {}
    for part in re.split(r"(?<=[.!?:])\s+", text):
        match = matcher.best(part)
        if match is None:
            continue
        asking = part.rstrip().endswith("?") or _INDIRECT_QUESTION.search(part) is not None
        score = match.similarity + (STORY_QUESTION_BONUS if asking else 0.0)
        if score < STORY_CANDIDATE_SIMILARITY:
            continue
        if score > scored.get(match.entry.id, (0.0, match.entry))[0]:
            scored[match.entry.id] = (score, match.entry)
    ranked = sorted(scored.values(), key=lambda item: item[0], reverse=True)
    return [entry for _, entry in ranked[:MAX_STORY_CANDIDATES]]


# A question this short or longer, none of whose entries is clear, is asked
# back with the entries it comes closest to.
QUESTION_CANDIDATE_WORDS = 6
QUESTION_CANDIDATE_SIMILARITY = 0.3
MAX_QUESTION_CANDIDATES = 2


def question_candidates(text: str) -> list[Entry]:
    """For a question no entry answers clearly ("meine schwiegermutter hat
    bei euch schon gas. darf ich sie für strom werben?" lies between
    existing customers and family): the entries it comes closest to."""
    if not is_question(text) or len(message_words(text)) < QUESTION_CANDIDATE_WORDS:
        return []
    ranked = entry_matcher().rank(text)[:MAX_QUESTION_CANDIDATES]
    return [match.entry for match in ranked if match.similarity >= QUESTION_CANDIDATE_SIMILARITY]


# How close, and how far ahead of the next, the recommended friend's own
# entry must be for a message to be read as asking it: a status-like message
# (which would otherwise get that only the referrer may see the status), and
# any message of a friend (whatever topic of the referrer the NLU read).
FRIEND_QUESTION_SIMILARITY = 0.28
FRIEND_OVERRIDE_SIMILARITY = 0.36
FRIEND_QUESTION_MARGIN = 0.05


def _friend_question(text: str, floor: float = FRIEND_QUESTION_SIMILARITY) -> Entry | None:
    """The recommended friend's own entry a message clearly asks (their
    link's validity, the way to sign, their own bonus), when one stands out."""
    ranked = entry_matcher().rank(text, allowed=[FRIEND_INTENT])
    if not ranked or ranked[0].similarity < floor:
        return None
    runner_up = ranked[1].similarity if len(ranked) > 1 else 0.0
    if ranked[0].similarity - runner_up < FRIEND_QUESTION_MARGIN:
        return None
    best = ranked[0].entry
    return best if best.id != FRIEND_ASKS_REFERRER_ENTRY else None


def public_question(tracker: Tracker) -> Entry | None:
    """The entry a status-like message really asks, when it asks about the
    program in general ("Wie kommt die Prämie, per Post?") and not about the
    writer's own reward, or when the writer cannot be verified (no code):
    such a question needs no verification."""
    text = latest_text(tracker)
    if text.startswith("/"):
        return None
    if (data_entry := recommended_person_data(tracker)) is not None:
        return data_entry
    if (without_code := signed_without_code_entry(tracker)) is not None:
        return without_code
    if doubts_mail_is_genuine(text):
        return knowledge_base().get(MAIL_GENUINE_ENTRY)
    if says_referred_self(text):
        return knowledge_base().get(SELF_REFERRAL_ENTRY)
    if asks_if_move_matters(text):
        # "Brauchen Sie meine aktuelle Anschrift für die Auszahlung?": the
        # program needs none, whoever asks.
        return knowledge_base().get(MOVED_ENTRY)
    if asks_how_reward_is_announced(text):
        # "bekomme ich eine mail wenn die prämie da ist": how anyone hears.
        return knowledge_base().get(NOTIFICATION_ENTRY)
    if (friend_entry := recommended_friend_entry(text)) is not None:
        # The recommended friend has no referral code to verify with.
        return friend_entry
    if is_referred_friend(tracker) and asks_when(text) and not names_their_reward(text):
        # "zruck zu meina prämie, wia lang dauert des bis i de griag?" from
        # the recommended friend: when their own advantage comes.
        return knowledge_base().get(FRIEND_TIME_ENTRY)
    if is_referred_friend(tracker) and not says_has_recommended(text):
        own = None if names_their_reward(text) else _friend_question(text)
        if own is not None:
            # "mein alter vertrag läuft noch 3 monate, verfällt der code bis
            # dahin?" from the recommended friend: their own question.
            return own
        # "und hat meine Freundin ihre Prämie schon?", "kann ich schauen, ob
        # das bei mir geklappt hat?" from the recommended friend, who has no
        # code: the referral's status is only the referrer's to see.
        return knowledge_base().get(FRIEND_ASKS_REFERRER_ENTRY)
    if says_code_lost(text):
        # "den Code hab ich nicht, nur seine Mail": what to do without it,
        # never the request for the code the customer does not have.
        return knowledge_base().get(NO_CODE_ENTRY)
    if asks_where_code_is(text):
        return knowledge_base().get(CODE_WHERE_ENTRY)
    # A lost reward mail ("finde die Mail mit dem Streaming-Code nicht") is
    # the customer's own: its "Code" is not the referral code.
    if latest_intent(tracker) == "reward_mail_missing":
        return lost_confirmation_mail(tracker)
    confidence = intent_confidence(tracker)
    context = last_topic(tracker)
    # "meine Schwiegermutter ist schon Kundin, kann ich sie werben?" asks a rule.
    # "prämie wo??" asks for the writer's own reward, in two words.
    # "… wie ist der stand bei allen und darf ich noch mehr werben?" asks both.
    personal = (
        is_personal(text) or _FRIEND_SIGNED.search(text) or asks_for_reward_tersely(text)
    ) and (not asks_may_recommend(text) or asks_own_status(text))
    about_status = names_status(text)
    follow_up = context is not None and is_connected_follow_up(text)
    if context is not None and not about_status and (not personal or follow_up):
        # "und bei meinem Sohn? der wohnt nicht mehr bei uns", "und meinen
        # Mann? der wohnt ja bei mir" after whom to recommend: a follow-up on
        # that topic, not the customer's status.
        return find_entry(knowledge_base(), tracker)
    match = entry_matcher().best(text, confidence, context)
    unsupported = match is None or not match.is_supported(confidence)
    if unsupported and asks_may_recommend(text) and not about_status:
        # "meine Schwiegermutter hat schon Gas bei euch, darf ich sie für
        # Strom werben?": the closest rule on whom to recommend.
        rule = entry_matcher().best(text, confidence, context, allowed=[RULES_INTENT])
        return rule.entry if rule is not None else knowledge_base().get(WHO_ENTRY)
    if unsupported:
        return None
    if personal and match.entry.id not in _INSTEAD_OF_VERIFICATION:
        return None
    return match.entry


# Entries that tell where the referral code is: a lost mail right after them
# is the confirmation mail with the code.
_CODE_TOPICS = frozenset({CODE_WHERE_ENTRY, NO_CODE_ENTRY})


def lost_confirmation_mail(tracker: Tracker) -> Entry | None:
    """ "hab die Mail gelöscht" right after where to find the referral code:
    the entry for a customer without their code, not the lost reward mail
    (which would ask for the very code the customer no longer has)."""
    context = last_topic(tracker)
    if context is None or context.id not in _CODE_TOPICS:
        return None
    text = latest_text(tracker)
    if names_reward(text) or find_codes(text):
        # "… Code ist SSE-ORD789": the mail was found after all.
        return None
    return knowledge_base().get("no_code")


# Entries that ask why the bot wants code and e-mail: during the verification
# the form's own explanation (utter_why_verification) answers them better.
_ABOUT_VERIFICATION = frozenset({"why_verification", DATA_WHY_ENTRY})


def question_during_verification(tracker: Tracker) -> Entry | None:
    """The entry a question about data asks while the bot waits for code and
    e-mail address: a clear match, or the request's own entry when the message
    comes close to it ("und meine Bankverbindung?" while a change of address
    waits). None for "warum wollen Sie meine Mail?" and the like."""
    text = latest_text(tracker)
    if text.startswith("/"):
        return None
    context = last_topic(tracker)
    confidence = intent_confidence(tracker)
    match = entry_matcher().best(text, confidence, context)
    if match is None or match.entry.id in _ABOUT_VERIFICATION:
        return None
    near_context = (
        context is not None and match.entry.id == context.id and match.is_supported(confidence)
    )
    # "wieso dauert das so lange?" while the code is asked: a question the
    # NLU leans to as well is answered, not met with the request again.
    return match.entry if near_context or match.is_supported(confidence) else None


def _programs(session: Session) -> list[Program]:
    """Every program, in the order their buttons and answers are shown."""
    return list(session.scalars(select(Program).order_by(Program.brand)).all())


def _program_buttons(session: Session) -> list[dict[str, str]]:
    programs = _programs(session)
    return [
        {"title": program.brand, "payload": f'/inform{{"program": "{program.slug}"}}'}
        for program in programs
    ]


_WHICH_PROGRAM = ("utter_kb_which_program", "utter_kb_which_program_again")


def _without_program(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker, entry: Entry
) -> Events:
    """An answer that depends on the program, which nobody named: asked for;
    asked again with the reason when the customer went on without naming it;
    the third time, the answer for every program rather than a loop."""
    if any(message.get("response") in _WHICH_PROGRAM for message in dispatcher.messages):
        # Two questions in one message: the program is asked once.
        return []
    asked = last_bot_response(tracker)
    if asked == "utter_kb_which_program_again":
        base = knowledge_base()
        dispatcher.utter_message(response="utter_kb_all_programs")
        for each in _programs(session):
            text = as_message(render(entry, base, each, female=friend_is_a_woman(tracker)))
            dispatcher.utter_message(text=f"{each.brand}: {text}")
        return []
    again = asked == "utter_kb_which_program"
    dispatcher.utter_message(
        response="utter_kb_which_program_again" if again else "utter_kb_which_program",
        buttons=_program_buttons(session),
    )
    return []


def data_rights_entry(tracker: Tracker) -> Entry | None:
    """The entry a GDPR request comes from: named by its button, or clearly
    matched by the message ("ich will keine Werbemails mehr")."""
    base = knowledge_base()
    named = base.get(latest_entity(tracker, "kb_entry"))
    if named is None and not latest_text(tracker).startswith("/"):
        match = entry_matcher().best(latest_text(tracker), intent_confidence(tracker))
        named = match.entry if match is not None and match.is_clear else None
    return named if named is not None and named.id in DATA_RIGHTS_ENTRY_KINDS else None


def answer_entry(
    session: Session,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    entry: Entry,
    with_buttons: bool = True,
) -> Events:
    """Say ``entry`` for the program named in the message, else the
    conversation's; ask for the program when it matters and is unknown.
    ``with_buttons=False`` when the bot goes on asking something itself."""
    if entry.id == FASTER_PAYOUT_ENTRY and (
        (referrer := referrer_with_open_step(session, tracker)) is not None
    ):
        # "geht das nicht schneller?" after the customer's own status: that
        # it cannot, with their own date rather than the rule for everyone.
        return [
            SlotSet("kb_entry", entry.id),
            *answer_how_long(dispatcher, tracker, referrer, sooner=True),
        ]
    if (events := reward_after_check(session, dispatcher, tracker, entry)) is not None:
        return [SlotSet("kb_entry", entry.id), *events]
    if entry.id == FRIEND_REWARD_ENTRY and FRIEND_ALREADY_CUSTOMER_ENTRY in told_entries(tracker):
        # "und was bekomm ich selber dafür?" after the bot said an existing
        # customer is no recommendation: that again, not the new customer's bonus.
        entry = knowledge_base().get(FRIEND_ALREADY_CUSTOMER_ENTRY)
    if entry.id == CHANGE_DETAILS_ENTRY and verified_referrer_id(session, tracker) is not None:
        # "neue Bankverbindung, kann ich die bei Ihnen ändern?" from the
        # verified customer: the change offered at once, not the entry's
        # "I check your code and address first".
        dispatcher.utter_message(response="utter_change_offer_verified")
        return [SlotSet("kb_entry", entry.id)]
    if entry.id == REWARD_OVERDUE_ENTRY and case_told(tracker) and current_case(session, tracker):
        # "und falls das geld nie ankommt?" once the reward is with the team
        # as a case: that case and its date, not "come back with your code".
        return [SlotSet("kb_entry", entry.id), *tell_when_contacted(session, dispatcher, tracker)]
    base = knowledge_base()
    named = find_program(session, named_program(tracker))
    program = named or conversation_program(session, tracker)
    events: Events = [SlotSet("kb_entry", entry.id)]
    if named is not None and tracker.get_slot("program") is None:
        events += program_slots(session, named.slug)
    if program is None and needs_program(entry, base):
        return [*events, *_without_program(session, dispatcher, tracker, entry)]
    answered = list(tracker.get_slot("kb_answered") or [])
    # An answer that is the same for every program ("muss ich das versteuern?")
    # counts as told once, whichever program the message names.
    key = f"{entry.id}@{program.slug if program and needs_program(entry, base) else '-'}"
    times = answered.count(key)
    events.append(SlotSet("kb_answered", [*answered, key]))
    # A second answer in the same turn sees this one.
    tracker.slots.update({"kb_entry": entry.id, "kb_answered": [*answered, key]})
    if times >= 2 or (times == 1 and entry.again is None):
        if last_bot_response(tracker) == "utter_kb_offer_person":
            # The person was offered with these words just now: not the same
            # text again ("also kann mir keiner helfen oder wie"), the person.
            return [*events, FollowupAction(HANDOFF_ACTION)]
        dispatcher.utter_message(response="utter_kb_offer_person", buttons=[HUMAN_BUTTON.as_dict()])
        return events
    part = "again" if times == 1 else "answer"
    related = [base.get(entry_id) for entry_id in entry.related[:MAX_RELATED_BUTTONS]]
    buttons = [entry_button(item) for item in related if item is not None]
    buttons += list(entry.buttons)
    if entry.offer_human or times == 1:
        buttons.append(HUMAN_BUTTON.as_dict())
    if not with_buttons:
        buttons = []
    woman = friend_is_a_woman(tracker, entry.id in base.for_referred_friends)
    rendered = render(entry, base, program, part, woman)
    if entry.id in (REMIND_FRIEND_ENTRY, VALIDITY_ENTRY) and part == "answer":
        # "kann man ihn nicht irgendwie anschubsen?" after the status: the
        # friend's own last day, which the answer says the status names.
        rendered = replace(rendered, text=rendered.text + _own_deadline(session, tracker))
    message = as_message(rendered)
    own_slug = program_slug(tracker)
    # A text that names the brand itself, or is the same for every program,
    # needs no heading.
    foreign = named is not None and own_slug is not None and named.slug != own_slug
    if foreign and needs_program(entry, base) and named.brand not in message:
        message = phrase("answer.for_other_program", brand=named.brand) + " " + message
    # The widget links the answer to the entry on the program's help page.
    dispatcher.utter_message(
        text=message,
        buttons=buttons or None,
        json_message={HELP_ENTRY: entry.id},
    )
    return events


REMIND_FRIEND_ENTRY = "remind_friend"
# Entries on when and how the reward comes: after a refusal was sent to the
# team for a check, the check decides whether it comes at all.
_REWARD_COMING_ENTRIES = frozenset({"payout_time", "payout_method", "reward_amount"})


def reward_after_check(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker, entry: Entry
) -> Events | None:
    """ "bekomme ich die prämie dann nachträglich?" once the objection to a
    refusal went to the team: the check decides, with its number and date;
    None otherwise."""
    if entry.id not in _REWARD_COMING_ENTRIES or not said_before(tracker, "utter_dispute_recorded"):
        return None
    referrer = verified_referrer(session, tracker)
    if referrer is None or not any(
        state.refused for state in customer_report(tracker, referrer).states
    ):
        return None
    case = current_case(session, tracker)
    if case is None:
        return None
    number, due = case
    dispatcher.utter_message(
        response="utter_reward_after_check", case_id=number, due=format_date(due)
    )
    return []


def _own_deadline(session: Session, tracker: Tracker) -> str:
    """ " Für Ihre Empfehlung an Markus B. ist das der …": the verified
    customer's last day for a friend's contract, once the status was told;
    empty otherwise."""
    if not tracker.get_slot("status_told"):
        return ""
    referrer = verified_referrer(session, tracker)
    deadline = contract_deadline(tracker, referrer) if referrer is not None else None
    if deadline is None:
        return ""
    friend, last_day = deadline
    return " " + phrase("status.contract_deadline", friend=friend, day=format_date(last_day))


# A short part of several that asks only when ("und wie lang noch?").
_TIMING_PART_WORDS = 7


def _asks_own_timing(part: str) -> bool:
    """Whether a short part of a message asks when (not "wie lange bewahren
    Sie meine Daten auf?", which asks about the data)."""
    return (
        asks_when(part)
        and not asks_why(part)
        and not asks_data_kept(part)
        and len(part.split()) <= _TIMING_PART_WORDS
    )


def answer_further_questions(
    session: Session,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    exclude: list[str],
    beside_details: bool = False,
) -> Events:
    """Answer further questions in the same message (at most two more).
    ``beside_details``: the message gave code and e-mail, which answered its
    first request; every question part is a further one then."""
    text = latest_text(tracker)
    if text.startswith("/"):
        return []
    base = knowledge_base()
    matcher = entry_matcher()
    asked = (
        asked_entries(matcher, text, exclude)
        if beside_details
        else further_entries(matcher, text, exclude)
    )
    # "mein nachbar … will wissen, was ihr über ihn speichert": whose data.
    asked = [whose_data(base, tracker, entry, text) or entry for entry in asked]
    found = [for_the_customer(base, tracker, entry) or entry for entry in asked]
    if is_referred_friend(tracker):
        # "meine Nachbarin hat mir einen Code gegeben. Wo geb ich den ein?":
        # the recommended friend's second question is theirs too, never the
        # referrer's rules (redeeming a reward voucher).
        found = [entry for entry in found if entry.intent == FRIEND_INTENT]
    elif not says_self_recommended(text):
        # "seit 5 jahren kunde, krieg ich als treuer kunde was?": no one who
        # said they were recommended gets the recommended friend's answers.
        found = [entry for entry in found if entry.intent != FRIEND_INTENT]
    if says_has_recommended(text) and not says_self_recommended(text):
        # "warum wollt ihr meine mail? ich hab doch nur jemanden empfohlen":
        # a participant, so none of the answers for people who never took part.
        found = [entry for entry in found if entry.id not in NO_CODE_DATA_ENTRIES]
    referrer = verified_referrer(session, tracker) if tracker.get_slot("status_told") else None
    parts = question_parts(text)
    if len(parts) > 1 and any(names_brand_matter(part) for part in parts):
        # "wo melde ich meinen Zählerstand und wo bleibt meine Prämie?": the
        # brand's service for the one, whatever the other asks.
        found.insert(0, base.get(BRAND_CONTACT_ENTRY))
    other_gets = any(asks_what_other_gets(part) for part in parts[1:])
    if other_gets and not is_referred_friend(tracker):
        # "wie viel zeit hat er zum abschließen? und bekommt er selber auch
        # was?": what the recommended friend gets, however unsure the matcher.
        found.append(base.get(FRIEND_REWARD_OF_OTHER_ENTRY))
    if any(says_own_address_changes(part) for part in parts[1:]):
        # "muss ich euch die neue adresse geben? und meine mail wechselt auch,
        # die alte gibts dann nicht mehr": how the address is changed too.
        found.append(base.get(CHANGE_DETAILS_ENTRY))
    if len(parts) > 1 and any(says_never_consented(part) for part in parts[1:]):
        # "Was speichern Sie über mich? Ich hab da nie zugestimmt": on what
        # basis, beside what is kept.
        recommended = is_referred_friend(tracker) or says_self_recommended(text)
        found.append(base.get(RECOMMENDED_LEGAL_ENTRY if recommended else "legal_basis"))
    if asks_if_also(text) and not beside_details:
        # "gilt das auch für meinen handyvertrag? der ist bei funknetz" asks
        # the last topic for another program (the answer before this), not
        # the brand's service or whatever else its words come near; beside
        # code and e-mail there is no last topic ("… geht das auch auf ein
        # anderes konto?").
        found = []
    timing_parts = [part for part in parts if _asks_own_timing(part)] if len(parts) > 1 else []
    if referrer is not None and timing_parts and not asks_own_status(text):
        # "und wie lang noch? und warum gibts da überhaupt ne wartezeit" after
        # the status: the customer's own dates beside the other answer ("wann
        # wurde das überwiesen und …" gets the status itself after the rule).
        # "wer sieht meine bankdaten? und wie lang habt ihr die": how long
        # the data are kept, when the time asked names no reward.
        asked_ids = [*exclude, *(entry.id for entry in found if entry is not None)]
        own_time = next((TIMING_OF[i] for i in asked_ids if i in TIMING_OF), None)
        about_data = own_time == DATA_RETENTION_ENTRY and not any(
            names_reward(part) for part in timing_parts
        )
        found.append(base.get(own_time if about_data else TIMELINE_ENTRY))
    events: Events = []
    said = set(exclude)
    said |= {covered for entry_id in exclude for covered in ANSWER_INCLUDES.get(entry_id, ())}
    answered = 0
    for entry in found:
        if entry is None or entry.id in said or answered >= MAX_FURTHER_ANSWERS:
            continue
        said.add(entry.id)
        answered += 1
        if entry.id == TIMELINE_ENTRY and referrer is not None:
            # "und wann kommt der ca.? und per mail oder post?" after the
            # status: the customer's own dates, not the program's timeline.
            events += answer_how_long(dispatcher, tracker, referrer)
            continue
        events += answer_entry(session, dispatcher, tracker, entry)
    return events


def answer_beside_follow_up(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker, events: Events
) -> Events:
    """The other questions of a message whose first one a follow-up answered
    from an entry ("Wie lange hat er Zeit? Und kriegt er selbst auch was?");
    nothing when the follow-up handed the message on."""
    if len(question_parts(latest_text(tracker))) < 2:
        return []
    if any(event.get("event") == "followup" for event in events):
        return []
    answered = [
        str(event.get("value"))
        for event in events
        if event.get("event") == "slot" and event.get("name") == "kb_entry" and event.get("value")
    ]
    if not answered:
        return []
    return answer_further_questions(session, dispatcher, tracker, exclude=answered)


REWARD_OVERDUE_ENTRY = "reward_overdue"
# What the customer's status answers for them: when the reward comes, what the
# stages mean, why a referral did not count, what if the reward is late.
_ANSWERED_BY_STATUS = (
    TIMELINE_ENTRY,
    STATUS_TERMS_ENTRY,
    REWARD_OVERDUE_ENTRY,
    "referral_not_counted",
)


def answer_questions_beside_details(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events:
    """After the status (or the request the customer came with) that code and
    e-mail in the latest message opened, the questions asked beside them:
    "… wann kommt mein Gutschein und wie lange ist er gültig?", "ASV-…
    …@… . kann das auch auf ein anderes konto gehen?"."""
    base = knowledge_base()
    asked = find_entry(base, tracker) if latest_intent(tracker) in base.intents else None
    events: Events = []
    if asked is not None and asked.id == STATUS_TERMS_ENTRY:
        # "… abgelaufen. Was bedeutet das? FNM-…, …@…": what the state just
        # told means for this customer, not the stages in general.
        referrer = verified_referrer(session, tracker)
        meaning = status_meaning_for(tracker, referrer) if referrer is not None else None
        if meaning is not None:
            dispatcher.utter_message(text=meaning)
        asked = None
    if asked is not None and asked.id in _ANSWERED_BY_STATUS:
        # "Warum wurde meine Empfehlung abgelehnt? FNM-… …@…", "mein Gutschein
        # ist immer noch nicht da. SSE-… …@…": the status just told answers
        # it for this customer; the rule for everyone would ask for the code.
        asked = None
    if asked is not None:
        events += answer_entry(session, dispatcher, tracker, asked)
    text = latest_text(tracker)
    if asked is None and asks_own_status(text) and len(question_parts(text)) <= 1:
        # "wo ist mein gutschein? FNM-… …@…": the status just told was the
        # question, not where a voucher is redeemed.
        return events
    exclude = [*_ANSWERED_BY_STATUS, *([asked.id] if asked else [])]
    beside_details = any(details_in_message(tracker))
    return events + answer_further_questions(session, dispatcher, tracker, exclude, beside_details)


def asked_after_decline(text: str) -> list[Entry]:
    """The entries a message asks after turning an offer down in its first
    sentence ("nein, einen Rückruf brauche ich doch nicht. Eigentlich wollte
    ich nur wissen, warum …"), matched on the sentences after it: the words of
    the declined offer (a call, a person) are not the question's topic."""
    rest = after_first_sentence(text)
    head, comma, tail = text.partition(",")
    if not rest and comma and declines_offer(head):
        # "nee doch nicht, sag mir nur noch wie lang die empfehlung gilt": one
        # sentence, the no before its first comma.
        rest = tail
    rest = question_itself(rest.strip())
    if not rest:
        return []
    matcher = entry_matcher()
    entries = asked_entries(matcher, rest)
    if not entries and (match := matcher.best(rest)) is not None and match.is_clear_part:
        # Clear enough as the part of the message that asks.
        entries = [match.entry]
    return entries[:MAX_FURTHER_ANSWERS]


def question_behind_no(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events | None:
    """The question a message asks after turning an offer down ("nein, einen
    Rückruf brauche ich nicht. Eigentlich wollte ich nur wissen, warum …",
    "ne lass mal. wo ist der gutschein überhaupt?"): the no acknowledged,
    then the customer's own status or the entries it asks; None when nothing
    is asked after the no."""
    text = latest_text(tracker)
    own_status = asks_own_status(after_first_sentence(text))
    if not own_status and not asked_after_decline(text):
        return None
    dispatcher.utter_message(response="utter_declined_then_answer")
    if own_status:
        return status_next(dispatcher, verified=tracker.get_slot("verification") == VERIFIED)
    return [FollowupAction(ANSWER_ACTION)]


def answer_after_decline(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events:
    """The answers to what a message asks after turning an offer down."""
    base = knowledge_base()
    events: Events = []
    for entry in asked_after_decline(latest_text(tracker)):
        events += answer_entry(
            session, dispatcher, tracker, for_the_customer(base, tracker, entry) or entry
        )
    return events


def record_dispute(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker, referrer_id: int
) -> Events:
    """The customer's objection to their status, recorded for the team, and a
    question asked in the same message answered too ("das ist doch quatsch.
    wer darf denn überhaupt geworben werden?")."""
    record_and_confirm(session, dispatcher, tracker, referrer_id, "utter_dispute_recorded")
    events = answer_further_questions(session, dispatcher, tracker, exclude=[])
    return [*events, SlotSet("status_disputable", False)]


# Below this the NLU's topic gives way to a person asked for in so many words.
SURE_TOPIC = 0.7
# Below this, a statement right after the status is taken for doubt about it.
UNSURE_AFTER_STATUS = 0.5
# "ok und bis wann spätestens?": a question about time this short follows up.
SHORT_WHEN_WORDS = 8
# Topics whose "wie lange?" asks about the topic itself (how long data is
# kept, since when terms apply), not about the reward.
OWN_DURATION_INTENTS = frozenset({"ask_data_privacy", "ask_terms"})
# The entry on a friend who cancels or revokes the contract.
FRIEND_CANCELS_ENTRY = "friend_cancels"
# Topics whose "wie lange?" / "bis wann?" another entry answers: the friend's
# bonus and when it comes; where to redeem the voucher and until when it can be;
# what data is stored and how long it is kept.
TIMING_OF = {
    "data_stored": DATA_RETENTION_ENTRY,
    "friend_data": FRIEND_DATA_KEPT_ENTRY,
    "data_who_sees": DATA_RETENTION_ENTRY,
    "friend_reward": "friend_reward_time",
    "friend_own_reward": "friend_own_reward_time",
    "referred_friend": "friend_own_reward_time",
    # "und wie lang dauert das normal bis er die bekommt" after the referrer's
    # status was refused: the program's general timeline for the referrer.
    FRIEND_ASKS_REFERRER_ENTRY: FRIEND_ASKS_REFERRER_ENTRY,
    "voucher_redeem": "voucher_expiry",
    "give_away": "voucher_expiry",
    # "und wie lange dauert das jetzt?" after the way to a deletion or a copy.
    "privacy_contact": DATA_RIGHTS_TIME_ENTRY,
    "recommended_person_data": DATA_RIGHTS_TIME_ENTRY,
    "who_recommended_me": DATA_RIGHTS_TIME_ENTRY,
    "unexpected_mail": DATA_RIGHTS_TIME_ENTRY,
    "marketing_objection": DATA_RIGHTS_TIME_ENTRY,
    "deletion_reward": DATA_RIGHTS_TIME_ENTRY,
    # "bis wann muss das spätestens passieren?" after a forgotten code.
    CODE_FORGOTTEN_ENTRY: "validity",
}


def names_new_address(session: Session, tracker: Tracker) -> bool:
    """Whether a verified customer typed an address other than the one on file."""
    code, email = details_in_message(tracker)
    if code or not email:
        return False
    referrer = verified_referrer(session, tracker)
    return referrer is not None and email != normalize_email(referrer.email)


# Whom to write to, by what the conversation is about.
_PROGRAM_CONTACT = PROGRAM_CONTACT_ENTRY
_CONTACTS = frozenset(
    {PRIVACY_CONTACT_ENTRY, _PROGRAM_CONTACT, BRAND_CONTACT_ENTRY, BRAND_PHONE_ENTRY}
)
# At most this many words, "und schriftlich?" asks the last topic's way in writing.
SHORT_WRITTEN_WORDS = 10


def written_contact(tracker: Tracker) -> Entry | None:
    """The contact for a short "kann ich das auch schriftlich haben?": the
    privacy team after a question on data or a GDPR request, the brand's
    service after the brand's matters, else the program's own service."""
    text = latest_text(tracker)
    if not asks_in_writing(text) or len(text.split()) > SHORT_WRITTEN_WORDS:
        return None
    context = last_topic(tracker)
    match = entry_matcher().best(text, intent_confidence(tracker), context)
    if match is not None and match.is_clear and match.entry.id not in _CONTACTS:
        # "gibt es die Regeln irgendwo schriftlich?" names its own topic.
        return None
    if context is not None and context.id == CHANGE_DETAILS_ENTRY:
        # "geht das auch per mail?" after how details are changed: the
        # program's team, which changes them.
        return knowledge_base().get(_PROGRAM_CONTACT)
    if tracker.get_slot("pending_request") == DATA_RIGHTS_REQUEST or (
        context is not None and context.intent == "ask_data_privacy"
    ):
        return knowledge_base().get(PRIVACY_CONTACT_ENTRY)
    if context is not None and context.intent == "brand_inquiry":
        return knowledge_base().get(BRAND_CONTACT_ENTRY)
    return knowledge_base().get(_PROGRAM_CONTACT)


# The confirmations of a GDPR request: filed, or added to the one filed.
DATA_RIGHTS_FILED_RESPONSES = frozenset(
    {
        "utter_data_rights_ticket",
        "utter_data_access_ticket",
        "utter_change_ticket",
        "utter_data_rights_added",
        "utter_data_rights_ticket_no_code",
    }
)


def data_rights_just_filed(tracker: Tracker) -> bool:
    """Whether the bot's last message confirmed a GDPR request to the team."""
    return last_bot_response(tracker) in DATA_RIGHTS_FILED_RESPONSES


def times_last_topic(tracker: Tracker) -> bool:
    """Whether a short "wann?" now asks the dates of the last topic: the
    customer's own status, or a topic with dates of its own."""
    context = last_topic(tracker)
    return status_is_topic(tracker) or (context is not None and context.id in TIMING_OF)


# At most this many words, "warum …?" right after an answer asks its reason.
SHORT_WHY_WORDS = 8


def questions_last_answer(tracker: Tracker) -> bool:
    """Whether a short message opening with "warum"/"wieso" answers the bot's
    last answer: the customer's status, or an entry of the knowledge base
    when the NLU is not sure of a topic."""
    text = latest_text(tracker)
    short = len(text.split()) <= SHORT_WHY_WORDS
    after_answer = last_bot_action(tracker) == ANSWER_ACTION and last_topic(tracker) is not None
    unsure = latest_confidence(tracker) < SURE_TOPIC
    if short and opens_with_why(text) and status_among_last_answers(tracker):
        # "und warum? der hat doch nen vertrag gemacht" right after the
        # status, however sure the NLU is of a topic its words came near.
        return True
    return short and after_answer and unsure and opens_with_why(text)


# Why the chat sends a reward mail no more often, and the responses that
# named the case for it.
RESEND_LIMIT_WHY = "utter_resend_limit_filed_why"
RESEND_LIMIT_RESPONSES = (
    "utter_resend_limit_ticket",
    "utter_resend_limit_again",
    "utter_resend_limit_case_open",
    "utter_resend_limit_case_other_address",
)
# The reason behind a step the bot took, by the response that told it.
WHY_OF_RESPONSE = {
    "utter_address_check_ticket": "utter_why_address_check",
    "utter_change_ticket": "utter_why_change_checked",
    "utter_verification_mismatch": "utter_mismatch_unclear",
    "utter_verification_mismatch_last": "utter_mismatch_unclear",
    "utter_reward_code_not_in_chat": "utter_reward_code_why",
    "utter_team_back_at": "utter_why_team_away",
    "utter_team_closed": "utter_why_team_away",
    "utter_team_busy": "utter_why_team_busy",
    "utter_team_busy_hours": "utter_why_team_busy",
    **dict.fromkeys(RESEND_LIMIT_RESPONSES, RESEND_LIMIT_WHY),
}
# The reasons after which the offer of an e-mail reply stands again.
_CALLBACK_WHYS = frozenset({"utter_why_team_away", "utter_why_team_busy"})


def why_of_last_turn(tracker: Tracker) -> str | None:
    """The response that says why the bot took the step of its last turn
    (``WHY_OF_RESPONSE``), also when the bot said more after it."""
    said = responses_of_last_turn(tracker)
    return next((why for response, why in WHY_OF_RESPONSE.items() if response in said), None)


class ActionAnswerQuestion(DatabaseAction):
    def name(self) -> str:
        return ANSWER_ACTION

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        left_form = ran_this_turn(tracker, "action_deactivate_loop")
        text = latest_text(tracker)
        code_asked = left_form and detail_asked(tracker) == "referral_code"
        if code_asked and asks_where_code(text) and not says_self_recommended(text):
            # "hä was für ein code?", "wo finde ich den?" while the form asks
            # for the code: which code is meant and where it is; the form asks
            # on (with a short reminder).
            dispatcher.utter_message(response="utter_code_meant")
            return [FollowupAction(VERIFICATION_FORM)]
        events = self._answer(session, dispatcher, tracker)
        waits = tracker.get_slot("pending_request") == DATA_RIGHTS_REQUEST
        unverified = tracker.get_slot("verification") is None
        moves_on = any(event.get("event") == "followup" for event in events)
        if left_form and waits and unverified and not moves_on:
            # "bekomme ich dann trotzdem noch meine Prämie?" while a deletion
            # waits for code and e-mail: answered, then the form asks on.
            return [*events, FollowupAction(VERIFICATION_FORM)]
        address_asked = last_bot_response(tracker) in DATA_RIGHTS_EMAIL_ASKS
        asked_now = {message.get("response") for message in dispatcher.messages}
        asked_now |= responses_this_turn(tracker)
        # "… dann doch lieber nicht löschen": the request is off, no reminder.
        off = puts_request_off(text) or declines_offer(text)
        asks_on = address_asked and not off and not asked_now & DATA_RIGHTS_EMAIL_ASKS
        if asks_on and not moves_on and not any(details_in_message(tracker)):
            # "gibts einen datenschutzbeauftragten?" while the address for a
            # request without a code is asked: answered, and the request is
            # not dropped.
            dispatcher.utter_message(response="utter_data_rights_email_still")
        return events

    def _answer(
        self, session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Events:
        said_no = any(
            ran_this_turn(tracker, action)
            for action in (DENY_ACTION, CALLBACK_DECLINED_ACTION, HANDOFF_ACTION)
        )
        text = latest_text(tracker)
        asking_email = last_bot_response(tracker) in DATA_RIGHTS_EMAIL_ASKS
        if asking_email and (asks_for_confirmation(text) or asks_when(text)):
            # "wie lange dauert das und krieg ich ne bestätigung?" while the
            # address for a data request is asked: the privacy team's deadline
            # and its written answer; the address still wanted.
            dispatcher.utter_message(response="utter_data_rights_time_then_email")
            return []
        # "auf meinem konto ist nichts!! ich will das schriftlich": the
        # missing reward first, not what can be had in writing.
        missing = says_not_arrived(text)
        if asks_where_to_write(text):
            # "ich will das schriftlich einreichen, per mail. an welche
            # adresse?": the program's e-mail address, also right after a case.
            entry = knowledge_base().get(PROGRAM_CONTACT_ENTRY)
            return answer_entry(session, dispatcher, tracker, entry)
        if confirms_ticket(dispatcher, tracker):
            # "bekomme ich dazu eine bestätigung per mail?" right after a case:
            # its number is the confirmation.
            return []
        if asks_written_copy(text) and not asks_postal_address(text) and not missing:
            # "Können Sie mir das bitte schriftlich per Mail zusenden?", read
            # as any topic: what the customer can have in writing.
            return answer_entry(
                session, dispatcher, tracker, knowledge_base().get(WRITTEN_COPY_ENTRY)
            )
        if said_no and (declines_offer(text) or declines_person(text)):
            # The no was said (action_deny, or to the e-mail reply); the
            # question after it is answered.
            return answer_after_decline(session, dispatcher, tracker)
        code, email = details_in_message(tracker)
        if code and email and tracker.get_slot("verification") is None:
            # "SSE-… / name@… – wie lange gilt der Gutschein?": verified and
            # the status first, then the question (action_inform).
            return [FollowupAction(INFORM_ACTION)]
        if tells_of_death(tracker):
            return [FollowupAction(SYMPATHY_ACTION)]
        # "ihr code ist ASV-…" from the recommended friend is the referrer's
        # code: no lookup for someone else's status.
        friends_code = is_referred_friend(tracker) and not says_has_recommended(
            latest_text(tracker)
        )
        if code and not email and tracker.get_slot("verification") is None and not friends_code:
            text = latest_text(tracker)
            if names_reward(text) or names_status(text):
                # "… ob die mir zustehende Prämie angewiesen wurde. Meine
                # Kennung lautet ASV-…" in a long letter: the status lookup,
                # which asks only for the address (the code was seen).
                return start_status_lookup()
        if (without_code := signed_without_code_entry(tracker)) is not None:
            return answer_entry(session, dispatcher, tracker, without_code)
        text = latest_text(tracker)
        if tells_reward_missing(tracker):
            # "vor zwei jahren geworben und nie einen gutschein bekommen": a
            # missing reward told; its status is looked up (words like "zwei
            # Jahre" and "Gutschein" come near the voucher's validity). "…
            # und muss man das versteuern?" beside it is answered first.
            beside = answer_further_questions(
                session, dispatcher, tracker, exclude=[TIMELINE_ENTRY, STATUS_TERMS_ENTRY]
            )
            return beside + status_next(dispatcher, verified=False)
        if asks_code_shown(text) and last_bot_response(tracker) != "utter_ask_referral_code":
            # "kann man mir den code hier anzeigen?" about the reward (while
            # the referral code is asked for, it means that one: no_code).
            return show_reward_code(session, dispatcher, tracker)
        if asks_why(text) and why_of_last_turn(tracker) is not None:
            # "Wieso geht das nicht?" about the step the bot just took.
            return [FollowupAction(WHY_ACTION)]
        if (events := explain_resend_limit(session, dispatcher, tracker)) is not None:
            return events
        if asks_who_handles(text) and names_privacy(text):
            # "Wer ist bei Ihnen für Datenschutz zuständig?" right after a data
            # request was filed: the operator's privacy contact, by name.
            privacy = knowledge_base().get(PRIVACY_CONTACT_ENTRY)
            return answer_entry(session, dispatcher, tracker, privacy)
        if (events := tell_who_handles(session, dispatcher, tracker)) is not None:
            return events
        if others_data_right_asked(tracker):
            # "leonie will nicht mehr bei euch stehen. kann ich die löschung
            # für sie beantragen?" after the status: her own right, however
            # the name points at her referral.
            entry = knowledge_base().get(others_data_entry(tracker, text))
            return answer_entry(session, dispatcher, tracker, entry)
        if (events := answer_follow_up(session, dispatcher, tracker)) is not None:
            return events + answer_beside_follow_up(session, dispatcher, tracker, events)
        if status_is_topic(tracker) and asks_why(text) and echoes_status(text):
            # "abgelaufen?? wieso denn abgelaufen" right after the status: the
            # reasons of that outcome, never what an expired voucher means.
            return [FollowupAction(WHY_ACTION)]
        if questions_last_answer(tracker):
            # "warum nicht? ist doch ein ganz neuer Vertrag" right after a rule:
            # the reason behind it, not the topic the NLU guessed.
            return [FollowupAction(WHY_ACTION)]
        if offered_callback(tracker) and asks_when(new_topic_after_opener(text) or text):
            # "wie lange dauert das, bis sich wer meldet?" to the offer of an
            # e-mail reply: when the team writes (action_how_long).
            return [FollowupAction(HOW_LONG_ACTION)]
        in_writing = asks_in_writing(text) and len(text.split()) <= SHORT_WRITTEN_WORDS
        about_case = in_writing and last_bot_response(tracker) in COMPLAINT_CASE_TALK
        if about_case and (case := current_case(session, tracker)) is not None:
            # "und krieg ich das irgendwie schriftlich?" right after the
            # complaint went to the team: the team answers in writing.
            number, due = case
            dispatcher.utter_message(
                response="utter_case_in_writing", case_id=number, due=format_date(due)
            )
            return []
        if (written := written_contact(tracker)) is not None:
            # "kann ich das auch schriftlich haben?" after a GDPR request:
            # the privacy team's address, not the brand's service.
            return answer_entry(session, dispatcher, tracker, written)
        if (events := change_while_verified(session, dispatcher, tracker)) is not None:
            # "meine neue mail ist …, bitte aktualisieren" once verified.
            return events
        if asks_if_move_matters(text) and not names_postal_address(text):
            # "ich bin umgezogen. muss ich euch die neue adresse geben, damit
            # meine prämie noch ankommt?": the program needs no postal address.
            return answer_entry(session, dispatcher, tracker, knowledge_base().get(MOVED_ENTRY))
        if names_new_address(session, tracker) or has_iban(text) or names_postal_address(text):
            # "Bitte aber an …@…, die alte Adresse lese ich kaum noch" after
            # the status: how details are changed, never taken from the chat.
            return answer_entry(
                session, dispatcher, tracker, knowledge_base().get(CHANGE_DETAILS_ENTRY)
            )
        wishes_person = asks_for_person(text) and not person_as_condition(text)
        # "ich hätte gern jemanden von euch, der nachschaut" is a wish in so
        # many words, however sure the NLU is of a topic.
        if wishes_person and (latest_confidence(tracker) < SURE_TOPIC or wants_person(text)):
            # "kann das dann wenigstens mal ein Mitarbeiter prüfen?": the person
            # ("geht es schneller, wenn ich einen Mitarbeiter frage?" is a rule).
            return [FollowupAction(HANDOFF_ACTION)]
        short_when = (
            asks_when(text) and not asks_why(text) and len(text.split()) <= SHORT_WHEN_WORDS
        )
        own_duration = (
            latest_intent(tracker) in OWN_DURATION_INTENTS
            and latest_confidence(tracker) >= SURE_TOPIC
        )
        if short_when and times_last_topic(tracker) and not own_duration:
            # "ok und bis wann spätestens?" after the status, "und wann gibt's
            # den Bonus dann?" after the friend's bonus: the dates of that;
            # "wie lang speichert ihr meine kontonummer?" asks about the data.
            return [FollowupAction(HOW_LONG_ACTION)]
        friends_own = friends_advantage_entry(tracker, text) if status_is_topic(tracker) else None
        if friends_own is not None:
            # "elif fragt ob sie eigentlich auch was bekommt" after the status
            # is no doubt about it: the friend's own advantage.
            return answer_entry(session, dispatcher, tracker, friends_own)
        unsure = latest_confidence(tracker) < UNSURE_AFTER_STATUS
        if status_is_topic(tracker) and unsure and not is_question(text):
            match = entry_matcher().best(text, intent_confidence(tracker))
            if match is None or not match.is_clear:
                # "komisch, mein schwager meinte was anderes" after the status,
                # read as some topic: the customer's case may differ (a check).
                dispatcher.utter_message(response="utter_status_unclear")
                return []
        own_status = asks_own_status(text) and not is_referred_friend(tracker)
        if own_status and latest_confidence(tracker) < SURE_TOPIC:
            match = entry_matcher().best(text, intent_confidence(tracker))
            if match is None or not match.is_clear:
                # "hab gestern meinen kumpel empfohlen, wo ist die prämie",
                # unsure and no rule asked clearly: the customer's own status;
                # "wann genau wurde das überwiesen und muss ich das beim
                # finanzamt angeben?": a clear second part answered first.
                events = answer_further_questions(session, dispatcher, tracker, exclude=[])
                return events + own_status_next(session, dispatcher, tracker)
        entry = find_entry(knowledge_base(), tracker)
        context = last_topic(tracker)
        about_data = context is not None and context.intent in PRIVACY_INTENTS
        if asks_who_handles(text) and about_data and not names_brand_matter(text):
            # "ok. und wer kümmert sich dann darum, ihr oder funknetz?" about
            # a data request: the operator's privacy team, not the brand's
            # customer service the NLU heard in the brand's name ("ich hab nen
            # steinschlag, wer kümmert sich drum?" is the brand's, though).
            entry = knowledge_base().get(PRIVACY_CONTACT_ENTRY)
        if asks_who_reads(text):
            # "wer liest diesen chat mit? sitzt da einer und schaut zu?"
            entry = knowledge_base().get(WHO_SEES_ENTRY)
        if asks_to_add_later(text) and (entry is None or is_referred_friend(tracker)):
            # "kann das nicht jemand nachträglich eintragen?": whether a code
            # forgotten at signing can be added, for whoever asks.
            entry = knowledge_base().get(
                FRIEND_CODE_ENTRY if is_referred_friend(tracker) else CODE_FORGOTTEN_ENTRY
            )
        if is_referred_friend(tracker) and speaks_as_referrer(text) and mentions_code(text):
            # "dann würd ich gern selber meinen Schwager werben. Wie komm ich
            # an so nen Code?" from the recommended friend: how to take part.
            entry = knowledge_base().get(JOIN_ENTRY)
        if asks_where_to_cancel(text) and (entry is None or entry.id == FRIEND_CANCELS_ENTRY):
            # "und wo kann er das mit der Kündigung machen, bei Ihnen?": the
            # way to cancel is the brand's service, not what cancelling costs.
            entry = knowledge_base().get(BRAND_CONTACT_ENTRY)
        # "darf er eigentlich noch zurücktreten? ist mein geld dann weg?"
        # after the status comes near how the program works: what the
        # friend's cancelling does to the reward.
        after_status = status_is_topic(tracker) and is_question(text)
        other = entry is not None and entry.id == BRAND_CONTACT_ENTRY
        if (entry is None or (after_status and not other)) and speaks_of_friend_cancelling(text):
            entry = knowledge_base().get(FRIEND_CANCELS_ENTRY)
        out_of_scope = latest_intent(tracker) == "out_of_scope"
        if entry is None and out_of_scope and intent_count(tracker, "out_of_scope") > 1:
            # "???" after "Da muss ich leider passen": not the same text again,
            # but the topics the bot knows and a person.
            buttons = [*default_topic_buttons(), HUMAN_BUTTON.as_dict()]
            dispatcher.utter_message(response="utter_out_of_scope_again", buttons=buttons)
            return []
        if entry is None and misreads_friend(tracker):
            # No entry clear enough for the referrer's words: asked back.
            return [FollowupAction(CLARIFY_ACTION)]
        if entry is None and is_question(new_topic_after_opener(text) or ""):
            # "ok trotzdem danke. noch was, …?" with a question no entry
            # answers clearly: asked back, never "Danke für die Angabe".
            return [FollowupAction(CLARIFY_ACTION)]
        if entry is None:
            dispatcher.utter_message(
                response=NOTHING_FOUND.get(latest_intent(tracker), "utter_inform")
            )
            return []
        if entry.id == TIMELINE_ENTRY and status_is_topic(tracker):
            # "und wann kommt die zweite Prämie?" right after the customer's
            # own status: the dates of their referrals, not the program's rule.
            answered = answer_beside_own_dates(session, dispatcher, tracker)
            return answered if answered is not None else [FollowupAction(HOW_LONG_ACTION)]
        text = latest_text(tracker)
        asks_time = asks_when(text) or asks_how_soon(text)
        # "wie lange muss der geworbene mindestens bleiben?" asks the rule,
        # not the customer's own dates.
        rule_time = asks_why(text) or asks_friends_stay(text)
        own_time = (entry.id in _TIMING_ENTRIES and asks_time and not rule_time) or (
            asks_own_reward_when(text)
        )
        if own_time and tracker.get_slot("status_told") and verified_referrer(session, tracker):
            # "und wenn die wartezeit rum ist, wie schnell ist es dann da?"
            # later on: the verified customer's own dates answer it; "und
            # krieg ich dann 3x die prämie oder gibts ne grenze? und wann
            # kommt die erste?" gets the rule beside them.
            answered = answer_beside_own_dates(session, dispatcher, tracker)
            return answered if answered is not None else [FollowupAction(HOW_LONG_ACTION)]
        # "darf ich ihn erneut empfehlen?" after an expired referral asks the
        # rule itself, not the reasons of the outcome.
        again = recommends_again(text)
        rejection = entry.id in _REJECTION_ENTRIES and status_is_topic(tracker) and not again
        about_timing = entry.id in _TIMING_ENTRIES and asks_why(text)
        if about_timing and (done := _pointed_referral_done(session, tracker)) is not None:
            # "ok and Leonie, warum dauert das bei ihr länger?" when her reward
            # went out long ago: that referral's state.
            dispatcher.utter_message(text=done, buttons=[HUMAN_BUTTON.as_dict()])
            return []
        reasons = status_reasons(session, tracker, entry.id) if rejection else None
        if reasons and not said_text_before(tracker, reasons):
            # "warum abgelehnt? der hat doch abgeschlossen" after the status;
            # once those reasons were told, "kann ich ihn denn noch einmal
            # empfehlen?" gets the entry, not the same text again.
            dispatcher.utter_message(text=reasons, buttons=[HUMAN_BUTTON.as_dict()])
            return []
        events = answer_entry(session, dispatcher, tracker, entry)
        # "hab mich selbst geworben … wann kommt die prämie?": no reward will
        # come, so no timeline beside the answer.
        moot = _TIMING_ENTRIES if entry.id == SELF_REFERRAL_ENTRY else frozenset()
        if entry.id in (FAMILY_ENTRY, WHO_ENTRY):
            # "kann ich meine mutter dann selbst werben?": whom to recommend
            # is answered; "selbst" there is no question of recommending
            # oneself, and "eigener Stromzähler" no contract matter.
            moot = frozenset({SELF_REFERRAL_ENTRY, BRAND_CONTACT_ENTRY})
        events += answer_further_questions(
            session, dispatcher, tracker, exclude=[entry.id, *sorted(moot)]
        )
        # "wieso gibts die wartezeit überhaupt, der hat doch schon
        # unterschrieben" once the status was told: the reason is the answer,
        # the dates are not repeated.
        timing_told = entry.id in _TIMING_ENTRIES and tracker.get_slot("status_told")
        # "… bestellt und es passiert nix. Für das Warten will ich das
        # Doppelte!": no more money, but the wait is the customer's own case.
        waits = entry.id == HIGHER_REWARD_ENTRY and _NOTHING_HAPPENS.search(text) is not None
        waits = waits and not tracker.get_slot("status_told")
        asks_status_too = (
            (own_status or waits) and entry.intent != FRIEND_INTENT and not timing_told
        )
        if asks_status_too and entry.id != TIMELINE_ENTRY:
            # "wie steht meine Empfehlung und muss ich die Prämie versteuern?":
            # the rule is answered, then the customer's own status follows.
            return events + own_status_next(session, dispatcher, tracker)
        return events


# "es passiert nix", "da tut sich nichts", "für das Warten": the customer's
# own referral seems stuck.
_NOTHING_HAPPENS = re.compile(
    r"\b(passiert|tut\s+sich|r(ü|ue)hrt\s+sich)\s+((da|denn|immer|noch|einfach)\s+)*(nix|nichts|gar\s+nichts)\b"
    r"|\bf(ü|ue)r\s+(das|die|mein|meine)\s+(ewige\s+|lange\s+)?(warten|wartezeit|warterei)\b",
    re.IGNORECASE,
)


def answer_beside_own_dates(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """A verified customer's question of when with another question in the
    same message ("gibts da ne grenze? und wann kommt die erste?"): the other
    answer and the customer's own dates; None when nothing else is asked."""
    before = len(dispatcher.messages)
    beside = answer_further_questions(
        session, dispatcher, tracker, exclude=sorted(_TIMING_ENTRIES - {TIMELINE_ENTRY})
    )
    return beside if len(dispatcher.messages) > before else None


def own_status_next(session: Session, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
    """After an answer, the customer's own status: told at once when verified,
    else the verification starts for it."""
    return status_next(dispatcher, verified=verified_referrer(session, tracker) is not None)


def status_next(dispatcher: CollectingDispatcher, *, verified: bool) -> Events:
    """The customer's own status next: told at once when verified, else the
    verification starts for it."""
    if verified:
        return [FollowupAction(STATUS_ACTION)]
    dispatcher.utter_message(response="utter_verification_intro")
    return start_status_lookup()


def show_reward_code(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events:
    """The reward's code is never shown in the chat: verified, the reward
    mail is found and offered again (action_reward_mail); else the
    verification starts for it."""
    referrer = verified_referrer(session, tracker)
    if referrer is not None and mailed_rewards(referrer):
        return [FollowupAction(REWARD_MAIL_ACTION)]
    if referrer is not None:
        # Nothing was mailed yet: the status says when it will be.
        dispatcher.utter_message(response="utter_reward_code_not_in_chat")
        return [FollowupAction(STATUS_ACTION)]
    dispatcher.utter_message(response="utter_reward_code_not_in_chat")
    dispatcher.utter_message(response="utter_verification_intro")
    return [SlotSet("pending_request", "reward_mail"), FollowupAction(VERIFICATION_FORM)]


def start_status_lookup() -> Events:
    """The customer's own status is asked: the verification form starts for it."""
    return [SlotSet("pending_request", "reward_status"), FollowupAction(VERIFICATION_FORM)]


def offered_person_after_answer(tracker: Tracker) -> bool:
    """Whether the bot's last message answered from the knowledge base and
    offered a person (its button)."""
    if last_bot_action(tracker) != ANSWER_ACTION or last_topic(tracker) is None:
        return False
    return any(
        button.get("payload") == HUMAN_BUTTON.payload for button in last_bot_buttons(tracker)
    )


# Below this confidence "das hilft mir nicht" after the status is asked back
# before it becomes a case for the team.
SURE_NOT_HELPFUL = 0.6


# "was krieg ich denn jetzt konkret und wann?", "wie viel bekomme ich und wann".
_WHAT_AND_WHEN = re.compile(
    r"\b(was|wie\s*viel)\s+(krieg|kriege|bekomm|bekomme|bekommt|kriegt)\s+(ich|man)\b"
    r"[^.?!]{0,40}\bwann\b",
    re.IGNORECASE,
)


class ActionNotHelpful(DatabaseAction):
    """ "Das hilft mir nicht": apologise, offer the topics next to the last one
    (or the usual ones) and a person; the second time, the person right away.
    Right after the customer's own status, the team checks the case instead."""

    def name(self) -> str:
        return NOT_HELPFUL_ACTION

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        if (events := brand_matter_not_passed_on(session, dispatcher, tracker)) is not None:
            # "dann leite das halt weiter, hab keinen bock auf die hotline"
            # after the brand's service, read as "did not help": why only
            # the brand can, as for the same words read as a complaint.
            return events
        first_message = sum(1 for event in tracker.events if event.get("event") == "user") == 1
        if first_message and not is_question(latest_text(tracker)):
            # "hilfe" as the first message: no answer yet that could have
            # missed, so the topics and a person, without an apology.
            buttons = [*default_topic_buttons(), HUMAN_BUTTON.as_dict()]
            dispatcher.utter_message(response="utter_help_offer", buttons=buttons)
            return []
        moves_on = new_topic_after_opener(latest_text(tracker)) is not None
        if (closing := closing_thanks(latest_text(tracker))) is not None and not moves_on:
            # "naja, trotzdem danke": disappointed, but closing kindly ("ok
            # trotzdem danke. noch was, …?" goes on to its question below).
            dispatcher.utter_message(response=closing)
            return []
        if (events := explain_resend_limit(session, dispatcher, tracker)) is not None:
            # "hä, nicht mehr möglich?? ich hab das doch nie gekriegt" to the
            # offer of the team at the resend limit: why, and the offer again.
            return events
        if condoled(tracker) and not is_question(latest_text(tracker)):
            # "Das verstehe ich nicht ganz, ich bin doch seine Frau" after
            # condolences: what was meant, kindly, and the person again.
            dispatcher.utter_message(
                response="utter_condolence_not_understood", buttons=[HUMAN_BUTTON.as_dict()]
            )
            return []
        if asks_why(latest_text(tracker)) and why_of_last_turn(tracker) is not None:
            # "hä wieso limit? ich hab doch nix falsch gemacht" right after the
            # case went to the team: why that step, not an apology.
            return [FollowupAction(WHY_ACTION)]
        asks_when_own = asks_own_reward_when(latest_text(tracker)) or wanted_the_time(
            latest_text(tracker)
        )
        if asks_to_speed_up(latest_text(tracker)):
            # "das hilft mir nicht. ich will mein geld jetzt und nicht
            # irgendwann": that it cannot come sooner, and why.
            faster = knowledge_base().get(FASTER_PAYOUT_ENTRY)
            return answer_entry(session, dispatcher, tracker, faster)
        if asks_when_own and tracker.get_slot("status_told"):
            # "verstehst du mich überhaupt? ich will nur wissen ob das geld
            # kommt" after the status: when it comes, plainly.
            return [FollowupAction(HOW_LONG_ACTION)]
        if moves_on:
            # "naja egal. andere frage, zählt mein schwager?": a new question,
            # not "that did not help".
            return [FollowupAction(ANSWER_ACTION)]
        topic = last_topic(tracker)
        brand_just_named = last_bot_action(tracker) in (ANSWER_ACTION, CLARIFY_ACTION)
        if (
            topic is not None
            and topic.id == BRAND_CONTACT_ENTRY
            and brand_just_named
            and not is_question(latest_text(tracker))
        ):
            # "das hilft mir nicht, auf der website find ich da gar nix" right
            # after the brand's service was named: its phone number plainly.
            return answer_entry(
                session, dispatcher, tracker, knowledge_base().get(BRAND_PHONE_ENTRY)
            )
        if gives_code_unverified(tracker, with_email=False) or details_in_message(tracker)[1]:
            # "du verstehst mich nicht. ich will wissen wann ASV-… ausgezahlt
            # wird": the status lookup with that code; "schickt mir einfach
            # nen neuen an …@…": the address, as anywhere else.
            return [FollowupAction(INFORM_ACTION)]
        if (events := answer_follow_up(session, dispatcher, tracker)) is not None:
            # "na toll, und wann meldet sich jemand?": the same answer as on
            # every other route.
            return events
        if asks_for_person(latest_text(tracker)):
            # "na toll. und wer hilft mir jetzt?": the person.
            return [FollowupAction(HANDOFF_ACTION)]
        if (events := remind_of_case(session, dispatcher, tracker)) is not None:
            # "das hilft mir nicht, ich will einfach nur wissen wo mein geld
            # ist" right after the case: it is with the team, and by when.
            return events
        if says_code_lost(latest_text(tracker)):
            # "das hilft mir null, ich hab den code nicht mehr" while the code
            # is asked: what to do without it, and a person.
            base = knowledge_base()
            entry = for_the_customer(base, tracker, base.get(NO_CODE_ENTRY))
            return answer_entry(session, dispatcher, tracker, entry) if entry else []
        offered = {button.get("payload") for button in last_bot_buttons(tracker)}
        if CHANGE_REQUEST in offered and asks_to_change(latest_text(tracker)):
            # "hä warum nicht, ist doch meine iban. das hilft mir nicht, wie
            # krieg ich die jetzt geändert?" after how details are changed:
            # the change request the answer offered, filed now.
            return button_click(CHANGE_REQUEST)
        if opens_with_why(latest_text(tracker)) and last_topic(tracker) is not None:
            # "wieso nicht, ich hab dir doch die IBAN gegeben" right after how
            # details are changed: the reason behind it, not other topics.
            return [FollowupAction(WHY_ACTION)]
        if _WHAT_AND_WHEN.search(latest_text(tracker)) and not status_is_topic(tracker):
            # "ja schön und gut aber was krieg ich denn jetzt konkret und
            # wann?? das war mir zu allgemein": the amount and the timeline.
            base = knowledge_base()
            events = []
            for entry_id in (REWARD_ENTRY, TIMELINE_ENTRY):
                entry = for_the_customer(base, tracker, base.get(entry_id))
                events += answer_entry(session, dispatcher, tracker, entry) if entry else []
            return events
        if asks_own_status(latest_text(tracker)) and not status_is_topic(tracker):
            # "ja ich will wissen, ob die schon unterwegs ist" after the
            # program's amount: the customer's own status is what was asked.
            return own_status_next(session, dispatcher, tracker)
        if last_bot_response(tracker) in (
            "utter_verification_mismatch",
            "utter_verification_mismatch_last",
        ):
            # "ich weiß echt nicht, was falsch ist, hab alles kopiert" after
            # code and address did not match: what else may be wrong, a person.
            dispatcher.utter_message(
                response="utter_mismatch_unclear", buttons=[HUMAN_BUTTON.as_dict()]
            )
            return []
        if intent_count(tracker, "not_helpful") >= 2:
            dispatcher.utter_message(
                response="utter_not_helpful_again", buttons=[HUMAN_BUTTON.as_dict()]
            )
            return []
        if status_among_last_answers(tracker) and asks_why(latest_text(tracker)):
            # "das hilft mir null. WARUM abgelehnt will ich wissen": the
            # reasons behind the customer's own outcome.
            return [FollowupAction(WHY_ACTION)]
        if status_among_last_answers(tracker) and says_never_told(latest_text(tracker)):
            # "davon wusste ich nix, das stand nirgends!" after an expired
            # referral: sorry, and where the rule is written (the complaint's
            # answer to it), not a doubt about the status.
            return [FollowupAction(COMPLAINT_ACTION)]
        if status_among_last_answers(tracker) and insults_bot(latest_text(tracker)):
            # "immer dasselbe, du bist der nutzloseste bot überhaupt" after the
            # status: an insult to answer calmly, no objection to record.
            return [FollowupAction(INSULT_ACTION)]
        if status_among_last_answers(tracker) and (
            referrer_id := verified_referrer_id(session, tracker)
        ):
            # "auf meinem Konto ist aber nix" after "überwiesen am …": the
            # customer's own case does not match what the bot told, so the
            # team checks it; topic buttons would not help. When the NLU is
            # unsure ("ah ok, verstehe" came close), the bot asks first.
            if latest_confidence(tracker) < SURE_NOT_HELPFUL:
                dispatcher.utter_message(response="utter_status_unclear")
                return []
            return record_dispute(session, dispatcher, tracker, referrer_id)
        base = knowledge_base()
        context = last_topic(tracker)
        exclude = [context.id] if context is not None else []
        text = latest_text(tracker)
        asked = further_entries(entry_matcher(), text, exclude)
        if not asked and "?" in text:
            # "das hilft mir nicht, ihr seid doch AutoSicher oder?": the
            # question in the same sentence as the complaint.
            asked = asked_entries(entry_matcher(), text, exclude)
        if not asked and offered_person_after_answer(tracker):
            # "hab ich schon probiert, geht trotzdem nicht" after what to check
            # when a voucher is refused: the person that answer offered, not
            # the same topics once more.
            dispatcher.utter_message(
                response="utter_kb_offer_person", buttons=[HUMAN_BUTTON.as_dict()]
            )
            return []
        if asked:
            # "das beantwortet meine Frage nicht. WANN wird ausgezahlt?": the
            # question it brings, after a short apology.
            dispatcher.utter_message(response="utter_not_helpful_then_answer")
            entry = for_the_customer(base, tracker, asked[0]) or asked[0]
            return answer_entry(session, dispatcher, tracker, entry)
        if context is not None:
            related = [base.get(entry_id) for entry_id in context.related]
            buttons = [entry_button(entry) for entry in related if entry is not None]
        else:
            buttons = default_topic_buttons()
        buttons.append(HUMAN_BUTTON.as_dict())
        dispatcher.utter_message(response="utter_kb_not_helpful", buttons=buttons)
        return []


def offered_yes_no(tracker: Tracker) -> bool:
    """Whether the bot's last message asked a yes/no question (its buttons)."""
    return any(button.get("payload") == "/affirm" for button in last_bot_buttons(tracker))


_WHY_NOT = re.compile(r"^(ja,?\s+|klar,?\s+)?(warum|wieso|weshalb)\s+(denn\s+)?nicht\W*$", re.I)


def is_why_not(text: str) -> bool:
    """ "warum nicht?" – after an offer, German for "gern"."""
    return bool(_WHY_NOT.match(text.strip()))


def _pointed_referral_done(session: Session, tracker: Tracker) -> str | None:
    """The state of the one referral a "warum …?" after the status points
    at, when nothing waits for it any more (its reward was paid or sent);
    None otherwise."""
    referrer = verified_referrer(session, tracker) if status_is_topic(tracker) else None
    pointed = pointed_report(tracker, referrer) if referrer is not None else None
    if pointed is None or pointed.refused or how_long(pointed, referrer.program, today()):
        return None
    states = "\n".join(state.text for state in pointed.states)
    if not states:
        return None
    # "wieso ist das bei leonie noch nicht durch?": that it is done, before
    # the line the status already showed.
    friends = ", ".join(state.friend for state in pointed.states if state.friend)
    return phrase("status.already_done", friend=friends) + states if friends else states


def tells_reward_missing(tracker: Tracker) -> bool:
    """Whether a customer not yet verified tells that a reward never came,
    with no question or only the wish to have it checked ("… aber es kam nie
    etwas an. Könnten Sie bitte einmal nachsehen?"): the status lookup."""
    text = latest_text(tracker)
    asks_check = not is_question(text) or asks_own_status(text)
    told = says_not_arrived(text) or waits_for_own_reward(text) or says_never_got(text)
    missing = told and names_reward(text) and asks_check
    unknown = tracker.get_slot("verification") is None and not tracker.get_slot("status_told")
    # "ich wurde geworben und hab keinen Bonus bekommen": the friend's own advantage.
    friend = is_referred_friend(tracker) or says_self_recommended(text)
    return missing and unknown and not friend


def status_reasons(session: Session, tracker: Tracker, asked: str | None) -> str | None:
    """A "warum?" right after the customer's own status, answered with their
    referrals: why a step takes so long ("Warum dauert das so lange?"), else
    why a referral was rejected or expired; None when the question (entry id
    ``asked``) is about something else or nothing waits or failed."""
    if asked is not None and asked not in _TIMING_ENTRIES | _REJECTION_ENTRIES:
        return None
    referrer = verified_referrer(session, tracker)
    if referrer is None:
        return None
    report = customer_report(tracker, referrer)
    in_waiting = any(state.next_step == "qualified" for state in report.states)
    if asked == WAITING_WHY_ENTRY and asks_in_general(latest_text(tracker)) and in_waiting:
        # "wieso gibts überhaupt so ne wartezeit" while a referral is in it:
        # the rule's reason; once none is, the customer's own next step
        # ("warum dauert das so lang bis das zählt" after "angewiesen").
        return None
    waiting = None
    if asked not in _REJECTION_ENTRIES:
        waiting = why_waiting(report, referrer.program, today())
    # "warum hat die zweite nicht geklappt": the reasons of that referral alone.
    only = [state.referral_id for state in report.states] if len(report.states) == 1 else None
    return waiting or why_rejected(referrer, only, friend_is_a_woman(tracker))


# A "warum?" made of these words only names no topic.
_BARE_WHY_WORDS = frozenset(
    {
        "warum",
        "wieso",
        "weshalb",
        "wozu",
        "denn",
        "nicht",
        "net",
        "nich",
        "das",
        "so",
        "eigentlich",
        "überhaupt",
        "ueberhaupt",
        "dann",
        "jetzt",
        "bitte",
        "aber",
        "und",
        "geht",
        "es",
        "da",
    }
)


def named_entry(text: str, confidence: dict[str, float]) -> Entry | None:
    """The entry a "warum …" message names as a whole question ("Welchen Sinn
    hat die Wartezeit?", "warum dauert das bei euch so ewig mit dem
    Gutschein?!"): a clear match, or one far ahead of all others. None for a
    bare "warum nicht?"."""
    words = message_words(text)
    if len(words) < MIN_PART_WORDS or set(words) <= _BARE_WHY_WORDS:
        # "warum denn nicht?", "wieso das denn?": no topic of its own.
        return None
    matcher = entry_matcher()
    match = matcher.best(text)
    if match is not None and match.is_clear:
        return match.entry
    decisive = matcher.decisive(text, confidence)
    return decisive.entry if decisive is not None else None


class ActionExplainWhy(DatabaseAction):
    """A follow-up "warum?": the reason behind the last topic."""

    def name(self) -> str:
        return "action_explain_why"

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        base = knowledge_base()
        # "Welchen Sinn hat die Wartezeit?" names its topic; "warum nicht?" does not.
        text = latest_text(tracker)
        if tracker.get_slot("resend_reward") and offered_yes_no(tracker) and is_why_not(text):
            # "Soll ich die Mail noch einmal schicken?" – "warum nicht?" is a yes.
            return [FollowupAction(RESEND_ACTION)]
        if (events := explain_resend_limit(session, dispatcher, tracker)) is not None:
            return events
        if tracker.get_slot("pending_request") == NEW_ADDRESS and asks_why(text):
            # "wieso konnte die nicht zugestellt werden?" after the reward mail
            # bounced: why a mail comes back, and the new address still asked.
            dispatcher.utter_message(response="utter_bounced_why")
            return []
        why = why_of_last_turn(tracker)
        limit_named = any(said_before(tracker, response) for response in RESEND_LIMIT_RESPONSES)
        if why is None and limit_named and names_limit(text):
            # "warum ist das überhaupt begrenzt" a few turns after the case at
            # the resend limit was named: why the chat sends no more mails.
            why = RESEND_LIMIT_WHY
        if why is None and asks_meaning_of_last_answer(tracker) and not asks_why(text):
            # "und was heißt das jetzt konkret?": the meaning, not the reason.
            return [FollowupAction(MEANING_ACTION)]
        if why is not None:
            # "wieso geht das nicht? das ist doch meine Adresse" right after
            # the new address went to the team for a check.
            if why == "utter_reward_code_why" and tracker.get_slot("resend_reward"):
                # The mail is offered once more with the reason.
                dispatcher.utter_message(response=why)
                dispatcher.utter_message(
                    text=phrase("status.offer_resend"), buttons=yes_no_buttons()
                )
                return []
            if why in _CALLBACK_WHYS and offered_callback(tracker):
                # "wieso erst später? ich hab doch jetzt zeit": why nobody is
                # in the chat, and the e-mail reply offered once more.
                dispatcher.utter_message(response=why, buttons=CALLBACK_BUTTONS)
                return []
            dispatcher.utter_message(response=why)
            return []
        named = named_entry(text, intent_confidence(tracker))
        if status_is_topic(tracker) and echoes_status(text):
            # "abgelaufen?? wieso denn abgelaufen": the status's own word, not
            # the entry it sounds like (an expired voucher).
            named = None
        named_id = named.id if named is not None else None
        if status_is_topic(tracker) and (reasons := status_reasons(session, tracker, named_id)):
            if reasons == last_bot_text(tracker):
                # "das hilft mir null. WARUM abgelehnt?" right after the
                # reasons: nothing more in the records, so a person.
                dispatcher.utter_message(
                    response="utter_status_reasons_again", buttons=[HUMAN_BUTTON.as_dict()]
                )
                return []
            if says_not_my_fault(text):
                # "ich kann doch nichts dafür": granted, before the reasons.
                reasons = phrase("rejection_why.not_your_fault") + " " + reasons
            dispatcher.utter_message(text=reasons, buttons=[HUMAN_BUTTON.as_dict()])
            return []
        if (done := _pointed_referral_done(session, tracker)) is not None:
            # "warum dauert das bei Leonie länger?" when her reward went out
            # long ago: that referral's state, not why there is a waiting period.
            dispatcher.utter_message(text=done, buttons=[HUMAN_BUTTON.as_dict()])
            return []
        if named is not None:
            # The message is a whole question: the entry that answers it.
            return answer_entry(session, dispatcher, tracker, named)
        entry = last_topic(tracker)
        if entry is None and (asks_when(text) or says_takes_long(text)):
            # "wieso dauert das bei euch so ewig mit der prämie?!" with no
            # topic before: why there is a waiting period.
            entry = base.get(WAITING_WHY_ENTRY)
            return answer_entry(session, dispatcher, tracker, entry) if entry else []
        program = conversation_program(session, tracker)
        if entry is None or (program is None and needs_program(entry, base)):
            buttons = default_topic_buttons()
            dispatcher.utter_message(response="utter_why_without_topic", buttons=buttons)
            return []
        part = "why" if entry.why else ("again" if entry.again else "answer")
        dispatcher.utter_message(
            text=as_message(
                render(
                    entry,
                    base,
                    program,
                    part,
                    friend_is_a_woman(tracker, entry.id in base.for_referred_friends),
                )
            ),
            buttons=[HUMAN_BUTTON.as_dict()],
        )
        return [SlotSet("kb_entry", entry.id)]
