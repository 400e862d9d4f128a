"""Whole conversations against the real servers: the time left for one
referral after the status, a program named only to compare it with this
chat's, a topic taken up again by name, and what customers ask about a case
the bot has opened for them (is there a ticket, when does someone answer,
can it be done by phone).

Expected texts come from the data (domain responses, knowledge base)."""

from __future__ import annotations

import pytest

from bot.knowledge.phrases import phrase
from tests.server.chat import (
    close_tickets,
    complaints_of,
    joined,
    kb_english,
    kb_text,
    new_sender,
    opens_as,
    response_texts,
    spoken,
)

pytestmark = pytest.mark.server


@pytest.mark.parametrize(
    "question",
    [
        "wie lange hat er jetzt noch zeit?",
        "und wie viel zeit bleibt ihm dann noch",
        "bis wann muss er denn spätestens unterschreiben, dass es noch gilt?",
    ],
)
def test_the_time_left_for_the_friend_after_the_status_is_his_own_date(
    bot, demo_db_url, question
) -> None:
    """ "wie lange hat er noch Zeit?" after a registered referral got the
    rule's example (90 days after 1 March); "wie viel Zeit bleibt ihm noch"
    got the reward's amount; "bis wann muss er …" how the program works."""
    sender = new_sender()
    status = joined(
        bot.say(
            sender,
            "ASV-REC234 lena.hoffmann@example.de, wie steht meine empfehlung?",
            {"program": "autosicher"},
        )
    )
    assert "Markus B." in status
    reply = joined(bot.say(sender, question))
    assert "Markus B. kann noch bis zum" in reply
    assert kb_text(demo_db_url, "validity", "autosicher") not in reply


def test_another_program_named_only_to_compare_gets_this_programs_answer(bot, demo_db_url) -> None:
    """ "bei autosicher kriegt man aber geld, warum bei euch nicht??" in the
    SonnenStrom chat got how AutoSicher's program works."""
    sender = new_sender()
    bot.say(sender, "kann ich den gutschein verschenken?", {"program": "funknetz"})
    reply = joined(
        bot.say(
            sender, "bei autosicher zahlen die richtig geld aus, wieso gebt ihr nur so ein abo?"
        )
    )
    assert kb_text(demo_db_url, "cash_conversion", "funknetz") in reply
    assert "AutoSicher" not in reply


def test_a_topic_taken_up_again_by_name_answers_only_the_question_after_it(
    bot, demo_db_url
) -> None:
    """ "ok zurück zu autosicher. muss ich das geld versteuern?" got an
    example of the deadlines first, then the taxes."""
    sender = new_sender()
    bot.say(sender, "wie läuft das mit dem werben bei euch ab?", {"program": "autosicher"})
    said = spoken(
        bot.say(sender, "gut, nochmal zurück zu autosicher: muss man die prämie versteuern?")
    )
    assert said[0] == kb_text(demo_db_url, "taxes", "autosicher")


def test_asking_whether_there_is_a_ticket_after_a_complaint_names_its_number(
    bot, demo_db_url
) -> None:
    """ "hab ich jetzt ein ticket oder nicht" after a complaint was recorded
    got "In Ordnung. Wenn Sie später noch eine Frage haben …"; "und wann
    meldet sich jemand bei mir?" got that no step waits for a date."""
    sender = new_sender()
    bot.say(
        sender,
        "FNM-REJ456 ali.oezdemir@example.de was ist mit meiner empfehlung?",
        {"program": "funknetz"},
    )
    bot.say(sender, "das finde ich ungerecht, ich will mich offiziell beschweren")
    [complaint] = complaints_of(demo_db_url, sender)
    exists = spoken(bot.say(sender, "gibts dafür jetzt nen vorgang oder nicht"))
    assert opens_as(exists[0], "utter_case_exists")
    assert f"Nummer {complaint.id}" in exists[0]
    when = spoken(bot.say(sender, "und wann meldet sich dann einer von euch?"))
    assert opens_as(when[0], "utter_case_when")
    assert len(complaints_of(demo_db_url, sender)) == 1


