"""Whole conversations against the real servers: questions asked aside while
the bot waits for something (the code, the address for a data request) keep
what it waits for and do not repeat its question word for word; the
recommended person's data questions in plain words (the keeping refused, the
privacy officer, someone else typed their address); what the customer must
do after the status; the friend said to have filled everything in; a new
address typed by a verified customer; a partial reward; how long a friend
must stay; and the team's hours when nobody can take over.

Expected texts come from the data (domain responses, knowledge base,
phrases)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time as clock_time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.clock import local as local_time
from bot.clock import utcnow
from bot.db import session_scope
from bot.knowledge.phrases import phrase
from bot.models import Agent, Program
from bot.programs import business_hours
from tests.factories import make_program
from tests.server.chat import (
    close_tickets,
    code_asked,
    complaints_of,
    dates_in,
    joined,
    kb_text,
    new_sender,
    opens_as,
    response_texts,
    spoken,
)

pytestmark = pytest.mark.server

OPEN_ALWAYS = "immer-offen-niemand-da"
OPEN_LATER = "offen-erst-uebermorgen"


def test_the_recommended_person_refusing_to_be_stored_is_offered_the_deletion_without_a_code(
    bot,
) -> None:
    """ "ich will nicht dass ihr das speichert" after what is kept about a
    recommended person got the same data answer once more."""
    sender = new_sender()
    bot.say(
        sender,
        "Hallo, ich wurde von einem Freund geworben. Was speichert ihr über mich?",
        {"program": "autosicher"},
    )
    said = spoken(bot.say(sender, "ich will nicht dass ihr das speichert"))
    assert said == list(response_texts("utter_ask_data_rights_email"))
    assert bot.tracker(sender)["slots"]["requested_slot"] is None


def test_a_question_aside_while_the_address_for_a_request_is_asked_keeps_the_request(
    bot, demo_db_url
) -> None:
    """ "wer ist euer Datenschutzbeauftragter?" while the bot asked for the
    address of a request without a code got the recommended person's data
    text a third time, and the request was dropped."""
    sender = new_sender()
    bot.say(
        sender,
        "Mich hat wer empfohlen, einen Code hab ich nicht. Ich will Auskunft nach Art. 15 "
        "über meine Daten.",
        {"program": "sonnenstrom"},
    )
    aside = spoken(bot.say(sender, "und gibt es bei euch einen datenschutzbeauftragten?"))
    assert aside[0] == kb_text(demo_db_url, "privacy_officer", "sonnenstrom")
    assert aside[-1] in response_texts("utter_data_rights_email_still")
    filed = spoken(bot.say(sender, "lisa.mertens@example.de"))
    try:
        assert opens_as(filed[0], "utter_data_rights_ticket_no_code")
    finally:
        close_tickets(demo_db_url, sender)


def test_the_mother_whose_address_her_son_typed_in_is_not_asked_for_a_code(bot) -> None:
    """ "Mein Sohn hat meine Emailadresse ohne mein Wissen eingetragen. Ich
    möchte dass das sofort gelöscht wird." was asked for a referral code."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "Mein Sohn hat meine Emailadresse ohne mein Wissen bei Ihnen als Empfehlung "
            "eingetragen. Ich möchte dass das sofort gelöscht wird.",
            {"program": "funknetz"},
        )
    )
    assert said[-1] in response_texts("utter_ask_data_rights_email")
    assert not any(opens_as(text, "utter_ask_referral_code") for text in said)


def test_the_friends_question_whether_the_referrer_sees_their_data_gets_what_the_referrer_sees(
    bot, demo_db_url
) -> None:
    """ "und was macht ihr mit meinen daten, sieht meine freundin die?" from
    the recommended friend got the referrer's entry about the friend's data."""
    sender = new_sender()
    bot.say(
        sender,
        "Hallo, meine Freundin hat mich geworben und ich hab jetzt bei euch Strom bestellt. "
        "Bekomme ich auch was?",
        {"program": "sonnenstrom"},
    )
    said = spoken(bot.say(sender, "und was macht ihr mit meinen daten, sieht meine freundin die?"))
    assert said[0] in {
        kb_text(demo_db_url, "referrer_sees", "sonnenstrom", female=woman)
        for woman in (True, False)
    }


def test_which_code_is_meant_while_the_code_is_asked_is_explained_and_the_status_follows(
    bot,
) -> None:
    """ "hä was für ein code" while the form asked for the code was read as
    a question on codes of other programs, and the status was lost."""
    sender = new_sender()
    bot.say(sender, "wo ist meine prämie?", {"program": "autosicher"})
    said = spoken(bot.say(sender, "hä was für ein code"))
    assert said == list(response_texts("utter_code_meant", code_prefix="ASV"))
    assert bot.tracker(sender)["slots"]["requested_slot"] == "referral_code"
    status = spoken(bot.say(sender, "ASV-QUA567 mehmet.yilmaz@example.de"))
    assert "Elif K." in status[0]


