"""Whole conversations whose later turns depend on the earlier ones, as
strangers wrote them: code and e-mail given in the middle of a question,
who recommended me after an unexpected mail, how long a data request or a
change of details takes, another person's status, a program named in the
first sentence of a follow-up, an apology, a second message of grief, a
threat about data protection, German after English, an address for a
reward that was never sent, a reward mail asked again after its resend
limit, a data request with a status question, a relative named after a rule.

Expected texts come from the data (knowledge base, domain) filled with the
program's row, not from the bot's code paths."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot.db import session_scope
from bot.formatting import format_date
from bot.models import Program, Ticket, TicketKind
from tests.server.chat import (
    button_titles,
    close_tickets,
    joined,
    kb_text,
    new_sender,
    response_texts,
    texts,
)

pytestmark = pytest.mark.server


def test_code_and_email_given_with_a_how_long_question_are_verified_and_answered(
    bot, demo_db_url
) -> None:
    """ "ASV-… …@… wie lange muss ich denn bei mir noch warten" after a rule
    got the general timeline and the request for code and e-mail."""
    sender = new_sender()
    bot.say(
        sender,
        "warum dauert das eigentlich so ewig bis man die prämie kriegt",
        {"program": "autosicher"},
    )
    said = joined(
        bot.say(
            sender, "ASV-WAI456 sabine.wolf@example.com wie lange muss ich denn bei mir noch warten"
        )
    )
    assert "Frau Wolf" in said
    assert not any(text in said for text in response_texts("utter_offer_own_status"))


def test_a_code_in_a_not_helpful_message_starts_the_lookup_with_that_code(bot) -> None:
    """ "du verstehst mich nicht. ich will wissen wann ASV-REC234 ausgezahlt
    wird" got the offer of a person, the code ignored, and the address sent
    next got "Worum geht es Ihnen denn genau?"."""
    sender = new_sender()
    bot.say(
        sender,
        "das ist jetzt schon das dritte mal dass ich hier frage und nix passiert",
        {"program": "autosicher"},
    )
    asked = texts(
        bot.say(sender, "du verstehst mich nicht. ich will wissen wann ASV-REC234 ausgezahlt wird")
    )
    assert asked[-1] in response_texts("utter_ask_email")
    status = joined(bot.say(sender, "lena.hoffmann@example.de"))
    assert "Frau Hoffmann" in status


def test_who_recommended_me_after_the_unexpected_mail_is_told_by_the_privacy_team(
    bot, demo_db_url
) -> None:
    """ "dann will ich wissen wer das war" after "ich hab ne mail bekommen
    dass mich jemand empfohlen hat" got the privacy contact's repeat text."""
    sender = new_sender()
    bot.say(
        sender, "ich hab ne mail bekommen dass mich jemand empfohlen hat", {"program": "autosicher"}
    )
    reply = texts(bot.say(sender, "dann will ich wissen wer das war"))
    assert reply[0] == kb_text(demo_db_url, "who_recommended_me", "autosicher")


def test_someone_whose_brother_in_law_typed_their_address_gets_the_recommended_persons_way(
    bot, demo_db_url
) -> None:
    """ "also hat mein schwager die einfach eingetippt …" after the unexpected
    mail twice got "Ich merke, dass meine Erklärung Ihnen noch nicht
    weiterhilft" (or the complaint's question for the story)."""
    sender = new_sender()
    bot.say(
        sender,
        "hallo wieso krieg ich mails von euch?? ich hab mich nirgends angemeldet",
        {"program": "sonnenstrom"},
    )
    bot.say(sender, "woher habt ihr bitte meine email adresse")
    reply = texts(
        bot.say(
            sender, "also hat mein schwager die einfach eingetippt ohne mich zu fragen. na super."
        )
    )
    assert reply[0] in {
        kb_text(demo_db_url, "recommended_person_data", "sonnenstrom"),
        kb_text(demo_db_url, "recommended_person_data", "sonnenstrom", part="again"),
    }


def test_how_long_after_the_privacy_contact_is_the_deadline_for_data_requests(
    bot, demo_db_url
) -> None:
    """ "und wie lang dauert das jetzt" after the privacy team's contact got
    the same contact again."""
    sender = new_sender()
    bot.say(sender, "an wen schreibe ich bei datenschutzfragen", {"program": "sonnenstrom"})
    reply = texts(bot.say(sender, "und wie lang dauert das jetzt"))
    assert reply[0] == kb_text(demo_db_url, "data_rights_time", "sonnenstrom")


def test_details_offered_into_the_chat_and_the_time_a_change_takes_follow_the_change_of_details(
    bot, demo_db_url
) -> None:
    """After how bank details change, "kann ich dir die nicht einfach hier
    reinschreiben?" got the bot's introduction, and "wie lange dauert das bis
    das geändert is" the offer of a person."""
    sender = new_sender()
    first = texts(
        bot.say(
            sender,
            "ich hab die bank gewechselt, wie kann ich meine neue iban für die prämie hinterlegen",
            {"program": "funknetz"},
        )
    )
    assert first[0] == kb_text(demo_db_url, "change_details", "funknetz")
    typed = texts(bot.say(sender, "kann ich dir die nicht einfach hier reinschreiben?"))
    assert typed[0] in response_texts("utter_new_details_not_in_chat")
    when = joined(bot.say(sender, "wie lange dauert das bis das geändert is"))
    assert when.startswith("Sobald Sie die Änderung hier beantragt haben")


def test_another_persons_status_needs_their_own_code_and_ok_is_taken_in(bot, demo_db_url) -> None:
    """ "meine frau hat auch jemand geworben, kannst du bei ihr auch gleich
    gucken?" after the own status got whether the reward can go to another
    account; "ok dann soll sie selber hier schreiben" the topic buttons."""
    sender = new_sender()
    bot.say(sender, "ASV-QUA567 mehmet.yilmaz@example.de", {"program": "autosicher"})
    reply = texts(
        bot.say(
            sender,
            "meine frau hat auch jemand geworben, kannst du bei ihr auch gleich gucken? "
            "die hat ne andere mail",
        )
    )
    assert reply[0] == kb_text(demo_db_url, "status_of_someone_else", "autosicher")
    taken = texts(bot.say(sender, "ok dann soll sie selber hier schreiben"))
    assert taken[0] in response_texts("utter_affirm", "de")


