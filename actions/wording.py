"""What a customer's words say, read from the text itself: a reaction in
front of a question, thanks that close the talk, a person asked for, a lost
code, the customer's own status or own things. The NLU finds the topic; these
cues decide between readings it cannot tell apart ("und meine Tochter?" is a
question about whom to recommend, not about the customer's own reward)."""

from __future__ import annotations

import re

from bot.formatting import EMAIL_IN_TEXT
from bot.referral_code import find_codes

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


# Words that make a reward question the customer's own ("meine Prämie", "ich").
_PERSONAL = re.compile(r"\b(ich|mir|mich|mein|meine|meinen|meinem|meiner|meines)\b", re.IGNORECASE)


# "meine Tochter", "mein Kumpel": people the customer might recommend.
_PEOPLE = (
    r"(mann|frau|ehe\w+|tochter|t(ö|oe|o)chter|sohn|"
    r"s(ö|oe|o)hne|kind\w*|schwester\w*|bruder|br(ü|ue|u)der|mutter|vater|mama|papa|eltern|"
    r"oma|opa|gro(ß|ss)\w+|enkel\w*|freund\w*|partner\w*|nachbar\w*|kolleg\w*|kumpel\w*|"
    r"schw(a|ä|ae)ger\w*|schwieger\w*|cousin\w*|onkel|tante|bekannte\w*|lebensgef\w*|"
    r"verlobte\w*|mitbewohner\w*|wg)"
)
_OWN_PEOPLE = re.compile(r"\b(mein|meine|meinen|meinem|meiner)\s+" + _PEOPLE + r"\b", re.IGNORECASE)

# "kannst du auch bei meinem Mann gucken", "geht das auch für jemand
# anderen": the status of another participant, which needs their own details.
_OTHER_PERSON = (
    r"\b((bei|f(ü|ue|u)r|von)\s+(meine[mnr]?|unsere[mnr]?)\s+"
    + _PEOPLE
    + r"|f(ü|ue|u)r\s+(jemand(en|em)?\s+ander\w*|eine\s+andere\s+person))\b"
)
_LOOK_UP = (
    r"\b(gucken|schauen|nachschauen|nachsehen|nachgucken|pr(ü|ue)fen|abfragen|checken"
    r"|stand|status)\b"
)
_OTHERS_STATUS = re.compile(
    rf"{_OTHER_PERSON}[^.?!]{{0,60}}{_LOOK_UP}|{_LOOK_UP}[^.?!]{{0,60}}{_OTHER_PERSON}"
    r"|^\s*(geht|klappt)\s+das\s+auch\s+f(ü|ue|u)r\s+(jemand(en|em)?\s+ander\w*|meine[mnr]?\s+\w+)"
    # "meine Frau hat auch wen geworben, ist die Prämie bei ihr schon da?"
    rf"|\bmeine?[mnr]?\s+{_PEOPLE}\b[^?!]{{0,80}}\b(geworben|empfohlen)\b[^!]{{0,80}}"
    r"\b(bei\s+(ihr|ihm)|ihre\s+pr(ä|ae)mie|seine\s+pr(ä|ae)mie)\b",
    re.IGNORECASE,
)

_OWN_REWARD = re.compile(
    r"\b(mein|meine|meiner|meinen|meinem)\s+(empfehlung|pr(ä|ae|a)mie|bonus|gutschrift|gutschein|belohnung)",
    re.IGNORECASE,
)


def asks_for_others_status(text: str) -> bool:
    """Whether the customer wants the status of someone else ("kannst du auch
    bei meinem Mann gucken ob seine Prämie da ist?"); not when they name
    their own ("der Stand meiner Empfehlung von meinem Nachbarn")."""
    return _OTHERS_STATUS.search(text) is not None and _OWN_REWARD.search(text) is None


def is_personal(text: str) -> bool:
    """Whether ``text`` speaks of the writer's own things ("meine Prämie").
    "und meine Tochter? die wohnt bei uns" asks who may be recommended: the
    customer's people count only when the message also names a reward
    ("mein Kumpel hat abgeschlossen, wo bleibt die Prämie?")."""
    if _REWARD_WORDS.search(text) is None or _THEIR_REWARD.search(text):
        text = _OWN_PEOPLE.sub(" ", text)
    return _PERSONAL.search(text) is not None


# "kann ich sie für Strom werben?", "darf ich meinen Mann empfehlen": whom the
# customer may recommend, a rule of the program.
_MAY_RECOMMEND = re.compile(
    r"\b(kann|darf|k(ö|oe|o)nnte|d(ü|ue|u)rfte)\b[^.?!]{0,60}\b(werben|empfehlen|anwerben)\b",
    re.IGNORECASE,
)


def asks_may_recommend(text: str) -> bool:
    """Whether the message asks whether someone may be recommended."""
    return _MAY_RECOMMEND.search(text) is not None


# "seinen Bonus", "ihre Prämie": the reward of the person the customer speaks of.
_THEIR_REWARD = re.compile(
    r"\b(sein|seine|seinen|seinem|ihr|ihre|ihren|ihrem)\s+(\w+\s+)?"
    r"(bonus|pr(ä|ae|a)mie|rabatt|vorteil|gutschrift|neukundenbonus|gutschein|geld|belohnung)\b"
    # "ob sie dann trotzdem was bekommt"
    r"|\b(sie|er)\s+((dann|trotzdem|auch|noch|jetzt|denn)\s+)*(was|etwas|eine\s+pr(ä|ae)mie|geld)"
    r"\s+(bekommt|kriegt|erh(ä|ae)lt)\b"
    # "wie lang dauert das bis er die bekommt", "wann kriegt sie das"
    r"|\b(bis|wann|ob)\s+(er|sie)\s+((die|das|den|sie|es|dann|denn|endlich)\s+)*"
    r"(bekommt|kriegt|erh(ä|ae)lt)\b"
    r"|\bwann\s+(bekommt|kriegt|erh(ä|ae)lt)\s+(er|sie)\s+(die|das|den|sie|es)\b",
    re.IGNORECASE,
)


def names_their_reward(text: str) -> bool:
    """Whether the message speaks of someone else's reward ("seine Prämie")."""
    return _THEIR_REWARD.search(text) is not None


# "ich hab meinen Code verlegt", "finde den Empfehlungscode nicht mehr",
# "den Code hab ich nicht".
_LOST_CODE = re.compile(
    r"\b\w*code\b[^.?!]*?\b(verlegt|verloren|vergessen|weg|gel(ö|oe)scht|nicht\s+mehr"
    r"|nicht\s+zur\s+hand)\b"
    r"|\bfinde\w*\s+(meinen\s+|den\s+)?\w*code\s+nicht\b|\b(keinen|ohne)\s+(\w+\s+)?\w*code\b"
    r"|\b\w*code\s+(hab|habe|hätte|haette|weiß|weiss)\w*\s+ich\s+"
    r"((leider|grad|gerade|jetzt|auch|eh|sowieso|halt)\s+)*(nicht|nich|net|ned)\b"
    # "code liegt irgendwo im altpapier", "brauch ich nen code? ich hab keinen"
    r"|\b\w*code\s+(liegt|ist)\s+(irgendwo|weg|verschwunden|futsch)\b"
    r"|\b\w*code\b[^.?!]{0,40}\b(hab|habe)\s+(ich\s+)?(aber\s+|leider\s+|doch\s+)?kein(en)?\b"
    r"|\bhab\w*\s+(den|meinen|seinen|ihren)\s+\w*code\s+(nicht|nich|net|ned)\b"
    r"|\b(wei(ß|ss)|kenne?|hab|habe)\s+(ich\s+)?((leider|doch|ja|eben)\s+)?(nicht|nich|net|ned)\s+(mal\s+|einmal\s+)?"
    r"(den|meinen|seinen|ihren)\s+\w*code\b"
    r"|\b(verloren|verlegt|gel(ö|oe)scht)\b[^.?!]{0,60}?\b\w*code\b",
    re.IGNORECASE,
)


# The code of the reward itself (a voucher, an unlock code) is not the referral code.
_REWARD_CODE = re.compile(
    r"(gutschein|freischalt|streaming|aktivierungs|rabatt|abo|einl(ö|oe)se)[\s-]?code"
    # "die Mail mit dem Code" is the reward mail; "die Bestätigungsmail mit
    # dem Code" (one word) is not matched here.
    r"|\bmail\s+mit\s+(dem|meinem)\s+code",
    re.IGNORECASE,
)


# "hat ohne Code abgeschlossen": the friend signed without it (code_forgotten).
_SIGNED_WITHOUT = re.compile(
    r"abgeschlossen|unterschrieben|abschluss|vertrag\s+gemacht|eingetragen|angegeben|nachtragen",
    re.IGNORECASE,
)


# "hab online abgeschlossen und da nix eingegeben", "hat im Shop
# abgeschlossen, halt ohne den Link": a contract signed without the code.
_SIGNED = re.compile(
    r"\b(abgeschlossen|abschluss|unterschrieben|angemeldet|bestellt|gewechselt|registriert"
    r"|vertrag\s+(gemacht|geholt))\b",
    re.IGNORECASE,
)
_WITHOUT_CODE = re.compile(
    r"\bohne\s+(\w+\s+)?(\w*code|link|empfehlung\w*)\b"
    r"|\b(nix|nichts|keinen\s+\w*code|keinen\s+link)\s+(\w+\s+)?"
    r"(eingegeben|angegeben|eingetragen|benutzt|genutzt)\b"
    r"|\b(code|link)\s+(\w+\s+)?(vergessen|nicht\s+(an|ein)gegeben)\b",
    re.IGNORECASE,
)


def says_signed_without_code(text: str) -> bool:
    """Whether one sentence says a contract was signed without the referral
    code or link (by the writer, a recommended friend, or the referrer's friend)."""
    return any(
        _SIGNED.search(sentence) and _WITHOUT_CODE.search(sentence)
        for sentence in re.split(r"[.?!;]+", text)
    )


