"""Whole conversations against the real servers: changes of address, e-mail
or bank asked by a customer verified in the chat, where to write (by e-mail
or by letter), a confirmation asked after a case, another company's higher
reward, what the recommended friend gets, why a reward mail came back, a
person asked for after the bot said it is one, and the recommended friend
whose mother's code was forgotten.

Expected texts come from the data (domain responses, knowledge base)."""

from __future__ import annotations

import pytest

from tests.server.chat import (
    close_tickets,
    joined,
    kb_text,
    new_sender,
    opens_as,
    response_opening,
    spoken,
)

pytestmark = pytest.mark.server


def test_a_move_after_the_status_gets_that_the_postal_address_is_not_needed(
    bot, demo_db_url
) -> None:
    """ "ich zieh nächsten monat um, muss ich die neue adresse irgendwo
    angeben?" from a verified customer got the request for code and e-mail
    to file a change."""
    sender = new_sender()
    bot.say(sender, "FNM-EXP567 ursula.meier@example.org wie stehts", {"program": "funknetz"})
    said = spoken(bot.say(sender, "wir ziehen bald um, ist die neue anschrift für euch wichtig?"))
    assert said[0] == kb_text(demo_db_url, "moved_house", "funknetz")
    assert "Empfehlungscode" not in said[0]


def test_a_new_e_mail_given_by_a_verified_customer_is_filed_as_a_correction(
    bot, demo_db_url
) -> None:
    """ "die neue ist …, können sie die bitte eintragen" after the status got
    how changes work, with the check of code and e-mail offered again."""
    sender = new_sender()
    try:
        bot.say(sender, "SSE-ORD789 claudia.becker@example.de stand?", {"program": "sonnenstrom"})
        said = joined(
            bot.say(sender, "meine neue mail ist c.becker@example.net, bitte aktualisieren")
        )
        assert said.startswith(response_opening("utter_change_ticket"))
        assert "Nummer" in said
    finally:
        close_tickets(demo_db_url, sender)


def test_how_to_change_details_when_verified_offers_the_change_at_once(bot) -> None:
    """A verified customer asking how to change the e-mail address got "Ich
    prüfe hier kurz Ihren Empfehlungscode …" once more."""
    sender = new_sender()
    bot.say(
        sender, "ASV-QUA567 mehmet.yilmaz@example.de was macht elif?", {"program": "autosicher"}
    )
    said = spoken(bot.say(sender, "wie kann ich eigentlich meine e-mail-adresse ändern?"))
    assert opens_as(said[0], "utter_change_offer_verified")


def test_a_confirmation_asked_right_after_a_complaint_is_its_number(bot, demo_db_url) -> None:
    """ "bekomme ich dazu eine bestätigung per mail?" right after the
    complaint was recorded got that no chat summary is sent."""
    sender = new_sender()
    try:
        bot.say(sender, "ich möchte mich beschweren", {"program": "autosicher"})
        bot.say(sender, "auf meine mails antwortet seit wochen keiner")
        said = spoken(bot.say(sender, "krieg ich darüber eine bestätigung per mail?"))
        assert opens_as(said[0], "utter_case_confirmation")
    finally:
        close_tickets(demo_db_url, sender)


def test_where_to_write_by_e_mail_after_a_complaint_is_the_programs_address(
    bot, demo_db_url
) -> None:
    """ "ich will das schriftlich einreichen, per mail. an welche adresse?"
    got that the case number is the confirmation."""
    sender = new_sender()
    try:
        bot.say(sender, "ich will mich beschweren", {"program": "sonnenstrom"})
        bot.say(sender, "die prämie kam viel zu spät")
        said = spoken(
            bot.say(sender, "ich möchte das lieber per mail schicken, an welche adresse?")
        )
        assert said[0] == kb_text(demo_db_url, "program_contact", "sonnenstrom")
    finally:
        close_tickets(demo_db_url, sender)


