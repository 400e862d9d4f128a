"""Whole conversations against the real servers: a woman spoken of is "sie"
in the answers, whom the customer may recommend by the person named, the
other referrals than the one asked about, a referral not on record yet, why
one referral is faster than another, a referral with another company, a
resend asked again right after it went out, the postal address, and the
team asked to get back once a case is open.

Expected texts come from the data (domain responses, knowledge base)."""

from __future__ import annotations

import pytest

from bot.knowledge.phrases import phrase
from tests.server.chat import (
    close_tickets,
    joined,
    kb_text,
    new_sender,
    opens_as,
    resends_of,
    speaks_of_a_woman_to,
    spoken,
)

pytestmark = pytest.mark.server


def test_a_woman_recommended_is_spoken_of_as_a_woman(bot) -> None:
    """ "und wenn sie nicht rechtzeitig abschließt?" about a neighbour got
    "Ihr Bekannter hat 30 Tage … er"; the answer now says "Ihre Bekannte … sie"."""
    sender = new_sender()
    bot.say(sender, "ich möchte meine nachbarin werben", {"program": "funknetz"})
    reply = joined(bot.say(sender, "wie viel zeit hat sie dann für den vertrag?"))
    assert "Ihre Bekannte" in reply
    assert "Ihr Bekannter" not in reply
    assert " er " not in reply


def test_a_man_recommended_is_still_spoken_of_as_a_man(bot) -> None:
    """The masculine forms stay where the customer speaks of a man."""
    sender = new_sender()
    reply = joined(
        bot.say(
            sender, "mein kumpel überlegt noch, wie lange hat er zeit?", {"program": "funknetz"}
        )
    )
    assert "Ihr Bekannter" in reply


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        (
            "Hallo, ich würde gern meinen Nachbarn werben, der zahlt viel zu viel für seine "
            "Autoversicherung. Geht das?",
            "who_may_be_recommended",
        ),
        ("darf ich eigentlich auch eine arbeitskollegin empfehlen?", "who_may_be_recommended"),
        ("meine mutter will auch wechseln, kann ich die dann selbst werben?", "family"),
    ],
)
def test_whom_to_recommend_is_answered_by_the_person_named(
    bot, demo_db_url, question, entry
) -> None:
    """A neighbour with the brand's words around it got the reward's amount;
    "kann ich die dann selbst werben?" about a mother got that recommending
    oneself is not allowed."""
    reply = joined(bot.say(new_sender(), question, {"program": "autosicher"}))
    assert kb_text(demo_db_url, entry, "autosicher") in reply
    assert kb_text(demo_db_url, "self_referral", "autosicher") not in reply


def test_the_other_referrals_are_those_not_asked_about_before(bot) -> None:
    """ "und bei den anderen beiden?" after asking about Hannah listed
    Hannah again and left out Leonie."""
    sender = new_sender()
    bot.say(sender, "wie ist der stand bei hannah?", {"program": "funknetz"})
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de")
    reply = joined(bot.say(sender, "und wie sieht es bei den anderen beiden aus?"))
    assert "Maximilian R." in reply
    assert "Leonie F." in reply
    assert "Hannah S." not in reply


def test_a_resend_asked_right_after_it_went_out_is_not_offered_again(bot, demo_db_url) -> None:
    """ "ja bitte nochmal schicken" right after "Erledigt: … erneut
    unterwegs" got the offer to resend once more."""
    sender = new_sender()
    with resends_of(demo_db_url, "FNM-MUL678"):
        bot.say(
            sender, "FNM-MUL678 jonas.weber@example.de wie ist der stand?", {"program": "funknetz"}
        )
        sent = joined(bot.say(sender, "die mail für leonie ist nie angekommen"))
        assert "erneut unterwegs" in sent
        said = spoken(bot.say(sender, "ja bitte schick sie nochmal"))
        assert opens_as(said[0], "utter_reward_mail_just_resent")


