"""Whole conversations against the real servers where the customer moves
on: a new question after an opener or after thanks, a question to the offer
of an e-mail reply, two questions in English, why after the status or the
address check, contact details of others, the bot asked whether anyone is
there.

Expected texts come from the data (domain responses, knowledge base)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.db import session_scope
from bot.models import Ticket, TicketKind
from tests.server.chat import (
    button_titles,
    close_tickets,
    joined,
    kb_english,
    kb_text,
    new_sender,
    response_texts,
    spoken,
)

pytestmark = pytest.mark.server


def test_a_new_question_after_another_question_opener_is_answered_not_taken_for_no_help(
    bot, demo_db_url
) -> None:
    """ "naja egal. andere frage, ich hab meinem schwager … zählt sowas bei
    familie überhaupt?" got "Entschuldigung, das war wohl nicht die Antwort"."""
    sender = new_sender()
    meta = {"program": "autosicher"}
    bot.say(sender, "hab nen steinschlag in der windschutzscheibe. wo kann ich das melden?", meta)
    question = "ich hab meinem schwager die versicherung empfohlen, zählt sowas bei familie?"
    said = spoken(bot.say(sender, f"naja egal. andere frage, {question}"))
    assert said == [kb_text(demo_db_url, "family", "autosicher")]


def test_thanks_with_one_more_question_gets_the_question_answered(bot, demo_db_url) -> None:
    """ "ok, danke, sie waren echt nett. ach eins noch: zahlt ihr das bar aus
    oder gibts nur gutschein?" got "Gern geschehen!"."""
    sender = new_sender()
    meta = {"program": "sonnenstrom"}
    bot.say(sender, "wie funktioniert das mit dem empfehlen bei euch?", meta)
    said = spoken(
        bot.say(
            sender,
            "ok, danke, sie waren echt nett. ach eins noch: zahlt ihr das eigentlich bar aus "
            "oder gibts nur gutschein?",
        )
    )
    assert said == [kb_text(demo_db_url, "cash_conversion", "sonnenstrom")]


def test_two_questions_in_english_get_both_short_english_answers(bot, demo_db_url) -> None:
    """ "how much do I get and when is it paid out?" got the amount only;
    "my husband lives with me, can I recommend him too?" the offer of a person."""
    sender = new_sender()
    meta = {"program": "sonnenstrom"}
    bot.say(sender, "hi! can I recommend sonnenstrom to my neighbour?", meta)
    both = spoken(bot.say(sender, "how much do I get and when is it paid out?"))
    english = [
        kb_english(demo_db_url, entry, "sonnenstrom") for entry in ("reward_amount", "payout_time")
    ]
    assert both == english
    family = spoken(bot.say(sender, "and my husband lives with me, can I recommend him too?"))
    assert family == [kb_english(demo_db_url, "family", "sonnenstrom")]


def test_what_to_have_ready_for_the_team_is_answered_at_the_offer_of_a_reply(bot) -> None:
    """ "was muss ich dem dann sagen bzw. bereithalten?" to the offer of an
    e-mail reply got how the program works."""
    sender = new_sender()
    offer = joined(
        bot.say(sender, "kann ich mit jemand von euch reden?", {"program": "sonnenstrom"})
    )
    assert "per E-Mail" in offer  # nobody is in the console during the tests
    replies = bot.say(sender, "was muss ich dem dann sagen bzw. bereithalten?")
    assert spoken(replies)[0] in response_texts("utter_callback_what_to_prepare")
    assert button_titles(replies) == ["Ja, bitte per E-Mail melden", "Nein, danke"]


def test_a_wish_to_be_called_gets_that_the_team_writes(bot) -> None:
    """ "ok passt. dann ruft mich halt morgen an" got "Alles klar"."""
    sender = new_sender()
    bot.say(sender, "ich will keinen bot. mitarbeiter bitte.", {"program": "funknetz"})
    bot.say(sender, "wer seid ihr überhaupt? funknetz selber oder ne fremdfirma?")
    said = spoken(bot.say(sender, "ok passt. dann ruft mich halt morgen an"))
    assert said[0].startswith("Eine Telefon-Hotline hat das Empfehlungsprogramm leider nicht")