def test_asking_for_a_call_once_a_case_is_open_names_the_case_and_the_mail(
    bot, demo_db_url
) -> None:
    """ "geht das auch telefonisch?" after the case at the resend limit got
    the privacy contact; "hab ich jetzt ein ticket?" then got the offer of
    an e-mail reply, as if no case existed."""
    sender = new_sender()
    try:
        bot.say(
            sender,
            "FNM-LIM789 heike.vogel@example.de die prämien-mail fehlt",
            {"program": "funknetz"},
        )
        filed = joined(bot.say(sender, "ja bitte kümmert euch drum"))
        assert "Vorgang" in filed
        phone = spoken(bot.say(sender, "kann man das auch telefonisch klären?"))
        assert opens_as(phone[0], "utter_case_no_call")
        ticket = spoken(bot.say(sender, "hab ich denn jetzt ein ticket?"))
        assert opens_as(ticket[0], "utter_case_exists")
    finally:
        close_tickets(demo_db_url, sender)


def test_asking_for_a_call_after_the_offer_of_a_reply_says_the_team_writes(
    bot, closed_program
) -> None:
    """ "geht das auch telefonisch?" a turn after the offer of an e-mail
    reply (someone without a code) got where a lost code is found."""
    sender = new_sender()
    bot.say(sender, "ich möchte mit einem mitarbeiter sprechen", {"program": closed_program})
    bot.say(sender, "einen code hab ich nicht")
    said = spoken(bot.say(sender, "und telefonisch?"))
    assert opens_as(said[0], "utter_callback_not_by_phone")


def test_a_reward_missing_and_a_double_one_demanded_gets_the_case_and_a_clear_no(
    bot, demo_db_url
) -> None:
    """ "auf meinem konto ist nix. für den ärger will ich jetzt das doppelte"
    after the transfer got the case for the payment only; the doubling was
    neither declined nor explained."""
    sender = new_sender()
    bot.say(
        sender, "ASV-CSH234 peter.lang@example.de ist meine prämie raus?", {"program": "autosicher"}
    )
    reply = joined(
        bot.say(sender, "da ist nichts angekommen, als entschädigung will ich das doppelte")
    )
    assert len(complaints_of(demo_db_url, sender)) == 1
    assert kb_text(demo_db_url, "higher_reward", "autosicher") in reply


def test_a_first_message_telling_a_reward_never_came_starts_the_lookup(bot, demo_db_url) -> None:
    """ "vor über zwei Jahren geworben und nie einen Gutschein bekommen" got
    how long a voucher is valid."""
    said = spoken(
        bot.say(
            new_sender(),
            "hallo, hab schon vor langer zeit jemanden geworben "
            "und bis heute keinen gutschein erhalten.",
            {"program": "sonnenstrom"},
        )
    )
    assert opens_as(said[0], "utter_verification_intro")
    assert kb_text(demo_db_url, "voucher_expiry", "sonnenstrom") not in "\n".join(said)


def test_giving_in_to_the_old_address_notes_it_on_the_address_ticket(bot, demo_db_url) -> None:
    """ "na gut dann halt an die alte" after the new address went to the
    team got "Alles klar. Ich bin weiter für Sie da"."""
    sender = new_sender()
    try:
        bot.say(
            sender,
            "SSE-OLD345 monika.schaefer@example.de mein gutschein fehlt",
            {"program": "sonnenstrom"},
        )
        bot.say(sender, "dann an monika.neu@example.net bitte")
        said = spoken(bot.say(sender, "ach, dann eben doch an meine alte adresse"))
        assert opens_as(said[0], "utter_old_address_noted")
    finally:
        close_tickets(demo_db_url, sender)


