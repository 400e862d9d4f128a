"""Where does a referral stand, what comes next, and by when?

Most customers ask before any deadline has
passed. So the answer names the current step and the date of the next one
from the program's own rules, calmly, with the terms at hand; only when the
program's deadline has passed does the bot apologise and open a case.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.formatting import format_date, format_euro, mask_email, mask_name
from bot.knowledge.phrases import phrase
from bot.models import (
    Program,
    Referral,
    ReferralStatus,
    Referrer,
    RejectionReason,
    Reward,
    RewardKind,
)
from bot.reward_mail import resend_limit_reached

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
    # What happens on ``due_on`` (a key of NEXT_STEPS).
    next_step: str | None = None
    # Whose referral, masked ("Hannah S."): a follow-up may name them.
    friend: str = ""
    # No reward (rejected, expired, lapsed): the customer may dispute it.
    refused: bool = False
    # Expired or lapsed without a contract: the friend may be recommended again.
    expired: bool = False
    # What the state means in plain words, for a follow-up "was heißt das?".
    meaning: str = ""
    # Since when the referral is in its state, for a follow-up "seit wann?".
    since: str = ""


# What ``ReferralState.due_on`` means, as the block that says how long is left.
NEXT_STEPS = {
    "contract": "status.until_contract",
    "qualified": "status.until_qualified",
    "order": "status.until_payout",
    "payout": "status.until_payout",
}


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
        return phrase("status.reward_cash", amount=format_euro(program.reward_value_cents))
    return phrase("status.reward_other", description=program.reward_description)


def delivery_phrase(kind: RewardKind) -> str:
    return phrase(f"status.delivery_{kind.value}")


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


def rejection_text(reason: RejectionReason | None, program: Program) -> str:
    """Why a referral earned no reward, in the customer's terms."""
    key = f"rejection.{reason.value}" if reason else "rejection.other"
    return phrase(key, brand=program.brand)


def explain(referral: Referral, program: Program, today: date) -> ReferralState:
    """The German explanation of one referral's state, next step and date."""
    return replace(_explain(referral, program, today), since=since_text(referral, program))


def since_text(referral: Referral, program: Program) -> str:
    """Since when the referral is in its state, with the date of the step
    before it: "seit wann ist er registriert?" after the status."""
    friend = mask_name(referral.friend_first_name, referral.friend_last_name)
    changed = referral.status_changed_on
    signed = referral.contract_signed_on or changed
    reward = referral.reward
    dates = {
        ReferralStatus.RECOMMENDED: ("status.since_recommended", referral.recommended_on),
        ReferralStatus.EXPIRED: (
            "status.since_expired",
            referral.recommended_on + timedelta(days=program.recommendation_valid_days),
        ),
        ReferralStatus.REJECTED: ("status.since_rejected", changed),
        ReferralStatus.CONTRACT_SIGNED: ("status.since_contract", signed),
        ReferralStatus.WAITING_PERIOD: (
            "status.since_waiting",
            referral.cancellation_ends_on or changed,
        ),
        ReferralStatus.QUALIFIED: ("status.since_qualified", referral.qualified_on or changed),
        ReferralStatus.REWARD_ORDERED: (
            "status.since_ordered",
            reward.ordered_on if reward and reward.ordered_on else changed,
        ),
        ReferralStatus.REWARD_SENT: (
            "status.since_sent",
            reward.sent_on if reward and reward.sent_on else changed,
        ),
    }
    key, since = dates[referral.status]
    return phrase(
        key,
        friend=friend,
        since=format_date(since),
        recommended=format_date(referral.recommended_on),
        signed=format_date(signed),
    )


