"""Lost reward mails (seed 000, #6): find the reward mail, and resend it,
only to the address on file and only a limited number of times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.formatting import format_date, mask_email
from bot.models import OutgoingMail, Referrer, Reward, RewardKind, Ticket, TicketKind

TEAM_REPLY_DAYS = 3


def mailed_rewards(referrer: Referrer) -> list[Reward]:
    """Rewards that went out by mail (vouchers, activation codes), newest first."""
    rewards = [
        referral.reward
        for referral in referrer.referrals
        if referral.reward and referral.reward.sent_on and referral.reward.kind != RewardKind.CASH
    ]
    return sorted(rewards, key=lambda reward: reward.sent_on, reverse=True)


def describe_mail(reward: Reward, today: date) -> str:
    """What the bot says about a reward mail before offering to resend it."""
    age_years = (today - reward.sent_on).days / 365.25
    text = (
        f"Ich habe Ihre Prämien-Mail gefunden: {reward.description}, verschickt am "
        f"{format_date(reward.sent_on)} an {mask_email(reward.delivery_email)}."
    )
    if reward.mail_bounced:
        # No resend offer: it would bounce again (see actions.reward).
        return text + " Die Mail kam damals leider als unzustellbar zurück."
    if age_years >= 1:
        text += (
            " Solche Mails landen oft im Spam-Ordner, und manche Postfächer löschen sie dort "
            "nach einiger Zeit automatisch. Das passiert häufiger, als man denkt."
        )
    else:
        text += " Bitte schauen Sie auch in Ihrem Spam- oder Werbungsordner nach."
    text += " Soll ich sie noch einmal an diese Adresse schicken?"
    return text


class ResendOutcome(StrEnum):
    QUEUED = "queued"
    LIMIT_REACHED = "limit_reached"


@dataclass(frozen=True)
class ResendResult:
    outcome: ResendOutcome
    text: str
    ticket_id: int | None = None


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
            details=(
                f"Prämien-Mail (Reward {reward.id}) wurde schon {reward.resend_count}-mal "
                f"erneut gesendet; Kunde meldet sie weiterhin als nicht angekommen."
            ),
            due_on=today + timedelta(days=TEAM_REPLY_DAYS),
        )
        session.add(ticket)
        session.flush()
        text = (
            f"Diese Mail wurde bereits {reward.resend_count}-mal erneut an {address} "
            f"geschickt. Damit sie diesmal sicher ankommt, habe ich den Fall an unser "
            f"Service-Team übergeben (Vorgang {ticket.id}). Sie bekommen bis zum "
            f"{format_date(ticket.due_on)} eine Nachricht."
        )
        return ResendResult(ResendOutcome.LIMIT_REACHED, text, ticket.id)

    session.add(
        OutgoingMail(
            to_email=reward.delivery_email,
            subject=f"Ihre Prämie: {reward.description}",
            body=_mail_body(reward),
            reward_id=reward.id,
        )
    )
    reward.resend_count += 1
    reward.last_resent_at = utcnow()
    session.flush()
    text = (
        f"Erledigt: Ihre Prämien-Mail ist erneut unterwegs an {address}. Sie sollte in "
        f"wenigen Minuten ankommen. Schauen Sie bitte auch im Spam-Ordner nach und "
        f"speichern Sie den Code am besten gleich ab."
    )
    return ResendResult(ResendOutcome.QUEUED, text)


def _mail_body(reward: Reward) -> str:
    code_line = f"Ihr Code: {reward.voucher_code}\n" if reward.voucher_code else ""
    return (
        "Guten Tag,\n\nwie gewünscht senden wir Ihnen Ihre Prämie aus dem "
        f"Empfehlungsprogramm noch einmal zu: {reward.description}.\n{code_line}\n"
        "Vielen Dank für Ihre Empfehlung!\n"
    )
