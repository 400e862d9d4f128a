"""Small, explicit rows for service tests (the demo data is for whole flows)."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy.orm import Session

from bot.models import Program, Referral, ReferralStatus, Referrer, Reward, RewardKind


def make_program(session: Session, slug: str = "testprogramm", **overrides) -> Program:
    values = dict(
        slug=slug,
        brand="Testmarke AG",
        reward_kind=RewardKind.VOUCHER,
        reward_value_cents=5000,
        reward_description="50 € Gutschein",
        recommendation_valid_days=60,
        cancellation_days=14,
        waiting_period_days=30,
        payout_days=30,
        resend_limit=2,
        terms_url="https://test.example/agb",
        privacy_url="https://test.example/datenschutz",
        service_name="Kundenservice Testmarke",
        service_phone="030 23125 999",
        service_email="service@test.example",
        service_url="https://test.example/kontakt",
        hours_weekdays="12345",
        hours_open=time(8, 0),
        hours_close=time(18, 0),
    )
    values.update(overrides)
    program = Program(**values)
    session.add(program)
    session.flush()
    return program


def make_referrer(
    session: Session, program: Program, code: str, email: str = "erika.muster@example.de"
) -> Referrer:
    referrer = Referrer(
        program_id=program.id,
        salutation="Frau",
        first_name="Erika",
        last_name="Muster",
        email=email,
        referral_code=code,
        created_on=date(2024, 1, 1),
    )
    session.add(referrer)
    session.flush()
    return referrer


def make_referral(
    session: Session,
    referrer: Referrer,
    status: ReferralStatus,
    recommended_on: date,
    *,
    signed_on: date | None = None,
    qualified_on: date | None = None,
    reward: dict | None = None,
    **extra,
) -> Referral:
    program = referrer.program
    referral = Referral(
        referrer_id=referrer.id,
        program_id=program.id,
        friend_first_name="Max",
        friend_last_name="Mustermann",
        status=status,
        recommended_on=recommended_on,
        contract_signed_on=signed_on,
        cancellation_ends_on=(
            signed_on + timedelta(days=program.cancellation_days) if signed_on else None
        ),
        qualified_on=qualified_on,
        status_changed_on=qualified_on or signed_on or recommended_on,
        **extra,
    )
    session.add(referral)
    session.flush()
    if reward is not None:
        values = dict(
            kind=program.reward_kind,
            value_cents=program.reward_value_cents,
            description=program.reward_description,
            delivery_email=referrer.email,
        )
        values.update(reward)
        session.add(Reward(referral_id=referral.id, **values))
        session.flush()
    session.refresh(referrer)
    return referral
