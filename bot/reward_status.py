"""Where does a referral stand, what comes next, and by when?

Seed 000 ("Der Klassiker"): most customers ask before any deadline has
passed. So the answer names the current step and the date of the next one
from the program's own rules, calmly, with the terms at hand; only when the
program's deadline has passed does the bot apologise and open a case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.formatting import format_date, format_euro, mask_email, mask_name
from bot.models import (
    Program,
    Referral,
    ReferralStatus,
    Referrer,
    RejectionReason,
    Reward,
    RewardKind,
)

# Referrals listed one by one; older finished ones are only counted.
MAX_LISTED = 4
FINISHED = {ReferralStatus.REWARD_SENT, ReferralStatus.REJECTED, ReferralStatus.EXPIRED}


@dataclass(frozen=True)
class ReferralState:
    """One referral explained: the German text, and whether it is overdue."""

    referral_id: int
    text: str
    overdue: bool = False
    due_on: date | None = None
    resendable: bool = False  # a reward mail exists that could be sent again


def load_referrer(session: Session, referrer_id: int) -> Referrer | None:
    """The referrer with program, referrals and rewards in three queries."""
    return session.scalars(
        select(Referrer)
        .where(Referrer.id == referrer_id)
        .options(
            selectinload(Referrer.program),
            selectinload(Referrer.referrals).selectinload(Referral.reward),
        )
    ).first()


def greeting_name(referrer: Referrer) -> str:
    if referrer.salutation in ("Frau", "Herr"):
        return f"{referrer.salutation} {referrer.last_name}"
    return f"{referrer.first_name} {referrer.last_name}"


def reward_phrase(program: Program) -> str:
    """How the program's reward is named in a sentence."""
    if program.reward_kind is RewardKind.CASH:
        return f"Ihre Prämie von {format_euro(program.reward_value_cents)}"
    return f"Ihre Prämie ({program.reward_description})"


def delivery_phrase(kind: RewardKind) -> str:
    return {
        RewardKind.CASH: "auf Ihr Konto überwiesen",
        RewardKind.VOUCHER: "per E-Mail an Sie verschickt",
        RewardKind.ITEM: "mit dem Freischaltcode per E-Mail an Sie verschickt",
    }[kind]


def payout_due(referral: Referral, program: Program) -> date | None:
    """The program's deadline for the reward, once the referral qualifies."""
    qualifies = qualification_date(referral, program)
    return qualifies + timedelta(days=program.payout_days) if qualifies else None


def qualification_date(referral: Referral, program: Program) -> date | None:
    if referral.qualified_on:
        return referral.qualified_on
    if referral.cancellation_ends_on:
        return referral.cancellation_ends_on + timedelta(days=program.waiting_period_days)
    return None


REJECTION_TEXTS = {
    RejectionReason.CONTRACT_CANCELLED: (
        "Der Vertrag wurde innerhalb der Widerrufsfrist widerrufen. "
        "Für widerrufene Verträge sehen die Teilnahmebedingungen leider keine Prämie vor."
    ),
    RejectionReason.ALREADY_CUSTOMER: (
        "Zum Zeitpunkt der Empfehlung bestand bei {brand} schon ein Kundenkonto. "
        "Prämien gibt es laut Teilnahmebedingungen nur für Neukundinnen und Neukunden."
    ),
    RejectionReason.SELF_REFERRAL: (
        "Es handelte sich um eine Empfehlung an sich selbst; "
        "die schließen die Teilnahmebedingungen leider aus."
    ),
    RejectionReason.CONTRACT_NOT_ELIGIBLE: (
        "Der abgeschlossene Tarif gehört nicht zu den Verträgen, für die es eine Prämie gibt."
    ),
    RejectionReason.DUPLICATE: (
        "Dieselbe Person war schon vorher von jemand anderem empfohlen worden; "
        "die Prämie gehört dann der ersten Empfehlung."
    ),
}