def test_a_referral_not_on_record_says_which_are_and_when_it_would_appear(bot) -> None:
    """ "meinen mann hab ich letzte woche auch geworben, zählt der?" after
    the status got the family rule, as if he were on record."""
    sender = new_sender()
    bot.say(sender, "FNM-EXP567 ursula.meier@example.org was ist los?", {"program": "funknetz"})
    said = spoken(
        bot.say(sender, "und meinen mann hab ich vor ein paar tagen auch geworben, zählt der?")
    )
    assert opens_as(said[0], "utter_referral_not_on_record")
    assert "Sören K." in said[0]


def test_why_one_referral_is_faster_than_another_is_explained(bot, demo_db_url) -> None:
    """ "wieso dauert das bei ihm so lange und bei leonie gings schneller?"
    got only what Leonie's "verschickt" means."""
    sender = new_sender()
    with resends_of(demo_db_url, "FNM-MUL678"):
        bot.say(
            sender,
            "FNM-MUL678 jonas.weber@example.de was macht maximilian?",
            {"program": "funknetz"},
        )
        reply = joined(
            bot.say(sender, "warum braucht das bei ihm so lang, bei leonie ging es viel schneller")
        )
    # Leonie's reward went out long ago: her state, then why the rest differ.
    assert reply.startswith("Ihre Prämie für die Empfehlung an Leonie F.")
    assert phrase("status.own_pace") in reply
    assert "Maximilian R." in reply


@pytest.mark.parametrize(
    "question",
    [
        "ich bin auch beim werbeprogramm von meiner sparkasse, könnt ihr da mal nachsehen?",
        "hab bei vodafone noch eine empfehlung offen, seht ihr die auch?",
    ],
)
def test_a_referral_with_another_company_says_only_this_program_is_seen(bot, question) -> None:
    """ "ich hab auch noch ne empfehlung bei eon offen" got topic buttons;
    one at the Sparkasse got that another person's status is theirs."""
    said = spoken(bot.say(new_sender(), question, {"program": "sonnenstrom"}))
    assert opens_as(said[0], "utter_other_company")
    assert "SonnenStrom" in said[0]


def test_a_complaint_by_letter_gets_the_postal_address(bot, demo_db_url) -> None:
    """ "ich möchte mich per brief beschweren, wohin muss ich den schicken?"
    got that no summary of the chat is sent by e-mail."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "ich möchte mich per brief beschweren, wohin muss ich den schicken?",
            {"program": "funknetz"},
        )
    )
    assert said[0] == kb_text(demo_db_url, "imprint", "funknetz")


def test_a_written_complaint_after_the_status_is_recorded_and_gets_the_address(
    bot, demo_db_url
) -> None:
    """ "ich will mich schriftlich beschweren, per brief. an welche adresse?"
    after a revoked referral recorded the complaint without the address."""
    sender = new_sender()
    try:
        bot.say(
            sender, "FNM-REJ456 ali.oezdemir@example.de wieso storniert??", {"program": "funknetz"}
        )
        said = spoken(
            bot.say(sender, "ich beschwere mich schriftlich, per post. an welche anschrift?")
        )
        assert "Beispielallee 12" in "\n".join(said)
    finally:
        close_tickets(demo_db_url, sender)


def test_asking_for_someone_to_get_back_right_after_a_case_names_that_case(
    bot, demo_db_url
) -> None:
    """ "ja ok dann soll sich jemand melden" right after the case at the
    resend limit went to the team got the hand-over and its e-mail offer."""
    sender = new_sender()
    try:
        bot.say(
            sender, "FNM-LIM789 heike.vogel@example.de prämienmail fehlt", {"program": "funknetz"}
        )
        filed = joined(bot.say(sender, "im spam ist auch nichts"))
        assert "Vorgang" in filed
        said = spoken(bot.say(sender, "gut, dann soll sich halt jemand bei mir melden"))
        assert opens_as(said[0], "utter_case_when")
    finally:
        close_tickets(demo_db_url, sender)


def test_asking_for_a_hotline_after_the_offer_of_a_reply_says_there_is_none(
    bot, closed_program
) -> None:
    """ "gibts keine hotline wo ich anrufen kann?" after the offer of an
    e-mail reply got the brand's phone line for contract matters."""
    sender = new_sender()
    bot.say(sender, "ich will sofort mit einem menschen reden", {"program": closed_program})
    said = spoken(bot.say(sender, "gibt es keine hotline, wo ich anrufen kann?"))
    assert opens_as(said[0], "utter_callback_not_by_phone")


