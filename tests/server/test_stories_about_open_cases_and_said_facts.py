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
    button_titles,
    close_tickets,
    complaints_of,
    joined,
    kb_text,
    new_sender,
    opens_as,
    reaches_person,
    resends_of,
    response_opening,
    response_texts,
    spoken,
)

pytestmark = pytest.mark.server


def open_limit_case(bot, sender: str) -> None:
    """An earlier chat in which the case at the resend limit of FNM-LIM789
    went to the team (the caller holds ``resends_of`` at the limit)."""
    bot.say(sender, "meine gutschein-mail ist nie angekommen", {"program": "funknetz"})
    bot.say(sender, "FNM-LIM789 heike.vogel@example.de")
    bot.say(sender, "ja bitte kümmert euch")


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
        open_limit_case(bot, first)
        bot.say(second, "die mail mit dem gutschein fehlt mir noch", {"program": "funknetz"})
        named = spoken(bot.say(second, "FNM-LIM789 heike.vogel@example.de"))
        noted = spoken(bot.say(second, "hab im spamordner nachgesehen, nichts drin"))
        when = spoken(bot.say(second, "und wie lange dauert das dann noch?"))
    try:
        assert opens_as(named[0], "utter_resend_limit_case_open")
        assert opens_as(noted[0], "utter_case_note_added")
        away = ("utter_team_busy", "utter_team_busy_hours")
        assert not any(opens_as(said, response) for said in noted for response in away)
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
    assert opens_as(said[0], "utter_change_ticket")
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
    assert "Bei Ihrer Empfehlung an Markus B. läuft die Frist bis zum " in said


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


def test_new_bank_details_are_confirmed_by_the_team_within_days(bot, demo_db_url) -> None:
    """A new IBAN once verified went to the privacy team with a month's time,
    past the payout date."""
    sender = new_sender()
    bot.say(sender, "ASV-QUA567 mehmet.yilmaz@example.de", {"program": "autosicher"})
    said = spoken(
        bot.say(sender, "hab jetzt ein anderes konto: DE89370400440532013000, bitte dahin zahlen")
    )
    close_tickets(demo_db_url, sender)
    assert opens_as(said[0], "utter_change_ticket")
    assert "DE89370400440532013000" not in "".join(said)
    assert "Datenschutz-Team" not in said[0]


def test_a_new_address_with_its_dots_is_filed_as_a_change(bot, demo_db_url) -> None:
    """ "bitte auf lena.h@… ändern": the dots of the address hid the wish."""
    sender = new_sender()
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"})
    said = spoken(
        bot.say(sender, "die mail nutz ich nicht mehr, bitte auf lena.h@posteo.example ändern")
    )
    close_tickets(demo_db_url, sender)
    assert opens_as(said[0], "utter_change_ticket")


def test_who_we_are_asked_after_the_brand_redirect_gets_the_operator(bot, demo_db_url) -> None:
    """ "sie sind doch AutoSicher??" after the brand's service was named got
    topics to choose from."""
    sender = new_sender()
    bot.say(sender, "wo melde ich einen parkschaden an meinem auto?", {"program": "autosicher"})
    said = spoken(bot.say(sender, "moment, sind Sie denn nicht selbst die Versicherung?"))
    assert said[0] == kb_text(demo_db_url, "operator", "autosicher")


def test_a_friend_who_never_decides_gets_the_term_and_his_last_day(bot, demo_db_url) -> None:
    """ "und wenn er sich gar nicht entscheidet?" after "registriert" got what
    to do when a reward is late."""
    sender = new_sender()
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"})
    said = joined(bot.say(sender, "und falls er sich am ende doch nicht entscheidet?"))
    assert kb_text(demo_db_url, "validity", "autosicher").split("\n")[0] in said
    assert "Bei Ihrer Empfehlung an Markus B. läuft die Frist bis zum " in said


def test_a_friends_mobile_number_is_not_given(bot) -> None:
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = spoken(bot.say(sender, "gib mir mal ihre handynummer, hannah geht nicht ran"))
    assert said == list(response_texts("utter_no_contact_of_others"))


