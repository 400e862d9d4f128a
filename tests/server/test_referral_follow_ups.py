"""Follow-ups on a verified customer's own referrals, against the real
servers: one of several referrals by its place or its friend's name, the
name behind a referral, what is still missing, a reminder for the friend.

Expected texts come from the data (domain responses, knowledge base)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.clock import today
from bot.formatting import format_date
from tests.server.chat import joined, kb_text, new_sender, response_texts

pytestmark = pytest.mark.server

FRIENDS = ("Hannah S.", "Maximilian R.", "Leonie F.")


def _named(said: str) -> set[str]:
    return {friend for friend in FRIENDS if friend in said}


def test_one_of_several_referrals_by_its_place_gets_that_referral_alone(bot) -> None:
    """ "ich mein die dritte, wann kommt da was" after the status of three
    referrals got the dates of the other two."""
    sender = new_sender()
    status = joined(bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"}))
    assert _named(status) == set(FRIENDS)  # listed in this order
    assert status.index("Hannah S.") < status.index("Maximilian R.") < status.index("Leonie F.")

    third = joined(bot.say(sender, "ich mein die dritte, wann kommt da was"))
    assert _named(third) == {"Leonie F."}
    # The demo data sent its reward mail 200 days ago (bot/demo_data.py).
    assert format_date(today() - timedelta(days=200)) in third
    first = joined(bot.say(sender, "und für die erste?"))
    assert _named(first) == {"Hannah S."}
    why = joined(bot.say(sender, "und warum hat die zweite nicht geklappt"))
    assert _named(why) == {"Maximilian R."}
    assert "Widerrufsfrist" in why  # the reason it waits, not only a date


def test_one_of_several_referrals_by_the_friends_name_gets_that_referral_alone(bot) -> None:
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = joined(bot.say(sender, "und was ist mit maximilian?"))
    assert _named(said) == {"Maximilian R."}


def test_the_name_behind_a_referral_is_told_masked_with_a_check_offered(bot) -> None:
    """ "wie heisst der der da registriert ist? nicht dass da wer anders meinen
    link benutzt hat" got the text for a reward mail that did not arrive."""
    sender = new_sender()
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"})
    question = "wie heisst der der da registriert ist? nicht dass da wer anders meinen link"
    said = joined(bot.say(sender, f"{question} benutzt hat"))
    assert said in response_texts("utter_referral_names", names="Markus B.")


def test_what_is_still_missing_after_the_status_is_the_next_step_with_its_date(bot) -> None:
    """ "und was fehlt jetzt noch damit ich was krieg" was taken for doubt
    about the status."""
    sender = new_sender()
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"})
    said = joined(bot.say(sender, "und was fehlt jetzt noch damit ich was krieg"))
    assert "Markus B." in said and "Vertrag abgeschlossen werden" in said
    assert not response_texts("utter_status_unclear") & {said}


def test_a_reminder_for_the_friend_is_explained_with_the_deadline(bot, demo_db_url) -> None:
    sender = new_sender()
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"})
    said = joined(
        bot.say(sender, "kannst du dem nicht ne erinnerung schicken? der vergisst das sonst")
    )
    assert kb_text(demo_db_url, "remind_friend", "autosicher") in said


def test_the_name_of_one_of_several_is_told_masked_and_the_others_follow(bot) -> None:
    """ "wer ist denn die zweite? da steht nur so n abgekürzter name" got that
    referral's status; "und bei den anderen?" then the tax entry again."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = joined(bot.say(sender, "wer ist denn die zweite? da steht nur so n abgekürzter name"))
    assert said in response_texts("utter_referral_names", names="Maximilian R.")
    others = joined(bot.say(sender, "ah ok. und bei den anderen, was fehlt da noch?"))
    assert "Hannah S." in others


def test_how_to_change_the_address_after_the_status_is_the_change_of_details(
    bot, demo_db_url
) -> None:
    """ "… wie änder ich die bei euch damit die restlichen gutscheine auch
    ankommen" after the status got the dates of the other referrals."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = joined(
        bot.say(
            sender,
            "ich krieg ne neue mailadresse, wie änder ich die bei euch damit die "
            "restlichen gutscheine auch ankommen",
        )
    )
    assert kb_text(demo_db_url, "change_details", "funknetz") in said


def test_what_a_status_word_means_asked_with_jetzt_is_its_meaning(bot, demo_db_url) -> None:
    """ "qualifiziert heisst jetzt was genau, krieg ich das geld oder nich"
    got how the reward is paid."""
    sender = new_sender()
    bot.say(sender, "ASV-QUA567 mehmet.yilmaz@example.de", {"program": "autosicher"})
    question = "qualifiziert heisst jetzt was genau, krieg ich das geld oder nich"
    said = joined(bot.say(sender, question))
    assert "Elif K." in said
    assert kb_text(demo_db_url, "payout_method", "autosicher") not in said
