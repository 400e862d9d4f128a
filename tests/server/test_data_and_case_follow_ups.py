"""Whole conversations against the real servers about one's data, bank and
e-mail changes, and what happens to a case once it is with the team: a new
bank for a voucher or a cash program, a closed account after the transfer,
who is to blame, a mail that got no reply, a note added to the case, the
case at the resend limit named instead of offered again, another program's
code, an address corrected in English, and the recommended friend who asks
about the referrer's reward or their own data.

Expected texts come from the data (domain responses, knowledge base, phrases)."""

from __future__ import annotations

import pytest

from tests.server.chat import (
    close_tickets,
    complaints_of,
    dates_in,
    joined,
    kb_text,
    new_sender,
    reaches_person,
    response_opening,
    response_texts,
    spoken,
)

pytestmark = pytest.mark.server


def test_a_new_bank_in_a_voucher_program_is_told_the_reward_comes_by_mail(bot, demo_db_url) -> None:
    """ "ich hab die bank gewechselt, geht die prämie aufs alte konto?" in a
    voucher program got how bank details are changed."""
    sender = new_sender()
    said = joined(
        bot.say(
            sender,
            "hab letzte woche die bank gewechselt. geht meine prämie dann aufs alte konto?",
            {"program": "sonnenstrom"},
        )
    )
    assert kb_text(demo_db_url, "bank_changed", "sonnenstrom") in said
    assert "per E-Mail, auf ein Konto geht sie nicht" in said


def test_a_new_bank_before_a_cash_payout_gets_the_change_and_the_closed_account_case(
    bot, demo_db_url
) -> None:
    """In a cash program the same question after the status of a referral in
    its waiting period got the change-of-details text, which ignores the money
    that may already be on its way."""
    sender = new_sender()
    bot.say(sender, "ASV-WAI456 sabine.wolf@example.com", {"program": "autosicher"})
    said = joined(
        bot.say(sender, "ich hab die bank gewechselt, was wenn das geld ans alte konto geht?")
    )
    assert kb_text(demo_db_url, "bank_changed", "autosicher") in said
    assert "bucht die Bank den Betrag an uns zurück" in said


def test_a_closed_account_after_the_transfer_is_a_case_and_how_one_hears_names_it(
    bot, demo_db_url
) -> None:
    """ "das konto hab ich aber anfang des monats aufgelöst" (the account
    named far from the word for closing it) after the transfer was asked
    back; "wie erfahr ich, ob das geld wieder da ist?" then was too."""
    sender = new_sender()
    bot.say(sender, "ASV-CSH234 peter.lang@example.de", {"program": "autosicher"})
    said = spoken(
        bot.say(sender, "das konto hab ich aber anfang des monats aufgelöst. was nun mit dem geld")
    )
    assert any(
        text.startswith(response_opening("utter_transfer_to_closed_account")) for text in said
    )
    told = joined(bot.say(sender, "ok. und wie erfahr ich ob das geld wieder da ist"))
    assert "Nummer" in told and "meldet sich" in told
    close_tickets(demo_db_url, sender)


def test_the_friend_signed_after_the_status_is_an_objection_and_blame_gets_its_answer(
    bot, demo_db_url
) -> None:
    """ "aber der hat doch schon längst unterschrieben!! wer ist schuld, ihr
    oder die?" after "registriert" got who runs the program."""
    sender = new_sender()
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"})
    said = joined(
        bot.say(
            sender,
            "aber der hat doch schon lange unterschrieben!! wer ist schuld, ihr oder autosicher?",
        )
    )
    assert complaints_of(demo_db_url, sender)
    assert kb_text(demo_db_url, "who_is_responsible", "autosicher") in said


