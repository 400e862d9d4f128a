"""Whole conversations against the real servers: a customer asks what became
of a matter brought to the team before (looked up after the verification,
never filed a second time); complaints and other cases share one sequence of
numbers; where the team's answer goes; the date of a case asked again in
other words; the brand's phone named by the brand's name; why the e-mail
address is needed beside the code.

Expected texts come from the data (domain responses, knowledge base)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.clock import today
from bot.db import session_scope
from bot.formatting import format_date, mask_email
from bot.knowledge.phrases import phrase
from bot.models import CaseState, Program, Referrer, Ticket, TicketKind
from tests.factories import make_referrer
from tests.server.chat import (
    close_tickets,
    complaints_of,
    kb_text,
    new_sender,
    opens_as,
    resends_of,
    response_texts,
    spoken,
)

pytestmark = pytest.mark.server

CODE, EMAIL = "ASV-FRG234", "frieda.gruen@example.de"
# A customer who never brought anything to the team.
NONE_CODE, NONE_EMAIL = "ASV-NOC345", "nora.ohnefall@example.de"


@pytest.fixture(scope="module")
def customer(demo_db_url: str) -> str:
    """Customers of AutoSicher of their own, so that no other test's case
    is theirs."""
    with session_scope(demo_db_url) as session:
        program = session.scalars(select(Program).where(Program.slug == "autosicher")).one()
        make_referrer(session, program, CODE, EMAIL)
        make_referrer(session, program, NONE_CODE, NONE_EMAIL)
    return CODE


@pytest.fixture
def no_open_cases(demo_db_url: str, customer: str) -> Iterator[None]:
    """Each test starts without an open case of the customer."""
    yield
    with session_scope(demo_db_url) as session:
        ids = select(Referrer.id).where(Referrer.referral_code == CODE)
        session.execute(
            update(Ticket)
            .where(Ticket.referrer_id.in_(ids))
            .values(state=CaseState.DONE)
            .execution_options(synchronize_session=False)
        )


def test_the_state_of_an_earlier_complaint_is_looked_up_not_filed_again(
    bot, demo_db_url, customer, no_open_cases
) -> None:
    """ "Wie ist der Stand meiner Beschwerde?" filed a new complaint and
    thanked the customer for details never given."""
    earlier = new_sender()
    bot.say(
        earlier,
        f"Ich beschwere mich über euren Service, auf meine Mails antwortet keiner. {CODE} {EMAIL}",
        {"program": "autosicher"},
    )
    (filed,) = complaints_of(demo_db_url, earlier)
    now = new_sender()
    intro = spoken(
        bot.say(
            now,
            "Guten Abend, ich hab mich letzte Woche schon beschwert und bis heute keine "
            "Antwort bekommen. Wie ist der Stand?",
            {"program": "autosicher"},
        )
    )
    assert intro[0] in response_texts("utter_case_lookup_intro")
    answer = spoken(bot.say(now, f"{CODE} {EMAIL}"))
    assert opens_as(answer[0], "utter_case_status_open")
    assert f"Nummer {filed.id} " in answer[0] and format_date(filed.due_on) in answer[0]
    assert mask_email(EMAIL) in answer[0]
    assert complaints_of(demo_db_url, now) == []
    with session_scope(demo_db_url) as session:
        noted = session.get(Ticket, filed.id)
        assert "keine Antwort bekommen" in noted.details
    close_tickets(demo_db_url, earlier)


def test_a_verified_customer_without_any_case_hears_so_and_can_tell_it(
    bot, demo_db_url, customer, no_open_cases
) -> None:
    sender = new_sender()
    bot.say(sender, f"{NONE_CODE} {NONE_EMAIL}", {"program": "autosicher"})
    said = spoken(bot.say(sender, "gibts zu meiner beschwerde schon was neues?"))
    assert said == list(response_texts("utter_case_status_none"))
    assert complaints_of(demo_db_url, sender) == []


def test_an_overdue_case_is_apologised_for_and_a_person_offered(
    bot, demo_db_url, customer, no_open_cases
) -> None:
    earlier = new_sender()
    bot.say(
        earlier,
        f"Ich beschwere mich, keiner antwortet mir auf meine Mails. {CODE} {EMAIL}",
        {"program": "autosicher"},
    )
    (filed,) = complaints_of(demo_db_url, earlier)
    with session_scope(demo_db_url) as session:
        session.get(Ticket, filed.id).state = CaseState.IN_PROGRESS
        session.get(Ticket, filed.id).due_on = today() - timedelta(days=1)
    sender = new_sender()
    replies = bot.say(
        sender,
        f"was ist aus meiner anfrage geworden? {CODE} {EMAIL}",
        {"program": "autosicher"},
    )
    said = spoken(replies)
    assert opens_as(said[-1], "utter_case_status_overdue")
    assert f"Nummer {filed.id} " in said[-1]
    assert "Mit einem Mitarbeiter sprechen" in [b["title"] for b in replies[-1]["buttons"]]
    close_tickets(demo_db_url, earlier)


def test_a_complaint_and_a_data_request_in_one_chat_have_different_numbers(
    bot, demo_db_url, customer, no_open_cases
) -> None:
    """Complaints were numbered apart from tickets: one chat could hold two
    cases "Nummer 4"."""
    sender = new_sender()
    bot.say(sender, f"{CODE} {EMAIL}", {"program": "autosicher"})
    bot.say(sender, "Ich möchte Auskunft über alle Daten, die ihr über mich gespeichert habt.")
    bot.say(sender, "Außerdem möchte ich mich beschweren.")
    bot.say(sender, "Ihr habt mir dreimal Werbung geschickt, obwohl ich das nie wollte.")
    with session_scope(demo_db_url) as session:
        kinds = {
            ticket.kind: ticket.id
            for ticket in session.scalars(select(Ticket).where(Ticket.conversation_id == sender))
        }
    assert set(kinds) == {TicketKind.DATA_RIGHTS, TicketKind.COMPLAINT}
    assert len(set(kinds.values())) == 2
    close_tickets(demo_db_url, sender)


def test_where_the_answer_goes_is_the_address_on_file_and_the_date_in_new_words(
    bot, demo_db_url
) -> None:
    """ "an welche mail schreibt ihr mir dann?" got the program's contact
    page; "Gut. Wie lange dauert das?" the same text as the turn before."""
    sender = new_sender()
    bot.say(
        sender,
        "Guten Tag, ich möchte mich beschweren. Meine Empfehlung ist angeblich abgelaufen. "
        "FNM-EXP567, ursula.meier@example.org",
        {"program": "funknetz"},
    )
    (filed,) = complaints_of(demo_db_url, sender)
    threat = spoken(bot.say(sender, "Ich werde meinen Anwalt einschalten, wenn das so bleibt."))
    assert opens_as(threat[-1], "utter_case_when")
    again = spoken(bot.say(sender, "Gut. Wie lange dauert das?"))
    assert again == list(
        response_texts(
            "utter_case_when_again", case_id=str(filed.id), due=format_date(filed.due_on)
        )
    )
    where = spoken(bot.say(sender, "an welche mail schreibt ihr mir dann?"))
    assert where == list(
        response_texts(
            "utter_reply_address_case",
            email=mask_email("ursula.meier@example.org"),
            case_id=str(filed.id),
            due=format_date(filed.due_on),
        )
    )
    close_tickets(demo_db_url, sender)


def test_a_person_asked_for_at_the_resend_limit_names_the_open_case_and_its_address(
    bot, demo_db_url
) -> None:
    """At the resend limit "dann soll mich jemand anschreiben" offered an
    e-mail reply to the very address mails do not reach, and "an welche
    mail?" got the program's contact page."""
    sender = new_sender()
    bot.say(
        sender,
        "Hi, könnt ihr mir die Prämienmail nochmal schicken? FNM-LIM789 heike.vogel@example.de",
        {"program": "funknetz"},
    )
    filed = spoken(bot.say(sender, "ja bitte, kümmert euch drum"))
    assert opens_as(filed[0], "utter_resend_limit_ticket")
    bot.say(sender, "dann soll mich bitte jemand von euch anschreiben")
    where = spoken(bot.say(sender, "an welche mail schreibt ihr mir dann?"))
    assert len(where) == 1 and opens_as(where[0], "utter_reply_address_failing")
    assert mask_email("heike.vogel@example.de") in where[0]
    close_tickets(demo_db_url, sender)


