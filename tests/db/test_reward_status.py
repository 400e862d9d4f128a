"""The status answer names the right step, next step and date per status."""

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from bot.formatting import format_date
from bot.models import ReferralStatus, RejectionReason, RewardKind
from bot.reward_status import explain, load_referrer, status_report
from tests.factories import make_program, make_referral, make_referrer

pytestmark = pytest.mark.db

TODAY = date(2026, 11, 23)
S = ReferralStatus


@pytest.fixture
def program(session: Session):
    # valid 60 days, window 14 days, waiting 30 days, payout 30 days
    return make_program(session)


@pytest.fixture
def referrer(session: Session, program):
    return make_referrer(session, program, "TST-4K7M2P")


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def test_recommended_names_the_deadline_for_the_contract(session, program, referrer) -> None:
    referral = make_referral(session, referrer, S.RECOMMENDED, ago(10))
    state = explain(referral, program, TODAY)
    assert "registriert" in state.text
    assert format_date(ago(10) + timedelta(days=60)) in state.text
    assert "Max M." in state.text and "Mustermann" not in state.text
    assert not state.overdue


def test_contract_signed_names_window_end_and_qualification_date(
    session, program, referrer
) -> None:
    referral = make_referral(session, referrer, S.CONTRACT_SIGNED, ago(20), signed_on=ago(5))
    state = explain(referral, program, TODAY)
    window_end = ago(5) + timedelta(days=14)
    assert f"Bis zum {format_date(window_end)} läuft noch die Widerrufsfrist" in state.text
    assert format_date(window_end + timedelta(days=30)) in state.text
    assert "Ihre Prämie (50 € Gutschein)" in state.text


def test_waiting_period_names_end_of_waiting_and_payout_deadline(
    session, program, referrer
) -> None:
    referral = make_referral(session, referrer, S.WAITING_PERIOD, ago(40), signed_on=ago(25))
    state = explain(referral, program, TODAY)
    qualifies = ago(25) + timedelta(days=14 + 30)
    assert f"Wartezeit bis zum {format_date(qualifies)}" in state.text
    assert format_date(qualifies + timedelta(days=30)) in state.text
    assert not state.overdue


def test_qualified_within_deadline_is_calm(session, program, referrer) -> None:
    referral = make_referral(
        session, referrer, S.QUALIFIED, ago(90), signed_on=ago(60), qualified_on=ago(10)
    )
    state = explain(referral, program, TODAY)
    assert f"bis spätestens {format_date(ago(10) + timedelta(days=30))}" in state.text
    assert "entschuldige" not in state.text
    assert not state.overdue


def test_qualified_past_deadline_apologises_and_is_overdue(session, program, referrer) -> None:
    referral = make_referral(
        session, referrer, S.QUALIFIED, ago(120), signed_on=ago(100), qualified_on=ago(45)
    )
    state = explain(referral, program, TODAY)
    assert state.overdue
    assert state.due_on == ago(15)
    assert "überschritten" in state.text and "entschuldige" in state.text


def test_reward_ordered_names_order_date(session, program, referrer) -> None:
    referral = make_referral(
        session,
        referrer,
        S.REWARD_ORDERED,
        ago(90),
        signed_on=ago(60),
        qualified_on=ago(8),
        reward={"ordered_on": ago(5)},
    )
    state = explain(referral, program, TODAY)
    assert f"am {format_date(ago(5))} angewiesen" in state.text
    assert format_date(ago(8) + timedelta(days=30)) in state.text


def test_voucher_sent_masks_address_and_mentions_spam(session, program, referrer) -> None:
    referral = make_referral(
        session,
        referrer,
        S.REWARD_SENT,
        ago(90),
        signed_on=ago(60),
        qualified_on=ago(8),
        reward={"ordered_on": ago(5), "sent_on": ago(3), "voucher_code": "GUT-123"},
    )
    state = explain(referral, program, TODAY)
    assert f"am {format_date(ago(3))} per E-Mail an er***@example.de" in state.text
    assert "Spam-Ordner" in state.text
    assert "GUT-123" not in state.text  # the code itself goes by mail only
    assert state.resendable