def test_the_code_asked_again_after_a_question_is_a_short_reminder_not_the_same_words(bot) -> None:
    """The form repeated "Wie lautet Ihr Empfehlungscode? Er steht in der
    Bestätigungsmail …" word for word after every answer in between."""
    sender = new_sender()
    first = spoken(bot.say(sender, "wo bleibt meine prämie", {"program": "autosicher"}))
    again = spoken(bot.say(sender, "wie lange dauert das denn normalerweise?"))
    full = response_texts("utter_ask_referral_code", code_prefix="ASV")
    assert first[-1] in full
    assert again[-1] in response_texts("utter_ask_referral_code_again")
    assert not set(again) & full


def test_waiting_while_the_code_is_looked_for_is_not_followed_by_the_reminder(bot) -> None:
    """ "ok moment" got "Alles klar, ich warte gern." and the request for the
    code once more right after it."""
    sender = new_sender()
    bot.say(sender, "wo bleibt meine prämie", {"program": "autosicher"})
    said = spoken(bot.say(sender, "ok moment"))
    assert len(said) == 1
    assert not set(said) & response_texts("utter_ask_referral_code_again")


def test_what_the_customer_must_do_after_the_status_is_nothing_with_the_date(bot) -> None:
    """ "und was muss ich dafür noch machen" after an ordered reward got only
    its date, never that nothing is to be done."""
    sender = new_sender()
    status = joined(
        bot.say(
            sender,
            "SSE-ORD789 claudia.becker@example.de wo bleibt meine prämie",
            {"program": "sonnenstrom"},
        )
    )
    said = spoken(bot.say(sender, "und was muss ich dafür noch machen"))
    assert said[0].startswith(phrase("status.nothing_to_do"))
    # The reward's date from the status (the demo dates move with the day).
    assert dates_in(said[0]) and dates_in(said[0]) <= dates_in(status)


def test_the_friend_said_to_have_filled_everything_in_gets_why_no_contract_shows(bot) -> None:
    """ "warum noch nicht abgeschlossen? der markus hat mir gesagt er hat
    alles ausgefüllt" was read as a question on data."""
    sender = new_sender()
    bot.say(
        sender, "Wie ist der Stand? ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"}
    )
    said = spoken(
        bot.say(
            sender,
            "warum noch nicht abgeschlossen? der markus hat mir gesagt er hat alles ausgefüllt",
        )
    )
    assert "Markus B." in said[0]
    assert "Vertrag" in said[0]
    assert bot.tracker(sender)["slots"]["kb_entry"] not in ("data_why", "data_stored")


def test_a_new_address_typed_by_the_verified_customer_is_no_second_verification(
    bot, demo_db_url
) -> None:
    """ "kann ich die nicht einfach an …@gmx.de bekommen" after the status
    asked for code and e-mail once more and told the status again."""
    sender = new_sender()
    bot.say(
        sender,
        "meine Prämien-Mail ist nie angekommen. SSE-ORD789 claudia.becker@example.de",
        {"program": "sonnenstrom"},
    )
    said = spoken(bot.say(sender, "kann ich die nicht einfach an c.becker@gmx.de bekommen"))
    try:
        assert not any(opens_as(text, "utter_verification_intro") for text in said)
        assert not any("Danke, Frau Becker" in text for text in said)
    finally:
        close_tickets(demo_db_url, sender)


def test_a_partial_reward_after_a_revoked_referral_gets_the_whole_or_nothing_rule(
    bot, demo_db_url
) -> None:
    """ "kann ich nicht wenigstens die halbe prämie kriegen?" after a revoked
    referral got the answer on a higher or double reward."""
    sender = new_sender()
    bot.say(
        sender,
        "warum wurde meine empfehlung storniert?? FNM-REJ456, ali.oezdemir@example.de",
        {"program": "funknetz"},
    )
    said = spoken(bot.say(sender, "kann ich nicht wenigstens die halbe prämie kriegen?"))
    assert said[0] == kb_text(demo_db_url, "partial_reward", "funknetz")


