"""Whom a message is about: the customer's own things or someone else's (a
friend's status, reward, name or contact), the recommended friend speaking,
someone who never took part, one referral of several."""

from __future__ import annotations

import itertools
import re

from actions.wording.reward import names_reward, says_not_arrived
from bot.formatting import EMAIL_IN_TEXT

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
_OWN_PEOPLE = re.compile(
    r"\b(mein|meine|meinen|meinem|meiner|meines)\s+" + _PEOPLE + r"\b", re.IGNORECASE
)

# "Dann schicken Sie es halt an meinen Sohn": the reward mail wanted for
# someone else than the participant.
_SEND_TO_OTHER = re.compile(
    r"\b(schick|send|geb|leit|(ü|ue)berweis|zahl)\w*\b[^.?!]{0,40}\ban\s+(meine[nmr]?|unsere[nmr]?)\s+"
    + _PEOPLE
    + r"\b"
    r"|\ban\s+(meine[nmr]?|unsere[nmr]?)\s+"
    + _PEOPLE
    + r"\b[^.?!]{0,30}\b(schick|send|(ü|ue)berweis|auszahl|zahl)\w*",
    re.IGNORECASE,
)


def wants_sent_to_other(text: str) -> bool:
    """Whether the customer wants the reward sent to another person."""
    return _SEND_TO_OTHER.search(text) is not None


# "was speichert ihr eigentlich alles über dieter?": data about a person.
_ABOUT_DATA = re.compile(
    r"\b(speicher\w*|gespeichert|daten|wisst|wissen\s+sie|erfahrt|erfahren\s+sie)\b", re.IGNORECASE
)


# "und was speichert ihr über den?": the person just spoken of.
_ABOUT_THEM = re.compile(r"\b(über|ueber|von)\s+(den|die|ihn|ihm|ihr)\s*(\?|$)", re.IGNORECASE)


def asks_stored_data(text: str) -> bool:
    """Whether the message asks what is stored or known ("speichert",
    "Daten", "wisst ihr")."""
    return _ABOUT_DATA.search(text) is not None


def asks_data_about(text: str, friends: list[str]) -> bool:
    """Whether the message asks what is stored about one of ``friends`` (the
    masked names the status showed, "Dieter H."), named by first name, or
    about "den" or "sie" just spoken of."""
    if not asks_stored_data(text):
        return False
    if _ABOUT_THEM.search(text.strip()) is not None:
        return True
    firsts = {name.split()[0] for name in friends if name.split()}
    return any(
        re.search(
            rf"\b(über|ueber|von)\s+(den\s+|die\s+|dem\s+|der\s+)?{re.escape(first)}\b", text, re.I
        )
        for first in firsts
    )


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
    # "meine frau hat auch jemanden geworben, können sie da auch mal gucken?"
    rf"|\b(mein|meine)\s+{_PEOPLE}\s+hat\s+(auch\s+|selbst\s+|selber\s+)*(?!mich\b)(\w+\s+){{0,2}}"
    rf"(geworben|empfohlen)\b[^.?!]{{0,50}}{_LOOK_UP}"
    # "meine Frau hat auch wen geworben, ist die Prämie bei ihr schon da?"
    rf"|\bmeine?[mnr]?\s+{_PEOPLE}\b[^?!]{{0,80}}\b(geworben|empfohlen)\b[^!]{{0,80}}"
    r"\b(bei\s+(ihr|ihm)|ihre\s+pr(ä|ae)mie|seine\s+pr(ä|ae)mie)\b"
    # "bei meiner frau auch? die hat auch wen geworben und hört nix"
    rf"|\bbei\s+meine[mr]\s+{_PEOPLE}\b[^!]{{0,40}}\b(auch|ebenfalls)\s+"
    r"(wen|jemanden|jemand|einen|eine|leute)\s+(geworben|empfohlen)\b"
    # "kannst du mal schauen, ob er seine prämie schon bekommen hat?"
    rf"|{_LOOK_UP}[^.?!]{{0,30}}\bob\s+(er|sie)\s+(seine|ihre|die|den|das)\s+"
    r"(pr(ä|ae)mie|geld|bonus|gutschein|belohnung)\b",
    re.IGNORECASE,
)

_OWN_REWARD = re.compile(
    r"\b(mein|meine|meiner|meinen|meinem)\s+(empfehlung|pr(ä|ae|a)mie|bonus|gutschrift|gutschein|belohnung)",
    re.IGNORECASE,
)


def names_own_reward(text: str) -> bool:
    """Whether the message speaks of the writer's own reward or referral
    ("es geht um meine prämie")."""
    return _OWN_REWARD.search(text) is not None


# "ich schreibe für meinen Mann", "im Namen meiner Mutter", "ich hab eine
# Vollmacht": the writer acts for another person.
_FOR_OTHER = re.compile(
    r"\b(schreib\w*|frag\w*|meld\w*|k(ü|ue|u)mmer\w*|anfrag\w*|erledig\w*|beantrag\w*"
    r"|mach\w*|nachfrag\w*)\b[^.?!]{0,30}\b(f(ü|ue|u)r|im\s+namen|im\s+auftrag)\s+(von\s+)?"
    r"(meine[mnrs]?|unsere[mnrs]?)\s+" + _PEOPLE + r"\b"
    r"|\bim\s+(namen|auftrag)\s+(meine[rs]|unsere[rs])\s+" + _PEOPLE + r"\b"
    # "darf ich für meinen Mann Auskunft verlangen"
    r"|\bich\s+((auch|denn|eigentlich|mal)\s+)?f(ü|ue|u)r\s+(meine[mnr]?|unsere[mnr]?)\s+"
    + _PEOPLE
    + r"\b"
    # "kann ich das für sie beantragen?": the writer for a person just named.
    r"|\bich\b[^.?!]{0,30}\bf(ü|ue|u)r\s+(sie|ihn)\s+(\w+\s+){0,3}"
    r"(beantrag|erledig|mach|veranlass|einreich|anfrag|frag)\w*"
    r"|\bvollmacht\b"
    # "ich bin der Mann von Claudia Becker"
    r"|\bich\s+bin\s+(der|die|ihr|sein|ihre|seine)\s+" + _PEOPLE + r"\s+(von|der|des)\b",
    re.IGNORECASE,
)

# "sie wurde von ihrer Nachbarin geworben": the other person is the
# recommended one, whose own advantage is the friend's answer.
_OTHER_WAS_RECOMMENDED = re.compile(
    r"\b(wurde|worden|ist)\b[^.?!]{0,40}\b(geworben|empfohlen)\b"
    r"|\bhat\s+(sie|ihn)\b[^.?!]{0,30}\b(geworben|empfohlen)\b",
    re.IGNORECASE,
)

# "meine Frau nimmt bei euch teil", "mein Mann hat jemanden geworben": the
# other person is a participant.
_OTHER_TAKES_PART = re.compile(
    r"\b(mein|meine|meinem|meiner|meinen)\s+" + _PEOPLE + r"\b[^.?!]{0,40}"
    r"\b(nimmt|nahm|macht|hat|ist)\b[^.?!]{0,30}\b(teil|mit|teilnehmer\w*|geworben|empfohlen)\b"
    r"|\b(er|sie)\s+(hat|nimmt|macht)\b[^.?!]{0,30}"
    r"\b(geworben|empfohlen|teil|mit|mitgemacht|teilgenommen)\b",
    re.IGNORECASE,
)

# What a person may ask about their own data: deletion, a copy, a change.
_DATA_RIGHT = re.compile(
    r"l(ö|oe)sch|auskunft|(ä|ae)nder|entfern|austrag|abmeld|gespeichert|\bdaten\b"
    # "kann ich die werbemails für sie abbestellen?"
    r"|abbestell|werbe?-?mails?|newsletter|widersprech|widerspruch",
    re.IGNORECASE,
)

# "wartet", "geworben": the other person waits for a reward of their own.
_WAITS_FOR_REWARD = re.compile(
    r"\b(wartet|geworben|empfohlen|stand|status|bleibt|angekommen|bekommen|erhalten|gekriegt"
    r"|unterwegs|ausgezahlt|(ü|ue|u)berwiesen)\b|\bschon\s+da\b",
    re.IGNORECASE,
)


def acts_for_other(text: str) -> bool:
    """Whether the writer acts for another person ("ich frage für meine
    Mutter"), not for themselves."""
    return _FOR_OTHER.search(text) is not None


# "kann er selber verlangen, dass ihr die löscht?": the other person's own
# right, asked about them.
_THEY_THEMSELVES = re.compile(
    r"\b(kann|darf|soll|muss|k(ö|oe)nnte)\s+(er|sie)\s+(\w+\s+){0,3}"
    r"(selbst|selber|eigentlich\s+selbst)\b",
    re.IGNORECASE,
)


# "warum muss ich die Mailadresse meines Freundes angeben?": why the
# contact details of the person recommended would be needed.
_FRIEND_CONTACT = re.compile(
    r"\b(e-?mail\w*|mail\w*|handy\w*|telefon\w*|kontaktdaten|adresse|nummer)\s+"
    r"((und\s+)?die\s+)?"
    r"(meines|meiner|von\s+meine[mr]|vom|von\s+de[mr]|des|der|von\s+nem|von\s+ner)\s+(\w+\s+)?"
    r"(" + _PEOPLE[1:-1] + r"|geworbenen|empfohlenen)\b",
    re.IGNORECASE,
)
_WHY_NEEDED = re.compile(
    r"\b(warum|wieso|weshalb|wozu|muss\s+ich|soll\s+ich|brauch\w*|angeben|erlaubt|darf\s+ich)\b",
    re.IGNORECASE,
)


def asks_why_friend_contact(text: str) -> bool:
    """Whether the message asks why (or whether) the recommended friend's
    e-mail or phone number must be given."""
    return _FRIEND_CONTACT.search(text) is not None and _WHY_NEEDED.search(text) is not None