def _explain(referral: Referral, program: Program, today: date) -> ReferralState:
    friend = mask_name(referral.friend_first_name, referral.friend_last_name)
    since = format_date(referral.recommended_on)
    status = referral.status
    reward = referral.reward
    money = {"reward": reward_phrase(program), "delivery": delivery_phrase(program.reward_kind)}

    if status in (ReferralStatus.RECOMMENDED, ReferralStatus.EXPIRED):
        valid_until = referral.recommended_on + timedelta(days=program.recommendation_valid_days)
        dates = {"friend": friend, "since": since, "valid_until": format_date(valid_until)}
        expired = phrase(
            "status.meaning_expired",
            friend=friend,
            brand=program.brand,
            valid_days=program.recommendation_valid_days,
        )
        if status is ReferralStatus.EXPIRED:
            text = phrase("status.expired", **dates)
            return ReferralState(
                referral.id, text, friend=friend, refused=True, expired=True, meaning=expired
            )
        if today <= valid_until:
            text = phrase("status.recommended_open", **dates)
            return ReferralState(
                referral.id,
                text,
                due_on=valid_until,
                next_step="contract",
                friend=friend,
                meaning=phrase("status.meaning_recommended_open", **dates),
            )
        text = phrase("status.recommended_lapsed", **dates)
        return ReferralState(
            referral.id, text, friend=friend, refused=True, expired=True, meaning=expired
        )

    if status is ReferralStatus.REJECTED:
        reason = rejection_text(referral.rejection_reason, program)
        text = phrase("status.rejected", friend=friend, since=since, reason=reason)
        if referral.rejection_reason is RejectionReason.CONTRACT_CANCELLED:
            meaning = phrase(
                "status.meaning_rejected_contract_cancelled",
                friend=friend,
                cancel_days=program.cancellation_days,
            )
        else:
            meaning = phrase("status.meaning_rejected", friend=friend)
        return ReferralState(referral.id, text, friend=friend, refused=True, meaning=meaning)

    if status is ReferralStatus.CONTRACT_SIGNED:
        window_end = referral.cancellation_ends_on or (
            (referral.contract_signed_on or today) + timedelta(days=program.cancellation_days)
        )
        qualifies = window_end + timedelta(days=program.waiting_period_days)
        text = phrase(
            "status.contract_signed",
            friend=friend,
            signed_on=format_date(referral.contract_signed_on or referral.status_changed_on),
            window_end=format_date(window_end),
            waiting_days=program.waiting_period_days,
            qualifies=format_date(qualifies),
            payout_days=program.payout_days,
            **money,
        )
        meaning = phrase(
            "status.meaning_contract_signed",
            friend=friend,
            cancel_days=program.cancellation_days,
            waiting_days=program.waiting_period_days,
            qualifies=format_date(qualifies),
            payout_days=program.payout_days,
            reward=money["reward"],
        )
        return ReferralState(
            referral.id,
            text,
            due_on=qualifies,
            next_step="qualified",
            friend=friend,
            meaning=meaning,
        )

    due = payout_due(referral, program)
    overdue = due is not None and today > due

    if status is ReferralStatus.WAITING_PERIOD:
        qualifies = qualification_date(referral, program)
        if not overdue and qualifies and today < qualifies:
            text = phrase(
                "status.waiting_period",
                friend=friend,
                qualifies=format_date(qualifies),
                due=format_date(due),
                **money,
            )
            meaning = phrase(
                "status.meaning_waiting_period",
                friend=friend,
                qualifies=format_date(qualifies),
                due=format_date(due),
                reward=money["reward"],
            )
            return ReferralState(
                referral.id,
                text,
                due_on=qualifies,
                next_step="qualified",
                friend=friend,
                meaning=meaning,
            )
        status = ReferralStatus.QUALIFIED  # the waiting period is over: same as qualified

    if status in (ReferralStatus.QUALIFIED, ReferralStatus.REWARD_ORDERED):
        if status is ReferralStatus.REWARD_ORDERED and reward and reward.ordered_on:
            step = phrase(
                "status.ordered", friend=friend, ordered_on=format_date(reward.ordered_on)
            )
            meaning_key = "status.meaning_ordered"
        else:
            step = phrase("status.qualified", friend=friend)
            meaning_key = "status.meaning_qualified"
        # Qualified: the reward is yet to be ordered ("order"); ordered: it is
        # on its way ("payout"). Both end on the same last day.
        next_step = "payout" if meaning_key == "status.meaning_ordered" else "order"
        key = "status.overdue" if overdue else "status.on_time"
        text = phrase(key, step=step, due=format_date(due), **money)
        # An overdue payout means only that the team owes it (the text says so).
        meaning = (
            "" if overdue else phrase(meaning_key, friend=friend, due=format_date(due), **money)
        )
        return ReferralState(
            referral.id,
            text,
            overdue=overdue,
            due_on=due,
            next_step=next_step,
            friend=friend,
            meaning=meaning,
        )

    # REWARD_SENT
    return _explain_sent(referral, reward, program, friend)