def test_the_brands_phone_asked_by_the_brands_name_is_the_brands_not_the_programs(
    bot, demo_db_url
) -> None:
    """ "wie erreiche ich SonnenStrom nochmal telefonisch?" got the program's
    own contact, which has no phone."""
    sender = new_sender()
    bot.say(
        sender,
        "und wenn mein geworbener freund kündigt, krieg ich dann trotzdem die prämie?",
        {"program": "sonnenstrom"},
    )
    said = spoken(bot.say(sender, "ok. wie erreiche ich SonnenStrom nochmal telefonisch?"))
    assert said[0] == kb_text(demo_db_url, "brand_phone", "sonnenstrom")


def test_why_the_address_is_needed_beside_the_code_is_answered_before_it_is_asked(
    bot,
) -> None:
    sender = new_sender()
    bot.say(sender, "Hallo, ist mein Gutschein schon unterwegs?", {"program": "sonnenstrom"})
    said = spoken(bot.say(sender, "SSE-ORD789. Wozu brauchen Sie denn noch meine Email?"))
    assert said[0] in response_texts("utter_why_email_with_code")
    assert said[-1] in response_texts("utter_ask_email")
    verified = spoken(bot.say(sender, "claudia.becker@example.de"))
    assert verified[0].startswith("Danke, Frau Becker")


