"""Whole conversations against the real servers: a hardship told with the
customer's own request, asked for it sooner, an insult after the dates were
given twice, a blocked account after condolences, goodwill money, a refusal
asked again under a condition, "und jetzt?" to the team's offer at the resend
limit, the recommended friend's data spoken of as "er" or "sie", another
friend named while an offer is open, and the customer's own data.

Expected texts come from the data (domain responses, knowledge base)."""

from __future__ import annotations

import re

import pytest

from bot.knowledge.phrases import phrase
from tests.server.chat import (
    close_tickets,
    joined,
    kb_text,
    new_sender,
    reaches_person,
    resends_of,
    response_opening,
    response_texts,
    spoken,
)

pytestmark = pytest.mark.server


def test_a_hardship_with_a_question_about_the_own_reward_asks_for_the_details(bot) -> None:
    """ "arbeitslos, brauch jeden euro, wann krieg ich die prämie??" got
    sympathy and the offer of a person, not the status it asked for."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "hab vor kurzem meinen job verloren und jeder euro zählt. "
            "wann kommt endlich meine prämie?",
            {"program": "autosicher"},
        )
    )
    assert said[0] in response_texts("utter_hardship_then_lookup")
    status = joined(bot.say(sender, "ASV-QUA567 mehmet.yilmaz@example.de"))
    assert "Elif K." in status


def test_a_hardship_with_a_lost_reward_mail_looks_for_the_mail(bot) -> None:
    """ "war im krankenhaus und finde die mail mit meinem gutschein nicht
    mehr" got only the offer of a person."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "lag wochenlang in der klinik und jetzt ist die mail mit meinem gutschein weg",
            {"program": "sonnenstrom"},
        )
    )
    assert said[0] in response_texts("utter_hardship_then_lookup")
    after = spoken(bot.say(sender, "SSE-ORD789 claudia.becker@example.de"))
    assert after[-1] in response_texts("utter_no_reward_mail_yet")


def test_asking_for_it_sooner_after_the_dates_gets_the_own_date(bot) -> None:
    """ "geht das nicht schneller?" after the customer's own date got the
    program's rule for everyone (withdrawal and waiting period)."""
    sender = new_sender()
    bot.say(sender, "ASV-QUA567 mehmet.yilmaz@example.de", {"program": "autosicher"})
    said = spoken(bot.say(sender, "kann das nicht früher kommen? ich brauch das geld"))
    assert said[0].startswith(phrase("status.no_sooner"))
    assert "Elif K." in said[0]


def test_an_insult_after_the_dates_were_given_twice_gets_a_person(bot) -> None:
    """ "du dummer bot" after the dates were told twice got the same dates a
    third time."""
    sender = new_sender()
    bot.say(sender, "ASV-WAI456 sabine.wolf@example.com", {"program": "autosicher"})
    bot.say(sender, "wann kommt jetzt mein geld")
    said = spoken(bot.say(sender, "du kapierst echt gar nichts, blöde maschine"))
    assert said[0] in response_texts("utter_insult_offer_person")


def test_a_closed_account_after_condolences_gets_the_team_not_the_mail_rule(bot) -> None:
    """ "sein konto ist seit seinem tod gesperrt, ist das geld weg?" after
    condolences got that a cash reward has no mail."""
    sender = new_sender()
    bot.say(
        sender,
        "Mein Vater ist vor zwei Monaten verstorben, er hatte bei Ihnen jemanden empfohlen.",
        {"program": "autosicher"},
    )
    bot.say(sender, "In seinen Unterlagen steht ASV-CSH234 und peter.lang@example.de")
    said = joined(
        bot.say(sender, "Sein Konto wurde inzwischen aufgelöst. Ist die Prämie verloren?")
    )
    condolence = {
        text
        for name in (
            "utter_condolence_reward",
            "utter_condolence_follow_up",
            "utter_condolence_when",
        )
        for text in response_texts(name)
    }
    assert any(text in said for text in condolence)
    assert "Prämien-Mail" not in said