def test_the_friends_first_name_makes_the_why_of_a_revoked_referral_speak_of_a_woman(bot) -> None:
    """The reason of Katharina G.'s withdrawal was told of as "Ihr Bekannter"
    although the records name a woman and the customer said nothing."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de wie ist der stand", {"program": "funknetz"})
    said = " ".join(spoken(bot.say(sender, "warum bekomme ich da nichts?")))
    assert "Ihr Bekannter" not in said
    assert "Ihre Bekannte" in said


def test_how_long_the_friend_must_stay_is_the_waiting_period_not_the_data_retention(
    bot, demo_db_url
) -> None:
    """ "wie lange muss er bei euch bleiben?" got how long data is kept."""
    sender = new_sender()
    bot.say(sender, "ich überlege meinen bruder zu werben", {"program": "funknetz"})
    said = spoken(bot.say(sender, "wie lange muss er bei euch bleiben?"))
    assert said[0] == kb_text(demo_db_url, "waiting_period", "funknetz")


@pytest.fixture(scope="module")
def team_programs(demo_db_url: str) -> Iterator[dict[str, str]]:
    """One program open around the clock (nobody online), one open only on
    the day after tomorrow: the hours do not depend on when the tests run."""
    later = (local_time(utcnow()).isoweekday() + 1) % 7 + 1
    with session_scope(demo_db_url) as session:
        for slug, values in (
            (
                OPEN_ALWAYS,
                dict(
                    hours_weekdays="1234567",
                    hours_open=clock_time(0, 0),
                    hours_close=clock_time(0, 0),
                ),
            ),
            (OPEN_LATER, dict(hours_weekdays=str(later))),
        ):
            if session.scalars(select(Program).where(Program.slug == slug)).first() is None:
                make_program(session, slug, brand=f"Marke {slug}", **values)
        hours = {
            slug: business_hours(session.scalars(select(Program).where(Program.slug == slug)).one())
            for slug in (OPEN_ALWAYS, OPEN_LATER)
        }
    yield hours


def _nobody_online(demo_db_url: str) -> None:
    with session_scope(demo_db_url) as session:
        session.execute(update(Agent).values(last_seen_at=utcnow() - timedelta(days=1)))


def test_nobody_free_within_hours_says_the_hours_and_asked_when_does_not_repeat_itself(
    bot, demo_db_url, team_programs
) -> None:
    """ "Leider ist gerade niemand … frei" said nothing about when the team
    is there, and "wann seid ihr wieder erreichbar?" got the same two
    messages again."""
    _nobody_online(demo_db_url)
    sender = new_sender()
    first = spoken(
        bot.say(sender, "ich will sofort mit einem mitarbeiter sprechen", {"program": OPEN_ALWAYS})
    )
    hours = team_programs[OPEN_ALWAYS]
    assert first[0] in response_texts("utter_team_busy_hours", "de", hours=hours)
    when = spoken(bot.say(sender, "wann seid ihr denn wieder erreichbar?"))
    assert when == list(response_texts("utter_team_busy_detail", "de", hours=hours))


def test_when_the_closed_team_is_back_asked_again_gets_the_day_and_the_hours(
    bot, demo_db_url, team_programs
) -> None:
    sender = new_sender()
    first = spoken(bot.say(sender, "bitte einen menschen", {"program": OPEN_LATER}))
    assert opens_as(first[0], "utter_team_back_at")
    when = spoken(bot.say(sender, "wann seid ihr denn wieder erreichbar?"))
    assert len(when) == 1
    assert opens_as(when[0], "utter_team_back_detail")
    assert team_programs[OPEN_LATER] in when[0]
    assert "am " in when[0] and "um 8:00 Uhr" in when[0]


def test_when_the_transfer_went_out_asked_after_a_case_gets_its_day_not_the_cases(
    bot, demo_db_url
) -> None:
    """ "wann genau wurde das überwiesen?" right after the missing money went
    to the team got the day the team answers."""
    sender = new_sender()
    status = joined(
        bot.say(
            sender,
            "ASV-CSH234 peter.lang@example.de wurde meine prämie überwiesen?",
            {"program": "autosicher"},
        )
    )
    (transferred,) = dates_in(status)
    try:
        bot.say(sender, "ist aber nix auf meinem konto angekommen")
        said = spoken(bot.say(sender, "wann genau wurde das überwiesen?"))
        assert transferred in said[0]
        assert not opens_as(said[0], "utter_case_when")
    finally:
        close_tickets(demo_db_url, sender)


def test_a_second_friend_named_by_first_name_is_told_to_be_not_on_record_yet(bot) -> None:
    """ "ich hab übrigens noch nen zweiten kumpel geworben, den Stefan,
    zählt der auch?" after the status got whether family may be recommended."""
    sender = new_sender()
    bot.say(sender, "ASV-CSH234 peter.lang@example.de wie ist der stand", {"program": "autosicher"})
    said = spoken(
        bot.say(
            sender, "ich hab übrigens noch nen zweiten kumpel geworben, den Stefan, zählt der auch?"
        )
    )
    assert said == list(response_texts("utter_referral_not_on_record", friends="Gabriele S."))


