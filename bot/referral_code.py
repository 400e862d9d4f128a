"""What a referral code is: its shape, finding it in free text, normalising, masking.

A code is a three-letter program prefix and six letters or digits, at least
one of them a digit: ``ASV-7K3M9P`` (new codes avoid I, O, 0 and 1, older ones
do not). Customers write it in many ways, and all of them mean the same code:
``ASV-7K3M9P``, ``asv7k3m9p``, ``ASV 7K3M9P``, ``ASV – 7K3M9P``. Written with a
space, the six characters must hold a letter as well, so that "ist 123456" (a
customer or phone number after an ordinary word) is not taken for a code.

A code-shaped piece of an e-mail address or a URL is never a code:
``hannah277@example.de`` contains ``han``+``nah277``, ``renate.weber1973@…``
contains ``web``+``er1973``; taking those for the code made the right pair of
code and address fail. :data:`NLU_PATTERN` therefore looks at what surrounds a
match. The same pattern is the ``referral_code`` regex of
``data/nlu/entities.yml`` (Rasa's RegexEntityExtractor, case-insensitive) and
the one the actions search the message text with, so both always agree
(``tests/test_referral_code.py`` compares them).

Typed with a space inside the six characters ("asv rec 234"), a code counts
only as a whole message with the program's prefix, alone or next to the
e-mail address (:func:`code_typed_apart`): in running text "ich hab 100" has
that shape.

Masking (:func:`mask_codes`) is deliberately broader: it hides every
code-shaped word, also inside URLs, because a code shown by mistake is worse
than a masked word that was none.
"""

from __future__ import annotations

import re

# Hyphen, the dashes phone keyboards substitute for it, or nothing.
_DASHES = r"-\u2010-\u2015"
_PREFIX = r"([A-Za-z]{3})"
_SEPARATOR = rf"(?:\s?[{_DASHES}]\s?|\s(?=[0-9]{{0,5}}[A-Za-z]))?"
_BODY = r"((?=[A-Za-z]{0,5}[0-9])[A-Za-z0-9]{6})"
_SHAPE = _PREFIX + _SEPARATOR + _BODY

# Not preceded by anything that continues a word, an e-mail address or a URL
# (``@``, ``.``, ``/``, ``=``, ``&`` …); not followed by more of the word nor by
# the rest of an e-mail's local part up to its ``@``.
_NOT_AFTER_ADDRESS_PART = r"(?<![\w@./%+=&~-])"
_NOT_BEFORE_ADDRESS_PART = r"(?!\w|-\w)(?![\w.%+-]*@)"

#: The ``referral_code`` regex of ``data/nlu/entities.yml``.
NLU_PATTERN = _NOT_AFTER_ADDRESS_PART + _SHAPE + _NOT_BEFORE_ADDRESS_PART

_IN_TEXT = re.compile(NLU_PATTERN, re.IGNORECASE)
# Three letters, a dash, four to eight letters or digits: meant as a code, even
# when not a valid one ("ASV-ABCDEF" lacks the digit), so the bot can explain
# the format.
_ATTEMPT = re.compile(
    _NOT_AFTER_ADDRESS_PART
    + rf"[A-Za-z]{{3}}\s?[{_DASHES}]\s?[A-Za-z0-9]{{4,8}}"
    + _NOT_BEFORE_ADDRESS_PART
)
_ANY_SHAPE = re.compile(rf"\b{_SHAPE}\b", re.IGNORECASE)
_CANONICAL = re.compile(r"[A-Z]{3}-(?=[A-Z]{0,5}[0-9])[A-Z0-9]{6}")


def _canonical(match: re.Match[str]) -> str:
    return f"{match.group(1)}-{match.group(2)}".upper()


def find_codes(text: str) -> list[str]:
    """The codes in ``text``, normalised, in order; none from e-mail addresses or URLs.

    ``"Code asv 7k3m9p, Mail hannah277@example.de"`` -> ``["ASV-7K3M9P"]``.
    """
    return [_canonical(match) for match in _IN_TEXT.finditer(text or "")]


def without_codes(text: str) -> str:
    """``text`` with every code in it taken out."""
    return _IN_TEXT.sub(" ", text or "")


def normalize_code(raw: str) -> str | None:
    """``" asv 7k3m9p "`` -> ``"ASV-7K3M9P"``: the first code in ``raw``, or None."""
    codes = find_codes(raw)
    return codes[0] if codes else None


