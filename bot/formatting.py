"""German formatting of dates and amounts, and masking of personal data.

Masking is applied wherever data leaves the database for the chat or logs:
the customer sees enough to recognise their own case, nobody else's data.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def format_date(day: date) -> str:
    """``date(2026, 3, 5)`` -> ``"5. März 2026"``."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def format_euro(cents: int) -> str:
    """``5000`` -> ``"50 €"``, ``4999`` -> ``"49,99 €"`` (German separators)."""
    euros, rest = divmod(cents, 100)
    whole = f"{euros:,}".replace(",", ".")
    return f"{whole} €" if rest == 0 else f"{whole},{rest:02d} €"


def mask_name(first_name: str, last_name: str) -> str:
    """The referred friend's name as the referrer may see it: ``"Max M."``."""
    initial = last_name.strip()[:1]
    return f"{first_name.strip()} {initial}." if initial else first_name.strip()


def mask_email(email: str) -> str:
    """``"lena.hoffmann@example.de"`` -> ``"le***@example.de"``."""
    local, _, domain = email.partition("@")
    if not domain:
        return "***"
    return f"{local[:2]}***@{domain}"


# Referral codes always have a digit in their second part ("ASV-QUA567"); without
# that rule every nine-letter word ("Wartezeit", "Gutschein") would be masked.
_CODE_RE = re.compile(r"\b([A-Z]{3})-?(?=[A-Z]{0,5}[0-9])([A-Z0-9]{6})\b", re.IGNORECASE)
_EMAIL_RE = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")


def mask_personal_data(text: str) -> str:
    """Mask referral codes and e-mail addresses in free text (for logs)."""
    text = _EMAIL_RE.sub(lambda match: mask_email(match.group(0)), text)
    return _CODE_RE.sub(lambda match: f"{match.group(1).upper()}-******", text)
