"""Whole conversations against the real servers where the customer's words
decide more than the topic the NLU read: a story of several referrals, an
insult while code and e-mail are asked, an address typed with umlauts, a
question beside code and e-mail, a rating with a question, a rule asked with
the brand's words around it, the writer asking about themselves, the
recommended friend's side of the waiting period, a referrer whose friend
wants no data kept, and a case that has a detail added, is threatened over
or settles itself.

Expected texts come from the data (domain responses, knowledge base)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.db import session_scope
from bot.models import Ticket
from tests.server.chat import (
    complaints_of,
    joined,
    kb_text,
    new_sender,
    opens_as,
    response_texts,
    spoken,
)

pytestmark = pytest.mark.server


def _asks_for_code(said: list[str]) -> bool:
    # In full, or as the short reminder once it was asked before.
    return any(
        opens_as(text, "utter_ask_referral_code") or opens_as(text, "utter_ask_referral_code_again")
        for text in said
    )


def test_a_story_of_several_referrals_and_their_state_starts_the_status_lookup(bot) -> None:
    """ "hab drei freunde geworben, wie ist da der stand" got the topic
    buttons of an unclear message."""
    said = spoken(
        bot.say(
            new_sender(),
            "servus, hab zwei leute zu euch geholt, wie schauts denn bei denen aus",
            {"program": "funknetz"},
        )
    )
    assert _asks_for_code(said)


def test_an_insult_while_code_and_email_are_asked_keeps_asking_for_them(bot) -> None:
    """ "du dummer bot gib mir einfach mein geld" while the code was asked got
    the usual topics, as if the customer had not said what they wanted."""
    sender = new_sender()
    bot.say(sender, "wo bleibt mein gutschein?", {"program": "funknetz"})
    said = spoken(bot.say(sender, "du blöder bot, rück endlich meine prämie raus"))
    assert set(said) & response_texts("utter_insult_while_verifying")
    assert _asks_for_code(said)
    status = joined(bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de"))
    assert "Katharina G." in status


def test_an_address_typed_with_umlauts_verifies_the_one_written_out_on_file(bot) -> None:
    """ "monika.schäfer@…" for "monika.schaefer@…" was not read as an address
    at all: the bot asked for the e-mail again."""
    sender = new_sender()
    bot.say(sender, "ich will wissen wo mein gutschein ist", {"program": "sonnenstrom"})
    bot.say(sender, "SSE-OLD345")
    said = spoken(bot.say(sender, "monika.schäfer@example.de"))
    assert not set(said) & response_texts("utter_ask_email")
    assert bot.tracker(sender)["slots"]["verification"] == "verified"


def test_a_question_beside_code_and_email_is_answered_after_the_status(bot, demo_db_url) -> None:
    """ "ASV-… …@… . kann das auch auf ein anderes konto gehen?" while the form
    asked for the details got the status and nothing on the account; "und
    wann genau ist es auf dem konto?" after that got how details change."""
    sender = new_sender()
    bot.say(sender, "wie ist der stand bei mir", {"program": "autosicher"})
    said = spoken(
        bot.say(
            sender, "ASV-QUA567 mehmet.yilmaz@example.de - geht das auch auf ein anderes konto?"
        )
    )
    assert "Elif K." in said[0]
    # Verified already: the change offered at once, not "I check your code".
    assert set(said) & response_texts("utter_change_offer_verified")
    when = joined(bot.say(sender, "ok und wann genau ist das geld dann auf dem konto?"))
    assert "Elif K." in when
    assert kb_text(demo_db_url, "change_details", "autosicher", "again") not in when


def test_a_rating_with_a_question_gets_thanks_and_the_answer_without_the_survey(bot) -> None:
    """ "danke, 5 sterne. und die prämie für leonie, wo finde ich die?" got the
    survey question and nothing on Leonie's reward."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = spoken(bot.say(sender, "super, 5 sterne von mir. wo finde ich denn leonies prämie?"))
    assert said[0] in response_texts("utter_rating_noted")
    assert "Leonie F." in "\n".join(said[1:])
    assert not set(said) & response_texts("utter_ask_nps_score")


def test_a_rule_asked_with_the_brands_words_around_it_gets_the_rule(bot, demo_db_url) -> None:
    """ "kann ich meine Ehefrau werben? Die hat ihr Auto noch woanders
    versichert." got the brand's customer service first."""
    said = spoken(
        bot.say(
            new_sender(),
            "darf ich meinen mann empfehlen? sein auto ist noch bei einer anderen versicherung",
            {"program": "autosicher"},
        )
    )
    assert said[0] == kb_text(demo_db_url, "family", "autosicher")
    assert kb_text(demo_db_url, "brand_contact", "autosicher") not in said


