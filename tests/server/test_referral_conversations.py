"""Whole conversations against the demo data: "Wo bleibt meine Prämie?" ->
code -> e-mail -> the status answer with the right step and date.

The expected dates are worked out here from the showcase definitions in
bot/demo_data.py and the programs' published rules, not by the bot's code.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.clock import today
from bot.db import session_scope
from bot.formatting import format_date
from bot.models import (
    CaseState,
    OutgoingMail,
    Referral,
    Referrer,
    Reward,
    Ticket,
    TicketKind,
)
from bot.programs import find_program
from bot.topics import HUMAN_BUTTON
from tests.server.chat import (
    button_titles,
    joined,
    kb_text,
    new_sender,
    only_complaint,
    response_texts,
    texts,
)

pytestmark = pytest.mark.server


def day(offset: int) -> str:
    return format_date(today() + timedelta(days=offset))


# code, e-mail, program, phrases the answer must contain
STATUS_CASES = [
    pytest.param(
        "ASV-REC234",
        "lena.hoffmann@example.de",
        "autosicher",
        ["Frau Hoffmann", "Markus B.", "registriert", f"bis zum {day(80)} möglich"],
        id="recommended",
    ),
    pytest.param(
        "ASV-SIG345",
        "tobias.krueger@example.de",
        "autosicher",
        [
            "Stefanie K.",
            f"Bis zum {day(9)} läuft noch die Widerrufsfrist",
            f"am {day(69)} prämienberechtigt",
        ],
        id="contract_signed",
    ),
    pytest.param(
        "ASV-WAI456",
        "sabine.wolf@example.com",
        "autosicher",
        [f"Wartezeit bis zum {day(44)}", f"bis spätestens {day(74)}", "überwiesen"],
        id="waiting_period",
    ),
    pytest.param(
        "ASV-QUA567",
        "mehmet.yilmaz@example.de",
        "autosicher",
        ["alle Bedingungen erfüllt", f"bis spätestens {day(20)}", "nichts weiter tun"],
        id="qualified",
    ),
    pytest.param(
        "SSE-ORD789",
        "claudia.becker@example.de",
        "sonnenstrom",
        [f"am {day(-5)} angewiesen", f"bis spätestens {day(22)}", "per E-Mail"],
        id="reward_ordered",
    ),
    pytest.param(
        "SSE-SNT234",
        "felix.braun@example.com",
        "sonnenstrom",
        [f"am {day(-3)} per E-Mail an fe***@example.com", "Spam-Ordner"],
        id="reward_sent_voucher",
    ),
    pytest.param(
        "ASV-CSH234",
        "peter.lang@example.de",
        "autosicher",
        [f"50 € für Ihre Empfehlung an Gabriele S. haben wir am {day(-12)}", "überwiesen"],
        id="reward_sent_cash",
    ),
    pytest.param(
        "FNM-REJ456",
        "ali.oezdemir@example.de",
        "funknetz",
        ["keine Prämie", "widerrufen", "Katharina G."],
        id="rejected",
    ),
    pytest.param(
        "FNM-EXP567",
        "ursula.meier@example.org",
        "funknetz",
        [f"am {day(-50)} abgelaufen", "neu empfehlen"],
        id="expired",
    ),
]


def verify(bot, sender: str, code: str, email: str, program: str) -> list[dict]:
    """Ask for the reward, give code and e-mail in two messages."""
    first = bot.say(sender, "Wo bleibt meine Prämie?", metadata={"program": program})
    assert texts(first)[0] in response_texts("utter_verification_intro")
    # The example code has the program's prefix, e.g. "SSE-7K3M9P" for SonnenStrom.
    assert texts(first)[-1] in response_texts("utter_ask_referral_code", code_prefix=code[:3])
    second = bot.say(sender, f"Mein Code ist {code}")
    assert texts(second) == list(response_texts("utter_ask_email"))
    return bot.say(sender, email)


@pytest.mark.parametrize(("code", "email", "program", "phrases"), STATUS_CASES)
def test_reward_status_after_verification(bot, code, email, program, phrases) -> None:
    answer = joined(verify(bot, new_sender(), code, email, program))
    for phrase in phrases:
        assert phrase in answer
    assert "Mustermann" not in answer


def test_overdue_reward_apologises_opens_a_case_and_offers_a_person(bot, demo_db_url) -> None:
    sender = new_sender()
    replies = verify(bot, sender, "ASV-QOV678", "jana.schmidt@example.net", "autosicher")
    answer = joined(replies)
    assert "überschritten" in answer and "entschuldige" in answer
    assert "Mit einem Mitarbeiter sprechen" in button_titles(replies)
    with session_scope(demo_db_url) as session:
        ticket = session.scalars(
            select(Ticket).where(
                Ticket.conversation_id == sender, Ticket.kind == TicketKind.OVERDUE_REWARD
            )
        ).one()
    assert f"Nr. {ticket.id}" in answer


def test_code_and_email_in_one_message(bot) -> None:
    sender = new_sender()
    bot.say(sender, "wo ist meine praemie", metadata={"program": "autosicher"})
    answer = joined(bot.say(sender, "asv-qua567 und mehmet.yilmaz@example.de"))
    assert f"bis spätestens {day(20)}" in answer


def test_several_referrals_are_listed(bot) -> None:
    answer = joined(verify(bot, new_sender(), "FNM-MUL678", "jonas.weber@example.de", "funknetz"))
    assert "3 Empfehlungen" in answer
    assert answer.count("•") == 3


def test_three_wrong_emails_lock_the_conversation(bot) -> None:
    # A code no other test verifies with: its failures slow its next checks down.
    sender = new_sender()
    bot.say(sender, "Wo bleibt meine Prämie?", metadata={"program": "autosicher"})
    first = joined(bot.say(sender, "ASV-CSH234 falsch@example.de"))
    assert "passen leider nicht zusammen" in first and "zwei Versuche" in first
    second = joined(bot.say(sender, "ASV-CSH234 auch.falsch@example.de"))
    assert "einen Versuch" in second
    third = bot.say(sender, "ASV-CSH234 wieder.falsch@example.de")
    assert texts(third)[-1] in response_texts("utter_verification_locked")
    # Even the right data is refused for the rest of this conversation.
    asked = bot.say(sender, "Wo bleibt meine Prämie?")
    assert texts(asked) == list(response_texts("utter_verification_locked"))
    again = joined(bot.say(sender, "ASV-CSH234 peter.lang@example.de"))
    assert "Lang" not in again and "überwiesen" not in again


def test_a_code_of_another_program_does_not_verify(bot) -> None:
    """The codes' prefixes are public: the customer learns which program's
    chat shows the referral, and no attempt is used up on it."""
    sender = new_sender()
    bot.say(sender, "Wo bleibt meine Prämie?", metadata={"program": "sonnenstrom"})
    replies = bot.say(sender, "ASV-QUA567 mehmet.yilmaz@example.de")
    assert "passen leider nicht zusammen" not in joined(replies)
    assert "Herr Y" not in joined(replies)
    assert response_texts("utter_code_of_other_program", brand="AutoSicher Versicherung") & set(
        texts(replies)
    )


def test_a_code_of_no_program_here_gets_the_hint_about_the_prefix(bot) -> None:
    """A prefix none of the programs has: a mismatch, and which prefix this
    program's codes have."""
    sender = new_sender()
    bot.say(sender, "Wo bleibt meine Prämie?", metadata={"program": "sonnenstrom"})
    replies = bot.say(sender, "KWB-QUA567 mehmet.yilmaz@example.de")
    assert "passen leider nicht zusammen" in joined(replies)
    assert response_texts("utter_verification_other_program", code_prefix="SSE") & set(
        texts(replies)
    )