def test_not_my_problem_after_a_withdrawal_gets_the_reasons(bot) -> None:
    """ "das ist doch nicht mein problem wenn sie widerruft" got the question
    whether the status was wrong."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"})
    said = joined(
        bot.say(sender, "ist doch nicht mein problem, wenn die widerruft. ich will mein geld")
    )
    assert "Die Prämie ist der Dank für einen neuen Kunden" in said
    assert not said.startswith(response_opening("utter_status_unclear"))


def test_a_registered_friend_said_to_be_a_customer_is_explained_and_recorded(
    bot, demo_db_url
) -> None:
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = spoken(bot.say(sender, "und hannah? die ist doch längst seit wochen bei euch"))
    assert said[0] in response_texts("utter_contract_not_seen_yet", friend="Hannah S.")
    assert len(complaints_of(demo_db_url, sender)) == 1


def test_why_only_registered_though_she_has_her_card_is_explained_with_a_person(
    bot, demo_db_url
) -> None:
    """ "warum ist hannah nur registriert? die hat ihre sim karte schon" got
    the status line again."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    replies = bot.say(
        sender, "warum ist hannah bloß registriert? sie hat ihre simkarte schon seit tagen"
    )
    said = spoken(replies)
    assert said[0] in response_texts("utter_contract_not_seen_yet_why", friend="Hannah S.")
    assert "Mit einem Mitarbeiter sprechen" in button_titles(replies)
    assert complaints_of(demo_db_url, sender) == []


def test_the_reward_asked_while_a_refusal_is_checked_depends_on_the_check(bot, demo_db_url) -> None:
    """ "bekomme ich die prämie dann nachträglich?" after the objection went
    to the team got how the reward is delivered, as if it were coming."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"})
    bot.say(sender, "das stimmt so nicht, die nutzt den vertrag noch jeden tag")
    said = spoken(bot.say(sender, "und krieg ich die prämie dann im nachhinein?"))
    assert opens_as(said[0], "utter_reward_after_check")


def test_no_code_to_the_question_for_a_deletions_address_asks_only_for_it(bot) -> None:
    """ "Einen Code habe ich nicht, ich bin kein Kunde" after the address
    was asked told where codes are found."""
    sender = new_sender()
    bot.say(
        sender, "woher habt ihr meine mailadresse? ich war nie bei euch", {"program": "autosicher"}
    )
    bot.say(sender, "dann löschen sie das bitte alles")
    said = spoken(bot.say(sender, "so einen code hab ich nicht, ich bin ja gar keine kundin"))
    assert said == list(response_texts("utter_ask_data_rights_email_again"))


def test_an_insult_that_says_the_money_is_missing_starts_the_lookup(bot, demo_db_url) -> None:
    """ "du blöder bot, … überwiesen und da ist NICHTS" got topics to pick."""
    sender = new_sender()
    first = spoken(
        bot.say(
            sender,
            "du dämlicher bot, angeblich überwiesen und auf meinem konto ist nix",
            {"program": "autosicher"},
        )
    )
    checked = spoken(bot.say(sender, "ASV-CSH234 peter.lang@example.de"))
    close_tickets(demo_db_url, sender)
    assert first[0] in response_texts("utter_insult_with_matter")
    assert not set(first) & response_texts("utter_insult")
    assert opens_as(checked[-1], "utter_dispute_recorded")


def test_did_not_help_once_the_open_case_is_named_gives_that_case_and_a_person(
    bot, demo_db_url
) -> None:
    first, second = new_sender(), new_sender()
    with resends_of(demo_db_url, "FNM-LIM789", 2):
        open_limit_case(bot, first)
        bot.say(second, "die mail mit meinem gutschein kam nie an", {"program": "funknetz"})
        named = spoken(bot.say(second, "FNM-LIM789 heike.vogel@example.de"))
        said = spoken(bot.say(second, "das bringt mir gar nichts!!"))
    close_tickets(demo_db_url, first)
    close_tickets(demo_db_url, second)
    assert opens_as(named[0], "utter_resend_limit_case_open")
    assert opens_as(said[0], "utter_complaint_case_filed")


def test_where_is_my_voucher_beside_the_details_gets_the_status_only(bot, demo_db_url) -> None:
    """ "wo ist mein gutschein? <code> <mail>" got the status and then where
    vouchers are redeemed; "das bringt mir nichts" then recorded an objection
    instead of explaining the resend limit it offered."""
    sender = new_sender()
    with resends_of(demo_db_url, "FNM-LIM789", 2):
        said = spoken(
            bot.say(
                sender,
                "wo ist mein gutschein? FNM-LIM789 heike.vogel@example.de",
                {"program": "funknetz"},
            )
        )
        upset = spoken(bot.say(sender, "das bringt mir gar nichts!!"))
    close_tickets(demo_db_url, sender)
    assert len(said) == 1 and said[0].startswith("Danke, Frau Vogel")
    assert opens_as(upset[0], "utter_resend_limit_why")
    assert not complaints_of(demo_db_url, sender)


def test_a_rule_follow_up_unsure_as_a_status_question_starts_no_lookup(bot, demo_db_url) -> None:
    """ "und mein sohn? der ist 19 …" after the rule on family got the rule
    and then the request for code and address."""
    sender = new_sender()
    bot.say(sender, "darf ich meine frau werben?", {"program": "autosicher"})
    said = spoken(bot.say(sender, "und meine tochter? die ist 20 und zieht grad aus"))
    assert not set(said) & response_texts("utter_verification_intro")
    assert "Empfehlungscode?" not in "".join(said)


def test_voucher_validity_asked_again_says_from_when_it_runs(bot) -> None:
    sender = new_sender()
    bot.say(sender, "wie lange gilt eigentlich der gutschein?", {"program": "sonnenstrom"})
    said = joined(bot.say(sender, "und ab wann genau zählt das, ab bestellung oder ab der mail?"))
    assert "Die Frist beginnt nicht mit der Bestellung" in said


def test_tiers_for_many_referrals_are_said_not_to_exist(bot) -> None:
    sender = new_sender()
    said = joined(
        bot.say(
            sender,
            "gibt es eine art staffelung, wenn ich sehr viele werbe?",
            {"program": "sonnenstrom"},
        )
    )
    assert "Eine Staffel oder einen Extra-Bonus" in said


def test_what_the_recommended_friend_must_do_is_their_own_answer(bot, demo_db_url) -> None:
    """ "muss ich dafür selbst noch irgendwas machen" from the recommended
    friend got the brand's service for their bonus again."""
    sender = new_sender()
    bot.say(
        sender, "meine kollegin hat mich geworben, bekomm ich auch was?", {"program": "sonnenstrom"}
    )
    said = spoken(bot.say(sender, "und muss ich da jetzt selber noch was tun?"))
    assert said[0] == kb_text(demo_db_url, "referred_friend", "sonnenstrom", female=True) or (
        said[0] == kb_text(demo_db_url, "referred_friend", "sonnenstrom")
    )