def test_asked_to_send_the_bounced_mail_again_the_bot_says_why_not_and_the_ways_on(bot) -> None:
    """ "ja bitte nochmal schicken" after the bounce and the question for a
    new address got why nothing arrived, not why the old address is out."""
    sender = new_sender()
    bot.say(
        sender,
        "wo ist meine prämie? SSE-OLD345 monika.schaefer@example.de",
        {"program": "sonnenstrom"},
    )
    said = spoken(bot.say(sender, "ja bitte nochmal schicken"))
    assert said == list(response_texts("utter_bounced_no_resend"))


def test_never_having_agreed_beside_what_is_stored_gets_the_legal_basis_too(
    bot, demo_db_url
) -> None:
    """ "Was speichern Sie eigentlich alles über mich? Ich hab da nie
    wirklich zugestimmt" got what is stored, not on what basis."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "Was speichern Sie eigentlich alles über mich? Ich hab da nie wirklich zugestimmt",
            {"program": "funknetz"},
        )
    )
    assert kb_text(demo_db_url, "legal_basis", "funknetz") in said


def test_what_several_referrals_come_to_is_summed_up_from_the_records(bot) -> None:
    """ "und wie viel ist das dann insgesamt?" after the status of three
    referrals got the program's reward for one."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de wie ist der stand", {"program": "funknetz"})
    said = spoken(bot.say(sender, "und wie viel ist das dann insgesamt?"))
    assert said[0].startswith("Zusammengerechnet")
    assert phrase("status.total_done", count=1) in said[0]
    assert phrase("status.total_open", count=1) in said[0]
    assert "3× 6 Monate Streaming-Abo" in said[0]


def test_an_insult_that_names_the_bot_is_answered_calmly_not_as_a_question_what_it_is(
    bot,
) -> None:
    """ "du bist doch ein scheiss bot, nie kriegt man hier ne antwort" got
    what the bot is and can do."""
    said = spoken(
        bot.say(
            new_sender(),
            "du bist doch ein scheiss bot, nie kriegt man hier ne antwort",
            {"program": "autosicher"},
        )
    )
    assert said[0] in response_texts("utter_insult")
    assert not set(said) & response_texts("utter_bot_challenge")


def test_whether_ones_own_referral_counts_starts_the_lookup_and_a_lost_code_is_no_dead_end(
    bot,
) -> None:
    """ "ich will einfach nur wissen ob meine empfehlung zählt" got what a
    recommended person may take back; "den code hab ich nicht mehr, keine
    ahnung wo der ist" then got "Alles klar"."""
    sender = new_sender()
    first = spoken(
        bot.say(
            sender,
            "ich will einfach nur wissen ob meine empfehlung zählt",
            {"program": "autosicher"},
        )
    )
    assert code_asked(first[-1], "ASV")
    lost = spoken(bot.say(sender, "den code hab ich nicht mehr, keine ahnung wo der ist"))
    assert lost[0] in response_texts("utter_no_code")


def test_a_goodbye_right_after_a_complaint_names_the_case_and_files_no_second_one(
    bot, demo_db_url
) -> None:
    """ "ach egal, bringt ja eh nix. tschüss" right after a complaint was
    filed opened a second case."""
    sender = new_sender()
    meta = {"program": "funknetz"}
    try:
        bot.say(sender, "FNM-EXP567 ursula.meier@example.org wie ist der stand", meta)
        bot.say(sender, "Ich möchte mich offiziell beschweren.")
        before = len(complaints_of(demo_db_url, sender))
        said = spoken(bot.say(sender, "ach egal, bringt ja eh nix. tschüss"))
        assert opens_as(said[0], "utter_goodbye_case_filed")
        assert len(complaints_of(demo_db_url, sender)) == before
    finally:
        close_tickets(demo_db_url, sender)


def test_two_public_questions_in_one_message_are_both_answered(bot, demo_db_url) -> None:
    """ "Wie hoch ist eigentlich die Prämie bei euch und wann wird die
    ausgezahlt?" got only when."""
    said = spoken(
        bot.say(
            new_sender(),
            "Hallo! Wie hoch ist eigentlich die Prämie bei euch und wann wird die ausgezahlt?",
            {"program": "sonnenstrom"},
        )
    )
    assert kb_text(demo_db_url, "payout_time", "sonnenstrom") in said
    assert kb_text(demo_db_url, "reward_amount", "sonnenstrom") in said