def test_why_rejected_with_code_and_email_gets_the_status_without_the_general_rule(
    bot, demo_db_url
) -> None:
    """ "Warum wurde meine Empfehlung abgelehnt? FNM-… …@…" got the status
    and then the general reasons, ending in a request for code and e-mail."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "wieso zählt meine empfehlung nicht? FNM-REJ456 ali.oezdemir@example.de",
            {"program": "funknetz"},
        )
    )
    assert "Katharina G." in said[0]
    assert kb_text(demo_db_url, "referral_not_counted", "funknetz") not in said


def test_why_nothing_after_a_revoked_referral_explains_the_revocation(bot) -> None:
    """ "und warum bekomme ich dann nichts?" after a revoked referral got the
    offer of a second check, without the reason."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"})
    said = joined(bot.say(sender, "wieso krieg ich dafür dann gar nix?"))
    assert "widerrufen" in said
    assert said not in response_texts("utter_dispute_offer")


def test_goodwill_money_after_a_refusal_is_declined_plainly(bot) -> None:
    """ "dann gebt mir wenigstens die hälfte als kulanz" got the offer of a
    second check once more, as if it might bring half the reward."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"})
    said = spoken(bot.say(sender, "dann zahlt mir doch wenigstens einen teil aus kulanz"))
    assert said[0] in response_texts("utter_goodwill_declined")


def test_what_now_to_the_offer_at_the_resend_limit_opens_the_case(bot, demo_db_url) -> None:
    """ "und jetzt? ich brauch den" right after the offer to have the team
    look into the mail got how the program works."""
    sender = new_sender()
    with resends_of(demo_db_url, "FNM-LIM789", 2):
        try:
            bot.say(
                sender,
                "FNM-LIM789 heike.vogel@example.de mail nie bekommen",
                {"program": "funknetz"},
            )
            said = joined(bot.say(sender, "und nun? ich brauche das aber"))
            assert "Vorgang" in said
            assert "So läuft es ab" not in said
        finally:
            close_tickets(demo_db_url, sender)


def test_a_missing_transfer_told_before_the_details_is_checked_after_them(bot, demo_db_url) -> None:
    """ "laut mail überwiesen, auf meinem konto ist aber nix" and then code
    and e-mail got only the transfer date, long past."""
    sender = new_sender()
    try:
        bot.say(
            sender,
            "angeblich wurde meine prämie überwiesen, auf meinem konto ist aber nichts angekommen",
            {"program": "autosicher"},
        )
        said = joined(bot.say(sender, "ASV-CSH234 peter.lang@example.de"))
        assert "Gabriele S." in said
        assert "Nummer" in said
    finally:
        close_tickets(demo_db_url, sender)


def test_the_friends_data_spoken_of_as_he_keep_the_thread(bot, demo_db_url) -> None:
    """After what is stored about the friend, "und wie lange bleibt das
    gespeichert?" got the customer's own retention, "er will, dass das
    gelöscht wird" the customer's own deletion request (with code and
    e-mail), and "krieg ich dann trotzdem meine prämie?" how many rewards
    there are."""
    sender = new_sender()
    bot.say(
        sender,
        "mein nachbar hat über meinen code abgeschlossen und will wissen, "
        "was ihr über ihn speichert",
        {"program": "autosicher"},
    )
    said = spoken(bot.say(sender, "und wie lange bleibt das bei euch?"))
    assert said[0] == kb_text(demo_db_url, "friend_data_kept", "autosicher")
    said = spoken(bot.say(sender, "er möchte, dass das gelöscht wird. geht das?"))
    assert said[0] == kb_text(demo_db_url, "friend_data_removal", "autosicher")
    said = spoken(bot.say(sender, "bekomm ich dann meine prämie trotzdem?"))
    assert said[0] == kb_text(demo_db_url, "friend_removal_reward", "autosicher")


def test_the_friends_objection_spoken_of_as_she_is_hers_to_make(bot, demo_db_url) -> None:
    """ "sie will keine mails mehr von euch" after the friend's data was
    asked to verify the customer for a request of their own; "kann ich das
    für sie machen?" then got an unrelated text."""
    sender = new_sender()
    bot.say(
        sender,
        "Was passiert eigentlich mit den Daten meiner Kollegin, die ich geworben habe?",
        {"program": "sonnenstrom"},
    )
    said = spoken(bot.say(sender, "sie möchte keine mails mehr von euch bekommen"))
    assert said[0] == kb_text(demo_db_url, "friend_data_removal", "sonnenstrom", female=True)
    said = spoken(bot.say(sender, "kann ich das nicht für sie machen?"))
    again = kb_text(demo_db_url, "friend_data_removal", "sonnenstrom", "again", female=True)
    assert said[0] == again