def test_an_unanswered_message_about_the_reward_gets_the_status_when_no_case_is_on_record(
    bot, customer
) -> None:
    """ "hab letzte woche wegen meiner prämie geschrieben, nie ne antwort"
    went straight to the verification and then only to the status."""
    sender = new_sender()
    first = spoken(
        bot.say(
            sender,
            "ich hab letzte woche schon mal wegen meiner prämie geschrieben und nie ne antwort "
            "bekommen",
            {"program": "autosicher"},
        )
    )
    assert first[0] in response_texts("utter_case_lookup_intro")
    said = spoken(bot.say(sender, f"{NONE_CODE} {NONE_EMAIL}"))
    assert said[0] in response_texts("utter_case_status_none_reward")
    assert "noch keine Empfehlung eingegangen" in said[1]


def test_the_verified_customer_asking_to_change_bank_details_is_offered_the_change(
    bot,
) -> None:
    """ "neue Bankverbindung, kann ich die ändern?" after the verification got
    "I check your code and address first" once more."""
    sender = new_sender()
    bot.say(sender, "ASV-CSH234 peter.lang@example.de", {"program": "autosicher"})
    said = spoken(
        bot.say(
            sender, "Ich habe inzwischen eine neue Bankverbindung. Kann ich die bei Ihnen ändern?"
        )
    )
    assert said == list(response_texts("utter_change_offer_verified"))


def test_a_participant_asking_why_the_address_gets_no_answer_for_people_who_never_took_part(
    bot, demo_db_url
) -> None:
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "Warum wollt ihr meine E-Mail Adresse haben? ich hab doch nur jemanden empfohlen",
            {"program": "autosicher"},
        )
    )
    assert kb_text(demo_db_url, "unexpected_mail", "autosicher") not in said
    assert kb_text(demo_db_url, "data_why", "autosicher") in said