# "wo finde ich ihn?": asks where the code is. "ich bin doch der, der
# geworben wurde": the recommended friend, who needs none.
_NOT_LOST = re.compile(r"\bwo\b", re.IGNORECASE)
_WAS_RECOMMENDED = re.compile(r"\b(geworben|empfohlen)\s+wurde\b", re.IGNORECASE)


def mentions_lost_code(text: str) -> bool:
    """Whether the message says the referral code is not at hand (a message
    that gives one does not)."""
    if _REWARD_CODE.search(text) is not None or find_codes(text):
        return False
    return _LOST_CODE.search(text) is not None


# "nee die Mail hab ich gelöscht", "die Bestätigungsmail ist weg": the mail
# with the referral code is gone.
_MAIL_GONE = re.compile(
    r"\b\w*mail\b[^.?!]{0,30}?\b(gel(ö|oe)scht|weg|verloren|futsch|nicht\s+mehr)\b"
    r"|\b(gel(ö|oe)scht|verloren)\b[^.?!]{0,30}?\b\w*mail\b"
    r"|\bfinde\w*\s+(die|meine|diese)\s+\w*mail\s+(nicht|nich|net)\b",
    re.IGNORECASE,
)


def says_mail_gone(text: str) -> bool:
    """Whether the customer says a mail is gone ("die Mail hab ich gelöscht"):
    while the bot asks for the referral code, the mail that brought it."""
    return _MAIL_GONE.search(text) is not None and not find_codes(text)


def asks_where_code_is(text: str) -> bool:
    """ "Empfehlungscode vergessen, wo nachschauen?": where to find the code."""
    return mentions_lost_code(text) and re.search(r"\bwo\b", text, re.IGNORECASE) is not None


def says_code_lost(text: str) -> bool:
    """Whether the customer asks what to do without their referral code (not
    that the friend signed without it, nor where to find it, nor the
    recommended friend, who needs none). A code in the message ("hab die
    alte Mail doch gefunden, Code ist SSE-ORD789") is no longer lost."""
    if _SIGNED_WITHOUT.search(text) or _NOT_LOST.search(text) or find_codes(text):
        return False
    if says_self_recommended(text) or _WAS_RECOMMENDED.search(text):
        # "ich wurde geworben, hab keinen code": the friend needs none; but
        # "hab 3 leute geworben … code hab ich grad nich" has lost it.
        return False
    return mentions_lost_code(text)


# "wie ist der Stand?", "hat es geklappt?": a status question without a reward word.
_STATUS_WORDS = re.compile(
    r"\b(stand|status|geklappt|angekommen|bekomm\w*|krieg\w*|erhalt\w*)\b", re.IGNORECASE
)


def names_status(text: str) -> bool:
    """Whether the message names a reward or a status ("wie ist der Stand?")."""
    return names_reward(text) or _STATUS_WORDS.search(text) is not None


_REWARD_WORDS = re.compile(
    r"pr(ä|ae|a)mie|gutschein|geld|abo|freischalt|(ü|ue|u)berw(ei|ie)s|bonus|ausgezahlt|auszahl",
    re.IGNORECASE,
)


def names_reward(text: str) -> bool:
    """Whether the message names a reward ("Prämie", "Gutschein", "Geld" …)."""
    return _REWARD_WORDS.search(text) is not None


_MAIL_WORDS = re.compile(r"mail|\bcode\b|spam|postfach|posteingang", re.IGNORECASE)


def names_mail(text: str) -> bool:
    """Whether the message names a mail, its code or the inbox."""
    return _MAIL_WORDS.search(text) is not None


def names_mail_or_reward(text: str) -> bool:
    """Whether the message names a reward or the mail it comes with."""
    return names_reward(text) or names_mail(text)


# "wann", "wie lange", "bis wann": a question about time.
# English too ("ok and how long noch?"): half-English follow-ups are common.
_ASKS_WHEN = re.compile(
    r"\b(wann|wi[ea]\s*lange?|wielange|dauert|bis\s+wann|when|how\s+long)\b", re.IGNORECASE
)


# "warum eigentlich so lang", "wieso dauert das ewig": it takes too long.
_TAKES_LONG = re.compile(r"\bso\s+lange?\b|\bewig\b", re.IGNORECASE)


def says_takes_long(text: str) -> bool:
    """Whether the customer says something takes (too) long."""
    return _TAKES_LONG.search(text) is not None


# "wie schnell ist es dann da?": how soon the reward comes.
_HOW_SOON = re.compile(r"\bwie\s+schnell\b|\bwie\s+bald\b", re.IGNORECASE)


def asks_how_soon(text: str) -> bool:
    """Whether the message asks how soon something comes."""
    return _HOW_SOON.search(text) is not None


def asks_when(text: str) -> bool:
    """Whether the message asks about time ("wie lange dauert das?")."""
    return _ASKS_WHEN.search(text) is not None


# "wie steht meine Empfehlung", "wo bleibt meine Prämie", "Stand bei mir": the
# customer's own status, asked beside another question.
_OWN_STATUS = re.compile(
    r"\bwie\s+(steht|stehts|sieht)\w*\s+(es\s+)?(mit\s+|um\s+)?(meine[rm]?|bei\s+mir)\b"
    r"|\bstand\s+(meiner|meines|bei\s+mir)\b|\bwo\s+bleibt\s+(denn\s+)?mein"
    r"|\bwo\s+(ist|bleibt)\s+(denn\s+|jetzt\s+|eigentlich\s+)?(die|meine)\s+"
    r"(pr(ä|ae|a)mie|belohnung|gutschein|geld|kohle)\b"
    r"|\bwann\s+(kommt|bekomme|krieg\w*|erhalte)\s+(ich\s+)?(denn\s+|endlich\s+|eigentlich\s+|jetzt\s+|dann\s+)*mein"
    r"|\bhat\s+meine\s+empfehlung\s+(geklappt|funktioniert)"
    # "warum wurde meine empfehlung storniert??": the customer's own outcome
    r"|\b(warum|wieso|weshalb)\s+(wurde|ist|wird)\s+meine\s+empfehlung\s+"
    r"(storniert|abgelehnt|gestrichen|annulliert|abgelaufen|ung(ü|ue)ltig)"
    # "ob meine empfehlung durch is", "obs geklappt hat"
    r"|\bob\s+(meine\s+empfehlung|die\s+empfehlung|das|es)\s+(schon\s+)?(durch|geklappt|angekommen)\b"
    r"|\bob'?s\s+(schon\s+)?geklappt\b"
    # "kannst du mal gucken, ob das bei euch angekommen is?"
    r"|\b(kannst|k(ö|oe)nnt|k(ö|oe)nnen)\s+(du|ihr|sie)\s+((mal|bitte|kurz|eben)\s+)*"
    r"(gucken|schauen|nachschauen|nachsehen|nachgucken|checken|pr(ü|ue)fen)\b"
    r"|\bhat\s+\w+\s+(schon|bereits|endlich|jetzt)\s+(unterschrieben|abgeschlossen|unterzeichnet)\b"
    r"|\bob\s+(die|der|das|sie|er|es|meine?\w*)\s+(\w+\s+)?schon\s+"
    r"(unterwegs|raus|da|angekommen|verschickt|(ü|ue|u)berwiesen)\b"
    # "hab vor 2 jahren jemand geworben und nie was gekriegt"
    r"|\b(nie|noch\s+nie|nie\s+irgendwas|bis\s+heute\s+nicht|immer\s+noch\s+nicht|noch\s+nichts|noch\s+nix)"
    r"\s+((was|etwas|eine?|meine?n?|die|den|das)\s+)?((?!antwort|r(ü|ue)ckmeldung|bescheid|nachricht)\w+\s+)?"
    r"(gekriegt|bekommen|erhalten|gesehen)\b"
    # "wann genau wurde das überwiesen?": the date in the customer's records.
    r"|\bwann\s+(genau\s+)?(wurde|ist|habt\s+ihr|haben\s+sie)\s+(das|die|der|den|sie|er|es|mein\w*)\s+"
    r"(\w+\s+)?((ü|ue|u)berwiesen|verschickt|geschickt|angewiesen|rausgegangen)\b",
    re.IGNORECASE,
)


def asks_own_status(text: str) -> bool:
    """Whether the message asks for the customer's own status, too."""
    return _OWN_STATUS.search(text) is not None


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
    "super Service, danke auch.")."""
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


def apologises(text: str) -> bool:
    """Whether the customer apologises for harsh words."""
    return _APOLOGY.search(text) is not None


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
    r"\bauf\s+wieder(h(ö|oe)ren|sehen|lesen)\b|\btsch(ü|ue)ss?\b|\bciao\b|\bbye\b"
    r"|\bsch(ö|oe)ne[nsr]?\s+(tag|abend|wochenende|feierabend)\b|\bbis\s+(dann|bald)\b",
    re.IGNORECASE,
)


def thank_response(text: str) -> str:
    """The thank-you for a message that thanks: the regretful one after a
    disappointment ("naja trotzdem danke"), a goodbye when it takes leave
    ("Vielen Dank, auf Wiederhören"), else the usual one."""
    closing = closing_thanks(text) or "utter_thank"
    if closing == "utter_thank" and takes_leave(text):
        return goodbye_response(text)
    return closing


# The customer's own wish when leaving, most specific first: "frohe
# Weihnachten", "schönes Wochenende", "gute Nacht", "schönen Abend/Feierabend".
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
    for wish, response in _WISHES:
        if wish.search(text):
            return response
    return "utter_goodbye"


# "verbinden Sie mich", "einen Mitarbeiter", "ein Mensch": the customer asks for a person.
# "wer kann mir dann helfen", "an jemand, der das entscheiden kann", "wenn
# sich da jemand meldet": someone of the team, in other words.
_ASKS_FOR_PERSON = re.compile(
    r"\bverbinde\w*\s+(sie\s+)?mich\b|\bmitarbeiter\w*\b|\bmensch(en|n)?\b|\bechte[nm]?\s+person\b"
    r"|\bwer\s+kann\s+mir\s+(\w+\s+)?helfen\b|\bwer\s+hilft\s+mir\b"
    r"|\b(kann|will)\s+mir\s+(denn\s+|also\s+|hier\s+)*(keiner|niemand)\s+helfen\b"
    r"|\b(jemand|wer|einer)\s+echt(es|er|en)?\b"
    r"|\bjemand\w*\b[^.?!]{0,30}\b(entscheide\w*|meldet|melden|zust(ä|ae)ndig\w*"
    # "hätte gern jemanden von ihnen, der prüft ob das geklappt hat"
    r"|pr(ü|ue)ft|pr(ü|ue)fen|nachschaut|nachsieht|k(ü|ue)mmert|ansieht|anschaut)\b",
    re.IGNORECASE,
)


def asks_for_person(text: str) -> bool:
    """Whether ``text`` asks for a person of the service team in so many words."""
    return _ASKS_FOR_PERSON.search(text) is not None


# "wie krieg ich die jetzt geändert?", "ich will das umstellen": a change of
# the customer's details asked for.
_TO_CHANGE = re.compile(
    r"\b(ä|ae)nder\w*|\bge(ä|ae)ndert\b|\bumstell\w*|\bumgestellt\b|\baktualisier\w*",
    re.IGNORECASE,
)


def asks_to_change(text: str) -> bool:
    """Whether the message asks for a change of the customer's details."""
    return _TO_CHANGE.search(text) is not None


