"""How a message is said, whatever its topic: a reaction or thanks in front of a
question, thanks and goodbye that close the talk, "warum", a question at all,
annoyance, threats, English."""

from __future__ import annotations

import re

from actions.wording.reward import says_arrived, says_not_arrived
from bot.dialect import has_regional_word

# "schade. und meinen Bruder?", "okay und bekomme ich dann eine Nachricht?":
# a reaction before the follow-up, which alone says what is asked.
_INTERJECTION = re.compile(
    r"^\s*(?:schade|ok(?:ay)?|oke|ah+|achso|aha|gut|hm+|na\s+gut|alles\s+klar|verstehe|danke|thx"
    r"|thanks"
    r"|na\s+toll|na\s+super|toll|super|tja|na\s+ja|naja|verstanden)"
    r"(?:\s*[.!,]+\s*(?=\S)"
    r"|\s+(?=(?:und|aber|also|dann|wie|wann|was|wo|ok|okay|gut|danke|thx|thanks|verstehe|verstanden"
    r"|alles\s+klar)\b))",
    re.IGNORECASE,
)


# "naja egal. andere frage, …", "ach und noch was anderes: …": the customer
# moves on to a new question (not "that did not help").
_TOPIC_CHANGE = re.compile(
    r"(?:^|[.!?)]\s+)\s*(?:(?:und|ach|ah|ok(?:ay)?|naja|na\s+gut|egal|gut|danke)\b[\s,.!]*)*"
    r"(?:(?:noch\s+)?(?:eine?|ne|n)?\s*(?:ganz\s+)?andere\s+(?:frage|sache)"
    r"|(?:ganz\s+)?anderes\s+thema|noch\s+(?:was|etwas)\s+anderes|ganz\s+was\s+anderes"
    r"|noch\s+(?:eine|ne|n)\s+frage|(?:eins|eine\s+sache|was|etwas)\s+noch"
    # "Eine Kleinigkeit noch: …", "kurze frage noch: …"
    r"|(?:eine\s+)?kleinigkeit\s+noch|noch\s+(?:eine\s+)?kleinigkeit"
    r"|(?:eine\s+|ne\s+)?(?:kurze\s+|letzte\s+)?frage\s+noch"
    # "ok zurück zu autosicher. …", "nochmal zurück zur prämie: …"
    r"|(?:noch\s*mal\s+)?zur(?:ü|ue|u)ck\s+zu[rm]?\s+\w+"
    # "ach egal … dann frag ich halt dich: …" after the wait for a person
    r"|(?:dann\s+)?frag\w*\s+ich\s+(?:halt\s+|eben\s+|einfach\s+|mal\s+)*(?:dich|sie|euch)"
    r"(?:\s+(?:halt|eben|mal))*)"
    r"\s*(?:noch\s*)?[:,.!-]+\s*(?=\S)",
    re.IGNORECASE,
)
# Words after the opener that make a question of their own.
_TOPIC_CHANGE_WORDS = 3


def new_topic_after_opener(text: str) -> str | None:
    """The question after an opener that changes the topic ("andere frage,
    mein abschlag wurde erhöht, an wen wend ich mich"), or None."""
    match = _TOPIC_CHANGE.search(text)
    if match is None:
        return _question_after_thanks(text)
    rest = text[match.end() :]
    return rest if len(rest.split()) >= _TOPIC_CHANGE_WORDS else None


def _question_after_thanks(text: str) -> str | None:
    """The question after whole sentences of thanks ("vielen dank, sie sind
    sehr freundlich. kann ich meine nichte nochmal empfehlen?"), or None:
    thanks first, then a question of its own, is a new question too."""
    sentences = re.split(r"(?<=[.!])\s+", text.strip())
    thanked = 0
    while (
        thanked < len(sentences) - 1
        and is_thanks(sentences[thanked])
        and "?" not in sentences[thanked]
    ):
        thanked += 1
    rest = " ".join(sentences[thanked:])
    if not thanked or len(rest.split()) < _TOPIC_CHANGE_WORDS:
        return None
    return rest if "?" in rest or _QUESTION_START.search(rest) is not None else None


def without_interjection(text: str) -> str:
    """``text`` without the reactions in front of it ("schade. und meinen
    Bruder?", "hmm ok. und bei meinem Mann?") or an opener that changes
    the topic ("andere frage, …")."""
    if (rest := new_topic_after_opener(text)) is not None:
        return rest
    for _ in range(_MAX_INTERJECTIONS):
        text, found = _INTERJECTION.subn("", text, count=1)
        if not found:
            break
    return text


# Reactions stripped one after the other ("hm, ok. und …").
_MAX_INTERJECTIONS = 3


_THANKS = re.compile(
    r"\b(dan+ke|danek|dnake|danke?sch(ö|oe|o)n|vielen dank|dankeee*|thx|merci|thanks)\b",
    re.IGNORECASE,
)


_PLEASE = re.compile(r"\bbitte\b", re.IGNORECASE)


def is_thanks(text: str) -> bool:
    """Whether a "ja" thanks rather than accepts: "ok danke", "jo passt,
    danke" (but "ja bitte, danke" accepts)."""
    return bool(_THANKS.search(text)) and not _PLEASE.search(text)


# "nein danke", "nee, danke": a thank-you that declines.
_DECLINES = re.compile(r"^\W*(nein|nee|ne|nö|noe|nicht)\b", re.IGNORECASE)


def thanks_ahead(text: str) -> bool:
    """Whether a question comes with thanks in advance ("wann meldet ihr
    euch? danke schonmal"), not with a "nein danke"."""
    return is_thanks(text) and is_question(text) and _DECLINES.search(text) is None


# "danke für nichts", "na toll", "super Service, danke auch.":
# sarcasm, a complaint rather than thanks.
_SARCASTIC_THANKS = re.compile(
    r"\bdanke\s+f(ü|ue|u)r\s+(nichts|nix|gar\s+nichts)\b"
    r"|\b(na|ganz)\s+toll\b"
    r"|\b(danke|dank)\s+auch\W*$",
    re.IGNORECASE,
)


def is_sarcastic_thanks(text: str) -> bool:
    """Whether a thank-you is sarcastic ("danke für nichts", "na toll",
    "super Service, danke auch."); "na toll. ok danke trotzdem" is a
    disappointed but real thank-you that closes the chat."""
    if _DESPITE.search(text) and re.search(r"\b(danke|dank)\s+(trotzdem|dennoch)\b", text, re.I):
        return False
    return _SARCASTIC_THANKS.search(text) is not None


# Words of a thank-you that comes after a disappointing answer.
_DESPITE = re.compile(r"\b(trotzdem|dennoch|schade|naja|na\s+gut|na\s+ja|tja)\b", re.IGNORECASE)


# A thank-you that closes the talk is short; a longer message says more.
CLOSING_WORDS = 10


# "sorry wegen vorhin", "entschuldige meinen ton", "war nicht so gemeint":
# the customer takes back harsh words.
_APOLOGY = re.compile(
    r"\b(sorry|entschuldig\w*|tut\s+mir\s+leid)\b[^?]{0,40}"
    r"\b(ton|vorhin|eben|gerade\s+eben|ausdruck|ausgerastet|unh(ö|oe)flich|frech|patzig|pampig"
    r"|angemacht|angepflaumt|beleidig\w*|gemeckert|geschimpft|laut|caps)\b"
    r"|\bwar\s+nicht\s+(so\s+)?(gemeint|b(ö|oe)se\s+gemeint)\b",
    re.IGNORECASE,
)