def _explain_sent(
    referral: Referral, reward: Reward | None, program: Program, friend: str
) -> ReferralState:
    sent_on = format_date(
        reward.sent_on if reward and reward.sent_on else referral.status_changed_on
    )
    kind = reward.kind if reward else program.reward_kind
    if kind is RewardKind.CASH:
        amount = format_euro(reward.value_cents if reward else program.reward_value_cents)
        text = phrase("status.sent_cash", amount=amount, friend=friend, sent_on=sent_on)
        meaning = phrase("status.meaning_sent_cash", friend=friend, sent_on=sent_on)
        return ReferralState(referral.id, text, friend=friend, meaning=meaning)
    address = mask_email(reward.delivery_email) if reward else phrase("status.address_on_file")
    description = reward.description if reward else program.reward_description
    sent = phrase(
        "status.sent_mail", friend=friend, description=description, sent_on=sent_on, address=address
    )
    if reward and reward.mail_bounced:
        meaning = phrase("status.meaning_sent_mail_bounced", friend=friend, address=address)
        return ReferralState(
            referral.id,
            phrase("status.sent_mail_bounced", sent=sent),
            friend=friend,
            resendable=False,
            meaning=meaning,
        )
    text = phrase("status.sent_mail_spam", sent=sent)
    # At the program's limit the customer is offered a person instead (actions.reward).
    resendable = reward is not None and not resend_limit_reached(reward)
    at_limit = reward is not None and resend_limit_reached(reward)
    meaning_key = "status.meaning_sent_mail_limit" if at_limit else "status.meaning_sent_mail"
    meaning = phrase(meaning_key, friend=friend, sent_on=sent_on, address=address)
    return ReferralState(referral.id, text, friend=friend, resendable=resendable, meaning=meaning)


@dataclass(frozen=True)
class StatusReport:
    text: str
    states: list[ReferralState]

    @property
    def overdue(self) -> list[ReferralState]:
        return [state for state in self.states if state.overdue]

    @property
    def refused(self) -> list[ReferralState]:
        return [state for state in self.states if state.refused]

    @property
    def any_resendable(self) -> bool:
        return any(state.resendable for state in self.states)

    def about(self, index: int) -> StatusReport:
        """The report narrowed to the referral listed at ``index`` (a follow-up
        "ich mein die dritte"); its text names the friend."""
        state = self.states[index]
        return StatusReport(state.text, [state])

    def without(self, index: int) -> StatusReport:
        """The report without the referral listed at ``index`` ("und bei den
        anderen beiden?" after one was asked about by name)."""
        states = [state for place, state in enumerate(self.states) if place != index]
        if len(states) == 1:
            return StatusReport(states[0].text, states)
        return StatusReport("\n".join(f"• {state.text}" for state in states), states)


def total_text(report: StatusReport, program: Program) -> str | None:
    """ "und wie viel ist das dann insgesamt?" after the status of several
    referrals: how many rewards are paid or sent, certain and on their way,
    in the waiting period, or still waiting for a contract, and what all
    together come to; None for a single referral (its status says it all)."""
    if len(report.states) < 2:
        return None
    kept = [state for state in report.states if not state.refused]
    counts = {
        "status.total_done": sum(state.next_step is None for state in kept),
        "status.total_sure": sum(state.next_step in ("order", "payout") for state in kept),
        "status.total_waiting": sum(state.next_step == "qualified" for state in kept),
        "status.total_open": sum(state.next_step == "contract" for state in kept),
        "status.total_none": len(report.states) - len(kept),
    }
    parts = [phrase(key, count=count) for key, count in counts.items() if count]
    possible = len(kept)
    if program.reward_kind is RewardKind.CASH:
        worth = format_euro(program.reward_value_cents * possible)
    else:
        worth = phrase("status.total_times", count=possible, description=program.reward_description)
    return phrase("status.total", parts=", ".join(parts), worth=worth)


def thanks(referrer: Referrer) -> str:
    """ "Danke, Frau Wolf", or a plain "Danke" for a customer without a
    salutation: their full name would otherwise be stored with the message."""
    if referrer.salutation in ("Frau", "Herr"):
        return phrase("status.thanks_named", name=greeting_name(referrer))
    return phrase("status.thanks")


