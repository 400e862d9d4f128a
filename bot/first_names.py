"""Whether a recorded first name is most likely a woman's, so that answers
about a friend the customer never called "er" or "sie" still say "Ihre
Bekannte … sie" for Katharina G. Unknown names count as not known (None);
the answers then keep their neutral default, as before."""

from __future__ import annotations

import re

# Common first names in Germany whose ending does not tell (or tells wrong).
_FEMALE = frozenset(
    [
        "elif",
        "ayse",
        "ayşe",
        "aylin",
        "büşra",
        "busra",
        "esra",
        "merve",
        "selin",
        "sevgi",
        "emine",
        "hatice",
        "yasemin",
        "zeynep",
        "fatma",
        "gül",
        "gul",
        "dilek",
        "derya",
        "ines",
        "doris",
        "ingrid",
        "ruth",
        "esther",
        "edith",
        "astrid",
        "sigrid",
        "gudrun",
        "dagmar",
        "irmgard",
        "elisabeth",
        "greta",
        "ida",
        "iris",
        "heike",
        "elke",
        "silke",
        "anke",
        "ute",
        "uta",
        "meike",
        "maike",
        "imke",
        "frauke",
        "wiebke",
        "birgit",
        "karin",
        "kerstin",
        "katrin",
        "kathrin",
        "carmen",
        "miriam",
        "lisbeth",
        "margit",
        "gertrud",
        "waltraud",
        "hannelore",
        "heidrun",
        "helga",
        "gisela",
        "brigitte",
        "erika",
        "bettina",
        "judith",
        "mareike",
        "svenja",
        "marion",
        "vivien",
        "michelle",
        "isabell",
        "isabel",
        "rahel",
        "ann",
        "jasmin",
        "carolin",
        "caroline",
        "nadine",
        "sabine",
        "claudia",
        "monika",
        "ursula",
        "lena",
        "hannah",
        "hanna",
        "leonie",
        "gabriele",
        "marie",
        "sophie",
        "emma",
        "mia",
        "lea",
    ]
)
_MALE = frozenset(
    [
        "luca",
        "luka",
        "nikita",
        "joshua",
        "noah",
        "jona",
        "jonah",
        "elias",
        "uwe",
        "ole",
        "malte",
        "arne",
        "hauke",
        "mustafa",
        "hamza",
        "musa",
        "isa",
        "yahya",
        "attila",
        "sascha",
        "mischa",
        "sönke",
        "soenke",
        "jonte",
        "kalle",
        "mike",
        "heiko",
        "timo",
        "mirko",
        "janko",
        "markus",
        "dieter",
        "jürgen",
        "juergen",
        "sören",
        "soeren",
        "thomas",
        "maximilian",
        "peter",
        "mehmet",
        "ali",
        "jonas",
        "michael",
        "andreas",
        "stefan",
        "frank",
        "klaus",
        "hans",
        "paul",
        "leon",
        "finn",
        "felix",
        "lukas",
        "ben",
        "emil",
        "anton",
    ]
)
# Endings that in German first names almost always mark a woman.
_FEMALE_ENDING = re.compile(r"(a|ine|ie|ette|elle|ina|ia|iane|anne|ke)$")


def likely_female(first_name: str) -> bool | None:
    """True for a woman's name, False for a man's, None when the name does
    not tell."""
    name = first_name.strip().split(" ")[0].lower().rstrip(".")
    if not name:
        return None
    if name in _FEMALE:
        return True
    if name in _MALE:
        return False
    if _FEMALE_ENDING.search(name):
        return True
    return None


def all_female(first_names: list[str]) -> bool | None:
    """Whether every named friend is a woman (True), every one a man
    (False), or it is mixed or unknown (None)."""
    readings = {likely_female(name) for name in first_names if name.strip()}
    if len(readings) != 1:
        return None
    return readings.pop()
