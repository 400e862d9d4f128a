"""Deterministic German demo data for the referral database.

    python -m bot.demo_data [--seed 42] [--referrers 3000] [--today YYYY-MM-DD]
                            [--database-url URL] [--reset]

Writes the three programs (``PROGRAMS``), the fixed showcase cases
(``SHOWCASES``) that tests, demos and docs name, and a population of referrers
with 0–4 referrals each, spread over four years before ``today``. The same seed
and the same ``today`` give identical rows: all randomness comes from
``random.Random``, all dates are relative to ``today``, ids are assigned here.
The showcase rows do not depend on the seed.

Date rules (tests/db/test_demo_data.py checks them for every row):

* A recommendation is valid through ``recommended_on + recommendation_valid_days``
  (the contract must be signed by then); unsigned, it expires the day after.
* ``cancellation_ends_on = contract_signed_on + cancellation_days`` is the last
  day of the cancellation window; the waiting period starts the day after.
* The referral qualifies on ``cancellation_ends_on + waiting_period_days``.
* The reward is due ``payout_days`` after ``qualified_on``; later is overdue.
* ``status_changed_on`` is the date of the last step.
* Reward rows: ``reward_ordered`` and ``reward_sent`` always have one;
  ``qualified`` sometimes has one with ``ordered_on`` None (booked, not yet
  ordered at the payout partner); no other status has one.
"""

from __future__ import annotations

import argparse
import calendar
import random
import sys
import time as timer
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, inspect, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from bot import clock
from bot.db import database_url, make_engine
from bot.models import (
    Base,
    Program,
    Referral,
    ReferralStatus,
    Referrer,
    RejectionReason,
    Reward,
    RewardKind,
)

Status = ReferralStatus

# --------------------------------------------------------------------------
# Programs


@dataclass(frozen=True)
class ProgramSpec:
    """One referral program: the ``Program`` row plus the referral-code prefix,
    which the schema does not store."""

    slug: str
    brand: str
    code_prefix: str
    reward_kind: RewardKind
    reward_value_cents: int
    reward_description: str
    recommendation_valid_days: int
    cancellation_days: int
    waiting_period_days: int
    payout_days: int
    resend_limit: int
    terms_url: str
    privacy_url: str
    service_name: str
    service_phone: str
    service_email: str
    service_url: str
    hours_weekdays: str
    hours_open: time
    hours_close: time
    program_email: str
    imprint_url: str
    reward_phrase: str
    friend_reward: str | None
    max_rewards_per_year: int | None
    redeem_months: int | None
    redeem_url: str | None
    # Response-time targets of the service team (internal; the customer is
    # promised two working days for an e-mail answer, ``bot.cases``).
    chat_target_seconds: int
    callback_target_days: int

    def columns(self) -> dict[str, Any]:
        """The values of the ``Program`` row (everything but ``code_prefix``)."""
        values = asdict(self)
        del values["code_prefix"]
        return values


