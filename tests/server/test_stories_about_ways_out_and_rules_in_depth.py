"""Whole conversations against the real servers: ways out when a detail is
missing (no code beside the address, the last attempt, a reply without a
code, giving up), someone else's address beside a question, the reward's
code asked in the chat at the resend limit, what is stored asked as a
question, a cancellation when asked what happened, a complaint filed after
the matter was told, a rule asked again with a plea, and the rules in depth
(a sister in another city, a friend who cancels, a voucher that expires, a
move).

Expected texts come from the data (domain responses, knowledge base)."""

from __future__ import annotations

import pytest

from tests.server.chat import (
    close_tickets,
    complaints_of,
    joined,
    kb_english,
    kb_text,
    new_sender,
    reaches_person,
    resends_of,
    response_opening,
    response_texts,
    spoken,
)

pytestmark = pytest.mark.server


def test_someone_elses_address_beside_a_question_answers_it_without_a_lookup(
    bot, demo_db_url
) -> None:
    """ "darf der Gutschein an meine Tochter? ihre Mail ist …" started the
    verification with the daughter's address."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "geht die prämie auch an meinen sohn? seine mail ist tim.hoffmann@example.de",
            {"program": "sonnenstrom"},
        )
    )
    assert said[0] in response_texts("utter_others_address_not_needed")
    assert said[1] == kb_text(demo_db_url, "give_away", "sonnenstrom")
    assert not set(said) & response_texts("utter_verification_intro")


def test_someone_elses_address_alone_is_not_used_for_a_lookup(bot) -> None:
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "die adresse von meiner frau lautet anna.lang@example.de",
            {"program": "autosicher"},
        )
    )
    assert said == list(response_texts("utter_others_address_not_used"))


def test_no_code_but_the_address_while_the_code_is_asked_goes_to_the_team(bot) -> None:
    """ "den Code hab ich nicht mehr, nur meine Mail …" while the form asked
    for the code got the question for the code again."""
    sender = new_sender()
    bot.say(sender, "ich warte seit ewigkeiten auf meinen gutschein", {"program": "sonnenstrom"})
    answer = bot.say(sender, "code hab ich keinen mehr, nur die mail monika.schaefer@example.de")
    said = spoken(answer)
    assert said[0] in response_texts("utter_email_without_code")
    assert reaches_person(answer)
    assert "Empfehlungscode?" not in joined(answer)


def test_the_reward_code_asked_in_the_chat_at_the_resend_limit_offers_the_team(
    bot, demo_db_url
) -> None:
    """ "kann man mir den code nicht einfach hier schreiben?" at the resend
    limit offered another resend and repeated the mail's status."""
    sender = new_sender()
    with resends_of(demo_db_url, "FNM-LIM789", 2):
        bot.say(sender, "meine prämien-mail kam nie an", {"program": "funknetz"})
        bot.say(sender, "FNM-LIM789 heike.vogel@example.de")
        said = spoken(bot.say(sender, "schreibt mir den code doch einfach hier rein"))
    assert said == list(response_texts("utter_reward_code_not_at_limit"))
    close_tickets(demo_db_url, sender)


def test_what_is_stored_asked_as_a_question_files_no_request(bot, demo_db_url) -> None:
    """ "naja egal. was habt ihr eigentlich alles über mich gespeichert" once
    verified filed a GDPR request nobody asked for."""
    sender = new_sender()
    bot.say(sender, "wie weit ist meine empfehlung", {"program": "autosicher"})
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de")
    said = spoken(bot.say(sender, "gut. was speichert ihr denn eigentlich so über mich?"))
    assert said[0] == kb_text(demo_db_url, "data_stored", "autosicher")
    assert "Datenschutz-Team weitergegeben" not in "".join(said)


def test_an_english_question_on_marketing_mails_gets_its_english_answer(bot, demo_db_url) -> None:
    sender = new_sender()
    bot.say(sender, "hallo, wie funktioniert das programm?", {"program": "funknetz"})
    answer = joined(bot.say(sender, "how do I stop your advertising mails?"))
    assert kb_english(demo_db_url, "marketing_objection", "funknetz") in answer


def test_cancelling_when_asked_what_happened_names_where_contracts_are_cancelled(
    bot, demo_db_url
) -> None:
    """ "ich kündige meinen Vertrag" as the answer to "Was ist passiert?" was
    thanked for as feedback and recorded, never pointing to the brand."""
    sender = new_sender()
    bot.say(sender, "meine stromrechnung ist viel zu hoch!!", {"program": "sonnenstrom"})
    bot.say(sender, "ihr seid echt das allerletzte")
    answer = joined(bot.say(sender, "dann kündige ich eben meinen vertrag"))
    assert "069 90009 220" in answer
    assert "Gerade solche Hinweise helfen uns" not in answer
    assert complaints_of(demo_db_url, sender) == []


