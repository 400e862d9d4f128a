"""The program (brand) a conversation belongs to, and the answers that only
need the program's published data: its reward, terms and service contact."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.formatting import format_euro
from bot.models import Program, RewardKind

WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def find_program(session: Session, slug: object) -> Program | None:
    if not isinstance(slug, str) or not slug or len(slug) > 40:
        return None
    return session.scalars(select(Program).where(Program.slug == slug.strip().lower())).first()


def business_hours(program: Program) -> str:
    """``"Mo–Fr 8:00–18:00 Uhr"``"""
    days = sorted(int(day) for day in program.hours_weekdays if day.isdigit())
    if not days:
        return "nach Vereinbarung"
    first, last = WEEKDAYS[days[0] - 1], WEEKDAYS[days[-1] - 1]
    span = first if len(days) == 1 else f"{first}–{last}"
    opens = f"{program.hours_open.hour}:{program.hours_open.minute:02d}"
    closes = f"{program.hours_close.hour}:{program.hours_close.minute:02d}"
    return f"{span} {opens}–{closes} Uhr"


def reward_summary(program: Program) -> str:
    if program.reward_kind is RewardKind.CASH:
        return f"eine Geldprämie von {format_euro(program.reward_value_cents)}"
    return f"als Prämie {program.reward_description}"


def higher_reward_answer(program: Program) -> str:
    return (
        f"Ich verstehe, dass Sie sich mehr wünschen, gerade wenn es länger gedauert hat. "
        f"Im Empfehlungsprogramm von {program.brand} gibt es für jede erfolgreiche "
        f"Empfehlung {reward_summary(program)}. Dieser Betrag gilt für alle Teilnehmenden "
        f"gleich und steht so in den Teilnahmebedingungen; eine höhere oder doppelte Prämie "
        f"kann ich Ihnen deshalb nicht zusagen, auch nicht aus Kulanz. Wenn bei Ihrer "
        f"Empfehlung etwas schiefgelaufen ist, sieht sich unser Service-Team das gern an.\n"
        f"Teilnahmebedingungen: {program.terms_url}"
    )


def cash_conversion_answer(program: Program) -> str:
    if program.reward_kind is RewardKind.CASH:
        return (
            f"Gute Nachricht: Bei {program.brand} ist die Prämie ohnehin Geld. Sie bekommen "
            f"{format_euro(program.reward_value_cents)} auf Ihr Konto überwiesen, sobald "
            f"die Empfehlung alle Bedingungen erfüllt."
        )
    return (
        f"Das kann ich gut verstehen. Im Programm von {program.brand} ist die Prämie "
        f"{program.reward_description}. Sie ist mit dem Partner fest so vereinbart und "
        f"lässt sich deshalb leider weder auszahlen noch gegen eine andere Prämie tauschen. "
        f"Wenn Sie sie selbst nicht nutzen möchten, können Sie sie aber verschenken.\n"
        f"Teilnahmebedingungen: {program.terms_url}"
    )


def brand_contact_answer(program: Program) -> str:
    return (
        f"Dabei kann ich Ihnen leider nicht direkt helfen: Wir betreuen im Auftrag von "
        f"{program.brand} nur das Empfehlungsprogramm, nicht Ihren Vertrag. Für Schäden, "
        f"Rechnungen, Tarife oder Kündigungen ist der {program.service_name} zuständig:\n"
        f"• Telefon: {program.service_phone}\n"
        f"• E-Mail: {program.service_email}\n"
        f"• Online: {program.service_url}\n"
        f"Bei Fragen zu Ihrer Empfehlung oder Prämie bin ich gern weiter für Sie da."
    )


def terms_answer(program: Program) -> str:
    return (
        f"Hier finden Sie alles Rechtliche zum Empfehlungsprogramm von {program.brand}:\n"
        f"• Teilnahmebedingungen: {program.terms_url}\n"
        f"• Datenschutzerklärung: {program.privacy_url}\n"
        f"Unser Service-Team für das Programm erreichen Sie {business_hours(program)} hier "
        f"im Chat. Wenn Sie zu einem Punkt der Bedingungen eine Frage haben, erkläre ich "
        f"ihn Ihnen gern."
    )