def test_a_program_alone_in_the_first_sentence_asks_the_last_topic_for_that_program(
    bot, demo_db_url
) -> None:
    """ "und bei autosicher? da bin ich auch kunde" after the limit of
    referrals got AutoSicher's customer service."""
    sender = new_sender()
    first = texts(
        bot.say(sender, "wieviele leute kann ich max empfehlen??", {"program": "sonnenstrom"})
    )
    assert first[0] == kb_text(demo_db_url, "max_referrals", "sonnenstrom")
    other = texts(bot.say(sender, "und bei autosicher? da bin ich auch kunde"))
    assert other[0] == kb_text(demo_db_url, "max_referrals", "autosicher")


def test_you_are_the_brand_after_the_brands_contacts_gets_who_runs_the_program(
    bot, demo_db_url
) -> None:
    """ "hä ich dachte ihr seid doch autosicher??" after the brand's contacts
    got the topic buttons."""
    sender = new_sender()
    bot.say(
        sender,
        "hatte letzte woche nen steinschlag in der frontscheibe, zahlt ihr das?",
        {"program": "autosicher"},
    )
    reply = texts(bot.say(sender, "hä ich dachte ihr seid doch autosicher??"))
    assert reply[0] == kb_text(demo_db_url, "operator", "autosicher")


def test_an_apology_for_harsh_words_is_accepted(bot) -> None:
    """ "achso. sorry wegen vorhin, war n langer tag" got the topic buttons."""
    sender = new_sender()
    bot.say(sender, "scheiss bot", {"program": "sonnenstrom"})
    reply = texts(bot.say(sender, "achso. sorry wegen vorhin, war n langer tag"))
    assert reply[0] in response_texts("utter_apology_accepted")


def test_being_overwhelmed_after_condolences_gets_help_with_the_steps_not_topics(bot) -> None:
    """ "ich bin mit dem ganzen papierkram grad ziemlich überfordert" after
    condolences got "das habe ich nicht ganz verstanden" and complaint buttons."""
    sender = new_sender()
    bot.say(
        sender,
        "guten tag, mein mann ist im märz verstorben. er hat bei ihnen mal jemanden geworben "
        "und da sollte noch eine praemie kommen",
        {"program": "autosicher"},
    )
    reply = texts(
        bot.say(
            sender, "entschuldigung, ich bin mit dem ganzen papierkram grad ziemlich überfordert"
        )
    )
    assert reply[0] in response_texts("utter_hardship_again")


def test_a_threat_about_data_protection_gets_the_privacy_team_not_the_payout_rules(
    bot, demo_db_url
) -> None:
    """A mail with a stranger's data got the answer on genuine mails; "ich geh
    damit zur presse und zur datenschutzbehörde" the privacy contact, no
    acknowledgement."""
    sender = new_sender()
    first = texts(
        bot.say(
            sender,
            "ich hab ne mail von euch bekommen da steht ein fremder name drin und irgendein tarif, "
            "wie kann DAS denn sein",
            {"program": "autosicher"},
        )
    )
    assert first[0] == kb_text(demo_db_url, "foreign_data_in_mail", "autosicher")
    threat = texts(
        bot.say(
            sender,
            "das ist ein datenschutzverstoss, ich geh damit zur presse und zur datenschutzbehörde",
        )
    )
    assert threat[0] in response_texts("utter_threat_acknowledge_data")
    assert threat[1] == kb_text(demo_db_url, "privacy_contact", "autosicher")
    assert kb_text(demo_db_url, "payout_time", "autosicher") not in threat


def test_german_after_english_goes_on_in_german(bot) -> None:
    """ "ach ich kann auch deutsch, mein bruder hat letzte woche
    abgeschlossen" after an English message was answered in English."""
    sender = new_sender()
    bot.say(
        sender,
        "hi, I recommended funknetz to my brother, when will I get my reward?",
        {"program": "funknetz"},
    )
    reply = texts(
        bot.say(sender, "ach ich kann auch deutsch, mein bruder hat letzte woche abgeschlossen")
    )
    english = response_texts("utter_inform", "en") | response_texts("utter_english")
    assert reply and not any(text in english for text in reply)


def test_a_new_address_for_a_reward_never_sent_gets_how_the_address_is_changed(
    bot, demo_db_url
) -> None:
    """ "koennen sie es bitte an meine neue adresse … schicken" after an
    expired referral got "Danke für die Angabe! Wobei kann ich Ihnen damit
    helfen?"."""
    sender = new_sender()
    bot.say(sender, "FNM-EXP567, ursula.meier@example.org", {"program": "funknetz"})
    reply = texts(
        bot.say(
            sender,
            "koennen sie es bitte an meine neue adresse u.meier@web.de schicken, "
            "die alte nutze ich kaum noch",
        )
    )
    assert reply[0] in response_texts("utter_nothing_to_send")
    # Verified already: the change offered at once, not "I check your code".
    assert reply[1] in response_texts("utter_change_offer_verified")


def test_when_do_i_get_something_after_a_friend_signed_is_the_referrers_timeline(
    bot, demo_db_url
) -> None:
    """ "mein kumpel hat … abgeschlossen ueber meinen link, wann bekomm ich
    dann was" got that nobody of the team is told yet, then the friend's
    own bonus."""
    reply = texts(
        bot.say(
            new_sender(),
            "hi also mein kumpel hat jetzt bei euch die kfz versicherung abgeschlossen ueber "
            "meinen link, wann bekomm ich dann was",
            {"program": "autosicher"},
        )
    )
    assert reply[0] == kb_text(demo_db_url, "payout_time", "autosicher")


def test_a_missing_mail_for_a_transferred_reward_is_not_answered_with_the_status_again(
    bot,
) -> None:
    """ "die mail hab ich aber nie gekriegt" after the status of a transfer
    repeated the status word for word."""
    sender = new_sender()
    status = joined(bot.say(sender, "ASV-CSH234, peter.lang@example.de", {"program": "autosicher"}))
    reply = texts(bot.say(sender, "die mail hab ich aber nie gekriegt, im spam war auch nix"))
    assert reply[0] in response_texts("utter_transfer_has_no_mail")
    assert reply[0] not in status