def test_a_rule_and_the_own_reward_in_one_message_get_both(bot, demo_db_url) -> None:
    """ "muss ich das versteuern? Und ist meine eigentlich schon raus?" lost
    the second question."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "muss ich die Empfehlungsprämie beim Finanzamt angeben? Und ist meine eigentlich "
            "schon raus?",
            {"program": "funknetz"},
        )
    )
    assert said[0] == kb_text(demo_db_url, "taxes", "funknetz")
    assert said[1] in response_texts("utter_verification_intro")


def test_why_a_referral_whose_reward_is_out_is_not_through_says_it_is_done(
    bot, demo_db_url
) -> None:
    """ "wieso ist das bei leonie noch nicht durch?" got the status line of
    Leonie F. word for word again."""
    sender = new_sender()
    with resends_of(demo_db_url, "FNM-MUL678"):
        bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
        said = spoken(bot.say(sender, "und wieso ist das bei leonie noch nicht durch?"))
    assert said[0].startswith(phrase("status.already_done", friend="Leonie F."))


def test_faster_while_the_friend_has_not_signed_names_the_contract_not_a_fixed_date(
    bot,
) -> None:
    """ "geht das nicht irgendwie schneller?" while Markus B. had not signed
    got "es bleibt bei diesem Termin" and the dates again."""
    sender = new_sender()
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"})
    said = spoken(bot.say(sender, "geht das nicht irgendwie schneller?"))
    assert said[0] == phrase("status.sooner_by_contract", friend="Markus B.")


def test_what_a_case_means_for_the_customer_is_nothing_to_do_and_its_date(bot, demo_db_url) -> None:
    """ "und was heisst das jetzt fuer mich?" right after the missing money
    went to the team got what "überwiesen" means and "after a week we check"."""
    sender = new_sender()
    bot.say(
        sender,
        "Guten Tag. ASV-CSH234 peter.lang@example.de - ich sehe auf meinem Konto keine Prämie.",
        {"program": "autosicher"},
    )
    bot.say(sender, "das geld ist aber nicht angekommen, ich hab extra nachgeschaut")
    with session_scope(demo_db_url) as session:
        case = session.scalars(
            select(Ticket).where(Ticket.conversation_id == sender).order_by(Ticket.id.desc())
        ).first()
        number, due = case.id, case.due_on
    said = spoken(bot.say(sender, "und was heisst das jetzt fuer mich?"))
    assert said == list(
        response_texts("utter_case_means_for_you", case_id=str(number), due=format_date(due))
    )
    close_tickets(demo_db_url, sender)


def test_doubt_about_the_code_after_a_mismatch_gets_what_else_may_be_wrong(bot) -> None:
    """ "komisch, den code hab ich letzte woche schon angegeben" after code
    and address did not match got the request for both once more."""
    sender = new_sender()
    bot.say(
        sender,
        "hallo mein code ist SSE-XYZ999 und meine mail tobias.kern@example.de, ist meine "
        "prämie schon raus?",
        {"program": "sonnenstrom"},
    )
    said = spoken(
        bot.say(
            sender, "komisch, den code hab ich letzte woche schon mal angegeben da hat's geklappt"
        )
    )
    assert said[0] in response_texts("utter_mismatch_unclear")


def test_the_case_number_asked_again_is_that_number_not_a_phone_or_the_code(
    bot, demo_db_url
) -> None:
    """ "Und wie war nochmal die Nummer von meinem Vorgang?" got the brand's
    phone number; "Ich möchte eine Vorgangsnummer haben" a text without it."""
    sender = new_sender()
    bot.say(
        sender,
        "Guten Tag, ich möchte mich beschweren. Meine Empfehlung ist angeblich abgelaufen. "
        "FNM-EXP567, ursula.meier@example.org",
        {"program": "funknetz"},
    )
    (filed,) = complaints_of(demo_db_url, sender)
    expected = list(
        response_texts("utter_case_number", case_id=str(filed.id), due=format_date(filed.due_on))
    )
    assert spoken(bot.say(sender, "Und wie war nochmal die Nummer von meinem Vorgang?")) == expected
    assert spoken(bot.say(sender, "sorry, wie war die nummer nochmal?")) == expected
    by_mail = spoken(bot.say(sender, "Kommt die Antwort dann per Mail oder hier im Chat?"))
    assert opens_as(by_mail[0], "utter_reply_address_case")
    close_tickets(demo_db_url, sender)


def test_a_recommended_existing_customer_asking_what_they_get_is_not_promised_the_bonus(
    bot, demo_db_url
) -> None:
    """After "ich bin aber schon kunde", "und was bekomm ich selber dafür?"
    got the new customer's bonus, which the bot had just ruled out."""
    sender = new_sender()
    first = spoken(
        bot.say(
            sender,
            "hi mein kumpel hat mir nen empfehlungslink geschickt. ich bin aber schon kunde bei "
            "euch (hausrat). geht das trotzdem?",
            {"program": "autosicher"},
        )
    )
    assert first[0] == kb_text(demo_db_url, "friend_already_customer", "autosicher")
    own = spoken(bot.say(sender, "und was bekomm ich selber dafür?"))
    assert kb_text(demo_db_url, "friend_own_reward", "autosicher") not in own
    assert "Neukundenvorteil" in own[0]