def test_by_when_the_friend_must_sign_right_after_the_dates_names_the_deadline(bot) -> None:
    """ "bis wann muss er das machen damit es noch zählt?" right after the
    next step's dates got "Daran hat sich seit eben nichts geändert: Früher
    als zu diesen Terminen geht es leider nicht"."""
    sender = new_sender()
    bot.say(
        sender, "ASV-REC234 lena.hoffmann@example.de hat es geklappt?", {"program": "autosicher"}
    )
    bot.say(sender, "was muss er denn jetzt noch tun?")
    reply = joined(bot.say(sender, "und bis wann muss er das erledigt haben, damit es zählt?"))
    assert reply.startswith(phrase("status.deadline_again"))
    assert "Markus B." in reply
    assert phrase("status.dates_unchanged") not in reply


def test_someone_for_whom_the_internet_is_hard_is_heard_before_the_reply_offer(
    bot, closed_program
) -> None:
    """ "ich bin 78 und komm mit dem internet nich klar, kann mich nicht
    einfach wer anrufen?" got "Danke für die ausführliche Beschreibung!" and
    topic buttons."""
    said = spoken(
        bot.say(
            new_sender(),
            "ich bin über 80 und mit dem computer nicht so fit, kann mich nicht wer anrufen?",
            {"program": closed_program},
        )
    )
    assert opens_as(said[0], "utter_online_hard")
    assert opens_as(said[1], "utter_callback_no_phone")


def test_the_money_wanted_on_a_sons_account_gets_whom_it_is_paid_to(bot, demo_db_url) -> None:
    """ "kann ich das geld auch an meinen sohn überweisen lassen?" got that
    the reward cannot be swapped for cash."""
    reply = joined(
        bot.say(
            new_sender(),
            "könnt ihr die prämie direkt an meine tochter überweisen?",
            {"program": "autosicher"},
        )
    )
    assert kb_text(demo_db_url, "give_away", "autosicher") in reply
    assert kb_text(demo_db_url, "cash_conversion", "autosicher") not in reply


def test_why_the_bank_details_are_needed_is_answered_for_a_cash_reward(bot, demo_db_url) -> None:
    """ "warum braucht ihr eigentlich meine iban?" got a list of what is
    needed without the bank details, for a program that transfers money."""
    reply = joined(
        bot.say(new_sender(), "wozu braucht ihr überhaupt meine iban??", {"program": "autosicher"})
    )
    assert kb_text(demo_db_url, "data_why", "autosicher") in reply
    assert "IBAN" in reply


def test_relatives_with_their_own_meter_get_the_family_rule_and_no_contract_matter(
    bot, demo_db_url
) -> None:
    """Parents in the same house with their own electricity meter got the
    family rule and then the brand's service for contract matters."""
    said = spoken(
        bot.say(
            new_sender(),
            "meine schwiegereltern leben bei uns im haus, haben aber ihren eigenen zähler. "
            "kann ich die werben?",
            {"program": "sonnenstrom"},
        )
    )
    family = kb_text(demo_db_url, "family", "sonnenstrom")
    assert said[0] == family
    assert "eigenem Zähler" in family
    assert kb_text(demo_db_url, "brand_contact", "sonnenstrom") not in said