def test_the_deceased_persons_data_after_condolences_is_settled_by_a_person(bot) -> None:
    """ "kann man dann auch gleich alle seine daten löschen lassen" after
    condolences asked for the referral code of the deceased."""
    sender = new_sender()
    bot.say(
        sender,
        "hallo. mein vater ist letzten monat gestorben und er hatte glaub ich noch eine "
        "prämie bei euch offen",
        {"program": "funknetz"},
    )
    reply = joined(bot.say(sender, "kann man dann auch gleich alle seine daten löschen lassen"))
    assert "Wie lautet Ihr Empfehlungscode?" not in reply
    assert reply in response_texts("utter_condolence_data")
    # The reward asked next gets its own answer, then the formalities theirs:
    # never the same text twice.
    reward = joined(bot.say(sender, "und was ist mit der prämie, verfällt die jetzt einfach?"))
    assert reward in response_texts("utter_condolence_reward")
    proof = joined(bot.say(sender, "muss ich dafür einen erbschein schicken?"))
    assert proof in response_texts("utter_condolence_follow_up")


def test_a_question_after_ok_verstehe_is_matched_without_the_reaction(bot, demo_db_url) -> None:
    """ "hm ok verstehe. und wie änder ich die adresse dann richtig?" after
    how details are changed was taken for "that did not help" and got the
    offer of a person."""
    sender = new_sender()
    first = texts(
        bot.say(
            sender,
            "ich bin umgezogen, wie ändere ich meine mailadresse bei euch?",
            {"program": "autosicher"},
        )
    )
    assert first[0] == kb_text(demo_db_url, "change_details", "autosicher")
    reply = texts(bot.say(sender, "hm ok verstehe. und wie änder ich die adresse dann richtig?"))
    assert reply[0] == kb_text(demo_db_url, "change_details", "autosicher", part="again")


def test_a_bare_how_long_after_the_status_is_the_wait_not_how_long_data_is_kept(
    bot, demo_db_url
) -> None:
    """ "und wie lange noch?" right after the status got how long data is
    kept, whose questions share its words."""
    sender = new_sender()
    bot.say(sender, "Hallo, wo bleibt eigentlich meine Prämie?", {"program": "autosicher"})
    bot.say(sender, "ASV-REC234, lena.hoffmann@example.de")
    said = joined(bot.say(sender, "und wie lange noch?"))
    assert kb_text(demo_db_url, "data_retention", "autosicher") not in said
    assert "Ihre Empfehlung an" in said


def test_a_program_asked_for_twice_is_explained_then_answered_for_every_program(
    bot, demo_db_url
) -> None:
    """Without a program (no page, no name), three questions got the same
    "Für welches Empfehlungsprogramm?" three times; two questions in one
    message got the second time twice."""
    sender = new_sender()
    first = texts(bot.say(sender, "Wo finde ich Ihre Teilnahmebedingungen?"))
    assert first == sorted(response_texts("utter_kb_which_program"))
    second = texts(bot.say(sender, "Wer betreibt das Programm? Steht das im Impressum?"))
    assert second == sorted(response_texts("utter_kb_which_program_again"))
    third = texts(bot.say(sender, "Gibt es auch eine Telefonnummer?"))
    assert third[0] in response_texts("utter_kb_all_programs")
    # One answer per program in the database, each named by its brand (the
    # entry is the matcher's choice: the brand's or the program's phone).
    # Other server tests may add a program to the shared demo data.
    with session_scope(demo_db_url) as session:
        brands = sorted(session.scalars(select(Program.brand)).all())
    assert len(third) == 1 + len(brands)
    for brand in ("AutoSicher", "FunkNetz", "SonnenStrom"):
        assert sum(text.startswith(brand) for text in third[1:]) == 1


def test_a_customer_who_needs_a_moment_for_the_code_is_given_it_then_not_told_the_same_twice(
    bot,
) -> None:
    """ "moment mal" while the code was asked got the request for code and
    e-mail again; the request said twice in a row read the same both times."""
    sender = new_sender()
    meta = {"program": "autosicher"}
    bot.say(sender, "Ich hab meinen Kollegen vor 3 Tagen empfohlen, wo bleibt meine Prämie?", meta)
    said = texts(bot.say(sender, "moment mal", meta))
    assert said[0] in response_texts("utter_take_your_time")


def test_where_a_rule_is_written_is_answered_with_the_terms(bot, demo_db_url) -> None:
    """ "Wo genau steht das?" after existing customers got "Gut! Wenn noch
    eine Frage offen ist …"."""
    sender = new_sender()
    meta = {"program": "funknetz"}
    bot.say(sender, "Mein Freund war vor zwei Jahren schon mal bei FunkNetz, zählt der dann?", meta)
    said = joined(bot.say(sender, "Wo genau steht das?", meta))
    assert kb_text(demo_db_url, "terms", "funknetz") in said


def test_asking_whether_one_can_cancel_here_is_no_threat(bot, demo_db_url) -> None:
    """ "Und kündigen kann ich bei euch auch nicht?" after the brand's phone
    number got the de-escalation with the payout timeline."""
    sender = new_sender()
    meta = {"program": "sonnenstrom"}
    bot.say(sender, "Mein Abschlag ist viel zu hoch, wer ist dafür zuständig???", meta)
    said = joined(bot.say(sender, "Und kündigen kann ich bei euch auch nicht?", meta))
    assert kb_text(demo_db_url, "payout_time", "sonnenstrom") not in said
    brand = [
        kb_text(demo_db_url, entry, "sonnenstrom", part)
        for entry in ("brand_contact", "brand_phone")
        for part in ("answer", "again")
    ]
    assert any(text in said for text in brand)


def test_a_long_thank_you_that_takes_leave_after_the_status_is_a_goodbye(bot) -> None:
    """ "Schade. Na gut … Vielen Dank und Ihnen noch einen schönen Sonntag!"
    after an expired referral got the offer to have the case checked."""
    sender = new_sender()
    meta = {"program": "funknetz"}
    bot.say(sender, "FNM-EXP567 / ursula.meier@example.org", meta)
    said = texts(
        bot.say(
            sender,
            "Schade. Na gut, dann weiß ich wenigstens Bescheid. "
            "Vielen Dank und Ihnen noch einen schönen Sonntag!",
            meta,
        )
    )
    assert said == sorted(response_texts("utter_goodbye_day", "de"))