# Phone numbers come from the Bundesnetzagentur's "drama numbers" blocks
# (030 23125 xxx, 069 90009 xxx, 040 66969 xxx), which are never assigned.
PROGRAMS: tuple[ProgramSpec, ...] = (
    ProgramSpec(
        slug="autosicher",
        brand="AutoSicher Versicherung",
        code_prefix="ASV",
        reward_kind=RewardKind.CASH,
        reward_value_cents=5000,
        reward_description="50 € Geldprämie",
        recommendation_valid_days=90,
        cancellation_days=14,
        waiting_period_days=60,
        payout_days=30,
        resend_limit=3,
        terms_url="https://www.autosicher.example/empfehlung/teilnahmebedingungen",
        privacy_url="https://www.autosicher.example/datenschutz",
        service_name="Kundenservice AutoSicher",
        service_phone="030 23125 110",
        service_email="kundenservice@autosicher.example",
        service_url="https://www.autosicher.example/kontakt",
        hours_weekdays="12345",
        hours_open=time(8, 0),
        hours_close=time(18, 0),
        program_email="empfehlung@autosicher.example",
        imprint_url="https://www.autosicher.example/empfehlung/impressum",
        reward_phrase="eine Geldprämie von 50 €",
        friend_reward="eine Gutschrift von 25 € auf den ersten Jahresbeitrag",
        max_rewards_per_year=10,
        redeem_months=None,
        redeem_url=None,
        chat_target_seconds=120,
        callback_target_days=1,
    ),
    ProgramSpec(
        slug="sonnenstrom",
        brand="SonnenStrom Energie",
        code_prefix="SSE",
        reward_kind=RewardKind.VOUCHER,
        reward_value_cents=7500,
        reward_description="75 € Wunschgutschein",
        recommendation_valid_days=60,
        cancellation_days=14,
        waiting_period_days=90,
        payout_days=30,
        resend_limit=3,
        terms_url="https://www.sonnenstrom.example/freunde-werben/teilnahmebedingungen",
        privacy_url="https://www.sonnenstrom.example/datenschutz",
        service_name="Kundenservice SonnenStrom",
        service_phone="069 90009 220",
        service_email="service@sonnenstrom.example",
        service_url="https://www.sonnenstrom.example/service",
        hours_weekdays="12345",
        hours_open=time(9, 0),
        hours_close=time(17, 0),
        program_email="freundschaftswerbung@sonnenstrom.example",
        imprint_url="https://www.sonnenstrom.example/freunde-werben/impressum",
        reward_phrase="einen Wunschgutschein im Wert von 75 €",
        friend_reward="einen Neukundenbonus von 50 € auf die erste Jahresabrechnung",
        max_rewards_per_year=5,
        redeem_months=36,
        redeem_url="https://www.sonnenstrom.example/freunde-werben/gutschein-einloesen",
        chat_target_seconds=180,
        callback_target_days=1,
    ),
    ProgramSpec(
        slug="funknetz",
        brand="FunkNetz Mobilfunk",
        code_prefix="FNM",
        reward_kind=RewardKind.ITEM,
        reward_value_cents=5994,
        reward_description="6 Monate Streaming-Abo",
        recommendation_valid_days=30,
        cancellation_days=14,
        waiting_period_days=30,
        payout_days=45,
        resend_limit=2,
        terms_url="https://www.funknetz.example/kunden-werben-kunden/teilnahmebedingungen",
        privacy_url="https://www.funknetz.example/datenschutz",
        service_name="Kundenservice FunkNetz",
        service_phone="040 66969 330",
        service_email="kundenservice@funknetz.example",
        service_url="https://www.funknetz.example/hilfe",
        hours_weekdays="123456",
        hours_open=time(8, 0),
        hours_close=time(20, 0),
        program_email="kwk@funknetz.example",
        imprint_url="https://www.funknetz.example/kunden-werben-kunden/impressum",
        reward_phrase="ein Streaming-Abo für 6 Monate",
        friend_reward=None,
        max_rewards_per_year=None,
        redeem_months=12,
        redeem_url="https://www.funknetz.example/kunden-werben-kunden/abo-aktivieren",
        chat_target_seconds=120,
        callback_target_days=1,
    ),
)
PROGRAMS_BY_SLUG: dict[str, ProgramSpec] = {spec.slug: spec for spec in PROGRAMS}

# --------------------------------------------------------------------------
# Showcase cases


@dataclass(frozen=True)
class Showcase:
    """A fixed referrer that demos, docs and tests can name. ``status`` is the
    status of its newest referral (the one ``Referrer.referrals`` lists first)."""

    code: str
    email: str
    program_slug: str
    status: ReferralStatus
    description: str


# The showcase codes predate the population alphabet (some contain I or O);
# they match the bot's code pattern, and population codes can never equal them.
SHOWCASES: tuple[Showcase, ...] = (
    Showcase(
        "ASV-REC234",
        "lena.hoffmann@example.de",
        "autosicher",
        Status.RECOMMENDED,
        "recommended 10 days ago, no contract yet",
    ),
    Showcase(
        "ASV-SIG345",
        "tobias.krueger@example.de",
        "autosicher",
        Status.CONTRACT_SIGNED,
        "contract signed 5 days ago, cancellation window ends in 9 days",
    ),
    Showcase(
        "ASV-WAI456",
        "sabine.wolf@example.com",
        "autosicher",
        Status.WAITING_PERIOD,
        "contract 30 days ago, window ended 16 days ago, qualifies in 44 days",
    ),
    Showcase(
        "ASV-QUA567",
        "mehmet.yilmaz@example.de",
        "autosicher",
        Status.QUALIFIED,
        "qualified 10 days ago, no reward row yet, payout deadline in 20 days",
    ),
    Showcase(
        "ASV-QOV678",
        "jana.schmidt@example.net",
        "autosicher",
        Status.QUALIFIED,
        "qualified 45 days ago, reward booked but not ordered: overdue by 15 days",
    ),
    Showcase(
        "ASV-CSH234",
        "peter.lang@example.de",
        "autosicher",
        Status.REWARD_SENT,
        "50 € cash paid 12 days ago",
    ),
    Showcase(
        "SSE-ORD789",
        "claudia.becker@example.de",
        "sonnenstrom",
        Status.REWARD_ORDERED,
        "qualified 8 days ago, voucher ordered 5 days ago",
    ),
    Showcase(
        "SSE-SNT234",
        "felix.braun@example.com",
        "sonnenstrom",
        Status.REWARD_SENT,
        "voucher sent 3 days ago, delivered, never resent",
    ),
    Showcase(
        "SSE-OLD345",
        "monika.schaefer@example.de",
        "sonnenstrom",
        Status.REWARD_SENT,
        "voucher sent 2 years and 7 months ago, mail bounced",
    ),
    Showcase(
        "FNM-REJ456",
        "ali.oezdemir@example.de",
        "funknetz",
        Status.REJECTED,
        "rejected: friend signed 40 days ago and cancelled within the window",
    ),
    Showcase(
        "FNM-EXP567",
        "ursula.meier@example.org",
        "funknetz",
        Status.EXPIRED,
        "recommended 80 days ago, no contract within 30 days: expired",
    ),
    Showcase(
        "FNM-MUL678",
        "jonas.weber@example.de",
        "funknetz",
        Status.RECOMMENDED,
        "three referrals: streaming code sent 200 days ago, one in the waiting "
        "period, one recommended 3 days ago",
    ),
    Showcase(
        "FNM-LIM789",
        "heike.vogel@example.de",
        "funknetz",
        Status.REWARD_SENT,
        "streaming code sent 100 days ago, already resent twice (the resend limit)",
    ),
)