def test_own_data_asked_after_another_answer_is_not_the_friends(bot, demo_db_url) -> None:
    """ "na super. und was macht ihr mit meinen Daten?" got what is stored
    about the recommended friend."""
    sender = new_sender()
    bot.say(sender, "wann kommt denn so eine prämie normalerweise", {"program": "sonnenstrom"})
    said = spoken(bot.say(sender, "ach toll. und was passiert bei euch mit meinen angaben?"))
    assert said[0] == kb_text(demo_db_url, "data_why", "sonnenstrom")


def test_why_the_own_and_the_friends_address_are_needed_is_answered(bot, demo_db_url) -> None:
    """ "warum braucht ihr meine email adresse und die von meinem freund??"
    got that contact details of others are not given out."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "wozu wollt ihr eigentlich meine mailadresse und die von meinem kumpel?",
            {"program": "autosicher"},
        )
    )
    assert said[0] == kb_text(demo_db_url, "friend_email_why", "autosicher")


def test_cash_refused_then_asked_for_less_gets_the_refusal_in_other_words(bot, demo_db_url) -> None:
    """ "auch nicht wenn ich dafür weniger bekomme?" after the cash refusal got
    the reward amount."""
    sender = new_sender()
    bot.say(sender, "kann ich statt gutschein auch bargeld haben?", {"program": "sonnenstrom"})
    said = spoken(bot.say(sender, "auch nicht, wenn ich mich mit weniger zufrieden gebe?"))
    assert said[0] == kb_text(demo_db_url, "cash_conversion", "sonnenstrom", "again")


def test_whether_a_named_relative_may_recommend_gets_who_may_refer(bot, demo_db_url) -> None:
    """ "und darf mein bruder jetzt auch jemanden werben?" got whom the
    customer may recommend."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "darf meine schwester jetzt eigentlich auch leute werben?",
            {"program": "sonnenstrom"},
        )
    )
    assert said[0] == kb_text(demo_db_url, "who_may_refer", "sonnenstrom")


def test_another_friend_named_while_the_limit_offer_is_open_gets_that_friends_date(
    bot, demo_db_url
) -> None:
    """ "und beim maximilian, wie lange noch?" right after the offer at the
    resend limit got when the team would answer."""
    sender = new_sender()
    with resends_of(demo_db_url, "FNM-MUL678", 2):
        bot.say(sender, "FNM-MUL678 jonas.weber@example.de stand bitte", {"program": "funknetz"})
        said = spoken(bot.say(sender, "und bei maximilian, wie lang dauert es da noch?"))
    assert "Maximilian R." in said[0]
    assert not said[0].startswith(response_opening("utter_limit_case_when"))


def test_the_friends_own_bonus_said_missing_is_not_the_customers_mail(bot, demo_db_url) -> None:
    """ "die leonie sagt, sie hat selbst noch nix bekommen" resent the
    customer's own reward mail (and opened a case)."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = spoken(bot.say(sender, "hannah meint, sie selber hat noch gar nichts bekommen"))
    assert said[0] == kb_text(demo_db_url, "friend_reward_time", "funknetz", female=True)


def test_a_threat_to_cancel_after_a_bill_gets_the_brands_number(bot, demo_db_url) -> None:
    """ "dann kündige ich halt" after the brand's service was named for a
    bill got the reward's timeline as "the facts"."""
    sender = new_sender()
    bot.say(sender, "meine letzte stromrechnung ist viel zu hoch", {"program": "sonnenstrom"})
    said = joined(bot.say(sender, "dann kündige ich eben"))
    assert kb_text(demo_db_url, "brand_phone", "sonnenstrom") in said
    assert kb_text(demo_db_url, "payout_time", "sonnenstrom") not in said