def test_a_wrong_code_of_the_own_program_gets_no_hint_about_other_programs(bot) -> None:
    sender = new_sender()
    bot.say(sender, "Wo bleibt meine Prämie?", metadata={"program": "sonnenstrom"})
    replies = bot.say(sender, "SSE-QUA567 mehmet.yilmaz@example.de")
    assert "passen leider nicht zusammen" in joined(replies)
    assert not response_texts("utter_verification_other_program", code_prefix="SSE") & set(
        texts(replies)
    )


def test_malformed_code_gets_a_format_hint(bot) -> None:
    sender = new_sender()
    bot.say(sender, "Wo bleibt meine Prämie?", metadata={"program": "autosicher"})
    replies = bot.say(sender, "Mein Code: ASV-ABCDEF")
    assert texts(replies)[0] in response_texts("utter_invalid_referral_code", code_prefix="ASV")


def test_no_code_at_hand_ends_the_form_kindly(bot, demo_db_url) -> None:
    sender = new_sender()
    bot.say(sender, "Wo bleibt meine Prämie?", metadata={"program": "autosicher"})
    replies = bot.say(sender, "/deny")
    assert texts(replies)[-1] in response_texts("utter_no_code")
    # The form is over: a normal question gets its normal answer.
    after = bot.say(sender, "/ask_how_referral_works")
    assert texts(after)[0] == kb_text(demo_db_url, "how_it_works", "autosicher")


def _queued_mails(database_url: str, code: str) -> tuple[str, set[str]]:
    """The referrer's address on file and where their reward mails were queued."""
    with session_scope(database_url) as session:
        referrer = session.scalars(select(Referrer).where(Referrer.referral_code == code)).one()
        own_rewards = select(Reward.id).join(Referral).where(Referral.referrer_id == referrer.id)
        mails = session.scalars(
            select(OutgoingMail).where(OutgoingMail.reward_id.in_(own_rewards))
        ).all()
        return referrer.email, {mail.to_email for mail in mails}


def test_a_lost_mail_is_resent_to_the_address_on_file(bot, demo_db_url) -> None:
    sender = new_sender()
    bot.say(sender, "Ich habe die Mail mit dem Gutschein nie bekommen")
    bot.say(sender, "SSE-SNT234")
    offer = joined(bot.say(sender, "felix.braun@example.com"))
    assert "fe***@example.com" in offer and "Spam" in offer
    done = joined(bot.say(sender, "/affirm"))
    assert "erneut unterwegs an fe***@example.com" in done
    on_file, queued = _queued_mails(demo_db_url, "SSE-SNT234")
    assert queued == {on_file}


def test_asking_to_resend_after_the_offer_resends_instead_of_offering_again(
    bot, demo_db_url
) -> None:
    """After "Soll ich sie noch einmal schicken?", "können Sie den nochmal
    schicken?" got the same offer again, a loop; it is the customer's yes."""
    sender = new_sender()
    status = joined(
        bot.say(sender, "SSE-SNT234 felix.braun@example.com", {"program": "sonnenstrom"})
    )
    assert "noch einmal" in status
    done = joined(bot.say(sender, "können sie den gutschein nochmal schicken?"))
    assert "erneut unterwegs an fe***@example.com" in done
    on_file, queued = _queued_mails(demo_db_url, "SSE-SNT234")
    assert queued == {on_file}


def test_a_plain_yes_to_the_resend_offer_made_with_the_status_resends(bot) -> None:
    """Code, e-mail and "finde die Mail nicht" in one message end with the
    offer to resend; a plain "ja" to it got "Wie kann ich Ihnen
    weiterhelfen?", because no rule expected the yes after that action."""
    sender = new_sender()
    offer = joined(
        bot.say(
            sender,
            "FNM-MUL678 jonas.weber@example.de ich finde die mail mit dem abo code nicht",
            {"program": "funknetz"},
        )
    )
    assert "noch einmal" in offer
    done = joined(bot.say(sender, "ja"))
    # Resent, or handed to the team when other tests used up the resends.
    assert "erneut unterwegs an jo***@example.de" in done or "Service-Team" in done


def test_a_bounced_mail_becomes_an_address_check_for_an_agent(bot, demo_db_url) -> None:
    """Resending to an address that bounced helps nobody; a new address typed
    in the chat is never used before an agent has confirmed it."""
    sender = new_sender()
    bot.say(sender, "Ich habe die Mail mit dem Gutschein nie bekommen")
    bot.say(sender, "SSE-OLD345")
    replies = bot.say(sender, "monika.schaefer@example.de")
    offer = joined(replies)
    assert "unzustellbar" in offer and "Soll ich sie noch einmal" not in offer
    assert texts(replies)[-1] in response_texts("utter_ask_new_address")
    done = joined(bot.say(sender, "meine neue adresse ist monika.s@example.org"))
    assert "mo***@example.org" in done
    with session_scope(demo_db_url) as session:
        ticket = session.scalars(
            select(Ticket).where(
                Ticket.conversation_id == sender, Ticket.kind == TicketKind.ADDRESS_CHECK
            )
        ).one()
        assert ticket.contact_email == "monika.s@example.org"
        assert f"Nummer {ticket.id}" in done
    _, queued = _queued_mails(demo_db_url, "SSE-OLD345")
    assert "monika.s@example.org" not in queued