def explain(referral: Referral, program: Program, today: date) -> ReferralState:
    """The German explanation of one referral's state, next step and date."""
    friend = mask_name(referral.friend_first_name, referral.friend_last_name)
    since = format_date(referral.recommended_on)
    status = referral.status
    reward = referral.reward

    if status is ReferralStatus.RECOMMENDED:
        valid_until = referral.recommended_on + timedelta(days=program.recommendation_valid_days)
        if today <= valid_until:
            text = (
                f"Ihre Empfehlung an {friend} vom {since} ist bei uns registriert. "
                f"Als Nächstes muss über Ihre Empfehlung ein Vertrag abgeschlossen werden; "
                f"das ist bis zum {format_date(valid_until)} möglich. Bis dahin müssen "
                f"Sie nichts weiter tun."
            )
            return ReferralState(referral.id, text, due_on=valid_until)
        text = (
            f"Ihre Empfehlung an {friend} vom {since} konnte nur bis zum "
            f"{format_date(valid_until)} zu einem Vertrag führen, und bis dahin ist bei uns "
            f"keiner eingegangen. Wenn doch einer abgeschlossen wurde, prüft unser "
            f"Service-Team das gern nach."
        )
        return ReferralState(referral.id, text)

    if status is ReferralStatus.EXPIRED:
        valid_until = referral.recommended_on + timedelta(days=program.recommendation_valid_days)
        text = (
            f"Ihre Empfehlung an {friend} vom {since} ist am {format_date(valid_until)} "
            f"abgelaufen, weil bis dahin kein Vertrag abgeschlossen wurde. Sie können "
            f"aber jederzeit neu empfehlen."
        )
        return ReferralState(referral.id, text)

    if status is ReferralStatus.REJECTED:
        reason = REJECTION_TEXTS.get(
            referral.rejection_reason,
            "Die Voraussetzungen der Teilnahmebedingungen waren leider nicht erfüllt.",
        ).format(brand=program.brand)
        text = (
            f"Für Ihre Empfehlung an {friend} vom {since} können wir leider keine Prämie "
            f"zahlen. {reason} Wenn Sie das anders sehen, schaut sich unser Service-Team "
            f"den Fall gern noch einmal an."
        )
        return ReferralState(referral.id, text)

    if status is ReferralStatus.CONTRACT_SIGNED:
        window_end = referral.cancellation_ends_on or (
            (referral.contract_signed_on or today) + timedelta(days=program.cancellation_days)
        )
        qualifies = window_end + timedelta(days=program.waiting_period_days)
        text = (
            f"Schöne Nachricht: Über Ihre Empfehlung an {friend} wurde am "
            f"{format_date(referral.contract_signed_on or referral.status_changed_on)} ein "
            f"Vertrag abgeschlossen. Bis zum {format_date(window_end)} läuft noch die "
            f"Widerrufsfrist, danach die Wartezeit von {program.waiting_period_days} Tagen. "
            f"Besteht der Vertrag dann noch, wird Ihre Empfehlung am {format_date(qualifies)} "
            f"prämienberechtigt, und {reward_phrase(program)} wird innerhalb von "
            f"{program.payout_days} Tagen {delivery_phrase(program.reward_kind)}."
        )
        return ReferralState(referral.id, text, due_on=qualifies)

    due = payout_due(referral, program)
    overdue = due is not None and today > due

    if status is ReferralStatus.WAITING_PERIOD:
        qualifies = qualification_date(referral, program)
        if not overdue and qualifies and today < qualifies:
            text = (
                f"Der Vertrag aus Ihrer Empfehlung an {friend} läuft, die Widerrufsfrist ist "
                f"vorbei. Jetzt läuft noch die Wartezeit bis zum {format_date(qualifies)}. "
                f"Danach wird {reward_phrase(program)} bis spätestens "
                f"{format_date(due)} {delivery_phrase(program.reward_kind)}."
            )
            return ReferralState(referral.id, text, due_on=qualifies)
        status = ReferralStatus.QUALIFIED  # the waiting period is over: same as qualified

    if status in (ReferralStatus.QUALIFIED, ReferralStatus.REWARD_ORDERED):
        if status is ReferralStatus.REWARD_ORDERED and reward and reward.ordered_on:
            step = (
                f"Die Prämie für Ihre Empfehlung an {friend} haben wir am "
                f"{format_date(reward.ordered_on)} angewiesen."
            )
        else:
            step = (
                f"Ihre Empfehlung an {friend} hat alle Bedingungen erfüllt. "
                f"Als Nächstes weisen wir Ihre Prämie an."
            )
        if overdue:
            text = (
                f"{step} Laut Teilnahmebedingungen hätte {reward_phrase(program)} "
                f"bis zum {format_date(due)} {delivery_phrase(program.reward_kind)} werden "
                f"müssen. Diese Frist ist überschritten, und dafür entschuldige ich mich."
            )
        else:
            text = (
                f"{step} {reward_phrase(program)} wird bis spätestens {format_date(due)} "
                f"{delivery_phrase(program.reward_kind)}. Sie müssen dafür nichts weiter tun."
            )
        return ReferralState(referral.id, text, overdue=overdue, due_on=due)

    # REWARD_SENT
    return _explain_sent(referral, reward, program, friend)


