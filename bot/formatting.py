"""German formatting of dates and amounts, and masking of personal data.

Masking is applied wherever data leaves the database for the chat or logs:
the customer sees enough to recognise their own case, nobody else's data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from bot.referral_code import mask_codes

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


def plural(count: int, one: str, many: str) -> str:
    """A count with its noun in the right number: ``plural(1, "Bewertung",
    "Bewertungen")`` -> ``"1 Bewertung"``, ``plural(1234, …)`` -> ``"1.234 Bewertungen"``."""
    return f"{count:,}".replace(",", ".") + " " + (one if count == 1 else many)


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


# An e-mail address as it stands in running text (to mask it, or to find it).
EMAIL_IN_TEXT = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")


# IBANs as customers type them: grouped by four or in one piece. The country
# code may be lower case, the rest is upper case or digits (so that a German
# word after the number is not swallowed) and must hold at least ten digits.
_IBAN_RE = re.compile(r"\b[A-Za-z]{2}[0-9]{2}(?: ?[0-9A-Z]){11,30}\b")
_IBAN_MIN_DIGITS = 10
# Phone numbers start with "+", "00" or a leading zero ("0170 1234567",
# "+49 (30) 123 45 67", "030/1234567") and have at least seven digits; dates
# ("05.03.2026") and amounts never match because "." and "," end a number.
_PHONE_RE = re.compile(r"(?<![\w+])(?:\+|\(?0)[0-9][0-9 ()/-]*[0-9](?![\w])")
_PHONE_MIN_DIGITS = 7


def _holds_number(pattern: re.Pattern[str], minimum: int, text: str) -> bool:
    """Whether ``text`` holds a match of ``pattern`` with ``minimum`` digits."""
    return any(
        sum(char.isdigit() for char in match.group(0)) >= minimum
        for match in pattern.finditer(text)
    )


def has_iban(text: str) -> bool:
    """Whether ``text`` holds an IBAN as customers type it."""
    return _holds_number(_IBAN_RE, _IBAN_MIN_DIGITS, text)


def has_phone_number(text: str) -> bool:
    """Whether ``text`` holds a phone number as customers type it."""
    return _holds_number(_PHONE_RE, _PHONE_MIN_DIGITS, text)


def mask_iban(iban: str) -> str:
    """``"DE89 3704 0044 0532 0130 00"`` -> ``"DE89 **** 00"``."""
    compact = iban.replace(" ", "")
    return f"{compact[:4].upper()} **** {compact[-2:]}"


def mask_phone(number: str) -> str:
    """``"+49 170 1234567"`` -> ``"***67"``."""
    digits = re.sub(r"[^0-9]", "", number)
    return f"***{digits[-2:]}"


def _mask_if_digits(masker: Callable[[str], str], minimum: int) -> Callable[[re.Match[str]], str]:
    """A ``re.sub`` replacement that masks only matches with ``minimum`` digits."""

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        if sum(char.isdigit() for char in found) < minimum:
            return found
        return masker(found)

    return replace


def mask_personal_data(text: str) -> str:
    """Mask e-mail addresses, IBANs, phone numbers and referral codes in free
    text (stored conversations, logs, notes for agents)."""
    text = EMAIL_IN_TEXT.sub(lambda match: mask_email(match.group(0)), text)
    text = _IBAN_RE.sub(_mask_if_digits(mask_iban, _IBAN_MIN_DIGITS), text)
    text = _PHONE_RE.sub(_mask_if_digits(mask_phone, _PHONE_MIN_DIGITS), text)
    return mask_codes(text)