def test_how_the_reward_is_announced_is_answered_also_when_a_friend_is_named(
    bot, demo_db_url
) -> None:
    """ "bekomm ich ne sms wenn die prämie für maximilian da ist?" got that
    referral's status a third time; SMS or letter was never answered."""
    sender = new_sender()
    with resends_of(demo_db_url, "FNM-MUL678"):
        bot.say(sender, "FNM-MUL678 jonas.weber@example.de stand bitte", {"program": "funknetz"})
        said = spoken(
            bot.say(sender, "schickt ihr mir eine sms, sobald das abo für maximilian kommt?")
        )
    assert said[0] == kb_text(demo_db_url, "status_notification", "funknetz")


def test_sms_or_a_messenger_asked_for_gets_that_neither_is_used(bot) -> None:
    """ "geht das auch per sms?" after asking about the reward mail got the
    brand's service; "kann ich dir auch bei whatsapp schreiben" got "Dazu
    kann ich Ihnen leider nichts sagen"."""
    sender = new_sender()
    bot.say(sender, "wie bekomme ich den gutschein eigentlich?", {"program": "sonnenstrom"})
    said = spoken(bot.say(sender, "und geht das eventuell auch per sms?"))
    assert opens_as(said[0], "utter_no_other_channel")
    whatsapp = spoken(bot.say(sender, "kann ich euch auch über whatsapp schreiben"))
    assert opens_as(whatsapp[0], "utter_no_other_channel")


@pytest.mark.parametrize(
    ("program", "message"),
    [
        ("sonnenstrom", "hallo, seit heute früh ist bei uns der strom weg!!"),
        ("funknetz", "ich komm nicht mehr in mein kundenkonto rein, passwort vergessen"),
    ],
)
def test_an_outage_or_a_login_is_the_brands_matter(bot, demo_db_url, program, message) -> None:
    """A power cut and a forgotten password of the brand's customer account
    got "nicht ganz verstanden" and topic buttons."""
    said = spoken(bot.say(new_sender(), message, {"program": program}))
    assert said[0] == kb_text(demo_db_url, "brand_contact", program)


def test_whether_a_spouse_may_recommend_herself_is_who_may_take_part(bot, demo_db_url) -> None:
    """ "meine frau ist auch bei ihnen versichert, kann die auch selber
    werben?" got whether the wife may be recommended."""
    said = spoken(
        bot.say(
            new_sender(),
            "mein mann ist auch kunde bei euch, darf der eigentlich auch selber werben?",
            {"program": "autosicher"},
        )
    )
    assert said[0] == kb_text(demo_db_url, "who_may_refer", "autosicher")


def test_a_complaint_by_letter_without_asking_where_still_gets_the_address(bot) -> None:
    """ "Ich möchte mich schriftlich beschweren, per Brief." recorded the
    complaint without the postal address."""
    said = joined(
        bot.say(new_sender(), "ich werde mich per brief beschweren.", {"program": "funknetz"})
    )
    assert "Beispielallee 12" in said


def test_how_to_change_the_address_right_after_its_case_names_that_case(bot, demo_db_url) -> None:
    """ "Und wie ändere ich die Adresse dann?" right after the new address
    went to the team got the general way to change details."""
    sender = new_sender()
    try:
        bot.say(
            sender,
            "SSE-OLD345 monika.schaefer@example.de mein gutschein ist nie angekommen",
            {"program": "sonnenstrom"},
        )
        filed = joined(bot.say(sender, "bitte an monika.s.neu@example.net schicken"))
        assert "Nummer" in filed or "Vorgang" in filed
        said = spoken(bot.say(sender, "und wie ändere ich die adresse dann bei euch?"))
        # That case is the change: its number and date.
        assert opens_as(said[0], "utter_change_with_address_check")
    finally:
        close_tickets(demo_db_url, sender)


