"""The demo data generator: determinism, showcases, and the date rules of every
referral (as written in bot/demo_data.py's docstring, restated here)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import demo_data
from bot.db import make_engine
from bot.demo_data import PROGRAMS, SHOWCASES, Summary, generate
from bot.formatting import format_euro
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
from bot.referral_code import is_valid_code

S = ReferralStatus
TODAY = date(2026, 5, 9)
REFERRERS = 300
POPULATION_CODE = re.compile(r"^(ASV|SSE|FNM)-[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{6}$")
EXAMPLE_DOMAINS = {"example.de", "example.com", "example.net", "example.org"}


def days(n: int) -> timedelta:
    return timedelta(days=n)


def ago(n: int) -> date:
    return TODAY - days(n)


@pytest.fixture
def demo(session: Session) -> tuple[Session, Summary]:
    return session, generate(session, seed=42, referrers=REFERRERS, today=TODAY)


@pytest.fixture
def memory_session() -> Iterator[Session]:
    engine = make_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(bind=engine, future=True) as db:
        yield db
    engine.dispose()


def dump(db: Session) -> dict[str, list[tuple]]:
    return {
        model.__tablename__: [
            tuple(row) for row in db.execute(select(model.__table__).order_by(model.id))
        ]
        for model in (Program, Referrer, Referral, Reward)
    }


def referrals(db: Session) -> list[tuple[Referral, Referrer, Program, Reward | None]]:
    query = (
        select(Referral, Referrer, Program, Reward)
        .join(Referrer, Referral.referrer_id == Referrer.id)
        .join(Program, Referral.program_id == Program.id)
        .outerjoin(Reward, Reward.referral_id == Referral.id)
        .order_by(Referral.id)
    )
    return [tuple(row) for row in db.execute(query)]


# --------------------------------------------------------------------------
# Determinism


def test_same_seed_and_today_give_identical_rows(
    demo: tuple[Session, Summary], memory_session: Session
) -> None:
    db, _ = demo
    generate(memory_session, seed=42, referrers=REFERRERS, today=TODAY)
    first, second = dump(db), dump(memory_session)
    assert len(first["referrals"]) > 400
    assert first == second


def test_another_seed_changes_the_population_but_not_the_showcases(
    demo: tuple[Session, Summary], memory_session: Session
) -> None:
    db, _ = demo
    generate(memory_session, seed=7, referrers=REFERRERS, today=TODAY)
    first, second = dump(db), dump(memory_session)
    assert first["programs"] == second["programs"]
    showcase_ids = range(1, len(SHOWCASES) + 1)
    assert [r for r in first["referrers"] if r[0] in showcase_ids] == [
        r for r in second["referrers"] if r[0] in showcase_ids
    ]
    assert first["referrers"] != second["referrers"]


def test_today_is_required(session: Session) -> None:
    with pytest.raises(ValueError, match="today"):
        generate(session, referrers=1)


def test_refuses_a_database_that_holds_data(demo: tuple[Session, Summary]) -> None:
    db, _ = demo
    with pytest.raises(demo_data.DemoDataError):
        generate(db, referrers=1, today=TODAY)


# --------------------------------------------------------------------------
# Programs, counts, codes, e-mails


def test_every_program_row_is_written_from_its_definition(demo: tuple[Session, Summary]) -> None:
    db, _ = demo
    rows = {row.slug: row for row in db.scalars(select(Program))}
    assert sorted(rows) == sorted(spec.slug for spec in PROGRAMS)
    for spec in PROGRAMS:
        row = rows[spec.slug]
        assert {column: getattr(row, column) for column in spec.columns()} == spec.columns()


@pytest.mark.parametrize("spec", PROGRAMS, ids=lambda spec: spec.slug)
def test_program_definitions_fit_the_bot(spec: demo_data.ProgramSpec) -> None:
    """What the bot relies on, whatever the values: codes of the program's own
    prefix, amounts that match their wording, only example domains."""
    assert [other.code_prefix for other in PROGRAMS].count(spec.code_prefix) == 1
    assert is_valid_code(f"{spec.code_prefix}-ABC234")
    if spec.reward_kind is not RewardKind.ITEM:
        amount = format_euro(spec.reward_value_cents)
        assert amount in spec.reward_description and amount in spec.reward_phrase
    for url in (spec.terms_url, spec.privacy_url, spec.service_url, spec.imprint_url):
        assert url.startswith(f"https://www.{spec.slug}.example/"), url
    for email in (spec.service_email, spec.program_email):
        assert email.endswith(f"@{spec.slug}.example"), email
    assert set(spec.hours_weekdays) <= set("1234567")
    assert spec.hours_open < spec.hours_close


def test_summary_matches_the_database(demo: tuple[Session, Summary]) -> None:
    db, summary = demo
    assert summary.referrers == REFERRERS + len(SHOWCASES)
    assert summary.referrers == db.scalar(select(func.count(Referrer.id)))
    assert summary.referrals == db.scalar(select(func.count(Referral.id)))
    assert summary.rewards == db.scalar(select(func.count(Reward.id)))
    assert sum(summary.referrals_by_status.values()) == summary.referrals
    # 0–4 referrals each, about 2 on average
    assert 1.6 * REFERRERS < summary.referrals < 2.4 * REFERRERS
    per_referrer = db.execute(
        select(func.count(Referral.id)).group_by(Referral.referrer_id)
    ).scalars()
    assert max(per_referrer) <= 4


def test_every_status_occurs_in_the_population(demo: tuple[Session, Summary]) -> None:
    db, _ = demo
    showcase_ids = len(SHOWCASES)
    statuses = set(
        db.scalars(select(Referral.status).where(Referral.referrer_id > showcase_ids).distinct())
    )
    assert statuses == set(ReferralStatus)
    reasons = set(db.scalars(select(Referral.rejection_reason).distinct()))
    assert reasons == {*RejectionReason, None}


def test_codes_are_unique_and_well_formed(demo: tuple[Session, Summary]) -> None:
    db, _ = demo
    rows = db.execute(select(Referrer.referral_code, Program.slug).join(Program)).all()
    codes = [code for code, _ in rows]
    assert len(codes) == len(set(codes))
    showcase_codes = {case.code for case in SHOWCASES}
    prefixes = {spec.slug: spec.code_prefix for spec in PROGRAMS}
    for code, slug in rows:
        assert code.startswith(prefixes[slug] + "-"), code
        assert is_valid_code(code), code
        if code not in showcase_codes:
            assert POPULATION_CODE.match(code), code
            assert re.search(r"\d", code[4:]), code


def test_only_example_domains_and_plausible_addresses(demo: tuple[Session, Summary]) -> None:
    db, _ = demo
    emails = list(db.scalars(select(Referrer.email)))
    emails += list(db.scalars(select(Reward.delivery_email)))
    for email in emails:
        local, _, domain = email.partition("@")
        assert domain in EXAMPLE_DOMAINS, email
        assert re.fullmatch(r"[a-z0-9][a-z0-9._-]*", local), email
    referrer_emails = list(db.scalars(select(Referrer.email)))
    assert len(referrer_emails) == len(set(referrer_emails))
    assert len({email.split("@")[1] for email in referrer_emails}) == 4


def test_names_are_german_and_complete(demo: tuple[Session, Summary]) -> None:
    db, _ = demo
    for referrer in db.scalars(select(Referrer)):
        assert referrer.first_name and referrer.last_name
        assert referrer.salutation in ("Frau", "Herr", None)
    names = set(db.scalars(select(Referrer.last_name))) | set(
        db.scalars(select(Referrer.first_name))
    )
    assert any(char in name for name in names for char in "äöüß")
    for first, last in db.execute(select(Referral.friend_first_name, Referral.friend_last_name)):
        assert first.strip() and last.strip()


# --------------------------------------------------------------------------
# Date rules for every referral


def test_every_referral_follows_the_date_rules(demo: tuple[Session, Summary]) -> None:
    db, summary = demo
    rows = referrals(db)
    assert len(rows) == summary.referrals
    for referral, referrer, program, reward in rows:
        check_referral(referral, referrer, program, reward)


def check_referral(
    referral: Referral, referrer: Referrer, program: Program, reward: Reward | None
) -> None:
    status = referral.status
    recommended = referral.recommended_on
    signed = referral.contract_signed_on
    changed = referral.status_changed_on
    valid_until = recommended + days(program.recommendation_valid_days)
    context = f"{referrer.referral_code} #{referral.id} {status}"

    assert referral.program_id == referrer.program_id, context
    assert referrer.created_on <= recommended <= changed <= TODAY, context
    assert recommended >= TODAY - days(4 * 365 + 1), context
    assert (referral.rejection_reason is not None) == (status is S.REJECTED), context
    if signed is None:
        assert referral.cancellation_ends_on is None, context
    else:
        assert recommended < signed <= valid_until, context
        assert referral.cancellation_ends_on == signed + days(program.cancellation_days), context
    qualifies_on = (
        referral.cancellation_ends_on + days(program.waiting_period_days) if signed else None
    )
    if referral.qualified_on is not None:
        assert referral.qualified_on == qualifies_on, context

    # reward rows: always for ordered/sent, optional (not yet ordered) for qualified
    if status in (S.REWARD_ORDERED, S.REWARD_SENT):
        assert reward is not None, context
    elif status is not S.QUALIFIED:
        assert reward is None, context
    if reward is not None:
        assert reward.kind == program.reward_kind, context
        assert reward.value_cents == program.reward_value_cents, context
        assert reward.description == program.reward_description, context
        assert reward.delivery_email == referrer.email, context
        assert 0 <= reward.resend_count <= program.resend_limit, context
        assert (reward.resend_count > 0) == (reward.last_resent_at is not None), context
        if reward.sent_on is None:
            assert not reward.mail_bounced and reward.resend_count == 0, context
            assert reward.voucher_code is None, context

    if status is S.RECOMMENDED:
        assert signed is None and referral.qualified_on is None, context
        assert valid_until >= TODAY, context
        assert changed == recommended, context
    elif status is S.EXPIRED:
        assert signed is None and referral.qualified_on is None, context
        assert valid_until < TODAY, context
        assert changed == valid_until + days(1), context
    elif status is S.CONTRACT_SIGNED:
        assert signed is not None and referral.qualified_on is None, context
        assert referral.cancellation_ends_on >= TODAY, context
        assert TODAY - signed <= days(program.cancellation_days), context
        assert changed == signed, context
    elif status is S.WAITING_PERIOD:
        assert signed is not None and referral.qualified_on is None, context
        assert referral.cancellation_ends_on < TODAY < qualifies_on, context
        assert changed == referral.cancellation_ends_on + days(1), context
    elif status is S.QUALIFIED:
        assert referral.qualified_on is not None and referral.qualified_on <= TODAY, context
        assert changed == referral.qualified_on, context
        if reward is not None:
            assert reward.ordered_on is None and reward.sent_on is None, context
    elif status is S.REWARD_ORDERED:
        assert referral.qualified_on is not None, context
        assert reward.ordered_on is not None and reward.sent_on is None, context
        assert referral.qualified_on <= reward.ordered_on == changed, context
    elif status is S.REWARD_SENT:
        assert referral.qualified_on is not None, context
        assert reward.ordered_on is not None and reward.sent_on is not None, context
        assert referral.qualified_on <= reward.ordered_on <= reward.sent_on == changed, context
        if program.reward_kind is RewardKind.CASH:
            assert reward.voucher_code is None, context
            assert not reward.mail_bounced and reward.resend_count == 0, context
        elif program.reward_kind is RewardKind.VOUCHER:
            assert re.fullmatch(r"WG(-[A-Z2-9]{4}){3}", reward.voucher_code or ""), context
        else:
            assert re.fullmatch(r"STREAM(-[A-Z2-9]{4}){3}", reward.voucher_code or ""), context
        if reward.last_resent_at is not None:
            assert reward.sent_on <= reward.last_resent_at.date() <= TODAY, context
    elif status is S.REJECTED:
        assert referral.qualified_on is None, context
        if referral.rejection_reason is RejectionReason.CONTRACT_CANCELLED:
            if signed is not None:
                assert signed <= changed <= referral.cancellation_ends_on, context
        else:
            assert signed is None, context
            assert changed <= valid_until, context
    else:  # pragma: no cover - a new status needs a rule here
        pytest.fail(f"no rule for {status}")


def test_the_rule_checker_catches_broken_rows(demo: tuple[Session, Summary]) -> None:
    """Guard against a checker that accepts anything."""
    db, _ = demo
    referral, referrer, program, reward = next(
        row for row in referrals(db) if row[0].status is S.WAITING_PERIOD
    )
    original = referral.status_changed_on
    referral.status_changed_on = referral.contract_signed_on
    try:
        with pytest.raises(AssertionError):
            check_referral(referral, referrer, program, reward)
    finally:
        referral.status_changed_on = original
    check_referral(referral, referrer, program, reward)


def test_realistic_mix(demo: tuple[Session, Summary]) -> None:
    db, summary = demo
    rows = referrals(db)
    sent = [reward for referral, _, _, reward in rows if referral.status is S.REWARD_SENT]
    assert sum(r.sent_on < TODAY - days(730) for r in sent) > 0.15 * len(sent)
    mails = [r for r in sent if r.kind is not RewardKind.CASH]
    bounced = sum(r.mail_bounced for r in mails)
    assert 0 < bounced < 0.08 * len(mails)
    assert 0 < sum(r.resend_count > 0 for r in mails) < 0.15 * len(mails)
    # Open cases are recent; old ones are finished.
    finished = {S.REWARD_SENT, S.REJECTED, S.EXPIRED}
    for referral, *_ in rows:
        if referral.recommended_on < TODAY - days(365):
            assert referral.status in finished, referral.id
    # Overdue: a few, the showcase among them.
    assert 1 <= summary.overdue <= 0.03 * summary.referrals


# --------------------------------------------------------------------------
# Showcases

# code -> (status, recommended, signed, qualified, ordered, sent, status_changed) per referral,
# written from the showcase descriptions in bot/demo_data.py, not computed by the generator
EXPECTED_SHOWCASES: dict[str, list[tuple]] = {
    "ASV-REC234": [(S.RECOMMENDED, ago(10), None, None, None, None, ago(10))],
    "ASV-SIG345": [(S.CONTRACT_SIGNED, ago(19), ago(5), None, None, None, ago(5))],
    "ASV-WAI456": [(S.WAITING_PERIOD, ago(45), ago(30), None, None, None, ago(15))],
    "ASV-QUA567": [(S.QUALIFIED, ago(100), ago(84), ago(10), None, None, ago(10))],
    "ASV-QOV678": [(S.QUALIFIED, ago(140), ago(119), ago(45), None, None, ago(45))],
    "ASV-CSH234": [(S.REWARD_SENT, ago(110), ago(94), ago(20), ago(15), ago(12), ago(12))],
    "SSE-ORD789": [(S.REWARD_ORDERED, ago(130), ago(112), ago(8), ago(5), None, ago(5))],
    "SSE-SNT234": [(S.REWARD_SENT, ago(135), ago(114), ago(10), ago(6), ago(3), ago(3))],
    "FNM-REJ456": [(S.REJECTED, ago(50), ago(40), None, None, None, ago(33))],
    "FNM-EXP567": [(S.EXPIRED, ago(80), None, None, None, None, ago(49))],
    "FNM-MUL678": [
        (S.REWARD_SENT, ago(270), ago(256), ago(212), ago(205), ago(200), ago(200)),
        (S.WAITING_PERIOD, ago(28), ago(20), None, None, None, ago(5)),
        (S.RECOMMENDED, ago(3), None, None, None, None, ago(3)),
    ],
    "FNM-LIM789": [(S.REWARD_SENT, ago(165), ago(154), ago(110), ago(104), ago(100), ago(100))],
}


def showcase_rows(db: Session, code: str) -> tuple[Referrer, list[tuple[Referral, Reward | None]]]:
    referrer = db.scalars(select(Referrer).where(Referrer.referral_code == code)).one()
    rows = db.execute(
        select(Referral, Reward)
        .outerjoin(Reward, Reward.referral_id == Referral.id)
        .where(Referral.referrer_id == referrer.id)
        .order_by(Referral.recommended_on)
    ).all()
    return referrer, [tuple(row) for row in rows]


def test_showcase_table_is_complete() -> None:
    codes = [case.code for case in SHOWCASES]
    assert len(codes) == len(set(codes)) == 13
    assert set(codes) == set(EXPECTED_SHOWCASES) | {"SSE-OLD345"}


@pytest.mark.parametrize("case", SHOWCASES, ids=lambda case: case.code)
def test_showcase(demo: tuple[Session, Summary], case: demo_data.Showcase) -> None:
    db, _ = demo
    referrer, rows = showcase_rows(db, case.code)
    assert referrer.email == case.email
    assert db.get(Program, referrer.program_id).slug == case.program_slug
    local = case.email.split("@")[0]
    assert local == (
        f"{demo_data.email_local(referrer.first_name)}.{demo_data.email_local(referrer.last_name)}"
    )
    assert referrer.salutation in ("Frau", "Herr")
    newest = max(rows, key=lambda row: row[0].recommended_on)[0]
    assert newest.status is case.status
    if case.code == "SSE-OLD345":
        return  # calendar months: see test_old_voucher
    expected = EXPECTED_SHOWCASES[case.code]
    actual = [
        (
            referral.status,
            referral.recommended_on,
            referral.contract_signed_on,
            referral.qualified_on,
            reward.ordered_on if reward else None,
            reward.sent_on if reward else None,
            referral.status_changed_on,
        )
        for referral, reward in rows
    ]
    assert actual == expected


def test_showcase_details(demo: tuple[Session, Summary]) -> None:
    db, _ = demo
    program = {p.slug: p for p in db.scalars(select(Program))}

    signed = showcase_rows(db, "ASV-SIG345")[1][0][0]
    assert signed.cancellation_ends_on == TODAY + days(9)

    waiting = showcase_rows(db, "ASV-WAI456")[1][0][0]
    assert waiting.cancellation_ends_on == ago(16)
    assert waiting.cancellation_ends_on + days(program["autosicher"].waiting_period_days) == (
        TODAY + days(44)
    )

    qualified, reward = showcase_rows(db, "ASV-QUA567")[1][0]
    assert reward is None
    assert qualified.qualified_on + days(program["autosicher"].payout_days) == TODAY + days(20)

    overdue, reward = showcase_rows(db, "ASV-QOV678")[1][0]
    assert reward is not None and reward.ordered_on is None  # booked, never ordered
    deadline = overdue.qualified_on + days(program["autosicher"].payout_days)
    assert TODAY - deadline == days(15)

    _, cash = showcase_rows(db, "ASV-CSH234")[1][0]
    assert cash.kind is RewardKind.CASH and cash.value_cents == 5000 and cash.voucher_code is None

    _, ordered = showcase_rows(db, "SSE-ORD789")[1][0]
    assert ordered.kind is RewardKind.VOUCHER and ordered.voucher_code is None

    _, voucher = showcase_rows(db, "SSE-SNT234")[1][0]
    assert voucher.voucher_code and not voucher.mail_bounced and voucher.resend_count == 0

    rejected = showcase_rows(db, "FNM-REJ456")[1][0][0]
    assert rejected.rejection_reason is RejectionReason.CONTRACT_CANCELLED
    assert rejected.status_changed_on <= rejected.cancellation_ends_on == ago(26)

    referrer, rows = showcase_rows(db, "FNM-MUL678")
    assert len(rows) == 3
    assert [referral.status for referral in referrer.referrals] == [
        S.RECOMMENDED,
        S.WAITING_PERIOD,
        S.REWARD_SENT,
    ]
    assert rows[0][1].voucher_code.startswith("STREAM-")

    _, limit = showcase_rows(db, "FNM-LIM789")[1][0]
    assert limit.resend_count == 2 == program["funknetz"].resend_limit
    assert limit.last_resent_at is not None and limit.voucher_code.startswith("STREAM-")


def test_old_voucher(demo: tuple[Session, Summary]) -> None:
    db, _ = demo
    referral, reward = showcase_rows(db, "SSE-OLD345")[1][0]
    assert referral.status is S.REWARD_SENT
    assert reward.sent_on == date(2023, 10, 9)  # 2 years 7 months before 2026-05-09
    assert reward.mail_bounced and reward.voucher_code.startswith("WG-")


def test_months_before_clamps_the_day() -> None:
    assert demo_data._months_before(date(2026, 5, 31), 31) == date(2023, 10, 31)
    assert demo_data._months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert demo_data._months_before(date(2026, 1, 15), 1) == date(2025, 12, 15)


# --------------------------------------------------------------------------
# Command line


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.db"
    url = f"sqlite:///{path}"
    args = ["--database-url", url, "--referrers", "20", "--today", "2026-05-09"]

    assert demo_data.main(args) == 2  # no file: no empty file left behind either
    assert "make db" in capsys.readouterr().err
    assert not path.exists()

    engine = make_engine(url)
    Program.__table__.create(engine)
    assert demo_data.main(args) == 2  # tables missing
    assert "make db" in capsys.readouterr().err
    Base.metadata.create_all(engine)

    assert demo_data.main(args) == 0
    out = capsys.readouterr().out
    assert "33 referrers" in out and "ASV-REC234" in out
    assert demo_data.main(args) == 1  # refuses to add to existing data
    assert "--reset" in capsys.readouterr().err
    assert demo_data.main([*args, "--reset", "--seed", "1"]) == 0
    with Session(bind=engine, future=True) as db:
        assert db.scalar(select(func.count(Program.id))) == 3
        assert db.scalar(select(func.count(Referrer.id))) == 33
    engine.dispose()