# salutation, first name, last name, and the friends' names per referral
_SHOWCASE_PEOPLE: dict[str, tuple[str, str, str, tuple[tuple[str, str], ...]]] = {
    "ASV-REC234": ("Frau", "Lena", "Hoffmann", (("Markus", "Brandt"),)),
    "ASV-SIG345": ("Herr", "Tobias", "Krüger", (("Stefanie", "Keller"),)),
    "ASV-WAI456": ("Frau", "Sabine", "Wolf", (("Dieter", "Hahn"),)),
    "ASV-QUA567": ("Herr", "Mehmet", "Yılmaz", (("Elif", "Kaya"),)),
    "ASV-QOV678": ("Frau", "Jana", "Schmidt", (("Björn", "Lorenz"),)),
    "ASV-CSH234": ("Herr", "Peter", "Lang", (("Gabriele", "Sommer"),)),
    "SSE-ORD789": ("Frau", "Claudia", "Becker", (("Jürgen", "Weiß"),)),
    "SSE-SNT234": ("Herr", "Felix", "Braun", (("Laura", "Zimmermann"),)),
    "SSE-OLD345": ("Frau", "Monika", "Schäfer", (("Günter", "Schäfer"),)),
    "FNM-REJ456": ("Herr", "Ali", "Özdemir", (("Katharina", "Groß"),)),
    "FNM-EXP567": ("Frau", "Ursula", "Meier", (("Sören", "Köhler"),)),
    "FNM-MUL678": (
        "Herr",
        "Jonas",
        "Weber",
        (("Leonie", "Fuchs"), ("Maximilian", "Roth"), ("Hannah", "Schröder")),
    ),
    "FNM-LIM789": ("Frau", "Heike", "Vogel", (("Thomas", "Bauer"),)),
}

# --------------------------------------------------------------------------
# Names and e-mail addresses

FEMALE_FIRST_NAMES: tuple[str, ...] = (
    "Anna", "Lena", "Laura", "Julia", "Sarah", "Lisa", "Katharina", "Sabine", "Claudia",
    "Monika", "Ursula", "Heike", "Petra", "Andrea", "Susanne", "Birgit", "Gabriele", "Karin",
    "Renate", "Bärbel", "Dörte", "Jana", "Nicole", "Stefanie", "Marie", "Sophie", "Hannah",
    "Leonie", "Elif", "Anne-Marie",
)  # fmt: skip
MALE_FIRST_NAMES: tuple[str, ...] = (
    "Jürgen", "Jörg", "Günter", "Björn", "Sören", "Thomas", "Michael", "Andreas", "Stefan",
    "Peter", "Klaus", "Wolfgang", "Frank", "Markus", "Christian", "Tobias", "Felix", "Jonas",
    "Lukas", "Paul", "Maximilian", "Florian", "Sebastian", "Matthias", "Uwe", "Dieter",
    "Mehmet", "Ali", "Niklas", "Karl-Heinz",
)  # fmt: skip
LAST_NAMES: tuple[str, ...] = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
    "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder",
    "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange",
    "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Schulze", "Maier", "Köhler",
    "Herrmann", "König", "Walter", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz",
    "Möller", "Weiß", "Jung", "Hahn", "Schubert", "Vogel", "Friedrich", "Keller", "Günther",
    "Berger", "Winkler", "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Böhm",
    "Winter", "Kraus", "Schumacher", "Krämer", "Vogt", "Jäger", "Otto", "Sommer", "Groß",
    "Seidel", "Heinrich", "Brandt", "Haas", "Graf", "Yılmaz", "Kaya", "Öztürk", "Nowak",
    "Kowalski", "Papadopoulos", "Nguyen",
)  # fmt: skip
EMAIL_DOMAINS: tuple[str, ...] = ("example.de", "example.com", "example.net", "example.org")
# cumulative weights: random.choices then skips summing them on every call
_DOMAIN_CUM_WEIGHTS = tuple(accumulate((55, 20, 15, 10)))
_PATTERN_CUM_WEIGHTS = tuple(accumulate((30, 15, 10, 10, 8, 12, 8, 7)))
_EMAIL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i", "é": "e"})


