from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases import (
    add_to_ticket,
    add_workdays,
    data_rights_kind,
    open_ticket,
    record_complaint,
)
from bot.models import OutgoingMail, ReferralStatus, TicketKind
from bot.reward_mail import (
    ResendOutcome,
    describe_mail,
    mailed_rewards,
    open_limit_case,
    reply_address,
    resend,
)
from bot.reward_status import load_referrer
from tests.factories import make_program, make_referral, make_referrer

pytestmark = pytest.mark.db
TODAY = date(2026, 11, 23)  # a Monday


def test_workdays_skip_weekends() -> None:
    assert add_workdays(date(2026, 11, 27), 2) == date(2026, 12, 1)  # Fri -> Tue
    assert add_workdays(TODAY, 2) == date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Bitte löschen Sie alle meine Daten", "Löschung"),
        ("Ich will eine Auskunft nach DSGVO", "Auskunft"),
        ("Ich widerspreche der Nutzung meiner Daten", "Widerspruch"),
        ("Meine Adresse ist falsch gespeichert", "Berichtigung"),
        ("ich will keine werbemails mehr", "Widerspruch"),
        ("Bitte melden Sie mich vom Newsletter ab", "Widerspruch"),
        ("Ich bin umgezogen und habe eine neue IBAN", "Berichtigung"),
        (
            "Ich bitte um Auskunft nach Art. 15, beantrage die Löschung nach Art. 17 und "
            "widerspreche der Nutzung zu Werbezwecken",
            "Löschung, Widerspruch und Auskunft",
        ),
        ("Die Werbung bitte sofort einstellen", "Widerspruch"),
        (
            "Nach der Auszahlung bitte alles von mir entfernen, vorher will ich aber wissen, "
            "was ihr über mich abgelegt habt und was sie über mich wissen",
            "Löschung und Auskunft",
        ),
    ],
)
def test_data_rights_kinds(text: str, kind: str) -> None:
    assert data_rights_kind(text) == kind


def test_a_request_asked_from_an_entry_takes_the_entrys_kind_unless_its_words_say_otherwise() -> (
    None
):
    assert data_rights_kind("/request_data_rights", "marketing_objection") == "Widerspruch"
    assert data_rights_kind("das bitte", "change_details") == "Berichtigung"
    assert data_rights_kind("bitte alles löschen", "marketing_objection") == "Löschung"
    assert data_rights_kind("das bitte", "taxes") == "Auskunft/Löschung (nicht näher bestimmt)"


def test_a_complaint_is_a_ticket_numbered_with_the_other_cases(session: Session) -> None:
    """One sequence of numbers: a complaint and a data request of one chat
    never share a number, and the console's queue shows both."""
    request = open_ticket(session, TicketKind.DATA_RIGHTS, "conv-c", "Auskunft bitte", TODAY).ticket
    complaint = record_complaint(session, "conv-c", "Die Prämie kam nie an! a.b@example.de", TODAY)
    assert complaint.kind == TicketKind.COMPLAINT and complaint.id != request.id
    assert complaint.due_on == date(2026, 11, 25)
    assert complaint.state == "open"
    assert "a.b@example.de" not in complaint.details and "Prämie kam nie an" in complaint.details


def test_ticket_for_the_same_referral_is_not_opened_twice(session: Session) -> None:
    program = make_program(session)
    referrer = make_referrer(session, program, "TST-5K5K5K")
    referral = make_referral(session, referrer, ReferralStatus.QUALIFIED, TODAY, qualified_on=TODAY)
    first = open_ticket(
        session, TicketKind.OVERDUE_REWARD, "c1", "überfällig", TODAY, referral_id=referral.id
    )
    second = open_ticket(
        session, TicketKind.OVERDUE_REWARD, "c2", "überfällig", TODAY, referral_id=referral.id
    )
    assert first.is_new and not second.is_new
    assert first.ticket.id == second.ticket.id


def test_ticket_details_are_masked(session: Session) -> None:
    opened = open_ticket(
        session, TicketKind.DATA_RIGHTS, "c3", "Löschung: ich bin max@example.de", TODAY
    )
    assert "max@example.de" not in opened.ticket.details