# "sorry, aber das ist echt frech": the "sorry" opens a reproach.
_SORRY_BUT = re.compile(r"\b(sorry|entschuldigung)\W+aber\b", re.IGNORECASE)


def apologises(text: str) -> bool:
    """Whether the customer apologises for harsh words."""
    return _APOLOGY.search(text) is not None and _SORRY_BUT.search(text) is None


def closing_thanks(text: str) -> str | None:
    """The response for a message that only closes with thanks or an
    apology, None for any other: "sorry wegen vorhin, war n langer tag" gets
    the apology accepted, "naja trotzdem danke" after a refusal a thank-you
    that regrets the answer (``utter_thank_despite``), "ok danke" the usual
    one. A question, a long message or "danke für nichts" is no closing."""
    if apologises(text) and "?" not in text:
        return "utter_apology_accepted"
    if not is_thanks(text) or "?" in text or is_sarcastic_thanks(text):
        return None
    if len(text.split()) > CLOSING_WORDS:
        return None
    return "utter_thank_despite" if _DESPITE.search(text) else "utter_thank"


# "danke, auf Wiederhören", "merci und schönes Wochenende": thanks that take leave.
_FAREWELL = re.compile(
    r"\bauf\s+wieder(h(ö|oe)ren|sehen|lesen)\b|\btsch(ü|ue)ss?\b|\btschau\b|\bciao\b|\bbye\b"
    r"|\bsch(ö|oe)ne[nsr]?\s+(tag|abend|wochenende|feierabend)\b|\bbis\s+(dann|bald)\b",
    re.IGNORECASE,
)


def thank_response(text: str) -> str:
    """The thank-you for a message that thanks: the regretful one after a
    disappointment ("naja trotzdem danke"), a goodbye when it takes leave
    ("Vielen Dank, auf Wiederhören"), else the usual one."""
    if says_arrived(text):
        # "die Prämie ist angekommen 👍": glad to hear it.
        return "utter_glad_reward_arrived"
    closing = closing_thanks(text) or "utter_thank"
    if closing == "utter_thank" and takes_leave(text):
        return goodbye_response(text)
    return closing


# The customer's own wish when leaving, most specific first: "frohe
# Weihnachten", "schönes Wochenende", "gute Nacht", "schönen Abend/Feierabend".
# "dann empfehle ich euch nie wieder. tschüss": leaving angry, no cheerful
# goodbye.
_LEAVES_UPSET = re.compile(
    r"\bnie\s+(wieder|mehr)\b|\breicht\s+(mir|jetzt)\b|\bfrechheit\b|\bunversch(ä|ae)mt\w*"
    r"|\bsaftladen\b|\bentt(ä|ae)usch\w*|\bsauer\b|\bschwach\b|\blachnummer\b",
    re.IGNORECASE,
)

_WISHES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b(weihnacht\w*|feiertage|festtage|guten\s+rutsch|neues?\s+jahr\w*)\b",
            re.IGNORECASE,
        ),
        "utter_goodbye_holidays",
    ),
    (re.compile(r"\bwochenende\b", re.IGNORECASE), "utter_goodbye_weekend"),
    (re.compile(r"\bgute\s+nacht\b|\bn(ä|ae)chtle\b", re.IGNORECASE), "utter_goodbye_night"),
    (re.compile(r"\b(abend|feierabend)\b", re.IGNORECASE), "utter_goodbye_evening"),
    (
        re.compile(
            r"\b(sch(ö|oe)ne[nsr]?|guten)\s+(tag|sonntag|montag|dienstag|mittwoch|donnerstag"
            r"|freitag|samstag)\b",
            re.IGNORECASE,
        ),
        "utter_goodbye_day",
    ),
)


def takes_leave(text: str) -> bool:
    """Whether the message says goodbye or wishes something on leaving
    ("… Vielen Dank und Ihnen noch einen schönen Sonntag!")."""
    return _FAREWELL.search(text) is not None or goodbye_response(text) != "utter_goodbye"


def goodbye_response(text: str) -> str:
    """The goodbye for a message that takes leave: a wish the customer made
    ("schönes Wochenende!") is returned in kind; otherwise the plain one,
    which wishes nothing tied to a time of day."""
    if _LEAVES_UPSET.search(text) is not None:
        return "utter_goodbye_upset"
    for wish, response in _WISHES:
        if wish.search(text):
            return response
    return "utter_goodbye"


# "wozu soll das gut sein": what for, asked as why.
_ASKS_WHY = re.compile(
    r"\b(warum|wieso|weshalb|wiso|wozu|why)\b"
    # "Wartezeit?? Wofür soll die denn gut sein?"
    r"|\bwof(ü|ue|u)r\s+(soll|sollte|ist|wäre|waere)\b[^.?!]{0,25}\bgut\b"
    r"|\bwof(ü|ue|u)r\s+(braucht|gibt)\s+(es|ihr|man)\b",
    re.IGNORECASE,
)


# "bei autosicher gibts geld, warum bei euch nicht?", "und ihr gebt nur einen
# gutschein": another program named to compare it with this one.
_TURNS_TO_US = re.compile(
    r"\bbei\s+(euch|ihnen|dir)\b|\b(ihr|sie)\s+(gebt|zahlt|bietet|gibt|zahlen|bieten)\b"
    r"|\b(gebt|zahlt|bietet)\s+ihr\b"
    r"|\bhier\s+(aber\s+)?(nur|nicht|kein\w*)\b",
    re.IGNORECASE,
)


def turns_to_us(text: str) -> bool:
    """Whether the message speaks of the program whose chat this is ("bei
    euch", "ihr zahlt"), so that another program it names is only compared."""
    return _TURNS_TO_US.search(text) is not None


def asks_why(text: str) -> bool:
    """Whether the message asks why ("warum nicht?", "wieso das denn")."""
    return _ASKS_WHY.search(text) is not None


# "warum nicht 🙄 ich frag doch nur für sie": why the last answer said no.
_WHY_NOT = re.compile(
    r"^\W*(und\s+|aber\s+|ja\s+)?(warum|wieso|weshalb|wiso)\s+(denn\s+|eigentlich\s+)?"
    r"(nicht|nich|net|ned|das\s+nicht)\b",
    re.IGNORECASE,
)


def asks_why_not(text: str) -> bool:
    """Whether the message opens by asking why not."""
    return _WHY_NOT.search(text) is not None


_WAITING = re.compile(r"\bwarte\s*zeit\w*|\bsperrfrist\w*", re.IGNORECASE)


# "Welche Frist denn? Davon wusste ich nichts.", "was für ne wartezeit?"
_WHICH_PERIOD = re.compile(
    r"\b(welche|was\s+(denn\s+)?f(ü|ue|u)r\s+(eine?|ne)?)\s*(denn\s+)?(frist|wartezeit|sperrfrist)\b",
    re.IGNORECASE,
)


def asks_which_period(text: str) -> bool:
    """Whether the message asks which period the last answer meant."""
    return _WHICH_PERIOD.search(text) is not None


# "Geht das nicht trotzdem?", "Ich bin's doch!": the customer insists on what
# was just turned down.
_INSISTS = re.compile(
    r"\b(geht|klappt|ginge)\s+(das|es)\s+(denn\s+)?nicht\s+(doch\s+)?trotzdem\b"
    r"|\bich\s+bin'?s\s+doch\b|\bdas\s+bin\s+doch\s+ich\b",
    re.IGNORECASE,
)