def other_takes_part(text: str) -> bool:
    """Whether the message says that the other person takes part themselves
    ("meine Frau nimmt bei euch teil", "er hat jemanden geworben")."""
    return _OTHER_TAKES_PART.search(text) is not None


# "die daten von meiner frau bitte auch löschen", "meinen mann bitte auch
# austragen": the same right for one of the writer's people, beside their own.
_ALSO_FOR_THEM = re.compile(
    r"(^|[.?!]\s*)(?=[^.?!]*\b(mein|meine|meinen|meinem|meiner|meines)\s+" + _PEOPLE + r"\b)"
    r"(?=[^.?!]*\bauch\b)"
    r"(?=[^.?!]*(l(ö|oe)sch|entfern|austrag|abmeld|auskunft))",
    re.IGNORECASE | re.MULTILINE,
)


def asks_others_data_rights(text: str) -> bool:
    """Whether a data right (deletion, a copy, a change) is asked for another
    participant ("meine Frau nimmt teil und möchte gelöscht werden, kann ich
    das für sie beantragen?"); a referrer asking about the friend they
    recommended is the friend's path, not this one."""
    if _DATA_RIGHT.search(text) is None or says_self_recommended(text):
        return False
    if other_takes_part(text) or _THEY_THEMSELVES.search(text) is not None:
        return True
    if _OTHER_WAS_RECOMMENDED.search(text) is not None:
        return False
    return acts_for_other(text) or _ALSO_FOR_THEM.search(text) is not None


def asks_for_others_status(text: str) -> bool:
    """Whether the customer wants the status of someone else ("kannst du auch
    bei meinem Mann gucken ob seine Prämie da ist?", "ich schreibe für meinen
    Mann, er wartet auf das Geld"); not when they name their own ("der Stand
    meiner Empfehlung von meinem Nachbarn") or the other was the one
    recommended."""
    if _OWN_REWARD.search(text) is not None:
        return False
    if _OTHERS_STATUS.search(text) is not None:
        return True
    for_other = acts_for_other(text) and _OTHER_WAS_RECOMMENDED.search(text) is None
    return for_other and _WAITS_FOR_REWARD.search(text) is not None


def is_personal(text: str) -> bool:
    """Whether ``text`` speaks of the writer's own things ("meine Prämie").
    "und meine Tochter? die wohnt bei uns" asks who may be recommended: the
    customer's people count only when the message also names a reward
    ("mein Kumpel hat abgeschlossen, wo bleibt die Prämie?")."""
    if not names_reward(text) or _THEIR_REWARD.search(text):
        text = _OWN_PEOPLE.sub(" ", text)
    return _PERSONAL.search(text) is not None


# "und was macht ihr mit meinen Daten?": the customer's own data, with no
# other person in the message ("die Daten meines Freundes", "der Geworbene").
_OWN_DATA = re.compile(
    r"\b(meine[nm]?\s+(pers(ö|oe|o)nlichen\s+)?(daten|angaben|infos?|informationen)"
    r"|(ü|ue)ber\s+mich)\b",
    re.IGNORECASE,
)
_ANOTHER_PERSON = re.compile(
    r"\b(geworben\w*|empfohlen\w*|eingeladen\w*|person|leute|sein\w*)\b", re.IGNORECASE
)


# "mein nachbar … will wissen, was ihr über ihn speichert": the data of a
# person of the customer's, spoken of by a pronoun.
_THEIR_DATA = re.compile(
    r"\b(über|ueber)\s+(ihn|sie)\b|\bvon\s+(ihm|ihr)\b|\bseine[nm]?\s+(daten|angaben|namen?)\b"
    # "was speichert ihr über meinen schwager?"
    r"|\b(über|ueber|von)\s+(meine[nmr]?|meinem)\s+" + _PEOPLE + r"\b",
    re.IGNORECASE,
)
_RECOMMENDED_WORD = re.compile(r"\b(geworben\w*|empfohlen\w*)\b", re.IGNORECASE)


def names_someone_recommended(text: str) -> bool:
    """Whether the message names a person of the customer's or someone
    recommended ("mein Schwager", "die ich empfohlen habe")."""
    return _OWN_PEOPLE.search(text) is not None or _RECOMMENDED_WORD.search(text) is not None


def asks_about_their_data(text: str) -> bool:
    """Whether the message asks about the data of someone the customer
    speaks of ("mein Nachbar will wissen, was ihr über ihn speichert")."""
    return _THEIR_DATA.search(text) is not None and names_someone_recommended(text)


def speaks_of_own_data(text: str) -> bool:
    """Whether the message asks about the customer's own data only."""
    if not names_my_data(text) or _OWN_PEOPLE.search(text) is not None:
        return False
    return _ANOTHER_PERSON.search(text) is None


def names_my_data(text: str) -> bool:
    """Whether the message names the writer's own data ("meine Angaben",
    "über mich"), whoever else it names."""
    return _OWN_DATA.search(text) is not None


# "kann ich sie für Strom werben?", "darf ich meinen Mann empfehlen": whom the
# customer may recommend, a rule of the program.
_MAY_RECOMMEND = re.compile(
    r"\b(kann|darf|k(ö|oe|o)nnte|d(ü|ue|u)rfte)\b[^.?!]{0,60}\b(werben|empfehlen|anwerben)\b",
    re.IGNORECASE,
)


# "die leonie is übrigens meine schwester, is das überhaupt erlaubt?": whether
# a referral is allowed at all, not its status.
_ALLOWED = re.compile(
    r"\b(ist|is)\s+(das|des|dies)\s+((denn|überhaupt|ueberhaupt|eigentlich|so)\s+)*"
    r"(erlaubt|zul(ä|ae)ssig|in\s+ordnung|okay|ok|gestattet)\b"
    r"|\bdarf\s+(man|ich)\s+(das|des)\b",
    re.IGNORECASE,
)


def asks_if_allowed(text: str) -> bool:
    """Whether the customer asks whether what they tell is allowed ("… meine
    schwester, is das überhaupt erlaubt?")."""
    return _ALLOWED.search(text) is not None


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
    r"|\bwann\s+(bekommt|kriegt|erh(ä|ae)lt)\s+(er|sie|der|die)\s+(die|das|den|sie|es|seins|ihrs|"
    r"seine|ihre|sein|ihr)\b"
    # "der nervt schon, wann seins kommt"
    r"|\bwann\s+(seins|seine|ihrs|ihres)\s+((denn|endlich|jetzt)\s+)*(kommt|da\s+ist|ankommt)\b"
    # "kriegt der, der mich empfohlen hat, trotzdem was?"
    r"|\b(der|die)\s+(mich|uns)\s+(empfohlen|geworben)\s+ha(t|ben)\b[^.?!]{0,30}"
    r"\b(was|etwas|geld|pr(ä|ae|a)mie)\b",
    re.IGNORECASE,
)


def names_their_reward(text: str) -> bool:
    """Whether the message speaks of someone else's reward ("seine Prämie")."""
    return _THEIR_REWARD.search(text) is not None


# "wenn er wieder kündigt", "was ist, wenn sie vorher kündigt": the friend's
# contract, not the customer threatening to cancel their own.
_FRIEND_CANCELS = re.compile(
    r"\b(ge)?k(ü|ue|u)ndigt\b|\bwiderruft\b"
    # "kann sie jetzt eigentlich noch widerrufen?"
    r"|\b(kann|darf|k(ö|oe)nnte|will|wollte)\s+(er|sie|der|die)\s+(\w+\s+){0,3}"
    r"(widerrufen|k(ü|ue|u)ndigen|zur(ü|ue)cktreten|aussteigen|stornieren)\b",
    re.IGNORECASE,
)
_OWN_CANCELLING = re.compile(
    r"\bich\b[^.?!]{0,40}\bk(ü|ue|u)ndige\b|\bk(ü|ue|u)ndige\s+ich\b"
    r"|\b(ich|mein\w*)\b[^.?!]{0,30}\bgek(ü|ue|u)ndigt\b",
    re.IGNORECASE,
)


def speaks_of_friend_cancelling(text: str) -> bool:
    """Whether the message asks about the friend cancelling, not the customer."""
    return _FRIEND_CANCELS.search(text) is not None and _OWN_CANCELLING.search(text) is None


# "und wenn der jetzt nochmal neu abschließt?", "sie will erneut
# unterschreiben": a new contract after a revoked or cancelled one.
_SIGNS_AGAIN = re.compile(
    r"\b(nochmal|noch\s+mal|noch\s+einmal|erneut|wieder|neu)\s+"
    r"(neu\s+|einen\s+(neuen\s+)?vertrag\s+)?"
    r"((ab)?schlie(ß|ss)\w*|abgeschlossen|unterschreib\w*|unterschrieben|unterzeichn\w*)"
    r"|\bneu\w*\s+vertrag\w*\s+(\w+\s+){0,3}(nach\s+dem|nach\s+seinem|nach\s+ihrem)\s+widerruf"
    # "sie hat doch nur den tarif gewechselt"
    r"|\b(sie|er)\s+hat\s+(doch\s+|ja\s+|nur\s+|halt\s+|blo(ß|ss)\s+|einfach\s+)*"
    r"(den|ihren|seinen)\s+tarif\s+"
    r"(gewechselt|ge(ä|ae)ndert|umgestellt)\b",
    re.IGNORECASE,
)


def speaks_of_signing_again(text: str) -> bool:
    """Whether the message speaks of the friend signing a contract again."""
    return _SIGNS_AGAIN.search(text) is not None


# "ich hatte widerrufen", "nach meinem widerruf": the writer's own contract
# was revoked, so the writer is the recommended friend.
_OWN_REVOCATION = re.compile(
    r"\bich\b[^.?!]{0,30}\bwiderr(u|i)f\w*|\b(meine[mn]?|meines)\s+widerruf\w*"
    r"|\bwiderrufen\s+(hab|habe|hatte)\s+ich\b",
    re.IGNORECASE,
)


def says_own_revocation(text: str) -> bool:
    """Whether the writer says they revoked their own contract."""
    return _OWN_REVOCATION.search(text) is not None


