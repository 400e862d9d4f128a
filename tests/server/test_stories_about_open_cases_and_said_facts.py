"""Whole conversations against the real servers: what the customer says
against the records (the friend signed, the money never came), a case
already with the team (what was tried is noted on it, its date kept), a
reply asked for in so many words, changes of details from a verified
customer, a deletion asked in plain words or without a code, someone
else's data right asked during the verification, a complaint that demands
more, reminding a friend before the deadline, what a withdrawal means, and
a question of time in English.

Expected texts come from the data (domain responses, knowledge base)."""

from __future__ import annotations

import pytest

from tests.server.chat import (
    close_tickets,
    complaints_of,
    joined,
    kb_text,
    new_sender,
    opens_as,
    resends_of,
    response_opening,
    response_texts,
    spoken,
)

pytestmark = pytest.mark.server


def test_what_withdrawn_means_explains_the_withdrawal_not_a_refusal(bot) -> None:
    """ "was heißt widerrufen?" after a withdrawn referral explained the word
    „Abgelehnt“, which the status never used."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"})
    said = spoken(bot.say(sender, "was bedeutet denn widerrufen genau?"))
    assert said[0].startswith("„Widerrufen“ heißt: Katharina G. hat den Vertrag")
    assert "Abgelehnt" not in joined(bot.say(sender, "und nochmal: was heißt widerrufen?"))


def test_the_friend_said_to_have_signed_against_the_status_is_explained_and_recorded(
    bot, demo_db_url
) -> None:
    """ "der hat aber letzte woche schon unterschrieben!" after "registriert"
    got the status repeated."""
    sender = new_sender()
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"})
    said = spoken(bot.say(sender, "der hat doch vorige woche schon unterschrieben!"))
    assert said[0] in response_texts("utter_contract_not_seen_yet", friend="Markus B.")
    assert opens_as(said[1], "utter_dispute_recorded")
    assert len(complaints_of(demo_db_url, sender)) == 1


def test_one_friend_said_to_have_ordered_is_explained_for_her(bot, demo_db_url) -> None:
    """ "und hannah? die hat doch schon bestellt" repeated her status line."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = spoken(bot.say(sender, "und was ist mit hannah? die hat doch längst bestellt"))
    assert said[0] in response_texts("utter_contract_not_seen_yet", friend="Hannah S.")
    assert len(complaints_of(demo_db_url, sender)) == 1


def test_spam_checked_once_the_case_is_with_the_team_is_noted_on_that_case(
    bot, demo_db_url
) -> None:
    """ "im spam hab ich schon geschaut, da ist nix" after the open case was
    named offered a second, separate e-mail reply with another date."""
    first, second = new_sender(), new_sender()
    with resends_of(demo_db_url, "FNM-LIM789", 2):
        bot.say(first, "mein gutschein kam per mail nie an", {"program": "funknetz"})
        bot.say(first, "FNM-LIM789 heike.vogel@example.de")
        bot.say(first, "ja bitte kümmert euch")
        bot.say(second, "die mail mit dem gutschein fehlt mir noch", {"program": "funknetz"})
        named = spoken(bot.say(second, "FNM-LIM789 heike.vogel@example.de"))
        noted = spoken(bot.say(second, "hab im spamordner nachgesehen, nichts drin"))
        when = spoken(bot.say(second, "und wie lange dauert das dann noch?"))
    try:
        assert opens_as(named[0], "utter_resend_limit_case_open")
        assert opens_as(noted[0], "utter_case_note_added")
        assert not set(noted) & response_texts("utter_team_busy")
        number = noted[0].split("(Nummer ")[1].split(")")[0]
        assert opens_as(when[0], "utter_case_when")
        assert f"(Nummer {number})" in when[0]
    finally:
        close_tickets(demo_db_url, first)
        close_tickets(demo_db_url, second)


def test_yes_with_write_to_me_to_the_limit_offer_opens_that_case(bot, demo_db_url) -> None:
    """ "ja bitte, ruft mich zurück oder schreibt mir" to the offer of the
    team at the resend limit asked yet another yes or no."""
    sender = new_sender()
    with resends_of(demo_db_url, "FNM-LIM789", 2):
        bot.say(sender, "mein gutschein ist nie bei mir angekommen", {"program": "funknetz"})
        bot.say(sender, "FNM-LIM789 heike.vogel@example.de")
        said = spoken(bot.say(sender, "ja gern, schreibt mir oder ruft mich an"))
    close_tickets(demo_db_url, sender)
    assert opens_as(said[0], "utter_resend_limit_ticket")


