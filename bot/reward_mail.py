"""Lost reward mails: find the reward mail, and resend it,
only to the address on file and only a limited number of times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.formatting import format_date, mask_email
from bot.knowledge.phrases import phrase
from bot.models import CaseState, OutgoingMail, Referrer, Reward, RewardKind, Ticket, TicketKind
from bot.verification import normalize_email

TEAM_REPLY_DAYS = 3


def mailed_rewards(referrer: Referrer) -> list[Reward]:
    """Rewards that went out by mail (vouchers, activation codes), newest first."""
    rewards = [
        referral.reward
        for referral in referrer.referrals
        if referral.reward and referral.reward.sent_on and referral.reward.kind != RewardKind.CASH
    ]
    return sorted(rewards, key=lambda reward: reward.sent_on, reverse=True)


def transferred_rewards(referrer: Referrer) -> list[Reward]:
    """Cash rewards already transferred, newest first."""
    rewards = [
        referral.reward
        for referral in referrer.referrals
        if referral.reward and referral.reward.sent_on and referral.reward.kind == RewardKind.CASH
    ]
    return sorted(rewards, key=lambda reward: reward.sent_on, reverse=True)


def resend_limit_reached(reward: Reward) -> bool:
    """Whether the mail went out again as often as the program allows."""
    return reward.resend_count >= reward.referral.program.resend_limit


def describe_mail(reward: Reward, today: date) -> str:
    """What the bot says about a reward mail before offering to resend it."""
    found = phrase(
        "reward_mail.found",
        description=reward.description,
        sent_on=format_date(reward.sent_on),
        address=mask_email(reward.delivery_email),
    )
    if reward.mail_bounced:
        # No resend offer: it would bounce again (see actions.reward).
        return phrase("reward_mail.bounced", found=found)
    if resend_limit_reached(reward):
        # Offered instead of a resend: yes opens the case a person decides
        # on (``resend`` beyond the limit), not a promise the bot cannot keep.
        check = phrase("status.offer_limit_check", count=reward.resend_count)
        return phrase("reward_mail.limit_reached", found=found, check=check)
    # Older mails are often deleted from spam folders automatically.
    age_years = (today - reward.sent_on).days / 365.25
    return phrase("reward_mail.old" if age_years >= 1 else "reward_mail.recent", found=found)


class ResendOutcome(StrEnum):
    QUEUED = "queued"
    LIMIT_REACHED = "limit_reached"


@dataclass(frozen=True)
class ResendResult:
    """A queued mail comes with the text that confirms it; a limit reached
    with the ticket a person decides on (the action words it)."""

    outcome: ResendOutcome
    text: str = ""
    ticket: Ticket | None = None


def open_reward_case(session: Session, reward: Reward, kind: TicketKind) -> Ticket | None:
    """The newest open ticket of ``kind`` on the reward's referral."""
    return session.scalars(
        select(Ticket)
        .where(
            Ticket.kind == kind,
            Ticket.referral_id == reward.referral_id,
            Ticket.state != CaseState.DONE,
        )
        .order_by(Ticket.id.desc())
        .limit(1)
    ).first()


def open_limit_case(session: Session, reward: Reward) -> Ticket | None:
    """The newest open ticket for a reward mail resent as often as allowed:
    asked again, the customer hears of that case instead of another resend."""
    return open_reward_case(session, reward, TicketKind.RESEND_LIMIT)


def reply_address(session: Session, referrer: Referrer) -> str | None:
    """Where the team's e-mail reply to a verified referrer goes: the address
    on file, unless the reward mail to it bounced; then the new address the
    customer named for the team to check, or None when they named none (the
    reply would bounce too, so the address is asked for)."""
    on_file = normalize_email(referrer.email)
    bounced = [
        reward
        for reward in mailed_rewards(referrer)
        if reward.mail_bounced and normalize_email(reward.delivery_email) == on_file
    ]
    if not bounced:
        return referrer.email
    case = open_reward_case(session, bounced[0], TicketKind.ADDRESS_CHECK)
    return case.contact_email if case is not None else None


def resend(
    session: Session, reward: Reward, resend_limit: int, conversation_id: str, today: date
) -> ResendResult:
    """Queue the reward mail again to the address on file, within the limit.

    Beyond the limit a person decides (a ticket), because repeated resends
    usually mean the address on file is wrong.
    """
    referral = reward.referral
    address = mask_email(reward.delivery_email)
    if reward.resend_count >= resend_limit:
        ticket = Ticket(
            kind=TicketKind.RESEND_LIMIT,
            conversation_id=conversation_id,
            program_id=referral.program_id,
            referrer_id=referral.referrer_id,
            referral_id=referral.id,
            details=phrase(
                "reward_mail.ticket_limit",
                description=reward.description,
                sent_on=format_date(reward.sent_on),
                count=reward.resend_count,
            ),
            due_on=today + timedelta(days=TEAM_REPLY_DAYS),
        )
        session.add(ticket)
        session.flush()
        return ResendResult(ResendOutcome.LIMIT_REACHED, ticket=ticket)

    session.add(
        OutgoingMail(
            to_email=reward.delivery_email,
            subject=phrase("reward_mail.subject", description=reward.description),
            body=_mail_body(reward),
            reward_id=reward.id,
        )
    )
    reward.resend_count += 1
    reward.last_resent_at = utcnow()
    session.flush()
    return ResendResult(ResendOutcome.QUEUED, phrase("reward_mail.resent", address=address))


def _mail_body(reward: Reward) -> str:
    code_line = (
        phrase("reward_mail.body_code_line", code=reward.voucher_code)
        if reward.voucher_code
        else ""
    )
    return phrase("reward_mail.body", description=reward.description, code_line=code_line)