def test_back_to_ones_own_reward_after_a_side_question_gets_its_date(bot, demo_db_url) -> None:
    """ "Nochmal zurück zu meiner Prämie, bis wann ist die denn ungefähr da?"
    after the taxes got when a voucher expires (AutoSicher pays money)."""
    sender = new_sender()
    meta = {"program": "autosicher"}
    bot.say(sender, "Code ist ASV-QUA567, Mail mehmet.yilmaz@example.de", meta)
    bot.say(sender, "Muss ich die Prämie eigentlich versteuern?", meta)
    said = joined(
        bot.say(
            sender, "Gut. Nochmal zurück zu meiner Prämie, bis wann ist die denn ungefähr da?", meta
        )
    )
    assert kb_text(demo_db_url, "voucher_expiry", "autosicher") not in said
    assert "Ihre Prämie von 50 €" in said


def test_a_corrected_ending_of_the_address_is_tried_with_the_code_given_before(bot) -> None:
    """ "oh moment, es ist .com nicht .de" after a mismatch got what else may
    be wrong and the request for code or address again."""
    sender = new_sender()
    meta = {"program": "autosicher"}
    bot.say(sender, "wo bleibt meine prämie", meta)
    bot.say(sender, "ASV-WAI456 sabine.wolf@example.de", meta)
    said = joined(bot.say(sender, "oh moment, es ist .com nicht .de", meta))
    assert "Frau Wolf" in said


def test_ok_thanks_and_hello_while_the_code_is_asked_never_get_the_same_request_twice(bot) -> None:
    """ "ok", "danke", "hallo?" while the bot waited for the code each got
    the same "Um weiterzumachen, brauche ich …" and the question again."""
    sender = new_sender()
    meta = {"program": "sonnenstrom"}
    bot.say(sender, "status meiner empfehlung bitte", meta)
    first = texts(bot.say(sender, "ok", meta))
    second = texts(bot.say(sender, "danke", meta))
    third = bot.say(sender, "hallo?", meta)
    assert first[0] in response_texts("utter_verification_ok")
    assert second[0] in response_texts("utter_verification_help_again")
    assert texts(third)[0] in response_texts("utter_verification_person")
    assert "Mit einem Mitarbeiter sprechen" in button_titles(third)


def test_a_deleted_confirmation_mail_while_the_code_is_asked_is_no_deletion_request(
    bot, demo_db_url
) -> None:
    """ "nee die mail hab ich gelöscht" while the bot asked for the code was
    taken for a request to delete the customer's data."""
    sender = new_sender()
    meta = {"program": "funknetz"}
    bot.say(sender, "wo ist meine prämie", meta)
    said = joined(bot.say(sender, "nee die mail hab ich gelöscht", meta))
    assert kb_text(demo_db_url, "no_code", "funknetz") in said
    assert "Datenschutz" not in said


def test_a_code_found_after_all_is_looked_up_not_met_with_the_way_without_one(bot) -> None:
    """ "ok hab die alte mail doch noch gefunden, code ist SSE-ORD789" after
    where to find the code got the answer for customers without a code."""
    sender = new_sender()
    meta = {"program": "sonnenstrom"}
    bot.say(sender, "ich hab meinen empfehlungscode verschlampt, wie krieg ich den wieder?", meta)
    asked = texts(
        bot.say(sender, "ok hab die alte mail doch noch gefunden, code ist SSE-ORD789", meta)
    )
    assert asked[-1] in response_texts("utter_ask_email")
    assert "Frau Becker" in joined(bot.say(sender, "claudia.becker@example.de", meta))


def test_how_the_reward_comes_asked_after_a_side_question_is_answered_not_the_mail(
    bot, demo_db_url
) -> None:
    """ "nochmal zurueck zur praemie, kommt die aufs konto oder als
    gutschein?" after the taxes got that no reward mail was sent yet."""
    sender = new_sender()
    meta = {"program": "autosicher"}
    bot.say(sender, "ASV-QUA567 mehmet.yilmaz@example.de wo bleibt meine prämie", meta)
    bot.say(sender, "muss ich das beim finanzamt angeben?", meta)
    said = joined(
        bot.say(
            sender,
            "ok. nochmal zurueck zur praemie, kommt die aufs konto oder als gutschein?",
            meta,
        )
    )
    assert not set(texts([{"text": said}])) & response_texts("utter_no_reward_mail_yet_told")
    assert kb_text(demo_db_url, "payout_method", "autosicher") in said


def test_sarcastic_thanks_after_a_refusal_is_no_thank_you(bot) -> None:
    """ "toll. wirklich super service, danke auch." after the cash refusal got
    "Gern geschehen! Kann ich sonst noch etwas für Sie tun?"."""
    sender = new_sender()
    meta = {"program": "funknetz"}
    bot.say(sender, "Kann man mir die Prämie nicht einfach überweisen statt Abo?", meta)
    said = texts(bot.say(sender, "toll. wirklich super service, danke auch.", meta))
    assert not set(said) & response_texts("utter_thank")


def test_a_status_word_echoed_after_another_answer_is_explained_from_the_status(bot) -> None:
    """ "hä? schon ueberwiesen? wann denn und auf welches konto?" after the
    status and how to change bank details got when a change is confirmed."""
    sender = new_sender()
    meta = {"program": "autosicher"}
    bot.say(
        sender,
        "Moin, ich hab eine neue Bankverbindung, wie kann ich die ändern? "
        "Code ASV-CSH234, peter.lang@example.de",
        meta,
    )
    said = joined(bot.say(sender, "hä? schon ueberwiesen? wann denn und auf welches konto?", meta))
    # The transfer's date (it moves with the day the tests run) or the account's rule.
    transfer_date = re.search(r"am \d{1,2}\. \w+ \d{4}", said)
    assert transfer_date or "Konto, das Sie bei der Anmeldung" in said