# "das ist aber meine Mail-Adresse!!", "der Code stimmt doch": the details
# just refused are said to be right.
_DETAILS_RIGHT = re.compile(
    r"\b(das|die|der|es)\s+(ist|sind)\s+((aber|doch|wirklich|definitiv|echt|ganz\s+sicher)\s+)+"
    r"(meine?|richtig|korrekt|die\s+richtige|der\s+richtige)\b"
    r"|\b(stimmt|passt)\s+(aber|doch|definitiv|wirklich)\b"
    # "ich hab den richtigen code eingegeben!! steht so in der mail"
    r"|\b(hab|habe)\s+((doch|aber|ganz\s+sicher)\s+)?(den|die)\s+richtige[n]?\s+"
    r"(code|adresse|mail\w*|e-?mail\w*)\b"
    r"|\bsteht\s+((doch|genau|aber)\s+)?so\s+in\s+(der|meiner|eurer|ihrer)\s+(mail|e-?mail|best(ä|ae)tigung\w*)\b"
    r"|\b(code|adresse|mail|e-?mail)\s+(ist|stimmt)\s+((aber|doch|100\s*%?|ganz\s+sicher)\s+)*(richtig|korrekt)\b"
    # "den code hab ich aber so aus der mail abgetippt"
    r"|\b(aus|von)\s+der\s+(mail|e-?mail|best(ä|ae)tigung\w*)\s+(\w+\s+)?"
    r"(abgetippt|abgeschrieben|kopiert|(ü|ue)bernommen|eingef(ü|ue)gt)\b",
    re.IGNORECASE,
)


def says_details_right(text: str) -> bool:
    """Whether the customer says the details just refused are right."""
    return _DETAILS_RIGHT.search(text) is not None or insists(text)


def insists(text: str) -> bool:
    """Whether the customer insists on what the bot just turned down."""
    return _INSISTS.search(text) is not None


def names_waiting(text: str) -> bool:
    """Whether the message names the waiting period ("wieso denn wartezeit?")."""
    return _WAITING.search(text) is not None


def opens_with_why(text: str) -> bool:
    """Whether the message starts by asking why ("warum nicht? …", "wieso das
    denn", "und warum? der hat doch …")."""
    words = re.findall(r"\w+", without_interjection(text))
    if len(words) > 1 and words[0].lower() in _LEADING_LINKS:
        words = words[1:]
    return bool(words) and asks_why(words[0])


_LEADING_LINKS = frozenset({"und", "aber", "ja", "na", "doch"})


# "muss ich das versteuern", "und wie lange gilt der?": a question, also
# without its question mark.
_QUESTION_START = re.compile(
    r"^\W*((und|aber|also|ok|okay|gut|achso|ach\s+ja|ach|übrigens)\W+)?(was|wie|wann|wo|wer|warum|wieso|weshalb"
    r"|welche\w*|wieviel\w*|muss|kann|darf|gibt|bekomm\w*|krieg\w*|ist|sind|soll|geht|gilt)\b",
    re.IGNORECASE,
)