def test_what_if_the_friend_never_signs_is_the_validity_after_another_topic(
    bot, demo_db_url
) -> None:
    """ "ok und wenn markus am ende gar nicht abschliesst?" after the family
    rule got an example of recommending family."""
    sender = new_sender()
    bot.say(sender, "darf ich meine frau werben?", {"program": "funknetz"})
    said = spoken(bot.say(sender, "ok, und wenn sie am ende gar nicht unterschreibt?"))
    assert said[0] == kb_text(demo_db_url, "validity", "funknetz", female=True)


def test_a_friend_recommended_by_a_neighbour_is_not_asked_for_a_code(bot, demo_db_url) -> None:
    """ "ich bin auf Empfehlung meiner Freundin zu SonnenStrom gewechselt, wo
    bekomme ich meinen Bonus?" got the request for code and e-mail."""
    message = "bin auf empfehlung meiner nachbarin zu euch gewechselt, wann gibts meinen bonus?"
    said = spoken(bot.say(new_sender(), message, {"program": "sonnenstrom"}))
    entry = "friend_own_reward_time"
    woman = speaks_of_a_woman_to([message], entry)
    assert said[0] == kb_text(demo_db_url, entry, "sonnenstrom", female=woman)


def test_sms_asked_while_the_code_is_asked_gets_no_sms_and_the_form_goes_on(bot) -> None:
    """ "geht das auch per sms?" while code and e-mail were asked got the
    brand's customer service."""
    sender = new_sender()
    bot.say(
        sender, "meine prämien-mail ist weg, schickt ihr die nochmal?", {"program": "sonnenstrom"}
    )
    said = spoken(bot.say(sender, "oder geht das auch per sms?"))
    assert opens_as(said[0], "utter_no_other_channel")
    found = joined(bot.say(sender, "SSE-OLD345 monika.schaefer@example.de"))
    assert "Ich habe Ihre Prämien-Mail gefunden" in found  # the lookup went on


def test_money_missing_and_wanted_in_writing_is_checked_by_the_team(bot, demo_db_url) -> None:
    """ "auf meinem konto ist aber nichts!! ich will das schriftlich bestätigt
    haben" after the transfer got what can be had in writing, no case."""
    sender = new_sender()
    try:
        bot.say(sender, "ASV-CSH234 peter.lang@example.de", {"program": "autosicher"})
        said = joined(
            bot.say(sender, "bei mir ist nichts auf dem konto!! das will ich schriftlich haben")
        )
        assert kb_text(demo_db_url, "written_confirmation", "autosicher") not in said
        # The team checks the payment: filed at once, or offered to be checked.
        assert "Service-Team" in said
    finally:
        close_tickets(demo_db_url, sender)


def test_a_recommended_friend_upset_about_a_missed_code_learns_how_it_is_added(
    bot, demo_db_url
) -> None:
    """ "kann man das nachtragen? sie ist ziemlich enttäuscht" from the
    recommended friend was taken for a complaint, and the next message
    recorded as one."""
    sender = new_sender()
    bot.say(
        sender, "mich hat eine kollegin geworben, krieg ich da was?", {"program": "sonnenstrom"}
    )
    said = spoken(bot.say(sender, "lässt sich ihr code noch nachtragen? sie ist echt enttäuscht"))
    assert said[0] == kb_text(demo_db_url, "friend_code_missing", "sonnenstrom", female=True)


def test_someone_missing_from_the_list_is_said_not_to_be_on_record(bot, demo_db_url) -> None:
    """ "mein cousin … taucht da gar nicht auf" after the status of three
    referrals got "Bei Ihrer Empfehlung ist etwas anders …?"."""
    sender = new_sender()
    with resends_of(demo_db_url, "FNM-MUL678"):
        bot.say(sender, "FNM-MUL678 jonas.weber@example.de wie läufts", {"program": "funknetz"})
        said = spoken(bot.say(sender, "und mein schwager? der steht da gar nicht drin"))
    assert opens_as(said[0], "utter_referral_not_on_record")