def test_how_long_the_recommended_friend_must_stay_is_answered(bot, demo_db_url) -> None:
    sender = new_sender()
    bot.say(sender, "ein kumpel hat mich geworben, was krieg ich dafür?", {"program": "autosicher"})
    said = spoken(
        bot.say(sender, "und wie lang muss ich mindestens dabei bleiben, damit er sein geld sieht?")
    )
    assert said[0] == kb_text(demo_db_url, "friend_cancels_own", "autosicher")


def test_a_brand_matter_told_as_the_complaint_gets_the_brands_service(bot, demo_db_url) -> None:
    """ "meine stromrechnung ist viel zu hoch …" when asked what happened was
    recorded as a complaint the referral team cannot settle."""
    sender = new_sender()
    bot.say(sender, "ich bin total sauer auf euch!!", {"program": "sonnenstrom"})
    said = spoken(bot.say(sender, "die letzte abrechnung für meinen strom ist falsch"))
    assert said[0] == kb_text(demo_db_url, "brand_contact", "sonnenstrom")
    assert complaints_of(demo_db_url, sender) == []


def test_what_to_do_now_once_the_open_case_is_named_is_that_case(bot, demo_db_url) -> None:
    """ "Und was soll ich jetzt machen? Ich warte seit Wochen" after the bot
    named the case already with the team got how the program works."""
    first, second = new_sender(), new_sender()
    with resends_of(demo_db_url, "FNM-LIM789", 2):
        open_limit_case(bot, first)
        bot.say(second, "die gutschein-mail fehlt mir immer noch", {"program": "funknetz"})
        bot.say(second, "FNM-LIM789 heike.vogel@example.de")
        said = spoken(bot.say(second, "und was mach ich jetzt? ich warte schon wochen"))
    close_tickets(demo_db_url, first)
    close_tickets(demo_db_url, second)
    assert said[0] in response_texts("utter_case_already_filed")


def test_a_person_insisted_on_in_a_complaint_about_a_rule_is_reached(bot) -> None:
    sender = new_sender()
    bot.say(sender, "kann ich den gutschein in geld umtauschen?", {"program": "sonnenstrom"})
    replies = bot.say(
        sender, "unverschämt. dann bestehe ich darauf, dass ein mitarbeiter das prüft"
    )
    assert reaches_person(replies)