def test_a_recommended_friend_asking_for_the_referrers_reward_hears_it_is_his_own(
    bot, demo_db_url
) -> None:
    """ "schau mal, ob er seine Prämie schon hat" from the recommended friend
    got the friend's own advantage again."""
    sender = new_sender()
    bot.say(
        sender,
        "ich wurde von einem freund geworben, kriege ich auch was?",
        {"program": "autosicher"},
    )
    said = spoken(bot.say(sender, "kannst du nachsehen, ob er seine prämie schon bekommen hat?"))
    # Either the referrer's reward in general with why its state is his own,
    # or why another person's state is shown only to that person.
    assert said[0] in (
        kb_text(demo_db_url, "friend_asks_referrer_reward", "autosicher"),
        kb_text(demo_db_url, "status_of_someone_else", "autosicher"),
    )


def test_a_recommended_friend_asking_where_to_turn_for_a_late_bonus_hears_the_brand(
    bot, demo_db_url
) -> None:
    """ "an wen wende ich mich, wenn meine Prämie nicht kommt" from the
    recommended friend was told to come back with a referral code."""
    sender = new_sender()
    bot.say(
        sender,
        "mein nachbar hat mich geworben, gibt es für mich auch was?",
        {"program": "autosicher"},
    )
    said = spoken(bot.say(sender, "und wenn meine prämie nicht kommt, an wen wende ich mich dann?"))
    friend = kb_text(demo_db_url, "friend_own_reward_time", "autosicher")
    again = kb_text(demo_db_url, "friend_own_reward_time", "autosicher", "again")
    assert said[0] in (friend, again)
    assert "Empfehlungscode und Ihrer E-Mail-Adresse" not in "".join(said)


def test_the_last_attempt_says_where_the_details_are_and_offers_a_person(bot) -> None:
    """After the second mismatch the same words came again, with no way out."""
    sender = new_sender()
    bot.say(sender, "hat meine empfehlung geklappt?", {"program": "sonnenstrom"})
    # Codes of nobody: failures slow a code's next checks down, and other
    # tests verify with the demo codes.
    first = spoken(bot.say(sender, "SSE-TPO482 claudia.becker@example.de"))
    assert "zwei Versuche" in first[0]
    second = bot.say(sender, "SSE-TPO483 claudia.becker@example.de")
    assert spoken(second)[0] in response_texts("utter_verification_mismatch_last")
    assert "Mit einem Mitarbeiter sprechen" in joined(second) or any(
        button.get("title") == "Mit einem Mitarbeiter sprechen"
        for reply in second
        for button in reply.get("buttons") or []
    )


def test_no_code_to_the_offer_of_a_mail_reply_asks_only_the_address(bot) -> None:
    """ "einen code hab ich nicht" to the offer of an e-mail reply got the
    text on what to do without a code, though the reply needs none."""
    sender = new_sender()
    bot.say(sender, "ich will jetzt sofort einen menschen sprechen", {"program": "sonnenstrom"})
    said = spoken(bot.say(sender, "hab aber keinen code"))
    assert said == list(response_texts("utter_callback_no_code_needed"))


def test_a_complaint_filed_after_the_matter_was_told_is_recorded_at_once(bot, demo_db_url) -> None:
    """ "dann beschwere ich mich offiziell" after four turns on a revoked
    referral was asked what happened."""
    sender = new_sender()
    bot.say(
        sender, "wieso gibt es für meine empfehlung nichts? FNM-REJ456", {"program": "funknetz"}
    )
    bot.say(sender, "ali.oezdemir@example.de")
    bot.say(sender, "ich finde das nicht fair, ich will dafür das doppelte")
    said = spoken(bot.say(sender, "dann beschwere ich mich eben offiziell"))
    assert not set(said) & response_texts("utter_complaint")
    assert len(complaints_of(demo_db_url, sender)) == 1
    close_tickets(demo_db_url, sender)


def test_giving_up_on_a_missing_reward_hears_it_is_not_lost(bot, demo_db_url) -> None:
    """ "ach lassen Sie's" to the offer of a reply while the reward mail is
    missing got a cheerful "Schreiben Sie mir einfach Ihre Frage"."""
    sender = new_sender()
    with resends_of(demo_db_url, "FNM-LIM789", 2):
        bot.say(sender, "mein streaming code ist nie angekommen", {"program": "funknetz"})
        bot.say(sender, "FNM-LIM789 heike.vogel@example.de")
        bot.say(sender, "kann mich da nicht einer anrufen?")
        said = spoken(bot.say(sender, "ach nein, lassen sie es"))
    assert said == list(response_texts("utter_callback_declined_reward_missing"))
    close_tickets(demo_db_url, sender)