def test_money_said_missing_before_the_details_has_the_payment_checked(bot, demo_db_url) -> None:
    """ "überwiesen, sagen Sie, auf meinem Konto ist aber nichts" with the
    code, then the address, got the transfer date only; "und wenn es nie
    ankommt?" then asked the customer to say it is missing."""
    sender = new_sender()
    bot.say(
        sender,
        "Laut Ihrer Mail ist die Prämie überwiesen, bei mir auf dem Konto ist aber nichts. "
        "Code ASV-CSH234",
        {"program": "autosicher"},
    )
    said = spoken(bot.say(sender, "peter.lang@example.de"))
    later = spoken(bot.say(sender, "und falls das geld nie ankommt?"))
    close_tickets(demo_db_url, sender)
    assert said[0].startswith("Danke, Herr Lang")
    assert opens_as(said[1], "utter_dispute_recorded")
    assert len(complaints_of(demo_db_url, sender)) == 1
    assert opens_as(later[0], "utter_case_when")


def test_money_not_on_the_account_after_the_transfer_has_the_payment_checked(
    bot, demo_db_url
) -> None:
    sender = new_sender()
    bot.say(sender, "ASV-CSH234 peter.lang@example.de", {"program": "autosicher"})
    said = spoken(bot.say(sender, "das geld ist aber nicht auf meinem konto"))
    assert opens_as(said[0], "utter_dispute_recorded")
    assert not set(said) & response_texts("utter_transfer_has_no_mail")


def test_a_new_address_to_enter_from_a_verified_customer_is_filed(bot, demo_db_url) -> None:
    """ "ne neue mailadresse …, tragt die bitte ein" once verified got the way
    a change works, with the verification as if not done."""
    sender = new_sender()
    bot.say(sender, "ASV-QUA567 mehmet.yilmaz@example.de", {"program": "autosicher"})
    said = spoken(
        bot.say(sender, "ich hab inzwischen eine andere mail, m.yil@example.net, tragt sie ein")
    )
    close_tickets(demo_db_url, sender)
    assert opens_as(said[0], "utter_data_rights_ticket")
    assert "Ich prüfe hier kurz Ihren Empfehlungscode" not in "".join(said)


def test_a_misspelt_name_from_a_verified_customer_offers_the_change(bot) -> None:
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = spoken(
        bot.say(sender, "übrigens steht mein nachname in euren mails verkehrt geschrieben")
    )
    assert said == list(response_texts("utter_change_offer_verified"))


def test_wanting_it_gone_after_an_unexpected_mail_is_taken_without_a_code(bot, demo_db_url) -> None:
    """ "ich will das nicht. wie krieg ich das weg" after the answer on an
    unexpected mail offered only a person; the address after it was read as
    a status lookup."""
    sender = new_sender()
    bot.say(
        sender,
        "wieso bekomme ich eine mail von euch? ich hab mich nirgends angemeldet",
        {"program": "sonnenstrom"},
    )
    asked = spoken(bot.say(sender, "will ich nicht haben. wie werde ich das wieder los?"))
    filed = spoken(bot.say(sender, "k.brandt@example.de"))
    close_tickets(demo_db_url, sender)
    assert asked[-1] in response_texts("utter_ask_data_rights_email")
    assert opens_as(filed[0], "utter_data_rights_ticket_no_code")
    assert "Löschung" in filed[0]


def test_the_recommended_person_asking_whether_her_referrer_earns_gets_that_answer(
    bot, demo_db_url
) -> None:
    sender = new_sender()
    bot.say(
        sender,
        "woher kennt ihr eigentlich meine mailadresse? ich hab da nie mitgemacht",
        {"program": "sonnenstrom"},
    )
    said = spoken(bot.say(sender, "und meine kollegin bekommt jetzt eine prämie für mich oder wie"))
    assert said[0] == kb_text(demo_db_url, "friend_asks_referrer_reward", "sonnenstrom")