# "müssen die sich beeilen?", "wenn ich meine kumpels werbe": the
# recommended friend now asks as someone who recommends others.
_AS_REFERRER = re.compile(
    r"\b(die|sie)\s+sich\b|\bmeine\s+(kumpels|freunde|kollegen|kolleginnen|bekannten)\b"
    r"|\bwenn\s+ich\s+(\w+\s+){0,2}(empfehle|werbe)\b|\bselber\s+(leute\s+)?werben\b"
    # "dann würd ich gern selber meinen Schwager werben"
    r"|\b(selber|selbst)\s+(\w+\s+){0,3}(werben|empfehlen)\b",
    re.IGNORECASE,
)


# "und mich selbst? hab noch nen zweitwagen", "und mich selber mit ner
# zweiten sim karte?": the writer asks about themselves as the one recommended.
_ABOUT_SELF = re.compile(
    r"^\W*((und|aber|oder)\s+)?((was|wie)\s+(ist|is|siehts|sieht\s+es)\s+(mit|bei)\s+)?"
    r"(mich|mir)\s+(selbst|selber)\b",
    re.IGNORECASE,
)


def asks_about_self(text: str) -> bool:
    """Whether a short follow-up asks the last rule for the writer themselves."""
    return _ABOUT_SELF.search(text) is not None


def speaks_as_referrer(text: str) -> bool:
    """Whether the message asks about recommending others (not one's own contract)."""
    return _AS_REFERRER.search(text) is not None


# "gib mir mal die handynummer von hannah", "habt ihr die adresse von
# meinem kumpel?": contact details of someone the customer recommended.
_CONTACT_OF = re.compile(
    r"\b(?:handy|telefon|mobil|tel\.?)?-?nummer|\b(?:e-?mail-?|mail|post)?adresse\b|\bkontaktdaten\b",
    re.IGNORECASE,
)
_OF_PERSON = re.compile(r"\b(?:von|vom)\s+(?:der|dem|meine[mr]?|meinem)?\s*(\w+)", re.IGNORECASE)


# "ihre Mail ist …", "die Adresse meiner Tochter": an address given that
# belongs to someone else, never one to open the customer's own data with.
_MAIL_WORD = r"(e-?mail|mail)(-?adresse)?|adresse"
_OTHERS_ADDRESS = re.compile(
    r"\b(ihre|seine|deren|dessen)\s+(" + _MAIL_WORD + r")\b"
    r"|\b(" + _MAIL_WORD + r")\s+(von\s+)?(meine[rsm]?|unsere[rsm]?)\s+" + _PEOPLE + r"\b"
    r"|\b(meine[rsm]?|unsere[rsm]?)\s+" + _PEOPLE + r"s?\s+(" + _MAIL_WORD + r")\b",
    re.IGNORECASE,
)


_BEFORE_ADDRESS = re.compile(r"\W*((ist|lautet|hei(ß|ss)t|w(ä|ae)re)\W+)?(die\s+)?", re.IGNORECASE)


def _others_address_at(text: str) -> int | None:
    """Where the words that give someone else's e-mail address begin."""
    for address in EMAIL_IN_TEXT.finditer(text):
        for said in _OTHERS_ADDRESS.finditer(text, 0, address.start()):
            if _BEFORE_ADDRESS.fullmatch(text, said.end(), address.start()):
                return said.start()
    return None


def gives_others_address(text: str) -> bool:
    """Whether an e-mail address in the message is said, right before it,
    to be someone else's ("… ihre Mail ist lisa@…"; not "Ihre Mail kam nie
    an, meine Adresse ist …")."""
    return _others_address_at(text) is not None


def without_others_address(text: str) -> str:
    """The message up to someone else's e-mail address ("kann der Gutschein
    an meine Tochter gehen?" of "… ihre Mail ist lisa@…")."""
    at = _others_address_at(text)
    return text if at is None else text[:at].strip()


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


# "welche mail er angegeben hat", "seine nummer": the contact details of a
# friend just spoken of; "die nummer vom dritten", "von ihr": one of them.
_THEIR_CONTACT = re.compile(
    r"\bseine\s+(handy|telefon|mobil)?-?(nummer|e?-?mail\w*|adresse|kontaktdaten)\b"
    r"|\bwelche\s+(e-?)?mail(-?adresse)?\s+(er|sie)\b"
    # "kannst du mir ihre handynummer geben": a company has no mobile number.
    r"|\b(ihre|deren)\s+(handy|mobil|private\s+)-?(nummer|telefonnummer)\b",
    re.IGNORECASE,
)
_ONE_OF_THEM = re.compile(
    r"\b(vom|von\s+(der|dem))\s+(ersten|zweiten|dritten|vierten|einen|anderen)\b"
    r"|\bvon\s+(ihm|ihr)\b",
    re.IGNORECASE,
)


def asks_contact_of(text: str, friends: list[str]) -> bool:
    """Whether the customer asks for the contact details of someone they
    recommended: by a friend's first name as the status showed it, by a word
    for a person ("von meiner kollegin"), or, with friends on record, by a
    pronoun or position ("welche mail er angegeben hat", "die nummer vom
    dritten")."""
    if _GIVES_DETAILS.search(text) is not None or asks_why_friend_contact(text):
        # "warum braucht ihr meine email und die von meinem freund?" asks
        # why they would be needed, not for them.
        return False
    if friends and _THEIR_CONTACT.search(text) is not None:
        return True
    if not names_contact_details(text):
        return False
    if friends and _ONE_OF_THEM.search(text) is not None:
        return True
    firsts = {friend.split()[0].lower() for friend in friends if friend}
    for match in _OF_PERSON.finditer(text):
        word = match.group(1).lower()
        if word in firsts or re.fullmatch(_PEOPLE, word, re.IGNORECASE):
            return True
    return False


# "ich hab auch selbst jemanden geworben", "mein kumpel hat über meinen link
# abgeschlossen": the writer recommended someone.
_HAS_RECOMMENDED = re.compile(
    r"\b(hab|habe|hatte)\b[^.?!]{0,50}\b(geworben|empfohlen)\b"
    # "hab zwei leute zu funknetz geholt"
    r"|\b(hab|habe|hatte)\b[^.?!]{0,40}\bzu\s+\w+\s+geholt\b"
    r"|\b(über|ueber|mit)\s+meine[nm]?\s+(\w+\s+)?(link|code|empfehlungs(link|code))\b"
    # "geworbener will gelöscht werden, gibts dann noch ne prämie für mich",
    # "mein geworbener kumpel will …": the person recommended spoken of.
    r"|^\W*((der|die|mein|meine)\s+)?geworbene[rn]?\s+(\w+\s+)?"
    r"(will|m(ö|oe)chte|hat|ist|sagt|fragt|wollte|m(ü|ue)sste|soll)\b",
    re.IGNORECASE,
)


def says_has_recommended(text: str) -> bool:
    """Whether the writer says they recommended someone themselves."""
    return _HAS_RECOMMENDED.search(text) is not None


# "ich wurde von meiner Kollegin geworben", "mein Kumpel hat mich geworben",
# "als Geworbener", "einen Code hab ich nicht, den hat ja sie", "ich bin doch
# der Geworbene": the writer is the recommended friend, who has no referral
# code. "der von mir geworben wurde" is the referrer speaking and does not count.
_SELF_RECOMMENDED = re.compile(
    r"\bich\s+(bin|wurde)\b[^.?!]{0,40}\b(geworben|empfohlen)\w*"
    # "wurde geworben und frag mich …", "bin nur empfohlen worden"
    r"|^\W*(wurde|bin)\s+((ja|doch|nur|halt|auch|eben)\s+)*(geworben|empfohlen)\b"
    r"|\bbin\s+((ja|doch|nur|halt|auch|eben)\s+)*(geworben|empfohlen)\s+worden\b"
    # "mich … empfohlen", but not "über mich und den Freund, den ich empfohlen hab"
    # (also in dialect: "mei spezl hod mi … empfohln", "hat mi gworben")
    r"|\b(mich|mi)\b(?:(?!\bich\b)[^.?!]){0,40}\b((ge|g)?worbe?n|empfohle?n)\b"
    # "meine Mutter hatte mir das empfohlen" (not "der von mir geworben wurde")
    r"|\b(hat|hatte|haben|hatten)\s+mir\b(?:(?!\bich\b)[^.?!]){0,30}\b(empfohlen|geworben)\b"
    r"|\bals\s+(geworbene|empfohlene)[rn]?\b"
    r"|\b(der|die)\s+geworbene\s+bin\s+ich\b"
    # "bin ja nur der geworbene"
    r"|\bbin\s+((ja|doch|nur|halt|eben|auch)\s+)*(der|die|ein|eine)\s+(geworbene|empfohlene)"
    # "ich bin über eine Empfehlung meines Chefs Kunde geworden"
    r"|\bbin\s+(ich\s+)?(über|ueber|durch)\s+(eine|die|seine|ihre)\s+empfehlung\b"
    # "ich bin auf Empfehlung meiner Freundin zu SonnenStrom gewechselt"
    r"|\b(bin|habe|hab)\s+(ich\s+)?(auf|über|ueber|durch)\s+(die\s+)?empfehlung\s+"
    r"(meine[rs]?|von\s+meine[mr])\b"
    # "ich bin über meinen Arbeitskollegen zu AutoSicher gekommen"
    r"|\bbin\s+(ich\s+)?(über|ueber|durch)\s+(meine[nm]?|unsere[nm]?)\s+\w+\s+zu\s+\w+\s+gekommen\b"
    r"|\b(den|die)\s+hat\s+(ja|doch)\s+(sie|er)\b"
    r"|\bmein\w*\s+(neukunden|willkommens)\w*"
    # "mein nachbar hat mir euren strom empfohlen"
    r"|\bhat\s+mir\s+(euren|eure|euer|euch|den|die|das|ihren|ihre|autosicher|sonnenstrom"
    r"|funknetz)\b[^.?!]{0,25}\bempfohlen\b"
    # "weil ich beim abschluss keinen code eingegeben hab": only the one who
    # signed enters a code.
    r"|\bich\s+((hab|habe)\s+)?beim\s+(vertrags)?abschluss\s+(keinen|den|seinen|ihren|deinen)\s+code\b"
    # "mein schwager hat mich zu euch geholt"
    r"|\b(hat|hats)\s+mich\s+(zu\s+(euch|ihnen|\w+)\s+)(geholt|gebracht|gelotst)\b"
    # "eine Freundin hat mir ihren Code gegeben", "den Link von meinem Kumpel
    # bekommen": someone else's code in the writer's hands.
    r"|\bmir\s+(\w+\s+){0,2}(ihren|seinen|ihr|sein|deren|dessen)\s+(empfehlungs|werbe)?(code|link)\b"
    # "mein freund will mich jetzt werben, geht das?"
    r"|\b(will|m(ö|oe)chte|wollte|kann|darf|soll)\s+mich\s+(\w+\s+){0,3}(werben|empfehlen)\b"
    # "mein kumpel hat mir nen empfehlungslink geschickt"
    r"|\b(hat|hatte)\s+mir\s+(so\s+)?(nen|einen|ein|den|n)\s+((empfehlungs|werbe)(code|link)|link)\w*"
    r"\s+(\w+\s+){0,2}(geschickt|gegeben|weitergeleitet|gesendet)\b"
    r"|\b(code|link)\s+(von|vom)\s+(meine[mnr]?|einer?|einem|nem|ner)\s+" + _PEOPLE + r"\b"
    r"[^.?!]{0,20}\b(bekommen|gekriegt|erhalten)\b"
    # "und mein nachbar kriegt jetzt geld für mich?": a reward for the writer.
    r"|\b(kriegt|bekommt|erh(ä|ae)lt|kassiert)\s+(\w+\s+){0,3}"
    r"(geld|pr(ä|ae)mie|bonus|gutschein|was|etwas)\s+(\w+\s+){0,2}f(ü|ue)r\s+mich\b",
    re.IGNORECASE,
)


