"""Whole conversations against the real servers about what a customer types
that is not a question: a rating without the buttons, a threatened review, a
code spelled out or named in a sentence, a friend's short name, a person
asked for halfway through the details, the e-mail reply no longer needed,
and what happens after the check is locked.

Expected texts come from the data (domain responses, knowledge base)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.db import session_scope
from bot.models import Rating
from tests.server.chat import (
    joined,
    kb_text,
    new_sender,
    reaches_person,
    response_texts,
    spoken,
)

pytestmark = pytest.mark.server


def _ratings(database_url: str, sender: str) -> list[int]:
    with session_scope(database_url) as session:
        return list(
            session.scalars(select(Rating.score).where(Rating.conversation_id == sender)).all()
        )


def test_a_rating_given_in_words_is_recorded_and_thanked(bot, demo_db_url) -> None:
    """ "top, danke! 5/5 👍" without the rating buttons got "nicht ganz
    verstanden" with topic buttons; "5 sterne" was taken for a threatened
    review."""
    sender = new_sender()
    bot.say(sender, "muss ich die prämie versteuern?", {"program": "funknetz"})
    said = spoken(bot.say(sender, "top, danke! hat geholfen, 5/5 👍"))
    assert set(said) & (
        response_texts("utter_rating_thanks") | response_texts("utter_rating_noted")
    )
    assert _ratings(demo_db_url, sender) == [5]
    assert not set(said) & response_texts("utter_threat_acknowledge")


def test_a_threatened_one_star_review_is_heard_not_recorded(bot, demo_db_url) -> None:
    """ "dann schreib ich überall ne 1 stern bewertung" after a refusal got
    the topic buttons."""
    sender = new_sender()
    bot.say(sender, "ich will das doppelte als entschädigung", {"program": "autosicher"})
    said = spoken(bot.say(sender, "dann schreib ich halt überall ne 1 stern bewertung"))
    assert set(said) & response_texts("utter_threat_acknowledge")
    assert _ratings(demo_db_url, sender) == []


def test_a_code_spelled_out_letter_by_letter_verifies(bot) -> None:
    """ "A S V Q U A 5 6 7" while the code was asked was taken for a rating
    and asked back."""
    sender = new_sender()
    bot.say(sender, "mehmet.yilmaz@example.de, wo bleibt meine prämie?", {"program": "autosicher"})
    said = joined(bot.say(sender, "code? moment… A S V Q U A 5 6 7"))
    assert "Elif K." in said


def test_a_code_named_in_a_sentence_with_spaces_verifies(bot) -> None:
    """ "code müsste sse old 345 sein" beside the address kept the code
    asked for."""
    sender = new_sender()
    bot.say(sender, "ich hab nie was bekommen für meine empfehlung", {"program": "sonnenstrom"})
    said = joined(
        bot.say(sender, "monika.schaefer@example.de und der code müsste sse old 345 sein")
    )
    assert "Günter S." in said


def test_a_friends_short_name_points_at_that_referral(bot) -> None:
    """ "und bei dem anderen, dem max?" after three referrals got how the
    program works."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = joined(bot.say(sender, "und bei dem anderen, dem max? wie lang noch"))
    assert "Maximilian R." in said
    assert "Hannah S." not in said and "Leonie F." not in said


def test_a_person_asked_for_halfway_through_the_details_is_reached(bot) -> None:
    """ "code ist ASV-… und mail ist lena.hoff… ach, stellen sie mich einfach
    durch" got the question for the address."""
    sender = new_sender()
    replies = bot.say(
        sender,
        "geht um meine prämie, code ist ASV-REC234 und mail ist lena.hoff... "
        "ach wissen sie was, stellen sie mich einfach durch",
        {"program": "autosicher"},
    )
    assert reaches_person(replies)


def test_a_reply_no_longer_needed_a_few_turns_after_the_offer_is_a_no(bot) -> None:
    """ "wenn das so is brauch ich den rückruf eigentlich nicht mehr" after a
    question answered in between got the offer of the reply once more."""
    sender = new_sender()
    bot.say(sender, "ich will mit einem mitarbeiter sprechen", {"program": "autosicher"})
    bot.say(sender, "muss ich das geld eigentlich versteuern?")
    said = spoken(bot.say(sender, "alles klar. dann brauch ich den rückruf eigentlich nicht mehr"))
    assert set(said) & response_texts("utter_callback_declined")


def test_after_the_lock_what_now_reaches_a_person_and_a_retry_is_explained(bot) -> None:
    """ "gesperrt oder was?? und jetzt" after three mismatches got how the
    program works; "wie lang muss ich warten, bis ich's nochmal probieren
    kann" how long a recommendation holds."""
    sender = new_sender()
    meta = {"program": "autosicher"}
    # A code nobody has: failed checks of a demo customer's code would slow
    # that code down for the tests after this one.
    bot.say(sender, "ASV-ZZZ999 p.lang@example.de", meta)
    bot.say(sender, "dann peter.lang@exmaple.de")
    bot.say(sender, "peterlang@example.de")
    retry = spoken(
        bot.say(sender, "und wie lang muss ich warten bis ich es nochmal probieren kann")
    )
    assert set(retry) & response_texts("utter_verification_locked_retry")
    assert reaches_person(bot.say(sender, "SUPER. gesperrt oder was?? und jetzt"))


def test_a_new_contract_after_a_revocation_told_by_the_referrer_gets_whether_it_counts(
    bot, demo_db_url
) -> None:
    """ "die hat nur widerrufen weil sie dann nen anderen tarif genommen hat.
    zählt das etwa nicht?" got why the program needs data."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"})
    said = joined(
        bot.say(
            sender,
            "sie hat nur widerrufen, weil sie danach nen anderen tarif bei euch genommen hat. "
            "zählt das etwa nicht?",
        )
    )
    assert kb_text(demo_db_url, "friend_signs_again_referrer", "funknetz", female=True) in said