def test_the_friend_having_signed_after_all_is_recorded_a_few_answers_after_the_status(
    bot, demo_db_url
) -> None:
    """ "bringt mir nix, der hat ja schon nen vertrag" two answers after an
    expired status got "Erzählen Sie mir gern, was passiert ist"."""
    sender = new_sender()
    bot.say(
        sender,
        "FNM-EXP567 ursula.meier@example.org was ist mit meiner empfehlung",
        {"program": "funknetz"},
    )
    bot.say(sender, "und jetzt?")
    bot.say(sender, "darf ich ihn noch einmal empfehlen?")
    said = spoken(bot.say(sender, "nützt mir nichts, der hat doch inzwischen einen vertrag"))
    assert not set(said) & response_texts("utter_complaint")
    assert len(complaints_of(demo_db_url, sender)) == 1


def test_a_phone_number_given_for_a_callback_is_not_used_and_the_address_asked(
    bot, closed_program
) -> None:
    """ "meine nummer ist 0171 …, es geht um meinen gutschein" after the
    offer of an e-mail reply got "Vielen Dank! Worum geht es Ihnen denn?"."""
    sender = new_sender()
    bot.say(sender, "rufen sie mich bitte zurück", {"program": closed_program})
    bot.say(sender, "nen code hab ich grad nicht")
    said = spoken(bot.say(sender, "erreichbar bin ich unter 0151 98765432, geht um die prämie"))
    assert said[0] in response_texts("utter_phone_not_used")
    assert "E-Mail-Adresse" in said[-1]


def test_whether_the_friend_may_still_withdraw_after_the_status_gets_what_it_costs(
    bot, demo_db_url
) -> None:
    """ "kann sie jetzt eigentlich noch widerrufen? verlier ich dann das
    geld?" after the status got "Daran hat sich seit eben nichts geändert"."""
    sender = new_sender()
    bot.say(
        sender, "ASV-QUA567 mehmet.yilmaz@example.de wie weit ist es", {"program": "autosicher"}
    )
    reply = joined(bot.say(sender, "darf er eigentlich noch zurücktreten? ist mein geld dann weg?"))
    assert kb_text(demo_db_url, "friend_cancels", "autosicher") in reply


def test_wanting_the_money_now_after_an_unhelpful_answer_says_it_cannot_come_sooner(
    bot, demo_db_url
) -> None:
    """ "das hilft mir nicht. ich will mein geld jetzt und nicht irgendwann"
    after why there is a waiting period got the stock apology and topics."""
    sender = new_sender()
    bot.say(
        sender, "ASV-WAI456 sabine.wolf@example.com wo bleibt die prämie", {"program": "autosicher"}
    )
    bot.say(sender, "wozu gibt es diese wartezeit überhaupt")
    reply = joined(bot.say(sender, "bringt mir nichts, ich brauch die prämie sofort"))
    assert kb_text(demo_db_url, "faster_payout", "autosicher") in reply


def test_an_answer_for_another_program_says_which_program_it_is_for(bot, demo_db_url) -> None:
    """ "und is das bei sonnenstrom genauso?" got the same text again, with
    nothing saying it was SonnenStrom's answer."""
    sender = new_sender()
    bot.say(sender, "darf ich die prämie verschenken?", {"program": "funknetz"})
    said = spoken(bot.say(sender, "gilt das bei sonnenstrom auch so?"))
    assert said[0].startswith("Für SonnenStrom Energie gilt:")
    assert kb_text(demo_db_url, "give_away", "sonnenstrom") in said[0]


def test_why_resending_is_limited_is_explained_turns_after_the_case_was_named(
    bot, demo_db_url
) -> None:
    """ "und jetzt??" after the case at the resend limit got how the program
    works; "warum ist das überhaupt begrenzt" an example of its deadlines."""
    sender = new_sender()
    try:
        bot.say(
            sender,
            "FNM-LIM789 heike.vogel@example.de die gutschein-mail kommt nicht",
            {"program": "funknetz"},
        )
        bot.say(sender, "ja bitte kümmert euch")
        now = spoken(bot.say(sender, "und nu?"))
        assert opens_as(now[0], "utter_case_when")
        why = spoken(bot.say(sender, "wieso ist das eigentlich begrenzt"))
        assert why[0] in response_texts("utter_resend_limit_filed_why")
    finally:
        close_tickets(demo_db_url, sender)