# "ich hab mir über meine zweite mailadresse selber den link geschickt",
# "mit meinem eigenen code selbst abgeschlossen": the customer recommended
# themselves, whatever they ask next (when the reward comes).
_REFERRED_SELF = re.compile(
    r"\b(mir|mich)\s+(\w+\s+){0,6}(selbst|selber)\s+(\w+\s+){0,3}"
    r"(geschickt|gesendet|geworben|empfohlen|weitergeleitet|eingeladen)\b"
    r"|\b(mit|über|ueber)\s+meine[mnr]?\s+(eigenen?\s+|zweite[nmr]?\s+|anderen?\s+)+"
    r"(code|link|e?-?mail\w*|adresse|account|konto)\b[^.?!]{0,40}\b(selbst|selber)\b"
    r"|\b(selbst|selber)\s+(\w+\s+){0,4}(mit|über|ueber)\s+meine[mnr]?\s+"
    r"(eigenen?\s+|zweite[nmr]?\s+)+(code|link|e?-?mail\w*|adresse)\b",
    re.IGNORECASE,
)


def says_referred_self(text: str) -> bool:
    """Whether the customer says they recommended themselves."""
    return _REFERRED_SELF.search(text) is not None


# "mein kumpel meinte ich soll über seine empfehlung abschließen", "hab von
# meiner freundin den code bekommen", "ich hab widerrufen, bekommt mein
# freund trotzdem seine prämie?": the writer signs (or signed) with someone
# else's code.
_SIGNS_WITH_THEIR_CODE = re.compile(
    r"\b(ich\s+soll|soll\s+ich|ich\s+(will|m(ö|oe)chte|w(ü|ue)rde|kann))\b[^.?!]{0,40}"
    r"\b(über|ueber|mit|durch)\s+(seine[nm]?|ihre[nm]?|deren|dessen)\s+"
    r"(empfehlung|code|link|empfehlungscode|empfehlungslink)\b"
    r"|\b(von|vom)\s+(meine[mnr]?|einer?|einem|nem|ner)\s+" + _PEOPLE + r"\s+(\w+\s+){0,2}"
    r"(code|link|empfehlungscode|empfehlungslink)\b[^.?!]{0,40}\b(bekommen|gekriegt|erhalten)\b"
    r"|^(?=[\s\S]*\b(ich|hab|habe)\b[^.?!]{0,40}\b(widerrufen|gek(ü|ue)ndigt|storniert)\b)"
    r"(?=[\s\S]*\b(bekommt|kriegt|erh(ä|ae)lt)\s+(mein\w*\s+\w+|er|sie)\b[^.?!]{0,30}"
    r"\b(seine|ihre|die|das)\s+(pr(ä|ae)mie|bonus|geld|gutschein|belohnung))",
    re.IGNORECASE,
)


def says_self_recommended(text: str) -> bool:
    """Whether the writer says they were recommended themselves."""
    return (
        _SELF_RECOMMENDED.search(text) is not None
        or _SIGNS_WITH_THEIR_CODE.search(text) is not None
    )


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


# "die eine … die andre", "der zweite": one of several referrals.
_ONE_OF_SEVERAL = re.compile(
    r"\b(die|der|den|bei\s+der|bei\s+dem)\s+(eine|einen|andere|andre|anderen|erste|zweite|dritte)\b",
    re.IGNORECASE,
)


def points_at_one_referral(text: str) -> bool:
    """Whether the message points at one of several referrals by its place."""
    return _ONE_OF_SEVERAL.search(text) is not None


# "und wie lang hat sie diesmal zeit?", "wie viel zeit hat mein kumpel
# noch?", "wie viel zeit bleibt ihm noch": how long the recommended person
# has to sign.
_FRIENDS_TIME = re.compile(
    r"\b(wie\s+lange?|wie\s*viel|bis\s+wann)\b[^.?!]{0,12}\b(hat|haben)\s+"
    r"(sie|er|die|der|mein\w*\s+\w+)\b[^.?!]{0,20}\bzeit\b"
    r"|\bwie\s*viel\s+zeit\s+(hat|haben)\s+(sie|er|die|der|mein\w*)\b"
    # "bis wann muss er das machen?", "wann muss sie spätestens abschließen?"
    r"|\b(bis\s+wann|wann\s+sp(ä|ae)testens)\s+(muss|m(ü|ue)sste|soll|sollte|kann)\s+"
    r"(er|sie|der|die|mein\w*\s+\w+)\b"
    r"|\bwann\s+(muss|m(ü|ue)sste|soll)\s+(er|sie|der|die)\s+(\w+\s+){0,3}sp(ä|ae)testens\b"
    # "wie viel zeit bleibt ihm noch?", "wie viele tage hat sie noch"
    r"|\bwie\s*viele?\s+(zeit|tage|wochen)\s+(bleib\w*|hat|haben)\s+(ihm|ihr|ihnen|sie|er|die|der)\b"
    # ("wieviele tage hat die wartefrist …" asks the period, not the friend's time)
    r"(?!\s+\w*(frist|zeit|empfehlung|pr(ä|ae)mie)\b)",
    re.IGNORECASE,
)


def asks_friends_time(text: str) -> bool:
    """Whether the message asks how long the recommended person has to sign."""
    return _FRIENDS_TIME.search(text) is not None


# "ich bin aber schon kunde", "bin seit Jahren Kundin", "hab schon nen
# vertrag bei euch", "Bestandskunde hier": the writer is a customer already.
_WRITER_ALREADY_CUSTOMER = re.compile(
    r"\b(bin|war)\s+(ich\s+)?((aber|doch|ja|eigentlich|halt)\s+)*(schon|bereits|seit)\s+"
    r"(\w+\s+){0,4}(kunde|kundin)\b"
    r"|\bbestandskund\w*"
    r"|\b(hab|habe)\s+(ich\s+)?((aber|doch|ja|eigentlich)\s+)*(schon|bereits)\s+"
    r"(nen|ne|einen|eine|ein|n)\s+(\w+\s+)?\w+\s+(bei\s+(euch|ihnen)|mit\s+euch)\b",
    re.IGNORECASE,
)


def says_already_customer(text: str) -> bool:
    """Whether the writer says they are a customer of the brand already."""
    return _WRITER_ALREADY_CUSTOMER.search(text) is not None


# "wurde jetzt von meinem Bruder empfohlen", "über einen Empfehlungslink":
# the writer is the one recommended (with or without other cues).
_BEING_RECOMMENDED = re.compile(
    r"\b(wurde|werde|worden)\b[^.?!]{0,50}\b(empfohlen|geworben)\b"
    r"|\b(über|ueber|mit)\s+(einen|den|nen|dem|seinen|ihren|so\s+nen)\s+(empfehlungs)?(link|code)\b",
    re.IGNORECASE,
)


def recommended_while_customer(text: str) -> bool:
    """Whether the writer says they were recommended although they are a
    customer already ("bin seit Jahren Kunde und wurde jetzt empfohlen")."""
    recommended = says_self_recommended(text) or _BEING_RECOMMENDED.search(text) is not None
    return recommended and says_already_customer(text)


# "wie lange muss der nächste denn drinbleiben, damit es zählt?", "wie lang
# muss mein kumpel kunde bleiben?": how long the recommended person's
# contract must last (the cooling-off and waiting periods).
_FRIENDS_STAY = re.compile(
    r"\bwie\s+lange?\b[^.?!]{0,40}\b(drin\s*bleiben|dabei\s*bleiben|kunde\s+bleiben"
    r"|bleiben\s+muss|(kunde|dabei|drin)\s+sein\s+muss|mindestens\s+bleiben)\w*"
    r"|\bmuss\s+(er|sie|der|die|mein\w*\s+\w+)\b[^.?!]{0,30}\b(drin|dabei|kunde)\s*bleiben\b"
    # "wie lange muss ich mindestens bleiben, damit mein kollege sein geld kriegt?"
    r"|\bwie\s+lange?\s+muss\s+ich\b[^.?!]{0,25}\bbleiben\b",
    re.IGNORECASE,
)