def test_a_plea_after_the_cash_refusal_gets_the_rule_in_other_words(bot, demo_db_url) -> None:
    sender = new_sender()
    bot.say(sender, "kann ich statt dem gutschein das geld haben?", {"program": "sonnenstrom"})
    said = spoken(bot.say(sender, "ach komm, nur das eine mal, ich brauch keine gutscheine"))
    assert said[0] in response_texts("utter_no_exception")


def test_a_sister_in_another_german_city_is_a_question_about_family(bot, demo_db_url) -> None:
    """ "und meine Schwester? die wohnt in Hamburg" was answered as a friend
    living abroad."""
    sender = new_sender()
    bot.say(sender, "darf ich meinen mann empfehlen?", {"program": "autosicher"})
    said = spoken(bot.say(sender, "und meinen bruder? der lebt in münchen, nicht bei uns"))
    # The family rule, in other words the second time it is asked.
    assert said[0] == kb_text(demo_db_url, "family", "autosicher", "again")


def test_a_friend_cancelling_after_two_months_hears_the_waiting_period(bot) -> None:
    sender = new_sender()
    said = joined(
        bot.say(
            sender,
            "was passiert, wenn mein kollege nach ein paar wochen schon wieder kündigt?",
            {"program": "sonnenstrom"},
        )
    )
    assert "Wartezeit von" in said and "kündigt er vorher" in said.lower()


def test_a_voucher_that_may_expire_unused_asks_about_replacement(bot, demo_db_url) -> None:
    sender = new_sender()
    bot.say(sender, "darf ich den gutschein meiner oma schenken?", {"program": "sonnenstrom"})
    said = spoken(
        bot.say(sender, "und wenn sie ihn nicht rechtzeitig einlöst, gibt es dann ersatz?")
    )
    assert said[0] == kb_text(demo_db_url, "voucher_expired", "sonnenstrom")


def test_a_move_does_not_change_a_recommendation(bot) -> None:
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "wir ziehen bald um. gilt meine empfehlung von neulich dann trotzdem noch?",
            {"program": "sonnenstrom"},
        )
    )
    assert said[0].startswith("Ein Umzug ändert an Ihren Empfehlungen nichts")


def test_a_rule_never_read_gets_an_apology_and_where_the_rules_are(bot, demo_db_url) -> None:
    """ "davon stand nirgends was" after an expired referral got "sorry that
    it takes so long"."""
    sender = new_sender()
    bot.say(sender, "wo bleibt meine prämie?", {"program": "funknetz"})
    bot.say(sender, "FNM-EXP567 ursula.meier@example.org")
    said = spoken(bot.say(sender, "das hat mir aber keiner gesagt, frechheit"))
    assert said[0] in response_texts("utter_sorry_not_known")
    assert said[1] == kb_text(demo_db_url, "terms", "funknetz")


def test_what_if_the_money_reached_the_old_account_asks_the_bank_rule(bot, demo_db_url) -> None:
    """ "und wenn das Geld schon auf dem alten Konto ist, bevor ich es ändern
    konnte?" after the change was filed got the date of that case."""
    sender = new_sender()
    try:
        bot.say(sender, "wann kommt mein geld?", {"program": "autosicher"})
        bot.say(sender, "ASV-QUA567 mehmet.yilmaz@example.de")
        bot.say(sender, "ich hab aber inzwischen ein neues konto bei einer anderen bank")
        bot.say(sender, "meine neue iban lautet DE12 5001 0517 0648 4898 90")
        said = spoken(
            bot.say(sender, "und falls die überweisung vorher noch aufs alte konto geht?")
        )
        bank = {
            kb_text(demo_db_url, "bank_changed", "autosicher", part) for part in ("answer", "again")
        }
        assert said[0] in bank or said[0] in response_texts("utter_kb_offer_person")
        assert not set(said) & response_texts("utter_case_when", case_id="1", due="x")
        assert "Zu Ihrem Schutz ändern wir" not in "".join(said)
    finally:
        close_tickets(demo_db_url, sender)


def test_deleting_a_named_friends_data_is_never_filed_under_the_customers_name(
    bot, demo_db_url
) -> None:
    """ "leonie möchte übrigens, dass ihre daten gelöscht werden" after the
    status filed a deletion for the referrer himself."""
    sender = new_sender()
    try:
        bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
        said = joined(bot.say(sender, "leonie möchte übrigens, dass ihre daten gelöscht werden"))
        assert "Datenschutz-Team weitergegeben" not in said
        assert "jo***@example.de" not in said
    finally:
        close_tickets(demo_db_url, sender)


