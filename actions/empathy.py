"""Sympathy and de-escalation: customers in a hard situation, who threaten
consequences or who insult the bot are answered calmly and offered a person;
the texts are domain responses, the facts come from the knowledge base."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.base import (
    CLARIFY_ACTION,
    ENGLISH_ACTION,
    HANDOFF_ACTION,
    HOW_LONG_ACTION,
    INFORM_ACTION,
    INSULT_ACTION,
    PENDING_REQUESTS,
    REWARD_MAIL_ACTION,
    STATUS_ACTION,
    STATUS_PAYLOAD,
    VERIFICATION_FORM,
    DatabaseAction,
    Events,
    button_click,
    conversation_program,
    detail_asked,
    details_in_message,
    gives_code_unverified,
    intent_confidence,
    intent_count,
    last_bot_action,
    latest_confidence,
    latest_text,
    said_before,
    verified_referrer_id,
)
from actions.wording import (
    asks_meaning,
    asks_own_reward_when,
    asks_own_status,
    asks_to_speed_up,
    asks_when,
    calls_it_wrong,
    is_question,
    names_reward,
    says_not_arrived,
    waits_for_own_reward,
)
from bot import handoff as handoffs
from bot.formatting import format_date
from bot.knowledge.entries import Entry, knowledge_base
from bot.knowledge.facts import MissingFact, render
from bot.knowledge.matcher import asked_entries, english_entries, entry_matcher
from bot.topics import default_topic_buttons

# Words that tell of a death; then condolences, not only sympathy.
_BEREAVEMENT = re.compile(
    r"(gestorben|verstorben|verstarb|tod\b|todes|beerdigung|beisetzung|trauer|nachlass|erbe\b|erben\b"
    r"|witwe|witwer|hinterbliebene|nicht mehr am leben|verloren habe)",
    re.IGNORECASE,
)
# A death told beside a question ("mein Mann ist verstorben, was passiert mit
# seiner Prämie?") is read as that question; this much doubt towards hardship
# makes it the bereavement it is.
BEREAVEMENT_HINT = 0.2
SYMPATHY_ACTION = "action_sympathy"
FASTER_PAYOUT_ENTRY = "faster_payout"
# From the second insult in a conversation on, a person is offered.
INSULTS_BEFORE_PERSON = 2


def condoled(tracker: Tracker) -> bool:
    """Whether the bot offered its condolences earlier in this conversation."""
    return said_before(tracker, "utter_condolence")


# "mein Papa ist vor kurzem gestorben", "meine Mutter ist letztes Jahr
# verstorben": a death of the writer's own people, whatever the NLU read.
_OWN_LOSS = re.compile(
    r"\b(mein|meine|meinen|meinem|meiner|unser|unsere|unserem|unserer)\b[^.?!]{0,60}?"
    r"\b(gestorben|verstorben|verstarb|nicht\s+mehr\s+am\s+leben)\b",
    re.IGNORECASE,
)


def tells_of_death(tracker: Tracker) -> bool:
    """Whether the latest message tells of a death not yet answered with
    condolences, though the NLU took it for a question or was unsure:
    sympathy and a person come before any rule."""
    if condoled(tracker):
        return False
    text = latest_text(tracker)
    if _OWN_LOSS.search(text) is not None:
        return True
    hint = intent_confidence(tracker).get("hardship", 0.0) >= BEREAVEMENT_HINT
    return hint and _BEREAVEMENT.search(text) is not None


# What settling a deceased's affairs brings up: papers, the code or mailbox
# the relatives do not have ("Muss ich einen Erbschein schicken?").
_ESTATE_MATTERS = re.compile(
    r"\b(erbschein\w*|nachlass\w*|erbe|erben|testament\w*|vollmacht\w*|sterbeurkunde\w*"
    r"|unterlagen|nachweis\w*|postfach|code|passwort|zugang\w*|konto|überweis\w*|auszahl\w*"
    # "er hieß Gerhard L.", "wie lange dauert sowas?": the deceased's name,
    # how long settling it takes.
    r"|hie(ß|ss)|name\w*|dauer\w*|bescheinigung\w*|brauch\w*|ben(ö|oe)tig\w*"
    # "kann man auch gleich seine daten löschen lassen?"
    r"|daten|l(ö|oe)sch\w*)\b",
    re.IGNORECASE,
)


def condolence_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """After condolences, a message about the reward ("kann ich die Prämie
    dann bekommen?") or the formalities ("den Code habe ich nicht", "muss ich
    einen Erbschein schicken?") gets that the team settles the deceased's
    reward with them, and a person: never a rule or the request for the
    code. Whether it answered."""
    if all(details_in_message(tracker)):
        # Code and e-mail address given: they are verified as anywhere else.
        return False
    text = latest_text(tracker)
    about_it = names_reward(text) or _ESTATE_MATTERS.search(text) is not None
    if not about_it or not condoled(tracker):
        return False
    response = _condolence_answer(tracker, text)
    if response == _CONDOLENCE_WHEN:
        dispatcher.utter_message(response=response, due=format_date(handoffs.callback_due()))
        return True
    dispatcher.utter_message(response=response)
    return True


# "kann man seine daten löschen? ich möchte nicht dass weiter post an ihn
# kommt" and "verfällt die prämie jetzt?" after condolences: their own answer.
_ABOUT_DATA_OR_MAIL = re.compile(
    r"\bdaten\b|l(ö|oe)sch\w*|\bpost\b|\bkeine\s+(e-)?mails?\b|zuschrift\w*|werbung"
    r"|\babmelden\b",
    re.IGNORECASE,
)
_CONDOLENCE_WHEN = "utter_condolence_when"
_CONDOLENCE_ANSWERS = (
    "utter_condolence_follow_up",
    "utter_condolence_follow_up_again",
    "utter_condolence_person",
)


def _condolence_answer(tracker: Tracker, text: str) -> str:
    """The response for a follow-up after condolences: the deceased's data
    and mails, the reward, or the formalities; never the same text twice."""
    if asks_when(text) and not said_before(tracker, _CONDOLENCE_WHEN):
        # "wie lange dauert das dann ungefähr": by when the team writes.
        return _CONDOLENCE_WHEN
    if _ABOUT_DATA_OR_MAIL.search(text) and not said_before(tracker, "utter_condolence_data"):
        return "utter_condolence_data"
    if names_reward(text) and not said_before(tracker, "utter_condolence_reward"):
        return "utter_condolence_reward"
    for response in _CONDOLENCE_ANSWERS:
        if not said_before(tracker, response):
            return response
    return _CONDOLENCE_ANSWERS[-1]


# What a hardship is told with: illness, a death, money trouble, a family in
# crisis. An unsure "hardship" without any of it ("und Familie?", "kann ich
# mich nicht selbst empfehlen? wär ja schlau 😄") is a question instead.
_HARDSHIP_CUE = re.compile(
    r"krank|krebs|klinik|reha\b|operation|diagnose|depress|psych|sterb|storben|\btod|trauer"
    r"|beerdig|witwe|pflege|bettl(ä|ae)gerig|schlaganfall|infarkt|unfall|arbeitslos|job\s+verloren"
    r"|ohne\s+arbeit|kurzarbeit|insolvenz|schulden|pleite|kasse|geld\s+(ist\s+)?knapp"
    r"|kein\s+geld|miete|rechnung|getrennt|trennung|scheidung|ausziehen|alleinerziehend"
    r"|schwanger|chaos|am\s+ende|nicht\s+gut|schwer|dringend|angewiesen|(ü|ue)berleb|notlage"
    r"|(ü|ue)berfordert|(ü|ue)berlastet|papierkram|ersch(ö|oe)pft|keine\s+kraft|zu\s+viel",
    re.IGNORECASE,
)
# Below this confidence a "hardship" must tell one to be taken for it.
_SURE_HARDSHIP = 0.65


# The bot's words of sympathy for a hardship.
_SYMPATHY_SAID = (
    "utter_hardship",
    "utter_hardship_then_answer",
    "utter_hardship_then_status",
    "utter_hardship_then_lookup",
)


class ActionSympathy(DatabaseAction):
    """Bereavement, illness, hardship: sympathy first, then a person."""

    def name(self) -> str:
        return SYMPATHY_ACTION

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        # Imported here: actions.follow_up imports this module.
        from actions.follow_up import others_status_again

        text = latest_text(tracker)
        bereaved = _BEREAVEMENT.search(text) is not None
        told = bereaved or _HARDSHIP_CUE.search(text) is not None
        if not told and (events := others_status_again(session, dispatcher, tracker)) is not None:
            # "den code hat sie, ich nicht. sie ist grad in der arbeit" after
            # another person's status was declined: no hardship, that rule.
            return events
        if not told and latest_confidence(tracker) < _SURE_HARDSHIP:
            return [FollowupAction(CLARIFY_ACTION)]
        if not told and is_question(text) and (plain := asked_entries(entry_matcher(), text)):
            # "Sie ist gerade nicht zuhause, um sowas kümmere ich mich. Reicht
            # es, wenn ich Ihnen ihren Namen gebe?": no hardship named, a
            # question; its answer, without words of sympathy.
            return _answer_entries(session, dispatcher, tracker, plain)
        comforted = condoled(tracker) or any(said_before(tracker, r) for r in _SYMPATHY_SAID)
        own_request = _own_request(tracker, text)
        if own_request and not bereaved and not all(details_in_message(tracker)):
            # "bin arbeitslos und brauch jeden euro. wann krieg ich die
            # prämie??": a word of sympathy, then the customer's own status
            # (the lookup first when not verified yet), not only a person.
            if verified_referrer_id(session, tracker) is not None:
                if not comforted:
                    dispatcher.utter_message(response="utter_hardship_then_answer")
                mail = own_request == PENDING_REQUESTS["reward_mail_missing"]
                return [FollowupAction(REWARD_MAIL_ACTION if mail else HOW_LONG_ACTION)]
            # With the code given, only the e-mail address is asked for.
            code_given = details_in_message(tracker)[0] is not None
            response = "utter_hardship_then_status" if code_given else "utter_hardship_then_lookup"
            dispatcher.utter_message(response=response)
            return [SlotSet("pending_request", own_request), FollowupAction(VERIFICATION_FORM)]
        asked = asked_entries(entry_matcher(), text) if is_question(text) else []
        if not asked and asks_to_speed_up(text):
            # "geht das nicht schneller, bin grad knapp bei kasse": whether it
            # can come sooner (with the customer's own date once verified).
            asked = [knowledge_base().get(FASTER_PAYOUT_ENTRY)]
        if asked and not bereaved:
            # "arbeit verloren, brauch das geld dringend. geht das nicht
            # schneller??", "und muss ich das versteuern? ich bekomm ja jetzt
            # arbeitslosengeld": a word of sympathy once, then the answers.
            if not comforted:
                dispatcher.utter_message(response="utter_hardship_then_answer")
            return _answer_entries(session, dispatcher, tracker, asked)
        if comforted:
            # "ich bin mit dem papierkram grad überfordert" after sympathy
            # was said: not the same words again, but that the team takes
            # the steps with them.
            dispatcher.utter_message(response="utter_hardship_again")
            return []
        if not bereaved and all(details_in_message(tracker)):
            # "ich war im krankenhaus … FNM-… …@…": a short word of sympathy,
            # then the customer's own status, which the message asks for.
            dispatcher.utter_message(response="utter_hardship_then_status")
            return [FollowupAction(INFORM_ACTION)]
        dispatcher.utter_message(response="utter_condolence" if bereaved else "utter_hardship")
        return []


# From this confidence the NLU's second guess names the customer's own
# request beside a hardship ("war im krankenhaus und finde die mail mit
# meinem gutschein nicht mehr": the reward mail).
_REQUEST_BESIDE_HARDSHIP = 0.15


def _own_request(tracker: Tracker, text: str) -> str | None:
    """The customer's own request told beside a hardship (their status or
    their reward mail), as the pending request the verification answers;
    None when the message asks none."""
    code_given = details_in_message(tracker)[0] is not None
    # "… meine prämie ist immer noch nicht da", "… nie wieder etwas gehört.
    # Mein Code ist FNM-…": the customer's own referral.
    if asks_own_status(text) or asks_own_reward_when(text) or code_given:
        return PENDING_REQUESTS["ask_reward_status"]
    if says_not_arrived(text) and names_reward(text):
        return PENDING_REQUESTS["ask_reward_status"]
    if not names_reward(text):
        return None
    for intent in ("reward_mail_missing", "ask_reward_status"):
        if intent_confidence(tracker).get(intent, 0.0) >= _REQUEST_BESIDE_HARDSHIP:
            return PENDING_REQUESTS[intent]
    return None


# From this confidence a hardship told beside a request the NLU read as that
# request ("war monatelang krank … wie steht meine Empfehlung? Code …") gets
# a word of sympathy first.
_HARDSHIP_BESIDE = 0.1


def hardship_told_beside(tracker: Tracker) -> bool:
    """Whether the latest message tells of a hardship beside the request it
    makes, and no sympathy was said in this conversation yet."""
    text = latest_text(tracker)
    if _HARDSHIP_CUE.search(text) is None or _BEREAVEMENT.search(text) is not None:
        return False
    if intent_confidence(tracker).get("hardship", 0.0) < _HARDSHIP_BESIDE:
        return False
    return not any(said_before(tracker, response) for response in _SYMPATHY_SAID)


def tells_hardship_with_request(tracker: Tracker) -> bool:
    """Whether the latest message tells of a hardship beside the customer's
    own request though the NLU was unsure ("lag wochenlang in der klinik und
    jetzt ist die mail mit meinem gutschein weg"): sympathy and that request,
    not topics to choose from."""
    text = latest_text(tracker)
    hint = intent_confidence(tracker).get("hardship", 0.0) >= BEREAVEMENT_HINT
    told = _HARDSHIP_CUE.search(text) is not None
    return hint and told and _own_request(tracker, text) is not None


# At most this many questions of a hardship message are answered.
_HARDSHIP_ANSWERS = 2


def _answer_entries(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker, asked: list[Entry]
) -> Events:
    """The entries a message asks for, as the customer should hear them."""
    # actions.knowledge runs this action, hence the import here.
    from actions.knowledge import answer_entry, for_the_customer

    base = knowledge_base()
    events: Events = []
    for entry in asked[:_HARDSHIP_ANSWERS]:
        events += answer_entry(
            session, dispatcher, tracker, for_the_customer(base, tracker, entry) or entry
        )
    return events


# The bot's answers that just told the customer's own dates.
_DATES_TOLD = frozenset({HOW_LONG_ACTION, STATUS_ACTION, INFORM_ACTION, "action_answer_pending"})
# Below this, an "insult" that asks what the last answer meant ("kannst du das
# mal einfacher sagen, bin kein jurist 😅") is that question.
_SURE_INSULT = 0.8


class ActionInsult(DatabaseAction):
    """Insults and swearing at the bot: stay calm and polite, never mirror.
    The first time, invite the customer to say what it is about (the usual
    topics as buttons); from the second time on, offer a person with
    ``utter_insult_offer_person``, whose yes/no the rules in
    data/rules/complaint.yml answer."""

    def name(self) -> str:
        return INSULT_ACTION

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        if gives_code_unverified(tracker, with_email=False):
            # "ach so, code brauchst du auch. SSE-…": the detail given, read
            # as rude for its "du".
            return [FollowupAction(INFORM_ACTION)]
        text = latest_text(tracker)
        unsure = latest_confidence(tracker) < _SURE_INSULT
        if unsure and (asks_meaning(text) or calls_it_wrong(text)):
            # "kannst du das mal einfacher sagen, bin kein jurist 😅": what
            # the last answer means; "das ist doch falsch, sie hat nur
            # widerrufen, weil …" after the status: an objection. Both found
            # by the clarification.
            return [FollowupAction(CLARIFY_ACTION)]
        if intent_count(tracker, "insult") >= INSULTS_BEFORE_PERSON:
            return [FollowupAction("utter_insult_offer_person")]
        times_told = sum(
            1
            for event in tracker.events
            if event.get("event") == "action" and event.get("name") in _DATES_TOLD
        )
        told_twice = last_bot_action(tracker) in _DATES_TOLD and times_told >= 2
        if tracker.get_slot("status_told") and verified_referrer_id(session, tracker):
            if told_twice or tracker.get_slot("status_disputable"):
                # (After an expired or refused referral no date is left to
                # tell: the person, calmly.)
                # "du dummer bot, du verstehst gar nix" right after the dates
                # were told a second time: not the same dates once more, but
                # a person.
                return [FollowupAction("utter_insult_offer_person")]
            # "bestellt?? das hör ich seit wochen. du bist echt der dümmste
            # bot" after the status: calm, and the customer's own dates once
            # more, which is what the anger is about.
            dispatcher.utter_message(response="utter_insult_after_status")
            return [FollowupAction(HOW_LONG_ACTION)]
        if detail_asked(tracker):
            # "du dummer bot gib mir einfach mein geld" while code and e-mail
            # were asked: what the customer wants is known, so the bot keeps
            # asking for them instead of offering topics.
            dispatcher.utter_message(response="utter_insult_while_verifying")
            return [FollowupAction(VERIFICATION_FORM)]
        if says_not_arrived(text) or waits_for_own_reward(text):
            # "du blöder bot, ihr habt geschrieben das geld ist überwiesen und
            # da ist NICHTS": calm, and the reward looked up at once; no
            # topics to choose when the matter is already said.
            dispatcher.utter_message(response="utter_insult_with_matter")
            return button_click(STATUS_PAYLOAD)
        dispatcher.utter_message(response="utter_insult", buttons=default_topic_buttons())
        return []


# "can I talk to a real person", "I need a human", "any agent there?"; not
# "can I refer a second person?".
# "never got any reward", "where is my voucher": the writer's own reward.
_OWN_REWARD_EN = re.compile(
    r"\b(never|not\s+yet|still\s+not|haven'?t|have\s+not|didn'?t|did\s+not)\s+"
    r"(got|get|gotten|received?|seen)\b"
    r"|\bwhere\s+is\s+my\b|\bstatus\s+of\s+my\b|\bmy\s+(reward|bonus|voucher|referral|money)\b",
    re.IGNORECASE,
)
_ASKS_PERSON_EN = re.compile(
    r"\b(talk|speak|chat|connect|transfer|put\s+me|need|want|get\s+me)\b[^.?!]{0,25}"
    r"\b(person|human|agent|someone|somebody|representative|staff|people)\b"
    r"|\breal\s+(person|human|people)\b|\b(any|an)\s+(agent|human)\b",
    re.IGNORECASE,
)


# "am I chatting with a real person or a bot?", "are you a robot?": about the
# bot itself, though it names a person.
_ASKS_BOT_EN = re.compile(
    r"\b(are\s+you|am\s+i\s+(talking|chatting|speaking|writing)\s+(to|with)|is\s+this)\b"
    r"[^.?!]{0,30}\b(bot|robot|machine|ai|computer)\b",
    re.IGNORECASE,
)


class ActionEnglish(DatabaseAction):
    """A message in English: the short note in English (service language is
    German, what the bot can do, a person) the first time; a question that an
    entry answers in English gets that short answer ("why so long??", "do I
    have to pay tax on this?"); otherwise the person is offered, and asked
    again, handed over. "can I talk to a real person please" goes to the
    person at once."""

    def name(self) -> str:
        return ENGLISH_ACTION

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        text = latest_text(tracker)
        if _ASKS_BOT_EN.search(text):
            # Its English variant: the language slot is "en" from the intent.
            dispatcher.utter_message(response="utter_bot_challenge")
            return []
        if _ASKS_PERSON_EN.search(text):
            return [FollowupAction(HANDOFF_ACTION)]
        first = not said_before(tracker, "utter_english")
        if first:
            dispatcher.utter_message(response="utter_english")
        if (events := _own_case_in_english(session, dispatcher, tracker)) is not None:
            return events
        answers = english_answers(session, tracker, text)
        for answer in answers:
            dispatcher.utter_message(response="utter_english_answer", answer=answer)
        own_reward = not answers and _OWN_REWARD_EN.search(text) is not None
        if own_reward and verified_referrer_id(session, tracker) is None:
            # "i recommended funknetz to a friend but never got any reward":
            # what the lookup needs, in English; the status itself is German.
            dispatcher.utter_message(response="utter_english_status_lookup")
            return []
        if answers or first:
            return []
        if said_before(tracker, "utter_english_person"):
            # Asked in English once more after the offer: the person.
            return [FollowupAction(HANDOFF_ACTION)]
        # The second English message the bot cannot answer: not the same
        # note again, but the person who can answer in English.
        dispatcher.utter_message(response="utter_english_person")
        return []


# "can you just send it again pls", "resend the mail": the reward mail again.
_RESEND_EN = re.compile(r"\bresend\b|\bsend\b[^.?!]{0,20}\b(again|once\s+more)\b", re.IGNORECASE)
# "when was it sent??", "I don't see any money on my account": the customer's
# own reward after their status.
_OWN_CASE_EN = re.compile(
    r"\bwhen\s+((exactly|roughly|then)\s+)?(was|did|will|is|do|does|can)\b"
    r"|\b(don'?t|do\s+not|can'?t|cannot)\s+(see|find)\b"
    r"|\bnot\s+(arrived|there|received)\b|\bwhere\s+is\s+(it|the\s+money|my)\b"
    # "ok and how long noch?" after the status: the customer's own dates.
    r"|\bhow\s+long\b",
    re.IGNORECASE,
)


def _own_case_in_english(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """The customer's own case asked in English: code and address in the
    message are looked up ("code FNM-…, …@…"), and after the status a
    question about it ("when was it sent??", "can you just send it again")
    gets the German answer from the records, announced in English; None for
    any other English message."""
    text = latest_text(tracker)
    code, email = details_in_message(tracker)
    if code or email:
        dispatcher.utter_message(response="utter_english_own_case")
        return [FollowupAction(INFORM_ACTION)]
    if verified_referrer_id(session, tracker) is None or not tracker.get_slot("status_told"):
        return None
    if _RESEND_EN.search(text):
        dispatcher.utter_message(response="utter_english_own_case")
        return [FollowupAction(REWARD_MAIL_ACTION)]
    if _OWN_CASE_EN.search(text):
        dispatcher.utter_message(response="utter_english_own_case")
        return [FollowupAction(HOW_LONG_ACTION)]
    return None


def english_answers(session: Session, tracker: Tracker, text: str) -> list[str]:
    """The short English answers (at most two) to what an English message
    asks, for the conversation's program; none without a program."""
    program = conversation_program(session, tracker)
    if program is None:
        return []
    base = knowledge_base()
    answers = []
    for entry in english_entries(text)[:2]:
        try:
            answers.append(render(entry, base, program, "english").text)
        except MissingFact:
            continue
    return answers