def test_a_status_with_a_bounced_mail_asks_for_the_new_address_at_once(bot, demo_db_url) -> None:
    """The status once ended with "Schreiben Sie mir, dass die Mail nicht
    ankam"; a customer who answered "die alte Adresse ist nicht mehr aktiv"
    got a goodbye. Now the status asks for the address to check itself."""
    sender = new_sender()
    replies = bot.say(
        sender,
        "SSE-OLD345 monika.schaefer@example.de wo ist mein gutschein",
        {"program": "sonnenstrom"},
    )
    assert "unzustellbar" in joined(replies)
    assert texts(replies)[-1] in response_texts("utter_ask_new_address")
    # A "no" without an address is no goodbye: the address can still follow.
    later = texts(bot.say(sender, "/deny"))
    assert later == [
        variant for variant in response_texts("utter_deny") if "E-Mail-Adresse nennen" in variant
    ]
    done = joined(bot.say(sender, "die alte ist nicht mehr aktiv, neu: m.schaefer@example.org"))
    assert "m.***@example.org" in done
    # One open check per referral (another test may have opened it): it
    # holds the address named last, for the agent to confirm.
    with session_scope(demo_db_url) as session:
        ticket = session.scalars(
            select(Ticket)
            .join(Referrer, Ticket.referrer_id == Referrer.id)
            .where(
                Referrer.referral_code == "SSE-OLD345",
                Ticket.kind == TicketKind.ADDRESS_CHECK,
                Ticket.state != CaseState.DONE,
            )
        ).one()
        assert ticket.contact_email == "m.schaefer@example.org"
        assert f"Nummer {ticket.id}" in done


def test_a_new_address_beside_nothing_arrived_is_taken_for_the_bounced_mail(bot) -> None:
    """ "im Spam ist nix, schickt ihn bitte an …" after the bounced reward
    mail: read as the lost mail, it got the request for the address again."""
    sender = new_sender()
    bot.say(sender, "SSE-OLD345 monika.schaefer@example.de", {"program": "sonnenstrom"})
    done = bot.say(
        sender, "im spam hab ich schon geschaut, nix da. schickt ihn bitte an mo.neu@example.org"
    )
    assert "mo***@example.org" in joined(done)
    assert texts(done)[-1] not in response_texts("utter_ask_new_address")


def test_a_lost_address_without_a_new_one_gets_the_question_again(bot) -> None:
    """ "Die Mailadresse gibt es nicht mehr" while the bot waits for a new
    address once got the general text about changing details; it is the
    reason a new address is needed, so the bot asks for it again (and offers
    a person to whoever has none)."""
    sender = new_sender()
    meta = {"program": "sonnenstrom"}
    bot.say(sender, "Gutschein nie bekommen. SSE-OLD345 monika.schaefer@example.de", meta)
    replies = bot.say(sender, "die mailadresse gibt es nicht mehr")
    assert len(replies) == 1 and texts(replies)[0] in response_texts("utter_ask_new_address_again")
    assert "Mit einem Mitarbeiter sprechen" in button_titles(replies)
    done = joined(bot.say(sender, "dann nehmt bitte monika.neu@example.org"))
    assert "mo***@example.org" in done and "Nummer" in done


def test_nothing_arrived_after_a_bounced_mail_is_explained_then_the_address_asked_again(
    bot,
) -> None:
    """ "da ist aber nix angekommen" after the bot said the reward mail
    bounced got the same two texts again, and "hab auch im spam geschaut"
    a third time: now why nothing arrived, then the question once more, each
    with a person offered."""
    sender = new_sender()
    meta = {"program": "sonnenstrom"}
    first = texts(bot.say(sender, "SSE-OLD345 monika.schaefer@example.de", meta))
    assert first[-1] in response_texts("utter_ask_new_address")
    why = bot.say(sender, "da ist aber nix angekommen")
    assert texts(why) == [next(iter(response_texts("utter_bounced_mail_explained")))]
    assert "Mit einem Mitarbeiter sprechen" in button_titles(why)
    again = bot.say(sender, "hab auch im spam geschaut")
    assert texts(again)[0] in response_texts("utter_ask_new_address_again")
    assert "Mit einem Mitarbeiter sprechen" in button_titles(again)


def test_a_mail_question_with_the_details_says_the_status_before_the_missing_mail(bot) -> None:
    """Code, e-mail and "die Mail kam nie an" in one message, nothing
    mailed yet: the status (which opens with "ich habe Ihre Empfehlung
    gefunden") comes first, then that no reward mail went out yet."""
    sender = new_sender()
    replies = texts(
        bot.say(
            sender,
            "SSE-ORD789 claudia.becker@example.de die Mail mit dem Gutschein kam nie an",
            {"program": "sonnenstrom"},
        )
    )
    assert "ich habe Ihre Empfehlung gefunden" in replies[0]
    assert replies[-1] in response_texts("utter_no_reward_mail_yet")


def test_resend_limit_hands_over_to_a_person(bot) -> None:
    sender = new_sender()
    bot.say(sender, "Meine Prämien-Mail ist nicht angekommen", metadata={"program": "funknetz"})
    bot.say(sender, "FNM-LIM789 heike.vogel@example.de")
    done = joined(bot.say(sender, "/affirm"))
    assert "bereits 2-mal erneut" in done and "Vorgang" in done


def test_program_answers_use_the_program_data(bot, demo_db_url) -> None:
    sender = new_sender()
    meta = {"program": "sonnenstrom"}
    with session_scope(demo_db_url) as session:
        program = find_program(session, "sonnenstrom")
        session.expunge(program)
    cash = joined(bot.say(sender, "Kann ich statt dem Gutschein Geld bekommen?", metadata=meta))
    assert program.reward_phrase in cash and program.brand in cash
    brand = joined(bot.say(sender, "Meine Stromrechnung ist falsch, wen frage ich?"))
    # The brand's own customer service, not the referral program's mailbox.
    assert program.service_phone in brand and program.service_email in brand
    assert program.program_email not in brand
    more = texts(bot.say(sender, "Ich will die doppelte Prämie als Entschädigung!"))
    assert more[0] == kb_text(demo_db_url, "higher_reward", "sonnenstrom")
    assert program.reward_phrase in more[0] and program.brand in more[0]


def test_complaint_is_recorded_with_category_and_follow_up(bot, demo_db_url) -> None:
    sender = new_sender()
    bot.say(sender, "Das ist eine absolute Frechheit, ich beschwere mich!")
    replies = bot.say(sender, "Ich warte seit Monaten auf meine Prämie und niemand antwortet")
    with session_scope(demo_db_url) as session:
        complaint = session.scalars(
            select(Ticket).where(
                Ticket.conversation_id == sender, Ticket.kind == TicketKind.COMPLAINT
            )
        ).one()
        assert "Frechheit" in complaint.details and "Monaten" in complaint.details
        follow_up = format_date(complaint.due_on)
        complaint_id = complaint.id
    answer = joined(replies)
    assert f"Nummer {complaint_id}" in answer and follow_up in answer