def test_what_is_added_to_an_open_ticket_is_masked_and_kept_with_the_rest(
    session: Session,
) -> None:
    opened = open_ticket(session, TicketKind.DATA_RIGHTS, "c4", "Löschung: bitte alles", TODAY)
    add_to_ticket(opened.ticket, "Widerspruch: keine Werbung mehr an max@example.de")
    assert opened.ticket.details.startswith("Löschung: bitte alles")
    assert "Widerspruch: keine Werbung" in opened.ticket.details
    assert "max@example.de" not in opened.ticket.details


@pytest.fixture
def sent_voucher(session: Session):
    program = make_program(session, resend_limit=2)
    referrer = make_referrer(session, program, "TST-6M6M6M", "erika.muster@example.de")
    referral = make_referral(
        session,
        referrer,
        ReferralStatus.REWARD_SENT,
        TODAY - timedelta(days=900),
        qualified_on=TODAY - timedelta(days=850),
        reward={"sent_on": TODAY - timedelta(days=840), "voucher_code": "WG-77"},
    )
    return referral.reward


def test_old_mail_is_described_with_spam_hint(session: Session, sent_voucher) -> None:
    text = describe_mail(sent_voucher, TODAY)
    assert "er***@example.de" in text
    assert "Spam-Ordner" in text and "löschen" in text
    assert text.endswith("Soll ich sie noch einmal an diese Adresse schicken?")


def test_a_mail_resent_as_often_as_allowed_is_described_with_a_check_not_a_resend(
    session: Session, sent_voucher
) -> None:
    sent_voucher.resend_count = 2  # the program's limit
    text = describe_mail(sent_voucher, TODAY)
    assert "2-mal" in text and "Service-Team" in text
    assert "Soll ich sie noch einmal an diese Adresse schicken?" not in text


def test_resend_goes_to_the_address_on_file_until_the_limit(session: Session, sent_voucher) -> None:
    referrer = load_referrer(session, sent_voucher.referral.referrer_id)
    assert mailed_rewards(referrer) == [sent_voucher]
    for _ in range(2):
        result = resend(session, sent_voucher, 2, "conv-r", TODAY)
        assert result.outcome is ResendOutcome.QUEUED
    mails = session.scalars(
        select(OutgoingMail).where(OutgoingMail.reward_id == sent_voucher.id)
    ).all()
    assert [mail.to_email for mail in mails] == ["erika.muster@example.de"] * 2
    assert "WG-77" in mails[0].body
    assert sent_voucher.resend_count == 2

    limited = resend(session, sent_voucher, 2, "conv-r", TODAY)
    assert limited.outcome is ResendOutcome.LIMIT_REACHED
    ticket = limited.ticket
    assert ticket is not None and ticket.kind == TicketKind.RESEND_LIMIT
    assert ticket.referral_id == sent_voucher.referral_id
    assert sent_voucher.resend_count == 2  # no third mail
    assert open_limit_case(session, sent_voucher) == ticket


def test_the_team_replies_to_a_new_address_named_after_a_bounce_never_the_dead_one(
    session: Session, sent_voucher
) -> None:
    referrer = load_referrer(session, sent_voucher.referral.referrer_id)
    assert reply_address(session, referrer) == "erika.muster@example.de"

    sent_voucher.mail_bounced = True
    sent_voucher.delivery_email = referrer.email
    assert reply_address(session, referrer) is None  # a reply there would bounce too

    open_ticket(
        session,
        TicketKind.ADDRESS_CHECK,
        "conv-b",
        "neue Adresse",
        due_on=TODAY + timedelta(days=2),
        program_id=referrer.program_id,
        referrer_id=referrer.id,
        referral_id=sent_voucher.referral_id,
        contact_email="erika.neu@example.org",
    )
    assert reply_address(session, referrer) == "erika.neu@example.org"


def test_the_case_of_a_conversation_includes_the_customers_open_ticket_from_an_earlier_chat(
    session: Session, sent_voucher
) -> None:
    """An address check opened in an earlier chat and named again now is the
    case "wann hör ich was?" asks about; this chat opened none of its own."""
    from actions.cases import newest_case

    referrer_id = sent_voucher.referral.referrer_id
    assert newest_case(session, "chat-now", referrer_id) is None
    opened = open_ticket(
        session,
        TicketKind.ADDRESS_CHECK,
        "chat-before",
        "neue Adresse",
        due_on=TODAY + timedelta(days=2),
        referrer_id=referrer_id,
        referral_id=sent_voucher.referral_id,
    )
    assert newest_case(session, "chat-now") is None  # not without the customer
    assert newest_case(session, "chat-now", referrer_id) == (opened.ticket.id, opened.ticket.due_on)