def _explain_sent(
    referral: Referral, reward: Reward | None, program: Program, friend: str
) -> ReferralState:
    sent_on = reward.sent_on if reward and reward.sent_on else referral.status_changed_on
    kind = reward.kind if reward else program.reward_kind
    if kind is RewardKind.CASH:
        amount = format_euro(reward.value_cents if reward else program.reward_value_cents)
        text = (
            f"Die Prämie von {amount} für Ihre Empfehlung an {friend} haben wir am "
            f"{format_date(sent_on)} auf Ihr Konto überwiesen. Je nach Bank ist sie ein bis "
            f"zwei Bankarbeitstage später auf dem Konto."
        )
        return ReferralState(referral.id, text)
    address = mask_email(reward.delivery_email) if reward else "Ihre hinterlegte Adresse"
    description = reward.description if reward else program.reward_description
    text = (
        f"Ihre Prämie für die Empfehlung an {friend} ({description}) haben wir am "
        f"{format_date(sent_on)} per E-Mail an {address} geschickt."
    )
    if reward and reward.mail_bounced:
        text += (
            " Diese Mail kam leider als unzustellbar zurück, deshalb schicken wir sie nicht "
            "noch einmal an diese Adresse. Schreiben Sie mir einfach, dass die Prämien-Mail "
            "nicht angekommen ist, dann klären wir die richtige Adresse."
        )
        return ReferralState(referral.id, text, resendable=False)
    text += " Falls Sie sie nicht finden, schauen Sie bitte auch im Spam-Ordner nach."
    return ReferralState(referral.id, text, resendable=reward is not None)


@dataclass(frozen=True)
class StatusReport:
    text: str
    states: list[ReferralState]

    @property
    def overdue(self) -> list[ReferralState]:
        return [state for state in self.states if state.overdue]

    @property
    def any_resendable(self) -> bool:
        return any(state.resendable for state in self.states)


def status_report(referrer: Referrer, today: date) -> StatusReport:
    """The whole answer to "Wo bleibt meine Prämie?" for a verified referrer."""
    program = referrer.program
    referrals = sorted(referrer.referrals, key=lambda item: item.recommended_on, reverse=True)
    if not referrals:
        text = (
            f"Danke, {greeting_name(referrer)}. Zu Ihrem Empfehlungscode ist bisher noch "
            f"keine Empfehlung eingegangen. Sobald jemand Ihren Code beim Abschluss "
            f"angibt, sehen Sie das hier."
        )
        return StatusReport(text, [])
    # Open cases first, then the most recent finished ones.
    open_first = [r for r in referrals if r.status not in FINISHED] + [
        r for r in referrals if r.status in FINISHED
    ]
    listed = open_first[:MAX_LISTED]
    states = [explain(referral, program, today) for referral in listed]
    if len(states) == 1:
        text = f"Danke, {greeting_name(referrer)}, ich habe Ihre Empfehlung gefunden. "
        text += states[0].text
    else:
        text = (
            f"Danke, {greeting_name(referrer)}, ich habe {len(referrals)} Empfehlungen "
            f"gefunden. Hier der Stand:\n"
        )
        text += "\n".join(f"• {state.text}" for state in states)
        hidden = len(referrals) - len(listed)
        if hidden == 1:
            text += "\n(Eine ältere, bereits abgeschlossene Empfehlung habe ich weggelassen.)"
        elif hidden:
            text += (
                f"\n({hidden} ältere, bereits abgeschlossene Empfehlungen habe ich weggelassen.)"
            )
    if not any(state.overdue for state in states):
        text += f"\nAlle Einzelheiten stehen in den Teilnahmebedingungen: {program.terms_url}"
    return StatusReport(text, states)