def test_a_sent_mail_at_the_resend_limit_is_not_offered_again_in_its_meaning(
    session, program, referrer
) -> None:
    """ "ok und jetzt?" after the limit got "schicke ich sie Ihnen gern noch
    einmal", which the bot then could not do."""
    referral = make_referral(
        session,
        referrer,
        S.REWARD_SENT,
        ago(90),
        signed_on=ago(60),
        qualified_on=ago(8),
        reward={"sent_on": ago(3), "resend_count": program.resend_limit},
    )
    state = explain(referral, program, TODAY)
    assert not state.resendable
    assert "Noch einmal automatisch schicken kann ich sie nicht mehr" in state.meaning
    assert "schicke ich sie Ihnen gern noch einmal" not in state.meaning


def test_bounced_mail_is_named(session, program, referrer) -> None:
    referral = make_referral(
        session,
        referrer,
        S.REWARD_SENT,
        ago(900),
        signed_on=ago(880),
        qualified_on=ago(830),
        reward={"sent_on": ago(820), "mail_bounced": True},
    )
    assert "unzustellbar" in explain(referral, program, TODAY).text


def test_cash_paid_says_transferred(session, referrer) -> None:
    cash = make_program(session, slug="bar", reward_kind=RewardKind.CASH)
    payer = make_referrer(session, cash, "BAR-2K3M4N", "peter@example.de")
    referral = make_referral(
        session,
        payer,
        S.REWARD_SENT,
        ago(90),
        signed_on=ago(60),
        qualified_on=ago(20),
        reward={"sent_on": ago(12)},
    )
    text = explain(referral, cash, TODAY).text
    assert f"50 € für Ihre Empfehlung an Max M. haben wir am {format_date(ago(12))}" in text
    assert "überwiesen" in text


def test_rejected_gives_the_reason(session, program, referrer) -> None:
    referral = make_referral(
        session,
        referrer,
        S.REJECTED,
        ago(60),
        signed_on=ago(40),
        rejection_reason=RejectionReason.CONTRACT_CANCELLED,
    )
    text = explain(referral, program, TODAY).text
    assert "keine Prämie" in text and "widerrufen" in text


def test_expired_names_the_expiry_date(session, program, referrer) -> None:
    referral = make_referral(session, referrer, S.EXPIRED, ago(80))
    text = explain(referral, program, TODAY).text
    assert f"am {format_date(ago(80) + timedelta(days=60))} abgelaufen" in text


def test_only_referrals_without_reward_count_as_refused(session, program, referrer) -> None:
    """A refused referral (rejected, expired) lets the customer's objection
    become a case for the team (actions/complaint.py); an open one does not."""
    make_referral(session, referrer, S.EXPIRED, ago(80))
    make_referral(session, referrer, S.RECOMMENDED, ago(3))
    report = status_report(load_referrer(session, referrer.id), TODAY)
    assert [state.refused for state in report.states] == [False, True]
    assert len(report.refused) == 1


def test_report_lists_open_cases_first_and_counts_the_rest(session, program, referrer) -> None:
    for days in (400, 500, 600, 700):
        make_referral(session, referrer, S.EXPIRED, ago(days))
    make_referral(session, referrer, S.RECOMMENDED, ago(3))
    loaded = load_referrer(session, referrer.id)
    report = status_report(loaded, TODAY)
    assert report.text.startswith("Danke, Frau Muster, ich habe 5 Empfehlungen gefunden.")
    assert report.text.index("registriert") < report.text.index("abgelaufen")
    assert "(Eine ältere, bereits abgeschlossene Empfehlung habe ich weggelassen.)" in report.text
    assert program.terms_url in report.text


def test_report_without_referrals(session, referrer) -> None:
    report = status_report(load_referrer(session, referrer.id), TODAY)
    assert "noch keine Empfehlung" in report.text
    assert report.states == []


def test_a_customer_without_salutation_is_thanked_without_the_full_name(session, program) -> None:
    """The stored conversation masks "Frau Muster" to "Frau M."; a bare first
    and last name could not be told from other words, so it is never said."""
    plain = make_referrer(session, program, "TST-7H3K9P", "kim.berger@example.de")
    plain.salutation, plain.first_name, plain.last_name = None, "Kim", "Berger"
    make_referral(session, plain, S.RECOMMENDED, ago(3))
    session.flush()
    report = status_report(load_referrer(session, plain.id), TODAY)
    assert report.text.startswith("Danke, ich habe Ihre Empfehlung gefunden.")
    assert "Berger" not in report.text and "Kim" not in report.text
