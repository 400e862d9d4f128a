"""Custom actions, run the way the action server runs them (rasa-demo style)."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.clarify import ActionClarify
from actions.wording import closing_thanks
from tests.trackers import fallback_tracker_state


def tracker_with(text: str, ranking: list[dict]) -> Tracker:
    return Tracker.from_dict(fallback_tracker_state(text, ranking))


def test_clarify_sends_one_message_with_topic_buttons():
    dispatcher = CollectingDispatcher()
    tracker = tracker_with(
        "prämie mail weg?",
        [
            {"name": "nlu_fallback", "confidence": 0.4},
            {"name": "reward_mail_missing", "confidence": 0.35},
            {"name": "ask_reward_status", "confidence": 0.3},
        ],
    )
    events = asyncio.run(ActionClarify().run(dispatcher, tracker, {}))
    assert events == []
    assert len(dispatcher.messages) == 1
    message = dispatcher.messages[0]
    assert message["text"].endswith("?")
    payloads = [b["payload"] for b in message["buttons"]]
    assert payloads[:2] == ["/reward_mail_missing", "/ask_reward_status"]
    assert payloads[-1] == "/request_human"


def test_clarify_hands_a_clear_knowledge_base_question_to_the_answer_action():
    """So the turn ends with action_answer_question, and an unclear message
    after it is a first fallback again, not the second in a row."""
    from rasa_sdk.events import FollowupAction

    dispatcher = CollectingDispatcher()
    tracker = tracker_with(
        "Muss ich die Prämie eigentlich versteuern?",
        [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "ask_terms", "confidence": 0.2}],
    )
    events = asyncio.run(ActionClarify().run(dispatcher, tracker, {}))
    assert events == [FollowupAction("action_answer_question")]
    assert dispatcher.messages == []


def test_handoff_summary_names_topics_and_last_words_but_not_codes():
    from actions.handoff import summary

    def user(text: str, intent: str) -> dict:
        return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}

    state = fallback_tracker_state("x", [])
    state["events"] = [
        user("/greet", "greet"),
        user("Wo bleibt meine Prämie?", "ask_reward_status"),
        user("ASV-QUA567", "inform"),
        user("Das dauert mir zu lange!", "complaint"),
        user("ja", "affirm"),
    ]
    text = summary(Tracker.from_dict(state), None)
    assert text == (
        "Themen: Wo bleibt meine Prämie?; Ich möchte mich beschweren · "
        "Zuletzt: Wo bleibt meine Prämie? | Das dauert mir zu lange! · Nicht verifiziert"
    )


def test_insult_first_invites_a_topic_then_offers_a_person():
    """Calm and polite; from the second insult on, a person."""
    from rasa_sdk.events import FollowupAction

    from actions.empathy import ActionInsult
    from tests.trackers import tracker_state

    state = tracker_state("du bist doof", "insult")
    dispatcher = CollectingDispatcher()
    events = ActionInsult().act(None, dispatcher, Tracker.from_dict(state), {})
    assert events == []
    assert dispatcher.messages[0]["response"] == "utter_insult"
    assert "/request_human" not in [b["payload"] for b in dispatcher.messages[0]["buttons"]]

    state["events"].insert(0, dict(state["events"][0]))
    dispatcher = CollectingDispatcher()
    events = ActionInsult().act(None, dispatcher, Tracker.from_dict(state), {})
    assert events == [FollowupAction("utter_insult_offer_person")]
    assert dispatcher.messages == []


def _handoff_reason_after(actions: list[str]) -> str:
    """The handoff reason when the bot ran ``actions`` on the customer's
    previous message and the customer now asks for a person."""
    from actions.handoff import handoff_reason

    state = fallback_tracker_state("Ich möchte mit einem Menschen sprechen", [])
    state["events"] = [
        {"event": "user", "text": "hm?", "parse_data": {"intent": {"name": "nlu_fallback"}}},
        *({"event": "action", "name": name} for name in actions),
        {"event": "user", "text": "Mensch bitte", "parse_data": {"intent": {"name": "x"}}},
    ]

    class NoTickets:
        def scalar(self, _statement: object) -> None:
            return None

    return handoff_reason(NoTickets(), Tracker.from_dict(state)).value


def test_a_clarification_that_found_the_question_is_no_repeated_fallback():
    assert _handoff_reason_after(["action_clarify"]) == "repeated_fallback"
    answered = ["action_clarify", "action_answer_question"]
    assert _handoff_reason_after(answered) == "customer_request"


def test_a_short_follow_up_without_a_topic_of_its_own_goes_on_from_the_last_answer():
    """ "auch wenn es 20 sind?" after "Gibt es für jeden Freund eine Prämie?"
    got "Dazu kann ich Ihnen leider nichts sagen"."""
    from actions.knowledge import find_entry
    from bot.knowledge.entries import knowledge_base
    from tests.trackers import tracker_state

    base = knowledge_base()
    context = {"kb_entry": "reward_per_referral"}
    follow_up = Tracker.from_dict(tracker_state("auch wenn es 20 sind?", "out_of_scope", context))
    assert find_entry(base, follow_up).id == "reward_per_referral"
    # Without a connective, an unrelated message stays out of scope.
    unrelated = Tracker.from_dict(
        tracker_state("wie wird das wetter morgen in köln", "out_of_scope", context)
    )
    assert find_entry(base, unrelated) is None


def test_conditional_follow_ups_are_recognised_by_their_opening():
    from actions.knowledge import is_conditional_follow_up

    for text in ("und wenn ich 10 Leute werbe?", "auch falls er später abschließt?", "wenn nicht?"):
        assert is_conditional_follow_up(text), text
    for text in ("wann kommt die Prämie?", "und wie lange?", "Ich frage mich, wenn es so ist"):
        assert not is_conditional_follow_up(text), text
    long_text = "und wenn mein Bekannter erst im nächsten Jahr mit einem anderen Tarif abschließt?"
    assert not is_conditional_follow_up(long_text)


def test_why_not_is_read_as_a_yes_only_when_it_is_the_whole_message():
    from actions.knowledge import is_why_not

    for text in ("warum nicht?", "Wieso nicht", "klar, warum nicht!", "ja warum denn nicht"):
        assert is_why_not(text), text
    for text in ("warum nicht an meine neue Adresse?", "warum?", "nicht"):
        assert not is_why_not(text), text


def test_a_conditional_follow_up_without_a_clear_topic_keeps_the_last_one():
    """ "auch wenn ich viele werbe?" after the taxes got the limit of rewards."""
    from actions.knowledge import find_entry
    from bot.knowledge.entries import knowledge_base
    from tests.trackers import tracker_state

    base = knowledge_base()
    state = tracker_state(
        "auch wenn ich viele werbe?", "ask_how_referral_works", {"kb_entry": "taxes"}
    )
    assert find_entry(base, Tracker.from_dict(state)).id == "taxes"


def test_a_short_unsure_follow_up_is_answered_within_the_last_topic():
    """ "und per Mail?" after the brand's phone number got the payout method
    (the closest text anywhere); a short question the NLU is sure of keeps
    its own topic."""
    from actions.knowledge import find_entry
    from bot.knowledge.entries import knowledge_base
    from tests.trackers import tracker_state

    base = knowledge_base()
    state = tracker_state("und per mail?", "ask_data_privacy", {"kb_entry": "brand_phone"})
    state["latest_message"]["intent"]["confidence"] = 0.5
    state["latest_message"]["intent_ranking"] = [
        {"name": "ask_data_privacy", "confidence": 0.5},
        {"name": "brand_inquiry", "confidence": 0.2},
    ]
    assert find_entry(base, Tracker.from_dict(state)).id == "brand_contact"
    sure = tracker_state("wer sieht meine daten?", "ask_data_privacy", {"kb_entry": "brand_phone"})
    assert find_entry(base, Tracker.from_dict(sure)).id == "data_who_sees"


def test_a_data_question_during_the_verification_close_to_the_request_gets_its_entry():
    """ "und meine Bankverbindung?" while a change of address waits for code
    and e-mail: the change entry, not the reason for the verification."""
    from actions.knowledge import question_during_verification
    from tests.trackers import tracker_state

    state = tracker_state(
        "und meine Bankverbindung?",
        "ask_data_privacy",
        {"kb_entry": "change_details"},
        active_loop="verification_form",
    )
    assert question_during_verification(Tracker.from_dict(state)).id == "change_details"
    why = tracker_state("warum wollt ihr meine mail?", "ask_data_privacy")
    assert question_during_verification(Tracker.from_dict(why)) is None


def test_a_second_question_opening_with_und_and_a_verb_is_split_off():
    from bot.knowledge.matcher import question_parts

    parts = question_parts("Wie viele Leute darf ich werben und bekommen die auch was?")
    assert parts == ["Wie viele Leute darf ich werben", "bekommen die auch was"]


def test_a_short_message_close_to_the_last_topic_stays_with_it_whatever_the_nlu_says():
    """ "und eine Telefonnummer?" after the program's contacts got the brand's
    phone number, because the NLU was sure of brand_inquiry."""
    from actions.knowledge import find_entry
    from bot.knowledge.entries import knowledge_base
    from tests.trackers import tracker_state

    base = knowledge_base()
    state = tracker_state(
        "und eine telefonnummer?", "brand_inquiry", {"kb_entry": "program_contact"}
    )
    state["latest_message"]["intent"]["confidence"] = 0.85
    state["latest_message"]["intent_ranking"] = [{"name": "brand_inquiry", "confidence": 0.85}]
    assert find_entry(base, Tracker.from_dict(state)).id == "program_contact"
    without_topic = tracker_state("und eine telefonnummer?", "brand_inquiry", {})
    assert find_entry(base, Tracker.from_dict(without_topic)).id == "brand_phone"


def test_a_sure_intent_outweighs_an_unclear_match_of_another_topic():
    """ "meine abschlagszahlung ist zu hoch" (the brand's business, NLU sure)
    got the reward amount, because "zu hoch" resembles "wie hoch ist die Prämie"."""
    from actions.knowledge import find_entry
    from bot.knowledge.entries import knowledge_base
    from tests.trackers import tracker_state

    state = tracker_state("meine abschlagszahlung ist zu hoch", "brand_inquiry", {})
    state["latest_message"]["intent"]["confidence"] = 0.85
    state["latest_message"]["intent_ranking"] = [
        {"name": "brand_inquiry", "confidence": 0.85},
        {"name": "demand_higher_reward", "confidence": 0.1},
    ]
    assert find_entry(knowledge_base(), Tracker.from_dict(state)).intent == "brand_inquiry"


def test_only_an_unclear_match_of_another_intent_is_a_detour_from_a_sure_intent():
    from actions.knowledge import is_unclear_detour
    from bot.knowledge.entries import knowledge_base
    from bot.knowledge.matcher import Match

    amount = knowledge_base().get("reward_amount")
    unclear = Match(amount, similarity=0.4, probability=0.5, score=0.7)
    clear = Match(amount, similarity=0.7, probability=0.6, score=1.0)
    assert is_unclear_detour(unclear, "brand_inquiry", {"brand_inquiry": 0.85})
    assert not is_unclear_detour(unclear, "brand_inquiry", {"brand_inquiry": 0.6})
    assert not is_unclear_detour(clear, "brand_inquiry", {"brand_inquiry": 0.85})
    assert not is_unclear_detour(unclear, amount.intent, {amount.intent: 0.85})


def _affirm_after(
    buttons: list[dict[str, str]],
    text: str = "ja gerne verbinden",
    said: str = "Soll ich Sie verbinden?",
) -> tuple[list, list]:
    """Events and messages of action_affirm for ``text`` after the bot ``said``
    something with ``buttons``."""
    from actions.handoff import ActionAffirm
    from tests.trackers import tracker_state

    state = tracker_state(text, "affirm")
    state["events"].insert(0, {"event": "bot", "text": said, "data": {"buttons": buttons}})
    dispatcher = CollectingDispatcher()
    events = ActionAffirm().run(dispatcher, Tracker.from_dict(state), {})
    return events, dispatcher.messages


def test_a_yes_after_a_message_offering_a_person_connects_to_the_person():
    from rasa_sdk.events import FollowupAction

    events, messages = _affirm_after(
        [
            {"title": "Wen darf ich empfehlen?", "payload": "/x"},
            {"title": "Mit einem Mitarbeiter sprechen", "payload": "/request_human"},
        ]
    )
    assert events == [FollowupAction("action_handoff")]
    assert messages == []


def test_an_ok_with_thanks_after_an_answer_offering_a_person_closes_politely():
    """ "jo passt, danke" once reached the person the answer's button offered."""
    person = [{"title": "Mit einem Mitarbeiter sprechen", "payload": "/request_human"}]
    events, messages = _affirm_after(person, "jo passt, danke")
    assert events == []
    assert [message["response"] for message in messages] == ["utter_thank"]
    events, _ = _affirm_after(person, "ja bitte, danke")
    assert events[0]["name"] == "action_handoff"


def test_an_ok_after_a_plain_answer_with_the_person_button_does_not_hand_over():
    """ "ok" or "super" after "Dort hilft Ihnen unser Service-Team weiter."
    (the person only as a button) acknowledges the answer."""
    person = [{"title": "Mit einem Mitarbeiter sprechen", "payload": "/request_human"}]
    said = "Ihren Code finden Sie in der Bestätigungsmail. Sonst hilft Ihnen das Team weiter."
    events, messages = _affirm_after(person, "super", said)
    assert events == []
    assert [message["response"] for message in messages] == ["utter_affirm"]


def test_a_yes_that_answers_no_offer_asks_what_it_is_about():
    events, messages = _affirm_after([{"title": "Wen darf ich empfehlen?", "payload": "/x"}])
    assert events == []
    assert [message["response"] for message in messages] == ["utter_affirm"]


def test_a_yes_that_names_a_button_counts_as_tapping_it():
    from rasa_sdk.events import ActionExecuted

    from actions.handoff import ActionAffirm
    from tests.trackers import tracker_state

    payload = '/request_data_rights{"kb_entry": "change_details"}'
    state = tracker_state("ja bitte die änderung beantragen", "affirm")
    state["events"].insert(
        0,
        {
            "event": "bot",
            "text": "…",
            "data": {
                "buttons": [
                    {"title": "Änderung beantragen", "payload": payload},
                    {"title": "Mit einem Mitarbeiter sprechen", "payload": "/request_human"},
                ]
            },
        },
    )
    dispatcher = CollectingDispatcher()
    events = ActionAffirm().run(dispatcher, Tracker.from_dict(state), {})
    assert events[0] == ActionExecuted("action_listen")
    assert events[1]["event"] == "user" and events[1]["text"] == payload
    assert events[1]["parse_data"]["intent"]["name"] == "request_data_rights"
    assert events[1]["parse_data"]["entities"] == [
        {"entity": "kb_entry", "value": "change_details"}
    ]
    assert dispatcher.messages == []


def test_button_named_needs_every_telling_word_and_one_button():
    from actions.base import button_named

    buttons = [
        {"title": "Ja, bitte prüfen", "payload": "/affirm"},
        {"title": "Änderung beantragen", "payload": "/x"},
    ]
    assert button_named("Aenderung beantragen bitte", buttons) == buttons[1]
    assert button_named("ja, eine Änderung", buttons) is None
    assert button_named("ja bitte", buttons) is None


def test_a_greeting_asking_how_the_bot_is_is_told_from_a_plain_greeting():
    from actions.greeting import asks_how_the_bot_is

    for text in ("wie gehts?", "Hallo, wie geht es Ihnen?", "na, alles gut bei dir?", "wie läufts"):
        assert asks_how_the_bot_is(text), text
    for text in ("Hallo", "Guten Morgen zusammen", "wie geht das mit der Prämie?"):
        assert not asks_how_the_bot_is(text), text


def test_a_statement_beside_a_question_is_not_taken_as_a_second_question():
    from bot.knowledge.matcher import asks, question_parts

    text = "Mein Nachbar hat mich geworben. Krieg ich als Neukunde eigentlich auch was?"
    assert [asks(part, text) for part in question_parts(text)] == [False, True]
    text = "ich möchte wissen wie hoch die prämie ist. außerdem ob die steuerpflichtig ist"
    assert [asks(part, text) for part in question_parts(text)] == [True, True]


def test_a_greeting_announcing_a_topic_is_told_from_one_about_the_own_reward():
    """ "Ich hätte eine Frage zur Wartezeit" names a topic of the knowledge
    base; "eine Frage zu meiner Prämie" is the customer's own status, and a
    bare "ich habe eine Frage" names nothing."""
    from actions.greeting import announced_topic

    topics = announced_topic("Guten Abend! Ich hätte eine Frage zur Wartezeit.")
    assert topics[0].entry.id == "waiting_period" and topics[0].is_clear
    assert "waiting_period_why" in [match.entry.id for match in topics]
    assert announced_topic("moin, frage zu meiner prämie") == []
    assert announced_topic("Hallo, ich habe eine Frage") == []


def _deny(text: str, confidence: float) -> tuple[list, list]:
    from actions.handoff import ActionDeny
    from tests.trackers import tracker_state

    state = tracker_state(text, "deny")
    state["latest_message"]["intent"]["confidence"] = confidence
    dispatcher = CollectingDispatcher()
    events = ActionDeny().run(dispatcher, Tracker.from_dict(state), {})
    return events, dispatcher.messages


def test_an_unsure_no_that_asks_something_is_read_as_a_question():
    """ "kann man den nich verlängern lassen?" was a "no" (0.4) and got "Alles klar"."""
    from rasa_sdk.events import FollowupAction

    events, messages = _deny("kann man den nich verlängern lassen? hab den vergessen", 0.4)
    assert events == [FollowupAction("action_clarify")] and messages == []


def test_a_sure_no_or_one_without_a_question_is_acknowledged():
    for text, confidence in (("nein danke", 0.4), ("nee, brauch ich nicht?", 0.95)):
        events, messages = _deny(text, confidence)
        assert events == [] and [m["response"] for m in messages] == ["utter_deny"]


@pytest.mark.parametrize(
    ("text", "response"),
    [
        ("ok danke", "utter_thank"),
        ("naja trotzdem danke", "utter_thank_despite"),
        ("Schade. Danke trotzdem, dass Sie so freundlich sind.", "utter_thank_despite"),
        ("danke für nichts", None),
        ("toll. wirklich super service, danke auch.", None),
        ("na toll, danke", None),
        ("super, danke!", "utter_thank"),
        ("danke, und wie lange dauert das?", None),
        ("ja bitte, danke", None),
    ],
)
def test_closing_thanks_tells_a_kind_close_from_sarcasm_and_questions(text, response):
    assert closing_thanks(text) == response


def test_a_hand_over_to_an_action_that_already_ran_for_this_message_is_stopped():
    """Actions hand unclear messages to each other; a circle (reward mail ->
    clarification -> how long -> reward mail …) ended in silence."""
    from rasa_sdk.events import FollowupAction

    from actions.base import break_circle

    state = fallback_tracker_state("auf meinem konto ist nix", [])
    state["events"] += [
        {"event": "action", "name": "action_reward_mail"},
        {"event": "action", "name": "action_clarify"},
    ]
    dispatcher = CollectingDispatcher()
    events = break_circle(
        dispatcher, Tracker.from_dict(state), [FollowupAction("action_reward_mail")]
    )
    # The turn ends there: without a rule for the step after, the fallback
    # would run the clarification into the same circle again.
    assert events == [FollowupAction("action_listen")]
    assert [m["response"] for m in dispatcher.messages] == ["utter_unsure_offer_person"]
    # A hand-over to an action that has not run for this message goes ahead.
    onward = [FollowupAction("action_how_long")]
    assert break_circle(CollectingDispatcher(), Tracker.from_dict(state), onward) == onward


def test_what_a_status_word_means_is_asked_in_many_ways():
    from actions.wording import asks_meaning

    asked = [
        "und was heißt das?",
        "was bedeutet angewiesen",
        "abgelaufen? wie kann das sein",
        "registriert heisst was genau?",
        "was meinen sie mit wartezeit",
    ]
    assert all(asks_meaning(text) for text in asked)
    assert not any(
        asks_meaning(text) for text in ["wie lange dauert das", "überwiesen?? da ist nix"]
    )


def test_the_recommended_friend_is_told_from_the_referrer_who_recommended_someone():
    from actions.wording import says_self_recommended

    assert says_self_recommended("ich wurde von meiner kollegin geworben, bekomm ich auch was?")
    assert says_self_recommended("mein kumpel hat mich geworben. wo bleibt mein startguthaben")
    assert says_self_recommended("einen Code hab ich nicht, ich bin doch der Geworbene")
    assert not says_self_recommended("Mein Kumpel, der von mir geworben wurde, hat abgeschlossen")
    assert not says_self_recommended("ich habe meinen bruder geworben")


def test_two_addresses_in_a_message_are_told_apart_by_the_words_before_them():
    from actions.wording import on_file_and_new_address

    assert on_file_and_new_address(
        "Bitte an neu@web.de schicken. Code SSE-SNT234, hinterlegt ist alt@example.com"
    ) == ("alt@example.com", "neu@web.de")
    assert on_file_and_new_address(
        "an meine neue mail neu@gmx.de schicken? alte mail ist alt@example.de"
    ) == ("alt@example.de", "neu@gmx.de")
    # Nothing says which is which, or only one address: no guess.
    assert on_file_and_new_address("a@example.de oder b@example.de") is None
    assert on_file_and_new_address("meine alte ist a@example.de") is None


def test_a_corrected_domain_ending_fixes_the_rejected_address_and_nothing_else():
    from actions.verification import with_corrected_ending

    assert with_corrected_ending("oh sorry, ist .de nicht .com", "c.b@example.com") == (
        "c.b@example.de"
    )
    assert with_corrected_ending("de statt com", "c.b@example.com") == "c.b@example.de"
    # A bare word that only looks like an ending would use up an attempt.
    assert with_corrected_ending("ich brauche mehr info dazu", "c.b@example.com") is None
    assert with_corrected_ending("die adresse stimmt aber", "c.b@example.com") is None


def test_follow_up_wordings_of_this_kind_are_recognised():
    from actions.wording import (
        asks_for_confirmation,
        asks_mail_again,
        asks_may_recommend,
        asks_names,
        contests_decision,
        names_their_referrer,
        without_interjection,
    )

    assert asks_may_recommend(
        "meine schwiegermutter hat gas bei euch, darf ich sie für strom werben"
    )
    assert not asks_may_recommend("ich habe meinen bruder geworben, wo bleibt die prämie")
    assert asks_mail_again("kannst du den einfach nochmal schicken?")
    assert asks_mail_again("dann schickt ihn halt nochmal")
    assert not asks_mail_again("wann schickt ihr den gutschein?")
    assert asks_names("und wie heißen die nochmal?")
    assert asks_for_confirmation("bekomm ich da eine bestätigung?")
    assert contests_decision("ich will widerspruch einlegen")
    assert not contests_decision("ich widerspreche der werbung per mail")
    assert names_their_referrer("sie heißt claudia becker, reicht das?")
    assert not names_their_referrer("wie heißt das programm?")
    assert without_interjection("hmm ok. und bei meinem mann?") == "und bei meinem mann?"


def test_the_recommended_person_and_non_participants_are_told_from_participants():
    from actions.wording import says_self_recommended, takes_no_part

    assert says_self_recommended("Jemand hat mich bei euch empfohlen ohne mich zu fragen.")
    assert says_self_recommended("als empfohlene person will ich auskunft")
    assert not says_self_recommended("ich habe meine schwester empfohlen")
    assert takes_no_part("ich hab doch keinen code, ich bin ja gar nicht kunde!")
    assert takes_no_part("ich war da nie angemeldet")
    assert not takes_no_part("ich bin kunde seit 2019")


@pytest.mark.parametrize(
    "action_name", ["action_clarify", "action_answer_question", "action_next_step"]
)
def test_a_missing_code_after_condolences_gets_the_same_answer_from_every_action(
    action_name, session
):
    """Whichever intent the NLU gives "den Code hab ich nicht, nur seine
    Mail" after condolences, the action it leads to answers with the team
    settling it without the code (actions/follow_up.py), never the request
    for the code or the hardship text."""
    from actions.clarify import ActionClarify
    from actions.knowledge import ActionAnswerQuestion
    from actions.next_step import ActionNextStep

    actions = {a().name(): a() for a in (ActionClarify, ActionAnswerQuestion, ActionNextStep)}
    state = fallback_tracker_state("den code hab ich nicht, nur seine email adresse", [])
    state["events"] = [
        {"event": "user", "text": "mein Vater ist verstorben, was wird aus seiner Prämie?"},
        {
            "event": "bot",
            "text": "Mein herzliches Beileid …",
            "metadata": {"utter_action": "utter_condolence"},
        },
        *state["events"],
    ]
    dispatcher = CollectingDispatcher()
    events = actions[action_name].act(session, dispatcher, Tracker.from_dict(state), {})
    assert events == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_condolence_follow_up"]


def test_after_a_threat_the_way_to_cancel_and_writing_are_told_from_more_anger():
    from actions.deescalate import asks_in_writing, asks_way_to_cancel

    assert asks_way_to_cancel("und kündigen geht dann wo?")
    assert asks_way_to_cancel("wie kündige ich denn da")
    assert asks_way_to_cancel("wo kann man kuendigen")
    assert not asks_way_to_cancel("dann kündige ich eben!!")
    assert asks_in_writing("ich will das schriftlich, für meinen anwalt")
    assert asks_in_writing("schickt mir das per mail")
    assert not asks_in_writing("ich schalte meinen anwalt ein")


def test_emoji_are_no_words_and_a_gone_reward_asks_what_the_status_means():
    """ "warum nicht?? 🙄" counted three words and was matched as a whole
    question (the waiting period's reason) instead of the last topic's why."""
    from actions.knowledge import message_words
    from actions.wording import asks_meaning

    assert message_words("warum nicht?? 🙄") == ["warum", "nicht"]
    assert message_words("ok !!! danke") == ["ok", "danke"]
    assert asks_meaning("und jetzt? ist das jetzt einfach weg?? hab den nie benutzt")
    assert asks_meaning("widerrufs-was? das hilft mir nicht")
    assert not asks_meaning("die mail ist weg, was nun")


def test_a_long_story_is_matched_by_its_last_question():
    from actions.knowledge import question_in_story

    story = (
        "hallo, mein nachbar hat mir erzählt dass er von euch irgendwas bekommen hat weil er "
        "mich geholt hat, jetzt hab ich letzte woche selbst meinem schwager davon erzählt und "
        "der überlegt zu wechseln. bevor ich ihn weiter bequatsche: was springt da für mich "
        "eigentlich raus?"
    )
    entry = question_in_story(story)
    assert entry is not None and entry.id == "reward_amount"
    # A short message is matched as a whole, elsewhere.
    assert question_in_story("was springt da für mich raus?") is None


def test_the_friend_who_cancelled_is_told_from_the_customer_who_did():
    from actions.wording import speaks_of_friend_cancelling

    assert speaks_of_friend_cancelling(
        "und der andere war vor 3 jahren mal kunde, hat dann gekündigt"
    )
    assert not speaks_of_friend_cancelling("ich hab gekündigt, reicht mir")
    assert not speaks_of_friend_cancelling("wenn die prämie nicht kommt kündige ich")
    assert not speaks_of_friend_cancelling(
        "Falls das Abo nicht kommt, ist mein Handyvertrag gekündigt, sag ich euch"
    )


def test_where_it_is_written_is_found_also_after_a_first_clause():
    from actions.wording import asks_where_written

    assert asks_where_written("ok. zurück zu den daten, wo steht das alles?")
    assert asks_where_written("Wo genau steht das?")
    assert not asks_where_written("ich weiß nicht wo das steht")
    assert not asks_where_written("wo steht mein code")
    # Asked as "zeig mir …", or with a remark after it.
    assert asks_where_written("davon lese ich nichts. zeig mir mal, wo das steht")
    assert asks_where_written("wo steht das genau? kenn ich nicht")
    assert not asks_where_written("wo steht der code in der mail?")


def test_how_long_data_is_kept_is_told_from_what_is_stored():
    from actions.wording import asks_data_kept, asks_how_long_kept

    assert asks_how_long_kept("und wie lang bleibt das bei euch gespeichert?")
    assert asks_how_long_kept("wann werden meine angaben gelöscht")
    assert asks_how_long_kept("Speicherdauer?")
    assert not asks_how_long_kept("welche daten speichert ihr über mich")
    assert not asks_how_long_kept("wie lange dauert das noch")
    assert asks_data_kept("welche daten speichert ihr über mich")


def test_who_handles_a_matter_is_told_from_a_wish_for_a_person():
    from actions.wording import asks_for_person, asks_who_handles

    assert asks_who_handles("wer ist denn bei euch für so was eigentlich verantwortlich?")
    assert asks_who_handles("und wer kümmert sich dann darum?")
    assert not asks_who_handles("wer hat mich geworben?")
    assert asks_for_person("hm schade. an wen kann ich mich denn sonst wenden?")
    assert asks_for_person("und wen frag ich dann")
    assert not asks_for_person("wen darf ich empfehlen")


def test_a_self_recommendation_and_a_new_contract_after_revoking_are_recognised():
    from actions.wording import says_own_revocation, says_referred_self, speaks_of_signing_again

    assert says_referred_self("hab mir mit meiner zweiten mailadresse selbst den link geschickt")
    assert says_referred_self("ich hab mich selber geworben")
    assert not says_referred_self("ich habe selbst meinen Kollegen geworben")
    assert speaks_of_signing_again("und falls sie erneut abschließt, gilt es dann?")
    assert speaks_of_signing_again("er will nochmal einen neuen vertrag abschließen")
    assert not speaks_of_signing_again("wenn mein freund abschließt, was bekomme ich")
    assert says_own_revocation("ich hatte widerrufen und jetzt wieder unterschrieben")
    assert not says_own_revocation("meine freundin hat widerrufen")


def test_contact_details_of_a_friend_are_recognised_by_pronoun_and_position():
    from actions.wording import asks_contact_of, points_at_other, recommends_again

    friends = ["Markus B.", "Hannah S."]
    assert asks_contact_of("sag mir wenigstens, welche mail er angegeben hat", friends)
    assert asks_contact_of("gib mir die nummer vom dritten, ich ruf selber an", friends)
    assert not asks_contact_of("welche mail er angegeben hat", [])
    assert not asks_contact_of("muss ich seine nummer angeben?", friends)
    assert points_at_other("und ihm?")
    assert points_at_other("und für ihn?")
    assert not points_at_other("und Sie?")
    assert recommends_again("kann ich sie einfach nochmal neu empfehlen?")
    assert not recommends_again("kann ich meine schwester empfehlen?")


def test_a_status_word_echoed_as_a_question_is_told_from_a_statement():
    from actions.wording import echoes_status

    assert echoes_status("abgelehnt??")
    assert echoes_status("hä? schon ueberwiesen? wann denn und auf welches konto?")
    assert echoes_status("verschickt? wohin denn")
    assert not echoes_status("das geld wurde überwiesen, danke")
    assert not echoes_status("wann wird überwiesen?")


def test_a_mail_that_is_gone_is_told_from_a_mail_that_was_found():
    from actions.wording import says_mail_gone

    assert says_mail_gone("nee die mail hab ich gelöscht")
    assert says_mail_gone("die Bestätigungsmail ist leider weg")
    assert says_mail_gone("finde die mail nicht mehr")
    assert not says_mail_gone("hab die alte mail doch gefunden, code ist SSE-ORD789")
    assert not says_mail_gone("meine mail ist claudia.becker@example.de")


def test_a_code_not_at_hand_is_told_from_a_code_given():
    from actions.wording import says_code_lost

    assert says_code_lost("geht um meine prämie, code hab ich grad nicht")
    assert says_code_lost("warum ist meine prämie nicht da? code liegt irgendwo im altpapier")
    assert not says_code_lost("ok hab die alte mail doch noch gefunden, code ist SSE-ORD789")
    assert says_code_lost("brauch ich da jetzt nen code oder was, ich hab keinen")
    assert not says_code_lost("mein code ist ASV-REC234, ich hab keinen zugang mehr zur mail")
    assert not says_code_lost("wo finde ich meinen code?")


def test_when_someone_gets_in_touch_and_what_one_gets_are_told_from_other_questions():
    from actions.wording import asks_what_i_get, asks_when_contacted

    assert asks_when_contacted("und wann meldet sich jemand?")
    assert asks_when_contacted("wann meldet sich der kundenservice")
    assert asks_when_contacted("wie lange dauert es bis sich jemand meldet")
    assert not asks_when_contacted("wann kommt meine prämie")
    assert not asks_when_contacted("mein kumpel hat abgeschlossen, wann bekomm ich dann was")
    assert asks_when_contacted("wann bekomme ich endlich eine antwort")
    assert asks_what_i_get("und was genau bekomme ich dann?")
    assert asks_what_i_get("was krieg ich denn?")
    assert not asks_what_i_get("was bekomme ich, wenn ich meinen bruder werbe")


def test_who_recommended_me_is_told_from_other_questions_about_recommendations():
    from actions.wording import asks_who_recommended

    assert asks_who_recommended("ich will wissen wer mich geworben hat")
    assert asks_who_recommended("von wem kommt die empfehlung eigentlich")
    assert asks_who_recommended("dann will ich wissen wer das war", about_recommendation=True)
    assert not asks_who_recommended("dann will ich wissen wer das war")
    assert not asks_who_recommended("wer von meinen freunden hat sich schon angemeldet")


def test_a_german_sentence_is_told_from_english_and_from_details_alone():
    from actions.wording import writes_german

    assert writes_german("ach ich kann auch deutsch, mein bruder hat letzte woche abgeschlossen")
    assert not writes_german("My brother signed up last week and I want my bonus")
    assert not writes_german("john@example.com")
    assert not writes_german("ok")


def test_an_acknowledgement_is_told_from_a_new_question():
    from actions.wording import acknowledges

    assert acknowledges("ok dann soll sie selber hier schreiben")
    assert acknowledges("na gut, dann mach ich das so")
    assert not acknowledges("ok und meine prämie läuft trotzdem weiter oder wird die gestrichen")
    assert not acknowledges("ok wie lange dauert das")


def test_an_apology_for_harsh_words_closes_like_thanks():
    from actions.wording import closing_thanks

    assert closing_thanks("achso. sorry wegen vorhin, war n langer tag") == "utter_apology_accepted"
    assert closing_thanks("sorry für den ton, danke") == "utter_apology_accepted"
    assert closing_thanks("sorry, ich hab den code nicht") is None
    assert closing_thanks("sorry wegen vorhin, wie lange dauert das noch?") is None


def test_details_typed_by_someone_else_and_offered_into_the_chat_are_told():
    from actions.wording import offers_to_type_here, says_details_given_by_other

    assert says_details_given_by_other("also hat mein schwager die einfach eingetippt")
    assert says_details_given_by_other("meine nachbarin hat wohl meine adresse angegeben")
    assert not says_details_given_by_other("meine frau hat auch jemand geworben")
    assert offers_to_type_here("kann ich dir die nicht einfach hier reinschreiben?")
    assert offers_to_type_here("ich schick dir die iban")
    assert not offers_to_type_here("wo schreibe ich das hin")


def test_a_question_for_the_own_reward_and_a_real_person_are_told_from_neighbours():
    from actions.wording import asks_for_person, asks_own_reward_when, takes_no_part

    assert asks_own_reward_when("mein kumpel hat abgeschlossen, wann bekomm ich dann was")
    assert not asks_own_reward_when("wann bekommt mein kumpel seinen bonus")
    assert asks_for_person("is da jemand echtes? ich weiss es is halb 11 abends")
    assert asks_for_person("na toll. und wer hilft mir jetzt?")
    assert not asks_for_person("ist das echt so?")
    assert takes_no_part("ich krieg werbemails obwohl ich nie was bestellt hab")

    from actions.wording import says_self_recommended

    assert says_self_recommended("mein kumpel hat mir funknetz empfohlen, hab aber keinen code")
    assert not says_self_recommended("ich hab meinem nachbarn funknetz empfohlen")


def test_someone_who_never_took_part_is_told_from_someone_who_does_not_know_a_rule():
    from actions.wording import takes_no_part

    assert takes_no_part("ich kenn euch gar nicht, woher habt ihr meine email adresse??")
    assert takes_no_part("ich hab nie was mit sonnenstrom zu tun gehabt")
    assert takes_no_part("ich bin ja nicht der mit dem code, hab also keinen")
    assert not takes_no_part("ich kenne die regeln nicht")


def test_a_death_of_ones_own_people_is_heard_whatever_the_nlu_read():
    from rasa_sdk import Tracker

    from actions.empathy import tells_of_death
    from tests.trackers import tracker_state

    told = Tracker.from_dict(
        tracker_state(
            "mein papa ist vor kurzem gestorben. er hat glaub ich mehrere leute geworben",
            "nlu_fallback",
        )
    )
    rule = Tracker.from_dict(
        tracker_state("was passiert mit der prämie, wenn der werber gestorben ist?", "ask_terms")
    )
    assert tells_of_death(told)
    assert not tells_of_death(rule)


def test_a_threat_to_cancel_is_told_from_a_friend_who_cancelled():
    from actions.wording import threatens_to_cancel

    assert threatens_to_cancel("wenn ich meine prämie nicht kriege kündige ich meinen vertrag")
    assert threatens_to_cancel("ich kündige sofort")
    assert not threatens_to_cancel("mein freund hat gekündigt")
    assert not threatens_to_cancel("kann ich kündigen?")


def test_doubt_whether_a_mail_is_genuine_is_told_from_a_mail_that_never_came():
    from actions.wording import doubts_mail_is_genuine

    assert doubts_mail_is_genuine("is die mail mit dem gutscheinlink echt??")
    assert doubts_mail_is_genuine("hab ne mail bekommen, is das phishing?")
    assert doubts_mail_is_genuine("kann ich der e-mail vertrauen oder ist das fake")
    assert not doubts_mail_is_genuine("die mail kam echt nie an?")
    assert not doubts_mail_is_genuine("ihr seid doch alle BETRÜGER wo ist mein gutschein!!!")


@pytest.mark.parametrize(
    ("text", "response"),
    [
        ("tschüss", "utter_goodbye"),
        ("danke, schönen abend noch", "utter_goodbye_evening"),
        ("ok dann schönen Feierabend", "utter_goodbye_evening"),
        ("gute nacht", "utter_goodbye_night"),
        ("Danke und ein schönes Wochenende!", "utter_goodbye_weekend"),
        ("frohe weihnachten und nen guten rutsch", "utter_goodbye_holidays"),
        ("Ihnen noch einen schönen Tag", "utter_goodbye_day"),
    ],
)
def test_a_goodbye_returns_the_customers_own_wish(text, response):
    from actions.wording import goodbye_response

    assert goodbye_response(text) == response


def test_the_goodbye_action_answers_in_english_after_english():
    from actions.greeting import ActionGoodbye

    state = fallback_tracker_state("ciao, schönen abend", [{"name": "goodbye", "confidence": 0.9}])
    state["slots"]["language"] = "en"
    dispatcher = CollectingDispatcher()
    ActionGoodbye().run(dispatcher, Tracker.from_dict(state), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_goodbye"]
    state["slots"]["language"] = None
    dispatcher = CollectingDispatcher()
    ActionGoodbye().run(dispatcher, Tracker.from_dict(state), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_goodbye_evening"]


@pytest.mark.parametrize(
    ("text", "others"),
    [
        ("kannst du auch bei meinem mann gucken ob seine prämie schon da ist", True),
        ("geht das auch für jemand anderen, meine oma kommt mit dem chat nicht klar", True),
        ("schau bitte nach dem status für meine mutter", True),
        ("mein kumpel hat abgeschlossen, wo bleibt die Prämie?", False),
        ("wie ist der stand bei meiner empfehlung von meinem nachbarn", False),
        ("kann ich die prämie für meine tochter nutzen", False),
    ],
)
def test_a_question_for_someone_elses_status_is_told_from_ones_own(text, others):
    from actions.wording import asks_for_others_status

    assert asks_for_others_status(text) is others


@pytest.mark.parametrize(
    ("text", "waits"),
    [
        ("moment mal", True),
        ("warte kurz", True),
        ("sekunde, ich such den code", True),
        ("ich schau grad nach", True),
        ("ich warte schon ewig", False),
        ("wie lange muss ich noch warten?", False),
    ],
)
def test_a_customer_asking_for_a_moment_is_told_from_one_who_complains_of_waiting(text, waits):
    from actions.wording import asks_to_wait

    assert asks_to_wait(text) is waits


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("Wo genau steht das?", True),
        ("und wo kann ich das nachlesen?", True),
        ("wo steht das mit der wartezeit?", False),
        ("wo bleibt meine prämie", False),
    ],
)
def test_where_a_rule_is_written_is_told_from_other_where_questions(text, asks):
    from actions.wording import asks_where_written

    assert asks_where_written(text) is asks


def test_a_thank_you_with_a_wish_takes_leave_and_a_question_does_not():
    from actions.wording import goodbye_response, takes_leave

    assert takes_leave("Vielen Dank und Ihnen noch einen schönen Sonntag!")
    assert goodbye_response("Ihnen noch einen schönen Sonntag!") == "utter_goodbye_day"
    assert not takes_leave("danke, und wie lange dauert das noch?")


def _tracker_after_bot(bot_event: dict, text: str = "/nlu_fallback") -> Tracker:
    """An unclear message right after the bot's message ``bot_event``."""
    state = fallback_tracker_state(text, [{"name": "nlu_fallback", "confidence": 0.4}])
    state["events"] = [bot_event, *state["events"]]
    return Tracker.from_dict(state)


def test_the_second_unclear_message_offers_a_person_only_after_the_bot_asked_back():
    """After topic buttons ("Worauf bezieht sich Ihre Frage?") the next unclear
    message is the second misunderstanding: the person is offered."""
    from actions.clarify import ActionOfferHuman
    from bot.topics import CLARIFY_PROMPTS

    dispatcher = CollectingDispatcher()
    tracker = _tracker_after_bot({"event": "bot", "text": CLARIFY_PROMPTS[0], "metadata": {}})
    events = asyncio.run(ActionOfferHuman().run(dispatcher, tracker, {}))
    assert events == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_offer_human"]


def test_an_unclear_message_after_a_clarification_that_answered_is_clarified_afresh():
    """When the clarification answered after all (thanks, an entry), "Leider habe
    ich Sie immer noch nicht verstanden" would be wrong: clarified again."""
    from rasa_sdk.events import FollowupAction

    from actions.clarify import ActionOfferHuman

    dispatcher = CollectingDispatcher()
    thanks = {
        "event": "bot",
        "text": "Gern geschehen!",
        "metadata": {"utter_action": "utter_thank"},
    }
    events = asyncio.run(ActionOfferHuman().run(dispatcher, _tracker_after_bot(thanks), {}))
    assert events == [FollowupAction("action_clarify")]
    assert dispatcher.messages == []


def test_a_phone_number_asked_again_is_told_from_a_first_question():
    from actions.wording import asks_number_again

    assert asks_number_again("ok gut. und die nummer für die scheibe nochmal bitte")
    assert asks_number_again("die telefonnummer hab ich vergessen")
    assert not asks_number_again("welche nummer hat der kundenservice?")
    assert not asks_number_again("kannst du die mail nochmal schicken")


def test_the_time_a_recommended_person_has_is_told_from_other_timing_questions():
    from actions.wording import asks_friends_time

    assert asks_friends_time("und wie lang hat sie diesmal zeit?")
    assert asks_friends_time("wie viel zeit hat mein kumpel noch?")
    assert asks_friends_time("bis wann hat er zeit zu unterschreiben")
    assert not asks_friends_time("wie lange noch?")
    assert not asks_friends_time("wie lange habe ich zeit den gutschein einzulösen")


def test_a_mail_reply_asked_for_is_told_from_an_address_given():
    from actions.wording import asks_for_mail_reply

    assert asks_for_mail_reply("dann meldet euch halt per mail, SSE-ORD789 x@example.de")
    assert asks_for_mail_reply("schreibt mir einfach eine e-mail")
    assert not asks_for_mail_reply("meine mail ist claudia.becker@example.de")
    assert not asks_for_mail_reply("ist die mail von euch echt?")


def test_having_recommended_someone_is_not_being_recommended():
    from actions.wording import says_self_recommended

    assert not says_self_recommended(
        "Was speichert ihr über mich und den Freund, den ich empfohlen hab?"
    )
    assert says_self_recommended("mein kumpel hat mich geworben")
    assert says_self_recommended("mich hat mein schwager empfohlen")


def test_a_referrer_who_recommended_people_may_have_lost_the_code_a_friend_has_none():
    from actions.wording import says_code_lost

    assert says_code_lost("hab 3 leute geworben aber nix bekommen?? code hab ich grad nich")
    assert not says_code_lost("ich bin doch der, der geworben wurde, ich hab keinen code")
    assert not says_code_lost("ich wurde geworben, hab keinen code")


def test_the_reward_mail_asked_to_the_own_address_with_thanks_is_a_request():
    from actions.wording import asks_mail_again, asks_own_reward_when

    assert asks_mail_again("Gut, dann bitte noch einmal an meine eigene Adresse. Vielen Dank!")
    assert asks_own_reward_when("wenn er nächste woche unterschreibt wann hab ich das geld dann")
    assert not asks_own_reward_when("wann hab ich mich angemeldet?")
    assert asks_own_reward_when("und wann ist der gutschein dann da?")
    assert not asks_own_reward_when("wann ist der gutschein abgelaufen?")


def test_a_why_after_a_leading_und_still_asks_why():
    from actions.wording import opens_with_why

    assert opens_with_why("und warum? der hat doch nen vertrag gemacht")
    assert not opens_with_why("und wie lange noch?")


def test_a_referral_is_pointed_at_by_its_place_or_its_friends_first_name():
    from actions.wording import referral_position

    friends = ["Hannah S.", "Maximilian R.", "Leonie F."]
    assert referral_position("ich mein die dritte, wann kommt da was", friends) == 2
    assert referral_position("und für die erste?", friends) == 0
    assert referral_position("warum hat die zweite nicht geklappt", friends) == 1
    assert referral_position("und die letzte?", friends) == 2
    assert referral_position("und was ist mit hannah", friends) == 0
    assert referral_position("und der zweite kumpel?", friends) == 1
    # Time, a first time, third parties and "erst" are no places in the list.
    assert referral_position("letzte woche hab ich angerufen", friends) is None
    assert referral_position("zum ersten mal hier", friends) is None
    assert referral_position("gebt ihr das an dritte?", friends) is None
    assert referral_position("das kommt erst dann", friends) is None
    assert referral_position("und die vierte?", friends) is None


def test_cues_of_a_wish_for_a_person_a_change_and_a_worry_are_told_apart():
    from actions.wording import (
        asks_own_status,
        asks_to_change,
        asks_who_recommended,
        names_their_reward,
        says_not_arrived,
        takes_no_part,
        wants_person,
    )

    assert wants_person("bist du ein bot? ich will jetzt einen echten menschen")
    assert not wants_person("bist du ein mensch?")
    assert asks_to_change("wie krieg ich die jetzt geändert bevor ihr überweist?")
    assert not asks_to_change("wie lange dauert das?")
    assert not says_not_arrived("nicht dass da wer anders meinen link benutzt hat")
    assert says_not_arrived("da ist nichts angekommen")
    assert takes_no_part("ich bin nirgendwo kunde!!")
    assert asks_own_status("kannst du mal gucken ob das bei euch angekommen is")
    assert asks_who_recommended("wer war das? ich will wissen wer meine email rausgegeben hat")
    assert names_their_reward("meine schwester fragt ob sie dann trotzdem was bekommt")
    assert not names_their_reward("was bekomme ich dafür?")


def test_a_contract_signed_without_the_code_is_told_apart_from_one_signed_with_it():
    from actions.wording import says_signed_without_code

    assert says_signed_without_code(
        "hab letzte woche schon online abgeschlossen und da nix eingegeben. zählt das noch?"
    )
    assert says_signed_without_code("sie hat im shop abgeschlossen, halt ohne den link")
    assert says_signed_without_code("mein kumpel hat ohne code unterschrieben")
    assert says_signed_without_code("ich hab beim abschluss den code vergessen")
    assert not says_signed_without_code("hab den code eingegeben und abgeschlossen")
    assert not says_signed_without_code("hat er schon abgeschlossen?")
    # Signing and a missing code in different sentences are no such statement.
    assert not says_signed_without_code("er hat abgeschlossen. ich hab keinen code")


def test_when_and_how_the_team_replies_is_told_apart_from_the_reward():
    from actions.wording import asks_about_reply, asks_for_call

    assert asks_about_reply("heute noch oder was? und wie, ruft ihr an?")
    assert asks_about_reply("meldet sich da noch heute jemand")
    assert asks_about_reply("wann meldet sich da jemand?")
    assert not asks_about_reply("ok danke")
    assert asks_for_call("und wie, ruft ihr an?")
    assert asks_for_call("könnt ihr mich nicht einfach anrufen")
    assert not asks_for_call("heute noch?")


def test_the_date_of_a_transfer_asked_is_the_customers_own_status():
    from actions.wording import asks_own_status

    assert asks_own_status("wann genau wurde das ueberwiesen und muss ich das versteuern?")
    assert asks_own_status("wann habt ihr den gutschein verschickt")
    assert asks_own_status("hab vor 2 jahren jemand geworben und nie was gekriegt. verfallen?")
    assert not asks_own_status("wann wird die prämie normalerweise überwiesen?")


def test_the_referrers_reward_asked_in_the_third_person_is_theirs():
    from actions.wording import names_their_reward

    assert names_their_reward("und wie lang dauert das normal bis er die bekommt")
    assert names_their_reward("wann kriegt sie das")
    assert not names_their_reward("wann bekomme ich die")
    assert not names_their_reward("bis sie abgeschlossen hat")


def test_an_opener_that_changes_the_topic_leaves_the_new_question():
    from actions.wording import new_topic_after_opener, without_interjection

    question = "ich hab meinem schwager die versicherung empfohlen, zählt das?"
    assert new_topic_after_opener(f"naja egal. andere frage, {question}") == question
    assert new_topic_after_opener("ok danke! ach eins noch: wer sieht meine daten?") == (
        "wer sieht meine daten?"
    )
    assert new_topic_after_opener("danke erstmal :) ach eins noch, muss ich das versteuern?")
    # Alone it says the answer missed the question.
    assert new_topic_after_opener("nee, andere frage") is None
    assert new_topic_after_opener("was noch fehlt ist die mail") is None
    # Whole sentences of thanks before a question of its own open it too.
    assert new_topic_after_opener(
        "vielen dank, sie sind sehr freundlich. kann ich meine nichte nochmal empfehlen?"
    ) == ("kann ich meine nichte nochmal empfehlen?")
    assert new_topic_after_opener("Super, danke! Und wie lange dauert das?") == (
        "Und wie lange dauert das?"
    )
    assert new_topic_after_opener("Danke. Das hilft mir aber nicht weiter.") is None
    assert new_topic_after_opener("ok danke") is None
    assert without_interjection("andere frage, wie lange gilt der gutschein") == (
        "wie lange gilt der gutschein"
    )


def test_contact_details_of_a_recommended_friend_are_told_apart_from_the_brands():
    from actions.wording import asks_contact_of

    friends = ["Hannah S.", "Maximilian R."]
    assert asks_contact_of("gib mir mal die handynummer von hannah", friends)
    assert asks_contact_of("habt ihr die adresse von meinem kumpel?", [])
    assert not asks_contact_of("welche nummer hat der kundenservice", friends)
    assert not asks_contact_of("die nummer von autosicher bitte", friends)
    assert not asks_contact_of("an welche adresse von mir habt ihr das geschickt", friends)


def test_questions_about_the_team_and_its_reply_are_recognised():
    from actions.wording import asks_if_nobody_there, asks_to_be_called, asks_what_to_prepare

    assert asks_if_nobody_there("bist du ne KI? und sitzt sonntag abends da überhaupt einer?")
    assert asks_if_nobody_there("ist da gerade jemand?")
    assert not asks_if_nobody_there("ist einer von denen schon durch")
    assert asks_to_be_called("ok passt. dann ruft mich halt morgen an")
    assert asks_to_be_called("könnt ihr mich zurückrufen?")
    assert not asks_to_be_called("ok, dann ruf ich da mal an")
    assert asks_what_to_prepare("was muss ich dem dann sagen bzw. bereithalten?")
    assert not asks_what_to_prepare("was muss ich jetzt machen")


def test_one_of_several_referrals_pointed_at_and_sending_are_told_apart():
    from actions.wording import names_sending, points_at_one_referral

    assert points_at_one_referral("wieso is die eine schon durch und die andre net")
    assert not points_at_one_referral("warum geht das nicht?")
    assert names_sending("warum kann man die nicht einfach nochmal schicken??")
    assert not names_sending("ich krieg ne neue mailadresse, wie änder ich die")


def test_a_friend_brought_along_and_english_thanks_are_recognised():
    from actions.wording import says_self_recommended, without_interjection

    assert says_self_recommended("mein schwager hat mich zu euch geholt, gibts da was für?")
    assert not says_self_recommended("ich hab meinen schwager zu euch geholt")
    assert without_interjection("ok thx. muss ich das versteuern?") == "muss ich das versteuern?"


def test_if_not_and_a_past_date_are_recognised():
    from actions.wording import asks_if_not, asks_when_past

    assert asks_if_not("und wenn nicht?")
    assert asks_if_not("und wenn nicht, was dann")
    assert not asks_if_not("und wenn nicht abgeschlossen wird")
    assert asks_when_past("echt jetzt? wann soll das gewesen sein")
    assert asks_when_past("wann war das denn")
    assert not asks_when_past("wann wird das überwiesen")


def test_a_loyalty_question_and_a_question_of_since_when_are_recognised():
    from actions.wording import asks_loyalty_reward, asks_since_when

    assert asks_loyalty_reward("bin seit 2016 bei euch, krieg ich dafür nix?")
    assert asks_loyalty_reward("gibts für stammkunden eigentlich nen bonus?")
    assert not asks_loyalty_reward(
        "seit 10 jahren kunde und will meinen freund werben, was bekomm ich?"
    )
    assert asks_since_when("und seit wann is der registriert??")
    assert asks_since_when("wann hat sie denn unterschrieben?")
    assert not asks_since_when("wie lange dauert das noch?")


def test_a_yes_that_asks_the_bot_to_act_is_told_apart_from_a_plain_yes():
    from actions.wording import asks_to_act

    assert asks_to_act("ja bitte, mach das")
    assert asks_to_act("ja gerne")
    assert not asks_to_act("ja ok")
    assert not asks_to_act("jo passt, danke")


def test_a_recommended_friend_asking_about_recommending_others_is_recognised():
    from actions.wording import speaks_as_referrer

    assert speaks_as_referrer("wie lang is so ne empfehlung gültig, müssen die sich beeilen?")
    assert speaks_as_referrer("kann ich jetzt selber leute werben?")
    assert not speaks_as_referrer("bis wann muss ich den code angeben?")


@pytest.mark.parametrize(
    ("cue", "yes", "no"),
    [
        (
            "asks_code_shown",
            ["kann man mir den code hier anzeigen?", "schreib mir den gutscheincode hier rein"],
            [
                "kannst du mir meinen empfehlungscode sagen",
                "den code hab ich im chat schon angegeben",
            ],
        ),
        (
            "takes_no_part",
            ["ich bin gar nicht angemeldet", "hab nie teilgenommen, woher habt ihr meine mail"],
            ["noch nie mitgemacht, was braucht ihr wenn ich meinen sohn empfehlen will?"],
        ),
        (
            "asks_how_to_get",
            ["aber wie komme ich jetzt dran?", "wie krieg ich meinen gutschein denn nun"],
            ["wie kommt die prämie zu mir"],
        ),
        (
            "asks_to_forward",
            ["können sie das nicht intern weiterleiten?", "das ist mir zu umständlich"],
            ["wo kann ich das melden"],
        ),
        (
            "asks_to_check_whether",
            ["können sie mal schauen ob bei ihr alles passt"],
            ["schauen Sie in die Bedingungen"],
        ),
        (
            "wants_old_address_fixed",
            ["doch an die alte adresse, das postfach war nur voll"],
            ["dann doch an die alte, ich schau im spam"],
        ),
        (
            "asks_bank_details_shown",
            ["Können Sie mir die IBAN nennen, auf die das gebucht wurde?"],
            ["wie ändere ich meine iban", "wann denn und auf welches konto?"],
        ),
        ("asks_when", ["ok and how long noch?", "when will it come"], ["ok danke"]),
        ("asks_why", ["why that?", "warum nicht"], ["wer ist das"]),
        ("asks_exception", ["und ausnahmsweise?", "gibts keine ausnahme"], ["und sonst?"]),
        (
            "asks_own_status",
            ["wollt mal fragen obs geklappt hat", "warum wurde meine empfehlung storniert??"],
            ["ob das klappt, wenn er im ausland wohnt?"],
        ),
        (
            "asks_for_others_status",
            ["meine Frau hat auch wen geworben, ist die Prämie bei ihr schon da?"],
            ["meine kollegin hat mich geworben, wann krieg ich meinen bonus"],
        ),
        (
            "asks_other_referrals",
            ["welche von den dreien is noch offen?", "und die anderen?"],
            ["welche daten speichert ihr?"],
        ),
        (
            "asks_how_long_it_holds",
            ["und wie lange gilt der dann?", "ist der unbegrenzt gültig?"],
            ["wie lange gilt eine empfehlung?", "wie lange dauert das"],
        ),
        (
            "asks_when_contacted",
            ["und wie lang dauert das bis sich da wer meldet?"],
            ["wie lang dauert das bis das geld da ist?"],
        ),
        (
            "names_brand_matter",
            ["meine neue SIM geht nicht", "412 euro nachzahlung auf der abrechnung"],
            ["ich hab simone geworben"],
        ),
        (
            "takes_no_part",
            ["ich hab mich nirgends angemeldet"],
            ["ich hab mich gestern angemeldet"],
        ),
        (
            "asks_to_forward",
            ["dann leite das halt weiter", "gebt das bitte weiter"],
            ["wie geht es weiter?"],
        ),
        (
            "says_confused",
            ["hä?", "häh wie jetzt", "???", "hä? er hat sich doch angemeldet", "hmm?"],
            ["hä? wann kommt das geld?", "hmm ok danke", "hey", "he du", "wie jetzt weiter?"],
        ),
        (
            "asks_what_can_be_done",
            ["kann ich da was dagegen machen?", "kann man da nix machen", "dagegen vorgehen"],
            ["was muss ich machen?", "was kann ich dafür tun, dass er abschließt"],
        ),
        (
            "asks_if_allowed",
            ["sie ist meine schwester, ist das überhaupt erlaubt?", "darf man das?"],
            ["ist das geld schon da?", "darf ich meine schwester werben?"],
        ),
        (
            "names_status_word",
            ["und „bestellt“ heißt jetzt genau was?", "was heißt qualifiziert"],
            ["was heißt wartezeit", "was heißt das?"],
        ),
        (
            "asks_if_also",
            [
                "gilt das auch für meinen handyvertrag?",
                "gibts da das gleiche",
                "ist das da genauso",
            ],
            ["ich bin auch bei funknetz", "gilt mein code noch?"],
        ),
        (
            "asks_why",
            ["wozu soll das gut sein", "warum nicht?"],
            ["wo ist das?", "wie geht das?"],
        ),
        (
            "objects_to_marketing",
            ["die werbung aber bitte sofort einstellen", "keine werbemails mehr an mich"],
            ["woher habt ihr meine mail?", "ist das werbung?"],
        ),
        (
            "asks_other_referrals",
            ["und die zweite?", "und meine zweite empfehlung?"],
            ["wie kündige ich meine zweite simkarte"],
        ),
        (
            "asks_bank_details_shown",
            ["welches konto habt ihr da hinterlegt?", "bitte die IBAN nennen"],
            ["ich hab ein neues konto", "welche daten habt ihr?"],
        ),
        (
            "asks_own_code",
            ["wo find ich meinen eigenen code?", "wie komm ich an nen eigenen empfehlungslink"],
            [
                "ich hab nur den code von ihm",
                "wo ist mein code?",
                "kann ich meinen eigenen code beim zweiten auto eintragen?",
            ],
        ),
        (
            "takes_leave",
            ["ok dann ruf ich dort an. tschau", "ciao"],
            ["servus, wo bleibt mein geld?"],
        ),
        (
            "threatens_to_cancel",
            ["wenn das nicht klappt kündige ich"],
            ["wie kündige ich eigentlich meinen zweiten tarif"],
        ),
        (
            "declines_offer",
            [
                "nö lass mal, ich schau selbst nochmal nach",
                "Wissen Sie was, lassen Sie das erstmal.",
                "hm nein, eine Rückmeldung per Mail brauche ich doch nicht. Wie lange gilt er?",
                "nee danke",
                "ne, erstmal nicht",
            ],
            [
                "nein, die Mail ist nie angekommen",
                "nein, er hat doch schon unterschrieben",
                "nein, ich warte nicht noch länger",
                "lassen Sie mich mit jemandem vom Team sprechen",
                "nee, schickt sie lieber an meine neue adresse",
            ],
        ),
        (
            "puts_request_off",
            [
                "ok dann lass ich das mit der Löschung lieber erstmal",
                "vergessen Sie es, hat sich erledigt",
                "dann doch lieber nicht",
            ],
            ["ich will, dass die Löschung jetzt passiert", "dann lösch bitte alles"],
        ),
        (
            "files_complaint",
            [
                "Ich möchte das als formelle Beschwerde einreichen.",
                "ich will mich offiziell beschweren",
                "bitte nehmen Sie meine Beschwerde auf",
            ],
            ["wo kann ich mich über meine stromrechnung informieren", "ich hab keine beschwerden"],
        ),
        (
            "person_as_condition",
            [
                "kommt das geld früher, wenn ich bei der hotline anrufe?",
                "geht es schneller, falls ich einen Mitarbeiter frage?",
            ],
            ["ich will einen Mitarbeiter", "kann mich bitte jemand anrufen?"],
        ),
        (
            "wants_person",
            [
                "kannst du nicht jemanden drauf ansetzen?",
                "können Sie das bitte an jemanden weitergeben?",
            ],
            ["gebt ihr meine daten an jemanden weiter?", "wann meldet sich jemand"],
        ),
        (
            "asks_other_referrals",
            ["bei welcher hängt es noch?", "und bei wem dauert das noch?"],
            ["welches Handy ist besser?", "bei wem kann ich mich beschweren?"],
        ),
        (
            "announces_question",
            ["kurze frage", "hab da mal ne frage", "hallo, ich hätte eine Frage"],
            ["kurze frage: zählt mein bruder?", "welche frage?", "ich hab keine frage mehr"],
        ),
        (
            "only_asks_to_wait",
            ["moment", "sekunde bitte", "warte kurz, ich such die mail"],
            ["moment mal, das hab ich nicht gefragt", "moment, wie lange gilt der code?"],
        ),
        (
            "says_confused",
            ["?", "?!", "hä"],
            ["ok?", "wann kommt das geld?"],
        ),
        (
            "asks_own_reward_when",
            [
                "ich will doch nur wissen, wann das geld endlich kommt",
                "wann die prämie überwiesen wird",
            ],
            ["wann kommt das geld bei meinem freund an", "wann melden sie sich"],
        ),
        (
            "asks_data_kept",
            [
                "wie lange bewahren Sie meine Daten eigentlich noch auf?",
                "und wie lang speichert ihr das alles?",
            ],
            ["wie lange dauert die wartezeit", "wann kommt mein gutschein"],
        ),
        (
            "asks_where_to_cancel",
            ["und wo kann er das mit der kündigung machen?", "an wen wende ich mich zum kündigen"],
            ["was passiert, wenn er kündigt?", "wie ist das wenn sie kündigt"],
        ),
        (
            "accepts_outcome",
            ["Gut, dann nehme ich das so zur Kenntnis.", "na dann ist das halt so"],
            ["nehmen sie das zur kenntnis?", "so nicht!"],
        ),
        (
            "asks_what_bot_can",
            ["kannst du überhaupt was oder nur blabla", "was kannst du eigentlich?"],
            ["was kannst du mir zur prämie sagen?", "kannst du mir sagen wie hoch die prämie ist"],
        ),
        (
            "asks_for_mail_reply",
            ["Ach nein, heute nicht mehr. Melden Sie sich bitte bei mir."],
            ["melden sie sich bei mir an, oder?", "wo melde ich mich an"],
        ),
    ],
)
def test_cues_of_follow_ups_tell_their_kind_from_look_alikes(cue, yes, no):
    from actions import wording

    check = getattr(wording, cue)
    assert all(check(text) for text in yes), [text for text in yes if not check(text)]
    assert not any(check(text) for text in no), [text for text in no if check(text)]


def test_a_contact_detail_the_customer_would_give_is_no_request_for_someone_elses():
    from actions.wording import asks_contact_of

    assert asks_contact_of("gib mir mal die handynummer von hannah", ["Hannah S."])
    assert not asks_contact_of("muss ich von meinem sohn die handynummer angeben?", [])


def test_a_numbered_list_and_a_lead_in_before_a_colon_split_into_questions():
    from bot.knowledge.matcher import question_parts

    parts = question_parts(
        "Ein paar Fragen: 1) Was bekomme ich pro Empfehlung? 2) Muss ich das versteuern? "
        "Und ehrlich: Was macht ihr mit meinen Daten?"
    )
    assert "Was bekomme ich pro Empfehlung" in parts
    assert "Muss ich das versteuern" in parts
    assert "Was macht ihr mit meinen Daten" in parts


def test_a_data_request_the_nlu_was_unsure_of_needs_words_about_data():
    from actions.cases import no_data_request

    assert no_data_request("WANN KOMMT DAS GELD. ich will ein datum", 0.44)
    assert not no_data_request("bitte löschen sie alles", 0.44)
    assert not no_data_request("WANN KOMMT DAS GELD", 0.9)
    assert not no_data_request('/request_data_rights{"kb_entry": "x"}', 0.2)


def test_giving_up_on_the_wait_for_a_person_opens_the_question_after_it():
    from actions.wording import new_topic_after_opener

    text = "ach egal, dauert eh ewig. dann frag ich halt dich: warum wurde sie storniert?"
    assert new_topic_after_opener(text) == "warum wurde sie storniert?"


def test_the_words_that_hand_a_question_over_are_not_its_topic():
    from actions.wording import question_itself

    assert question_itself("Beantworten Sie mir bitte nur, ob die Prämie verfällt.") == (
        "ob die Prämie verfällt."
    )
    assert question_itself("ich wollte eigentlich nur wissen, warum") == "warum"
    assert question_itself("Teilen Sie mir aber bitte noch mit, ob ich das angeben muss.") == (
        "ob ich das angeben muss."
    )
    assert question_itself("wie lange dauert das?") == "wie lange dauert das?"


def test_a_faint_guess_at_a_data_request_next_to_code_and_address_files_none():
    """ "Ach nein, Verzeihung, ich meinte die andere Adresse, …@…" filed a
    data request: the NLU's seventh guess was request_data_rights."""
    from actions.inform import asked_request

    tracker = tracker_with(
        "Ach nein, Verzeihung, ich meinte die andere Adresse, ursula.meier@example.org",
        [
            {"name": "deny", "confidence": 0.55},
            {"name": "inform", "confidence": 0.07},
            {"name": "request_data_rights", "confidence": 0.07},
        ],
    )
    assert asked_request(tracker) == "reward_status"
    asked = tracker_with(
        "bitte löschen Sie meine Daten: ASV-REC234 lena.hoffmann@example.de",
        [
            {"name": "inform", "confidence": 0.5},
            {"name": "request_data_rights", "confidence": 0.3},
        ],
    )
    assert asked_request(asked) != "reward_status"


@pytest.mark.parametrize(
    ("text", "woman"),
    [
        ("meine nachbarin will auch wechseln", True),
        ("warum? sie hat doch unterschrieben", True),
        ("erst wollte mein bruder wechseln, jetzt meine schwester", True),
        ("darf ich die prämie an meine schwester verschenken?", None),
        ("mein kumpel überlegt noch", False),
        ("und wenn er nicht abschließt?", False),
        # A feminine thing is no woman: "die Prämie, kommt sie noch?"
        ("die prämie, kommt sie noch?", None),
        ("können sie mir sagen, wie lange das dauert?", None),
        ("der termin passt mir nicht", None),
    ],
)
def test_whether_the_person_spoken_of_is_a_woman_is_read_from_the_words(text, woman):
    from actions.wording import speaks_of_a_woman

    assert speaks_of_a_woman(text) is woman


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("ich würde gern meinen Nachbarn werben, der zahlt zu viel. Geht das?", "other"),
        ("darf ich eine kollegin empfehlen?", "other"),
        ("kann ich meine mutter dann selbst werben?", "family"),
        ("kann ich meine freundin werben? wir wohnen zusammen", "family"),
        ("kann ich meinen kumpel werben, der war schon mal kunde?", None),
        ("darf ich meinen freund in österreich werben?", None),
        ("kann ich mich selbst werben?", None),
    ],
)
def test_whom_the_customer_would_recommend_is_read_from_the_person_named(text, person):
    from actions.wording import person_to_recommend

    assert person_to_recommend(text) == person


@pytest.mark.parametrize(
    ("text", "other"),
    [
        ("hab beim empfehlungsprogramm meiner sparkasse mitgemacht, könnt ihr da nachsehen?", True),
        ("bei eon hab ich noch ne empfehlung offen, seht ihr die?", True),
        ("bei der telekom gibts 100 euro fürs werben, warum bei euch nur 50?", False),
        ("kommt die prämie auf mein sparkassen konto?", False),
    ],
)
def test_a_referral_with_another_company_is_told_from_a_comparison(text, other):
    from actions.wording import names_other_company

    assert names_other_company(text) is other