def status_report(referrer: Referrer, today: date, *, by_name: bool = True) -> StatusReport:
    """The whole answer to "Wo bleibt meine Prämie?" for a verified referrer;
    without ``by_name`` the thanks name nobody (a widow asking with her late
    husband's code must not be greeted as him)."""
    program = referrer.program
    greeting = thanks(referrer) if by_name else phrase("status.thanks")
    referrals = sorted(referrer.referrals, key=lambda item: item.recommended_on, reverse=True)
    if not referrals:
        return StatusReport(phrase("status.no_referrals", thanks=greeting), [])
    # Open cases first, then the most recent finished ones.
    open_first = [r for r in referrals if r.status not in FINISHED] + [
        r for r in referrals if r.status in FINISHED
    ]
    listed = open_first[:MAX_LISTED]
    states = [explain(referral, program, today) for referral in listed]
    if len(states) == 1:
        text = phrase("status.greeting_one", thanks=greeting) + states[0].text
    else:
        text = phrase("status.greeting_many", thanks=greeting, count=len(referrals))
        text += "\n".join(f"• {state.text}" for state in states)
        hidden = len(referrals) - len(listed)
        if hidden == 1:
            text += phrase("status.hidden_one")
        elif hidden:
            text += phrase("status.hidden_many", count=hidden)
    if not any(state.overdue for state in states):
        text += phrase("status.terms", terms_url=program.terms_url)
    return StatusReport(text, states)


# Why a referral waits for its next step, as the block that explains it.
WHY_WAITING = {
    "contract": "status.why_contract",
    "qualified": "status.why_qualified",
    "order": "status.why_order",
    "payout": "status.why_payout",
}


def _waiting_steps(
    report: StatusReport, program: Program, today: date, blocks: dict[str, str]
) -> str | None:
    """One block per open referral that waits for a date, soonest first: the
    phrase ``blocks`` names for its next step; None when none waits."""
    waiting = sorted(
        (state for state in report.states if state.next_step and state.due_on),
        key=lambda state: state.due_on,
    )
    lines = []
    for state in waiting[:MAX_LISTED]:
        due = format_date(state.due_on)
        if state.overdue:
            lines.append(phrase("status.until_overdue", friend=state.friend, due=due))
            continue
        lines.append(
            phrase(
                blocks[state.next_step],
                friend=state.friend,
                due=due,
                days=days_phrase((state.due_on - today).days),
                payout_days=program.payout_days,
                total_days=program.cancellation_days
                + program.waiting_period_days
                + program.payout_days,
                reward=reward_phrase(program),
                # The last day the reward comes after that step ("also
                # spätestens am …"): the concrete date customers ask for.
                latest=format_date(state.due_on + timedelta(days=program.payout_days)),
            )
        )
    return "\n".join(lines) or None


def days_phrase(days: int) -> str:
    if days <= 0:
        return phrase("status.days_today")
    if days == 1:
        return phrase("status.days_one")
    return phrase("status.days_many", count=days)


def how_long(report: StatusReport, program: Program, today: date) -> str | None:
    """A follow-up "wie lange noch?": how long until the next step of each
    open referral, soonest first; None when no referral waits for a date."""
    return _waiting_steps(report, program, today, NEXT_STEPS)


def since_when(report: StatusReport) -> str | None:
    """A follow-up "seit wann?" after the status: since when each listed
    referral is in its state; None without referrals."""
    return "\n".join(dict.fromkeys(state.since for state in report.states if state.since)) or None


def status_meaning(report: StatusReport) -> str | None:
    """A follow-up "was heißt das?" after the status: what each listed
    referral's state means and what follows from it; None without referrals."""
    return (
        "\n\n".join(dict.fromkeys(state.meaning for state in report.states if state.meaning))
        or None
    )


def why_rejected(
    referrer: Referrer, only: list[int] | None = None, female: bool = False
) -> str | None:
    """A follow-up "warum?" after a status that named a rejected or expired
    referral: the reason behind each rule that applied (once per reason);
    None when no referral was rejected or expired. ``only`` limits it to
    those referral ids (the one a follow-up points at); ``female`` speaks of
    the friend as a woman (:mod:`bot.knowledge.forms`)."""
    referrals = [r for r in referrer.referrals if only is None or r.id in only]
    reasons = dict.fromkeys(
        referral.rejection_reason
        for referral in referrals
        if referral.status is ReferralStatus.REJECTED
    )
    program = referrer.program
    texts = [
        phrase(
            f"rejection_why.{reason.value if reason else 'other'}",
            female=female,
            brand=program.brand,
        )
        for reason in reasons
    ]
    if any(referral.status is ReferralStatus.EXPIRED for referral in referrals):
        texts.append(
            phrase(
                "rejection_why.expired",
                female=female,
                brand=program.brand,
                days=program.recommendation_valid_days,
            )
        )
    return "\n\n".join(texts) or None


def why_waiting(report: StatusReport, program: Program, today: date) -> str | None:
    """A follow-up "warum dauert das so lange?" after the status: the reason
    for the step each open referral waits for; None when none waits."""
    return _waiting_steps(report, program, today, WHY_WAITING)