def test_whether_an_sms_comes_says_it_comes_by_e_mail(bot) -> None:
    """ "bekomme ich eine sms wenn der gutschein da ist?" got "Ja, …" and the
    e-mail, as if an SMS came too."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "schickt ihr mir ne sms wenn der gutschein unterwegs ist?",
            {"program": "sonnenstrom"},
        )
    )
    assert "nicht per SMS" in said[0]


def test_who_gets_the_data_also_says_they_are_never_sold(bot, demo_db_url) -> None:
    """ "und wer bekommt die daten noch, verkauft ihr die?" got what is stored
    and that it is not sold, but not who gets the data; the answer on who
    gets them now says that they are never sold as well."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender, "wer kriegt meine daten eigentlich noch außer euch?", {"program": "autosicher"}
        )
    )
    assert said[0] == kb_text(demo_db_url, "data_who_sees", "autosicher")
    assert "Verkauft" in said[0]


def test_a_hardship_with_the_code_given_asks_only_for_the_e_mail(bot) -> None:
    """ "war lange krank … nie wieder etwas gehört. Mein Code ist FNM-…" got
    the offer of a person, and the e-mail after it "Wobei kann ich helfen?"."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "Ich war monatelang krank und melde mich erst jetzt. Von meiner Empfehlung "
            "habe ich nie wieder etwas gehört. Mein Code lautet FNM-EXP567.",
            {"program": "funknetz"},
        )
    )
    assert said[0] in response_texts("utter_hardship_then_status")
    status = joined(bot.say(sender, "ursula.meier@example.org"))
    assert "Sören K." in status


def test_a_missing_transfer_said_again_names_the_case_instead_of_a_second(bot, demo_db_url) -> None:
    """ "da ist nix, hab 3 mal nachgeschaut" after the payment went to the
    team opened a second case for the same transfer."""
    sender = new_sender()
    try:
        bot.say(sender, "ASV-CSH234 peter.lang@example.de", {"program": "autosicher"})
        first = joined(bot.say(sender, "auf meinem konto ist aber kein geld angekommen"))
        assert "Nummer" in first
        again = joined(bot.say(sender, "hab nochmal im onlinebanking geschaut, da ist nichts"))
        case_numbers = re.compile(r"(?:Nummer|Vorgang|Nr\.)\s*(\d+)")
        assert case_numbers.findall(first)
        assert set(case_numbers.findall(again)) <= set(case_numbers.findall(first))
    finally:
        close_tickets(demo_db_url, sender)


def test_a_new_iban_typed_by_a_verified_customer_is_filed_as_a_correction(bot, demo_db_url) -> None:
    """ "kann ich ihnen die neue geben? DE89…" after the status got how
    changes work with the check of code and e-mail offered once more (before
    any transfer; after one, the payment is checked as a case)."""
    sender = new_sender()
    try:
        bot.say(sender, "ASV-QUA567 mehmet.yilmaz@example.de", {"program": "autosicher"})
        said = joined(
            bot.say(sender, "ich hab ein neues konto, hier die iban: DE89370400440532013000")
        )
        assert said.startswith(response_opening("utter_change_ticket"))
        assert "DE89370400440532013000" not in said
    finally:
        close_tickets(demo_db_url, sender)


def test_a_bare_why_after_the_cash_refusal_gets_the_reason_of_that_refusal(
    bot, demo_db_url
) -> None:
    """ "warum denn nicht?" right after the cash refusal got why there is a
    waiting period."""
    sender = new_sender()
    bot.say(
        sender, "kann man sich den gutschein auch auszahlen lassen?", {"program": "sonnenstrom"}
    )
    said = spoken(bot.say(sender, "wieso denn nicht?"))
    assert said[0] == kb_text(demo_db_url, "cash_conversion", "sonnenstrom", "why")


def test_the_recommended_friend_asking_when_gets_when_their_bonus_is_credited(
    bot, demo_db_url
) -> None:
    """ "Wann bekomme ich den?" after the recommended friend's bonus got the
    referrer's timeline."""
    sender = new_sender()
    bot.say(
        sender,
        "ich bin über die empfehlung einer kollegin neu bei euch. gibts für mich auch was?",
        {"program": "sonnenstrom"},
    )
    said = spoken(bot.say(sender, "und wann krieg ich das?"))
    assert said[0] == kb_text(demo_db_url, "friend_own_reward_time", "sonnenstrom")


