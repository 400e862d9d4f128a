"""Follow-ups on a verified customer's own referrals, against the real
servers: one of several referrals by its place or its friend's name, the
name behind a referral, what is still missing, a reminder for the friend.

Expected texts come from the data (domain responses, knowledge base)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.clock import today
from bot.db import session_scope
from bot.formatting import format_date
from bot.models import OutgoingMail, Ticket, TicketKind
from tests.server.chat import (
    button_titles,
    close_tickets,
    dates_in,
    joined,
    kb_text,
    new_sender,
    opens_as,
    response_texts,
    spoken,
    texts,
)

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
    answer, links = kb_text(demo_db_url, "remind_friend", "autosicher").split("\n", 1)
    assert answer + " Bei Ihrer Empfehlung an Markus B. läuft die Frist bis zum " in said
    assert links in said


def test_the_name_of_one_of_several_is_told_masked_and_the_others_follow(bot) -> None:
    """ "wer ist denn die zweite? da steht nur so n abgekürzter name" got that
    referral's status; "und bei den anderen?" then the tax entry again."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = joined(bot.say(sender, "wer ist denn die zweite? da steht nur so n abgekürzter name"))
    assert said in response_texts("utter_referral_names", names="Maximilian R.")
    others = joined(bot.say(sender, "ah ok. und bei den anderen, was fehlt da noch?"))
    assert "Hannah S." in others