# "kann da nicht jemand ne ausnahme machen?", "aus Kulanz vielleicht?".
_EXCEPTION = re.compile(
    r"\bausnahm\w*|\bkulanz\w*|\bauge\s+zudr(ü|ue)ck\w*|\bein\s+auge\s+zu\b", re.IGNORECASE
)


def asks_exception(text: str) -> bool:
    """Whether the customer asks for an exception from the rules."""
    return _EXCEPTION.search(text) is not None


# "wie änder ich die (mailadresse) bei euch", "neue IBAN eintragen lassen":
# a change of the details on file.
_CHANGE_DETAILS = re.compile(
    r"\b(e-?mail\w*|mail\w*|adresse|konto\w*|iban|bankverbindung|bankdaten|nachname|name[n]?)\b"
    r"[^.?!]{0,40}\b((ä|ae)nder\w*|ge(ä|ae)ndert|aktualisier\w*|eintragen)\b"
    r"|\b((ä|ae)nder\w*|aktualisier\w*)\b[^.?!]{0,30}\b(e-?mail\w*|mail\w*|adresse|konto\w*"
    r"|iban|bankverbindung|bankdaten)\b",
    re.IGNORECASE,
)


def asks_to_change_details(text: str) -> bool:
    """Whether the message asks how to change an address, account or name."""
    return _CHANGE_DETAILS.search(text) is not None


# "ich will jetzt einen echten Menschen", "bitte einen Mitarbeiter": a person
# wished for, not asked about ("bist du ein Mensch?").
_WISHES_PERSON = re.compile(
    r"\b(will|w(ö|oe)llte|m(ö|oe)chte|h(ä|ae)tte\s+gern|brauch\w*|verbinde\w*|bitte|gib|hol)\b",
    re.IGNORECASE,
)


def wants_person(text: str) -> bool:
    """Whether ``text`` asks to be put through to a person of the team."""
    return asks_for_person(text) and _WISHES_PERSON.search(text) is not None


# "ich schau kurz nach meinem Code", "moment, such den Code raus".
_LOOKS_FOR_CODE = re.compile(
    r"\b(such|schau|guck|kram|hol)\w*\b[^.?!]{0,25}?\b\w*code\b|\b\w*code\b[^.?!]{0,15}?\b(raus|such\w*)\b",
    re.IGNORECASE,
)


def looks_for_code(text: str) -> bool:
    """Whether the customer is fetching their code right now."""
    return _LOOKS_FOR_CODE.search(text) is not None and not mentions_lost_code(text)


# "wenn er wieder kündigt", "was ist, wenn sie vorher kündigt": the friend's
# contract, not the customer threatening to cancel their own.
_FRIEND_CANCELS = re.compile(r"\b(ge)?k(ü|ue|u)ndigt\b|\bwiderruft\b", re.IGNORECASE)
_OWN_CANCELLING = re.compile(
    r"\bich\b[^.?!]{0,40}\bk(ü|ue|u)ndige\b|\bk(ü|ue|u)ndige\s+ich\b"
    r"|\b(ich|mein\w*)\b[^.?!]{0,30}\bgek(ü|ue|u)ndigt\b",
    re.IGNORECASE,
)


def speaks_of_friend_cancelling(text: str) -> bool:
    """Whether the message asks about the friend cancelling, not the customer."""
    return _FRIEND_CANCELS.search(text) is not None and _OWN_CANCELLING.search(text) is None


_ASKS_WHY = re.compile(r"\b(warum|wieso|weshalb|wiso|why)\b", re.IGNORECASE)


def asks_why(text: str) -> bool:
    """Whether the message asks why ("warum nicht?", "wieso das denn")."""
    return _ASKS_WHY.search(text) is not None


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
    r"^\W*((und|aber|also|ok|okay|gut|achso)\W+)?(was|wie|wann|wo|wer|warum|wieso|weshalb"
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


# "und wann meldet sich jemand?", "wann ruft mich wer an", "wann hör ich was
# von euch": when a person of the team gets in touch.
_ASKS_WHEN_CONTACTED = re.compile(
    r"\bwann\s+(meldet|melden|ruft|rufen|schreibt|schreiben|antwortet|antworten)\s+"
    r"(sich\s+|mich\s+|mir\s+)?(denn\s+|dann\s+|endlich\s+|da\s+|jetzt\s+|hier\s+)*"
    r"(jemand|wer|ihr|einer|eine|man|ein\s+mitarbeiter\w*|ein\s+mensch"
    r"|(das\s+|der\s+)?(service-?|kunden)?(team|service|dienst))\b"
    r"|\bwann\s+h(ö|oe|o)r\w*\s+ich\s+(denn\s+|dann\s+|endlich\s+)*"
    r"(was|etwas|eine\s+antwort|antwort|bescheid|r(ü|ue|u)ckmeldung)\b"
    # "wann bekomm ich dann was" asks for the reward, not for an answer.
    r"|\bwann\s+(bekomm\w*|krieg\w*)\s+ich\s+(denn\s+|dann\s+|endlich\s+)*"
    r"(eine\s+antwort|antwort|bescheid|r(ü|ue|u)ckmeldung)\b"
    r"|\bbis\s+sich\s+(da\s+|dann\s+|mal\s+)*(jemand|wer|einer|ihr)\s+(bei\s+mir\s+)?meldet",
    re.IGNORECASE,
)


# "heute noch oder was? und wie, ruft ihr an?" to the offer of an e-mail
# reply: when, and how, the team gets in touch.
_ABOUT_REPLY = re.compile(
    r"\bheute\s+noch\b|\bnoch\s+heute\b|\bmorgen\b|\bruft\s+(ihr|man|jemand|mich)\b"
    r"|\b(an)?rufen\s+(sie|ihr)\b|\btelefonisch\b|\bper\s+telefon\b",
    re.IGNORECASE,
)
_ASKS_CALL = re.compile(r"\bruft\b|\brufen\s+(sie|ihr)\b|\banrufen\b|\btelefon", re.IGNORECASE)


# "dann ruft mich halt morgen an", "können sie mich zurückrufen?"
_CALL_ME = re.compile(
    r"\b(ruft|rufen\s+sie|ruf|rufst\s+du)\s+mich\b|\bmich\s+(an|zur(ü|ue)ck)?rufen\b"
    r"|\bzur(ü|ue)ckrufen\b|\br(ü|ue)ckruf\b",
    re.IGNORECASE,
)


def asks_to_be_called(text: str) -> bool:
    """Whether the customer asks to be called back (the team answers by e-mail)."""
    return _CALL_ME.search(text) is not None


# "was muss ich dem dann sagen bzw. bereithalten?" to the offer of a reply.
_WHAT_TO_PREPARE = re.compile(
    r"\bwas\s+(muss|soll)\s+ich\s+((dem|der|denen|da|dann|euch|ihnen|denn)\s+)*(\w+\s+)?"
    r"(sagen|bereithalten|bereit\s+halten|angeben|mitteilen|vorbereiten|raussuchen|heraussuchen)\b"
    r"|\bbereit\s*halten\b",
    re.IGNORECASE,
)


def asks_what_to_prepare(text: str) -> bool:
    """Whether the customer asks what to have ready for the team."""
    return _WHAT_TO_PREPARE.search(text) is not None


# "und wenn nicht?": what if the condition just named is not met.
_IF_NOT = re.compile(
    r"^\W*(und|aber)?\s*(wenn|falls)\s+(nicht|nein|das\s+nicht)(\W+(was|wie)\s+(dann|jetzt))?\W*$",
    re.IGNORECASE,
)


def asks_if_not(text: str) -> bool:
    """Whether the message only asks what happens if the condition is not met."""
    return _IF_NOT.match(text) is not None


# "echt jetzt? wann soll das gewesen sein", "wann war das denn?": the date
# of something the bot said has happened.
_WHEN_PAST = re.compile(
    r"\bwann\s+(soll|sollte|war|wurde)\s+(das|es|die|der|sie|er)\b(\s+\w+){0,3}?"
    r"(\s+(gewesen|passiert|raus|rausgegangen|(ü|ue|u)berwiesen|verschickt|geschickt))?\b",
    re.IGNORECASE,
)


def asks_when_past(text: str) -> bool:
    """Whether the customer asks when something already happened."""
    return _WHEN_PAST.search(text) is not None


# "ja bitte, mach das", "ja gerne": a yes that asks the bot to act.
_PLEASE_DO = re.compile(
    r"\b(bitte|mach\s+(das|mal)|machen\s+sie\s+das|gerne?|k(ü|ue)mmer)\b", re.IGNORECASE
)


def asks_to_act(text: str) -> bool:
    """Whether a yes asks the bot to do something ("ja bitte, mach das")."""
    return _PLEASE_DO.search(text) is not None and not is_thanks(text)