@pytest.mark.parametrize(
    ("program", "follow_up"),
    [
        ("autosicher", "und mich selber? ich hab ja noch ein zweites auto"),
        ("funknetz", "und mich selbst mit einer zweiten sim?"),
    ],
)
def test_the_writer_asking_about_themselves_after_whom_to_recommend_gets_self_referral(
    bot, demo_db_url, program: str, follow_up: str
) -> None:
    """ "und mich selbst? hab noch nen zweitwagen" got the payout timeline,
    "und mich selber mit einer zweiten sim karte?" the brand's service."""
    sender = new_sender()
    bot.say(sender, "kann ich meine tochter werben? die wohnt noch bei uns", {"program": program})
    said = spoken(bot.say(sender, follow_up))
    assert said[0] == kb_text(demo_db_url, "self_referral", program)


def test_the_recommended_friend_asking_why_there_is_a_waiting_period_gets_their_side(
    bot, demo_db_url
) -> None:
    """The recommended friend's "warum gibt es überhaupt eine wartezeit" got
    the referrer's answer about "Ihr Bekannter" and his contract."""
    sender = new_sender()
    bot.say(
        sender,
        "ich bin von einer freundin geworben worden, krieg ich was?",
        {"program": "autosicher"},
    )
    said = spoken(bot.say(sender, "wozu gibts denn überhaupt diese wartezeit"))
    assert said[0] == kb_text(demo_db_url, "friend_waiting_period", "autosicher")


def test_a_referrer_whose_friend_wants_no_data_kept_learns_how_the_friend_deletes(
    bot, demo_db_url
) -> None:
    """ "ich habe meinen Bruder empfohlen, aber er möchte nicht, dass seine
    Daten gespeichert werden" got the recommended person's own answer."""
    said = spoken(
        bot.say(
            new_sender(),
            "ich hab meine schwester empfohlen, die will aber nicht, "
            "dass ihr ihre daten speichert. was nun?",
            {"program": "sonnenstrom"},
        )
    )
    assert said[0] == kb_text(demo_db_url, "friend_data_removal", "sonnenstrom")


def test_a_detail_offered_for_an_open_objection_is_noted_on_it(bot, demo_db_url) -> None:
    """ "der neue vertrag ist vom 12.03., falls das für die prüfung wichtig
    ist" after the objection got "Wobei kann ich Ihnen damit helfen?"."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"})
    bot.say(sender, "das stimmt nicht, sie hat nur widerrufen weil der tarif falsch war")
    assert len(complaints_of(demo_db_url, sender)) == 1
    said = spoken(
        bot.say(sender, "sie hat am 3.4. neu abgeschlossen, falls das für euch wichtig ist")
    )
    assert opens_as(said[0], "utter_case_note_added")
    assert "3.4." in complaints_of(demo_db_url, sender)[0].details


def test_a_threat_after_an_objection_names_that_case_and_files_no_second(bot, demo_db_url) -> None:
    """ "ihr seid echt das letzte, ich kündige meinen vertrag" after the
    objection filed a second case."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"})
    bot.say(sender, "das kann nicht sein, ich hab alles richtig gemacht")
    assert len(complaints_of(demo_db_url, sender)) == 1
    said = spoken(bot.say(sender, "ihr seid unmöglich, dann kündige ich eben meinen vertrag"))
    assert said[0] in response_texts("utter_threat_acknowledge_case")
    assert any(opens_as(text, "utter_case_when") for text in said)
    assert len(complaints_of(demo_db_url, sender)) == 1


def test_a_rule_asked_right_after_a_case_gets_the_rule_not_the_cases_date(bot, demo_db_url) -> None:
    """ "wie lange gilt so eine empfehlung denn überhaupt" right after the
    objection got when the team answers."""
    sender = new_sender()
    bot.say(sender, "FNM-EXP567 ursula.meier@example.org", {"program": "funknetz"})
    bot.say(sender, "er hat aber doch abgeschlossen, halt etwas später")
    said = spoken(bot.say(sender, "wie lang ist so eine empfehlung eigentlich gültig?"))
    assert said[0] == kb_text(demo_db_url, "validity", "funknetz")


def test_a_case_that_settled_itself_is_noted_on_the_case(bot, demo_db_url) -> None:
    """ "da ist die mail doch. hat sich erledigt" once the case at the resend
    limit was filed got that the case is with the team."""
    sender = new_sender()
    bot.say(sender, "FNM-LIM789 heike.vogel@example.de", {"program": "funknetz"})
    bot.say(sender, "ja, bitte kümmert euch darum")
    said = spoken(bot.say(sender, "ach, die mail lag doch im spam ordner. hat sich erledigt"))
    assert len(said) == 1
    assert opens_as(said[0], "utter_case_settled_noted")
    with session_scope(demo_db_url) as session:
        details = session.scalars(select(Ticket.details).where(Ticket.conversation_id == sender))
        assert any("erledigt" in text for text in details)