def test_how_to_reach_the_brand_right_after_its_service_was_named_gets_its_number(
    bot, demo_db_url
) -> None:
    """ "wie erreiche ich die" right after the brand's customer service was
    named got "nicht ganz sicher" and topic buttons."""
    sender = new_sender()
    bot.say(sender, "meine handyrechnung ist diesen monat viel zu hoch", {"program": "funknetz"})
    reply = joined(bot.say(sender, "und wie kann ich die erreichen?"))
    assert kb_text(demo_db_url, "brand_phone", "funknetz") in reply


def test_the_friends_own_advantage_asked_after_the_status_is_answered_for_the_friend(
    bot, demo_db_url
) -> None:
    """ "elif fragt ob sie eigentlich auch was bekommt" after the status got
    "Habe ich Sie richtig verstanden: Bei Ihrer Empfehlung ist etwas anders";
    "leonie meinte sie hat ihr startguthaben noch gar nicht bekommen" resent
    the customer's own reward mail."""
    sender = new_sender()
    bot.say(
        sender, "ASV-QUA567 mehmet.yilmaz@example.de wie weit bin ich", {"program": "autosicher"}
    )
    what = joined(bot.say(sender, "meine bekannte will wissen ob sie selber auch was kriegt"))
    assert kb_text(demo_db_url, "friend_reward", "autosicher", female=True) in what
    other = new_sender()
    bot.say(
        other,
        "FNM-MUL678 jonas.weber@example.de wie stehen meine empfehlungen",
        {"program": "funknetz"},
    )
    awaited = joined(bot.say(other, "hannah sagt, sie wartet immer noch auf ihren bonus"))
    assert kb_text(demo_db_url, "friend_reward_time", "funknetz", female=True) in awaited
    assert "erneut unterwegs" not in awaited


def test_being_tired_of_the_programs_mails_files_an_objection_after_the_check(
    bot, demo_db_url
) -> None:
    """ "Ich bekomme ständig Mails von Ihrem Empfehlungsprogramm, das möchte
    ich nicht mehr." as a first message got "nicht ganz verstanden"."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "ich krieg dauernd mails von eurem programm, das will ich nicht mehr",
            {"program": "funknetz"},
        )
    )
    assert opens_as(said[0], "utter_verification_intro_data_rights")
    try:
        filed = joined(bot.say(sender, "FNM-EXP567 ursula.meier@example.org"))
        assert "Widerspruch" in filed
    finally:
        close_tickets(demo_db_url, sender)


def test_who_handles_data_protection_after_a_data_request_gets_the_privacy_contact(
    bot, demo_db_url
) -> None:
    """ "Wer ist bei Ihnen für Datenschutz zuständig?" after a copy of the
    data was filed got the team that has the case, with an apology."""
    sender = new_sender()
    try:
        bot.say(
            sender, "ich möchte eine kopie meiner gespeicherten daten", {"program": "autosicher"}
        )
        bot.say(sender, "ASV-CSH234 peter.lang@example.de")
        reply = joined(bot.say(sender, "und wer kümmert sich bei euch um den datenschutz?"))
        assert kb_text(demo_db_url, "privacy_contact", "autosicher") in reply
    finally:
        close_tickets(demo_db_url, sender)


def test_where_another_person_turns_for_help_gets_the_programs_service(bot, demo_db_url) -> None:
    """ "ok und an wen soll sie sich wenden?" about the referrer who lost her
    code got "Diese Frage scheint noch nicht geklärt" and the offer of a person."""
    sender = new_sender()
    bot.say(sender, "ich wurde von meiner nachbarin geworben", {"program": "sonnenstrom"})
    reply = joined(
        bot.say(sender, "sie findet ihren code nicht mehr. an wen kann sie sich da wenden?")
    )
    assert kb_text(demo_db_url, "program_contact", "sonnenstrom") in reply


def test_when_the_brands_service_is_open_right_after_it_was_named_gets_its_hours_entry(
    bot, demo_db_url
) -> None:
    """ "und die haben auch schon zu oder?" right after the brand's service was
    named got "nicht ganz verstanden" and topic buttons."""
    sender = new_sender()
    bot.say(sender, "mein stromzähler zeigt komische werte an", {"program": "sonnenstrom"})
    reply = joined(bot.say(sender, "und wann sind die denn erreichbar?"))
    assert kb_text(demo_db_url, "brand_hours", "sonnenstrom") in reply


def test_not_my_fault_after_a_revoked_referral_gets_the_reasons_not_a_case(
    bot, demo_db_url
) -> None:
    """ "und warum bekomme ich dann nichts? ich kann doch nichts dafür" after a
    revoked referral opened a case for a check nobody asked for."""
    sender = new_sender()
    bot.say(
        sender, "FNM-REJ456 ali.oezdemir@example.de was ist mit der prämie", {"program": "funknetz"}
    )
    said = spoken(bot.say(sender, "wieso krieg ich dann nix, dafür kann ich doch gar nichts"))
    assert said[0].startswith(phrase("rejection_why.not_your_fault"))
    assert complaints_of(demo_db_url, sender) == []


def test_a_threat_to_cancel_with_where_to_do_it_gets_the_brands_service(bot, demo_db_url) -> None:
    """ "dann kündige ich eben meinen handyvertrag. wo mach ich das?" got
    only when the team answers the case."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de wie steht es", {"program": "funknetz"})
    reply = joined(bot.say(sender, "dann kündige ich halt meinen handyvertrag. wo geht das?"))
    assert kb_text(demo_db_url, "brand_contact", "funknetz") in reply