def test_an_objection_to_the_status_with_a_question_is_recorded_and_the_question_answered(
    bot, demo_db_url
) -> None:
    """ "… das ist doch quatsch. wer darf denn ueberhaupt geworben werden,
    steht das irgendwo?" after a rejection recorded the objection only."""
    sender = new_sender()
    meta = {"program": "funknetz"}
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de warum abgelehnt??", meta)
    said = joined(
        bot.say(
            sender,
            "mein kumpel war vorher nie bei euch kunde, das ist doch quatsch. "
            "wer darf denn ueberhaupt geworben werden, steht das irgendwo?",
            meta,
        )
    )
    assert "Nummer" in said
    assert kb_text(demo_db_url, "who_may_be_recommended", "funknetz") in said


def test_a_closed_account_after_the_transfer_goes_to_the_team_as_a_case(bot, demo_db_url) -> None:
    """ "das alte konto gibts aber nicht mehr!" after "überwiesen am …" got how
    bank details are changed for the future; the money sent to the closed
    account needs the team."""
    sender = new_sender()
    meta = {"program": "autosicher"}
    bot.say(sender, "ist mein Geld schon raus? ASV-CSH234 peter.lang@example.de", meta)
    said = texts(bot.say(sender, "das alte konto gibts aber nicht mehr!", meta))
    assert said[0] not in {kb_text(demo_db_url, "change_details", "autosicher")}
    assert "Nummer" in said[0] and "zurück" in said[0]
    # Asked about it again later: the same case and its date, not a second case.
    bot.say(sender, "ok danke", meta)
    again = texts(
        bot.say(sender, "und wegen dem geld fuers alte konto, kuemmert sich da jemand?", meta)
    )
    number = said[0].split("Nummer ")[1].split(" ")[0]
    assert f"Nummer {number}" in again[0] or f"Nummer {number}" in " ".join(again)
    assert "zurück" not in " ".join(again)


def test_a_code_given_after_the_address_is_verified_without_asking_for_both_again(bot) -> None:
    """ "ok hab die alte mail doch noch gefunden, code ist SSE-ORD789" after
    the address was given got "Bitte nennen Sie mir Code und E-Mail-Adresse"
    before the status."""
    sender = new_sender()
    meta = {"program": "sonnenstrom"}
    bot.say(
        sender, "ich weiß meinen code nicht mehr, meine mail ist claudia.becker@example.de", meta
    )
    said = texts(
        bot.say(sender, "ok hab die alte mail doch noch gefunden, code ist SSE-ORD789", meta)
    )
    assert "Frau Becker" in " ".join(said)
    assert not set(said) & response_texts("utter_verification_intro")


def test_where_the_data_rules_are_written_gets_the_privacy_policy_and_files_nothing(
    bot, demo_db_url
) -> None:
    """ "ok. zurück zu den daten, wo steht das alles?" from a verified
    customer filed a data-rights request nobody asked for."""
    sender = new_sender()
    meta = {"program": "sonnenstrom"}
    bot.say(sender, "Was speichert ihr eigentlich alles über mich?", meta)
    bot.say(sender, "ist mein gutschein schon raus? SSE-ORD789 claudia.becker@example.de", meta)
    said = joined(bot.say(sender, "ok. zurück zu den daten, wo steht das alles?", meta))
    assert kb_text(demo_db_url, "privacy_policy", "sonnenstrom") in said
    assert "Antrag" not in said


def test_thanks_ahead_with_a_question_to_the_offered_mail_reply_arranges_it(
    bot, demo_db_url
) -> None:
    """ "wann seid ihr wieder da und meldet ihr euch dann bei mir? danke
    schonmal" to the offer of an e-mail reply after hours got "Gern
    geschehen! Kann ich sonst noch etwas für Sie tun?"."""
    sender = new_sender()
    meta = {"program": "funknetz"}
    bot.say(sender, "FNM-LIM789 heike.vogel@example.de", meta)
    offer = joined(bot.say(sender, "ich will einen mitarbeiter sprechen", meta))
    assert "per E-Mail" in offer  # nobody is in the console during the tests
    said = joined(
        bot.say(
            sender, "wann seid ihr wieder da und meldet ihr euch dann bei mir? danke schonmal", meta
        )
    )
    assert "Nummer" in said
    close_tickets(demo_db_url, sender)


def test_an_objection_right_after_the_status_and_a_rule_in_one_turn_goes_to_the_team(bot) -> None:
    """ "hä? mein kumpel hat doch unterschrieben" after a rejection that came
    with why referrals do not count got the topic buttons."""
    sender = new_sender()
    meta = {"program": "funknetz"}
    bot.say(
        sender,
        "Meine Empfehlung wurde abgelehnt?! FNM-REJ456 ali.oezdemir@example.de, was soll das",
        meta,
    )
    said = joined(bot.say(sender, "hä? mein kumpel hat doch unterschrieben", meta))
    assert "Nummer" in said or any(text in said for text in response_texts("utter_status_unclear"))


def test_how_long_data_is_kept_asked_right_after_the_status_is_not_the_customers_dates(
    bot, demo_db_url
) -> None:
    """ "wie lang speichert ihr eigentlich meine kontonummer?" right after the
    status got the days until each referral's next step."""
    sender = new_sender()
    bot.say(sender, "ASV-WAI456 sabine.wolf@example.com", {"program": "autosicher"})
    said = joined(bot.say(sender, "wie lang speichert ihr eigentlich meine kontonummer?"))
    assert kb_text(demo_db_url, "data_retention", "autosicher") in said
    assert "prämienberechtigt" not in said