def test_code_and_email_as_the_complaints_details_give_the_status_and_a_masked_record(
    bot, demo_db_url
) -> None:
    """Asked what happened, the customer sends code and e-mail: the status
    comes first, and the complaint is linked to the referrer with neither
    the code nor the address stored in its text."""
    sender = new_sender()
    bot.say(
        sender,
        "ich bin total enttäuscht von euch, 3 monate warte ich schon",
        {"program": "autosicher"},
    )
    replies = joined(bot.say(sender, "ASV-WAI456 sabine.wolf@example.com"))
    with session_scope(demo_db_url) as session:
        complaint = session.scalars(
            select(Ticket).where(
                Ticket.conversation_id == sender, Ticket.kind == TicketKind.COMPLAINT
            )
        ).one()
        referrer = session.scalars(
            select(Referrer).where(Referrer.referral_code == "ASV-WAI456")
        ).one()
        assert complaint.referrer_id == referrer.id
        assert "enttäuscht" in complaint.details
        assert (
            "sabine.wolf@example.com" not in complaint.details
            and "ASV-WAI456" not in complaint.details
        )
        complaint_id = complaint.id
    assert "Frau Wolf" in replies
    assert replies.index("Frau Wolf") < replies.index(f"Nummer {complaint_id}")


def test_data_rights_request_becomes_a_ticket_after_verification(bot, demo_db_url) -> None:
    sender = new_sender()
    bot.say(sender, "Bitte löschen Sie alle meine Daten", metadata={"program": "autosicher"})
    replies = bot.say(sender, "ASV-REC234 lena.hoffmann@example.de")
    with session_scope(demo_db_url) as session:
        ticket = session.scalars(
            select(Ticket).where(
                Ticket.conversation_id == sender, Ticket.kind == TicketKind.DATA_RIGHTS
            )
        ).one()
        assert ticket.details.startswith("Löschung")
    answer = joined(replies)
    assert f"Nummer {ticket.id}" in answer and "le***@example.de" in answer


def test_an_email_given_when_the_code_was_asked_is_kept_and_only_the_code_is_asked(bot) -> None:
    """After a mismatch many customers resend only the address: the bot says
    it has the address and asks just for the code, not the same question."""
    sender = new_sender()
    bot.say(sender, "wo bleibt meine prämie", metadata={"program": "autosicher"})
    asked = texts(bot.say(sender, "lena.hoffmann@example.de"))
    first_ask = response_texts("utter_ask_referral_code", code_prefix="ASV")
    assert asked[-1] in first_ask and asked[-1].startswith("Danke, Ihre E-Mail-Adresse habe ich")
    status = joined(bot.say(sender, "ASV-REC234"))
    assert "Hoffmann" in status


def test_after_a_mismatch_the_corrected_address_alone_verifies_with_the_code_given_before(
    bot,
) -> None:
    sender = new_sender()
    bot.say(sender, "Stand meiner Prämie bitte", metadata={"program": "sonnenstrom"})
    bot.say(sender, "SSE-ORD789")
    rejected = texts(bot.say(sender, "claudia@example.de"))
    assert "passen leider nicht zusammen" in rejected[0]
    assert rejected[-1] in response_texts("utter_ask_corrected_details")
    status = joined(bot.say(sender, "oh sorry, claudia.becker@example.de"))
    assert "Frau Becker" in status


def test_after_a_mismatch_the_corrected_code_alone_verifies_with_the_address_given_before(
    bot,
) -> None:
    sender = new_sender()
    bot.say(sender, "wo bleibt mein gutschein", metadata={"program": "funknetz"})
    rejected = joined(bot.say(sender, "FNM-EXP576 ursula.meier@example.org"))
    assert "passen leider nicht zusammen" in rejected
    status = joined(bot.say(sender, "vertippt, der code ist FNM-EXP567"))
    assert "Frau Meier" in status


def test_a_corrected_address_after_details_given_unasked_verifies_with_the_code_given_before(
    bot,
) -> None:
    """Code and address sent without a question, the address wrong: "ach
    sorry, ist felix.braun@example.com" got "Danke für die Angabe! Wobei kann
    ich Ihnen damit helfen?" instead of the status."""
    sender = new_sender()
    rejected = joined(
        bot.say(sender, "SSE-SNT234 felix.braun@example.de", metadata={"program": "sonnenstrom"})
    )
    assert "passen leider nicht zusammen" in rejected
    status = joined(bot.say(sender, "ach sorry, ist felix.braun@example.com"))
    assert "Herr Braun" in status


def only_data_rights_ticket(db_url: str, sender: str) -> Ticket:
    """The one data-rights ticket of the conversation (fails if none or more)."""
    with session_scope(db_url) as session:
        return session.scalars(
            select(Ticket).where(
                Ticket.conversation_id == sender, Ticket.kind == TicketKind.DATA_RIGHTS
            )
        ).one()


def test_code_and_address_right_after_a_change_of_bank_details_file_the_change(
    bot, demo_db_url
) -> None:
    """ "meine IBAN hat sich geändert", then code and address without tapping
    "Änderung beantragen", got the status; the ticket keeps the customer's
    words, not the code and address."""
    sender = new_sender()
    offered = bot.say(sender, "meine IBAN hat sich geändert", metadata={"program": "autosicher"})
    assert "Änderung beantragen" in button_titles(offered)
    confirmed = joined(bot.say(sender, "ASV-QUA567 mehmet.yilmaz@example.de"))
    ticket = only_data_rights_ticket(demo_db_url, sender)
    details = ticket.details
    assert f"Nummer {ticket.id}" in confirmed
    assert details.startswith("Berichtigung") and "IBAN" in details
    assert "ASV-QUA567" not in details and "@" not in details


@pytest.mark.parametrize(
    ("first", "typed"),
    [
        (
            "ich hab ne neue bankverbindung, wie ändere ich die iban?",
            "geht das nicht hier? DE89 3704 0044 0532 0130 00",
        ),
        (
            "wie kann ich meine e-mail adresse ändern?",
            "meine neue ist max.neu@example.org, schickt es bitte dahin",
        ),
    ],
)
def test_new_details_typed_after_the_change_offer_file_the_change_without_keeping_them(
    bot, demo_db_url, first: str, typed: str
) -> None:
    """An IBAN or a new address typed after "Änderung beantragen" was offered
    got the topic buttons or "Worum geht es Ihnen denn genau?". Now the bot
    says it takes no new details from the chat and files the change: the
    typed address is not taken for the one on file, and the ticket holds
    neither it nor the IBAN in full."""
    sender = new_sender()
    assert "Änderung beantragen" in button_titles(
        bot.say(sender, first, metadata={"program": "autosicher"})
    )
    reply = texts(bot.say(sender, typed))
    assert reply[0] in response_texts("utter_new_details_not_in_chat")
    # The code is asked for, not only the code: the typed address was not kept.
    assert reply[-1] in response_texts("utter_ask_referral_code", code_prefix="ASV")
    assert "Adresse habe ich" not in reply[-1]
    confirmed = joined(bot.say(sender, "ASV-QUA567 mehmet.yilmaz@example.de"))
    ticket = only_data_rights_ticket(demo_db_url, sender)
    assert f"Nummer {ticket.id}" in confirmed and ticket.details.startswith("Berichtigung")
    assert "3704 0044" not in ticket.details and "max.neu@" not in ticket.details