def test_how_to_change_the_address_after_the_status_offers_the_change(bot) -> None:
    """ "… wie änder ich die bei euch damit die restlichen gutscheine auch
    ankommen" after the status got the dates of the other referrals; the
    customer is verified, so the change is offered at once."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = spoken(
        bot.say(
            sender,
            "ich krieg ne neue mailadresse, wie änder ich die bei euch damit die "
            "restlichen gutscheine auch ankommen",
        )
    )
    assert opens_as(said[0], "utter_change_offer_verified")


def test_what_a_status_word_means_asked_with_jetzt_is_its_meaning(bot, demo_db_url) -> None:
    """ "qualifiziert heisst jetzt was genau, krieg ich das geld oder nich"
    got how the reward is paid."""
    sender = new_sender()
    bot.say(sender, "ASV-QUA567 mehmet.yilmaz@example.de", {"program": "autosicher"})
    question = "qualifiziert heisst jetzt was genau, krieg ich das geld oder nich"
    said = joined(bot.say(sender, question))
    assert "Elif K." in said
    assert kb_text(demo_db_url, "payout_method", "autosicher") not in said


def test_a_reward_mail_resent_as_often_as_allowed_is_offered_to_the_team_not_resent(
    bot, demo_db_url
) -> None:
    """The status of a reward mail already resent twice (the program's limit)
    offered "Soll ich Ihnen die Prämien-Mail noch einmal … schicken?", and
    "warum kann man die nicht einfach nochmal schicken??" got the complaint text."""
    sender = new_sender()
    meta = {"program": "funknetz"}
    with session_scope(demo_db_url) as session:
        mails_before = session.scalar(select(func.count()).select_from(OutgoingMail))
    status = bot.say(sender, "FNM-LIM789 heike.vogel@example.de", meta)
    said = joined(status)
    assert "2-mal" in said and "noch einmal an die hinterlegte Adresse" not in said
    assert button_titles(status) == ["Ja, bitte kümmern", "Nein, danke"]
    why = joined(
        bot.say(
            sender, "und warum kann man die nicht einfach nochmal schicken?? ist doch euer fehler"
        )
    )
    assert why in response_texts("utter_resend_limit_why", count="2", address="he***@example.de")
    done = joined(bot.say(sender, "ja bitte"))
    with session_scope(demo_db_url) as session:
        ticket = session.scalars(select(Ticket).where(Ticket.conversation_id == sender)).one()
        assert ticket.kind == TicketKind.RESEND_LIMIT
        assert session.scalar(select(func.count()).select_from(OutgoingMail)) == mails_before
    assert f"Vorgang {ticket.id}" in done
    close_tickets(demo_db_url, sender)


def test_one_of_several_referrals_named_after_the_other_gets_that_referral_alone(bot) -> None:
    """ "und bei der anderen? leonie" after Hannah's status got the answer to
    an objection ("Was ich Ihnen gesagt habe, ist der Stand …")."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    bot.say(sender, "und bei hannah, was fehlt da noch?")
    said = joined(bot.say(sender, "und bei der anderen? leonie"))
    assert _named(said) == {"Leonie F."}


def test_a_threat_right_after_the_reasons_records_the_case_instead_of_repeating_them(
    bot, demo_db_url
) -> None:
    """ "ich schalte meinen anwalt ein …" right after the reasons of a revoked
    referral got those reasons a second time."""
    sender = new_sender()
    bot.say(
        sender,
        "FNM-REJ456 ali.oezdemir@example.de warum wurde das abgelehnt",
        {"program": "funknetz"},
    )
    reasons = texts(bot.say(sender, "das ist keine antwort. WARUM wurde die abgelehnt?"))[0]
    threat = bot.say(
        sender, "ich schalte meinen anwalt ein und geh an die presse wenn das nicht geklärt wird"
    )
    said = texts(threat)
    assert reasons not in said
    assert said[0] in response_texts("utter_threat_heard_reasons_known")
    with session_scope(demo_db_url) as session:
        complaint = session.scalars(
            select(Ticket).where(
                Ticket.conversation_id == sender, Ticket.kind == TicketKind.COMPLAINT
            )
        ).one()
    assert f"Nummer {complaint.id}" in said[1]


def test_when_and_how_the_team_replies_is_answered_at_the_offer_of_an_email_reply(bot) -> None:
    """ "heute noch oder was? und wie, ruft ihr an?" to the offer of an e-mail
    reply got the offer of a second check of the referral."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"})
    offer = joined(bot.say(sender, "gib mir einen echten mitarbeiter"))
    assert "per E-Mail" in offer  # nobody is in the console during the tests
    said = bot.say(sender, "heute noch oder was? und wie, ruft ihr an?")
    texts_said = texts(said)
    assert len(texts_said) == 1
    assert texts_said[0].startswith("Eine Telefon-Hotline hat das Empfehlungsprogramm leider nicht")
    assert button_titles(said) == ["Ja, bitte per E-Mail melden", "Nein, danke"]


def test_a_transfer_that_did_not_arrive_is_named_before_the_team_checks_it(
    bot, demo_db_url
) -> None:
    """ "laut mail wurde meine prämie überwiesen aber auf meinem konto ist
    nix. ASV-… …@…" got only the case, not when the money went out; "wann
    genau wurde das überwiesen und muss ich das beim finanzamt angeben?" then
    got the taxes alone; "das hilft mir nicht, ich will wissen wo mein geld
    ist" after the case got other topics."""
    sender = new_sender()
    meta = {"program": "autosicher"}
    first = texts(
        bot.say(
            sender,
            "hallo, laut mail wurde meine prämie überwiesen aber auf meinem konto ist nix. "
            "ASV-CSH234 peter.lang@example.de",
            meta,
        )
    )
    assert "Gabriele S." in first[0] and "überwiesen" in first[0]
    with session_scope(demo_db_url) as session:
        complaint = session.scalars(
            select(Ticket).where(
                Ticket.conversation_id == sender, Ticket.kind == TicketKind.COMPLAINT
            )
        ).one()
    assert f"Nummer {complaint.id}" in first[-1]
    both = bot.say(
        sender,
        "wann genau wurde das ueberwiesen und muss ich das eigentlich beim finanzamt angeben?",
    )
    said = texts(both)
    # Both questions answered, the transfer's day and the taxes, in either order.
    assert kb_text(demo_db_url, "taxes", "autosicher") in said
    (transferred,) = dates_in(first[0])
    assert any("Gabriele S." in text and transferred in text for text in said)
    bot.say(
        sender, "hab vor nem monat die bank gewechselt, neue iban ist DE89 3704 0044 0532 0130 00"
    )
    with session_scope(demo_db_url) as session:
        newest = session.scalars(
            select(Ticket)
            .where(Ticket.conversation_id == sender, Ticket.kind == TicketKind.COMPLAINT)
            .order_by(Ticket.id.desc())
            .limit(1)
        ).one()
        number, due = newest.id, format_date(newest.due_on)
    assert number != complaint.id  # the changed account is a case of its own
    again = joined(
        bot.say(sender, "das hilft mir nicht, ich will einfach nur wissen wo mein geld ist")
    )
    assert again in response_texts("utter_complaint_case_filed", case_id=str(number), due=due)


def test_a_recommended_friend_who_signed_without_the_code_hears_whether_it_can_be_added(
    bot, demo_db_url
) -> None:
    """ "hab letzte woche schon online abgeschlossen und da nix eingegeben …
    zählt das jetzt garnicht mehr?" from the recommended friend was recorded
    as a complaint."""
    sender = new_sender()
    meta = {"program": "autosicher"}
    bot.say(
        sender, "mein arbeitskollege hat mich geworben, bekomm ich als neukundin auch was?", meta
    )
    said = spoken(
        bot.say(
            sender,
            "problem: hab letzte woche schon online abgeschlossen und da nix eingegeben, "
            "wusste ich ja nicht. zählt das jetzt garnicht mehr?",
        )
    )
    assert said == [kb_text(demo_db_url, "friend_code_missing", "autosicher")]
    with session_scope(demo_db_url) as session:
        assert (
            session.scalars(
                select(Ticket).where(
                    Ticket.conversation_id == sender, Ticket.kind == TicketKind.COMPLAINT
                )
            ).all()
            == []
        )


def test_a_referrers_friend_who_signed_without_the_link_gets_whether_it_can_be_added(
    bot, demo_db_url
) -> None:
    """ "meine kollegin hat aber im shop abgeschlossen, halt ohne den link.
    zählt das nicht??" after an expired referral got how long a
    recommendation stays valid."""
    sender = new_sender()
    bot.say(sender, "FNM-EXP567 ursula.meier@example.org", {"program": "funknetz"})
    said = spoken(
        bot.say(
            sender,
            "meine kollegin hat aber im funknetz shop in der innenstadt abgeschlossen, "
            "halt ohne den link. zählt das nicht??",
        )
    )
    assert said == [kb_text(demo_db_url, "code_forgotten", "funknetz", female=True)]


def test_the_recommended_friend_asking_when_the_referrer_gets_paid_gets_the_timeline(
    bot, demo_db_url
) -> None:
    """ "und wie lang dauert das normal bis er die bekommt" after the referrer's
    status was declined got the friend's own bonus timing."""
    sender = new_sender()
    bot.say(
        sender,
        "ein freund hat mich empfohlen, krieg ich als geworbener auch was?",
        {"program": "autosicher"},
    )
    bot.say(sender, "kannst du mir sagen ob mein kumpel seine praemie schon bekommen hat?")
    said = spoken(bot.say(sender, "schade. und wie lang dauert das normal bis er die bekommt"))
    assert said == [kb_text(demo_db_url, "friend_asks_referrer_reward", "autosicher", "again")]


def test_someone_asked_for_the_address_who_has_no_code_is_told_none_is_needed(bot) -> None:
    """ "nen code hab ich nicht, ich bin ja kein kunde bei euch" when asked for
    the address our mail went to got the offer of a person."""
    sender = new_sender()
    meta = {"program": "sonnenstrom"}
    bot.say(
        sender,
        "wieso krieg ich ne mail von euch dass mich jemand empfohlen hat?? "
        "ich hab euch nie daten gegeben",
        meta,
    )
    asked = joined(
        bot.say(sender, "ich will dass das geloescht wird. und keine werbung mehr bitte")
    )
    assert asked in response_texts("utter_ask_data_rights_email")
    again = joined(bot.say(sender, "nen code hab ich nicht, ich bin ja kein kunde bei euch"))
    assert again in response_texts("utter_ask_data_rights_email_again")


def test_a_new_question_after_another_question_opener_is_answered(bot, demo_db_url) -> None:
    """ "andere frage, mein abschlag wurde schon wieder erhoeht, an wen wend
    ich mich da" was read as "that did not help"."""
    sender = new_sender()
    meta = {"program": "sonnenstrom"}
    bot.say(sender, "gibts ne grenze wie viele ich werben kann?", meta)
    said = spoken(
        bot.say(
            sender,
            "andere frage, mein abschlag wurde schon wieder erhoeht, an wen wend ich mich da",
        )
    )
    assert said == [kb_text(demo_db_url, "brand_contact", "sonnenstrom")]


def test_hardship_told_with_code_and_address_gets_sympathy_and_the_status(bot) -> None:
    """ "ich war im krankenhaus … FNM-… …@…" got sympathy and the offer of a
    person, and "abgelaufen? was soll das heißen" then more sympathy, though
    the status was never told."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "grüß gott, ich war seit dezember im krankenhaus und danach in der reha. ich hatte "
            "meiner nichte funknetz empfohlen. FNM-EXP567, ursula.meier@example.org",
            {"program": "funknetz"},
        )
    )
    assert said[0] in response_texts("utter_hardship_then_status")
    assert "Frau Meier" in said[1] and "abgelaufen" in said[1]
    meaning = joined(bot.say(sender, "abgelaufen? was soll das heißen"))
    assert meaning.startswith("„Abgelaufen“ heißt")


def test_a_threat_after_a_transfer_gets_the_transfer_not_the_programs_timeline(bot) -> None:
    """ "wenn das geld bis ende der woche nicht da ist schalte ich meinen
    anwalt ein" after the transfer got the program's general timeline."""
    sender = new_sender()
    bot.say(
        sender, "ASV-CSH234 peter.lang@example.de ist meine prämie raus?", {"program": "autosicher"}
    )
    said = joined(
        bot.say(
            sender, "wenn das geld bis ende der woche nicht da ist schalte ich meinen anwalt ein"
        )
    )
    assert "Gabriele S." in said and "überwiesen" in said
    assert "spätestens 104 Tage" not in said