def test_a_friend_who_may_cancel_named_after_the_status_gets_the_rule(bot, demo_db_url) -> None:
    """ "hannah meinte sie kündigt vielleicht gleich wieder. krieg ich dann
    trotzdem was?" after the status ended in "not sure"."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = spoken(
        bot.say(sender, "hannah überlegt, ob sie gleich wieder kündigt. bekomm ich dann noch was?")
    )
    assert said[0] == kb_text(demo_db_url, "friend_cancels", "funknetz", female=True)


def test_another_persons_referral_to_look_at_needs_their_own_details(bot, demo_db_url) -> None:
    """ "meine frau hat auch jemanden geworben, können sie da auch mal
    gucken?" got how the program works."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = spoken(
        bot.say(sender, "mein mann hat auch wen empfohlen, kannst du da mal nachschauen?")
    )
    assert said[0] == kb_text(demo_db_url, "status_of_someone_else", "funknetz")


def test_a_person_asked_for_in_so_many_words_is_connected(bot) -> None:
    """ "ja dann hätte ich gerne jemanden persönlich" got the question whether
    to connect once more."""
    sender = new_sender()
    bot.say(sender, "wie hoch ist die prämie?", {"program": "autosicher"})
    replies = bot.say(sender, "dann hätte ich gern jemanden persönlich")
    assert reaches_person(replies)


def test_a_friend_who_will_not_sign_after_the_status_gets_that_it_runs_out(
    bot, demo_db_url
) -> None:
    """ "er hat gesagt, dass er doch nicht abschließt. was heißt das für meine
    prämie?" got what "registriert" means."""
    sender = new_sender()
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"})
    said = spoken(
        bot.say(sender, "markus meinte, dass er doch nicht unterschreibt. und jetzt, meine prämie?")
    )
    answer, links = kb_text(demo_db_url, "validity", "autosicher").split("\n", 1)
    assert said[0].startswith(answer + " Bei Ihrer Empfehlung an Markus B. läuft die Frist bis zum")
    assert said[0].endswith(links)


def test_a_recommended_friend_objecting_to_mails_is_not_asked_for_a_code(bot) -> None:
    """ "ich will danach aber keine werbemails bekommen" from someone who said
    they were recommended asked for their referral code and e-mail."""
    sender = new_sender()
    bot.say(
        sender, "hallo, mich hat ein kumpel geworben. was muss ich tun?", {"program": "sonnenstrom"}
    )
    said = joined(bot.say(sender, "werbemails will ich von euch aber keine bekommen"))
    assert "Wie lautet Ihr Empfehlungscode" not in said


def test_the_friends_bonus_and_the_own_missing_mail_in_one_message_are_both_answered(
    bot, demo_db_url
) -> None:
    """ "leonie sagt sie hat ihren bonus auch noch nicht. und meiner ist
    angeblich verschickt, hab aber nix bekommen" got only the friend's part."""
    sender = new_sender()
    with resends_of(demo_db_url, "FNM-MUL678"):
        bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
        said = spoken(
            bot.say(
                sender,
                "hannah meint, sie wartet noch auf ihren bonus. und meine mail mit dem abo "
                "ist auch nie angekommen",
            )
        )
    assert said[0] == kb_text(demo_db_url, "friend_reward_time", "funknetz", female=True)
    assert "Leonie F." in "\n".join(said[1:]) or "Prämien-Mail" in "\n".join(said[1:])