def find_code_attempt(text: str) -> str | None:
    """The first word in ``text`` meant as a code, valid or not, as written."""
    match = _ATTEMPT.search(text or "")
    return match.group(0) if match else None


# A code typed with a space inside its six characters ("asv rec 234",
# "SSE - snt 234"), as a whole message (with the address at most). Only then:
# in running text "ich hab 100" has the same shape.
_SPACED_ANSWER = re.compile(
    rf"\W*(?:code\W*)?([A-Za-z]{{3}})\s*[{_DASHES}]?\s*([A-Za-z0-9]{{3}})\s+([A-Za-z0-9]{{3}})\W*",
    re.IGNORECASE,
)


# Nine single characters with spaces, dashes or dots between them.
_SPELLED = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z0-9][\s.\-]+){8}[A-Za-z0-9](?![A-Za-z0-9])")


# What may stand next to such a code in the same answer: the e-mail address
# asked for with it and the words that join them ("asv wai 456 und
# sabine.wolf@…", "SSE ORD 789 / mail: …").
_ADDRESS = re.compile(r"\S+@\S+")
_JOINING = re.compile(
    r"\b(und|mein(e|en)?|der|die|ist|lautet|code|e-?mail|mail|adresse)\b|[,;/]", re.IGNORECASE
)


def code_typed_apart(answer: str, prefix: str) -> str | None:
    """The normalised code when the whole ``answer`` is a code of the
    program's ``prefix`` typed with a space inside it, alone or with an
    e-mail address: ``"asv rec 234"`` -> ``"ASV-REC234"``; None otherwise
    (also for "ich hab 100")."""
    if (spelled := _SPELLED.search(answer or "")) is not None:
        # "code? moment… A S V Q U A 5 6 7": spelled out one character at
        # a time, which running text never is, so anywhere in the answer.
        chars = re.sub(r"[^A-Za-z0-9]", "", spelled.group(0)).upper()
        code = f"{chars[:3]}-{chars[3:]}"
        if chars[:3] == prefix.upper() and is_valid_code(code):
            return code
    # "code müsste sse old 345 sein": the program's own prefix starts it,
    # which running text does not otherwise ("ich hab 100" has none).
    named = re.search(
        rf"\b({re.escape(prefix)})\s*[{_DASHES}]?\s*([A-Za-z0-9]{{3}})\s+([A-Za-z0-9]{{3}})\b",
        _ADDRESS.sub(" ", answer or ""),
        re.IGNORECASE,
    )
    if named is not None and prefix.upper() != EXAMPLE_PREFIX:
        code = f"{named.group(1)}-{named.group(2)}{named.group(3)}".upper()
        if is_valid_code(code):
            return code
    rest = _JOINING.sub(" ", _ADDRESS.sub(" ", answer or "")).strip()
    match = _SPACED_ANSWER.fullmatch(rest)
    if match is None or match.group(1).upper() != prefix.upper():
        return None
    code = f"{match.group(1)}-{match.group(2)}{match.group(3)}".upper()
    return code if is_valid_code(code) else None


def is_valid_code(code: str) -> bool:
    """Is ``code`` a code in its normalised form (``ASV-7K3M9P``)?"""
    return bool(_CANONICAL.fullmatch(code or ""))


def mask_codes(text: str) -> str:
    """``"Code asv 7k3m9p"`` -> ``"Code ASV-******"``, wherever a code-shaped word stands."""
    return _ANY_SHAPE.sub(lambda match: f"{match.group(1).upper()}-******", text)


#: The six characters of the example code the bot shows with a program's
#: prefix (``utter_ask_referral_code`` in domain.yml: ``{code_prefix}-7K3M9P``).
#: An example is nobody's code: the tracker store keeps it readable.
EXAMPLE_BODY = "7K3M9P"
#: The prefix of the example when the program is unknown (the slot's initial value).
EXAMPLE_PREFIX = "ABC"
EXAMPLE_CODE = re.compile(rf"\b[A-Z]{{3}}-{EXAMPLE_BODY}\b")


def example_code(prefix: str | None) -> str:
    """``"SSE"`` -> ``"SSE-7K3M9P"``: the example code of a program."""
    return f"{prefix or EXAMPLE_PREFIX}-{EXAMPLE_BODY}"