def test_an_unclear_message_after_a_mismatch_says_what_else_to_check(bot) -> None:
    """ "doch der Code stimmt, hab ich aus der Mail abgeschrieben" after code
    and address did not match got the general topic buttons."""
    sender = new_sender()
    bot.say(sender, "Status bitte: FNM-XYZ999, k.schmidt@example.de", {"program": "funknetz"})
    reply = bot.say(sender, "doch der code stimmt, hab ich direkt aus der mail abgeschrieben")
    assert texts(reply) == [next(iter(response_texts("utter_mismatch_unclear")))]
    assert button_titles(reply) == [HUMAN_BUTTON.title]


def test_thanks_after_the_status_closes_politely(bot) -> None:
    """ "ok alles klar danke" after the status was asked back as a possible
    objection to it ("Habe ich Sie richtig verstanden …")."""
    sender = new_sender()
    bot.say(sender, "ASV-SIG345 tobias.krueger@example.de", {"program": "autosicher"})
    reply = texts(bot.say(sender, "ok alles klar danke"))
    assert reply and set(reply) <= response_texts("utter_thank")


def test_a_death_told_beside_a_question_gets_condolences_and_a_person(bot) -> None:
    """ "mein Mann ist verstorben, was passiert jetzt mit der Prämie?" got the
    rule on a friend who cancels."""
    reply = bot.say(
        new_sender(),
        "Hallo, mein Mann hat einen Freund geworben, er ist leider im Sommer verstorben. "
        "Was wird jetzt aus seiner Prämie?",
        {"program": "sonnenstrom"},
    )
    assert texts(reply) == [next(iter(response_texts("utter_condolence")))]


def test_asking_about_the_other_referrals_after_the_status_gives_each_ones_dates(bot) -> None:
    """ "und die anderen zwei, die ich geworben hab?" after a status with
    three referrals got what the recommended friend receives."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    answer = joined(bot.say(sender, "und die anderen zwei die ich geworben hab?"))
    assert "Hannah S." in answer and "Maximilian R." in answer


def test_a_code_brought_back_after_leaving_the_verification_resumes_it(bot) -> None:
    """ "hab den Code grad nicht" leaves the form for an answer; the code
    given later continues the status lookup instead of "Wobei kann ich
    helfen?", and only the address is still asked."""
    sender = new_sender()
    bot.say(sender, "hey du, wann krieg ich endlich mein abo??", metadata={"program": "funknetz"})
    bot.say(sender, "hab den code grad nich")
    resumed = texts(bot.say(sender, "ok hab ihn FNM-EXP567"))
    assert resumed == list(response_texts("utter_ask_email"))
    status = joined(bot.say(sender, "ursula.meier@example.org"))
    assert "Frau Meier" in status


def test_a_code_alone_starts_the_status_lookup(bot) -> None:
    sender = new_sender()
    asked = texts(
        bot.say(sender, "ich habe so einen Code ASV-QUA567", metadata={"program": "autosicher"})
    )
    assert asked == list(response_texts("utter_ask_email"))
    assert "Yılmaz" in joined(bot.say(sender, "mehmet.yilmaz@example.de"))