def test_a_death_told_with_a_deletion_request_gets_condolences_not_a_code(bot) -> None:
    """ "meine Mutter ist vor kurzem verstorben … ihre Daten sollen gelöscht
    werden" got the request for a referral code the family never had."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "Mein Vater ist letzten Monat gestorben. Er wurde über eine Empfehlung Kunde, "
            "bitte löschen Sie seine Daten.",
            {"program": "funknetz"},
        )
    )
    assert said[0] in response_texts("utter_condolence")
    assert "Empfehlungscode" not in said[0]


def test_money_wondered_about_after_condolences_gets_the_team_not_a_plain_no(bot) -> None:
    """ "ich weiss nicht ob da noch geld kommt" after condolences was read as
    a no to the person ("Alles klar. Ich bin da, …")."""
    sender = new_sender()
    bot.say(
        sender,
        "guten tag, meine frau ist vor kurzem verstorben, sie hatte bei euch jemanden geworben",
        {"program": "autosicher"},
    )
    said = spoken(bot.say(sender, "keine ahnung ob da überhaupt noch geld kommt"))
    assert said[0] not in response_texts("utter_deny")
    assert said[0] in response_texts("utter_condolence_reward") | response_texts(
        "utter_condolence_follow_up"
    )


def test_sarcastic_thanks_after_an_answer_is_heard_as_a_complaint(bot) -> None:
    """ "danke fuer nix" after an answer was read as a plain no."""
    sender = new_sender()
    bot.say(sender, "kann ich die prämie auch bar bekommen?", {"program": "sonnenstrom"})
    said = spoken(bot.say(sender, "na dann danke für nix"))
    assert said[0] not in response_texts("utter_deny")


def test_when_the_transfer_was_asked_after_its_case_gets_the_transfer_date(
    bot, demo_db_url
) -> None:
    """ "und wann genau war das?" right after a missing transfer went to the
    team got the team's date; asked once more, the same text again."""
    sender = new_sender()
    try:
        bot.say(
            sender,
            "ihr habt überwiesen sagt ihr, bei mir ist aber nichts angekommen",
            {"program": "autosicher"},
        )
        bot.say(sender, "ASV-CSH234 peter.lang@example.de")
        said = spoken(bot.say(sender, "wann war das denn genau?"))
        # The transfer's own date (the status's sentence), not the case's.
        assert "Gabriele S." in said[0]
        assert "Nummer" not in said[0]
        first = spoken(bot.say(sender, "und wann meldet sich da jemand?"))
        again = spoken(bot.say(sender, "und wann meldet sich da jetzt jemand?"))
        assert first[0] != again[0]
    finally:
        close_tickets(demo_db_url, sender)


def test_sooner_asked_with_money_worries_after_the_status_gets_sympathy_and_the_date(
    bot,
) -> None:
    """ "geht das nicht schneller, bin grad knapp bei kasse" after the status
    got sympathy and a person, but nothing on whether it can come sooner."""
    sender = new_sender()
    bot.say(sender, "ASV-WAI456 sabine.wolf@example.com", {"program": "autosicher"})
    said = spoken(
        bot.say(sender, "oh je, so lange? gehts nicht schneller, das geld ist grad knapp")
    )
    assert said[0] in response_texts("utter_hardship_then_answer")
    assert said[1].startswith(phrase("status.no_sooner"))


def test_the_data_of_a_named_relative_the_customer_recommended_are_the_friends(
    bot, demo_db_url
) -> None:
    """ "was speichert ihr eigentlich über meinen schwager?" after the status
    got what is stored about the customer."""
    sender = new_sender()
    bot.say(sender, "ASV-WAI456 sabine.wolf@example.com", {"program": "autosicher"})
    said = spoken(bot.say(sender, "was habt ihr eigentlich alles über meinen cousin gespeichert?"))
    assert said[0] == kb_text(demo_db_url, "friend_data", "autosicher")