def test_something_to_add_to_the_case_is_noted_on_it(bot, demo_db_url) -> None:
    """ "ja bitte, und schreib rein dass es im shop war" after an objection
    went to the team got the program's contact."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"})
    bot.say(sender, "sie hat aber danach nochmal nen neuen vertrag gemacht, ohne meinen code")
    assert complaints_of(demo_db_url, sender)
    said = joined(bot.say(sender, "ok, und schreib bitte rein, dass es im laden am bahnhof war"))
    assert response_opening("utter_case_note_added") in said
    assert "laden am bahnhof" in complaints_of(demo_db_url, sender)[-1].details


def test_a_mail_without_a_reply_gets_when_the_team_reads_it(bot, demo_db_url) -> None:
    """ "hab euch vor einer woche geschrieben und keine antwort" got a menu."""
    sender = new_sender()
    said = joined(
        bot.say(
            sender,
            "ich hab euch vor ner woche ne mail geschrieben und bis heute nix gehört",
            {"program": "autosicher"},
        )
    )
    assert kb_text(demo_db_url, "mail_no_reply", "autosicher") in said


def test_looking_for_the_code_while_it_is_asked_gets_time(bot) -> None:
    """ "moment ich such den code" while the code was asked got the request
    for the code once more."""
    sender = new_sender()
    bot.say(sender, "wo bleibt meine prämie?", {"program": "autosicher"})
    said = spoken(bot.say(sender, "moment ich such grad den code"))
    assert set(said) & response_texts("utter_take_your_time")


def test_an_address_ending_corrected_in_english_verifies(bot) -> None:
    """ "oh wait its example.org" after a mismatch left the customer asked
    for the details again and again."""
    sender = new_sender()
    bot.say(sender, "FNM-EXP567", {"program": "funknetz"})
    bot.say(sender, "ursula.meier@example.de")
    said = joined(bot.say(sender, "oh wait, its example.org sorry"))
    assert "Sören K." in said


def test_yes_to_the_person_offered_after_a_mismatch_reaches_a_person(bot) -> None:
    """ "ja bitte" to "… oder ich verbinde Sie" while code and address were
    asked got the request for the details once more."""
    sender = new_sender()
    bot.say(sender, "wie ist mein stand?", {"program": "funknetz"})
    bot.say(sender, "FNM-EXP567")
    bot.say(sender, "ursula.meier@example.de")
    bot.say(sender, "das stimmt aber so")
    assert reaches_person(bot.say(sender, "ja bitte"))


def test_another_programs_code_is_sent_to_its_chat_without_using_an_attempt(bot) -> None:
    """A FunkNetz code in SonnenStrom's chat was a mismatch that used up an
    attempt, with a hint after it."""
    sender = new_sender()
    said = spoken(bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "sonnenstrom"}))
    assert set(said) & response_texts("utter_code_of_other_program", brand="FunkNetz Mobilfunk")
    assert not set(said) & response_texts("utter_verification_mismatch")


def test_what_now_at_the_resend_limit_files_the_case_and_then_names_it(bot, demo_db_url) -> None:
    """ "und jetzt?? soll ich ewig warten" to the team's case offered at the
    resend limit got the waiting period; once filed, "kann ich die mail auf
    meine arbeitsadresse umstellen" got the offer again."""
    sender = new_sender()
    bot.say(sender, "FNM-LIM789 heike.vogel@example.de", {"program": "funknetz"})
    filed = joined(bot.say(sender, "und jetzt?? soll ich ewig warten oder was"))
    assert "Vorgang" in filed
    said = spoken(bot.say(sender, "kann ich die mail auf meine arbeitsadresse umstellen?"))
    assert any(
        text.startswith(response_opening("utter_resend_limit_case_other_address")) for text in said
    )
    close_tickets(demo_db_url, sender)


def test_the_recommended_friend_asking_about_the_referrers_reward_gets_why_not(
    bot, demo_db_url
) -> None:
    """ "und mein bruder? wann kommt seins?" from the recommended friend got
    the person offered, as if the friend's own bonus was asked again."""
    sender = new_sender()
    bot.say(
        sender, "mein bruder hat mich geworben, krieg ich auch nen bonus?", {"program": "funknetz"}
    )
    said = joined(bot.say(sender, "ah ok. und mein bruder? der fragt dauernd wann seins kommt"))
    assert kb_text(demo_db_url, "friend_asks_referrer_reward", "funknetz") in said


def test_a_person_who_said_they_were_recommended_gets_their_own_data_answers(
    bot, demo_db_url
) -> None:
    """After "ich soll mich versichern, weil mich jemand empfohlen hat – ist
    das seriös?" (answered with whether the mail is genuine), what is kept
    about them got the participant's answer; "kriegt der, der mich empfohlen
    hat, trotzdem was?" later got the data answer a third time."""
    sender = new_sender()
    bot.say(
        sender,
        "ich hab eine mail bekommen, ich soll mich versichern, weil mich jemand empfohlen hat. "
        "ist das seriös?",
        {"program": "autosicher"},
    )
    said = joined(bot.say(sender, "und was habt ihr da jetzt über mich gespeichert?"))
    assert kb_text(demo_db_url, "recommended_person_data", "autosicher") in said
    assert kb_text(demo_db_url, "data_stored", "autosicher") not in said
    asked = joined(bot.say(sender, "und kriegt der, der mich empfohlen hat, trotzdem was?"))
    assert kb_text(demo_db_url, "friend_asks_referrer_reward", "autosicher") in asked


def test_where_one_referrals_reward_went_gets_that_referral_not_contact_rules(
    bot, demo_db_url
) -> None:
    """ "die von leonie, wo is die hin?" after three referrals got that
    friends' contact details are not given out."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = joined(bot.say(sender, "und die von leonie, wo is die hin?"))
    assert "Leonie F." in said and "jo***@example.de" in said
    assert "Hannah S." not in said


def test_one_referrals_dates_asked_after_a_case_are_that_referrals(bot, demo_db_url) -> None:
    """ "und bei dem anderen, maximilian, wann is der durch?" right after a
    case went to the team got the case's date."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    bot.say(sender, "die hannah hat aber schon längst unterschrieben")
    assert complaints_of(demo_db_url, sender)
    said = joined(bot.say(sender, "und bei dem anderen? also maximilian, wann is der durch"))
    assert "Maximilian R." in said and "prämienberechtigt" in said