def test_the_friend_who_withdrew_within_the_period_hears_what_it_means_for_the_referrer(
    bot, demo_db_url
) -> None:
    """ "…hab den Handyvertrag aber innerhalb der 14 Tage widerrufen. Bekommt
    er jetzt trotzdem seine Prämie?" got that the referrer gets a reward."""
    said = spoken(
        bot.say(
            new_sender(),
            "Hallo, ich wurde von einem Freund geworben, hab den Handyvertrag aber innerhalb "
            "der 14 Tage widerrufen. Bekommt er jetzt trotzdem seine Prämie?",
            {"program": "funknetz"},
        )
    )
    assert said[0] == kb_text(demo_db_url, "friend_cancels_own", "funknetz")


def test_the_recommended_persons_own_bonus_asked_with_how_much_is_theirs(bot, demo_db_url) -> None:
    """ "Wenn ich wechsle, krieg ich dann auch nen Bonus? wie viel?" from
    the recommended person got the referrer's reward."""
    sender = new_sender()
    bot.say(
        sender,
        "Hallo, ein Kollege hat mich bei FunkNetz empfohlen, seitdem bekomme ich Mails. "
        "Ist das überhaupt erlaubt?",
        {"program": "funknetz"},
    )
    said = spoken(
        bot.say(sender, "Und falls ich wechsle, gibts für mich auch nen Bonus? wie viel?")
    )
    assert said[0] in {
        kb_text(demo_db_url, "friend_own_reward", "funknetz", female=woman)
        for woman in (True, False)
    }


def test_how_to_change_the_address_once_a_new_one_went_to_the_team_names_that_case(
    bot, demo_db_url
) -> None:
    """ "wie kann ich meine email adresse denn dann ändern?" right after the
    new address went to the team offered a second, overlapping request."""
    sender = new_sender()
    try:
        bot.say(
            sender,
            "wo ist meine prämie? SSE-OLD345 monika.schaefer@example.de",
            {"program": "sonnenstrom"},
        )
        bot.say(
            sender,
            "die alte adresse benutz ich kaum noch. können sie es an monika.s@web.de schicken?",
        )
        said = spoken(bot.say(sender, "wie kann ich meine email adresse denn dann ändern?"))
        assert opens_as(said[0], "utter_change_with_address_check")
    finally:
        close_tickets(demo_db_url, sender)


def test_what_to_do_asked_once_the_dates_were_told_does_not_tell_them_again(bot) -> None:
    """ "was muss ich jetzt tun, kann ich da irgendwas beschleunigen?" right
    after the dates repeated them word for word."""
    sender = new_sender()
    bot.say(
        sender, "ASV-REC234 lena.hoffmann@example.de wie ist der stand", {"program": "autosicher"}
    )
    dates = spoken(bot.say(sender, "und bis wann hat er zeit?"))
    said = spoken(bot.say(sender, "was muss ich jetzt tun, kann ich da irgendwas beschleunigen?"))
    assert said[0] == phrase("status.nothing_to_do_faster")
    assert not set(said) & set(dates)


def test_now_asked_in_two_words_after_nobody_is_there_gets_when_the_team_is_back(
    bot, team_programs
) -> None:
    """ "jetzt sofort?" right after the team was said to be away got the
    reason for the waiting period."""
    sender = new_sender()
    bot.say(sender, "gibts bei euch auch nen echten menschen?", {"program": OPEN_LATER})
    now = spoken(bot.say(sender, "jetzt sofort?"))
    assert len(now) == 1 and opens_as(now[0], "utter_team_back_detail")


def test_when_the_team_is_back_asked_while_a_case_is_open_names_the_case_not_a_new_reply(
    bot, demo_db_url, team_programs
) -> None:
    """ "und wann ist da wieder jemand?" after hours while this chat's
    complaint was with the team offered a second reply by e-mail."""
    sender = new_sender()
    bot.say(sender, "Ich möchte mich beschweren.", {"program": OPEN_LATER})
    bot.say(sender, "Seit Wochen warte ich auf eine Antwort auf meine Mails, das ist unmöglich.")
    (filed,) = complaints_of(demo_db_url, sender)
    try:
        bot.say(sender, "ich will mit einem menschen sprechen")
        when = spoken(bot.say(sender, "und wann seid ihr wieder erreichbar?"))
        assert len(when) == 1 and opens_as(when[0], "utter_team_back_with_case")
        assert f"Nummer {filed.id} " in when[0]
    finally:
        close_tickets(demo_db_url, sender)
