"""Regional German word forms mapped to standard German.

Customers write as they speak: "Wos muas er etz macha, dass i mei Prämie
griag?" (Bavarian), "Chan ich ihre das empfehle, obwohl ich sälber kei Chund
bi?" (Swiss German), "Wat is dat denn?" (Ruhr German). The training data is
standard German, so these words would be unknown to the intent classifier and
to the knowledge-base matcher. Both read a word through ``standard_word``:
the spaCy pipeline gives the token the standard word's lemma (the classifier
counts lemmas), and the matcher replaces the word before it compares
questions. The customer's own text is never changed.

Only forms that are not standard German words themselves are listed ("no",
"na" or "de" would turn a standard or English word into something else); one
form maps to one word, so a lemma stays one token.
"""

from __future__ import annotations

import re

_FORMS: dict[str, str] = {
    # pronouns and articles
    "i": "ich",
    "mei": "mein",
    "meim": "meinem",
    "mim": "meinem",
    "dei": "dein",
    "mini": "meine",
    "dini": "deine",
    "sini": "seine",
    "iri": "ihre",
    "ihne": "ihnen",
    "öich": "euch",
    "dea": "der",
    "dä": "der",
    "dat": "das",
    "wat": "was",
    "wos": "was",
    "ebba": "jemand",
    "öpper": "jemand",
    "öppis": "etwas",
    "ois": "alles",
    "olles": "alles",
    "ollas": "alles",
    # negation and particles
    "ned": "nicht",
    "net": "nicht",
    "nich": "nicht",
    "nöd": "nicht",
    "nüd": "nicht",
    "nüm": "nicht",
    "nimma": "nicht",
    "nimmer": "nicht",
    "nüt": "nichts",
    "ka": "kein",
    "koa": "kein",
    "koan": "keinen",
    "kei": "kein",
    "nia": "nie",
    "scho": "schon",
    "aa": "auch",
    "au": "auch",
    "nu": "noch",
    "nua": "nur",
    "etz": "jetzt",
    "etza": "jetzt",
    "ez": "jetzt",
    "jetz": "jetzt",
    "getz": "jetzt",
    "glei": "gleich",
    "heid": "heute",
    "heit": "heute",
    "hüt": "heute",
    "morn": "morgen",
    "oiwei": "immer",
    "hoit": "halt",
    "hoid": "halt",
    "oba": "aber",
    "owa": "aber",
    "bissl": "bisschen",
    "jo": "ja",
    "naa": "nein",
    "vui": "viel",
    "vü": "viel",
    "vill": "viel",
    # question words
    "wia": "wie",
    "wiä": "wie",
    "werum": "warum",
    "wänn": "wenn",
    "dänn": "dann",
    # prepositions
    "vo": "von",
    "uf": "auf",
    "us": "aus",
    "bim": "beim",
    "zruck": "zurück",
    "zrück": "zurück",
    "defür": "dafür",
    "dodafür": "dafür",
    "dervo": "davon",
    # verbs
    "is": "ist",
    "isch": "ist",
    "isset": "ist",
    "hob": "habe",
    "han": "habe",
    "hobn": "haben",
    "ham": "haben",
    "händ": "haben",
    "hend": "haben",
    "host": "hast",
    "haste": "hast",
    "hod": "hat",
    "hät": "hat",
    "bi": "bin",
    "biste": "bist",
    "gsi": "gewesen",
    "muas": "muss",
    "muass": "muss",
    "mues": "muss",
    "miass": "müssen",
    "miassn": "müssen",
    "ko": "kann",
    "konn": "kann",
    "chan": "kann",
    "cha": "kann",
    "chasch": "kannst",
    "kannze": "kannst",
    "chönd": "können",
    "chönnt": "könnte",
    "chöned": "können",
    "wott": "will",
    "wüll": "will",
    "mog": "mag",
    "tät": "würde",
    "tuat": "tut",
    "macha": "machen",
    "moch": "mache",
    "machste": "machst",
    "weißte": "weißt",
    "woaß": "weiß",
    "gibbet": "gibt",
    "gaht": "geht",
    "gehn": "gehen",
    "kimmt": "kommt",
    "chunnt": "kommt",
    "chunt": "kommt",
    "griag": "kriege",
    "kriag": "kriege",
    "griagn": "kriegen",
    "kriagn": "kriegen",
    "griagt": "kriegt",
    "kriagt": "kriegt",
    "überchum": "bekomme",
    "überchume": "bekomme",
    "übercho": "bekommen",
    "bechunnt": "bekommt",
    "bechume": "bekomme",
    "gäh": "geben",
    "gä": "geben",
    "luege": "schauen",
    "gseh": "sehen",
    "wüsse": "wissen",
    "verstehn": "verstehen",
    "empfohln": "empfohlen",
    "gworben": "geworben",
    "gsagt": "gesagt",
    "gmacht": "gemacht",
    "gschickt": "geschickt",
    "gschriebn": "geschrieben",
    "obglehnt": "abgelehnt",
    "usbezahlt": "ausbezahlt",
    "uszahlt": "ausgezahlt",
    "abgschlossen": "abgeschlossen",
    "abgschlosse": "abgeschlossen",
    # nouns
    "spezl": "freund",
    "kollesch": "kollege",
    "fründ": "freund",
    "fründin": "freundin",
    "schwöschter": "schwester",
    "brüeder": "bruder",
    "mueter": "mutter",
    "nochber": "nachbar",
    "nochberin": "nachbarin",
    "chund": "kunde",
    "chunde": "kunde",
    "chundin": "kundin",
    "göd": "geld",
    "gäld": "geld",
    "geid": "geld",
    "adrässe": "adresse",
    "date": "daten",
    # greetings
    "grüezi": "hallo",
    "grüessech": "hallo",
    "sälber": "selber",
}

_WORD = re.compile(r"[^\W\d_]+")
# Regional forms that are English words too ("i", "is"): no sign of German.
_ALSO_ENGLISH = frozenset({"i", "is", "us", "date", "net", "ham"})


def standard_word(word: str) -> str | None:
    """The standard German word for a regional form, or None."""
    return _FORMS.get(word.lower())


def to_standard(text: str) -> str:
    """``text`` with every regional form replaced by its standard word
    (lower case; used for matching, never shown to anyone)."""
    return _WORD.sub(lambda found: _FORMS.get(found.group().lower(), found.group()), text)


def has_regional_word(text: str) -> bool:
    """Whether ``text`` has a regional German form that is no English word
    ("wia vui griag i": German, though "i" could be English)."""
    return any(
        word.lower() in _FORMS and word.lower() not in _ALSO_ENGLISH for word in _WORD.findall(text)
    )