def test_asking_leave_to_ask_something_else_gets_a_short_yes(bot) -> None:
    """ "darf ich in der zwischenzeit noch was anderes fragen?" after the
    status got how many friends one may recommend, a question not yet asked."""
    sender = new_sender()
    bot.say(sender, "ASV-WAI456 sabine.wolf@example.com", {"program": "autosicher"})
    said = spoken(bot.say(sender, "kann ich solange noch etwas anderes fragen?"))
    assert said == [text for text in said if text in response_texts("utter_ask_away")]
    assert said


def test_when_the_team_writes_after_the_offer_of_a_reply_names_that_offer(
    bot, closed_program
) -> None:
    """ "und wann meldet sich da jemand?" a turn after the e-mail reply was
    offered (the code given meanwhile) got "nobody of the team is told yet"."""
    sender = new_sender()
    bot.say(sender, "ich will einen menschen sprechen", {"program": closed_program})
    bot.say(sender, "kurze frage noch")
    said = spoken(bot.say(sender, "und wann meldet sich dann jemand bei mir?"))
    assert not set(said) & response_texts("utter_nobody_told_yet")
    assert any(opens_as(text, "utter_callback_when_offer") for text in said)


def test_an_address_with_no_code_to_the_offer_of_a_reply_files_that_reply(
    bot, demo_db_url, closed_program
) -> None:
    """ "Code hab ich nicht mehr. Meine Email ist …" to the offer of an e-mail
    reply (which needs no code) got why the code is needed, and no reply was
    ever filed."""
    sender = new_sender()
    bot.say(sender, "kann mir ein mensch helfen?", {"program": closed_program})
    done = joined(
        bot.say(sender, "den code hab ich leider nicht mehr, meine mail ist kim.b@example.org")
    )
    assert "ki***@example.org" in done
    with session_scope(demo_db_url) as session:
        ticket = session.scalars(select(Ticket).where(Ticket.conversation_id == sender)).one()
        assert ticket.contact_email == "kim.b@example.org"


def test_recommending_the_same_person_again_after_an_expiry_gets_its_own_answer(
    bot, demo_db_url
) -> None:
    """ "kann ich ihn nochmal werben" after the expired status and how long a
    recommendation holds got the offer of a person, as if asked a third time."""
    sender = new_sender()
    bot.say(sender, "FNM-EXP567 ursula.meier@example.org", {"program": "funknetz"})
    bot.say(sender, "wie lang gilt denn so eine empfehlung?")
    said = spoken(bot.say(sender, "darf ich ihn dann einfach nochmal werben?"))
    assert said[0] == kb_text(demo_db_url, "recommend_again", "funknetz")


def test_help_as_the_first_message_gets_the_topics_without_an_apology(bot) -> None:
    """ "hilfe" as the first message got "Schade, dass Ihnen das nicht
    weiterhilft", about an answer nobody had given."""
    said = spoken(bot.say(new_sender(), "hilfe", {"program": "funknetz"}))
    assert said[0] in response_texts("utter_help_offer")


def test_cash_instead_of_the_voucher_after_the_status_gets_the_cash_rule(bot, demo_db_url) -> None:
    """ "kann ich statt dem gutschein nicht einfach geld bekommen" after the
    status was heard as a reward that did not arrive."""
    sender = new_sender()
    bot.say(sender, "SSE-ORD789 claudia.becker@example.de", {"program": "sonnenstrom"})
    said = spoken(bot.say(sender, "könnte ich statt dem gutschein nicht lieber geld haben?"))
    assert said[0] == kb_text(demo_db_url, "cash_conversion", "sonnenstrom")


def test_an_insult_after_the_status_gets_calm_words_and_the_dates_again(bot) -> None:
    """ "bestellt?? das hör ich seit wochen. du bist echt der dümmste bot"
    got the general topics, as if the customer had not said what it was about."""
    sender = new_sender()
    bot.say(sender, "SSE-ORD789 claudia.becker@example.de", {"program": "sonnenstrom"})
    said = spoken(bot.say(sender, "immer dasselbe, du bist der nutzloseste bot überhaupt"))
    assert said[0] in response_texts("utter_insult_after_status")
    assert "Jürgen W." in "\n".join(said[1:])


def test_a_writer_who_corrects_which_side_they_are_on_is_the_referrer_then(bot) -> None:
    """ "falsch ausgedrückt. ICH habe Thomas geworben, nicht umgekehrt" after
    saying they were recommended got that the referrer's status is only the
    referrer's."""
    sender = new_sender()
    bot.say(
        sender, "ich bin von thomas geworben worden, wo bleibt die prämie?", {"program": "funknetz"}
    )
    said = spoken(
        bot.say(sender, "sorry, andersrum: ich habe thomas geworben. es geht um meine prämie")
    )
    assert _asks_for_code(said)