# "müssen die sich beeilen?", "wenn ich meine kumpels werbe": the
# recommended friend now asks as someone who recommends others.
_AS_REFERRER = re.compile(
    r"\b(die|sie)\s+sich\b|\bmeine\s+(kumpels|freunde|kollegen|kolleginnen|bekannten)\b"
    r"|\bwenn\s+ich\s+(\w+\s+){0,2}(empfehle|werbe)\b|\bselber\s+(leute\s+)?werben\b",
    re.IGNORECASE,
)


def speaks_as_referrer(text: str) -> bool:
    """Whether the message asks about recommending others (not one's own contract)."""
    return _AS_REFERRER.search(text) is not None


def asks_about_reply(text: str) -> bool:
    """Whether a message to the offer of an e-mail reply asks when or how it comes."""
    return _ABOUT_REPLY.search(text) is not None or asks_when_contacted(text)


def asks_for_call(text: str) -> bool:
    """Whether the customer asks about a call or to be called back (the team
    answers by e-mail)."""
    return _ASKS_CALL.search(text) is not None or asks_to_be_called(text)


# "gib mir mal die handynummer von hannah", "habt ihr die adresse von
# meinem kumpel?": contact details of someone the customer recommended.
_CONTACT_OF = re.compile(
    r"\b(?:handy|telefon|mobil|tel\.?)?-?nummer|\b(?:e-?mail-?|mail|post)?adresse\b|\bkontaktdaten\b",
    re.IGNORECASE,
)
_OF_PERSON = re.compile(r"\b(?:von|vom)\s+(?:der|dem|meine[mr]?|meinem)?\s*(\w+)", re.IGNORECASE)


def names_contact_details(text: str) -> bool:
    """Whether the message speaks of a phone number, an address or contact details."""
    return _CONTACT_OF.search(text) is not None


# "wie heißt der eigentlich mit nachnamen?", "den vollen namen bitte": the
# full name of someone, which the status only shows shortened.
_FULL_NAME = re.compile(
    r"\b(nach|familien|zu)namen?s?\b|\b(vollen?|ganzen?|vollst(ä|ae)ndigen?|kompletten?)\s+namen?\b"
    r"|\bwie\s+hei(ß|ss)t\s+(der|die|er|sie)\s+(denn\s+|eigentlich\s+|genau\s+)*(ganz|richtig)\b",
    re.IGNORECASE,
)


_OWN_NAME = re.compile(r"\b(mein|meine[nm]?|ich|neue[rn]?)\b[^.?!]{0,20}name", re.IGNORECASE)


def asks_full_name(text: str) -> bool:
    """Whether the customer asks for someone's full name (not their own:
    "mein nachname hat sich geändert")."""
    return _FULL_NAME.search(text) is not None and _OWN_NAME.search(text) is None


# "muss ich da seine Handynummer angeben?": details the customer would give.
_GIVES_DETAILS = re.compile(
    r"\b(angeben|anzugeben|eintragen|einzutragen|hinterlegen|mitteilen|mitschicken)\b",
    re.IGNORECASE,
)


def asks_contact_of(text: str, friends: list[str]) -> bool:
    """Whether the customer asks for the contact details of someone they
    recommended: by a friend's first name as the status showed it, or by
    a word for a person ("von meiner kollegin")."""
    if not names_contact_details(text) or _GIVES_DETAILS.search(text) is not None:
        return False
    firsts = {friend.split()[0].lower() for friend in friends if friend}
    for match in _OF_PERSON.finditer(text):
        word = match.group(1).lower()
        if word in firsts or re.fullmatch(_PEOPLE, word, re.IGNORECASE):
            return True
    return False


def asks_when_contacted(text: str) -> bool:
    """Whether the customer asks when someone of the team gets in touch."""
    return _ASKS_WHEN_CONTACTED.search(text) is not None


# "und was genau bekomme ich dann?", "was krieg ich denn?": a short question
# for the reward of whoever asks, with no topic of its own.
_ASKS_WHAT_I_GET = re.compile(
    r"^\W*(und\s+|aber\s+|also\s+|ok\s+)?(was|wie\s*viel)\s+"
    r"(genau\s+|denn\s+|dann\s+|jetzt\s+|eigentlich\s+)*"
    r"(bekomm|bekomme|krieg|kriege|bekommt|kriegt)\s+(ich|man)\b"
    r"(\s+(denn|dann|genau|jetzt|eigentlich|da|dafür|dafuer|davon))*\W*$",
    re.IGNORECASE,
)


def asks_what_i_get(text: str) -> bool:
    """Whether the message only asks what the writer gets ("und was genau
    bekomme ich dann?")."""
    return _ASKS_WHAT_I_GET.search(text.strip()) is not None


# "ich hab die bank gewechselt", "das alte konto ist gekündigt": the account
# the reward goes to is no longer the customer's.
_ACCOUNT_CHANGED = re.compile(
    r"\bbank\s+gewechselt\b|\b(neue|andere)\s+bank\b|\b(altes?|alten)\s+konto\b"
    r"|\bkonto\b[^.?!]{0,30}\b(gekündigt|gekuendigt|aufgelöst|aufgeloest|geschlossen|gewechselt"
    r"|gibt\s+es\s+nicht\s+mehr|existiert\s+nicht\s+mehr)\b",
    re.IGNORECASE,
)


def says_account_changed(text: str) -> bool:
    """Whether the customer says their bank account changed or was closed."""
    return _ACCOUNT_CHANGED.search(text) is not None


# "ist die mail mit dem gutscheinlink echt??", "phishing oder nicht?", "der
# Absender sagt mir nichts, ist die von Ihnen?": whether a mail is genuine.
_GENUINE_DOUBT = re.compile(
    r"phishing|fake|betrugs\w*|betrug\b|seri(ö|oe)s|\bfishing\b"
    r"|(mail|nachricht|link)\w*\s+([\w-]+\s+){0,4}echt\s*(\?|$|oder\b)|\becht\s+oder\b|\babsender",
    re.IGNORECASE,
)
_A_MAIL = re.compile(r"mail|nachricht|absender|\blink", re.IGNORECASE)
# "… oder ist das fake": the doubt asked without a question mark.
_EITHER_GENUINE = re.compile(
    r"\boder\s+(ist\s+(das|die)\s+)?(fake|echt|phishing|betrug)", re.IGNORECASE
)


def doubts_mail_is_genuine(text: str) -> bool:
    """Whether the customer asks if a mail (about the reward) is genuine."""
    asks = is_question(text) or _EITHER_GENUINE.search(text) is not None
    return asks and _GENUINE_DOUBT.search(text) is not None and _A_MAIL.search(text) is not None


# "ich hab auch selbst jemanden geworben": the writer recommended someone.
_HAS_RECOMMENDED = re.compile(
    r"\b(hab|habe|hatte)\b[^.?!]{0,40}\b(geworben|empfohlen)\b", re.IGNORECASE
)


def says_has_recommended(text: str) -> bool:
    """Whether the writer says they recommended someone themselves."""
    return _HAS_RECOMMENDED.search(text) is not None