def test_another_companys_higher_reward_gets_the_same_reward_for_all(bot, demo_db_url) -> None:
    """ "bei check24 krieg ich für sowas mehr, zahlt ihr mir die differenz?"
    got that there is a reward for each friend ("Ja, …")."""
    sender = new_sender()
    bot.say(sender, "wie viel gibts pro empfehlung?", {"program": "autosicher"})
    said = spoken(bot.say(sender, "bei vodafone gibts dafür mehr, legt ihr was drauf?"))
    assert said[0] == kb_text(demo_db_url, "higher_reward", "autosicher")


def test_what_the_friend_gets_after_whom_to_recommend_is_her_advantage(bot, demo_db_url) -> None:
    """ "und was bekommt sie dafür?" after whom to recommend got an example
    of whom one may recommend."""
    sender = new_sender()
    bot.say(sender, "darf ich meine nachbarin empfehlen?", {"program": "funknetz"})
    said = spoken(bot.say(sender, "und was kriegt sie dann dafür?"))
    assert said[0] == kb_text(demo_db_url, "friend_reward", "funknetz", female=True)


def test_why_a_reward_mail_came_back_is_explained_and_the_address_asked(bot) -> None:
    """ "wieso konnte die nicht zugestellt werden?" after the bounced reward
    mail got "Worauf bezieht sich Ihre Frage?"."""
    sender = new_sender()
    bot.say(
        sender,
        "SSE-OLD345 monika.schaefer@example.de wo ist mein gutschein?",
        {"program": "sonnenstrom"},
    )
    said = spoken(bot.say(sender, "warum kam die denn zurück?"))
    assert opens_as(said[0], "utter_bounced_why")


def test_a_person_asked_for_right_after_the_bot_said_it_is_one_is_handed_over(
    bot, closed_program
) -> None:
    """ "dann gib mir einen" right after "Sie schreiben mit einem Chatbot" got
    "nicht ganz verstanden" and topics."""
    sender = new_sender()
    bot.say(sender, "bist du eigentlich ein echter mensch?", {"program": closed_program})
    said = joined(bot.say(sender, "ok dann hol mir einen"))
    assert "per E-Mail" in said  # nobody in the console: the e-mail reply offered


def test_a_transfer_looked_for_in_vain_is_checked_by_the_team(bot, demo_db_url) -> None:
    """ "ja toll, und wo ist es dann?? ich hab dreimal nachgeschaut" after the
    transfer got what "überwiesen" means once more."""
    sender = new_sender()
    try:
        bot.say(sender, "ASV-CSH234 peter.lang@example.de geld da?", {"program": "autosicher"})
        said = joined(bot.say(sender, "und wo ist es dann?? hab schon mehrmals nachgesehen"))
        assert "Service-Team" in said
        assert not said.startswith("Gern noch einmal")
    finally:
        close_tickets(demo_db_url, sender)


def test_a_new_tariff_after_a_revocation_gets_whether_it_counts(bot, demo_db_url) -> None:
    """ "sie hat doch nur den tarif gewechselt, das zählt doch trotzdem" after
    a revoked referral got the brand's service for tariffs."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"})
    said = joined(bot.say(sender, "aber sie hat doch bloß den tarif gewechselt, zählt das nicht?"))
    assert kb_text(demo_db_url, "friend_signs_again_referrer", "funknetz", female=True) in said


def test_a_son_who_forgot_his_mothers_code_gets_the_friends_way(bot, demo_db_url) -> None:
    """ "meine Mutter hatte mir das empfohlen. Hab aber vergessen ihren Code
    anzugeben" got the referrer's way to have a code added."""
    said = spoken(
        bot.say(
            new_sender(),
            "meine tante hat mir euch empfohlen, ich hab beim abschluss aber ihren code vergessen",
            {"program": "sonnenstrom"},
        )
    )
    assert said[0] == kb_text(demo_db_url, "friend_code_missing", "sonnenstrom", female=True)