def test_why_after_a_revoked_referral_gives_its_reason_not_a_forgotten_code(
    bot, demo_db_url
) -> None:
    """ "und warum? mein kumpel hat den vertrag doch unterschrieben" after a
    revoked referral got how a forgotten code is added later."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456, ali.oezdemir@example.de", {"program": "funknetz"})
    said = joined(bot.say(sender, "und warum? mein kumpel hat den vertrag doch unterschrieben"))
    assert kb_text(demo_db_url, "code_forgotten", "funknetz") not in said
    assert "widerrufen" in said


def test_the_brands_number_asked_for_again_after_the_status_is_given_again(
    bot, demo_db_url
) -> None:
    """ "und die nummer für die scheibe nochmal bitte" after the brand's service
    and then the status got "Habe ich Sie richtig verstanden …?"."""
    sender = new_sender()
    meta = {"program": "autosicher"}
    bot.say(sender, "hab steinschlag in der windschutzscheibe, wo kann ich das melden", meta)
    bot.say(sender, "is die prämie schon durch? ASV-QUA567 mehmet.yilmaz@example.de")
    said = joined(bot.say(sender, "ok gut. und die nummer für die scheibe nochmal bitte"))
    assert kb_text(demo_db_url, "brand_phone", "autosicher") in said


def test_send_again_after_the_resend_limit_names_the_case_already_filed(bot, demo_db_url) -> None:
    """ "hallo?? ich hab gesagt nochmal senden" after the resend limit went to
    the team got "Erzählen Sie mir gern in Ruhe, was passiert ist"; "wie lange
    dauert das?" then got what "verschickt" means."""
    sender = new_sender()
    bot.say(sender, "mein gutschein is nie angekommen", {"program": "funknetz"})
    bot.say(sender, "heike.vogel@example.de FNM-LIM789")
    filed = joined(bot.say(sender, "spam hab ich schon geguckt. einfach nochmal schicken bitte"))
    with session_scope(demo_db_url) as session:
        ticket = session.scalars(select(Ticket).where(Ticket.conversation_id == sender)).one()
        number, due = ticket.id, format_date(ticket.due_on)
    assert f"Vorgang {number}" in filed
    again = joined(bot.say(sender, "hallo?? ich hab gesagt nochmal senden. is doch nich so schwer"))
    assert f"Vorgang {number}" in again and due in again
    when = joined(bot.say(sender, "und wie lange dauert das dann bei ihnen"))
    assert f"Nummer {number}" in when and due in when
    with session_scope(demo_db_url) as session:
        assert (
            len(session.scalars(select(Ticket).where(Ticket.conversation_id == sender)).all()) == 1
        )
    close_tickets(demo_db_url, sender)


def test_a_relative_named_after_a_rule_by_a_verified_customer_gets_the_family_rule(
    bot, demo_db_url
) -> None:
    """ "und bei meiner mutter?" after whether a brother who is a customer
    counts, read as the status, got the status again."""
    sender = new_sender()
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"})
    bot.say(sender, "kann ich meinen bruder werben? der ist schon bei euch versichert")
    said = joined(bot.say(sender, "und bei meiner mutter?"))
    assert kb_text(demo_db_url, "family", "autosicher") in said


def test_how_long_the_friend_has_after_an_expired_referral_is_how_long_it_stays_valid(
    bot, demo_db_url
) -> None:
    """ "und wie lang hat sie diesmal zeit?" after an expired referral got "Bei
    Ihren Empfehlungen wartet gerade kein Schritt mehr auf einen Termin"."""
    sender = new_sender()
    bot.say(sender, "FNM-EXP567 ursula.meier@example.org", {"program": "funknetz"})
    said = joined(bot.say(sender, "und wie lang hat sie diesmal zeit?"))
    assert kb_text(demo_db_url, "validity", "funknetz", female=True) in said


def test_thanks_in_german_after_the_note_in_english_are_answered_in_german(bot) -> None:
    sender = new_sender()
    bot.say(sender, "sorry my german is not so good. can you explain in english?")
    said = joined(bot.say(sender, "jo passt, danke"))
    assert said and "welcome" not in said.lower()


def test_a_status_question_with_the_details_a_deletion_waits_for_gets_both(
    bot, demo_db_url
) -> None:
    """ "moment vorher noch: is meine prämie eigentlich raus? ASV-… …@…" while
    a deletion waited for the details filed it and left the question; asked
    again, the deletion made a second request."""
    sender = new_sender()
    bot.say(sender, "ich will dass ihr meine daten komplett löscht", {"program": "autosicher"})
    both = joined(
        bot.say(
            sender,
            "moment vorher noch: is meine prämie eigentlich raus? ASV-CSH234 peter.lang@example.de",
        )
    )
    assert "überwiesen" in both and "Antrag" in both
    again = joined(bot.say(sender, "gut dann jetzt bitte löschen. und keine werbemails mehr"))
    with session_scope(demo_db_url) as session:
        ticket = session.scalars(
            select(Ticket).where(
                Ticket.conversation_id == sender, Ticket.kind == TicketKind.DATA_RIGHTS
            )
        ).one()
        assert f"Nummer {ticket.id}" in again
        assert "keine werbemails" in ticket.details
    close_tickets(demo_db_url, sender)


def test_details_given_with_a_wish_for_a_mail_reply_arrange_the_reply(bot, demo_db_url) -> None:
    """ "dann meldet euch halt per mail, SSE-… …@…" to the offer of an e-mail
    reply got the status, the business hours and the offer once more."""
    sender = new_sender()
    meta = {"program": "sonnenstrom"}
    offer = joined(bot.say(sender, "dann will ich lieber mit nem echten menschen schreiben", meta))
    assert "per E-Mail" in offer  # nobody is in the console during the tests
    said = joined(
        bot.say(
            sender,
            "wann seid ihr denn wieder da? dann meldet euch halt per mail, "
            "SSE-ORD789 claudia.becker@example.de",
        )
    )
    with session_scope(demo_db_url) as session:
        ticket = session.scalars(
            select(Ticket).where(
                Ticket.conversation_id == sender, Ticket.kind == TicketKind.CALLBACK
            )
        ).one()
        assert f"Nummer {ticket.id}" in said
    close_tickets(demo_db_url, sender)


def test_what_is_stored_about_me_and_a_friend_i_recommended_is_no_recommended_persons_question(
    bot, demo_db_url
) -> None:
    sender = new_sender()
    said = joined(
        bot.say(
            sender,
            "Was speichert ihr eigentlich alles über mich und den Freund den ich empfohlen hab?",
            {"program": "sonnenstrom"},
        )
    )
    assert kb_text(demo_db_url, "recommended_person_data", "sonnenstrom") not in said