def email_local(name: str) -> str:
    """``Jürgen`` -> ``juergen``, ``Weiß`` -> ``weiss``, ``Yılmaz`` -> ``yilmaz``."""
    ascii_name = name.lower().translate(_ASCII)
    return "".join(char for char in ascii_name if char in _EMAIL_CHARS)


def _email(rng: random.Random, first: str, last: str, used: set[str]) -> str:
    f, la = email_local(first), email_local(last)
    patterns = (
        f"{f}.{la}",
        f"{f[0]}{la}",
        f"{f}_{la}{rng.randint(1, 99)}",
        f"{f}{la}",
        f"{la}.{f}",
        f"{f}.{la}{rng.randint(1950, 2004)}",
        f"{f[0]}.{la}",
        f"{f}{rng.randint(1, 999)}",
    )
    local = rng.choices(patterns, cum_weights=_PATTERN_CUM_WEIGHTS)[0]
    domain = rng.choices(EMAIL_DOMAINS, cum_weights=_DOMAIN_CUM_WEIGHTS)[0]
    address = f"{local}@{domain}"
    while address in used:
        address = f"{local}{rng.randint(2, 99)}@{domain}"
    used.add(address)
    return address


# --------------------------------------------------------------------------
# Codes

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: easy to read out
_DIGITS = frozenset("23456789")


def _referral_code(rng: random.Random, prefix: str, used: set[str]) -> str:
    while True:
        body = "".join(rng.choices(CODE_ALPHABET, k=6))
        code = f"{prefix}-{body}"
        if _DIGITS.intersection(body) and code not in used:
            used.add(code)
            return code


def _reward_code(rng: random.Random, kind: RewardKind, used: set[str]) -> str | None:
    """Vouchers and streaming activation codes; cash needs none."""
    if kind is RewardKind.CASH:
        return None
    prefix = "WG" if kind is RewardKind.VOUCHER else "STREAM"
    while True:
        groups = ("".join(rng.choices(CODE_ALPHABET, k=4)) for _ in range(3))
        code = f"{prefix}-{'-'.join(groups)}"
        if code not in used:
            used.add(code)
            return code


# --------------------------------------------------------------------------
# The life of one referral


@dataclass(slots=True)
class _Plan:
    """What one referral looks like on ``today``; rows are made from it."""

    status: ReferralStatus
    recommended_on: date
    status_changed_on: date
    contract_signed_on: date | None = None
    qualified_on: date | None = None
    rejection_reason: RejectionReason | None = None
    reward: bool = False  # a reward row; implied for reward_ordered/reward_sent
    ordered_on: date | None = None
    sent_on: date | None = None
    mail_bounced: bool = False
    resend_count: int = 0
    last_resent_at: datetime | None = None


HISTORY_DAYS = 4 * 365 + 1
_EARLY_REJECTION = 0.12  # share rejected before any contract
_SIGNS = 0.70  # share whose friend signs in time
_CANCELS = 0.10  # share of signed contracts cancelled within the window
_LATE = 0.03  # share of rewards ordered or sent after the payout deadline
_EARLY_REASONS = (
    RejectionReason.ALREADY_CUSTOMER,
    RejectionReason.DUPLICATE,
    RejectionReason.CONTRACT_NOT_ELIGIBLE,
    RejectionReason.SELF_REFERRAL,
)
_EARLY_REASON_CUM_WEIGHTS = tuple(accumulate((45, 25, 20, 10)))


def _days(n: int) -> timedelta:
    return timedelta(days=n)