def asks_friends_stay(text: str) -> bool:
    """Whether the message asks how long the recommended person must stay."""
    return _FRIENDS_STAY.search(text) is not None


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
    r"\bwer\s+(das|es|die\s+person)\s+(war|ist|gewesen)\b|\bwer\s+war\s+(das|es)\b"
    # "also hat mich jemand geworben? wer denn?"
    r"|\b(empfohlen|geworben|angemeldet|eingetragen)\s*\?+\s*(und\s+)?wer\s+(denn|genau|war\s+das)?\b",
    re.IGNORECASE,
)


def asks_who_recommended(text: str, about_recommendation: bool = False) -> bool:
    """Whether the customer asks who recommended them; "wer das war" counts
    only when the conversation is about their recommendation."""
    if _WHO_RECOMMENDED.search(text):
        return True
    return about_recommendation and _WHO_WAS_IT.search(text) is not None


# "also hat mein schwager die einfach eingetippt", "meine nachbarin hat wohl
# meine adresse angegeben": someone else gave the customer's details.
_GIVEN_BY_OTHER = re.compile(
    r"\b(hat|hats|haben)\s+(wohl\s+|dann\s+|also\s+)*(mein|meine)\s+\w+\b[^.?!]{0,30}"
    r"\b(eingetippt|eingetragen|angegeben|weitergegeben|eingegeben)\b"
    # "Mein Sohn hat meine Emailadresse ohne mein Wissen bei Ihnen als
    # Empfehlung eingetragen"
    r"|\b(mein|meine)\s+\w+\s+(hat|hats)\b[^.?!]{0,30}\b(mich|meine\s+(\w*adresse|\w*mail|daten|"
    r"nummer|handynummer))\b[^.?!]{0,50}\b(eingetippt|eingetragen|angegeben|weitergegeben|eingegeben)\b",
    re.IGNORECASE,
)


def says_details_given_by_other(text: str) -> bool:
    """Whether the customer says someone else gave their details."""
    return _GIVEN_BY_OTHER.search(text) is not None