def test_a_threat_after_a_revoked_referral_names_the_customers_own_case(bot, demo_db_url) -> None:
    """A threat after the status got the program's payout timeline as "die
    Regeln Ihres Programms"; the customer's own case is the revoked contract."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"})
    said = joined(
        bot.say(
            sender,
            "der hat halt widerrufen, dafür kann ich doch nix. ich will das doppelte als "
            "kulanz, sonst geh ich zum anwalt",
        )
    )
    assert kb_text(demo_db_url, "payout_time", "funknetz") not in said
    assert "widerrufen" in said.replace("der hat halt widerrufen", "")


def test_a_recommended_friend_without_the_referrers_code_learns_where_it_comes_from(
    bot, demo_db_url
) -> None:
    """ "ich hab aber keinen code von ihr" from the recommended friend got
    "Sie brauchen keinen Empfehlungscode" and nothing on the code at signing."""
    sender = new_sender()
    meta = {"program": "sonnenstrom"}
    bot.say(
        sender, "hallo, meine nachbarin hat mir euch empfohlen. was krieg ich als neukunde?", meta
    )
    said = joined(bot.say(sender, "ich hab aber keinen code von ihr und sie is grad im urlaub"))
    assert kb_text(demo_db_url, "friend_code_missing", "sonnenstrom", female=True) in said


def test_why_asked_again_after_the_reasons_of_a_refusal_offers_a_person(bot) -> None:
    """ "das hilft mir null. WARUM abgelehnt will ich wissen" after the reasons
    got the same reasons once more (or topic buttons)."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"})
    reasons = texts(bot.say(sender, "und warum? der hat doch nen vertrag gemacht"))
    assert "widerrufen" in reasons[0]
    again = texts(bot.say(sender, "das hilft mir null. WARUM abgelehnt will ich wissen"))
    assert again[0] in response_texts("utter_status_reasons_again")


def test_a_changed_bank_named_with_a_question_about_the_transfer_goes_to_the_team(bot) -> None:
    """ "wann genau war das und auf welches konto? ich hab nämlich letztes jahr
    die bank gewechselt" after "überwiesen am …" got what "überwiesen" means."""
    sender = new_sender()
    bot.say(sender, "ASV-CSH234 peter.lang@example.de", {"program": "autosicher"})
    said = texts(
        bot.say(
            sender,
            "wann genau war das und auf welches konto? ich hab nämlich letztes jahr die bank "
            "gewechselt",
        )
    )
    closed = response_texts("utter_transfer_to_closed_account")
    assert any(text.split("{")[0] in said[0] for text in closed)


def test_why_the_other_referrals_are_not_through_gives_their_reasons_not_their_dates(bot) -> None:
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = joined(bot.say(sender, "und warum sind die anderen zwei noch nicht durch?"))
    assert "Maximilian R." in said and "Hannah S." in said
    assert "prämienberechtigt, also in" not in said


def test_the_recommended_friend_asking_about_their_data_and_the_referrers_reward(
    bot, demo_db_url
) -> None:
    """ "woher habt ihr eigentlich meine daten?" from the recommended friend got
    the answer for people who never took part; "kriegt die ihre prämie schon
    jetzt?" got whether existing customers count."""
    sender = new_sender()
    meta = {"program": "sonnenstrom"}
    bot.say(sender, "hallo, meine freundin hat mich geworben. krieg ich da auch was?", meta)
    data = joined(
        bot.say(sender, "woher habt ihr eigentlich meine daten, hat sie euch die gegeben?")
    )
    assert kb_text(demo_db_url, "recommended_person_data", "sonnenstrom") in data
    reward = joined(
        bot.say(sender, "und meine freundin, kriegt die ihre prämie schon jetzt oder erst später?")
    )
    assert kb_text(demo_db_url, "friend_asks_referrer_reward", "sonnenstrom") in reward


def test_when_the_money_comes_if_the_friend_signs_next_week_is_told_after_a_rule(bot) -> None:
    sender = new_sender()
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"})
    bot.say(sender, "muss ich die praemie eigentlich beim finanzamt angeben")
    said = joined(
        bot.say(
            sender,
            "ok nochmal zurück, wenn er nächste woche unterschreibt wann hab ich das geld dann "
            "ungefähr",
        )
    )
    assert "104 Tage nach der Unterschrift" in said


def test_a_wish_for_a_person_with_the_bot_question_is_answered_and_handed_over(bot) -> None:
    """ "bist du ein bot? ich will jetzt einen echten menschen" got what the
    bot can do and topic buttons, no person."""
    sender = new_sender()
    replies = bot.say(
        sender, "bist du ein bot? ich will jetzt einen echten menschen", {"program": "funknetz"}
    )
    said = texts(replies)
    assert said[0] in response_texts("utter_bot_challenge_person")
    assert not set(said) & response_texts("utter_bot_challenge")
    assert len(said) >= 2  # the handoff: a place in the queue, or the offer of a reply


def test_a_long_story_ending_with_the_code_asks_for_the_address_and_looks_it_up(bot) -> None:
    """A long story "… zählt das jetzt oder nicht? mein code ist FNM-REJ456"
    got topic buttons, and the address sent next "Wobei kann ich Ihnen damit
    helfen?"."""
    sender = new_sender()
    story = (
        "hallo, also das ist bisschen kompliziert. ich hab im februar meinem cousin funknetz "
        "empfohlen, der hat dann über meinen link nen vertrag gemacht. dann hat er gemerkt dass "
        "er bei seinem alten anbieter noch 3 monate laufzeit hat und hat innerhalb der 14 tage "
        "widerrufen. im mai hat er dann nochmal abgeschlossen, diesmal aber im laden. jetzt steht "
        "bei mir storniert oder so. zählt das jetzt oder nicht? mein code ist FNM-REJ456"
    )
    asked = texts(bot.say(sender, story, {"program": "funknetz"}))
    assert not set(asked) & response_texts("utter_clarify_story")
    said = joined(bot.say(sender, "ali.oezdemir@example.de"))
    assert "Herr Özdemir" in said and "Katharina G." in said


def test_two_public_questions_in_one_message_are_both_answered(bot, demo_db_url) -> None:
    sender = new_sender()
    said = joined(
        bot.say(
            sender,
            "wie lang gilt so ne empfehlung. und zählt meine oma auch, die wohnt bei uns",
            {"program": "funknetz"},
        )
    )
    # "meine oma" is the friend: she is spoken of as a woman in both answers.
    assert kb_text(demo_db_url, "validity", "funknetz", female=True) in said
    assert kb_text(demo_db_url, "family", "funknetz", female=True) in said