# "was heißt das?", "registriert heißt was genau?", "was bedeutet angewiesen",
# "was meinen Sie mit Wartezeit": the customer asks what the bot's words mean.
_ASKS_MEANING = re.compile(
    r"\bwas\s+(soll\s+(das|dies)\s+)?(hei(ß|ss|s)t|hei(ß|ss)en|bedeutet|bedeuten"
    r"|meinen\s+sie\s+mit|meinst\s+du\s+mit)\b"
    r"|\b(hei(ß|ss|s)t|bedeutet)\s+(das\s+)?(denn\s+|jetzt\s+|dann\s+)?"
    r"(was|konkret|genau|im\s+klartext)\b"
    r"|\b(hei(ß|ss|s)t|bedeutet)\s+das\b|\breicht\s+das\s+(denn\s+)?nicht\b"
    r"|\bwas\s+(ist|sind)\s+(damit|denn\s+damit)\s+gemeint\b"
    # "das verstehe ich nicht ganz, können Sie das einfacher erklären?"
    r"|\b(einfacher|verst(ä|ae)ndlicher|anders)\s+(erkl(ä|ae)r|sagen|ausdr(ü|ue)ck)"
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
_STATUS_ECHO = re.compile(
    r"^\W*((h(ä|ae)|hm+|wie|was|moment|echt|(ä|ae)hm?)\W+)?((schon|bereits)\s+)?"
    r"(abgelaufen|abgelehnt|registriert|angewiesen|qualifiziert|verfallen"
    r"|pr(ä|ae|a)mienberechtigt|unzustellbar|zur(ü|ue|u)ckgekommen|zur(ü|ue|u)ckgegangen"
    r"|(ü|ue)berwiesen|verschickt|ausgezahlt|wartezeit|widerrufsfrist)\b\s*\?",
    re.IGNORECASE,
)


def echoes_status(text: str) -> bool:
    """Whether the message echoes a word of the status as a question
    ("abgelehnt??", "hä? schon überwiesen? wann denn?")."""
    return _STATUS_ECHO.search(text) is not None


def asks_meaning(text: str) -> bool:
    """Whether the customer asks what the bot's last words mean ("was heißt
    das?", "abgelaufen? wie kann das sein")."""
    if _ASKS_MEANING.search(text) is not None:
        return True
    # "überwiesen? wann denn, auf meinem Konto ist nix" says what is missing.
    return echoes_status(text) and not says_not_arrived(text)


# "ich wurde von meiner Kollegin geworben", "mein Kumpel hat mich geworben",
# "als Geworbener", "einen Code hab ich nicht, den hat ja sie", "ich bin doch
# der Geworbene": the writer is the recommended friend, who has no referral
# code. "der von mir geworben wurde" is the referrer speaking and does not count.
_SELF_RECOMMENDED = re.compile(
    r"\bich\s+(bin|wurde)\b[^.?!]{0,40}\b(geworben|empfohlen)\w*"
    # "mich … empfohlen", but not "über mich und den Freund, den ich empfohlen hab"
    # (also in dialect: "mei spezl hod mi … empfohln", "hat mi gworben")
    r"|\b(mich|mi)\b(?:(?!\bich\b)[^.?!]){0,40}\b((ge|g)?worbe?n|empfohle?n)\b"
    r"|\bals\s+(geworbene|empfohlene)[rn]?\b"
    r"|\b(der|die)\s+geworbene\s+bin\s+ich\b"
    # "bin ja nur der geworbene"
    r"|\bbin\s+((ja|doch|nur|halt|eben|auch)\s+)*(der|die|ein|eine)\s+(geworbene|empfohlene)"
    # "ich bin über eine Empfehlung meines Chefs Kunde geworden"
    r"|\bbin\s+(ich\s+)?(über|ueber|durch)\s+(eine|die|seine|ihre)\s+empfehlung\b"
    r"|\b(den|die)\s+hat\s+(ja|doch)\s+(sie|er)\b"
    r"|\bmein\w*\s+(neukunden|willkommens)\w*"
    # "mein nachbar hat mir euren strom empfohlen"
    r"|\bhat\s+mir\s+(euren|eure|euer|euch|den|die|das|ihren|ihre|autosicher|sonnenstrom"
    r"|funknetz)\b[^.?!]{0,25}\bempfohlen\b"
    # "mein schwager hat mich zu euch geholt"
    r"|\b(hat|hats)\s+mich\s+(zu\s+(euch|ihnen|\w+)\s+)(geholt|gebracht|gelotst)\b",
    re.IGNORECASE,
)


def says_self_recommended(text: str) -> bool:
    """Whether the writer says they were recommended themselves."""
    return _SELF_RECOMMENDED.search(text) is not None


# "ich bin ja gar nicht Kunde", "nie angemeldet": the writer takes no part in
# the program, so has no referral code to be verified with.
_NOT_PARTICIPANT = re.compile(
    r"\bbin\s+((ja|doch|gar|überhaupt|ueberhaupt)\s+)*(nicht|kein(e)?)\s+"
    r"(kunde|kundin|teilnehmer\w*|angemeldet|dabei)\b"
    r"|\b(nie|nirgends|nirgendwo)\s+(angemeldet|teilgenommen|mitgemacht)\b"
    r"|\bnicht\s+(angemeldet|teilgenommen)\b"
    # "ich kenn euch gar nicht", "hab nie was mit euch zu tun gehabt", "ich
    # bin ja nicht der mit dem code"
    r"|\bkenne?\s+(euch|sie|die)\s+((ja|doch|gar|überhaupt|ueberhaupt)\s+)*nicht\b"
    r"|\bnie\s+(was|etwas)\s+mit\s+\w+\s+zu\s+tun\b"
    # "obwohl ich nie was bestellt hab", "war nie kunde bei euch"
    r"|\bnie\s+(was|etwas|irgendwas)\s+(bei\s+\w+\s+)?(bestellt|abgeschlossen|gekauft)\b"
    r"|\b(war|bin)\s+(doch\s+|noch\s+)?(nie|nirgend(s|wo))\s+(kunde|kundin|teilnehmer\w*)\b"
    r"|\bnicht\s+(der|die)(jenige)?\s+mit\s+dem\s+code\b",
    re.IGNORECASE,
)


# "noch nie mitgemacht … wenn ich meinem Sohn FunkNetz empfehlen möchte",
# "falls ich mitmache": someone who may take part, not a recommended person.
_PLANS_TO_TAKE_PART = re.compile(
    r"\b(wenn|falls|würde|wuerde|möchte|moechte|will|überlege|ueberlege|könnte|koennte)\b"
    r"[^.?!]{0,50}\b(empfehlen|werben|mitmachen|mitzumachen|teilnehmen|teilzunehmen)\b",
    re.IGNORECASE,
)


def takes_no_part(text: str) -> bool:
    """Whether the writer says they do not take part in the program (and
    do not say they want to)."""
    return _NOT_PARTICIPANT.search(text) is not None and _PLANS_TO_TAKE_PART.search(text) is None


# "schickt ihn an meine neue Adresse", "bitte an … senden": the reward mail
# should go to the address the message names.
_SEND_THERE = re.compile(
    r"\b(schick|send|versend|zuschick|weiterleit)\w*\b|\ban\s+(meine|die)\s+neue\b", re.IGNORECASE
)


def asks_to_send_there(text: str) -> bool:
    """Whether the message asks to send something to an address it names."""
    return _SEND_THERE.search(text) is not None


# Words just before an address that mark it as the one on file ("hinterlegt
# ist …", "alte Mail: …") or as the new one ("an meine neue …").
_ON_FILE_CUE = re.compile(
    r"\b(hinterlegt|alte[nrs]?|bisherige[nrs]?|registriert|angemeldet|eingetragen|gespeichert)\b",
    re.IGNORECASE,
)
_NEW_CUE = re.compile(r"\bneue[nrs]?\b|\ban\s*$", re.IGNORECASE)
# How far before an address its cue may stand.
_CUE_SPAN = 40


def on_file_and_new_address(text: str) -> tuple[str, str] | None:
    """The address on file and the new one, when a message names exactly two
    and says which is which ("Bitte an …@web.de schicken, hinterlegt ist
    …@example.com"); None otherwise."""
    found = list(EMAIL_IN_TEXT.finditer(text))
    if len(found) != 2:
        return None
    before = [text[max(0, match.start() - _CUE_SPAN) : match.start()] for match in found]
    on_file = [bool(_ON_FILE_CUE.search(part)) for part in before]
    new = [bool(_NEW_CUE.search(part)) for part in before]
    for first, second in ((0, 1), (1, 0)):
        if (on_file[first] and not on_file[second]) or (new[second] and not new[first]):
            return found[first].group(0), found[second].group(0)
    return None


# "doch an die alte adresse, das postfach war nur voll": the old address
# should work again, so the customer wants the reward sent there after all.
_OLD_ADDRESS_FIXED = re.compile(
    r"\b(alte|bisherige|erste|vorherige)n?\s+(e-?mail-?|mail-?)?(adresse|mail|postfach)\b"
    r"(?=.*\b(voll|aufger(ä|ae)umt|platz|geleert|leer\s+gemacht|funktioniert\s+wieder"
    r"|geht\s+wieder|wieder\s+frei)\b)",
    re.IGNORECASE | re.DOTALL,
)


def wants_old_address_fixed(text: str) -> bool:
    """Whether the customer wants the reward at the old address after all,
    saying why it works again."""
    return _OLD_ADDRESS_FIXED.search(text) is not None


# "die vollständige IBAN mitteilen, auf die der Betrag gebucht wurde": the
# bank details on file shown here ("auf welches konto?" asks where the money
# went, which the status answers).
_BANK_DETAILS_SHOWN = re.compile(
    r"\b(iban|bankverbindung|kontonummer|bankdaten)\b[^.?!]{0,60}"
    r"\b(mitteilen|mitzuteilen|nennen|zeigen|anzeigen|sagen|durchgeben)\b",
    re.IGNORECASE,
)


def asks_bank_details_shown(text: str) -> bool:
    """Whether the customer asks to be told the bank details on file."""
    return _BANK_DETAILS_SHOWN.search(text) is not None


# "können sie mal schauen ob bei ihr alles passt": something to be looked up.
_CHECK_WHETHER = re.compile(
    r"\b(gucken|schauen|nachschauen|nachsehen|nachgucken|pr(ü|ue)fen|checken)\b[^.?!]{0,10}\bob\b",
    re.IGNORECASE,
)


def asks_to_check_whether(text: str) -> bool:
    """Whether the customer asks the bot to look something up ("schauen ob …")."""
    return _CHECK_WHETHER.search(text) is not None


# "können sie das nicht einfach intern weiterleiten?", "zu umständlich":
# the customer wants this service to pass a matter on for them.
_TO_FORWARD = re.compile(
    r"\bweiter(leiten|geben|reichen)\b|\bweiterleit\w*|\bumst(ä|ae)ndlich\b"
    r"|\b(leite|leitet|gib|gebt|reich|reicht)\b[^.?!]{0,20}\bweiter\b",
    re.IGNORECASE,
)


def asks_to_forward(text: str) -> bool:
    """Whether the customer asks this service to pass their matter on."""
    return _TO_FORWARD.search(text) is not None


# "und wie lange gilt der dann?", "ist der unbegrenzt gültig?": how long
# something just named holds, asked with a pronoun.
_HOW_LONG_IT_HOLDS = re.compile(
    r"\bwie\s+lange?\s+(gilt|ist)\s+(der|die|das|er|sie|es)\b(\s+\w+)?(\s+g(ü|ue)ltig)?"
    r"|\b(der|die|das|er|sie|es)\s+(unbegrenzt|ewig|noch)\s+g(ü|ue)ltig\b",
    re.IGNORECASE,
)


def asks_how_long_it_holds(text: str) -> bool:
    """Whether a short follow-up asks how long something just named holds."""
    return len(text.split()) <= 8 and _HOW_LONG_IT_HOLDS.search(text) is not None


# "aber wie komme ich jetzt dran?", "wie krieg ich meinen gutschein denn
# nun?": how the customer gets hold of the reward at all.
_HOW_TO_GET = re.compile(
    r"\bwie\s+(komm|krieg|bekomm)\w*\s+(ich|man)\b[^.?!]{0,30}"
    r"\b(dran|ran|daran|an\s+(den|die|das|meinen|meine|mein)\b|gutschein\w*|code|pr(ä|ae)mie)",
    re.IGNORECASE,
)


def asks_how_to_get(text: str) -> bool:
    """Whether the customer asks how to get hold of the reward."""
    return _HOW_TO_GET.search(text) is not None


# "kann man mir den code hier anzeigen?", "schreib mir den gutscheincode
# einfach hier rein": the reward's own code shown in the chat (never the
# referral code, which the customer gives the bot, not the other way round).
_CODE_SHOWN = re.compile(
    r"\b(code|gutscheincode|freischaltcode|aktivierungscode|gutschein|voucher)\b"
    r"[^.?!]{0,40}\b(anzeigen|zeigen|zeigt|sehen|nennen|sagen|durchgeben|vorlesen"
    r"|(hier|im\s+chat)\s+(rein)?(schreiben|schicken|posten|geben)|(im|in\s+den)\s+chat|hier\s*rein)\b"
    r"|\b(zeig|zeigen|nennen|sag|sagen|schreib)\w*\s+(mir|uns)\b[^.?!]{0,20}\b(den|meinen)\s+"
    r"(gutschein|freischalt|aktivierungs)?code\b",
    re.IGNORECASE,
)
# The referral code by name, or a code the customer says they gave already
# ("den code hab ich im chat schon angegeben").
_NOT_REWARD_CODE = re.compile(
    r"\b(empfehlungs|werbe|einladungs|kwk)-?code\b|\b(angegeben|eingegeben|genannt|geschrieben)\b",
    re.IGNORECASE,
)


def asks_code_shown(text: str) -> bool:
    """Whether the customer wants the reward's code shown here in the chat."""
    return _CODE_SHOWN.search(text) is not None and _NOT_REWARD_CODE.search(text) is None


# "wo wurde der hingeschickt", "an welche Adresse habt ihr das geschickt",
# "wohin ging die Mail": where the reward went.
_WHERE_SENT = re.compile(
    r"\b(wo|wohin)\b[^.?!]{0,30}\b(hin)?(geschickt|gesendet|verschickt|ging|gegangen)\b"
    r"|\ban\s+welche\s+(e-?mail|mail|adresse|mailadresse|e-?mail-?adresse)\b",
    re.IGNORECASE,
)


def asks_where_sent(text: str) -> bool:
    """Whether the customer asks where their reward was sent."""
    return _WHERE_SENT.search(text) is not None


# "krieg ich da eine Bestätigung?", "hab ich das irgendwie schriftlich?"
_CONFIRMATION = re.compile(
    r"\b(best(ä|ae|a)tigung\w*|eingangsbest\w*|schriftlich|nachweis|beleg)\b", re.IGNORECASE
)


def asks_for_confirmation(text: str) -> bool:
    """Whether the message asks for a confirmation or something in writing."""
    return _CONFIRMATION.search(text) is not None


# "kannst du den einfach nochmal schicken?", "bitte erneut zusenden".
_MAIL_AGAIN = re.compile(
    r"\b(nochmal|noch\s+mal|noch\s+einmal|erneut|wieder)\b[^.?!]{0,30}"
    r"\b(schick|send|zuschick|zusend|verschick)\w*"
    r"|\b(schick|send)\w*\b[^.?!]{0,20}\b(nochmal|noch\s+mal|noch\s+einmal|erneut)\b"
    # "dann bitte noch einmal an meine eigene Adresse"
    r"|\b(nochmal|noch\s+mal|noch\s+einmal|erneut)\s+an\s+(meine|die)\s+"
    r"(eigene\s+|alte\s+|hinterlegte\s+)?(adresse|mail\w*|e-mail\w*)\b",
    re.IGNORECASE,
)


_SENDING = re.compile(r"schick|\bsend|versand|\bnochmal\b|\bnoch\s+mal\b|\berneut\b", re.IGNORECASE)


def names_sending(text: str) -> bool:
    """Whether the message speaks of sending (a mail, again)."""
    return _SENDING.search(text) is not None


# "die eine … die andre", "der zweite": one of several referrals.
_ONE_OF_SEVERAL = re.compile(
    r"\b(die|der|den|bei\s+der|bei\s+dem)\s+(eine|einen|andere|andre|anderen|erste|zweite|dritte)\b",
    re.IGNORECASE,
)


def points_at_one_referral(text: str) -> bool:
    """Whether the message points at one of several referrals by its place."""
    return _ONE_OF_SEVERAL.search(text) is not None


def asks_mail_again(text: str) -> bool:
    """Whether the message asks to send (the reward mail) once more."""
    return _MAIL_AGAIN.search(text) is not None


# "und wie lang hat sie diesmal zeit?", "wie viel zeit hat mein kumpel
# noch?": how long the recommended person has to sign.
_FRIENDS_TIME = re.compile(
    r"\b(wie\s+lange?|wie\s*viel|bis\s+wann)\b[^.?!]{0,12}\b(hat|haben)\s+"
    r"(sie|er|die|der|mein\w*\s+\w+)\b[^.?!]{0,20}\bzeit\b"
    r"|\bwie\s*viel\s+zeit\s+(hat|haben)\s+(sie|er|die|der|mein\w*)\b",
    re.IGNORECASE,
)


def asks_friends_time(text: str) -> bool:
    """Whether the message asks how long the recommended person has to sign."""
    return _FRIENDS_TIME.search(text) is not None


# "dann meldet euch halt per mail", "schreibt mir einfach eine e-mail", "dann
# soll mir halt einer ne mail schreiben", "nein, per Mail ist mir lieber": the
# e-mail reply asked for in so many words.
_MAIL_REPLY = re.compile(
    r"\b(meldet|melden|schreibt|schreiben|antwortet|antworten)\b[^.?!]{0,25}"
    r"\b(per|via|eine?|ne|über)\s+(e-?)?mail\b"
    r"|\b(per|via)\s+(e-?)?mail\b[^.?!]{0,15}\b(melden|zurückmelden|antworten|schreiben)\b"
    r"|\b(eine?|ne|n)\s+(e-?)?mail\s+(schreib|schick)\w*"
    r"|\b(per|via|über|ueber|lieber|gern|gerne)\s+(e-?)?mail\b|\bmail\s+(ist|wäre|waere)\s+mir\b"
    r"|\bschreib(t|en\s+sie)?\s+mir\b",
    re.IGNORECASE,
)


def asks_for_mail_reply(text: str) -> bool:
    """Whether the message asks the team to reply by e-mail."""
    return _MAIL_REPLY.search(text) is not None


# "das ist doch quatsch", "stimmt nicht", "kann nicht sein": the customer
# says what the bot told is wrong.
_CALLS_WRONG = re.compile(
    r"\b(ist|is)\s+(doch\s+|ja\s+|echt\s+)*(quatsch|unsinn|bl(ö|oe)dsinn|falsch|gelogen|"
    r"nicht\s+wahr|nicht\s+richtig)\b"
    r"|\bstimmt\s+(doch\s+|so\s+|gar\s+|überhaupt\s+|ueberhaupt\s+)*nicht\b"
    r"|\bkann\s+(doch\s+)?nicht\s+(sein|stimmen)\b",
    re.IGNORECASE,
)


def calls_it_wrong(text: str) -> bool:
    """Whether the message says that what the bot told is wrong."""
    return _CALLS_WRONG.search(text) is not None


_NUMBER = re.compile(r"\b(telefon)?(nummer|nr)\b|\bhotline\b|\bdurchwahl\b", re.IGNORECASE)
_ONCE_MORE = re.compile(
    r"\b(nochmal|noch\s+mal|noch\s+einmal|erneut|wieder|weggeklickt|vergessen|verloren)\b",
    re.IGNORECASE,
)


def asks_number_again(text: str) -> bool:
    """Whether the message asks for a phone number the bot gave before ("und
    die nummer für die scheibe nochmal bitte, hab sie weggeklickt")."""
    return _NUMBER.search(text) is not None and _ONCE_MORE.search(text) is not None


# "ich will Widerspruch einlegen", "dagegen lege ich Einspruch ein" – without
# a word about data or advertising, which would make it the GDPR objection.
_CONTEST = re.compile(r"\b(widerspruch|widersprechen|einspruch|anfechten)\b", re.IGNORECASE)
_ABOUT_DATA = re.compile(
    r"\b(daten\w*|werbung|werbe\w*|newsletter|verarbeitung|dsgvo|mails?|e-mails?)\b", re.IGNORECASE
)


def contests_decision(text: str) -> bool:
    """Whether the message objects to a decision rather than to the use of data."""
    return _CONTEST.search(text) is not None and _ABOUT_DATA.search(text) is None


# "sie heißt Claudia Becker", "kannst du mal bei ihr nachschauen?": the
# recommended friend names the person who recommended them.
_THEIR_REFERRER = re.compile(
    r"\b(sie|er|die|der|freundin|freund|kollegin|kollege|kumpel|nachbarin|nachbar|schwester"
    r"|bruder|mutter|vater|cousine|cousin)\s+hei(ß|ss)t\b|\bhei(ß|ss)t\s+(sie|er)\b"
    r"|\bbei\s+(ihr|ihm)\s+(mal\s+)?nach(schauen|sehen|gucken|gucke|schaun)\b",
    re.IGNORECASE,
)


def names_their_referrer(text: str) -> bool:
    """Whether the message names or points to the person who recommended the writer."""
    return _THEIR_REFERRER.search(text) is not None


# "wie heißen die nochmal?", "wer war das nochmal?": the names of the
# customer's referrals.
_NAMES = re.compile(
    r"\bwie\s+hei(ß|ss)(en|t)\s+(die|der|sie|er)\b"
    r"|\bwer\s+(war|ist|sind|waren)\s+(denn\s+|eigentlich\s+)?(das|die|der)\b"
    r"|\bwelche\s+namen\b|\bdie\s+namen\b|\bwelche[rn]?\s+name\b",
    re.IGNORECASE,
)


def asks_names(text: str) -> bool:
    """Whether the message asks who the people spoken of are ("wie heißt
    der, der da registriert ist?"); one of several by its place is
    ``referral_position``."""
    return _NAMES.search(text) is not None


# "ich will das schriftlich", "per Mail bitte, für meinen Anwalt".
_ASKS_IN_WRITING = re.compile(
    r"\bschriftlich\w*|\bper\s+(e-?mail|mail|post|brief)\b|\bals\s+(e-?mail|brief)\b",
    re.IGNORECASE,
)


def asks_in_writing(text: str) -> bool:
    """Whether the message asks for the matter in writing."""
    return _ASKS_IN_WRITING.search(text) is not None


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


def threatens_to_cancel(text: str) -> bool:
    """Whether the writer threatens to cancel their own contract or leave."""
    return _CANCEL_THREAT.search(text) is not None


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


# "neue adresse ist lindenstr 12 in 50667 köln": a postal address typed into
# the chat (a street with its number, or a postcode before the town).
_POSTAL_ADDRESS = re.compile(
    r"\b\w*(stra(ß|ss)e|str\.?|weg|allee|platz|gasse|ring|damm)\s+\d{1,4}\s?[a-z]?\b"
    r"|\b\d{5}\s+[A-ZÄÖÜa-zäöü][a-zäöüß]{2,}",
    re.IGNORECASE,
)


def names_postal_address(text: str) -> bool:
    """Whether the message holds a postal address."""
    return _POSTAL_ADDRESS.search(text) is not None


# "bei mir ist nix angekommen", "hab nichts bekommen", "alle Umsätze
# durchgeschaut, da ist nichts": the reward did not reach the customer.
_NOT_ARRIVED = re.compile(
    # Not "nicht dass da wer anders …" (a worry, no missing reward).
    r"\b(nix|nichts|nicht(?!,?\s+dass\b)|keine?n?|nie)\b[^.?!]{0,30}?"
    r"\b(angekommen|bekommen|erhalten|gekommen|da|eingegangen|gutgeschrieben|drauf|gesehen)\b"
    r"|\b(konto|postfach|posteingang)\b[^.?!]{0,20}\b(nix|nichts|leer)\b"
    r"|\bhab\w*\s+(noch\s+)?(nix|nichts|nie\s+was)\b"
    r"|\bda\s+(ist|war|is)\s+(aber\s+)?(nix|nichts)\b",
    re.IGNORECASE,
)


def says_not_arrived(text: str) -> bool:
    """Whether the customer says the reward did not reach them."""
    return _NOT_ARRIVED.search(text) is not None


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
    return english >= 2 and not _GERMAN_WORDS.search(text)


def writes_german(text: str) -> bool:
    """Whether the message is a German sentence (at least two German words and
    more of them than English ones), so that after a message in English the
    conversation goes on in German."""
    german = len(_GERMAN_WORDS.findall(text))
    return german >= 2 and german > len(_ENGLISH_WORDS.findall(text))


# "wer hat mich empfohlen?", "von wem kommt die empfehlung", "den namen vom
# werber"; with a topic about one's recommendation, also "wer war das?".
_WHO_RECOMMENDED = re.compile(
    r"\bwer\b[^.?!]{0,20}\b(mich|meine\s+(e-?mail\w*|mail\w*|adresse|daten))\b[^.?!]{0,25}"
    r"\b(empfohlen|geworben|angemeldet|eingetragen|weitergegeben|rausgegeben|angegeben)\b"
    r"|\bvon\s+wem\b[^.?!]{0,30}\b(empfehlung|empfohlen|geworben|adresse)"
    r"|\bnamen?\b[^.?!]{0,25}\b(werber|werbers|empfehler)\b"
    # "verratet ihr mir den namen von dem, der mich geworben hat?"
    r"|\bnamen?\b[^.?!]{0,25}\b(der|die)\s+mich\s+(empfohlen|geworben|angemeldet)\b",
    re.IGNORECASE,
)
_WHO_WAS_IT = re.compile(
    r"\bwer\s+(das|es|die\s+person)\s+(war|ist|gewesen)\b|\bwer\s+war\s+(das|es)\b",
    re.IGNORECASE,
)


def asks_who_recommended(text: str, about_recommendation: bool = False) -> bool:
    """Whether the customer asks who recommended them; "wer das war" counts
    only when the conversation is about their recommendation."""
    if _WHO_RECOMMENDED.search(text):
        return True
    return about_recommendation and _WHO_WAS_IT.search(text) is not None


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


# "wann bekomm ich dann was", "wann krieg ich mein geld": when the asking
# customer's own reward comes (not the friend's bonus).
_OWN_REWARD_WHEN = re.compile(
    r"\bwann\s+(bekomm|krieg|erhalt|seh)\w*\s+ich\b"
    # "wann hab ich das geld dann ungefähr"
    r"|\bwann\s+(hab|habe|h(ä|ae)tte)\s+ich\b[^.?!]{0,20}\b(geld|pr(ä|ae)mie|gutschein|kohle)"
    r"|\bwann\s+(kommt|gibt\s+es)\s+(denn\s+|dann\s+)?(meine|meine\s+\w+|die)\s+(pr(ä|ae)mie|belohnung)"
    # "zurück zu meiner Prämie, bis wann ist die denn ungefähr da?"
    r"|\bmeine[rn]?\s+(pr(ä|ae)mie|belohnung|gutschein|geld)\b[^.!?]{0,20}\b(bis\s+)?wann\s+"
    r"(ist|kommt)\s+(die|der|das|sie|er)\b"
    # "und wann ist der gutschein dann da?", "wann kommt mein geld an"
    r"|\bwann\s+(ist|kommt|wäre|waere)\s+(der|die|das|mein|meine|meiner)\s+"
    r"(pr(ä|ae|a)mie|belohnung|gutschein|geld|kohle|abo)\s+((denn|dann|endlich|ungef(ä|ae)hr)\s+)*"
    r"(da|an|bei\s+mir)\b"
    # "ich will nur wissen ob das geld kommt oder nicht"
    r"|\bob\s+(das|die|der|mein|meine)\s+(pr(ä|ae|a)mie|belohnung|gutschein|geld|kohle)\s+"
    r"((denn|jetzt|noch|überhaupt|ueberhaupt)\s+)*(kommt|ankommt|gezahlt|ausgezahlt)\b",
    re.IGNORECASE,
)


def asks_own_reward_when(text: str) -> bool:
    """Whether the message asks when the customer's own reward comes."""
    return _OWN_REWARD_WHEN.search(text) is not None


# "also hat mein schwager die einfach eingetippt", "meine nachbarin hat wohl
# meine adresse angegeben": someone else gave the customer's details.
_GIVEN_BY_OTHER = re.compile(
    r"\b(hat|hats|haben)\s+(wohl\s+|dann\s+|also\s+)*(mein|meine)\s+\w+\b[^.?!]{0,30}"
    r"\b(eingetippt|eingetragen|angegeben|weitergegeben|eingegeben)\b"
    r"|\b(mein|meine)\s+\w+\s+(hat|hats)\b[^.?!]{0,30}\b(mich|meine\s+(adresse|mail|daten|nummer))"
    r"\b[^.?!]{0,20}\b(eingetippt|eingetragen|angegeben|weitergegeben|eingegeben)\b",
    re.IGNORECASE,
)


def says_details_given_by_other(text: str) -> bool:
    """Whether the customer says someone else gave their details."""
    return _GIVEN_BY_OTHER.search(text) is not None


# "wann ist die löschung durch?", "innerhalb welcher frist bekomme ich die
# auskunft?", "wie lange dauert es, bis ihr meine daten gelöscht habt": how
# long a request on one's data takes (not how long data is kept).
_DATA_REQUEST_TIME = re.compile(
    r"(wie\s+lange?\s+(dauert|braucht)|wie\s+schnell|bis\s+wann|welche[rn]?\s+frist)"
    # (a "Antrag", not "bis wann muss ich den bonus beantragen?")
    r"[^.?!]{0,50}(l(ö|oe)sch|auskunft|widerspruch|\w*antrag\b)"
    # "wann ist die löschung durch?", but "wann werden sie automatisch
    # gelöscht?" asks how long data is kept.
    r"|wann\s+(ist|wird|bekomm\w*|krieg\w*|hab\w*|h(ö|oe)r\w*)[^.?!]{0,50}"
    r"(l(ö|oe)schung|auskunft|widerspruch|\w*antrag\b)"
    r"|(l(ö|oe)schung|auskunft|widerspruch|antrag)\w*[^.?!]{0,30}"
    r"\b(durch|erledigt|bearbeitet|fertig)\b",
    re.IGNORECASE,
)


def asks_data_request_time(text: str) -> bool:
    """Whether the message asks how long a request on one's data takes."""
    return _DATA_REQUEST_TIME.search(text) is not None


# "die anderen", "meine übrigen", "der zweite": more of the customer's own referrals.
_OTHER_REFERRALS = re.compile(
    r"\b(die|den|der|meine[nr]?)\s+(anderen?|andern|restlichen|übrigen|uebrigen|zweite[nr]?)\b"
    # "welche von den dreien is noch offen?", "welche fehlen noch?"
    r"|\bwelche[rs]?\b[^.?!]{0,30}\b(offen|fehl\w*|ausstehend|noch\s+nicht|l(ä|ae)uft|laufen)\b",
    re.IGNORECASE,
)


def asks_other_referrals(text: str) -> bool:
    """Whether the message asks about the customer's other referrals."""
    return _OTHER_REFERRALS.search(text) is not None


# "ich mein die dritte", "und was ist mit der ersten?", "warum hat die
# zweite nicht geklappt": one of the referrals listed, by its place. Not
# "die erste Mail", "letzte Woche", "zum ersten Mal", "an Dritte": the
# ordinal stands alone or before a word for a referred person.
_ORDINAL = re.compile(
    r"(?<!\ban )\b(erst|zweit|dritt|viert|f(?:ü|ue)nft|letzt)e[nmrs]?\b"
    r"(?=\s*(?:$|[?!.,;:)]|\s*(?:empfehlung|freund\w*|kumpel|kolleg\w*|bekannt\w*"
    r"|nachbar\w*|und|da|denn|dann|ist|war|hat|wann|wie|warum|wieso|nicht|nich|noch|schon"
    r"|jetzt|eigentlich|auch|genau|bitte|kommt|steht|los)\b))",
    re.IGNORECASE,
)
_ORDINAL_PLACE = {"erst": 0, "zweit": 1, "dritt": 2, "viert": 3, "fünft": 4, "fuenft": 4}


def referral_position(text: str, friends: list[str]) -> int | None:
    """The place (0-based) in ``friends`` of the referral the message points
    at: by an ordinal ("die dritte") or by the friend's first name as the
    status showed it ("Hannah S." for "und bei hannah?"); None when it points
    at none, or past the end of the list."""
    for place, friend in enumerate(friends):
        first = friend.split()[0] if friend else ""
        if len(first) > 2 and re.search(rf"\b{re.escape(first)}\b", text, re.IGNORECASE):
            return place
    match = _ORDINAL.search(text)
    if match is None:
        return None
    word = match.group(1).lower()
    place = len(friends) - 1 if word == "letzt" else _ORDINAL_PLACE[word]
    return place if 0 <= place < len(friends) else None


# "meine mail habt ihr ja eh", "die adresse haben sie doch": the customer
# takes the address on file for known.
_ADDRESS_KNOWN = re.compile(
    r"\b(meine|die)\s+(e-?mail|mail|adresse|mailadresse)\w*\s+(habt|haben|hast)\s+(ihr|sie|du)\b",
    re.IGNORECASE,
)


def says_address_known(text: str) -> bool:
    """Whether the customer says the bot already has their address."""
    return _ADDRESS_KNOWN.search(text) is not None


# "und wenn gerade keiner da ist, was dann": what happens when nobody of the
# team is there.
_NOBODY_THERE = re.compile(
    r"\b(keiner|niemand|keine\s+sau)\s+(mehr\s+|gerade\s+)?(da|erreichbar|im\s+chat|online)\b"
    # "sitzt sonntag abends da überhaupt einer?", "ist da gerade jemand?"
    r"|\bsitzt\s+(\w+\s+){0,4}(einer|jemand|wer|ein\s+mensch)\b"
    r"|\bist\s+((da|dort|bei\s+euch|gerade|jetzt|heute|überhaupt|ueberhaupt)\s+){1,3}"
    r"(einer|jemand|wer|ein\s+mensch)\b"
    r"|\bnicht\s+(da|erreichbar|online)\s+(ist|sind|seid)\b",
    re.IGNORECASE,
)


def asks_if_nobody_there(text: str) -> bool:
    """Whether the customer asks what happens when nobody of the team is there."""
    return _NOBODY_THERE.search(text) is not None


# "mein abschlag wurde um 40 euro erhöht", "steinschlag in der scheibe": a
# matter of the customer's contract with the brand, whatever else it sounds like.
_BRAND_MATTER = re.compile(
    r"\b(abschl(a|ä|ae)g\w*|stromrechnung|handyrechnung|nachzahlung|jahresabrechnung|abrechnung"
    r"|datenvolumen|roaming"
    r"|steinschlag|windschutzscheibe|z(ä|ae)hlerstand\w*|sim(-?karte)?|beitragserh(ö|oe)hung)\b",
    re.IGNORECASE,
)


def names_brand_matter(text: str) -> bool:
    """Whether the message names a matter of the contract with the brand."""
    return _BRAND_MATTER.search(text) is not None


# "und was bekommt markus eigentlich dafür?", "was kriegt mein kumpel?": what
# the person the customer recommended gets (not "was bekommt man dafür?").
_OTHER_GETS = re.compile(
    r"\bwas\s+(bekommt|kriegt|erh(ä|ae)lt)\s+(?!man\b|ihr\b|jeder\b|das\b|es\b)"
    r"(der|die|mein\w*\s+\w+|er|sie|[a-zäöüß]+)\b",
    re.IGNORECASE,
)


def asks_what_other_gets(text: str) -> bool:
    """Whether the customer asks what someone else (the friend) gets."""
    return _OTHER_GETS.search(text) is not None


_THERE_FILLERS = r"((denn|da|dort|bei\s+euch|wieder|mal|dann|heute|überhaupt|ueberhaupt)\s+){0,3}"
# "wann ist denn da jemand? heute noch?", "wann seid ihr wieder erreichbar":
# when someone of the team is there (not "wann ist einer von denen durch").
_WHEN_THERE = re.compile(
    r"\bwann\s+(ist|sitzt)\s+" + _THERE_FILLERS + r"(jemand|wer|einer|ein\s+mensch)\b"
    r"(?!\s+(von|kunde|dran|fertig|durch)\b)"
    r"|\bwann\s+(seid|sind|ist)\s+"
    + _THERE_FILLERS
    + r"(ihr|sie|das\s+(service-?)?team)\s+"
    + _THERE_FILLERS
    + r"(da|erreichbar|online|im\s+chat|zu\s+sprechen)\b",
    re.IGNORECASE,
)


def asks_when_team_there(text: str) -> bool:
    """Whether the customer asks when someone of the team is there."""
    return _WHEN_THERE.search(text) is not None


# "wo is mein empfehlungskode", "in welcher mail steht der code": where the
# customer's own referral code is written.
_WHERE_MY_CODE = re.compile(
    r"\bwo\s+(is|ist|steht|stand|find\w*)\s+(denn\s+|eigentlich\s+)?(mein|der|den)\s+"
    r"(empfehlungs|werbe|pers(ö|oe)nliche[rn]?\s+)?(code|kode)\b"
    r"|\bin\s+welcher\s+(e-?)?mail\s+(steht|stand|war)\b",
    re.IGNORECASE,
)


def asks_where_my_code_is(text: str) -> bool:
    """Whether the customer asks where their referral code is written."""
    return _WHERE_MY_CODE.search(text) is not None


# "moment mal", "warte kurz", "sekunde, ich such den code": the customer
# needs a moment, e.g. to find the code.
_WAIT = re.compile(
    r"^\W*(moment|momentchen|sekunde|augenblick|warte|wart|einen\s+(moment|augenblick))\b"
    r"|\bich\s+(such|schau|guck)\w*\s+(mal\s+)?(noch|kurz|gerade|grad|schnell)\b",
    re.IGNORECASE,
)


def asks_to_wait(text: str) -> bool:
    """Whether the customer asks for a moment ("moment, ich such den Code")."""
    return _WAIT.search(text) is not None


# "wo genau steht das?", "und wo kann ich das nachlesen?", "zurück zu den
# Daten, wo steht das alles?": where the rule just told is written down.
_WHERE_WRITTEN = re.compile(
    r"(?:^|[.,;:!?])\W*(und\s+|aber\s+|ok\s+|also\s+)?wo\s+(genau\s+|denn\s+|steht\s+das\s+)?"
    r"(steht|stehts|steht's|kann\s+ich\s+das\s+nachlesen|ist\s+das\s+geregelt)\b"
    r"(\s+(das|des|dies|denn|genau|geschrieben|alles|eigentlich))*\W*$",
    re.IGNORECASE,
)


def asks_where_written(text: str) -> bool:
    """Whether the customer asks where the rule just told is written."""
    return _WHERE_WRITTEN.search(text) is not None


# ---- the recommended friend's words ----
# "sieht mein Kumpel, was ich zahle?": what the referrer gets to see or learn.
_REFERRER_SEES = re.compile(
    r"\b(sieht|sehen|einsehen|erf(ä|ae)hrt|erfahren|mitbekommen|bekommt\s+\w+\s+mit)\b"
    r"|\b(welche|was\s+f(ü|ue)r)\s+(angaben|daten|infos?|informationen)\b[^.?!]{0,40}"
    r"\b(bekommt|kriegt|erh(ä|ae)lt)\b",
    re.IGNORECASE,
)
# "ich hab keinen Code von ihr", "seinen Code hab ich nicht": the referrer's code.
_THEIR_CODE = re.compile(
    r"\bcode\s+(von|vom)\s+\w+|\b(ihren|seinen|deren|dessen)\s+(empfehlungs)?code\b",
    re.IGNORECASE,
)
# "ich hab keinen Code" from the friend: none is needed (unless it is the
# referrer's code they miss).
_HAS_NO_CODE = re.compile(
    r"\bkein\w*\s+(empfehlungs)?code|\bcode\b[^.?!]{0,15}\bnicht\b", re.IGNORECASE
)
# A question about the writer's own data is the recommended person's data path.
_DATA_WORDS = re.compile(
    r"\bdaten\b|l(ö|oe)sch|auskunft|widersprech|widerspruch|speicher"
    # "wieso hobts ihr scho mei email ghabt?": where the address came from.
    r"|\b(woher|wieso|warum|weshalb)\b[^.?!]{0,40}\b(mei|meine|meinen)\s+"
    r"(e-?mail\w*|mail\w*|adresse|\w*nummer)\b",
    re.IGNORECASE,
)
# "bis wann muss ich den Code angeben?", "reicht ihr Name?": the referrer's code.
_FRIEND_CODE = re.compile(
    r"\b\w*(code|link)\b[^.?!]{0,30}\b(angeb\w*|eingeb\w*|eintrag\w*|nachreich\w*|nachtrag\w*"
    r"|anzugeb\w*|einzugeb\w*|einzutrag\w*|nachzutrag\w*|angegeben|eingegeben|eingetragen)\b"
    r"|\bwoher\b[^.?!]{0,30}\b(code|link)\b|\b(code|link)\b[^.?!]{0,20}\bher\b"
    r"|\b(statt|ohne)\s+((den|dem|ihren|seinen|einen)\s+)?(empfehlungs)?(code|link)\b"
    r"|\bnamen?\b[^.?!]{0,40}\bangeb\w*",
    re.IGNORECASE,
)


def asks_what_referrer_sees(text: str) -> bool:
    """Whether the recommended friend asks what the referrer sees or learns."""
    return _REFERRER_SEES.search(text) is not None


def names_their_code(text: str) -> bool:
    """Whether the message speaks of the referrer's code ("keinen Code von ihr")."""
    return _THEIR_CODE.search(text) is not None


def mentions_code(text: str) -> bool:
    """Whether the message speaks of a code at all ("brauchts dafür wieder so nen code?")."""
    return re.search(r"\b\w*code\b", text, re.IGNORECASE) is not None


def says_has_no_code(text: str) -> bool:
    """Whether the message says the writer has no code ("ich hab keinen Code")."""
    return _HAS_NO_CODE.search(text) is not None


def names_own_data(text: str) -> bool:
    """Whether the message is about the writer's data (deletion, a copy, storage)."""
    return _DATA_WORDS.search(text) is not None


def asks_about_code(text: str) -> bool:
    """Whether the recommended friend asks about the referrer's code or name at
    signing: where it comes from, until when, instead of it."""
    return _FRIEND_CODE.search(text) is not None