def test_a_deletion_put_off_until_the_payout_answers_the_status_only(bot, demo_db_url) -> None:
    """ "dann lieber erst nach der Auszahlung löschen. wann kommt das Geld?
    <code> <mail>" filed the deletion it had just put off."""
    sender = new_sender()
    try:
        bot.say(sender, "bitte löscht meine daten bei euch", {"program": "autosicher"})
        said = joined(
            bot.say(
                sender,
                "hm, dann doch lieber erst nach der auszahlung löschen. wann kommt mein geld? "
                "ASV-QUA567 mehmet.yilmaz@example.de",
            )
        )
        assert "Elif K." in said
        assert "Datenschutz-Team weitergegeben" not in said
    finally:
        close_tickets(demo_db_url, sender)


def test_the_reward_asked_while_a_deletion_waits_gets_what_the_deletion_means(
    bot, demo_db_url
) -> None:
    sender = new_sender()
    bot.say(sender, "ich möchte, dass ihr meine daten löscht", {"program": "autosicher"})
    said = spoken(bot.say(sender, "moment mal, krieg ich dann noch meine prämie für den kollegen?"))
    assert said[0] == kb_text(demo_db_url, "deletion_reward", "autosicher")


def test_details_said_to_be_right_after_a_mismatch_get_what_else_may_be_wrong(bot) -> None:
    sender = new_sender()
    bot.say(sender, "ist meine prämie schon raus?", {"program": "funknetz"})
    bot.say(sender, "FNM-TPO484 ursula.meier@example.de")
    said = spoken(bot.say(sender, "das ist aber wirklich meine adresse!!"))
    assert said[0] in response_texts("utter_mismatch_unclear")
    assert not set(said) & response_texts("utter_verification_intro")


def test_leaving_angry_gets_no_cheerful_goodbye(bot) -> None:
    sender = new_sender()
    bot.say(sender, "ich will das doppelte als prämie", {"program": "sonnenstrom"})
    said = spoken(bot.say(sender, "dann empfehle ich euch halt nie wieder. tschüss"))
    assert said == list(response_texts("utter_goodbye_upset"))


def test_when_the_voucher_comes_after_the_cash_refusal_is_no_complaint(bot, demo_db_url) -> None:
    """ "na gut. wann kommt der gutschein denn überhaupt" after the cash
    refusal was read as a complaint, and the details after it were recorded
    as that complaint."""
    sender = new_sender()
    bot.say(sender, "kann ich den gutschein in bar haben?", {"program": "sonnenstrom"})
    bot.say(sender, "wieso denn nicht?")
    first = joined(bot.say(sender, "na schön. und wann kommt der gutschein eigentlich?"))
    assert first not in response_texts("utter_complaint_about_rule")
    said = joined(bot.say(sender, "SSE-ORD789 claudia.becker@example.de"))
    assert "Jürgen W." in said
    assert complaints_of(demo_db_url, sender) == []


def test_what_is_meant_by_the_limit_is_explained(bot, demo_db_url) -> None:
    sender = new_sender()
    with resends_of(demo_db_url, "FNM-LIM789", 2):
        bot.say(sender, "die prämien mail ist nie gekommen", {"program": "funknetz"})
        bot.say(sender, "FNM-LIM789 heike.vogel@example.de")
        said = spoken(bot.say(sender, "hä, grenze? wie meinst du das?"))
    assert said[0].startswith("Weil sie schon 2-mal erneut")


def test_an_english_question_on_recommending_more_people_gets_its_answer(bot, demo_db_url) -> None:
    sender = new_sender()
    bot.say(sender, "hello, how does the referral program work?", {"program": "autosicher"})
    said = joined(bot.say(sender, "and may I recommend several friends?"))
    assert kb_english(demo_db_url, "max_referrals", "autosicher") in said


def test_waiting_long_for_the_own_reward_starts_the_lookup(bot) -> None:
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "warte schon ewig auf meine prämie, so langsam nervt das",
            {"program": "autosicher"},
        )
    )
    assert set(said) & (
        response_texts("utter_verification_intro") | response_texts("utter_verification_frustrated")
    )


def test_a_new_iban_once_the_closed_account_is_with_the_team_names_that_case(
    bot, demo_db_url
) -> None:
    """ "kann ich die neue IBAN einfach hier reinschreiben? DE…" once the
    closed account went to the team got only the case's date."""
    sender = new_sender()
    try:
        bot.say(
            sender,
            "angeblich überwiesen, aber angekommen ist nichts. ASV-CSH234 peter.lang@example.de",
            {"program": "autosicher"},
        )
        bot.say(sender, "ich bin inzwischen bei einer anderen bank, das alte konto ist zu")
        said = spoken(
            bot.say(sender, "soll ich ihnen die neue iban hier geben? DE89370400440532013000")
        )
        assert said[0].startswith(response_opening("utter_iban_with_case"))
    finally:
        close_tickets(demo_db_url, sender)