# "eigentlich wollt ich nur wissen, wie lang …": a question told as a wish.
_WANTS_TO_KNOW = re.compile(
    r"\b(wollte?|wollt|möchte|moechte|würde|wuerde)\s+(ich\s+)?((nur|eigentlich|bloß|bloss|gern|gerne|mal)\s+)*"
    r"(wissen|fragen|erfahren)\b",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """Whether the message asks something: a question mark, it opens with a
    question word or a verb ("muss ich das versteuern"), or it says it wants
    to know ("wollte nur wissen, wie lange …")."""
    if "?" in text or _WANTS_TO_KNOW.search(text) is not None:
        return True
    return _QUESTION_START.search(without_interjection(text)) is not None


# "was heißt das?", "registriert heißt was genau?", "was bedeutet angewiesen",
# "was meinen Sie mit Wartezeit": the customer asks what the bot's words mean.
_ASKS_MEANING = re.compile(
    r"\bwas\s+(soll\s+(das|dies)\s+)?(hei(ß|ss|s)t|hei(ß|ss)en|bedeutet|bedeuten"
    r"|meinen\s+sie\s+mit|meinst\s+du\s+mit)\b"
    r"|\b(hei(ß|ss|s)t|bedeutet)\s+(das\s+)?(denn\s+|jetzt\s+|dann\s+)?"
    r"(was|konkret|genau|im\s+klartext)\b"
    r"|\b(hei(ß|ss|s)t|bedeutet)\s+das\b|\breicht\s+das\s+(denn\s+)?nicht\b"
    r"|\bwie\s+(meinst\s+du|meinen\s+sie)\s+(das|dies)\b"
    # "angewiesen heisst schon unterwegs?": a word of the answer, checked.
    r"|^\W*(\w+\s+){1,2}hei(ß|ss|s)t\s+((also|dann|jetzt|denn)\s+)*(schon|bereits|dass|noch)\b"
    # "und das heißt jetzt?", "das bedeutet also?"
    r"|\bdas\s+(hei(ß|ss|s)t|bedeutet)\s*(jetzt|also|dann|konkret|f(ü|ue)r\s+mich)?\s*\?"
    r"|\bwas\s+(ist|sind)\s+(damit|denn\s+damit)\s+gemeint\b"
    # "das verstehe ich nicht ganz, können Sie das einfacher erklären?",
    # "kannst du das nochmal erklären, aber einfacher?", "nochmal in einfach"
    r"|\b(einfacher|verst(ä|ae)ndlicher|anders)\s+(erkl(ä|ae)r|sagen|ausdr(ü|ue)ck)"
    r"|\berkl(ä|ae)r\w*\b[^.?!]{0,30}\b(einfacher|verst(ä|ae)ndlicher)\b"
    r"|\b(nochmal|noch\s+mal)\s+(in\s+|ganz\s+)?einfach(er)?\b|\bin\s+einfachen\s+worten\b"
    r"|\bversteh\w*\s+(ich\s+)?(das\s+)?(nicht|nich|net)\b"
    # "ist das jetzt einfach weg??" after an expired referral or voucher.
    r"|\bist\s+(das|die|der|sie|er|es)\s+(jetzt\s+|dann\s+)?(einfach\s+|ganz\s+)?"
    r"(weg|futsch|verfallen|verloren)\b"
    # "widerrufs-was?": the word the customer did not understand, cut off.
    r"|\b\w{4,}-\s?was\b",
    re.IGNORECASE,
)
# "abgelaufen? wie kann das sein", "hä? schon überwiesen? wann denn": a word
# of the status, echoed as a question.
# The states a referral or reward can be in, as the status names them.
_STATE_WORD = (
    r"(abgelaufen|abgelehnt|registriert|angewiesen|qualifiziert|verfallen|bestellt"
    r"|pr(ä|ae|a)mienberechtigt|unzustellbar|zur(ü|ue|u)ckgekommen|zur(ü|ue|u)ckgegangen"
    r"|(ü|ue)berwiesen|verschickt|ausgezahlt)"
)
_STATUS_WORD = r"(" + _STATE_WORD + r"|wartezeit|widerrufsfrist)"
_STATUS_ECHO = re.compile(
    r"^\W*((h(ä|ae)|hm+|wie|was|moment|echt|(ä|ae)hm?)\W+)?((schon|bereits)\s+)?"
    + _STATUS_WORD
    + r"\b\s*\?",
    re.IGNORECASE,
)
# "und „bestellt“ heißt jetzt genau was?": a word of the status, quoted or not.
_NAMES_STATUS_WORD = re.compile(r"\b" + _STATE_WORD + r"\b", re.IGNORECASE)


def names_status_word(text: str) -> bool:
    """Whether the message names a state of a referral or reward
    ("bestellt", "qualifiziert"); the periods are topics of their own."""
    return _NAMES_STATUS_WORD.search(text) is not None


def echoes_status(text: str) -> bool:
    """Whether the message echoes a word of the status as a question
    ("abgelehnt??", "hä? schon überwiesen? wann denn?")."""
    return _STATUS_ECHO.search(text) is not None


# "gilt das auch für meinen handyvertrag?", "gibts das bei euch auch", "ist
# das da genauso": the last answer asked again for something else.
_ALSO = re.compile(
    r"\b(gilt|gelten|z(ä|ae)hlt|geht|gibt'?s|gibts|gibt\s+es|ist|is)\s+(das|des|es|dies)\s+"
    r"((denn|dann|da|dort|bei\s+\w+)\s+)?(auch|genauso|gleich)\b"
    r"|\b(das|dasselbe)\s+gleiche\b|\bgenauso\b",
    re.IGNORECASE,
)


def asks_if_also(text: str) -> bool:
    """Whether the message asks whether the last answer holds elsewhere too
    ("gilt das auch für …?")."""
    return _ALSO.search(text) is not None


# "hä?", "häh wie jetzt", "???", "hä? der hat sich doch angemeldet": the
# customer did not follow the last answer.
_CONFUSED = re.compile(
    r"^\W*h(ä+|ae+)h?(\W|$)|^\W*hm+\s*\?|^\W*(und\s+)?wie\s+jetzt\b|^\s*[?!]*\?[?!]*\s*$",
    re.IGNORECASE,
)
_CONFUSED_LEAD = re.compile(r"^\W*((h(ä+|ae+)h?|hm+)\W+)?((und\s+)?wie\s+jetzt\W*)?", re.IGNORECASE)


def says_confused(text: str) -> bool:
    """Whether the message says the customer did not follow ("hä?", "hä wie
    jetzt, ich hab … doch grad geschrieben"); a question after the
    bewilderment ("hä? wann kommt das geld?") asks that question instead."""
    if _CONFUSED.search(text) is None:
        return False
    rest = _after_confusion(text)
    return not rest or not is_question(rest)


def says_only_confused(text: str) -> bool:
    """Whether the message is bewilderment alone ("hä?", "???"), with no
    statement after it."""
    return says_confused(text) and not _after_confusion(text)


def _after_confusion(text: str) -> str:
    """What the message says after its bewilderment ("hä? er hat doch …")."""
    return text[_CONFUSED_LEAD.match(text).end() :].strip()


def asks_meaning(text: str) -> bool:
    """Whether the customer asks what the bot's last words mean ("was heißt
    das?", "abgelaufen? wie kann das sein", "hä?")."""
    if _ASKS_MEANING.search(text) is not None or says_confused(text):
        return True
    # "überwiesen? wann denn, auf meinem Konto ist nix" says what is missing.
    return echoes_status(text) and not says_not_arrived(text)


# "krieg ich da eine Bestätigung?", "hab ich das irgendwie schriftlich?"
_CONFIRMATION = re.compile(
    r"\b(best(ä|ae|a)tigung\w*|eingangsbest\w*|schriftlich|nachweis|beleg)\b", re.IGNORECASE
)


def asks_for_confirmation(text: str) -> bool:
    """Whether the message asks for a confirmation or something in writing."""
    return _CONFIRMATION.search(text) is not None


# "das ist doch quatsch", "stimmt nicht", "kann nicht sein": the customer
# says what the bot told is wrong.
_CALLS_WRONG = re.compile(
    r"\b(ist|is)\s+(doch\s+|ja\s+|echt\s+)*(quatsch|unsinn|bl(ö|oe)dsinn|falsch|gelogen|"
    r"nicht\s+wahr|nicht\s+richtig)\b"
    r"|\bstimmt\s+(doch\s+|so\s+|gar\s+|überhaupt\s+|ueberhaupt\s+)*nicht\b"
    r"|\bkann\s+(doch\s+)?nicht\s+(sein|stimmen)\b",
    re.IGNORECASE,
)
# "was kann ich denn dafür??", "dafür kann ich doch nix": not my fault.
_NOT_MY_FAULT = re.compile(
    r"\bwas\s+kann\s+ich\s+(denn\s+|bitte\s+)*daf(ü|ue|u)r\b"
    r"|\b(ich\s+kann|kann\s+ich)\s+(doch\s+|ja\s+|gar\s+)*(nichts|nix)\s+daf(ü|ue|u)r\b"
    r"|\bdaf(ü|ue|u)r\s+kann\s+ich\s+(doch\s+|ja\s+|gar\s+)*(nichts|nix)\b"
    r"|\b(ist|war)\s+(doch\s+)?nicht\s+meine\s+schuld\b|\bich\s+bin\s+(doch\s+)?nicht\s+schuld\b"
    # "das ist doch nicht mein problem, wenn sie widerruft"
    r"|\b(ist|war)\s+(doch\s+|aber\s+)*nicht\s+mein\s+(problem|fehler)\b",
    re.IGNORECASE,
)


def calls_it_wrong(text: str) -> bool:
    """Whether the message says that what the bot told is wrong, or that it
    is not the customer's fault."""
    return _CALLS_WRONG.search(text) is not None or says_not_my_fault(text)


def says_not_my_fault(text: str) -> bool:
    """Whether the customer says it is not their fault ("dafür kann ich doch
    nichts"), which asks for the reason rather than contests the facts."""
    return _NOT_MY_FAULT.search(text) is not None


# "ICH SCHALTE JETZT MEINEN ANWALT EIN": a threat however unsure the NLU is.
_LEGAL_STEPS = re.compile(
    r"\b(rechts)?anwalt|\banw(ä|ae)ltin|\bverklag|\bklage\b|\bgericht|\bverbraucherzentrale"
    r"|\bpresse\b|\bzeitung\b|\bstrafanzeige|\banzeige\s+erstatt|\bpolizei\b"
    r"|\b(datenschutz|aufsichts)beh(ö|oe)rde|\bdatenschutzbeauftragten\s+des\s+landes",
    re.IGNORECASE,
)


def threatens_legal_steps(text: str) -> bool:
    """Whether the message threatens a lawyer, a court, the press or the police."""
    return _LEGAL_STEPS.search(text) is not None


# "wenn ich meine prämie nicht kriege kündige ich meinen vertrag": the writer
# threatens to cancel their own contract (not "mein Freund hat gekündigt").
_CANCEL_THREAT = re.compile(
    r"\bk(ü|ue|u)ndige\s+ich\b|\bich\s+k(ü|ue|u)ndige\b"
    r"|\b(dann|sonst)\s+(bin\s+ich\s+weg|wechsle\s+ich)\b",
    re.IGNORECASE,
)


# "wie kündige ich eigentlich meine zweite simkarte": a question, no threat.
_HOW_TO_CANCEL = re.compile(
    r"\b(wie|wo|wann|womit|bei\s+wem)\s+(\w+\s+){0,2}k(ü|ue|u)ndige\s+ich\b", re.IGNORECASE
)


# "mal angenommen ich kündige im herbst doch wieder, kriegt er dann seine
# prämie trotzdem?": a case put as a question, no threat.
_SUPPOSING = re.compile(
    r"\b(angenommen|gesetzt\s+den\s+fall|was\s+(w(ä|ae)re|ist|passiert),?\s+wenn|falls\s+ich)\b",
    re.IGNORECASE,
)


# "und wenn das Geld schon auf dem alten Konto ist?": a case put as a question.
_WHAT_IF = re.compile(r"^\W*((und|aber|ok|okay)\W+)?(wenn|falls)\b", re.IGNORECASE)


def supposes(text: str) -> bool:
    """Whether the message asks what happens in a case ("und wenn …?",
    "angenommen …"), not for something to be done."""
    return _SUPPOSING.search(text) is not None or _WHAT_IF.search(text) is not None


def threatens_to_cancel(text: str) -> bool:
    """Whether the writer threatens to cancel their own contract or leave."""
    return (
        _CANCEL_THREAT.search(text) is not None
        and _HOW_TO_CANCEL.search(text) is None
        and _SUPPOSING.search(text) is None
    )


# "bist du blöd? ich hab doch grad gefragt!!": annoyed at the bot itself.
_ANNOYED = re.compile(
    r"!{2,}|\b(bl(ö|oe)d|dumm|bescheuert|doof|nervig|nervt|verarsch)\w*"
    r"|\bhab\w*\s+(ich\s+)?doch\s+(grad|gerade|eben|schon)\b|\bsag\s+ich\s+doch\b",
    re.IGNORECASE,
)


def sounds_annoyed(text: str) -> bool:
    """Whether the message is annoyed at the bot (repeated "!!", "blöd",
    "hab ich doch grad gesagt")."""
    return _ANNOYED.search(text) is not None


# Words only German sentences are made of ("ich kann auch deutsch", "mein
# bruder hat letzte woche abgeschlossen") against English ones; words both
# languages share ("was", "will", "hat", "also", "die") count for neither.
_GERMAN_WORDS = re.compile(
    r"\b(ich|und|nicht|nich|ist|mein|meine|meinen|meiner|hab|habe|kann|auch|das|der|"
    r"den|dem|wie|wann|warum|wo|bitte|noch|schon|mit|f(ü|ue)r|sie|wir|ihr|bei|von|zu|"
    r"auf|ein|eine|einen|deutsch|ja|nein|doch|aber|dann|jetzt|gibt|geht|letzte|"
    r"danke|dank|vielen|passt|alles|klar|gut|super|prima|genau|tsch(ü|ue)ss?)\b",
    re.IGNORECASE,
)
_ENGLISH_WORDS = re.compile(
    r"\b(the|i|my|is|and|to|you|your|when|what|how|where|why|can|please|get|have|not|"
    r"of|it|for|this|that|with|do|does|english|long|much|will|would|should|are|happens|"
    r"next|there|he|she|they|me|if|about|after|be|did|any)\b",
    re.IGNORECASE,
)


def writes_english(text: str) -> bool:
    """Whether the message is in English (at least two English words and no
    German one): "why so long??" goes to the answers in English whatever
    intent the German NLU made of it."""
    english = len(_ENGLISH_WORDS.findall(text))
    return english >= 2 and not _GERMAN_WORDS.search(text) and not has_regional_word(text)


def writes_german(text: str) -> bool:
    """Whether the message is a German sentence (at least two German words and
    more of them than English ones), so that after a message in English the
    conversation goes on in German."""
    german = len(_GERMAN_WORDS.findall(text))
    return german >= 2 and german > len(_ENGLISH_WORDS.findall(text))


# "kann ich dir die nicht einfach hier reinschreiben?", "ich schick dir die
# iban einfach hier": new details offered to be typed into the chat.
_TYPE_HERE = re.compile(
    r"\b(hier|im\s+chat)\s+(rein|eintippen|reinschreiben|eingeben|schreiben|angeben|nennen|posten)"
    r"|\b(einfach|direkt|gleich)\s+(hier\s+)?(rein)?(schreiben|schicken|geben|tippen)\b"
    r"|\bschick\w*\s+(ich\s+)?(dir|ihnen|euch)\s+(die|das|sie|den)\b",
    re.IGNORECASE,
)


def offers_to_type_here(text: str) -> bool:
    """Whether the customer offers to type new details into the chat."""
    return _TYPE_HERE.search(text) is not None


# "ja bitte, das wäre sehr lieb. wie lange dauert das dann?": a yes to the
# offer just made, opening a message that goes on with a question.
_OPENS_WITH_YES = re.compile(
    r"^\W*(ja|jawohl|jo|gerne?|ok(ay)?|bitte)\b(\W+(bitte|gerne?|gern|klar|machen\s+sie\s+das))*\b",
    re.IGNORECASE,
)


def opens_with_yes(text: str) -> bool:
    """Whether the message opens with a yes ("ja bitte, …", "gern, …")."""
    return _OPENS_WITH_YES.search(text) is not None and not declines_offer(text)


# "ok dann soll sie selber hier schreiben", "na gut, dann mach ich das so":
# the customer takes an answer in and says what they will do.
_ACKNOWLEDGES = re.compile(
    r"^\W*(ok(ay|e)?|gut|na\s+gut|alles\s+klar|verstehe|verstanden|ach\s?so|in\s+ordnung|passt)\b"
    r"(?!\W+(und|aber)\b)",
    re.IGNORECASE,
)
# Longer than this, an acknowledgement says more than that.
ACKNOWLEDGE_WORDS = 10


def acknowledges(text: str) -> bool:
    """Whether the message only acknowledges the last answer: it opens with
    "ok", "gut", "alles klar" …, asks nothing and goes on with no new topic
    ("ok und meine Prämie …" is a new question)."""
    if is_question(text) or re.search(r"\boder\b", text, re.IGNORECASE):
        return False
    return len(text.split()) <= ACKNOWLEDGE_WORDS and _ACKNOWLEDGES.search(text) is not None


# "nee lass ma, ich guck nochmal im spam", "Ach, wissen Sie was, lassen Sie
# das mit dem Mitarbeiter erstmal.", "Hm, nein, einen Rückruf brauche ich dann
# doch nicht.": the offer just made is turned down, whatever else the first
# sentence names (a person, the mail). A bare "nein" that goes on to object
# ("nein, die kam nie an") is not enough: it has to say "leave it".
_OFFER_FILLERS = (
    r"^\W*((hm+|ach|ok(ay)?|also|(ä|ae)h+m?|ah|oh|naja|na\s+ja|danke|wissen\s+sie\s+was"
    r"|wei(ß|ss)t\s+du\s+was|ehrlich\s+gesagt)\W+)*"
)
_REFUSAL_WORD = r"(nein|nee+|ne|n(ö|oe)+|nope|no)\b"
# Turns the offer down on its own: "lass mal", "lassen Sie das erstmal",
# "einen Rückruf brauche ich dann doch nicht", "nein danke".
_LEAVE_IT = re.compile(
    r"\blass(t|en\s+sie|e)?\s+(das|es|mal|ma|erstmal|erst\s+mal|lieber|gut\s+sein)\b(?!\s+nicht)"
    r"|\b(brauch|brauche|brauchen|m(ö|oe)chte|will|wollen)\s+(ich|wir)\s+(\w+\s+){0,3}"
    r"(doch|lieber|erstmal|erst\s+mal|gerade|jetzt)\s+(nicht|nich|keinen|keine)\b"
    # "nee passt schon", "nein, geht schon"
    r"|^\W*(nee|nein|ne|nö|noe)\W+(passt|schon\s+gut|geht\s+schon|alles\s+gut)\b"
    r"|^\W*" + _REFUSAL_WORD + r"\W*(danke\W*)?$",
    re.IGNORECASE,
)
# Turns it down after a "nein": "nee, erstmal nicht", "nein, ich schau selbst".
_PUTS_OFF = re.compile(
    r"\b(doch|erstmal|erst\s+mal|vorerst)\s+nicht\b|\bnicht\s+(n(ö|oe)tig|notwendig)\b"
    r"|\bich\s+(schau|guck|sehe?|warte|probier|versuch|meld)\w*\b(?![^.!?]*\bnicht\b)",
    re.IGNORECASE,
)
_OPENS_WITH_REFUSAL = re.compile(_OFFER_FILLERS + _REFUSAL_WORD, re.IGNORECASE)
# "alles klar. wenn das so is brauch ich den rückruf eigentlich nicht mehr"
_NO_LONGER_NEEDED = re.compile(
    r"\b(brauch|brauche|brauchen)\s+(ich|wir)\s+(\w+\s+){0,3}(nicht|nich|keinen|keine)\s+mehr\b"
    r"(?![^.?!]*\?)",
    re.IGNORECASE,
)
_FIRST_SENTENCE = re.compile(r"^[^.!?]*[.!?]*")


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (all of it when there is no full stop)."""
    match = _FIRST_SENTENCE.match(text.strip())
    return match.group(0) if match and match.group(0).strip() else text.strip()


def declines_offer(text: str) -> bool:
    """Whether the first sentence of ``text`` turns an offer down ("nee lass
    ma", "lassen Sie das mit dem Mitarbeiter erstmal", "nein, einen Rückruf
    brauche ich dann doch nicht"), rather than objecting with a "nein"."""
    first = first_sentence(text)
    if _LEAVE_IT.search(first) is not None or _NO_LONGER_NEEDED.search(text) is not None:
        return True
    return _OPENS_WITH_REFUSAL.search(first) is not None and _PUTS_OFF.search(first) is not None


# "moment, da ist die mail doch. hat sich erledigt", "hab ihn gefunden,
# danke": what the customer came with has sorted itself out.
_SETTLED = re.compile(
    r"\bhat\s+sich\s+((jetzt|schon|doch|also|dann|damit)\s+)*(erledigt|gekl(ä|ae)rt)\b"
    r"|\b(ist|w(ä|ae)re)\s+((jetzt|schon|doch|also|dann|damit)\s+)*erledigt\b"
    r"|\b(hab|habe)\s+(sie|ihn|es|die\s+mail|den\s+gutschein|die\s+pr(ä|ae)mie|den\s+code)\s+"
    r"((jetzt|doch|noch|doch\s+noch)\s+)*gefunden\b",
    re.IGNORECASE,
)


def says_settled(text: str) -> bool:
    """Whether the customer says their matter has sorted itself out."""
    return _SETTLED.search(text) is not None and not is_question(text)


def no_longer_needed(text: str) -> bool:
    """Whether the customer says they no longer need something ("brauch ich
    den rückruf eigentlich nicht mehr")."""
    return _NO_LONGER_NEEDED.search(text) is not None


def after_first_sentence(text: str) -> str:
    """What follows the first sentence of ``text`` ("" when nothing does)."""
    return text.strip()[len(first_sentence(text)) :].strip()


# "kurze frage", "hab da mal ne frage", "eine frage noch": the question is
# still to come.
_ANNOUNCES_QUESTION = re.compile(
    r"^\W*((hallo|hi|hey|moin|guten\s+tag)\W+)?(ich\s+)?((hab|habe|h(ä|ae)tte)\s+)?(da\s+)?"
    r"(mal\s+|noch\s+)?(ne|eine|'ne|n)?\s*(kurze\s+|kleine\s+)?frage(\s+noch)?(\s+an\s+(sie|dich|euch))?\W*$"
    # "darf ich in der zwischenzeit noch was anderes fragen?"
    r"|^\W*((und|ok|okay|gut|alles\s+klar)\W+)?(darf|kann|k(ö|oe)nnte)\s+ich\s+"
    r"((sie|dich|euch|in\s+der\s+zwischenzeit|solange|solang|noch|mal|dann|auch|kurz)\s+)*"
    r"(was|etwas|eine\s+frage|ne\s+frage)\s+((anderes|andres|fragen|stellen|noch)\s*)+\W*$",
    re.IGNORECASE,
)


# "ok, dann soll sie selber hier schreiben", "gut, dann muss er das wohl
# selbst machen": the answer taken in, the other person acts for themselves.
_LEAVES_TO_OTHER = re.compile(
    r"\bdann\s+(soll|muss|kann|wird|m(ü|ue)sste|sollte)\s+(sie|er)\s+(\w+\s+){0,4}selb(er|st)\b",
    re.IGNORECASE,
)


def leaves_it_to_other(text: str) -> bool:
    """Whether the customer takes in that the other person must act
    themselves ("ok, dann soll sie selber hier schreiben")."""
    return _LEAVES_TO_OTHER.search(text) is not None and "?" not in text


# "vergessen Sie's einfach, ich hab keine lust mehr", "ich geb's auf": the
# customer gives up on the chat (an apology and an open door, no menu).
_GIVES_UP = re.compile(
    r"\bvergessen\s+sie'?s\b|\bvergessen\s+sie\s+(es|das)\s+(einfach|halt|doch)\b"
    r"|\bvergiss\s+(es|das)\s+(einfach|halt|doch)\b|\bvergiss'?s\b"
    r"|\b(hab|habe)\s+(echt\s+|einfach\s+|jetzt\s+|wirklich\s+)*keine\s+lust\s+mehr\b"
    r"|\bich\s+geb'?\s*(e?s|das)?\s*auf\b|\bich\s+gebe\s+(es\s+)?auf\b"
    r"|\b(ist|is)\s+mir\s+(echt\s+|jetzt\s+)*zu\s+(bl(ö|oe)d|doof|dumm|anstrengend)\b",
    re.IGNORECASE,
)


def gives_up(text: str) -> bool:
    """Whether the customer gives up on getting help here."""
    return _GIVES_UP.search(text) is not None


def announces_question(text: str) -> bool:
    """Whether the message only says a question follows ("kurze frage", "darf
    ich noch was anderes fragen?")."""
    return _ANNOUNCES_QUESTION.search(text) is not None


# "Gut, dann nehme ich das so zur Kenntnis.", "dann ist das halt so": the
# customer accepts an answer they did not like; no complaint, no yes.
_ACCEPTS_OUTCOME = re.compile(
    r"\bzur\s+kenntnis\b|\bdann\s+ist\s+(das|es)\s+(halt|eben|wohl|nun\s+mal)\s+so\b"
    r"|\b(muss|werde)\s+ich\s+(das\s+)?wohl\s+(so\s+)?(hinnehmen|akzeptieren)\b"
    r"|\bdann\s+(eben|halt)\s+nicht\b"
    # "egal, hauptsache das geld kommt irgendwann"
    r"|\bhauptsache\b[^.?!]{0,40}\b(kommt|ist\s+da|klappt|irgendwann)\b",
    re.IGNORECASE,
)


def accepts_outcome(text: str) -> bool:
    """Whether ``text`` only accepts an answer the customer did not like."""
    return _ACCEPTS_OUTCOME.search(text) is not None and not is_question(text)


# "Beantworten Sie mir bitte nur, ob …", "ich wollte eigentlich nur wissen, …":
# the words that hand over a question, not part of its topic.
_HANDS_OVER_QUESTION = re.compile(
    r"^\W*((beantworte|beantworten\s+sie|sag|sagen\s+sie|erkl(ä|ae)ren\s+sie|erkl(ä|ae)r)\s+mir"
    # "Teilen Sie mir aber bitte noch mit, ob …"
    r"|teilen\s+sie\s+mir\s+((aber|bitte|doch|nur|noch|einfach)\s+)*mit"
    r"|(ich\s+)?(wollte|möchte|moechte|will)\s+(\w+\s+){0,2}wissen)"
    r"(\s+(bitte|doch|nur|einfach|lediglich|eigentlich|noch|mal))*\W*",
    re.IGNORECASE,
)


def question_itself(text: str) -> str:
    """``text`` without the words that hand its question over ("Sagen Sie
    mir bitte nur, ob …" → "ob …")."""
    return _HANDS_OVER_QUESTION.sub("", text, count=1).strip() or text


# "kannst du überhaupt was oder bloß blabla", "was kannst du eigentlich?":
# what the bot can do, asked of the bot (action_bot_challenge answers it).
_WHAT_BOT_CAN = re.compile(
    r"^\W*(und\s+|sag\s+mal,?\s+)?(was\s+kannst\s+du(\s+(denn|eigentlich|überhaupt|ueberhaupt|alles|so))*"
    r"\s*(\?|!|$|\boder\b)"
    r"|(kannst|k(ö|oe)nnen)\s+(du|sie)\s+(denn\s+|eigentlich\s+)?(überhaupt|ueberhaupt)"
    r"\s+(was|irgendwas|etwas)\b"
    r"|bist\s+du\s+(denn\s+|eigentlich\s+|überhaupt\s+|ueberhaupt\s+)*(zu\s+)?(irgendwas|was)\s+"
    r"(nütze|nuetze|zu\s+gebrauchen))",
    re.IGNORECASE,
)


def asks_what_bot_can(text: str) -> bool:
    """Whether ``text`` asks the bot what it can do at all."""
    return _WHAT_BOT_CAN.search(text) is not None


# "Nein danke, eines Mitarbeiters bedarf es nicht.", "einen Menschen brauch ich
# nicht": the first sentence turns a person down, whatever follows.
_NO_PERSON = re.compile(
    r"\bkein\w*\s+(mitarbeiter\w*|menschen?|person|r(ü|ue)ckruf|anruf)\b"
    r"|\b(mitarbeiter\w*|menschen?|person)\s+((?!und\b|oder\b|aber\b)\w+\s+){0,3}"
    r"(nicht|nö|nee)\b",
    re.IGNORECASE,
)


def declines_person(text: str) -> bool:
    """Whether the first sentence of ``text`` turns a person down."""
    first = first_sentence(text)
    return "?" not in first and _NO_PERSON.search(first) is not None


# "egal. mach halt das ticket", "können Sie ein Ticket aufmachen?": the
# customer asks for a case the team answers, in so many words.
_ASKS_TICKET = re.compile(
    r"\b(mach\w*|erstell\w*|leg\w*|er(ö|oe)ffne\w*)\s+(\w+\s+){0,3}(ticket|vorgang)\b"
    r"|\bticket\s+(\w+\s+){0,2}(auf|an)?(machen|legen|erstellen)\b"
    r"|\b(ein|das|n|nen|einen)\s+ticket\s+bitte\b",
    re.IGNORECASE,
)


def asks_for_ticket(text: str) -> bool:
    """Whether the customer asks the bot to open a ticket for the team."""
    return _ASKS_TICKET.search(text) is not None


# "kannst du mir das nochmal ganz kurz zusammenfassen, alle drei?": the last
# answer (the status) again, in short.
_ASKS_SUMMARY = re.compile(
    r"\bzusammen\s*fass\w*|\bzusammenfassung\b|\bfass\w*\s+(\w+\s+){0,6}zusammen\b|"
    r"\b(nochmal|noch\s+mal|noch\s+einmal)\s+"
    r"(ganz\s+)?kurz\s+(alle|alles|f(ü|ue)r\s+alle|(ü|ue)berblick)\b|\b(ü|ue)berblick\s+(ü|ue)ber\s+alle\b",
    re.IGNORECASE,
)


def asks_summary(text: str) -> bool:
    """Whether the customer asks for a short summary of what was said."""
    return _ASKS_SUMMARY.search(text) is not None


def asks_stage_meaning(text: str) -> bool:
    """Whether the customer asks what a state of a referral means ("da steht
    abgelaufen, was heißt das?"), the state named in the message."""
    return asks_meaning(text) and names_status_word(text)


# "Na gut. Und jetzt?", "ok und nun?", "wie geht's jetzt weiter?": the next
# step, and nothing else.
_WHAT_NOW = re.compile(
    r"^\W*((na\s+gut|na\s+sch(ö|oe)n|ok(ay)?|gut|hm+|alles\s+klar|aha)\W+)*(und|also)?\s*"
    r"(jetzt|nun|nu|was\s+(jetzt|nun)|wie\s+geht'?s?\s+(es\s+)?(jetzt\s+|nun\s+)?weiter"
    r"|was\s+passiert\s+(jetzt|nun)(\s+als\s+n(ä|ae)chstes)?"
    # "was kann ich jetzt noch tun?", "kann man da gar nichts mehr machen?"
    r"|was\s+(kann|soll)\s+(ich|man)\s+((da|denn|jetzt|nun|noch)\s+)*(tun|machen)"
    r"|kann\s+man\s+((da|denn|jetzt|nun)\s+)*(gar\s+)?nichts\s+(mehr\s+)?machen)"
    # "und jetzt?? soll ich ewig warten oder was"
    r"(\W+((soll|muss)\s+ich|hab\w*\s+keine\s+lust|bis\s+\w+)[^.?!]{0,40}\bwarten\b[^.?!]{0,20}"
    # "und jetzt? ich brauch den"
    r"|\W+ich\s+brauch\w*\s+(den|das|die|ihn|es|ihn)\b[^.?!]{0,25})?"
    r"\W*$",
    re.IGNORECASE,
)


# "und was muss ich jetzt tun?", "muss ich dafür noch was machen?": the
# customer's own part asked.
_OWN_TODO = re.compile(
    r"\b(was\s+)?(muss|soll)\s+ich\s+((jetzt|dafür|dafuer|da|denn|noch|nun|selbst|selber|"
    r"eigentlich|also|dann)\s+)*((noch\s+)?(was|etwas|irgendwas)\s+)?(tun|machen|unternehmen)\b",
    re.IGNORECASE,
)


def asks_own_todo(text: str) -> bool:
    """Whether the message asks what the customer has to do themselves."""
    return _OWN_TODO.search(text) is not None


def asks_what_now(text: str) -> bool:
    """Whether a short message asks only what happens next."""
    return _WHAT_NOW.search(text) is not None


# "nee find ich nicht", "hab ich leider nicht mehr": what the bot's last
# answer told the customer to look for is not there.
_NOT_FOUND = re.compile(
    r"\b(find|finde|hab|habe)\s+(ich\s+)?((den|die|das|ihn|sie|es)\s+)?(leider\s+|auch\s+)?"
    r"(nicht|nich|ned|net|nirgends|nirgendwo|keine?n?)\b(\s+mehr)?\W*$"
    r"|\bnicht\s+(gefunden|auffindbar|mehr\s+da)\b",
    re.IGNORECASE,
)


def says_not_found(text: str) -> bool:
    """Whether the customer says they cannot find what they were told to look for."""
    return _NOT_FOUND.search(text) is not None


# "schön und gut, aber …", "das war mir zu allgemein", "hilft mir null": the
# last answer missed what the customer wanted.
_UNHELPFUL = re.compile(
    r"\bsch(ö|oe)n\s+und\s+gut\b|\bzu\s+(allgemein|ungenau|schwammig|vage|oberfl(ä|ae)chlich)\b"
    r"|\bhilft\s+(mir\s+)?(nicht|nix|nichts|null|kein\w*)\b|\bbringt\s+mir\s+(nichts|nix|null)\b"
    r"|\b(keine|nicht\s+die)\s+antwort\b|\bnicht\s+(meine\s+frage|beantwortet)\b",
    re.IGNORECASE,
)


def finds_answer_unhelpful(text: str) -> bool:
    """Whether the customer says the last answer missed their question."""
    return _UNHELPFUL.search(text) is not None


# "du bist der nutzloseste bot überhaupt", "blöder bot": an insult aimed
# at the bot, whatever else the message says.
_INSULTS_BOT = re.compile(
    r"\b(du|sie)\s+(bist|sind)\s+((doch|echt|wirklich|so|ja|der|die|das|ein|eine|voll|total)\s+)*"
    r"(d(u|ü|ue)mm|bl(ö|oe)d|nutzlos|unf(ä|ae)hig|d(ä|ae)mlich|bescheuert|idiot|schrott|sinnlos)\w*"
    r"|\b(d(u|ü|ue)mm|bl(ö|oe)d|nutzlos|d(ä|ae)mlich|bescheuert|scheiß|schei(ss|ß)|doof|unn(ü|ue)tz)\w*\s+"
    r"(bot|chatbot|maschine|ding|teil|roboter)\b",
    re.IGNORECASE,
)


def insults_bot(text: str) -> bool:
    """Whether the message insults the bot."""
    return _INSULTS_BOT.search(text) is not None


# "das ist doch lächerlich", "echt ne frechheit": displeasure in a word,
# with no question of its own.
_GRUMBLE = re.compile(
    r"\b(l(ä|ae)cherlich|frechheit|unversch(ä|ae)mt|zumutung|schwachsinn|armselig|"
    r"(ein|n|'?nen?)\s+witz)\b",
    re.IGNORECASE,
)


def grumbles(text: str) -> bool:
    """Whether the customer voices displeasure in a word ("lächerlich")."""
    return _GRUMBLE.search(text) is not None


# "4 von 5", "5/5 👍", "5 sterne ⭐⭐⭐⭐⭐", "⭐⭐⭐⭐": a rating of the chat
# given without the rating buttons.
_SCORE = re.compile(
    r"(?<![\d/.,])([1-5])\s*(?:/|von|aus)\s*5\b(?![.,]\d)|(?<![\d/.,])([1-5])\s*(?:sterne?|stars?)\b",
    re.IGNORECASE,
)
_STARS = re.compile("\u2b50|\u2605")


def spoken_rating(text: str) -> int | None:
    """The score (1 to 5) a message gives in words or stars, else None."""
    if (match := _SCORE.search(text)) is not None:
        return int(match.group(1) or match.group(2))
    stars = len(_STARS.findall(text))
    return stars if 1 <= stars <= 5 else None


# "dann schreib ich überall ne 1 stern bewertung", "gibt ne schlechte
# rezension": a public review threatened.
_REVIEW_THREAT = re.compile(
    r"\b(1|eins?|einen?|null|0)[\s-]*stern\w*\s*(bewertung|rezension|review)?\b"
    r"[^.?!]{0,30}\b(schreib|geb|gibt|hinterlass|poste|setz|kriegt|bekommt)\w*"
    r"|\b(schreib|geb|hinterlass|poste|setz)\w*\b[^.?!]{0,40}\b(1|eins?|einen?|null|0)[\s-]*stern\w*"
    r"|\b(schlecht\w*|negativ\w*|mies\w*)\s+(bewertung|rezension|review)\w*\b",
    re.IGNORECASE,
)


def threatens_review(text: str) -> bool:
    """Whether the customer threatens a bad public review."""
    return _REVIEW_THREAT.search(text) is not None


# "beim Empfehlungsprogramm meiner Sparkasse", "ne empfehlung bei eon offen":
# a referral with a company that runs none of the programs of this service.
_OTHER_COMPANY = (
    r"(sparkasse|volksbank|raiffeisenbank|postbank|commerzbank|deutsche\s+bank|dkb|comdirect|"
    r"n26|consorsbank|e\.?on|vattenfall|enbw|rwe|stadtwerke\w*|telekom|vodafone|o2|congstar|"
    r"1&1|allianz|huk(-coburg)?|ergo|axa|devk|generali|check24|verivox|tibber|ostrom|"
    r"octopus(\s+energy)?|paypal|amazon|netflix|sky)"
)
_REFERRAL_WORD = r"(empfehl\w*|empfohlen|werben|werbe|wirbt|geworben|kwk|programm\w*)"
_COMPANY_ALONE = re.compile(r"\b" + _OTHER_COMPANY + r"(?![\w-])", re.IGNORECASE)
_AT_OTHER_COMPANY = re.compile(
    _REFERRAL_WORD + r"\b[^.?!]{0,40}\b" + _OTHER_COMPANY + r"(?![\w-])"
    r"|\b" + _OTHER_COMPANY + r"(?![\w-])[^.?!]{0,40}\b" + _REFERRAL_WORD,
    re.IGNORECASE,
)
# "… können Sie da auch mal nachschauen?", "… noch offen": asked to look
# there, not only compared ("bei der Telekom gibts 100 euro, bei euch?").
_LOOK_THERE = re.compile(
    r"\b(nach\s*schauen|schau\w*|guck\w*|pr(ü|ue)f\w*|sehen|seht|sieh\w*|helfen|zust(ä|ae)ndig"
    r"|stand|status|offen|mit\s*machen|teilnehm\w*|nachsehen)\b|\bmache?\b[^.?!]{0,60}\bmit\b",
    re.IGNORECASE,
)


def names_other_company(text: str) -> bool:
    """Whether the message asks about a referral with another company than
    the programs served here ("könnt ihr bei der Sparkasse auch nachschauen?")."""
    return _AT_OTHER_COMPANY.search(text) is not None and _LOOK_THERE.search(text) is not None


# "wieso gibts überhaupt so ne wartezeit": the rule itself, not one case.
_IN_GENERAL = re.compile(
    r"\b((ü|ue)berhaupt|generell|grunds(ä|ae)tzlich|allgemein|so\s+(ne|eine|einen|nen)\s+\w+)\b",
    re.IGNORECASE,
)


def asks_in_general(text: str) -> bool:
    """Whether a why-question is about the rule in general ("überhaupt")."""
    return _IN_GENERAL.search(text) is not None


# "bei check24 krieg ich für sowas mehr, zahlt ihr mir die differenz?": more
# money elsewhere, as a reason for a higher reward here.
_MORE_ELSEWHERE = re.compile(
    r"\b(mehr|h(ö|oe)her\w*|differenz|drauflegen|aufstocken|nachzahlen)\b", re.IGNORECASE
)


def wants_what_others_pay(text: str) -> bool:
    """Whether the customer names another company's higher reward and wants
    the same or the difference."""
    return (
        _AT_OTHER_COMPANY.search(text) is not None or _COMPANY_ALONE.search(text) is not None
    ) and _MORE_ELSEWHERE.search(text) is not None


# "bist du überhaupt ein mensch?", "rede ich hier mit nem bot?": whether a
# person or a machine answers.
_ASKS_IF_BOT = re.compile(
    r"\b(bist|sind)\s+(du|sie)\s+((eigentlich|überhaupt|ueberhaupt|nur|echt|wirklich|denn)\s+)*"
    r"((ein|eine|n|ne)\s+)?(echte[rn]?\s+)?(mensch|bot|chatbot|roboter|maschine|computer|ki)\b"
    r"|\b(rede|schreibe|spreche|chatte)\s+ich\s+(hier\s+)?(mit\s+)?((einem|einer|nem|ner)\s+)?"
    r"(echte[nm]?\s+)?(mensch\w*|bot|chatbot|roboter|maschine|computer|ki)\b",
    re.IGNORECASE,
)


def asks_if_bot(text: str) -> bool:
    """Whether the message asks if a person or a machine answers."""
    return _ASKS_IF_BOT.search(text) is not None