def test_a_phone_number_asked_in_english_gets_that_the_program_has_none(bot, demo_db_url) -> None:
    """ "is there a phone number I can call?" got "Of course!" and the offer to
    connect, although the program has no phone line."""
    sender = new_sender()
    bot.say(sender, "Hello, I referred a friend to SonnenStrom", {"program": "sonnenstrom"})
    reply = joined(bot.say(sender, "is there a phone number I can call?"))
    assert kb_english(demo_db_url, "program_contact", "sonnenstrom") in reply


def test_giving_up_on_the_chat_gets_an_apology_and_an_open_door(bot) -> None:
    """ "vergessen Sies einfach. ich hab keine lust mehr" got "nicht ganz
    sicher, ob ich Sie richtig verstanden habe" and topic buttons."""
    sender = new_sender()
    bot.say(sender, "mein gutschein ist weg!!!", {"program": "sonnenstrom"})
    said = spoken(bot.say(sender, "ach, vergessen sies, ich geb auf"))
    assert said[0] in response_texts("utter_gives_up")


def test_a_new_bank_told_before_the_reward_comes_gets_what_to_do(bot, demo_db_url) -> None:
    """ "Ich habe vor kurzem meine Bank gewechselt. Meine Prämie soll aber
    noch kommen. Was muss ich tun?" got topic buttons to choose from."""
    reply = joined(
        bot.say(
            new_sender(),
            "hab neulich die bank gewechselt, die prämie steht noch aus. muss ich was machen?",
            {"program": "autosicher"},
        )
    )
    assert kb_text(demo_db_url, "bank_changed", "autosicher") in reply


def test_a_recommended_friend_asking_whether_they_need_the_code_gets_where_it_comes_from(
    bot, demo_db_url
) -> None:
    """ "brauch ich dafür so nen code von ihm?" after the friend's own bonus
    got the friend's general text, which opens with "no code needed"."""
    sender = new_sender()
    bot.say(
        sender, "ein kollege hat mir euch empfohlen, was hab ich davon?", {"program": "autosicher"}
    )
    reply = joined(bot.say(sender, "und dafür brauch ich seinen code oder wie?"))
    assert kb_text(demo_db_url, "friend_code_missing", "autosicher") in reply


def test_asking_for_a_ticket_before_any_exists_says_nobody_has_it_yet(bot) -> None:
    """ "hab ich jetzt eigentlich ein ticket?" with no case filed got topic
    buttons to choose from."""
    said = spoken(
        bot.say(
            new_sender(), "gibt es bei euch schon einen vorgang zu mir?", {"program": "funknetz"}
        )
    )
    assert said[0] in response_texts("utter_nobody_told_yet")
