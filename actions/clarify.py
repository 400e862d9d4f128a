"""Action for the first stage of the fallback: clarify with topic buttons,
unless the message clearly asks a knowledge-base question after all.

Such a question is handed to ``action_answer_question`` as a follow-up
action rather than answered here: the turn then ends with that action, so
an unclear message after it starts the fallback afresh instead of counting
as the second failure in a row (``data/rules/fallback.yml``)."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.base import (
    BOT_CHALLENGE_ACTION,
    BRIEF_REPLY_ACTION,
    CALLBACK_ACTION,
    CLARIFY_ACTION,
    COMPLAINT_ACTION,
    DEESCALATE_ACTION,
    FRIEND_INTENT,
    HANDOFF_ACTION,
    HOW_LONG_ACTION,
    NOT_HELPFUL_ACTION,
    OWN_REWARD_INTENTS,
    STATUS_PAYLOAD,
    VERIFIED,
    DatabaseAction,
    Events,
    button_click,
    case_just_filed,
    details_in_message,
    intent_confidence,
    last_bot_action,
    last_bot_response,
    last_bot_text,
    latest_text,
    offered_callback,
    typed_apart,
    verified_referrer_id,
)
from actions.cases import DATA_RIGHTS_EMAIL_ASKS, explain_resend_limit
from actions.empathy import (
    SYMPATHY_ACTION,
    condolence_follow_up,
    tells_hardship_with_request,
    tells_of_death,
)
from actions.follow_up import (
    BRAND_CONTACT_ENTRY,
    BRAND_ENTRIES,
    answer_follow_up,
    last_topic,
    status_among_last_answers,
    status_is_topic,
)
from actions.inform import file_change_instead, gives_new_details
from actions.knowledge import (
    ANSWER_ACTION,
    FRIEND_ASKS_REFERRER_ENTRY,
    FRIEND_REWARD_ENTRY,
    INFORM_ACTION,
    WHY_ACTION,
    answer_entry,
    answer_further_questions,
    data_rights_just_filed,
    entry_button,
    find_entry,
    is_referred_friend,
    offered_person_after_answer,
    own_status_next,
    pushes_friend,
    question_candidates,
    question_in_story,
    recommended_friend_entry,
    record_dispute,
    story_candidates,
    tells_reward_missing,
    times_last_topic,
    told_entry_asked_again,
    whom_to_turn_to,
    why_of_last_turn,
)
from actions.verification import answer_without_code, removal_without_code
from actions.wording import (
    acknowledges,
    asks_for_one_of_them,
    asks_for_person,
    asks_own_reward_when,
    asks_own_status,
    asks_what_i_get,
    asks_when,
    asks_why,
    calls_it_wrong,
    closing_thanks,
    finds_answer_unhelpful,
    first_sentence,
    gives_up,
    is_personal,
    is_question,
    is_sarcastic_thanks,
    is_thanks,
    looks_for_code,
    mentions_code,
    names_own_reward,
    names_postal_address,
    names_reward,
    names_status,
    new_topic_after_opener,
    opens_with_why,
    says_code_lost,
    says_has_recommended,
    says_self_recommended,
    says_takes_long,
    takes_leave,
    takes_no_part,
    thank_response,
    threatens_legal_steps,
    threatens_review,
    threatens_to_cancel,
    without_interjection,
)
from bot.formatting import has_iban
from bot.knowledge.entries import knowledge_base
from bot.knowledge.matcher import asked_entries, entry_matcher, question_parts
from bot.topics import (
    CLARIFY_PROMPTS,
    HUMAN_BUTTON,
    MAX_TOPICS,
    clarification_buttons,
    clarify_prompt,
)

# The bot's sympathy for a hardship or a death, which an unclear message
# right after most likely adds to.
SYMPATHY_RESPONSES = frozenset({"utter_hardship", "utter_hardship_follow_up", "utter_condolence"})


class ActionClarify(DatabaseAction):
    def name(self) -> str:
        return CLARIFY_ACTION

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        if condolence_follow_up(dispatcher, tracker):
            # "den Code hab ich nicht, nur seine Mail" after condolences.
            return []
        if tells_of_death(tracker) or tells_hardship_with_request(tracker):
            # "mein Papa ist vor kurzem gestorben …", "lag wochenlang in der
            # klinik, jetzt ist die mail mit dem gutschein weg" that the NLU
            # was unsure of.
            return [FollowupAction(SYMPATHY_ACTION)]
        after_bot = last_bot_action(tracker) == BOT_CHALLENGE_ACTION
        if asks_for_one_of_them(latest_text(tracker)) and after_bot:
            # "dann gib mir einen" right after the bot said it is a chatbot.
            return [FollowupAction(HANDOFF_ACTION)]
        if tells_reward_missing(tracker):
            # "… einen Gutschein per E-Mail, aber es kam nie etwas an. Könnten
            # Sie bitte einmal nachsehen?": the lookup, not topics to choose.
            return [FollowupAction(ANSWER_ACTION)]
        if (events := explain_resend_limit(session, dispatcher, tracker)) is not None:
            # "was soll das heißen nicht mehr möglich?? ich hab das ding doch
            # nie bekommen" to the offer of the team at the resend limit.
            return events
        text = latest_text(tracker)
        first = first_sentence(text)
        about_step = asks_why(first) and not (names_reward(first) or names_status(first))
        gives_details = any(details_in_message(tracker)) or typed_apart(tracker) is not None
        if about_step and why_of_last_turn(tracker) is not None and not gives_details:
            # "Wieso erst später? Ich sitze doch gerade am Rechner" right after
            # the team was not in the chat: why the bot's last step was so
            # ("… dann frag ich eben dich: warum wurde meine empfehlung
            # storniert?" asks something else).
            return [FollowupAction(WHY_ACTION)]
        no_topic = last_topic(tracker) is None and not tracker.get_slot("status_told")
        if no_topic and asks_why(first) and says_takes_long(first):
            # "wieso dauert das bei euch so unendlich lange mit der prämie?!"
            # as the first question: why there is a waiting period.
            return [FollowupAction(WHY_ACTION)]
        asks_entry = is_question(text) and bool(asked_entries(entry_matcher(), text))
        if last_bot_response(tracker) in SYMPATHY_RESPONSES and not asks_entry:
            # "ich weiß echt nicht, wie ich die nächste Rechnung zahlen soll"
            # after sympathy: more of the hardship, so a person, not topics.
            dispatcher.utter_message(response="utter_hardship_follow_up")
            return []
        if (events := removal_without_code(session, dispatcher, tracker)) is not None:
            return events
        if gives_new_details(tracker):
            # "geht das nicht hier? DE89 …" after the change of details.
            return file_change_instead(dispatcher)
        if has_iban(latest_text(tracker)) or names_postal_address(latest_text(tracker)):
            # "neue IBAN: DE89 …, trag die bitte ein", "neue Adresse ist
            # Lindenstr 12 in 50667 Köln": how details are changed.
            return [FollowupAction(ANSWER_ACTION)]
        code, email = details_in_message(tracker)
        asked_reply = last_bot_action(tracker) == CALLBACK_ACTION or offered_callback(tracker)
        if (code or email) and asked_reply:
            # Code and address (and "aber bitte ein Mensch") when the bot asked
            # for the address of the e-mail reply, or "dann meldet euch halt
            # per mail, SSE-… …@…" to its offer: that reply.
            return [FollowupAction(CALLBACK_ACTION)]
        if (code or email) and not (code and email) and asks_for_person(latest_text(tracker)):
            # "code ist ASV-… und mail ist lena.hoff… ach, stellen sie mich
            # einfach durch": the person, not the rest of the details.
            return [FollowupAction(HANDOFF_ACTION)]
        if code or email:
            # An unclear question next to code and e-mail address ("Code …,
            # Mail … – wann kommt mein Gutschein?"): verified, then answered;
            # one of them, or the new address the bot asked for ("dann nehmt
            # bitte …@…"), is taken as such (action_inform).
            return [FollowupAction(INFORM_ACTION)]
        text = latest_text(tracker)
        if (events := whom_to_turn_to(session, dispatcher, tracker)) is not None:
            return events
        unverified = tracker.get_slot("verification") != VERIFIED
        no_code = says_code_lost(text) or mentions_code(text) or takes_no_part(text)
        if last_bot_response(tracker) in DATA_RIGHTS_EMAIL_ASKS and no_code:
            # "Einen Code habe ich nicht, ich bin kein Kunde bei Ihnen." when
            # the address for a deletion was asked: none is needed, the
            # address is.
            dispatcher.utter_message(response="utter_ask_data_rights_email_again")
            return []
        if (entry := told_entry_asked_again(tracker)) is not None:
            # "und das mit der steuer nochmal, hab ich nicht verstanden": that
            # earlier answer once more, in other words.
            return answer_entry(session, dispatcher, tracker, entry)
        topic = last_topic(tracker)
        brand_just_named = (
            topic is not None
            and topic.id in BRAND_ENTRIES
            and last_bot_action(tracker) in (ANSWER_ACTION, CLARIFY_ACTION)
            and new_topic_after_opener(text) is None
        )
        if brand_just_named and not any(details_in_message(tracker)):
            # "Aber ich bin doch Kunde bei Ihnen, warum können Sie das nicht
            # aufnehmen?" right after the brand's service was named: why only
            # the brand can, once more.
            return answer_entry(
                session, dispatcher, tracker, knowledge_base().get(BRAND_CONTACT_ENTRY)
            )
        if unverified and says_code_lost(text) and not is_referred_friend(tracker):
            # "hab kein code mehr, könnt ihr trotzdem nachschaun": what to do
            # without it, and a person, not topics to choose from.
            return answer_without_code(session, dispatcher, tracker)
        if asks_for_person(text):
            # "Gibts do ned an echtn Menschn?": the NLU was unsure, the words are not.
            return [FollowupAction(HANDOFF_ACTION)]
        threat = threatens_legal_steps(latest_text(tracker)) or threatens_to_cancel(
            latest_text(tracker)
        )
        if threat or threatens_review(latest_text(tracker)):
            # "seit 4 monaten nix!!! ICH SCHALTE JETZT MEINEN ANWALT EIN",
            # "wenn ich die prämie nicht kriege kündige ich meinen vertrag".
            return [FollowupAction(DEESCALATE_ACTION)]
        missed = finds_answer_unhelpful(latest_text(tracker))
        if missed and likeliest_intent(tracker) == "not_helpful" and last_topic(tracker):
            # "ja schön und gut aber was krieg ich denn jetzt konkret und
            # wann?? das war mir zu allgemein" after an answer, a little unsure
            # to the NLU: that the answer did not help is the likeliest.
            return [FollowupAction(NOT_HELPFUL_ACTION)]
        if (events := answer_follow_up(session, dispatcher, tracker)) is not None:
            # "was heißt zurückgekommen? die Adresse stimmt doch" after the status.
            return events
        text = latest_text(tracker)
        if is_sarcastic_thanks(text):
            # "super, danke für nix": no thanks but a complaint, as in action_thank.
            return [FollowupAction(COMPLAINT_ACTION)]
        leaves = is_thanks(text) and takes_leave(text) and not is_question(text)
        if thanks_only(tracker) or closing_thanks(text) is not None or leaves:
            # "ok alles klar danke": the NLU wavered between thanks and yes;
            # "na gut, dann mach ich das so. vielen dank" closes, whatever
            # entry its words come near; so does a longer message that
            # thanks and takes leave ("Schade. Na gut … Vielen Dank und Ihnen
            # noch einen schönen Sonntag!"), even right after the status.
            dispatcher.utter_message(response=thank_response(text))
            return []
        if acknowledges(text) and last_topic(tracker) is not None:
            # "ok dann soll sie selber hier schreiben": the answer taken in.
            dispatcher.utter_message(response="utter_affirm")
            return []
        if (friend_entry := recommended_friend_entry(text)) is not None:
            # "ich wurde von meiner Kollegin geworben, bekomm ich da auch was??"
            return answer_entry(session, dispatcher, tracker, friend_entry)
        own_question = asks_own_status(text) or asks_when(text)
        if own_question and is_referred_friend(tracker) and not says_has_recommended(text):
            # "muss ich selbst noch was machen? und bis wann krieg ich meinen
            # bonus" from the recommended friend: their own entries, never the
            # referrer's code and address.
            return [FollowupAction(ANSWER_ACTION)]
        if asks_own_status(text) and not status_is_topic(tracker):
            # "Hat Stefanie schon unterschrieben?": the customer's own status;
            # "wo melde ich den Steinschlag? Und ob das mit meiner Empfehlung
            # durch ist": the other question answered first.
            events: Events = []
            if len(question_parts(text)) > 1:
                events = answer_further_questions(session, dispatcher, tracker, exclude=[])
            return events + own_status_next(session, dispatcher, tracker)
        asks_for_dates = asks_when(text) and not asks_why(text)
        if asks_for_dates and (
            asks_own_reward_when(text)
            or times_last_topic(tracker)
            or offered_callback(tracker)
            or data_rights_just_filed(tracker)
            or last_bot_response(tracker) in DATA_RIGHTS_EMAIL_ASKS
        ):
            # "mein kumpel hat abgeschlossen, wann bekomm ich dann was", "Bis
            # wann darf ich mit einer Antwort rechnen?" after the GDPR request,
            # "und wann dann?" after the status, "und wann krieg ich bescheid?"
            # while the address for a data request is asked: those dates.
            return [FollowupAction(HOW_LONG_ACTION)]
        objects = calls_it_wrong(text) and status_among_last_answers(tracker)
        if objects and (referrer_id := verified_referrer_id(session, tracker)) is not None:
            # "mein kumpel war nie kunde, das ist doch quatsch. wer darf denn
            # überhaupt geworben werden?" after a refused referral: the
            # objection recorded, the question answered.
            return record_dispute(session, dispatcher, tracker, referrer_id)
        if find_entry(knowledge_base(), tracker) is not None:
            return [FollowupAction(ANSWER_ACTION)]
        if (story_entry := question_in_story(text)) is not None:
            # A long story before its question: the entry the question asks.
            return answer_entry(session, dispatcher, tracker, story_entry)
        if tracker.get_slot("rejected_details"):
            # "doch, der Code stimmt" after code and address did not match:
            # what else may be wrong, and a person.
            dispatcher.utter_message(
                response="utter_mismatch_unclear", buttons=[HUMAN_BUTTON.as_dict()]
            )
            return []
        # Set only right after the customer's own (verified) status, or the
        # answer that came with it.
        about_status = status_is_topic(tracker) or status_among_last_answers(tracker)
        referrer_id = verified_referrer_id(session, tracker) if about_status else None
        if referrer_id is not None and asks_why(latest_text(tracker)):
            # "warum abgelehnt?? der hat doch nen Vertrag gemacht": the reasons
            # behind this customer's outcome (action_explain_why).
            return [FollowupAction(WHY_ACTION)]
        if last_topic(tracker) is not None and opens_with_why(latest_text(tracker)):
            # "warum nicht? is doch der gleiche Wert" after the cash refusal:
            # the reason behind the last answer, not the topic buttons.
            return [FollowupAction(WHY_ACTION)]
        if asks_own_reward(tracker):
            if referrer_id is not None:
                # "bei mir ist das Geld aber nicht angekommen" after "überwiesen
                # am …": the customer's own case differs from what the bot said.
                return record_dispute(session, dispatcher, tracker, referrer_id)
            # "mein Gutschein ist noch nicht da": the NLU wavered between the
            # status and the lost reward mail, or was a little unsure of the
            # status; both need the verification, which tells either.
            return button_click(STATUS_PAYLOAD)
        if looks_for_code(latest_text(tracker)):
            # "Sekunde, ich schau kurz nach meinem Code": the status lookup,
            # which asks for the code the customer is fetching.
            return button_click(STATUS_PAYLOAD)
        if is_referred_friend(tracker) and asks_what_i_get(latest_text(tracker)):
            # "Na gut. Und was ist mit mir, bekomme ich auch was?" after the
            # referrer's reward: the recommended friend's own advantage.
            entry = knowledge_base().get(FRIEND_REWARD_ENTRY)
            return answer_entry(session, dispatcher, tracker, entry)
        if is_referred_friend(tracker) and names_status(latest_text(tracker)):
            # "kann ich trotzdem schauen, ob das bei mir geklappt hat?" from the
            # recommended friend: the referral's status is only the referrer's.
            entry = knowledge_base().get(FRIEND_ASKS_REFERRER_ENTRY)
            return answer_entry(session, dispatcher, tracker, entry)
        if offered_person_after_answer(tracker):
            # "hab ich schon 3 mal probiert" after what to check when a voucher
            # is refused: most likely the answer did not help, so the person
            # it offered, not the general topics.
            dispatcher.utter_message(
                response="utter_kb_offer_person", buttons=[HUMAN_BUTTON.as_dict()]
            )
            return []
        if case_just_filed(tracker):
            # "Können Sie das bitte nachverfolgen lassen?" right after the
            # case went to the team: it already is.
            dispatcher.utter_message(
                response="utter_case_already_filed", buttons=[HUMAN_BUTTON.as_dict()]
            )
            return []
        if pushes_friend(tracker, latest_text(tracker)):
            # "Kann man ihn nicht irgendwie anschubsen?" after the status: how
            # the friend is reminded, no doubt about the status.
            return [FollowupAction(ANSWER_ACTION)]
        refused = tracker.get_slot("status_disputable")
        if referrer_id is not None and refused and names_status(latest_text(tracker)):
            # "und die alte? krieg ich dafür gar nix mehr?" after an expired or
            # refused referral: why there is no reward for it.
            return [FollowupAction(WHY_ACTION)]
        if referrer_id is not None and last_bot_response(tracker) != "utter_status_unclear":
            # "er meinte, er hat letzte Woche unterschrieben" after the status:
            # most likely the customer's case differs from what the bot said.
            dispatcher.utter_message(response="utter_status_unclear")
            return []
        if referrer_id is not None:
            # Unclear again right after that question: not the same question
            # a second time, the person.
            dispatcher.utter_message(
                response="utter_kb_offer_person", buttons=[HUMAN_BUTTON.as_dict()]
            )
            return []
        ask_back(dispatcher, tracker)
        return []


_CONTENT_INTENTS = frozenset({"thank", "affirm"})

OFFER_HUMAN_ACTION = "action_offer_human"
# What the bot says when it did not understand: the topics it asked back
# with, or the person it offered.
_NOT_UNDERSTOOD_RESPONSES = frozenset(
    {"utter_clarify_story", "utter_clarify_question", "utter_offer_human"}
)


def asked_back(tracker: Tracker) -> bool:
    """Whether the bot's last message said it did not understand (asked
    back with topics, or offered a person for that reason)."""
    return (
        last_bot_response(tracker) in _NOT_UNDERSTOOD_RESPONSES
        or last_bot_text(tracker) in CLARIFY_PROMPTS
    )


class ActionOfferHuman(Action):
    """The second unclear message in a row (``data/rules/fallback.yml``).

    Only when the bot's last message asked back is it the second
    misunderstanding: then a person is offered. When the clarification had
    answered after all (a knowledge-base entry, the customer's dates, thanks),
    the new message is clarified afresh, so "Leider habe ich Sie immer noch
    nicht verstanden" never follows an answer."""

    def name(self) -> str:
        return OFFER_HUMAN_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        if gives_up(latest_text(tracker)):
            # "ach, vergessen Sie's, ich geb auf" after the bot asked back: an
            # apology and the door left open, not "immer noch nicht verstanden".
            return [FollowupAction(BRIEF_REPLY_ACTION)]
        if asked_back(tracker) and not asks_something_known(latest_text(tracker)):
            dispatcher.utter_message(response="utter_offer_human")
            return []
        return [FollowupAction(CLARIFY_ACTION)]


def asks_something_known(text: str) -> bool:
    """Whether an unclear message still asks a question that some entry
    comes near ("Wie bekomme ich denn die Prämie? Kommt sie mit der Post …"
    from someone who writes in long full sentences): clarified once more
    with those entries, rather than "Leider habe ich Sie immer noch nicht
    verstanden"."""
    if not is_question(text):
        return False
    matcher = entry_matcher()
    return bool(
        asked_entries(matcher, text)
        or question_in_story(text)
        or question_candidates(text)
        or story_candidates(text)
    )


def thanks_only(tracker: Tracker) -> bool:
    """Whether an unsure message only thanks: it says so ("danke", not
    "bitte") and the NLU's best guesses are thanks or a yes."""
    ranked = [name for name in intent_confidence(tracker) if name != "nlu_fallback"]
    text = latest_text(tracker)
    # "ok thx. muss ich das dann versteuern?" thanks and asks on.
    asks_on = is_question(without_interjection(text)) and without_interjection(text) != text
    return is_thanks(text) and not asks_on and bool(ranked) and ranked[0] in _CONTENT_INTENTS


MIN_OWN_REWARD_CONFIDENCE = 0.25
MIN_OWN_REWARD_LEAD = 0.1


def likeliest_intent(tracker: Tracker) -> str | None:
    """The NLU's likeliest intent for the latest message, the fallback aside."""
    confidence = intent_confidence(tracker)
    confidence.pop("nlu_fallback", None)
    return max(confidence, key=confidence.__getitem__, default=None)


def asks_own_reward(tracker: Tracker) -> bool:
    """Whether an unclear message most likely asks about the writer's own
    reward: the likeliest intents are the status or the lost reward mail,
    well ahead of any other, and the message speaks of the writer's own
    things ("mein Gutschein ist noch nicht da")."""
    ranking = [
        (str(item.get("name")), float(item.get("confidence") or 0.0))
        for item in tracker.latest_message.get("intent_ranking") or []
        if item.get("name") != "nlu_fallback"
    ]
    text = latest_text(tracker)
    # "ich habe meinem Bruder SonnenStrom empfohlen, er hat gewechselt …
    # wie lange dauert das noch?": the writer recommended, so the words about
    # the friend's contract do not make it the recommended friend's question.
    referrer = says_has_recommended(text) and not says_self_recommended(text)
    if referrer and names_own_reward(text):
        # "sorry, andersrum: ich habe thomas geworben. es geht um meine
        # prämie": the words say it, however unsure the NLU is.
        return True
    rivals = OWN_REWARD_INTENTS | ({FRIEND_INTENT} if referrer else set())
    own = max((c for name, c in ranking if name in OWN_REWARD_INTENTS), default=0.0)
    other = max((c for name, c in ranking if name not in rivals), default=0.0)
    return (
        own >= MIN_OWN_REWARD_CONFIDENCE
        and own - other >= MIN_OWN_REWARD_LEAD
        and is_personal(text)
        and _REWARD_WORDS.search(text) is not None
    )


# The message must name what it is about: "hab ich schon 3 mal probiert" is
# personal, but says nothing of a reward; "hab drei leute geworben, wie ist
# da der stand" names the own referrals.
_REWARD_WORDS = re.compile(
    r"pr(ä|ae|a)mie|gutschein|geld|bonus|belohnung|\babo\b|empfehlung|\bcode\b|kohle|€|euro"
    r"|geworben|empfohlen|geholt|\bstand\b",
    re.IGNORECASE,
)


def ask_back(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Ask which topic the customer means, with buttons of the likely ones."""
    ranking = tracker.latest_message.get("intent_ranking") or []
    buttons = [button.as_dict() for button in clarification_buttons(ranking)]
    if candidates := story_candidates(latest_text(tracker)):
        # A long story without a clear question: the entries its sentences
        # come closest to first, then general topics, then the person.
        topics, person = buttons[:-1], buttons[-1]
        entry_buttons = [entry_button(entry) for entry in candidates]
        fill = topics[: max(0, MAX_TOPICS - len(entry_buttons))]
        dispatcher.utter_message(
            response="utter_clarify_story", buttons=[*entry_buttons, *fill, person]
        )
        return
    if candidates := question_candidates(latest_text(tracker)):
        # A question between two entries: those entries, then a person.
        entry_buttons = [entry_button(entry) for entry in candidates]
        dispatcher.utter_message(
            response="utter_clarify_question", buttons=[*entry_buttons, buttons[-1]]
        )
        return
    user_turns = sum(1 for event in tracker.events if event.get("event") == "user")
    dispatcher.utter_message(text=clarify_prompt(user_turns), buttons=buttons)