def test_a_person_asked_after_a_bounced_mail_never_offers_the_dead_address(
    bot, demo_db_url
) -> None:
    """After the new address for a bounced reward mail went to the team, "ok
    dann will ich mit jemandem reden" offered the e-mail reply to the address
    on file, the one that bounces."""
    sender = new_sender()
    bot.say(
        sender,
        "praemienmail nie bekommen. SSE-OLD345 monika.schaefer@example.de",
        {"program": "sonnenstrom"},
    )
    bot.say(sender, "dann schick halt an monika.s@example.net")
    said = joined(bot.say(sender, "ok dann will ich mit jemandem reden der das ändern kann"))
    close_tickets(demo_db_url, sender)
    assert "mo***@example.de" not in said


def test_a_recommended_person_without_a_code_files_a_deletion_request_with_the_address(
    bot, demo_db_url
) -> None:
    """ "löscht sofort alles … sonst beschwer ich mich" from someone who never
    took part got the same way by mail a second time, then the offer of a
    person; the address named next got "Worum geht es Ihnen?"."""
    sender = new_sender()
    meta = {"program": "sonnenstrom"}
    bot.say(
        sender,
        "ich hab ne mail bekommen dass mich jemand fuer sonnenstrom empfohlen hat. ich bin "
        "nirgendwo kunde!!",
        meta,
    )
    asked = texts(
        bot.say(sender, "löscht sofort alles was ihr über mich habt. sonst beschwer ich mich")
    )
    assert asked[-1] in response_texts("utter_ask_data_rights_email")
    filed = joined(bot.say(sender, "das ist die hier: j.krause83@example.org"))
    with session_scope(demo_db_url) as session:
        ticket = session.scalars(select(Ticket).where(Ticket.conversation_id == sender)).one()
        kind, contact, referrer = ticket.kind, ticket.contact_email, ticket.referrer_id
        number, due = ticket.id, ticket.due_on
    close_tickets(demo_db_url, sender)
    assert (kind, contact, referrer) == (TicketKind.DATA_RIGHTS, "j.krause83@example.org", None)
    assert filed in response_texts(
        "utter_data_rights_ticket_no_code",
        request_kind="Löschung",
        ticket_id=str(number),
        due=format_date(due),
        email="j.***@example.org",
    )


def test_how_to_change_asked_after_the_change_was_offered_files_the_change(
    bot, demo_db_url
) -> None:
    """ "das hilft mir nicht, wie krieg ich die jetzt geändert bevor ihr
    überweist?" after how details are changed got other topics."""
    sender = new_sender()
    bot.say(sender, "ASV-WAI456 sabine.wolf@example.com", {"program": "autosicher"})
    bot.say(sender, "ok. hab ne neue bank, hier die neue iban DE89 3704 0044 0532 0130 00")
    bot.say(
        sender,
        "hä warum nicht, ist doch meine iban. das hilft mir nicht, wie krieg ich die jetzt "
        "geändert bevor ihr überweist?",
    )
    with session_scope(demo_db_url) as session:
        kinds = session.scalars(select(Ticket.kind).where(Ticket.conversation_id == sender)).all()
    close_tickets(demo_db_url, sender)
    assert kinds == [TicketKind.DATA_RIGHTS]


def test_when_the_voucher_comes_beside_another_question_is_the_customers_date(bot) -> None:
    """ "und wann kommt der ca? und per mail oder post?" after the status got
    the program's general timeline as the second answer."""
    sender = new_sender()
    bot.say(sender, "SSE-ORD789 claudia.becker@example.de", {"program": "sonnenstrom"})
    said = joined(bot.say(sender, "und wann kommt der ca? und per mail oder post?"))
    assert "Jürgen W." in said
    assert "Tage nach der Unterschrift Ihres Bekannten" not in said


def test_the_recommended_friend_who_forgot_the_code_learns_how_it_is_added(
    bot, demo_db_url
) -> None:
    sender = new_sender()
    said = joined(
        bot.say(
            sender,
            "hallo ich bin der, der geworben wurde. hab letzte woche abgeschlossen aber vergessen "
            "den empfehlungscode von meiner schwester einzugeben. kann man das noch nachtragen??",
            {"program": "autosicher"},
        )
    )
    assert kb_text(demo_db_url, "friend_code_missing", "autosicher", female=True) in said
    sister = joined(bot.say(sender, "meine schwester fragt ob sie dann trotzdem was bekommt"))
    assert kb_text(demo_db_url, "friend_asks_referrer_reward", "autosicher", female=True) in sister


def test_a_threat_to_cancel_that_asks_how_gets_the_brands_service_calmly(bot, demo_db_url) -> None:
    """ "dann kündige ich halt meine kfz versicherung zum jahresende, wie geht
    das bei euch" got the acknowledgement with the payout timeline."""
    sender = new_sender()
    said = joined(
        bot.say(
            sender,
            "schade. dann kündige ich halt meine kfz versicherung zum jahresende, wie geht das "
            "bei euch",
            {"program": "autosicher"},
        )
    )
    assert kb_text(demo_db_url, "brand_contact", "autosicher") in said
    assert kb_text(demo_db_url, "payout_time", "autosicher") not in said
    assert any(text in said for text in response_texts("utter_threat_offer_person"))


def test_a_rule_question_after_an_answer_that_offered_a_person_is_answered(
    bot, demo_db_url
) -> None:
    """ "Werbung möchte ich künftig keine mehr, nur die Nachricht zu meiner
    Prämie. Ist das möglich?" after where an unexpected mail came from (which
    offers a person) got "Diese Frage scheint … nicht geklärt" and the person."""
    sender = new_sender()
    bot.say(
        sender,
        "Woher hat diese Firma meine Anschrift und meine E-Mail-Adresse? Die habe ich doch "
        "nur Sonnenstrom gegeben.",
        {"program": "sonnenstrom"},
    )
    said = joined(
        bot.say(
            sender,
            "Ich verstehe. Werbung möchte ich künftig trotzdem keine mehr bekommen, nur die "
            "Nachricht zu meiner Prämie. Ist das möglich?",
        )
    )
    assert kb_text(demo_db_url, "marketing_objection", "sonnenstrom") in said