def test_the_bot_asked_whether_anyone_is_there_says_what_it_is_and_when_the_team_is(bot) -> None:
    """ "bist du ne KI oder was? und sitzt sonntag abends da überhaupt einer?"
    got what the bot can do, not whether anyone of the team is there."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "bist du ne KI oder was? und sitzt sonntag abends da überhaupt einer?",
            {"program": "funknetz"},
        )
    )
    assert said[0] in response_texts("utter_bot_challenge_person")
    assert "per E-Mail" in " ".join(said[1:])  # nobody is in the console during the tests


def test_why_one_referral_is_further_than_another_gets_the_reasons_not_an_apology(bot) -> None:
    """ "wieso is die eine schon durch und die andre net" after the status of
    three referrals got the answer to an objection; the next question was
    then recorded as a complaint."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 / jonas.weber@example.de", {"program": "funknetz"})
    why = joined(
        bot.say(
            sender,
            "wieso is die eine schon durch und die andre net, "
            "die ham doch fast gleichzeitig abgeschlossen",
        )
    )
    assert "Maximilian R." in why and "Wartezeit" in why
    more = joined(bot.say(sender, "kann ich noch mehr werben oder is bei 3 schluss?"))
    assert "Beschwerde" not in more


def test_contact_details_of_a_recommended_friend_are_not_given(bot) -> None:
    """ "gib mir mal die handynummer von hannah, die meldet sich nicht" got
    Hannah's status."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = joined(bot.say(sender, "gib mir mal die handynummer von hannah, die meldet sich nicht"))
    assert said in response_texts("utter_no_contact_of_others")


def test_why_a_new_address_goes_to_the_team_is_explained_when_asked_angrily(
    bot, demo_db_url
) -> None:
    """ "das is doch lächerlich, ich schreib ihnen die adresse doch grad hin.
    warum geht das nicht??" after the address check got the answer to an
    objection to the status; "wann hör ich was?" then "Bisher ist noch
    niemand … eingeschaltet"."""
    sender = new_sender()
    bot.say(sender, "code SSE-OLD345, mail monika.schaefer@example.de", {"program": "sonnenstrom"})
    checked = joined(bot.say(sender, "schick es einfach an moni.schaefer71@example.net"))
    assert "mo***@example.net" in checked
    why = joined(
        bot.say(
            sender,
            "das is doch lächerlich, ich schreib ihnen die adresse doch grad hin. "
            "warum geht das nicht??",
        )
    )
    assert why in response_texts("utter_why_address_check")
    when = joined(bot.say(sender, "ok dann machen sie das so. wann hör ich was?"))
    assert "Nummer" in when and "noch niemand" not in when
    with session_scope(demo_db_url) as session:
        assert (
            session.scalars(
                select(Ticket).where(
                    Ticket.conversation_id == sender, Ticket.kind == TicketKind.COMPLAINT
                )
            ).all()
            == []
        )
    close_tickets(demo_db_url, sender)


def test_how_long_a_request_takes_while_its_address_is_asked_keeps_asking_for_it(
    bot, demo_db_url
) -> None:
    """ "wie lang dauert das bis das durch is" while the address for a
    deletion request was asked got when the friend's own bonus comes."""
    sender = new_sender()
    meta = {"program": "autosicher"}
    bot.say(
        sender,
        "ein kollege hat mich bei euch geworben und seitdem krieg ich mails. "
        "woher habt ihr meine daten??",
        meta,
    )
    bot.say(
        sender,
        "ich will keine werbung mehr von euch. und löscht bitte alles was ihr über mich habt",
    )
    again = joined(
        bot.say(
            sender,
            "brauchts dafür jetzt wieder so nen code? hab keinen, ich bin ja nur der geworbene",
        )
    )
    assert again in response_texts("utter_ask_data_rights_email_again")
    when = joined(bot.say(sender, "wie lang dauert das bis das durch is"))
    assert when in response_texts("utter_data_rights_time_then_email")
    filed = joined(bot.say(sender, "kollege.geworben@example.de"))
    assert "Nummer" in filed
    # Answered at the address named for the request; this person takes no part.
    until = joined(bot.say(sender, "bis wann ist das erledigt?"))
    assert "ko***@example.de" in until and "teilnehmen" not in until
    close_tickets(demo_db_url, sender)