def test_an_objection_to_a_refused_referral_becomes_a_case_without_asking_what_happened(
    bot, demo_db_url
) -> None:
    """After "keine Prämie, weil widerrufen", "das ist doch nicht meine
    Schuld" got sympathy for a hardship, and "aber sie hat doch
    abgeschlossen!" after an expired referral got "Danke für die Angabe".
    The customer objects to their own status: the team checks it again, and
    the bot does not ask "Was ist passiert?"."""
    sender = new_sender()
    status = joined(bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"}))
    assert "widerrufen" in status
    replies = bot.say(sender, "also dafür kann ich ja wohl nichts, wenn die widerruft")
    answer = joined(replies)
    complaint = only_complaint(demo_db_url, sender)
    assert f"Nummer {complaint.id}" in answer and format_date(complaint.due_on) in answer
    assert complaint.referrer_id is not None and "widerruft" in complaint.details
    assert not set(texts(replies)) & response_texts("utter_complaint")
    assert len(texts(replies)) == 1  # no clarification after it


def test_money_missing_after_the_transfer_becomes_a_case_for_the_team(bot, demo_db_url) -> None:
    """ "auf meinem Konto ist aber nix" after "überwiesen am …" got the generic
    topic buttons. The customer's own case does not match what the bot said:
    the team checks it."""
    sender = new_sender()
    status = joined(bot.say(sender, "ASV-CSH234 peter.lang@example.de", {"program": "autosicher"}))
    assert "überwiesen" in status
    answer = joined(bot.say(sender, "bei mir ist das geld aber nicht angekommen"))
    complaint = only_complaint(demo_db_url, sender)
    assert f"Nummer {complaint.id}" in answer
    assert complaint.referrer_id is not None and "nicht angekommen" in complaint.details


def test_can_nothing_be_done_after_an_expired_referral_offers_a_second_check(bot) -> None:
    sender = new_sender()
    bot.say(sender, "FNM-EXP567 ursula.meier@example.org", {"program": "funknetz"})
    replies = bot.say(sender, "lässt sich da gar nichts mehr machen?")
    assert texts(replies) == list(response_texts("utter_dispute_offer"))
    assert "Ja, bitte prüfen" in button_titles(replies)


def test_why_not_to_the_resend_offer_is_a_yes(bot, demo_db_url) -> None:
    """ "Soll ich sie noch einmal schicken?" – "warum nicht?" is German for
    "gern"; it got "Worauf bezieht sich Ihre Frage?"."""
    sender = new_sender()
    offer = joined(
        bot.say(sender, "SSE-SNT234 felix.braun@example.com", {"program": "sonnenstrom"})
    )
    assert "noch einmal" in offer
    replies = bot.say(sender, "ja warum nicht")
    assert len(replies) == 1  # the resend alone, nothing after it
    assert "erneut unterwegs an fe***@example.com" in texts(replies)[0]
    on_file, queued = _queued_mails(demo_db_url, "SSE-SNT234")
    assert queued == {on_file}


def test_nothing_in_the_spam_folder_after_the_offer_resends(bot, demo_db_url) -> None:
    """ "Schauen Sie im Spam-Ordner nach. Soll ich sie noch einmal schicken?"
    – "im Spam ist sie auch nicht" got the not-helpful topic buttons. (The
    other resend tests use SSE-SNT234; its resend limit is 3.)"""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    done = joined(bot.say(sender, "im spamordner hab ich schon geguckt, da ist sie nicht"))
    assert "erneut unterwegs an jo***@example.de" in done
    on_file, queued = _queued_mails(demo_db_url, "FNM-MUL678")
    assert queued == {on_file}


def test_how_long_after_a_change_filed_from_code_and_address_names_its_deadline(
    bot, demo_db_url
) -> None:
    """ "und wie lang dauert das dann?" right after code and address filed a
    change of bank details got the change-of-details answer again."""
    sender = new_sender()
    bot.say(sender, "meine IBAN hat sich geändert", metadata={"program": "autosicher"})
    bot.say(sender, "ASV-QUA567 mehmet.yilmaz@example.de")
    ticket = only_data_rights_ticket(demo_db_url, sender)
    when = joined(bot.say(sender, "und wie lang dauert das dann?"))
    assert format_date(ticket.due_on) in when and str(ticket.id) in when


def test_when_after_a_data_rights_request_names_the_requests_deadline(bot, demo_db_url) -> None:
    """ "und wann krieg ich die?" after the GDPR ticket got "Bei Ihren
    Empfehlungen wartet gerade kein Schritt mehr auf einen Termin"."""
    sender = new_sender()
    bot.say(sender, "Ich möchte wissen, was ihr alles über mich gespeichert habt.")
    bot.say(sender, "ASV-SIG345", {"program": "autosicher"})
    confirmed = joined(bot.say(sender, "tobias.krueger@example.de"))
    with session_scope(demo_db_url) as session:
        ticket = session.scalars(select(Ticket).where(Ticket.conversation_id == sender)).one()
        due, ticket_id = format_date(ticket.due_on), ticket.id
    assert f"Nummer {ticket_id}" in confirmed
    when = joined(bot.say(sender, "und bis wann bekomme ich das?"))
    assert due in when and str(ticket_id) in when


def test_an_unclear_message_after_the_status_offers_a_check_and_the_check_becomes_a_case(
    bot, demo_db_url
) -> None:
    """ "er meinte, er hat letzte Woche unterschrieben" after "registriert,
    noch kein Vertrag" got the general topic buttons."""
    sender = new_sender()
    status = joined(
        bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"})
    )
    assert "registriert" in status
    unclear = bot.say(sender, "komisch, mein schwager meinte was anderes")
    assert texts(unclear) == list(response_texts("utter_status_unclear"))
    answer = joined(bot.say(sender, "/not_helpful"))
    complaint = only_complaint(demo_db_url, sender)
    assert f"Nummer {complaint.id}" in answer and "schwager" in complaint.details


def test_accepting_a_refusal_files_no_case(bot, demo_db_url) -> None:
    """ "ah ok verstehe" after "keine Prämie, weil widerrufen" came close to
    "das hilft mir nicht" and was filed as a case for the team."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"})
    replies = bot.say(sender, "achso okay, versteh ich")
    with session_scope(demo_db_url) as session:
        filed = session.scalars(
            select(Ticket).where(
                Ticket.conversation_id == sender, Ticket.kind == TicketKind.COMPLAINT
            )
        ).all()
    assert filed == []
    assert not set(texts(replies)) & response_texts("utter_dispute_recorded")


def test_an_address_next_to_a_lost_code_goes_to_the_team_not_back_to_the_customer(bot) -> None:
    """ "hab meinen Code verlegt, meine Mail ist …, könnt ihr helfen?" got
    "Danke für die Angabe! Wobei kann ich Ihnen damit helfen?"."""
    replies = bot.say(
        new_sender(),
        "hallo, hab meinen empfehlungscode verloren. meine mail: lena.hoffmann@example.de - "
        "könnt ihr mir da helfen?",
        {"program": "autosicher"},
    )
    assert texts(replies)[0] in response_texts("utter_email_without_code")
    assert not set(texts(replies)) & response_texts("utter_inform")


def test_an_unsure_message_about_the_own_reward_starts_the_verification(bot) -> None:
    """ "hallo, ne frage zu meinem Gutschein, der ist noch nicht da" was asked
    back with topic buttons: the NLU was unsure, but it leaned to the status,
    and the customer spoke of their own reward."""
    replies = bot.say(
        new_sender(),
        "hallo ich hab da ne frage zu meinem gutschein, der ist nämlich noch nicht da",
        {"program": "sonnenstrom"},
    )
    assert texts(replies)[0] in response_texts("utter_verification_intro")


def test_a_referral_the_customer_cannot_see_is_the_customers_own_status(bot) -> None:
    """ "mein Freund hat sich mit meinem Code angemeldet, aber ich sehe nix
    davon" got whether the friend gets a reward."""
    replies = bot.say(
        new_sender(),
        "meine schwester hat mit meinem code unterschrieben, aber ich seh davon gar nichts",
        {"program": "funknetz"},
    )
    assert texts(replies)[0] in response_texts("utter_verification_intro")


def test_asking_what_data_is_kept_offers_a_copy_and_code_and_address_request_it(
    bot, demo_db_url
) -> None:
    """ "ich möchte wissen, welche Daten ihr über mich habt", then code and
    address, got the status: the customer asked for their data."""
    sender = new_sender()
    offered = bot.say(
        sender, "Was habt ihr eigentlich alles über mich gespeichert?", {"program": "sonnenstrom"}
    )
    assert "Auskunft beantragen" in button_titles(offered)
    confirmed = joined(bot.say(sender, "SSE-ORD789 claudia.becker@example.de"))
    ticket = only_data_rights_ticket(demo_db_url, sender)
    details = ticket.details
    assert f"Nummer {ticket.id}" in confirmed
    assert details.startswith("Auskunft")
    assert "SSE-ORD789" not in details and "@" not in details


def test_a_customer_looking_for_their_code_is_asked_for_it(bot) -> None:
    """ "moment ich such meinen code" got where to share a code on social media."""
    replies = bot.say(
        new_sender(), "Sekunde, ich schau kurz nach meinem Code", {"program": "funknetz"}
    )
    assert texts(replies)[0] in response_texts("utter_verification_intro")
    assert "Wie lautet Ihr Empfehlungscode?" in texts(replies)[-1]


def _complaints_of(database_url: str, sender: str) -> int:
    with session_scope(database_url) as session:
        rows = session.scalars(
            select(Ticket).where(
                Ticket.conversation_id == sender, Ticket.kind == TicketKind.COMPLAINT
            )
        )
        return len(rows.all())


def test_an_objection_to_a_mismatch_explains_it_and_the_corrected_code_verifies(
    bot, demo_db_url
) -> None:
    """ "doch das ist mein Code!!" after a mismatch asked "Was ist passiert?",
    and the corrected code that followed was recorded as a complaint."""
    sender = new_sender()
    bot.say(
        sender,
        "Mein Code: ASV-XYZ999, Mail lena.hoffmann@example.de. wann krieg ich endlich mein geld",
        {"program": "autosicher"},
    )
    reply = bot.say(sender, "doch das ist mein code!!")
    assert texts(reply) == [next(iter(response_texts("utter_mismatch_unclear")))]
    status = joined(bot.say(sender, "ah sorry, vertippt. ASV-REC234"))
    assert "Frau Hoffmann" in status and "Markus B." in status
    assert _complaints_of(demo_db_url, sender) == 0


def test_thanks_despite_a_refusal_closes_kindly_and_records_nothing(bot, demo_db_url) -> None:
    """ "naja trotzdem danke", asked what bothers the customer about a rule,
    was recorded as a complaint."""
    sender = new_sender()
    bot.say(sender, "kann ich mich selbst werben?", {"program": "funknetz"})
    objection = bot.say(sender, "das ist doch unfair")
    assert texts(objection)[0] in response_texts("utter_complaint_about_rule")
    closing = texts(bot.say(sender, "naja trotzdem danke"))
    assert closing and set(closing) <= response_texts("utter_thank_despite")
    assert _complaints_of(demo_db_url, sender) == 0


def test_a_relative_asked_about_without_naming_a_reward_gets_the_rule_not_the_verification(
    bot,
) -> None:
    """ "und meine Tochter? die wohnt noch bei uns" after whether a husband
    may be recommended answered and then asked for the code."""
    sender = new_sender()
    bot.say(sender, "darf ich auch meinen mann werben?", {"program": "autosicher"})
    reply = joined(bot.say(sender, "und meine Tochter? die wohnt noch bei uns"))
    assert "Empfehlungscode" not in reply
    assert "Familienmitglieder" in reply or "volljährig" in reply


def test_after_condolences_no_code_and_the_reward_lead_to_a_person(bot, demo_db_url) -> None:
    """ "den Code hab ich nicht, nur seine E-Mail-Adresse" after condolences
    asked for the very code the customer said they did not have, or got the
    hardship text when the NLU was unsure; "kann ich die Prämie dann
    bekommen?" then got the program's payout timeline. Both get that the team
    settles it without the code."""
    sender = new_sender()
    bot.say(
        sender,
        "Mein Vater hat vor ein paar Monaten jemanden geworben. Er ist leider letzten Monat "
        "verstorben. Was passiert jetzt mit der Prämie?",
        {"program": "funknetz"},
    )
    reply = bot.say(sender, "den code hab ich nicht, nur seine email adresse")
    assert texts(reply) == [next(iter(response_texts("utter_condolence_follow_up")))]
    assert button_titles(reply) == ["Ja, bitte verbinden"]
    reply = bot.say(sender, "kann ich die prämie dann bekommen? ich kümmer mich um den nachlass")
    # The reward asked about: that it is not lost and the team settles it.
    assert texts(reply) == [next(iter(response_texts("utter_condolence_reward")))]
    assert button_titles(reply) == ["Ja, bitte verbinden"]
    reply = bot.say(sender, "muss ich da irgendwelche unterlagen schicken?")
    # The formalities asked next, more concretely: nothing to send yet.
    assert texts(reply) == [next(iter(response_texts("utter_condolence_follow_up_again")))]


def test_how_long_after_what_is_stored_tells_how_long_it_is_kept(bot, demo_db_url) -> None:
    """ "wie lange?" after what the program stores got the topic buttons."""
    sender = new_sender()
    bot.say(sender, "und was speichert ihr dann alles über mich?", {"program": "sonnenstrom"})
    reply = bot.say(sender, "wie lange?")
    assert texts(reply)[0] == kb_text(demo_db_url, "data_retention", "sonnenstrom")


def test_a_new_address_named_at_the_resend_offer_goes_to_an_agent_not_to_the_old_address(
    bot, demo_db_url
) -> None:
    """ "ich hab inzwischen eine neue Mail-Adresse, schick das bitte an …" to
    the offer to resend the reward mail resent it to the old address."""
    sender = new_sender()
    offer = joined(bot.say(sender, "FNM-LIM789 heike.vogel@example.de", {"program": "funknetz"}))
    assert "2-mal" in offer and "Service-Team" in offer
    with session_scope(demo_db_url) as session:
        queued_before = session.scalar(select(func.count()).select_from(OutgoingMail))
    done = joined(
        bot.say(
            sender,
            "ich hab inzwischen eine neue mail adresse, schick das bitte an heike.v@example.net",
        )
    )
    assert "he***@example.net" in done and "erneut unterwegs" not in done
    with session_scope(demo_db_url) as session:
        ticket = session.scalars(
            select(Ticket).where(
                Ticket.conversation_id == sender, Ticket.kind == TicketKind.ADDRESS_CHECK
            )
        ).one()
        assert ticket.contact_email == "heike.v@example.net"
        assert "neue Adresse" in ticket.details
        assert session.scalar(select(func.count()).select_from(OutgoingMail)) == queued_before
    assert f"Nummer {ticket.id}" in done


def test_a_status_question_beside_a_rule_question_gets_both(bot, demo_db_url) -> None:
    """ "wie steht meine Empfehlung und muss ich die Prämie versteuern?" got
    the taxes and never the status."""
    sender = new_sender()
    replies = bot.say(
        sender,
        "hallo, wie steht meine empfehlung und muss ich die prämie eigentlich versteuern?",
        {"program": "sonnenstrom"},
    )
    said = texts(replies)
    assert said[0] == kb_text(demo_db_url, "taxes", "sonnenstrom")
    assert "Wie lautet Ihr Empfehlungscode?" in said[-1]
    status = joined(bot.say(sender, "SSE-ORD789, claudia.becker@example.de"))
    assert "Frau Becker" in status and "Jürgen W." in status


def test_when_the_money_comes_before_the_friend_signed_names_the_days_after_signing(bot) -> None:
    """ "wann genau kann ich mit dem Geld rechnen?" while the friend has not
    signed yet only repeated until when the friend may sign."""
    sender = new_sender()
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"})
    reply = joined(bot.say(sender, "wann genau kann ich dann mit dem geld rechnen?"))
    assert "Markus B." in reply and "spätestens 104 Tage nach der Unterschrift" in reply


def test_the_friend_cancelling_is_the_rule_not_a_threat(bot, demo_db_url) -> None:
    """ "Was ist, wenn sie die Versicherung vorher wieder kündigt?" after the
    status got the calm answer to a threat to cancel."""
    sender = new_sender()
    bot.say(sender, "ASV-WAI456 sabine.wolf@example.com", {"program": "autosicher"})
    reply = bot.say(sender, "Was ist wenn sie die Versicherung vorher wieder kündigt?")
    assert texts(reply)[0] == kb_text(demo_db_url, "friend_cancels", "autosicher")
    assert not set(texts(reply)) & response_texts("utter_threat_acknowledge")


def test_code_and_address_beside_a_rule_question_get_the_status_too(bot) -> None:
    """ "wie wird die Prämie ausgezahlt? hab <code>, <address>, ist da schon
    was unterwegs?" got how rewards are paid, and no status."""
    status = joined(
        bot.say(
            new_sender(),
            "wie wird die prämie bei euch eigentlich ausgezahlt? hab SSE-SNT234, "
            "felix.braun@example.com, ist da schon was unterwegs?",
            {"program": "sonnenstrom"},
        )
    )
    assert "Herr Braun" in status and "Laura Z." in status


def test_until_when_after_the_status_names_the_dates(bot) -> None:
    """ "ok und bis wann spätestens?" after the status got the voucher's expiry."""
    sender = new_sender()
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"})
    reply = joined(bot.say(sender, "ok und bis wann spätestens?"))
    assert "Markus B." in reply and "Gutschein" not in reply


def test_what_now_after_an_objection_was_filed_says_it_is_with_the_team(bot) -> None:
    """ "Und was kann ich jetzt machen?" right after the objection went to the
    team got "kein Schritt wartet"."""
    sender = new_sender()
    bot.say(
        sender, "Bitte Status für FNM-REJ456 / ali.oezdemir@example.de", {"program": "funknetz"}
    )
    filed = joined(
        bot.say(sender, "Das kann nicht sein, mein Kumpel hat den Vertrag doch abgeschlossen")
    )
    assert "Nummer" in filed
    reply = bot.say(sender, "Und was kann ich jetzt machen? Ich will dass das jemand nachprüft")
    assert texts(reply) == [next(iter(response_texts("utter_case_already_filed")))]


def test_why_after_a_new_address_went_to_the_team_says_why_it_is_checked(bot) -> None:
    sender = new_sender()
    bot.say(sender, "SSE-OLD345, monika.schaefer@example.de", {"program": "sonnenstrom"})
    bot.say(sender, "schicken Sie sie bitte an monika.s@neu-beispiel.de")
    reply = bot.say(sender, "Wieso geht das nicht? Das ist doch meine Adresse")
    assert texts(reply) == [next(iter(response_texts("utter_why_address_check")))]


def test_deletion_asked_by_someone_who_never_took_part_needs_no_code(bot, demo_db_url) -> None:
    """Someone who got a mail without taking part and wants their data
    deleted was asked for a referral code they cannot have."""
    sender = new_sender()
    bot.say(
        sender,
        "Woher haben Sie überhaupt meine Mailadresse? Ich war nie angemeldet",
        {"program": "funknetz"},
    )
    reply = bot.say(sender, "Ich will, dass meine Daten sofort gelöscht werden")
    assert texts(reply)[0] == kb_text(demo_db_url, "privacy_contact", "funknetz")
    assert "Wie lautet Ihr Empfehlungscode?" not in joined(reply)


def test_a_lost_reward_mail_with_its_code_is_not_a_lost_referral_code(bot, demo_db_url) -> None:
    """ "die Mail mit dem Code finde ich nicht mehr" after where to redeem the
    voucher got what to do without a referral code."""
    sender = new_sender()
    bot.say(
        sender, "wo kann ich den gutschein von der empfehlung einlösen?", {"program": "sonnenstrom"}
    )
    reply = joined(
        bot.say(
            sender,
            "die mail mit dem code finde ich aber nicht mehr, könnt ihr die nochmal schicken?",
        )
    )
    assert kb_text(demo_db_url, "no_code", "sonnenstrom") not in reply
    assert "Empfehlungscode" in reply  # the lookup of the reward mail asks for it


def test_a_reward_question_while_a_deletion_waits_gets_what_deletion_means(
    bot, demo_db_url
) -> None:
    sender = new_sender()
    bot.say(sender, "ich will dass ihr meine daten löscht", {"program": "funknetz"})
    reply = bot.say(sender, "und krieg ich dann noch meine prämie für die offene empfehlung?")
    assert texts(reply)[0] == kb_text(demo_db_url, "deletion_reward", "funknetz")


def test_a_corrected_code_after_a_mismatch_verifies_even_when_it_reads_like_a_complaint(
    bot,
) -> None:
    """ "ah sorry, das war ein O und keine Null. SSE-ORD789" after a mismatch
    was read as a complaint about it."""
    sender = new_sender()
    bot.say(sender, "SSE-0RD789 claudia.becker@example.de", {"program": "sonnenstrom"})
    status = joined(bot.say(sender, "ah sorry, das war ein O und keine Null. SSE-ORD789"))
    assert "Frau Becker" in status and "Jürgen W." in status


def test_until_when_after_a_data_rights_request_names_its_deadline(bot, demo_db_url) -> None:
    sender = new_sender()
    filed = joined(
        bot.say(
            sender,
            "Ich beantrage Auskunft über meine Daten. ASV-QUA567, mehmet.yilmaz@example.de",
            {"program": "autosicher"},
        )
    )
    assert "Nummer" in filed
    reply = joined(bot.say(sender, "Bis wann darf ich mit einer Antwort rechnen?"))
    with session_scope(demo_db_url) as session:
        ticket = session.scalars(select(Ticket).where(Ticket.conversation_id == sender)).one()
        assert format_date(ticket.due_on) in reply


def test_a_new_address_typed_after_the_status_gets_how_details_are_changed(
    bot, demo_db_url
) -> None:
    """ "Bitte aber an <new address>, die alte lese ich kaum noch" after the
    status got the terms' changes."""
    sender = new_sender()
    bot.say(sender, "FNM-EXP567 ursula.meier@example.org", {"program": "funknetz"})
    reply = bot.say(
        sender, "Bitte aber an u.meier-neu@example.net, die alte Adresse lese ich kaum noch"
    )
    # Verified already: the change offered at once, not "I check your code".
    assert texts(reply)[0] in response_texts("utter_change_offer_verified")


def test_the_bounced_address_asked_again_after_a_new_one_is_with_the_team_is_explained(
    bot,
) -> None:
    """ "ok dann schicken Sie ihn bitte doch an die alte" after the new
    address went to the team got the bounce and the question for a new
    address again. Last in this module: the open address check it joins is
    the one the tests above count."""
    sender = new_sender()
    meta = {"program": "sonnenstrom"}
    bot.say(
        sender, "Ich habe nie einen Gutschein bekommen. SSE-OLD345 monika.schaefer@example.de", meta
    )
    bot.say(sender, "bitte an monika.schaefer.neu@example.de schicken", meta)
    said = texts(
        bot.say(
            sender, "ok dann schicken Sie ihn bitte doch an die alte, ich schau im spam nach", meta
        )
    )
    assert said[0] in response_texts("utter_bounced_new_address_pending")