def test_no_code_during_a_deletion_request_takes_it_with_the_address(bot, demo_db_url) -> None:
    """ "code hab ich nicht mehr" while a deletion waited for the code got
    where codes are found; "und keine werbung mehr" then asked for the code
    again."""
    sender = new_sender()
    bot.say(sender, "bitte löscht alles, was ihr über mich habt", {"program": "sonnenstrom"})
    lost = spoken(bot.say(sender, "den code hab ich leider nicht mehr"))
    more = spoken(bot.say(sender, "und werbung will ich auch keine mehr"))
    assert lost[-1] in response_texts("utter_ask_data_rights_email")
    assert not set(lost) & response_texts("utter_no_code")
    assert more[0] == kb_text(demo_db_url, "marketing_objection", "sonnenstrom")
    assert "Empfehlungscode?" not in "".join(more)


def test_a_spouses_data_right_asked_during_the_verification_is_answered(bot, demo_db_url) -> None:
    """ "geht das für meinen mann gleich mit?" while the deletion waited for
    code and address got why the bot asks for them."""
    sender = new_sender()
    bot.say(sender, "ich möchte, dass meine daten gelöscht werden", {"program": "sonnenstrom"})
    said = spoken(
        bot.say(sender, "kann meine frau das gleich mitmachen? die hat auch wen geworben")
    )
    assert said[0] == kb_text(demo_db_url, "data_rights_for_other", "sonnenstrom")


def test_a_complaint_that_demands_double_declines_it_and_offers_the_lookup(
    bot, demo_db_url
) -> None:
    """The story of a missing voucher with a demand for twice the reward was
    recorded, but the demand and the missing voucher were left unanswered."""
    sender = new_sender()
    bot.say(sender, "ich bin richtig verärgert über euch", {"program": "sonnenstrom"})
    said = spoken(
        bot.say(
            sender,
            "meine nachbarin ist schon ewig kundin und mein gutschein kommt und kommt nicht. "
            "dafür verlange ich jetzt den doppelten betrag",
        )
    )
    assert opens_as(said[0], "utter_complaint_recorded")
    assert kb_text(demo_db_url, "higher_reward", "sonnenstrom").split("\n")[0] in said[1]
    assert said[-1] in response_texts("utter_offer_own_status")


def test_nudging_the_friend_after_the_status_names_his_last_day(bot, demo_db_url) -> None:
    """ "Kann man ihn nicht irgendwie anschubsen?" after "registriert" was
    taken for doubt about the status."""
    sender = new_sender()
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"})
    said = joined(bot.say(sender, "lässt der sich von euch irgendwie antreiben?"))
    assert kb_text(demo_db_url, "remind_friend", "autosicher").split("\n")[0] in said
    assert "Für Ihre Empfehlung an Markus B. ist das der " in said


def test_when_exactly_in_english_after_the_status_gets_the_own_date(bot) -> None:
    sender = new_sender()
    bot.say(sender, "ASV-QUA567 mehmet.yilmaz@example.de", {"program": "autosicher"})
    said = spoken(bot.say(sender, "ok, when exactly will I have the money?"))
    announced = said.index(next(iter(response_texts("utter_english_own_case"))))
    assert any("Elif K." in text for text in said[announced + 1 :])


def test_a_written_reply_asked_for_outright_when_nobody_is_there_is_set_up(
    bot, demo_db_url
) -> None:
    sender = new_sender()
    bot.say(sender, "ASV-QUA567 mehmet.yilmaz@example.de", {"program": "autosicher"})
    said = spoken(bot.say(sender, "ich möchte jemanden sprechen. ruft mich an oder schreibt mir"))
    close_tickets(demo_db_url, sender)
    assert said[0] in response_texts("utter_callback_no_phone")
    assert opens_as(said[-1], "utter_callback_ticket")
    assert response_opening("utter_callback_offer_on_file") not in "".join(said)


def test_a_new_contract_after_the_withdrawal_gets_when_it_counts_and_a_check(
    bot, demo_db_url
) -> None:
    """ "die hat aber danach wieder neu abgeschlossen" after a withdrawn
    referral asked whether the status was wrong."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"})
    said = spoken(bot.say(sender, "die hat danach aber erneut abgeschlossen, das muss doch zählen"))
    assert said[0] in {
        kb_text(demo_db_url, "friend_signs_again_referrer", "funknetz", female=woman)
        for woman in (False, True)
    }
    assert opens_as(said[1], "utter_dispute_recorded")
    assert len(complaints_of(demo_db_url, sender)) == 1