def test_two_questions_the_second_opening_with_a_verb_get_both_answers(bot, demo_db_url) -> None:
    """ "und wo lös ich den dann ein und verfällt der irgendwann?" got how
    long the voucher is valid only."""
    sender = new_sender()
    bot.say(sender, "ich hab nen wunschgutschein bekommen", {"program": "sonnenstrom"})
    said = spoken(bot.say(sender, "und wo lös ich den dann ein und verfällt der irgendwann?"))
    assert sorted(said) == sorted(
        kb_text(demo_db_url, entry, "sonnenstrom") for entry in ("voucher_redeem", "voucher_expiry")
    )


def test_thanks_in_english_then_a_german_question_gets_the_german_answer(bot, demo_db_url) -> None:
    """ "ok thx. muss ich das dann in die steuererklärung schreiben?" after
    English answers got "You're welcome!"; "what if he cancels the contract
    after two weeks?" the offer of a person."""
    sender = new_sender()
    meta = {"program": "sonnenstrom"}
    bot.say(sender, "hi, sorry my german is not so good. how much do I get?", meta)
    cancels = spoken(bot.say(sender, "ok and what if he cancels the contract after two weeks?"))
    assert cancels == [kb_english(demo_db_url, "friend_cancels", "sonnenstrom")]
    taxes = spoken(bot.say(sender, "ok thx. muss ich das dann in die steuererklärung schreiben?"))
    assert taxes == [kb_text(demo_db_url, "taxes", "sonnenstrom")]


def test_someone_who_never_took_part_asking_what_is_stored_gets_the_recommended_persons_data(
    bot, demo_db_url
) -> None:
    """ "was speichert ihr jetzt alles über mich?" from someone who never took
    part got what is stored about participants (their bank details)."""
    sender = new_sender()
    meta = {"program": "autosicher"}
    bot.say(
        sender,
        "wieso krieg ich von euch ne mail?? ich kenn euch gar nicht. woher habt ihr meine adresse",
        meta,
    )
    said = spoken(bot.say(sender, "was speichert ihr jetzt alles über mich?"))
    assert said[0] == kb_text(demo_db_url, "recommended_person_data", "autosicher")
    assert "Bankverbindung" not in " ".join(said)


def test_the_recommended_friend_brought_along_gets_their_own_reward(bot, demo_db_url) -> None:
    """ "mein schwager hat mich zu euch geholt … gibts da was für? nen code
    hab ich nicht" got topic buttons."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "hallo, mein schwager hat mich zu euch geholt, hab jetzt meine autoversicherung "
            "bei autosicher abgeschlossen. gibts da was für? nen code hab ich nicht",
            {"program": "autosicher"},
        )
    )
    assert said == [kb_text(demo_db_url, "friend_own_reward", "autosicher")]


def test_the_status_asked_again_after_the_code_is_gone_is_not_the_request_for_it(bot) -> None:
    """ "nochmal: WO BLEIBT MEINE PRÄMIE" after "code hab ich nicht mehr"
    asked for the code once more."""
    sender = new_sender()
    bot.say(sender, "wo bleibt meine prämie", {"program": "sonnenstrom"})
    bot.say(sender, "code hab ich nicht mehr, die mail hab ich gelöscht")
    again = joined(bot.say(sender, "nochmal: WO BLEIBT MEINE PRÄMIE"))
    assert "Wie lautet Ihr Empfehlungscode?" not in again
    assert "Service-Team" in again


def test_if_not_after_what_the_recommended_friend_needs_is_the_missing_code(
    bot, demo_db_url
) -> None:
    """ "und wenn nicht?" after "Eine Prämie gibt es für sie, wenn ihr Code
    bei Ihrem Abschluss angegeben wurde" got the general payout timeline."""
    sender = new_sender()
    bot.say(
        sender,
        "n kumpel hat mir funknetz empfohlen. muss ich noch was machen damit er seine prämie "
        "kriegt? code hab ich keinen",
        {"program": "funknetz"},
    )
    said = spoken(bot.say(sender, "und wenn nicht?"))
    assert said == [kb_text(demo_db_url, "friend_code_missing", "funknetz")]