def test_a_lost_code_then_the_address_alone_goes_to_the_team(bot) -> None:
    """ "meine mail ist …, falls das hilft" after the code was said lost got
    "Worum geht es Ihnen denn genau?"."""
    sender = new_sender()
    bot.say(sender, "ich hab meinen empfehlungscode verschlampt", {"program": "autosicher"})
    said = spoken(bot.say(sender, "meine mail wäre lena.hoffmann@example.de, vielleicht hilft das"))
    assert said[0] in response_texts("utter_email_without_code")


def test_a_new_topic_at_the_limit_offer_is_answered(bot, demo_db_url) -> None:
    """ "ok. andere frage, …" at the offer of the team at the resend limit
    got why the mail is not resent."""
    sender = new_sender()
    with resends_of(demo_db_url, "FNM-LIM789", 2):
        bot.say(sender, "die gutscheinmail bräuchte ich nochmal", {"program": "funknetz"})
        bot.say(sender, "FNM-LIM789 heike.vogel@example.de")
        said = joined(
            bot.say(
                sender, "gut. andere frage, bekommt thomas als neuer kunde eigentlich auch was?"
            )
        )
    close_tickets(demo_db_url, sender)
    assert "Ich glaube Ihnen, dass die Mail nie" not in said
    assert "FunkNetz Mobilfunk" in said


def test_an_earlier_answer_asked_again_is_given_again(bot, demo_db_url) -> None:
    """ "und das mit der steuer nochmal, hab ich nicht verstanden" two topics
    later got topics to choose from."""
    sender = new_sender()
    bot.say(sender, "muss ich die prämie versteuern?", {"program": "autosicher"})
    bot.say(sender, "und wie kommt das geld zu mir?")
    said = spoken(bot.say(sender, "und das mit der steuer nochmal, hab ich nicht kapiert"))
    assert said[0] == kb_text(demo_db_url, "taxes", "autosicher", part="again")


def test_pushing_back_after_the_brands_service_gets_why_only_the_brand_can(
    bot, demo_db_url
) -> None:
    sender = new_sender()
    bot.say(
        sender, "ich hab nen kratzer im lack, wie melde ich den schaden?", {"program": "autosicher"}
    )
    said = spoken(bot.say(sender, "ich bin doch kunde bei ihnen, wieso nehmen sie das nicht auf?"))
    assert said[0] == kb_text(demo_db_url, "brand_contact", "autosicher", part="again")


def test_how_long_a_new_recommendation_holds_after_recommending_again(bot, demo_db_url) -> None:
    sender = new_sender()
    bot.say(
        sender,
        "kann ich jemanden nochmal empfehlen, wenn es abgelaufen ist?",
        {"program": "funknetz"},
    )
    said = joined(bot.say(sender, "und wie lange ist das dann gültig?"))
    assert kb_text(demo_db_url, "validity", "funknetz").split("\n")[0] in said


def test_nothing_received_with_an_expired_referral_promises_no_mail(bot) -> None:
    sender = new_sender()
    said = joined(
        bot.say(
            sender,
            "ich hab bis heute nichts bekommen. FNM-EXP567 ursula.meier@example.org",
            {"program": "funknetz"},
        )
    )
    assert "Sören K." in said
    assert not any(text in said for text in response_texts("utter_no_reward_mail_yet"))


def test_thanks_then_a_question_of_its_own_gets_the_question_answered(bot, demo_db_url) -> None:
    """Found trying it as a stranger: "ok danke. ach ja darf ich den auch
    meiner mama schenken" got "Gern geschehen!"."""
    sender = new_sender()
    bot.say(sender, "SSE-ORD789 claudia.becker@example.de", {"program": "sonnenstrom"})
    said = spoken(bot.say(sender, "ok danke. ach ja darf ich den auch meinem papa schenken"))
    assert said[0] == kb_text(demo_db_url, "give_away", "sonnenstrom")


def test_the_friend_himself_after_the_reward_gets_the_friends_advantage(bot, demo_db_url) -> None:
    """Found trying it as a stranger: "und der kumpel selbst?" after the
    reward got that one may not recommend oneself."""
    sender = new_sender()
    bot.say(sender, "was bekomm ich wenn ich nen kollegen werbe", {"program": "autosicher"})
    said = spoken(bot.say(sender, "und der kollege selbst?"))
    assert said[0] == kb_text(demo_db_url, "friend_reward", "autosicher")