def test_how_long_data_are_kept_asked_beside_who_sees_them_gets_the_retention(
    bot, demo_db_url
) -> None:
    """ "wer sieht meine bankdaten? und wie lang habt ihr die" after the
    status got the customer's reward dates as the second answer."""
    sender = new_sender()
    status = joined(
        bot.say(sender, "SSE-ORD789 claudia.becker@example.de", {"program": "sonnenstrom"})
    )
    said = joined(
        bot.say(
            sender,
            "wer sieht eigentlich meine daten, sonnenstrom oder nur ihr? und wie lang habt ihr die",
        )
    )
    assert kb_text(demo_db_url, "data_retention", "sonnenstrom") in said
    # None of the reward's dates from the status (they move with the day).
    assert not dates_in(said) & dates_in(status) and "also in" not in said


def test_a_status_word_checked_with_heisst_gets_its_meaning(bot) -> None:
    """ "angewiesen heisst schon unterwegs?" after the status got the person
    offered, as a question asked twice."""
    sender = new_sender()
    bot.say(sender, "SSE-ORD789 claudia.becker@example.de", {"program": "sonnenstrom"})
    said = joined(bot.say(sender, "angewiesen heisst schon unterwegs?"))
    assert "„Angewiesen“ heißt" in said


def test_a_tag_question_adds_no_answer_and_an_address_change_beside_gets_one(
    bot, demo_db_url
) -> None:
    """ "… kommt die prämie aufs konto oder wie läuft das" got how the
    program works as an extra answer; "und meine mail wechselt auch" beside
    a question was left out."""
    sender = new_sender()
    said = joined(
        bot.say(
            sender,
            "was speichert ihr über mich? und kommt die prämie aufs konto oder wie läuft das",
            {"program": "autosicher"},
        )
    )
    assert kb_text(demo_db_url, "how_it_works", "autosicher") not in said
    moved = joined(
        bot.say(
            sender,
            "muss ich euch die neue anschrift geben wenn ich umziehe? "
            "und meine mail wechselt auch bald, die alte gibts dann nicht mehr",
        )
    )
    assert kb_text(demo_db_url, "change_details", "autosicher") in moved


def test_a_ticket_asked_with_a_copy_of_ones_data_names_the_case_and_files_the_request(
    bot, demo_db_url
) -> None:
    """ "na gut, macht das ticket. und ich will ne kopie meiner daten" after
    the new address went to the team opened a second case and dropped the
    copy."""
    sender = new_sender()
    bot.say(sender, "SSE-OLD345 monika.schaefer@example.de", {"program": "sonnenstrom"})
    bot.say(sender, "dann bitte an m.schaefer.neu@example.net")
    said = joined(
        bot.say(sender, "na gut, macht das ticket. und ich will ne kopie von allem was ihr habt")
    )
    assert "Nummer" in said and "(Auskunft)" in said
    assert "Bitte um Rückmeldung" not in said
    close_tickets(demo_db_url, sender)


def test_why_not_after_an_answer_that_said_no_gets_the_reason(bot, demo_db_url) -> None:
    """ "warum nicht 🙄 ich frag doch nur für sie" after the referrer's status
    was refused to the recommended friend got the brand's service."""
    sender = new_sender()
    first = joined(
        bot.say(
            sender,
            "meine nachbarin hat mich geworben. hat sie ihre prämie schon bekommen?",
            {"program": "autosicher"},
        )
    )
    # Either entry refuses the neighbour's status; its own reason follows.
    others = kb_text(demo_db_url, "status_of_someone_else", "autosicher")
    entry = "status_of_someone_else" if others in first else "friend_asks_referrer_reward"
    said = joined(bot.say(sender, "warum nicht 🙄 ich frag doch nur für sie, die hat kein handy"))
    assert kb_text(demo_db_url, entry, "autosicher", "why") in said


def test_a_summary_asked_at_the_resend_limit_offer_files_no_case(bot, demo_db_url) -> None:
    """ "ok danke, fass mir das nochmal zusammen" opens with a yes, but not
    to the team's case offered at the resend limit: the status again."""
    sender = new_sender()
    bot.say(sender, "FNM-LIM789 heike.vogel@example.de", {"program": "funknetz"})
    said = joined(bot.say(sender, "ok danke, fass mir das bitte nochmal kurz zusammen"))
    assert "Thomas B." in said and "Vorgang" not in said