def _simulate(rng: random.Random, spec: ProgramSpec, recommended: date, today: date) -> _Plan:
    """Run one referral from its recommendation until ``today``."""
    valid = spec.recommendation_valid_days
    pending = _Plan(Status.RECOMMENDED, recommended, recommended)
    roll = rng.random()
    if roll < _EARLY_REJECTION:
        decided = recommended + _days(rng.randint(1, min(21, valid)))
        if decided > today:
            return pending
        reason = rng.choices(_EARLY_REASONS, cum_weights=_EARLY_REASON_CUM_WEIGHTS)[0]
        return _Plan(Status.REJECTED, recommended, decided, rejection_reason=reason)
    if roll < _EARLY_REJECTION + _SIGNS:
        # Most friends sign within the first weeks, some near the end.
        limit = valid if rng.random() < 0.3 else max(1, valid // 4)
        signed = recommended + _days(rng.randint(1, limit))
        if signed > today:
            return pending
        return _after_signing(rng, spec, recommended, signed, today)
    expired = recommended + _days(valid + 1)
    return _Plan(Status.EXPIRED, recommended, expired) if expired <= today else pending


def _after_signing(
    rng: random.Random, spec: ProgramSpec, recommended: date, signed: date, today: date
) -> _Plan:
    window_ends = signed + _days(spec.cancellation_days)
    signed_plan = _Plan(Status.CONTRACT_SIGNED, recommended, signed, contract_signed_on=signed)
    if rng.random() < _CANCELS:
        cancelled = signed + _days(rng.randint(0, spec.cancellation_days))
        if cancelled > today:
            return signed_plan
        # A few cancellations reached the program before the contract date did.
        return _Plan(
            Status.REJECTED,
            recommended,
            cancelled,
            contract_signed_on=signed if rng.random() < 0.9 else None,
            rejection_reason=RejectionReason.CONTRACT_CANCELLED,
        )
    if today <= window_ends:
        return signed_plan
    qualified = window_ends + _days(spec.waiting_period_days)
    if today < qualified:
        return _Plan(
            Status.WAITING_PERIOD,
            recommended,
            window_ends + _days(1),
            contract_signed_on=signed,
        )
    payout = spec.payout_days
    order_delay = rng.randint(0, payout // 2)
    send_delay = rng.randint(1, min(10, payout - order_delay))
    if rng.random() < _LATE:
        if rng.random() < 0.5:
            order_delay = rng.randint(payout + 1, payout + 45)
        else:
            send_delay = rng.randint(payout - order_delay + 1, payout - order_delay + 40)
    ordered = qualified + _days(order_delay)
    sent = ordered + _days(send_delay)
    plan = _Plan(
        Status.QUALIFIED,
        recommended,
        qualified,
        contract_signed_on=signed,
        qualified_on=qualified,
        reward=rng.random() < 0.5,
    )
    if today < ordered:
        return plan
    plan.status, plan.status_changed_on, plan.ordered_on, plan.reward = (
        Status.REWARD_ORDERED,
        ordered,
        ordered,
        True,
    )
    if today < sent:
        return plan
    plan.status, plan.status_changed_on, plan.sent_on = Status.REWARD_SENT, sent, sent
    if spec.reward_kind is RewardKind.CASH:
        return plan  # a bank transfer: no code mail to bounce or resend
    plan.mail_bounced = rng.random() < 0.03
    roll = rng.random()
    if roll < 0.06:
        plan.resend_count = min(spec.resend_limit, 3 if roll < 0.005 else 2 if roll < 0.02 else 1)
        resent = sent + _days(rng.randint(0, min(60, (today - sent).days)))
        plan.last_resent_at = datetime.combine(
            resent, time(rng.randint(6, 19), rng.randint(0, 59), rng.randint(0, 59))
        )
    return plan


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _showcase_plans(code: str, today: date) -> list[_Plan]:
    """The referrals of one showcase, oldest first, exactly as SHOWCASES describes."""

    def ago(days: int) -> date:
        return today - _days(days)

    def done(
        spec: ProgramSpec, recommended: date, qualified: date, ordered: date, sent: date, **kw: Any
    ) -> _Plan:
        signed = qualified - _days(spec.waiting_period_days + spec.cancellation_days)
        return _Plan(
            Status.REWARD_SENT,
            recommended,
            sent,
            contract_signed_on=signed,
            qualified_on=qualified,
            reward=True,
            ordered_on=ordered,
            sent_on=sent,
            **kw,
        )

    asv, sse, fnm = (PROGRAMS_BY_SLUG[slug] for slug in ("autosicher", "sonnenstrom", "funknetz"))
    old_sent = _months_before(today, 31)
    plans: dict[str, list[_Plan]] = {
        "ASV-REC234": [_Plan(Status.RECOMMENDED, ago(10), ago(10))],
        "ASV-SIG345": [
            _Plan(Status.CONTRACT_SIGNED, ago(19), ago(5), contract_signed_on=ago(5)),
        ],
        "ASV-WAI456": [
            _Plan(Status.WAITING_PERIOD, ago(45), ago(15), contract_signed_on=ago(30)),
        ],
        "ASV-QUA567": [
            _Plan(
                Status.QUALIFIED, ago(100), ago(10), contract_signed_on=ago(84),
                qualified_on=ago(10),
            ),
        ],
        "ASV-QOV678": [
            _Plan(
                Status.QUALIFIED, ago(140), ago(45), contract_signed_on=ago(119),
                qualified_on=ago(45), reward=True,
            ),
        ],
        "ASV-CSH234": [done(asv, ago(110), ago(20), ago(15), ago(12))],
        "SSE-ORD789": [
            _Plan(
                Status.REWARD_ORDERED, ago(130), ago(5), contract_signed_on=ago(112),
                qualified_on=ago(8), reward=True, ordered_on=ago(5),
            ),
        ],
        "SSE-SNT234": [done(sse, ago(135), ago(10), ago(6), ago(3))],
        "SSE-OLD345": [
            done(
                sse, old_sent - _days(150), old_sent - _days(9), old_sent - _days(4), old_sent,
                mail_bounced=True,
            ),
        ],
        "FNM-REJ456": [
            _Plan(
                Status.REJECTED, ago(50), ago(33), contract_signed_on=ago(40),
                rejection_reason=RejectionReason.CONTRACT_CANCELLED,
            ),
        ],
        "FNM-EXP567": [_Plan(Status.EXPIRED, ago(80), ago(49))],
        "FNM-MUL678": [
            done(fnm, ago(270), ago(212), ago(205), ago(200)),
            _Plan(Status.WAITING_PERIOD, ago(28), ago(5), contract_signed_on=ago(20)),
            _Plan(Status.RECOMMENDED, ago(3), ago(3)),
        ],
        "FNM-LIM789": [
            done(
                fnm, ago(165), ago(110), ago(104), ago(100), resend_count=2,
                last_resent_at=datetime.combine(ago(30), time(8, 12, 40)),
            ),
        ],
    }  # fmt: skip
    return plans[code]


# --------------------------------------------------------------------------
# Rows


@dataclass(frozen=True)
class Summary:
    """What ``generate`` wrote (showcases included)."""

    today: date
    seed: int
    programs: int
    referrers: int
    referrals: int
    rewards: int
    referrers_by_program: dict[str, int]
    referrals_by_program: dict[str, int]
    referrals_by_status: dict[ReferralStatus, int]
    overdue: int  # qualified or ordered, past the payout deadline


class DemoDataError(RuntimeError):
    """The database already holds referral data."""


@dataclass
class _Rows:
    today: date
    programs: list[dict[str, Any]] = field(default_factory=list)
    referrers: list[dict[str, Any]] = field(default_factory=list)
    referrals: list[dict[str, Any]] = field(default_factory=list)
    rewards: list[dict[str, Any]] = field(default_factory=list)
    overdue: int = 0

    def add_referrer(self, program_id: int, **values: Any) -> int:
        referrer_id = len(self.referrers) + 1
        self.referrers.append({"id": referrer_id, "program_id": program_id, **values})
        return referrer_id

    def add_referral(
        self,
        rng: random.Random,
        spec: ProgramSpec,
        program_id: int,
        referrer: dict[str, Any],
        friend: tuple[str, str],
        plan: _Plan,
        reward_codes: set[str],
    ) -> None:
        referral_id = len(self.referrals) + 1
        signed = plan.contract_signed_on
        self.referrals.append(
            {
                "id": referral_id,
                "referrer_id": referrer["id"],
                "program_id": program_id,
                "friend_first_name": friend[0],
                "friend_last_name": friend[1],
                "status": plan.status,
                "rejection_reason": plan.rejection_reason,
                "recommended_on": plan.recommended_on,
                "contract_signed_on": signed,
                "cancellation_ends_on": signed + _days(spec.cancellation_days) if signed else None,
                "qualified_on": plan.qualified_on,
                "status_changed_on": plan.status_changed_on,
            }
        )
        if plan.qualified_on and plan.status in (Status.QUALIFIED, Status.REWARD_ORDERED):
            self.overdue += self.today > plan.qualified_on + _days(spec.payout_days)
        if not (plan.reward or plan.status in (Status.REWARD_ORDERED, Status.REWARD_SENT)):
            return
        self.rewards.append(
            {
                "id": len(self.rewards) + 1,
                "referral_id": referral_id,
                "kind": spec.reward_kind,
                "value_cents": spec.reward_value_cents,
                "description": spec.reward_description,
                "voucher_code": (
                    _reward_code(rng, spec.reward_kind, reward_codes) if plan.sent_on else None
                ),
                "ordered_on": plan.ordered_on,
                "sent_on": plan.sent_on,
                "delivery_email": referrer["email"],
                "mail_bounced": plan.mail_bounced,
                "resend_count": plan.resend_count,
                "last_resent_at": plan.last_resent_at,
            }
        )


_PROGRAM_CUM_WEIGHTS = tuple(accumulate((40, 35, 25)))
_REFERRAL_COUNTS = (0, 1, 2, 3, 4)
_COUNT_CUM_WEIGHTS = tuple(accumulate((15, 25, 25, 20, 15)))  # about 2 on average
_FIRST_NAMES = FEMALE_FIRST_NAMES + MALE_FIRST_NAMES


def _build(seed: int, referrers: int, today: date) -> _Rows:
    rows = _Rows(today)
    for program_id, spec in enumerate(PROGRAMS, start=1):
        rows.programs.append({"id": program_id, **spec.columns()})
    program_ids = {spec.slug: program_id for program_id, spec in enumerate(PROGRAMS, start=1)}
    codes = {showcase.code for showcase in SHOWCASES}
    emails = {showcase.email for showcase in SHOWCASES}
    reward_codes: set[str] = set()

    # Showcases first (ids 1..13), from their own generator: the same for every seed.
    showcase_rng = random.Random("showcases")
    for showcase in SHOWCASES:
        salutation, first, last, friends = _SHOWCASE_PEOPLE[showcase.code]
        spec = PROGRAMS_BY_SLUG[showcase.program_slug]
        plans = _showcase_plans(showcase.code, today)
        values = {
            "salutation": salutation,
            "first_name": first,
            "last_name": last,
            "email": showcase.email,
            "referral_code": showcase.code,
            "created_on": plans[0].recommended_on,
        }
        referrer = {"id": rows.add_referrer(program_ids[spec.slug], **values), **values}
        for friend, plan in zip(friends, plans, strict=True):
            rows.add_referral(
                showcase_rng, spec, program_ids[spec.slug], referrer, friend, plan, reward_codes
            )

    rng = random.Random(seed)
    for _ in range(referrers):
        spec = rng.choices(PROGRAMS, cum_weights=_PROGRAM_CUM_WEIGHTS)[0]
        program_id = program_ids[spec.slug]
        female = rng.random() < 0.5
        first = rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES)
        last = rng.choice(LAST_NAMES)
        salutation = None if rng.random() < 0.06 else ("Frau" if female else "Herr")
        # More referrers joined recently: the programs grew over the four years.
        age = int(HISTORY_DAYS * rng.random() ** 1.35)
        created = today - _days(age)
        values = {
            "salutation": salutation,
            "first_name": first,
            "last_name": last,
            "email": _email(rng, first, last, emails),
            "referral_code": _referral_code(rng, spec.code_prefix, codes),
            "created_on": created,
        }
        referrer = {"id": rows.add_referrer(program_id, **values), **values}
        count = rng.choices(_REFERRAL_COUNTS, cum_weights=_COUNT_CUM_WEIGHTS)[0]
        # The first recommendation is usually why they signed up.
        days = sorted([0] + [rng.randint(0, age) for _ in range(count - 1)]) if count else []
        for offset in days:
            friend_last = last if rng.random() < 0.1 else rng.choice(LAST_NAMES)
            friend_first = rng.choice(_FIRST_NAMES)
            plan = _simulate(rng, spec, created + _days(offset), today)
            rows.add_referral(
                rng, spec, program_id, referrer, (friend_first, friend_last), plan, reward_codes
            )
    return rows


BATCH = 5000


def _insert(session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    for start in range(0, len(rows), BATCH):
        session.execute(insert(model), rows[start : start + BATCH])


_DATA_MODELS: tuple[type[Base], ...] = (Program, Referrer, Referral, Reward)


def has_data(session: Session) -> bool:
    """True when programs, referrers, referrals or rewards exist."""
    return any(
        session.scalars(select(model.id).limit(1)).first() is not None for model in _DATA_MODELS
    )


def reset(session: Session) -> None:
    """Delete the rows of every table, children before parents."""
    for table in reversed(Base.metadata.sorted_tables):
        session.execute(delete(table))


def generate(
    session: Session, *, seed: int = 42, referrers: int = 3000, today: date | None = None
) -> Summary:
    """Insert programs, showcases and ``referrers`` population referrers with
    their referrals and rewards. Does not commit: the caller owns the
    transaction. ``today`` must be given (the CLI passes ``bot.clock.today()``),
    so the same call always writes the same rows."""
    if today is None:
        raise ValueError("generate() needs today= explicitly; the CLI defaults to clock.today()")
    if referrers < 0:
        raise ValueError("referrers must not be negative")
    if has_data(session):
        raise DemoDataError("the database already holds referral data")
    rows = _build(seed, referrers, today)
    for model, batch in zip(
        _DATA_MODELS, (rows.programs, rows.referrers, rows.referrals, rows.rewards), strict=True
    ):
        _insert(session, model, batch)
    _sync_sequences(session)
    slug_of = {row["id"]: row["slug"] for row in rows.programs}
    return Summary(
        today=today,
        seed=seed,
        programs=len(rows.programs),
        referrers=len(rows.referrers),
        referrals=len(rows.referrals),
        rewards=len(rows.rewards),
        referrers_by_program=_count(slug_of[row["program_id"]] for row in rows.referrers),
        referrals_by_program=_count(slug_of[row["program_id"]] for row in rows.referrals),
        referrals_by_status=_count(row["status"] for row in rows.referrals),
        overdue=rows.overdue,
    )


def _count(values: Iterable[Any]) -> dict[Any, int]:
    return dict(sorted(Counter(values).items()))


def _sync_sequences(session: Session) -> None:
    """Ids were set explicitly; PostgreSQL's sequences must learn about them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in _DATA_MODELS:
        table = model.__table__
        highest = select(func.max(table.c.id)).scalar_subquery()
        session.execute(select(func.setval(func.pg_get_serial_sequence(table.name, "id"), highest)))


# --------------------------------------------------------------------------
# Command line


def missing_tables(engine: Engine) -> list[str]:
    present = set(inspect(engine).get_table_names())
    return sorted(set(Base.metadata.tables) - present)


def format_summary(summary: Summary, elapsed: float) -> str:
    lines = [
        f"Demo data for {summary.today} (seed {summary.seed}): {summary.programs} programs, "
        f"{summary.referrers:,} referrers, {summary.referrals:,} referrals, "
        f"{summary.rewards:,} rewards in {elapsed:.1f} s",
        "",
        f"  {'program':<16}{'referrers':>10}{'referrals':>11}",
    ]
    for slug in PROGRAMS_BY_SLUG:
        lines.append(
            f"  {slug:<16}{summary.referrers_by_program.get(slug, 0):>10,}"
            f"{summary.referrals_by_program.get(slug, 0):>11,}"
        )
    lines += ["", f"  {'status':<16}{'referrals':>10}"]
    for status in ReferralStatus:
        lines.append(f"  {status.value:<16}{summary.referrals_by_status.get(status, 0):>10,}")
    lines += [
        "",
        f"  overdue rewards (qualified/ordered past payout_days): {summary.overdue}",
        "",
        "Showcase cases:",
    ]
    lines += [f"  {case.code}  {case.email:<28} {case.description}" for case in SHOWCASES]
    return "\n".join(lines)


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot.demo_data", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--referrers", type=int, default=3000, help="population, without showcases")
    parser.add_argument(
        "--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: bot clock)"
    )
    parser.add_argument("--database-url", default=None, help="default: DATABASE_URL or referral.db")
    parser.add_argument("--reset", action="store_true", help="delete all rows of all tables first")
    parser.add_argument(
        "--if-empty", action="store_true", help="do nothing (exit 0) when data is already there"
    )
    args = parser.parse_args(argv)
    if args.referrers < 0:
        parser.error("--referrers must not be negative")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    url = args.database_url or database_url()
    parsed = make_url(url)
    shown = parsed.render_as_string(hide_password=True)
    hint = "run `make db` first to create the schema"
    database = parsed.database
    is_file = parsed.get_backend_name() == "sqlite" and database not in (None, "", ":memory:")
    if is_file and not Path(database).exists():
        # Connecting would create an empty file; don't leave one behind.
        print(f"No database at {shown}: {hint}.", file=sys.stderr)
        return 2
    today = args.today or clock.today()
    engine = make_engine(url)
    try:
        missing = missing_tables(engine)
        if missing:
            tables = ", ".join(missing)
            print(f"The database {shown} lacks tables {tables}: {hint}.", file=sys.stderr)
            return 2
        started = timer.perf_counter()
        with Session(bind=engine, future=True) as session, session.begin():
            if args.if_empty and has_data(session):
                print(f"{shown} already holds referral data; kept as it is.")
                return 0
            if args.reset:
                reset(session)
            try:
                summary = generate(session, seed=args.seed, referrers=args.referrers, today=today)
            except DemoDataError:
                print(
                    f"The database {shown} already holds referral data; nothing written. "
                    "Use --reset to replace all rows (`make demo-data` does).",
                    file=sys.stderr,
                )
                return 1
        elapsed = timer.perf_counter() - started
    finally:
        engine.dispose()
    print(format_summary(summary, elapsed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