# "die anderen", "meine übrigen", "der zweite": more of the customer's own referrals.
_OTHER_REFERRALS = re.compile(
    r"\b(die|den|der|meine[nr]?)\s+(anderen?|andern|restlichen|übrigen|uebrigen"
    # "und die zweite?", "meine zweite Empfehlung"; not "meine zweite simkarte"
    r"|zweite[nr]?(?=\s*([?.,!]|$|\s+(empfehlung|person|freund|bekannt|geworben))))\b"
    # "welche von den dreien is noch offen?", "welche fehlen noch?"
    r"|\bwelche[rsm]?\b[^.?!]{0,30}\b(offen|fehl\w*|ausstehend|noch\s+nicht|l(ä|ae)uft|laufen"
    # "und bei welchem hängts noch?", "bei wem dauert es noch?"
    r"|h(ä|ae)ngt\w*|hakt\w*|dauert\w*)\b"
    r"|\bbei\s+wem\b[^.?!]{0,20}\b(h(ä|ae)ngt\w*|hakt\w*|dauert\w*|fehlt)\b",
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


_ARTICLES = frozenset({"dem", "der", "den", "die", "bei", "beim", "vom", "von", "mit", "und"})


def referral_position(text: str, friends: list[str]) -> int | None:
    """The place (0-based) in ``friends`` of the referral the message points
    at: by an ordinal ("die dritte") or by the friend's first name as the
    status showed it ("Hannah S." for "und bei hannah?"); None when it points
    at none, or past the end of the list."""
    for place, friend in enumerate(friends):
        first = friend.split()[0] if friend else ""
        # "leonies prämie", "hannahs": the genitive counts as the name.
        if len(first) > 2 and re.search(rf"\b{re.escape(first)}s?\b", text, re.IGNORECASE):
            return place
    # "und bei dem anderen, dem max?": a short form of one name, after an
    # article or preposition (not "darf ich max werben").
    words = re.findall(r"[a-zäöüß]+", text.lower())
    short = [word for before, word in itertools.pairwise(words) if before in _ARTICLES]
    matches = {
        place
        for place, friend in enumerate(friends)
        for word in short
        if friend and len(word) >= 3 and friend.split()[0].lower().startswith(word)
    }
    if len(matches) == 1:
        return matches.pop()
    match = _ORDINAL.search(text)
    if match is None:
        return None
    word = match.group(1).lower()
    place = len(friends) - 1 if word == "letzt" else _ORDINAL_PLACE[word]
    return place if 0 <= place < len(friends) else None


# "und bei den anderen beiden?", "was ist mit den übrigen?": the referrals
# besides the one asked about before.
_THE_OTHERS = re.compile(
    r"\b(den|die|der)\s+(anderen|andern|(ü|ue)brigen|restlichen)\b(?!\s+(programm|frage|thema))",
    re.IGNORECASE,
)


def asks_about_the_others(text: str) -> bool:
    """Whether the message asks about the other referrals than the one
    spoken of before."""
    return _THE_OTHERS.search(text) is not None


# "und was bekommt markus eigentlich dafür?", "was kriegt mein kumpel?": what
# the person the customer recommended gets (not "was bekommt man dafür?").
_OTHER_GETS = re.compile(
    r"\bwas\s+(bekommt|kriegt|erh(ä|ae)lt)\s+(?!man\b|ihr\b|jeder\b|das\b|es\b)"
    r"(der|die|mein\w*\s+\w+|er|sie|[a-zäöüß]+)\b"
    # "und bekommt er selber auch was?"
    r"|\b(bekommt|kriegt|erh(ä|ae)lt)\s+(er|sie|der|die)\s+((selbst|selber|auch|dann|denn|eigentlich)\s+){1,3}"
    r"([^.?!]{0,30}\s)?(was|etwas)\b"
    # "elif fragt, ob sie eigentlich auch was bekommt"
    r"|\bob\s+(sie|er)\s+((eigentlich|auch|selbst|selber|denn|dann)\s+)*(was|etwas)\s+"
    r"(bekommt|kriegt|erh(ä|ae)lt)\b",
    re.IGNORECASE,
)

# "jürgen wartet auch noch auf seinen", "sie hat ihr startguthaben noch nicht
# bekommen": the recommended friend's own advantage, awaited.
_FRIENDS_BONUS_AWAITED = re.compile(
    r"\b\w+\s+wartet\s+((auch|noch|schon|immer)\s+)*auf\s+(seine[n]?|ihre[n]?|sein|ihr)\b"
    r"(?!\s+(vertrag|anschluss|strom|lieferung|router|z(ä|ae)hler|karte|sim))"
    r"|\b(sein|ihr|seine[nm]?|ihre[nm]?)\s+(startguthaben|neukundenbonus|willkommensbonus|bonus"
    r"|gutschrift|neukundenvorteil|vorteil)\b"
    # "die leonie sagt, sie hat selbst noch nix bekommen"
    r"|\b(sie|er)\s+(hat|habe|h(ä|ae)tte|h(ä|ae)tt)\s+(selbst|selber)\s+((auch|noch|immer|gar)\s+)*"
    r"(nix|nichts|kein\w*)\s+(\w+\s+)?(bekommen|gekriegt|erhalten)\b"
    r"|\b(sie|er)\s+(selbst|selber)\s+(hat|bekommt|kriegt)\s+((auch|noch|immer|gar)\s+)*"
    r"(nix|nichts|kein\w*)\b",
    re.IGNORECASE,
)


def tells_own_missing_beside(text: str) -> bool:
    """Whether a sentence of the message says the customer's own reward did
    not arrive, beside the friend's awaited bonus ("leonie hat ihren bonus
    noch nicht. und meine mail ist auch nie angekommen")."""
    return any(
        says_not_arrived(sentence) and not awaits_friends_bonus(sentence)
        for sentence in re.split(r"[.?!]+", text)
    )


def asks_about_friends_advantage(text: str) -> bool:
    """Whether the message asks what the recommended friend gets or says
    their own advantage is awaited (asked by whoever recommended them)."""
    return asks_what_other_gets(text) or awaits_friends_bonus(text)


def awaits_friends_bonus(text: str) -> bool:
    """Whether the message speaks of the recommended friend's own advantage
    as awaited ("er wartet auch noch auf seinen")."""
    return _FRIENDS_BONUS_AWAITED.search(text) is not None


def asks_what_other_gets(text: str) -> bool:
    """Whether the customer asks what someone else (the friend) gets."""
    return _OTHER_GETS.search(text) is not None


# "an wen soll sie sich wenden?", "wo kann er sich da melden?": where another
# person (the referrer, a relative) gets help with their own matter.
_WHERE_OTHER_TURNS = re.compile(
    r"\ban\s+wen\s+(soll|kann|muss|k(ö|oe)nnte|sollte)\s+(sie|er)\s+sich\s+(\w+\s+)?wenden\b"
    r"|\bwo\s+(soll|kann|muss|k(ö|oe)nnte)\s+(sie|er)\s+sich\s+(\w+\s+)?melden\b"
    r"|\bwen\s+(soll|kann)\s+(sie|er)\s+(\w+\s+)?(fragen|anschreiben|kontaktieren)\b",
    re.IGNORECASE,
)


def asks_where_other_turns(text: str) -> bool:
    """Whether the message asks where another person gets help."""
    return _WHERE_OTHER_TURNS.search(text) is not None


# "und ihm?", "und für ihn?" right after what the customer gets: the other side
# ("und Sie?" is left out: it is the formal "you" as often as "her").
_POINTS_AT_OTHER = re.compile(
    r"^\W*(und|aber)\s+((ihm|ihr|er|der|dem)|(f(ü|ue)r)\s+(ihn|sie|den|die))"
    r"(\s+(denn|dann|so|selbst))?\W*$"
    # "und der kumpel selbst?", "und meine freundin?"
    r"|^\W*(und|aber)\s+(f(ü|ue)r\s+)?(der|die|dem|den|mein\w*)\s+" + _PEOPLE + r"\b"
    r"(\s+(denn|dann|so|selbst))?\W*$",
    re.IGNORECASE,
)


def points_at_other(text: str) -> bool:
    """Whether a bare follow-up points at the other person ("und ihm?")."""
    return _POINTS_AT_OTHER.search(text) is not None


# "kann ich sie einfach nochmal neu empfehlen?", "darf ich ihn erneut
# werben?": the same person recommended once more.
_RECOMMENDS_AGAIN = re.compile(
    r"\b(nochmal|noch\s+mal|noch\s+einmal|erneut|neu)\s+(neu\s+)?(empfehl|werb)\w*", re.IGNORECASE
)


def recommends_again(text: str) -> bool:
    """Whether the message asks about recommending the same person again."""
    return _RECOMMENDS_AGAIN.search(text) is not None


# ---- the recommended friend's words ----
# "sieht mein Kumpel, was ich zahle?": what the referrer gets to see or learn.
_REFERRER_SEES = re.compile(
    r"\b(sieht|sehen|einsehen|erf(ä|ae)hrt|erfahren|mitbekommen|bekommt\s+\w+\s+mit)\b"
    r"|\b(welche|was\s+f(ü|ue)r)\s+(angaben|daten|infos?|informationen)\b[^.?!]{0,40}"
    r"\b(bekommt|kriegt|erh(ä|ae)lt)\b",
    re.IGNORECASE,
)


def asks_what_referrer_sees(text: str) -> bool:
    """Whether the recommended friend asks what the referrer sees or learns."""
    return _REFERRER_SEES.search(text) is not None


# "kann ich auch telefonisch abschließen?", "und wenn er im laden
# unterschreibt?": a way of signing the contract, named beside signing.
_SIGN_CHANNEL = re.compile(
    r"\b(telefon\w*|anruf\w*|anrufe|hotline|online|internet|laden|shop|filiale|"
    r"kundencenter|kundenzentrum|agentur|(versicherungs)?b(ü|ue)ro|vor\s+ort|pers(ö|oe)nlich|"
    r"gesch(ä|ae)ft)\b",
    re.IGNORECASE,
)
_SIGNING = re.compile(
    r"\b(abschlie(ß|ss)\w*|abgeschlossen|unterschreib\w*|unterschrieben|bestell\w*|"
    r"vertrag\s+(machen|abschlie(ß|ss)en))\b"
    r"|\bcode\s+(\w+\s+){0,2}(eingeben|eintragen|eintippen|sagen|nennen|angeben)\b",
    re.IGNORECASE,
)


# "online bestellt, aber den code vergessen": a code missed, not the way.
_CODE_MISSED = re.compile(
    r"\b(vergessen|nachtrag\w*|nachreich\w*|ohne\s+(den\s+)?code)\b", re.IGNORECASE
)


# "kann man das nachtragen?", "ich weiß ihren code nicht": the referrer's
# code missed at signing, told by the recommended friend.
_CODE_UNKNOWN = re.compile(
    r"\b(wei(ß|ss)|kenn\w*|hab\w*)\s+(ich\s+)?(ihren|seinen|den|deren|dessen)\s+code\s+nicht\b"
    # "sie hat mir den code geschickt, soll ich den hier reinschreiben?"
    r"|\b(soll|kann|muss)\s+ich\s+(den|ihn|ihren\s+code|seinen\s+code|den\s+code)\s+"
    r"(hier\s+)?(rein\w*|ein(geben|tragen|tippen)|angeben)\b",
    re.IGNORECASE,
)


def speaks_of_missed_code(text: str) -> bool:
    """Whether the message is about the referrer's code missed at signing
    ("kann man das nachtragen?", "ich weiß ihren Code nicht")."""
    return _CODE_MISSED.search(text) is not None or _CODE_UNKNOWN.search(text) is not None


def names_sign_channel(text: str) -> bool:
    """Whether the customer asks about a way of signing the contract (by
    phone, in a shop, online), as opposed to the reward or a missed code."""
    return (
        _SIGN_CHANNEL.search(text) is not None
        and _SIGNING.search(text) is not None
        and _CODE_MISSED.search(text) is None
    )


# "wer hat das widerrufen, sie selber oder ihr?": who took the step the
# status names.
_WHO_ACTED = re.compile(
    r"\bwer\s+hat\s+(\w+\s+){0,3}(widerrufen|gek(ü|ue)ndigt|storniert|abgelehnt|"
    r"zur(ü|ue)ckgezogen|abgebrochen)\b",
    re.IGNORECASE,
)


def asks_who_acted(text: str) -> bool:
    """Whether the customer asks who took the step their status names."""
    return _WHO_ACTED.search(text) is not None


# "ich bin seit 5 jahren kunde, krieg ich auch mal was?", "gibts nen
# treuebonus?": a reward for being a customer for long, not for a referral.
_LOYALTY = re.compile(
    r"\btreue\w*\b|\bstammkund\w*|\bbestandskund\w*|\blangj(ä|ae)hrig\w*"
    r"|\bseit\s+(\d+|zwei|drei|vier|f(ü|ue)nf|sechs|sieben|acht|neun|zehn|vielen|etlichen|"
    r"einigen|ewigen?)\s+jahr\w*\b[^?]{0,60}\b(kunde|kundin|versichert|dabei|bei\s+euch|bei\s+ihnen)\b"
    r"|\bseit\s+(19|20)\d\d\b[^?]{0,40}\b(kunde|kundin|versichert|dabei)\b"
    r"|\b(schon\s+)?seit\s+((19|20)\d\d|\d+\s+jahr\w*)\s+(bei\s+euch|bei\s+ihnen|dabei|kunde|kundin)\b"
    r"|\b(kunde|kundin)\s+seit\s+((19|20)\d\d|\d+\s+jahr\w*)\b",
    re.IGNORECASE,
)
_ASKS_SOMETHING_FOR_IT = re.compile(
    r"\b(krieg|kriege|bekomm|bekomme|gibt|gibts|belohn\w*|bonus|rabatt|pr(ä|ae)mie|extra)\w*",
    re.IGNORECASE,
)


# "… und will meinen freund werben, was bekomm ich?": the reward for a referral.
_RECOMMENDING = re.compile(r"\b(werb|empfehl|geworben|empfohlen)\w*", re.IGNORECASE)


def asks_loyalty_reward(text: str) -> bool:
    """Whether a long-standing customer asks for a reward for their loyalty."""
    return (
        _LOYALTY.search(text) is not None
        and _ASKS_SOMETHING_FOR_IT.search(text) is not None
        and _RECOMMENDING.search(text) is None
    )


# "meine Nachbarin", "unsere Tochter", "einer Kollegin": a woman the customer
# speaks of; "mein Kumpel", "meinen Bruder": a man.
_SHE_NOUNS = (
    r"(freundin|bekannte|mutter|mama|schwester|tochter|frau|ehefrau|oma|tante|cousine|nichte|"
    r"enkelin|verlobte|schwiegermutter|schwiegertochter|kollegin|nachbarin|partnerin|"
    r"schw(ä|ae|a)gerin|lebensgef(ä|ae|a)hrtin|mitbewohnerin|arbeitskollegin|chefin)"
)
_HE_NOUNS = (
    r"(freund|bekannten?|bekannter|vater|papa|bruder|sohn|mann|ehemann|opa|onkel|cousin|neffe|"
    r"enkel|verlobten?|verlobter|schwager|schwiegervater|schwiegersohn|kollegen?|nachbarn?|"
    r"partner|kumpel|chef|mitbewohner|lebensgef(ä|ae|a)hrten?|arbeitskollegen?)"
)
# "er nicht abschließt", "sie doch unterschreibt": little words between.
_PAUSE = (
    r"((nicht|nich|noch|doch|schon|auch|dann|jetzt|halt|eh|selbst|selber|gleich|wieder"
    r"|vielleicht|bald|sofort|eventuell)\s+){0,2}"
)
_SHE = re.compile(
    r"\b(meine|meiner|unsere|unserer|eine|einer|die|der)\s+(beste[nr]?\s+)?" + _SHE_NOUNS + r"\b"
    # Any "-in" after "meine": "meine Trainerin", "einer Studienfreundin".
    r"|\b(meine|meiner|unsere|unserer|eine|einer)\s+\w{3,}in\b"
    # "sie hat", "will sie": verbs only a person does, so that "die Prämie,
    # kommt sie noch?" is not taken for a woman.
    r"|\bsie\s+("
    + _PAUSE
    + r")(hat|hatte|will|wollte|m(ö|oe|o)chte|wei(ß|ss)|wohnt|(ü|ue|u)berlegt|"
    r"sagt|meint|unterschreibt|(ab)?schlie(ß|ss)t|k(ü|ue|u)ndigt|widerruft|bekommt|kriegt|darf|"
    r"wartet|fragt)\b"
    r"|\b(hat|hatte|will|wollte|m(ö|oe|o)chte|wei(ß|ss)|wohnt|(ü|ue|u)berlegt|unterschreibt|"
    r"bekommt|kriegt|darf)\s+sie\b"
    # "dass sie gekündigt hat", "weil er widerrufen hatte": a clause.
    r"|\b(dass|da(ss|ß)|weil|ob|wenn|nachdem|obwohl)\s+sie\s+(\w+\s+){0,3}(gek(ü|ue)ndigt|widerrufen|"
    r"unterschrieben|abgeschlossen|storniert|gewechselt|bestellt)\s+(hat|hatte|habe)\b"
    # "die hat doch abgeschlossen", "dass die gekündigt hat": "die" for her
    # (not after a comma, where it refers back to a thing: "die Mail, die hat …").
    r"|(?<!,\s)\bdie\s+("
    + _PAUSE
    + r")(hat|hatte|will|wollte|wohnt|unterschreibt|k(ü|ue)ndigt|widerruft)\b"
    r"|(?<!,\s)\bdie\s+(\w+\s+){0,2}(gek(ü|ue)ndigt|widerrufen|abgeschlossen|unterschrieben)\s+hat\b",
    re.IGNORECASE,
)
_HE = re.compile(
    r"\b(mein|meinem|meinen|meines|unser|unserem|unseren|ein|einem|einen|den|dem)\s+"
    r"(beste[nmr]?\s+)?" + _HE_NOUNS + r"\b"
    r"|\ber\s+("
    + _PAUSE
    + r")(hat|hatte|will|wollte|m(ö|oe|o)chte|wei(ß|ss)|wohnt|(ü|ue|u)berlegt|"
    r"sagt|meint|unterschreibt|(ab)?schlie(ß|ss)t|k(ü|ue|u)ndigt|widerruft|bekommt|kriegt|darf|ist|"
    r"kann|muss|wartet|fragt)\b"
    r"|\b(hat|hatte|will|wollte|m(ö|oe|o)chte|wei(ß|ss)|wohnt|(ü|ue|u)berlegt|unterschreibt|"
    r"bekommt|kriegt|darf|ist|kann|muss)\s+er\b"
    # "der hat nach zwei wochen gekündigt": "der" for him, as "die" for her.
    r"|(?<!,\s)^\W*der\s+(" + _PAUSE + r")(hat|hatte|will|wollte|wohnt|unterschreibt|k(ü|ue)ndigt|"
    r"widerruft)\b"
    # "dass sie gekündigt hat", "weil er widerrufen hatte": a clause.
    r"|\b(dass|da(ss|ß)|weil|ob|wenn|nachdem|obwohl)\s+er\s+(\w+\s+){0,3}(gek(ü|ue)ndigt|widerrufen|"
    r"unterschrieben|abgeschlossen|storniert|gewechselt|bestellt)\s+(hat|hatte|habe)\b",
    re.IGNORECASE,
)


# A sentence about recommending or signing: a woman named there is the friend
# (or the one who recommended), not "meine Schwester" a voucher is given to.
_ABOUT_REFERRAL = re.compile(
    r"\b(werb\w*|wirbt|geworben|empfehl\w*|empfiehlt|empfohlen|abschlie(ß|ss)\w*|abgeschlossen|"
    # "wenn meine freundin ihre angaben entfernen lässt": her data.
    r"daten|angaben|l(ö|oe)sch\w*|gel(ö|oe)scht|entfern\w*|"
    r"unterschreib\w*|unterschrieben|vertrag\w*|kunde|kundin|wechsel\w*|z(ä|ae)hlt|mitmach\w*|"
    r"anmeld\w*|angemeldet|registrier\w*|code|link|zeit|frist|(ü|ue)berleg\w*|bekomm\w*|krieg\w*|"
    r"erh(ä|ae)lt|widerruf\w*|widerrufen|k(ü|ue)ndig\w*|gek(ü|ue)ndigt|storniert)\b",
    re.IGNORECASE,
)
_PRONOUN_VERB = re.compile(r"^(sie|er)\s|\s(sie|er)$", re.IGNORECASE)


def _mentions(pattern: re.Pattern[str], text: str) -> list[int]:
    """Where ``pattern`` names a person in a sentence about the referral (a
    pronoun with its verb counts anywhere)."""
    found = []
    for sentence in re.finditer(r"[^.?!;]+", text):
        about = _ABOUT_REFERRAL.search(sentence.group()) is not None
        for match in pattern.finditer(sentence.group()):
            if about or _PRONOUN_VERB.search(match.group()):
                found.append(sentence.start() + match.start())
    return found


def speaks_of_a_woman(text: str) -> bool | None:
    """Whether the person the message speaks of is a woman (``True``), a man
    (``False``), or the message does not say (``None``); the later mention
    wins when it names both ("erst mein Bruder, jetzt meine Schwester")."""
    she = _mentions(_SHE, text)
    he = _mentions(_HE, text)
    if not she and not he:
        return None
    return max(she, default=-1) > max(he, default=-1)


# "kann ich das für sie machen?", "muss er das selbst beantragen?": something
# done for another person or by them.
_FOR_THEM = re.compile(
    r"\bf(ü|ue|u)r\s+(sie|ihn)\s*(\?|$|\w*(machen|beantragen|erledigen|l(ö|oe)schen|bestellen"
    r"|abmelden|stoppen))"
    r"|\b(muss|kann|soll|darf)\s+(sie|er)\s+(das\s+)?(selbst|selber)\b",
    re.IGNORECASE,
)


def acts_for_them(text: str) -> bool:
    """Whether the message asks about doing something for the other person
    or whether they must do it themselves ("kann ich das für sie machen?")."""
    return _FOR_THEM.search(text) is not None


# "hannah will, dass ihre daten gelöscht werden": the data are hers.
_HER_OR_HIS_DATA = re.compile(r"\b(ihre|seine|deren|dessen)\s+(daten|angaben)\b", re.IGNORECASE)


def asks_right_for_their_data(text: str) -> bool:
    """Whether a data right is asked for another person's data ("… dass
    ihre Daten gelöscht werden")."""
    if names_my_data(text):  # "löschen Sie Ihre Daten über mich"
        return False
    return asks_data_right(text) and _HER_OR_HIS_DATA.search(text) is not None


def speaks_of_a_person(text: str) -> bool:
    """Whether the message speaks of another person as "er" or "sie" doing
    or wanting something ("er will, dass das gelöscht wird"), or of doing
    something for them."""
    return speaks_of_a_woman(text) is not None or acts_for_them(text)


def asks_data_right(text: str) -> bool:
    """Whether the message names a data right (deletion, a copy, a change,
    no more mails) or the data themselves."""
    return _DATA_RIGHT.search(text) is not None or _NO_MORE_MAILS.search(text) is not None


# "wie krieg ich das weg", "macht das weg", "nehmt mich da raus": what is
# stored about the writer is to go, said without naming a right.
_WANTS_IT_GONE = re.compile(
    r"\b(wie|wo)\s+(krieg|bekomm|werd|kann)\w*\s+ich\s+(das|die|den|mich|es)\s+"
    r"((\w+\s+){0,3})(weg|los|raus|gelöscht|geloescht|entfernt)\b"
    r"|\b(macht|mach|nehmt|nimm|streicht|entfernt)\s+(das|die|den|mich|es|alles)\s+"
    r"((\w+\s+){0,3})(weg|raus|da\s+raus|heraus)\b"
    r"|\b(trag|tragt|tragen\s+sie)\s+mich\s+((\w+\s+){0,3})aus\b"
    r"|\bich\s+will\s+(da\s+)?raus\b"
    # "ich will nicht dass ihr das speichert", "das möchte ich nicht
    # gespeichert haben": the keeping refused.
    r"|\b(will|m(ö|oe)chte)\s+((aber|echt|gar|auf\s+keinen\s+fall)\s+)?nicht,?\s+dass\s+"
    r"(ihr|sie|man|jemand|die\s+firma)\b[^.?!]{0,40}\b(speicher|behalt|aufbewahr|hab(t|en)\b)"
    r"|\bnicht\s+(bei\s+(euch|ihnen)\s+)?gespeichert\s+(werden|haben|sein)\b",
    re.IGNORECASE,
)


# "löscht einfach mein konto und alles was ihr von mir habt", "dann löschen
# Sie halt alle meine Daten": the deletion ordered outright.
_ORDERS_DELETION = re.compile(
    r"\bl(ö|oe)sch(t|en\s+sie|e)?\s+((bitte|einfach|doch|halt|jetzt|sofort|endlich|dann|mal)\s+)*"
    r"(mein(e[nmr]?)?|alle[s]?|das\s+alles|mich)\b[^.?!]{0,30}\b(daten|konto|account|alles|profil|mich)\b"
    r"|\bl(ö|oe)sch(t|en\s+sie|e)?\s+((bitte|einfach|doch|halt|jetzt|sofort|endlich|dann|mal)\s+)*mich\b",
    re.IGNORECASE,
)


# "kann ich davon eine Kopie bekommen?", "schickt ihr mir meine Daten
# schriftlich?": a copy of the stored data.
_ASKS_COPY = re.compile(
    r"\b(kopie|abschrift|datenkopie|datenauszug|auszug)\b"
    r"|\bmeine\s+daten\b[^.?!]{0,30}\b(schriftlich|zuschicken|schicken|zusenden)\b",
    re.IGNORECASE,
)


def asks_for_copy(text: str) -> bool:
    """Whether the message asks for a copy of the stored data."""
    return _ASKS_COPY.search(text) is not None


def orders_deletion(text: str) -> bool:
    """Whether the message orders the writer's data deleted ("löscht einfach
    mein Konto und alles"); "wann löscht ihr meine Daten?" asks."""
    if re.match(r"\W*(wann|wie|warum|wieso|weshalb|ob|was|wer)\b", text, re.IGNORECASE):
        return False
    return _ORDERS_DELETION.search(text) is not None


# "Ich will Auskunft nach Art. 15 über meine Daten", "ich verlange die
# Löschung", "hiermit widerspreche ich": a data right demanded outright.
_DEMANDS_RIGHT = re.compile(
    r"\b(will|m(ö|oe)chte|verlange|beantrage|fordere|bitte\s+um|h(ä|ae)tte\s+gern)\b[^.?!]{0,40}"
    r"\b(auskunft|l(ö|oe)schung|widerspruch|datenauskunft|kopie\s+meiner\s+daten)\b"
    r"|\bart(\.|ikel)?\s*(15|17|21)\b|\bhiermit\s+widersprech\w*",
    re.IGNORECASE,
)


def demands_data_right(text: str) -> bool:
    """Whether the message demands a data right outright (access,
    deletion, objection), in words or by its article."""
    return _DEMANDS_RIGHT.search(text) is not None or orders_deletion(text)


def wants_it_gone(text: str) -> bool:
    """Whether the writer wants what is stored about them gone, in plain
    words rather than a named right ("wie krieg ich das weg?")."""
    return _WANTS_IT_GONE.search(text) is not None


# "kann man ihn nicht irgendwie anschubsen?", "könnt ihr da nachhelfen?": the
# friend is to be nudged into signing.
_PUSH_FRIEND = re.compile(
    r"\b(an)?(schubs|stups)\w*|\ban(zu)?(treib|sto(ß|ss))(en|t)\b|\bnachhelf\w*|\bnachzuhelfen\b"
    r"|\b(druck|dampf|beine)\s+mach\w*|\bmach\w*\s+(\w+\s+){0,2}(druck|dampf|beine)\b",
    re.IGNORECASE,
)


def asks_to_push_friend(text: str) -> bool:
    """Whether the message asks to nudge the friend into signing."""
    return _PUSH_FRIEND.search(text) is not None


# "sie will keine mails mehr von euch": an objection to mails.
_NO_MORE_MAILS = re.compile(
    r"\bkeine\s+(e-?)?(mails?|werbung|newsletter|post|nachrichten)\b", re.IGNORECASE
)


# "mein cousin taucht da gar nicht auf": someone missing from the list.
_NOT_LISTED = re.compile(
    r"\b(taucht|steht|erscheint|ist)\s+(\w+\s+){0,3}(nicht|nirgends|gar\s+nicht|nirgendwo)\s+"
    r"(auf|drin|dabei|da|aufgef(ü|ue)hrt|gelistet)\b",
    re.IGNORECASE,
)


# "geht das für meinen mann gleich mit?", "kann meine frau das auch gleich
# mitmachen?": the same for one of the writer's people.
_ALONG_FOR = re.compile(
    r"\bgleich\s+(\w+\s+){0,2}mit\w*\b|\bmit\s+(erledig|beantrag|mach|l(ö|oe)sch)\w*"
    r"|\bauch\s+gleich\b",
    re.IGNORECASE,
)


def asks_same_for_own_person(text: str) -> bool:
    """Whether the message asks the same to be done for one of the writer's
    people ("geht das für meinen Mann gleich mit?")."""
    return _OWN_PEOPLE.search(text) is not None and _ALONG_FOR.search(text) is not None


def says_recommended_own_person(text: str) -> bool:
    """Whether the customer says they recommended someone of their own
    ("meinen Mann hab ich letzte Woche auch geworben", "mein Cousin taucht
    da gar nicht auf")."""
    told = says_has_recommended(text) or _NOT_LISTED.search(text) is not None
    return told and (
        _OWN_PEOPLE.search(text) is not None or _ANOTHER_PERSON.search(text) is not None
    )


# "noch nen zweiten kumpel", "den Stefan": someone more than the records
# named, said beside having recommended them.
_ANOTHER_PERSON = re.compile(
    r"\b(nen|einen|eine|ne|n)\s+((zweite[nr]?|weitere[nr]?|andere[nr]?|neue[nr]?)\s+)?"
    + _PEOPLE
    + r"\b"
    r"|\b(den|die)\s+(?!(pr(ä|ae)mie|e?-?mail|empfehlung|code|frist|wartezeit|best(ä|ae)tigung|"
    r"adresse|person|sache|info|nachricht|kund\w*|firma|versicherung|vertr(a|ä)g\w*|police|"
    r"karte|sim\w*|abrechnung|rechnung|bedingungen|regeln|daten|leute|geworbene\w*)\b)"
    r"(?-i:[A-ZÄÖÜ][a-zäöüß]+)\b(?!\s+(?-i:[A-ZÄÖÜ])\.)",
    re.IGNORECASE,
)


# "wieso dauert das bei ihm so lange und bei leonie gings schneller?": two
# referrals compared by how fast they went.
_COMPARES_PACE = re.compile(
    r"\bbei\s+\w+[^.?!]{0,60}(\b(und|aber|w(ä|ae)hrend|als)\s+(bei\s+)?|,\s*bei\s+)\w+[^.?!]{0,30}"
    r"\b(schneller|fr(ü|ue)her|eher|l(ä|ae)nger|flotter|z(ü|ue)giger)\b"
    r"|\b(schneller|fr(ü|ue)her|eher|l(ä|ae)nger)\s+als\s+bei\b",
    re.IGNORECASE,
)


def compares_pace(text: str) -> bool:
    """Whether the message asks why one referral goes faster than another."""
    return _COMPARES_PACE.search(text) is not None


# Whom the customer would recommend: family (the family rule, households) or
# anyone else (whom the program allows at all).
_FAMILY = re.compile(
    r"\b(mein|meine|meinen|meinem|meiner|unsere[nmr]?|die|den)\s+"
    r"(mann|frau|ehe\w+|tochter|sohn|kinder?|schwester|bruder|mutter|vater|mama|papa|eltern|"
    r"oma|opa|gro(ß|ss)\w+|enkel\w*|partner\w*|schw(a|ä|ae)ger\w*|schwieger\w*|cousin\w*|onkel|"
    r"tante|lebensgef\w+|verlobte\w*|nichte|neffen?)\b"
    r"|\b(zusammen\s+wohnen|wohnen\s+zusammen|(gleichen|selben|gemeinsamen)\s+haushalt)\b",
    re.IGNORECASE,
)
_OTHERS = re.compile(
    r"\b(mein|meine|meinen|meinem|meiner|unsere[nmr]?|den|die|eine[nm]?)\s+"
    r"(\w+\s+)?(freund\w*|nachbar\w*|kolleg\w*|arbeitskolleg\w*|kumpel\w*|bekannte\w*|"
    r"mitbewohner\w*|chef\w*|vermieter\w*|trainer\w*|vereinskolleg\w*)\b",
    re.IGNORECASE,
)
# "ich würde gern meinen Nachbarn werben, geht das?"
_WOULD_RECOMMEND = re.compile(
    r"\b(werben|empfehlen|anwerben)\b[^?!]{0,90}\b(geht|ginge|klappt|funktioniert)\s+(das|des|es)\b",
    re.IGNORECASE,
)
# "der ist schon Kunde", "war früher mal bei euch": the existing-customer rule.
_ALREADY_CUSTOMER = re.compile(
    r"\b(schon|bereits|fr(ü|ue)her|mal)\s+(\w+\s+)?(kunde|kundin|bei\s+euch|bei\s+ihnen|vertrag)\b"
    r"|\b(ist|sind)\s+(auch\s+)?bei\s+(euch|ihnen)\s+(\w+\s+)?(versichert|kunde|kundin)\b",
    re.IGNORECASE,
)
# "meine frau ist auch kundin, kann die auch selber werben?": the other person
# as the one who recommends (whether they may take part).
# "darf mein bruder jetzt auch jemanden werben?": named, who may recommend.
_THEY_RECOMMEND = re.compile(
    r"\b(kann|darf|k(ö|oe)nnte|d(ü|ue)rfte)\s+(die|der|sie|er)\s+((auch|dann|denn|eigentlich)\s+)*"
    r"(selbst|selber)\s+(\w+\s+){0,2}(werben|empfehlen)\b"
    r"|\b(kann|darf|k(ö|oe)nnte|d(ü|ue)rfte)\s+(mein|meine)\s+"
    + _PEOPLE
    + r"\s+((auch|dann|denn|eigentlich|jetzt|nun|selbst|selber)\s+)*"
    r"((jemand(en)?|leute|andere|freunde|bekannte|wen)\s+(\w+\s+)?)?(an)?(werben|empfehlen)\b",
    re.IGNORECASE,
)


def asks_if_other_may_refer(text: str) -> bool:
    """Whether the message asks if another person may recommend people
    themselves ("kann die auch selber werben?")."""
    return _THEY_RECOMMEND.search(text) is not None


# "… der wohnt in Österreich", "… per WhatsApp", "… nochmal": another rule
# of recommending (abroad, the ways to share, again) is asked.
_OTHER_RULE = re.compile(
    r"\b(ausland|schweiz|(ö|oe)sterreich|whatsapp|instagram|facebook|social|"
    r"nochmal|noch\s+einmal|erneut|wieder|link|code|minderj(ä|ae)hrig|unter\s+18|mehrere|"
    r"wie\s+viele)\b"
    r"|\b(lebt|wohnt|leben|wohnen)\s+((jetzt|noch|gerade|seit\s+\w+)\s+)?(in|im)\b"
    r"|\bin\s+\w+\s+(lebt|wohnt|leben|wohnen)\b",
    re.IGNORECASE,
)


def person_to_recommend(text: str) -> str | None:
    """Whom the message asks to recommend: ``"family"`` (relatives, partners,
    one household), ``"other"`` (friends, neighbours, colleagues), or None
    when it asks no such thing or the person is a customer already."""
    asks = asks_may_recommend(text) or _WOULD_RECOMMEND.search(text) is not None
    if not asks or _ALREADY_CUSTOMER.search(text) or _OTHER_RULE.search(text):
        return None
    if asks_if_other_may_refer(text):
        return None
    if _FAMILY.search(text):
        return "family"
    if _OTHERS.search(text):
        return "other"
    return None


# "und wenn markus am ende gar nicht abschliesst?", "was ist, wenn er nie
# unterschreibt": the recommendation running out, whatever the last topic.
_NEVER_SIGNS = re.compile(
    r"\b(wenn|falls)\s+(\w+\s+){0,4}(nicht|nie|niemals|gar\s+nicht|doch\s+nicht|keinen\s+vertrag)\s+"
    r"(\w+\s+){0,3}(abschlie(ß|ss)t|unterschreibt|abschliesst|zusagt|wechselt|macht|entscheidet|"
    r"bestellt)\b"
    # "er hat gesagt, dass er den vertrag doch nicht abschließt"
    r"|\b(er|sie)\s+(\w+\s+){0,2}(doch\s+)?(nicht|nie|keinen\s+vertrag)\s+(mehr\s+)?"
    r"(abschlie(ß|ss)t|abschliesst|unterschreibt|wechselt|abschlie(ß|ss)en\s+will)\b",
    re.IGNORECASE,
)


def asks_if_never_signs(text: str) -> bool:
    """Whether the message asks what happens if the friend never signs."""
    return _NEVER_SIGNS.search(text) is not None
