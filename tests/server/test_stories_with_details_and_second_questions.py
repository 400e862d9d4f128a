"""Whole conversations against the real servers: the code inside an angry
first message, what a state means asked beside code and e-mail, where a
reward not yet sent will go, another person's status right after one's own,
and a second question beside a follow-up.

Expected texts come from the data (domain responses, knowledge base)."""

from __future__ import annotations

import pytest

from tests.server.chat import (
    button_titles,
    joined,
    kb_text,
    new_sender,
    opens_as,
    response_texts,
    spoken,
)

pytestmark = pytest.mark.server


def test_the_code_inside_an_angry_first_message_starts_the_lookup_not_what_happened(bot) -> None:
    """ "ich bin echt sauer … sse-ord789" was asked what had happened, and the
    address that followed got "Danke für die Angabe! Wobei kann ich helfen?"."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "bin total genervt, warte schon ewig auf den gutschein!! sse-ord789",
            {"program": "sonnenstrom"},
        )
    )
    # The lookup, whether the NLU read a complaint or a status question.
    assert not set(said) & response_texts("utter_complaint")
    assert "E-Mail-Adresse" in said[-1]
    status = joined(bot.say(sender, "claudia.becker@example.de, mach hinne"))
    assert "Jürgen W." in status


def test_what_expired_means_beside_code_and_email_is_not_followed_by_the_request_for_them(
    bot, demo_db_url
) -> None:
    """ "… abgelaufen. Was bedeutet das? FNM-…, …@…" got the stages in
    general, the status, then the stages again with "nennen Sie mir Ihren
    Code" although the code had just been given."""
    said = spoken(
        bot.say(
            new_sender(),
            "hallo, bei mir steht jetzt abgelaufen, was heißt das genau? "
            "FNM-EXP567 ursula.meier@example.org",
            {"program": "funknetz"},
        )
    )
    reply = "\n".join(said)
    assert "Sören K." in reply
    terms = kb_text(demo_db_url, "status_terms", "funknetz")
    assert terms not in reply
    assert kb_text(demo_db_url, "status_terms", "funknetz", "again") not in reply


def test_where_a_reward_not_yet_sent_will_go_is_answered_after_the_status(bot) -> None:
    """ "An welche Adresse geht der?" right after the status of an ordered
    voucher got "Hier bin ich mir nicht sicher"."""
    sender = new_sender()
    bot.say(sender, "SSE-ORD789 claudia.becker@example.de", {"program": "sonnenstrom"})
    said = spoken(bot.say(sender, "und an welche adresse geht der dann?"))
    assert not any(opens_as(text, "utter_unsure_offer_person") for text in said)
    assert "E-Mail-Adresse" in "\n".join(said)


def test_the_wifes_status_right_after_ones_own_needs_her_own_details(bot, demo_db_url) -> None:
    """ "bei meiner frau auch? die hat auch wen geworben" after the status got
    the customer's own status summed up again."""
    sender = new_sender()
    bot.say(sender, "ASV-CSH234 peter.lang@example.de", {"program": "autosicher"})
    reply = joined(bot.say(sender, "und bei meiner frau? die hat nämlich auch jemanden geworben"))
    assert kb_text(demo_db_url, "status_of_someone_else", "autosicher") in reply
    assert "Gabriele S." not in reply


def test_a_second_question_beside_a_follow_up_is_answered_too(bot, demo_db_url) -> None:
    """ "Wie lange hat er eigentlich Zeit abzuschließen? Und kriegt er selbst
    auch was?" got only how long a recommendation holds."""
    reply = joined(
        bot.say(
            new_sender(),
            "wie viel zeit hat mein kollege denn zum abschließen? und bekommt er selber auch was?",
            {"program": "autosicher"},
        )
    )
    assert kb_text(demo_db_url, "friend_reward", "autosicher")[:50] in reply


def test_asking_whether_the_team_writes_by_mail_to_the_offer_of_a_reply_takes_it_up(bot) -> None:
    """ "ok danke. meldet ihr euch dann per mail?" to the offer of an e-mail
    reply got the program's contact details, and no reply was set up."""
    sender = new_sender()
    meta = {"program": "sonnenstrom"}
    offer = bot.say(sender, "ich will bitte mit einem menschen reden", meta)
    assert "Ja, bitte per E-Mail melden" in button_titles(offer)  # nobody is in the console
    replies = bot.say(sender, "alles klar, danke. schreibt ihr mir dann eine mail?", meta)
    assert set(spoken(replies)) & response_texts("utter_ask_callback_email")


def test_what_the_friend_still_has_to_do_after_a_threat_is_that_friends_next_step(bot) -> None:
    """ "na gut, anwalt war übertrieben. was muss markus denn jetzt noch
    machen?" got the offer of a person once more."""
    sender = new_sender()
    meta = {"program": "autosicher"}
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", meta)
    bot.say(sender, "wenn das nicht bald was wird, geh ich zum anwalt", meta)
    replies = bot.say(sender, "schon gut, war nicht so gemeint. was muss markus noch tun?", meta)
    assert "Markus B." in joined(replies)
    assert not set(spoken(replies)) & response_texts("utter_next_step_person")