def test_when_a_transfer_was_made_asked_after_its_case_gets_the_date(bot, demo_db_url) -> None:
    """ "echt jetzt? wann soll das gewesen sein" after the transfer and the
    case for it got the case's reply date."""
    sender = new_sender()
    bot.say(
        sender,
        "laut eurer mail wurde meine prämie überwiesen, auf meinem konto ist aber nix. "
        "ASV-CSH234 / peter.lang@example.de",
        {"program": "autosicher"},
    )
    said = joined(bot.say(sender, "echt jetzt? wann soll das gewesen sein"))
    assert "Gabriele S." in said and "Nummer" not in said


def test_asked_whether_the_team_calls_before_anyone_is_told_says_it_writes(bot) -> None:
    """ "und wann meldet sich da jemand? ruft ihr an oder wie läuft das" got
    that nobody is told yet, not how the team answers."""
    sender = new_sender()
    bot.say(sender, "wo bleibt meine prämie", {"program": "sonnenstrom"})
    bot.say(sender, "code hab ich nicht mehr")
    said = joined(bot.say(sender, "und wann meldet sich da jemand? ruft ihr an oder wie läuft das"))
    assert said in response_texts("utter_nobody_told_yet_no_call")


def test_a_yes_that_asks_the_bot_to_act_after_a_person_was_offered_reaches_the_person(
    bot,
) -> None:
    """ "ja bitte, mach das" after how the team adds a missing code (with a
    person offered) got "Alles klar"."""
    sender = new_sender()
    meta = {"program": "autosicher"}
    bot.say(
        sender, "mein arbeitskollege hat mich geworben, bekomm ich als neukundin auch was?", meta
    )
    bot.say(sender, "hab schon online abgeschlossen und da nix eingegeben. zählt das noch?")
    said = joined(bot.say(sender, "ja bitte, mach das"))
    assert "Service-Team" in said and "per E-Mail" in said  # nobody is in the console


def test_thanks_with_a_question_to_the_offer_of_a_reply_gets_the_question_answered(
    bot, demo_db_url
) -> None:
    """ "vielen dank, sie sind sehr freundlich. kann ich meine nichte denn
    einfach nochmal neu empfehlen?" to the offer of an e-mail reply was taken
    for a yes to it."""
    sender = new_sender()
    offer = joined(
        bot.say(sender, "ich möchte mit einem mitarbeiter sprechen", {"program": "funknetz"})
    )
    assert "per E-Mail" in offer  # nobody is in the console during the tests
    said = spoken(
        bot.say(
            sender,
            "vielen dank, sie sind sehr freundlich. kann ich meine nichte denn einfach "
            "nochmal neu empfehlen?",
        )
    )
    assert said[0] == kb_text(demo_db_url, "recommend_again", "funknetz", female=True)


def test_a_complaint_asked_for_in_writing_gets_that_the_team_answers_by_mail(bot) -> None:
    """ "und krieg ich das irgendwie schriftlich?" right after the complaint
    went to the team got the program's address."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"})
    bot.say(sender, "das ist eine frechheit, ich will dass das nochmal geprüft wird")
    bot.say(sender, "ja dann nehmt halt ne beschwerde auf")
    said = joined(bot.say(sender, "und krieg ich das irgendwie schriftlich?"))
    assert said.startswith("Ja: Ihr Anliegen liegt unter der Nummer")
    assert "per E-Mail" in said


def test_whether_several_rewards_come_at_once_is_the_reward_per_referral(bot, demo_db_url) -> None:
    """ "krieg ich das alles auf einmal oder einzeln?" after the status of
    three referrals got how the reward is sent."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = spoken(bot.say(sender, "krieg ich das alles auf einmal oder einzeln?"))
    assert said == [kb_text(demo_db_url, "reward_per_referral", "funknetz")]


def test_a_recommended_friend_asking_as_a_referrer_gets_the_rule_not_their_own_entry(
    bot, demo_db_url
) -> None:
    """ "wie lang is so ne empfehlung dann gültig, müssen die sich beeilen?"
    from a recommended friend who wants to recommend others got where the
    friend's own code comes from."""
    sender = new_sender()
    meta = {"program": "funknetz"}
    bot.say(sender, "meine schwester hat mich zu funknetz geworben. krieg ich da auch was?", meta)
    said = spoken(
        bot.say(
            sender, "alles klar. wie lang is so ne empfehlung dann gültig, müssen die sich beeilen?"
        )
    )
    assert said == [kb_text(demo_db_url, "validity", "funknetz")]
