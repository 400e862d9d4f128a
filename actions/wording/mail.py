"""Codes, mails and addresses: a lost or unknown code, a mail that never came or
bounced, a resend asked for, the reward code wanted in the chat, an address
known, new or corrected."""

from __future__ import annotations

import re

from actions.wording.people import says_self_recommended
from actions.wording.reward import names_reward
from actions.wording.talk import is_question
from bot.formatting import EMAIL_IN_TEXT
from bot.referral_code import find_codes

# "ich hab meinen Code verlegt", "finde den Empfehlungscode nicht mehr",
# "den Code hab ich nicht".
_LOST_CODE = re.compile(
    r"\b\w*code\b[^.?!]*?\b(verlegt|verloren|vergessen|weg|gel(ö|oe)scht|nicht\s+mehr"
    r"|nicht\s+zur\s+hand|verschlampt|verbummelt|verschusselt|verkramt)\b"
    r"|\bfinde\w*\s+(meinen\s+|den\s+)?\w*code\s+nicht\b|\b(keinen|kein|ohne)\s+(\w+\s+)?\w*code\b"
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
    r"|\b(code|link)\s+(\w+\s+)?(vergessen|nicht\s+(an|ein)gegeben)\b"
    # "direkt auf der website und nich über meinen link", "der verkäufer hat
    # meinen code nicht eingegeben"
    r"|\b(nicht|nich|net|ned)\s+(über|ueber|mit)\s+(meinen|meinem|den|dem|ihren|seinen)\s+(link|\w*code)\b"
    r"|\b\w*code\s+(nicht|nich|net|ned|gar\s*nicht)\s+(eingegeben|angegeben|eingetragen)\b",
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
# "keine ahnung wo der ist": no question where, the code is gone.
_NO_IDEA_WHERE = re.compile(
    r"\b(keine\s+ahnung|kein\s+plan|wei(ß|ss)\s+(ich\s+)?(echt\s+)?(nicht|nich|net))\s*,?\s*wo\b",
    re.IGNORECASE,
)
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
    asks_where = _NOT_LOST.search(text) is not None and _NO_IDEA_WHERE.search(text) is None
    if _SIGNED_WITHOUT.search(text) or asks_where or find_codes(text):
        return False
    if says_self_recommended(text) or _WAS_RECOMMENDED.search(text):
        # "ich wurde geworben, hab keinen code": the friend needs none; but
        # "hab 3 leute geworben … code hab ich grad nich" has lost it.
        return False
    return mentions_lost_code(text)


_MAIL_WORDS = re.compile(r"mail|\bcode\b|spam|postfach|posteingang", re.IGNORECASE)


def names_mail(text: str) -> bool:
    """Whether the message names a mail, its code or the inbox."""
    return _MAIL_WORDS.search(text) is not None


def names_mail_or_reward(text: str) -> bool:
    """Whether the message names a reward or the mail it comes with."""
    return names_reward(text) or names_mail(text)


# "wie änder ich die (mailadresse) bei euch", "neue IBAN eintragen lassen":
# a change of the details on file.
_CHANGE_DETAILS = re.compile(
    r"\b(e-?mail\w*|mail\w*|adresse|konto\w*|iban|bankverbindung|bankdaten|nachname|name[n]?)\b"
    r"[^.?!]{0,40}\b((ä|ae)nder\w*|ge(ä|ae)ndert|aktualisier\w*|eintragen)\b"
    r"|\b((ä|ae)nder\w*|aktualisier\w*)\b[^.?!]{0,30}\b(e-?mail\w*|mail\w*|adresse|konto\w*"
    r"|iban|bankverbindung|bankdaten)\b"
    # "in euren mails steht immer Vogl, das ist falsch geschrieben"
    r"|\b(falsch|verkehrt)\s+geschrieben\b(?![^.!]*\?)"
    r"|\b(vor|nach)?name[n]?\b[^.?!]{0,40}\b(falsch|verschrieben|fehlerhaft)\b",
    re.IGNORECASE,
)


def asks_to_change_details(text: str) -> bool:
    """Whether the message asks how to change an address, account or name."""
    return _CHANGE_DETAILS.search(_addresses_as_words(text)) is not None


# "ich schau kurz nach meinem Code", "moment, such den Code raus".
_LOOKS_FOR_CODE = re.compile(
    r"\b(such|schau|guck|kram|hol)\w*\b[^.?!]{0,25}?\b\w*code\b|\b\w*code\b[^.?!]{0,15}?\b(raus|such\w*)\b",
    re.IGNORECASE,
)


def looks_for_code(text: str) -> bool:
    """Whether the customer is fetching their code right now."""
    return _LOOKS_FOR_CODE.search(text) is not None and not mentions_lost_code(text)


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


# "schickt ihn an meine neue Adresse", "bitte an … senden": the reward mail
# should go to the address the message names.
_SEND_THERE = re.compile(
    r"\b(schick|send|versend|zuschick|weiterleit)\w*\b|\ban\s+(meine|die)\s+neue\b"
    # "kann ich die nicht einfach an …@… bekommen?", "geht das auch an eine
    # andere Adresse?"
    r"|\ban\s+\S+@\S+\s+((bitte|auch|dann|mal|einfach)\s+)*(bekommen|kriegen|haben|gehen|kommen)\b"
    r"|\b(an|auf)\s+(eine\s+)?(andere|neue|zweite)\s+(adresse|mail|e-?mail\w*)\b",
    re.IGNORECASE,
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
    r"|geht\s+wieder|wieder\s+frei)\b)"
    # "na gut, dann halt an die alte": the team checks whether it takes mail.
    r"|\b(doch|halt|eben)\s+(an\s+|auf\s+)?(die|meine)\s+(alte|bisherige)n?"
    r"(\s+(e-?mail-?|mail-?)?(adresse|mail))?\s*[.!]*\s*$",
    re.IGNORECASE | re.DOTALL,
)


def wants_old_address_fixed(text: str) -> bool:
    """Whether the customer wants the reward at the old address after all,
    saying why it works again or giving in ("dann halt an die alte")."""
    return _OLD_ADDRESS_FIXED.search(text) is not None


# "kann man mir den code hier anzeigen?", "schreib mir den gutscheincode
# einfach hier rein": the reward's own code shown in the chat (never the
# referral code, which the customer gives the bot, not the other way round).
_CODE_SHOWN = re.compile(
    r"\b(code|gutscheincode|freischaltcode|aktivierungscode|gutschein|voucher)\b"
    r"[^.?!]{0,40}\b(anzeigen|zeigen|zeigt|sehen|nennen|sagen|durchgeben|vorlesen"
    r"|(hier|im\s+chat)\s+(rein)?(schreiben|schicken|posten|geben)|(im|in\s+den)\s+chat|hier\s*rein)\b"
    r"|\b(zeig|zeigen|nennen|sag|sagen|schreib)\w*\s+(mir|uns)\b[^.?!]{0,20}\b(den|meinen)\s+"
    r"(gutschein|freischalt|aktivierungs)?code\b"
    # "das, was in der Mail stehen würde, nicht einfach hier im Chat anzeigen?"
    r"|\bwas\s+in\s+der\s+(e-?)?mail\s+(steht|stehen\s+w(ü|ue)rde|stand)\b[^.?!]{0,40}"
    r"\b(anzeigen|zeigen|schreiben|nennen|sagen)\b",
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
# "SSE-… Wozu brauchen Sie denn noch meine Email?": why the address is
# needed beside the code.
_WHY_ADDRESS = re.compile(
    r"\b(wozu|warum|wieso|weshalb|wof(ü|ue)r)\b[^.?!]{0,40}\b(e-?mail\w*|mail\w*|adresse)\b"
    r"|\b(e-?mail\w*|mail\w*|adresse)\b[^.?!]{0,30}\b(wozu|warum|wieso|weshalb|wof(ü|ue)r)\b",
    re.IGNORECASE,
)


def asks_why_address(text: str) -> bool:
    """Whether the message asks why the e-mail address is needed."""
    return _WHY_ADDRESS.search(text) is not None


# "wohin ging die Mail": where the reward went.
_WHERE_SENT = re.compile(
    r"\b(wo|wohin)\b[^.?!]{0,30}\b(hin)?(geschickt|gesendet|verschickt|ging|gegangen)\b"
    r"|\ban\s+welche\s+(e-?mail|mail|adresse|mailadresse|e-?mail-?adresse)\b",
    re.IGNORECASE,
)


def asks_where_sent(text: str) -> bool:
    """Whether the customer asks where their reward was sent."""
    return _WHERE_SENT.search(text) is not None


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


# "kann ich ihm die einladung nochmal schicken?": the invitation to the
# friend, which the referrer sends, never the reward mail.
_TO_FRIEND = re.compile(
    r"\beinladung\w*|\bempfehlungs?link\b|\b(ihm|ihr)\s+(\w+\s+){0,3}(nochmal|noch\s+mal|erneut)\b",
    re.IGNORECASE,
)


def asks_mail_again(text: str) -> bool:
    """Whether the message asks to send (the reward mail) once more."""
    return _MAIL_AGAIN.search(text) is not None and _TO_FRIEND.search(text) is None


# "neue adresse ist lindenstr 12 in 50667 köln": a postal address typed into
# the chat (a street with its number, or a postcode before the town).
_POSTAL_ADDRESS = re.compile(
    r"\b\w*(stra(ß|ss)e|str\.?|weg|allee|platz|gasse|ring|damm)\s+\d{1,4}\s?[a-z]?\b"
    r"|\b\d{5}\s+[A-ZÄÖÜa-zäöü][a-zäöüß]{2,}",
    re.IGNORECASE,
)


# "ich bin umgezogen. muss ich euch die neue adresse geben, damit meine
# prämie noch ankommt?": whether a move matters for the reward's way.
_MOVED_FOR_REWARD = re.compile(
    r"\b(umgezogen|umziehe|ziehe\s+(\w+\s+)?um|umzug|neue\s+(wohn)?(adresse|anschrift))\b"
    r"[^?]{0,80}(pr(ä|ae)mie|gutschein|belohnung|geld)\w*[^?]{0,30}\b(an|zu\s*)kommt\b",
    re.IGNORECASE,
)


# "… muss ich das melden?", "ist die neue Anschrift wichtig?"
_ASKS_IF_NEEDED = re.compile(
    r"\?|\b(muss|soll|sollte|m(ü|ue)sste)\s+ich\b|\bbrauch\w*\b|\bwichtig\b|\bmelden\b|\bangeben\b",
    re.IGNORECASE,
)


def asks_if_move_matters(text: str) -> bool:
    """Whether the customer asks if their move matters for the program or the
    reward's delivery (it does not: the reward comes by e-mail or transfer)."""
    return _MOVED_FOR_REWARD.search(text) is not None or (
        speaks_of_moving_house(text) and _ASKS_IF_NEEDED.search(text) is not None
    )


def names_postal_address(text: str) -> bool:
    """Whether the message holds a postal address."""
    return _POSTAL_ADDRESS.search(text) is not None


# "meine mail habt ihr ja eh", "die adresse haben sie doch": the customer
# takes the address on file for known.
_ADDRESS_KNOWN = re.compile(
    r"\b(meine|die)\s+(e-?mail|mail|adresse|mailadresse)\w*\s+(habt|haben|hast)\s+(ihr|sie|du)\b",
    re.IGNORECASE,
)


def says_address_known(text: str) -> bool:
    """Whether the customer says the bot already has their address."""
    return _ADDRESS_KNOWN.search(text) is not None


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


# "ich hab keinen Code von ihr", "seinen Code hab ich nicht": the referrer's code.
# "sein code ist ASV-…" (not "Ihr Code", the bot's word for the writer's own).
_THEIR_CODE = re.compile(
    r"\bcode\s+(von|vom)\s+\w+|\b(ihren|seinen|deren|dessen)\s+(empfehlungs)?code\b"
    r"|\bsein\s+(empfehlungs)?code\b|(?-i:\bihr\s+(empfehlungs)?code)\s+(ist|lautet|w(ä|ae)re|hei(ß|ss)t)\b",
    re.IGNORECASE,
)
# "ich hab keinen Code" from the friend: none is needed (unless it is the
# referrer's code they miss).
_HAS_NO_CODE = re.compile(
    r"\bkein\w*\s+(empfehlungs)?code|\bcode\b[^.?!]{0,15}\bnicht\b", re.IGNORECASE
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


def names_their_code(text: str) -> bool:
    """Whether the message speaks of the referrer's code ("keinen Code von ihr")."""
    return _THEIR_CODE.search(text) is not None


# "Einen Code? Wo steht denn dieser Code?", "welchen code meinen sie?": where
# the customer's own referral code is to be found.
_WHERE_CODE = re.compile(
    r"\b(wo|wie)\s+(steht|stehen|finde|find|bekomme|krieg\w*|seh\w*|ist)\b[^.?!]{0,30}\bcode\b"
    r"|\b(einen|welchen|was\s+f(ü|ue|u)r\s+(einen|ein|nen))\s+code\b[^.!]{0,20}\?"
    # "hä was für ein code", "welcher code" as the whole message.
    r"|^\W*((h(ä|ae)h?|hm+|sorry|(ä|ae)hm?)\W+)?(was\s+f(ü|ue|u)r\s+(einen|ein|nen)|welche[rn]?)\s+"
    r"(code|empfehlungscode)\W*(meinen\s+sie|meinst\s+du|denn|genau)?\W*$",
    re.IGNORECASE,
)


def asks_where_code(text: str) -> bool:
    """Whether the customer asks where their referral code is to be found."""
    return _WHERE_CODE.search(text) is not None


# "kann das nicht jemand nachträglich eintragen?": a recommendation (its
# code) added after the contract was signed.
_ADD_LATER = re.compile(
    r"\bnachtr(ä|ae)glich\w*|\bnach(zu)?tragen\b|\bnachgetragen\b", re.IGNORECASE
)


def asks_to_add_later(text: str) -> bool:
    """Whether the customer asks for a recommendation to be added later."""
    return _ADD_LATER.search(text) is not None


def mentions_code(text: str) -> bool:
    """Whether the message speaks of a code at all ("brauchts dafür wieder so nen code?")."""
    return re.search(r"\b\w*code\b", text, re.IGNORECASE) is not None


def says_has_no_code(text: str) -> bool:
    """Whether the message says the writer has no code ("ich hab keinen Code")."""
    return _HAS_NO_CODE.search(text) is not None


def asks_about_code(text: str) -> bool:
    """Whether the recommended friend asks about the referrer's code or name at
    signing: where it comes from, until when, instead of it."""
    return _FRIEND_CODE.search(text) is not None


# "wo find ich denn meinen eigenen code? hab nur den von ihm": the writer's
# own code to recommend with, not the code of whoever recommended them.
# Not "kann ich meinen eigenen Code beim eigenen Vertrag eintragen?" (oneself
# recommended): only where the code is or how to get it.
_OWN_CODE = re.compile(
    r"\b(wo|woher|wie)\b[^.?!]{0,40}\beigene[nmr]?\s+(empfehlungs-?)?(code|link)\b"
    r"|\beigene[nmr]?\s+(empfehlungs-?)?(code|link)\b[^.?!]{0,30}\b(finde\w*|find|bekomm\w*"
    r"|krieg\w*|her)\b",
    re.IGNORECASE,
)


def asks_own_code(text: str) -> bool:
    """Whether the message asks for the writer's own code ("meinen eigenen
    Code")."""
    return _OWN_CODE.search(text) is not None


# "und meine mail wechselt auch, die alte gibts dann nicht mehr": the
# customer's own e-mail address is about to change.
_OWN_ADDRESS_CHANGES = re.compile(
    r"\bmeine?\s+(e-?mail|mail|mailadresse|e-?mail-adresse)\w*\s+((wechselt|(ä|ae)ndert)\s*(sich)?|"
    r"wird\s+(gel(ö|oe)scht|abgeschaltet|ge(ä|ae)ndert))\b"
    r"|\bneue\s+(e-?mail|mail|mailadresse)\w*\b[^.?!]{0,30}\b(bald|demn(ä|ae)chst|n(ä|ae)chste\w*)\b",
    re.IGNORECASE,
)


def says_own_address_changes(text: str) -> bool:
    """Whether the customer says their e-mail address is about to change."""
    return _OWN_ADDRESS_CHANGES.search(text) is not None


# "kann ich die mail auf meine arbeitsadresse umstellen?": the reward mail
# wanted at another address than the one on file.
_OTHER_ADDRESS = re.compile(
    r"\b(andere|neue|zweite|private|arbeits|dienst|firmen|gesch(ä|ae)fts)\w*[\s-]*"
    r"(e-?mail-?|mail-?)?adresse\b|\bumstellen\b|\ban\s+meine\s+(arbeit|firma|dienst)\w*",
    re.IGNORECASE,
)


def wants_other_address(text: str) -> bool:
    """Whether the customer wants mail sent to another address."""
    return _OTHER_ADDRESS.search(text) is not None


# "ich zieh nächsten Monat um", "ist die neue Anschrift wichtig?": the postal
# address, which the program does not use (no e-mail or bank named).
_MOVED = re.compile(
    # The customer's own move, not the friend's ("sie ist nur umgezogen").
    r"\b(ich|wir)\b[^.?!]{0,30}\b(umgezogen|umziehen|zieh\w*\s+(\w+\s+){0,3}um|"
    r"wohne?n?\s+(jetzt\s+|nun\s+)?(woanders|in\s+einer\s+neuen))\b"
    r"|^\W*(umgezogen|umzug)\b|\b(mein|meinem|unser|unserem)\s+umzug\b"
    r"|\b(meine|unsere)\s+((neue|aktuelle)\s+)?(anschrift|wohnadresse|postadresse|postanschrift|"
    r"wohnung)\b",
    re.IGNORECASE,
)
_MAIL_OR_BANK = re.compile(
    r"\b(e-?mail\w*|mail\w*|@|iban|konto\w*|bank\w*|kontonummer)\b", re.IGNORECASE
)


# "wo ändere ich meine anschrift für den handyvertrag?": the brand's matter.
_FOR_CONTRACT = re.compile(r"\b(\w*vertrag\w*|police|tarif\w*|kundenkonto)\b", re.IGNORECASE)


def speaks_of_moving_house(text: str) -> bool:
    """Whether the message is about the customer's new postal address only
    (for the program, not for the contract with the brand)."""
    return (
        _MOVED.search(text) is not None
        and _MAIL_OR_BANK.search(text) is None
        and _FOR_CONTRACT.search(text) is None
    )


# "können Sie die bitte eintragen", "kann das gleich mit geändert werden": the
# change asked to be made, not how it works.
_MAKE_CHANGE = re.compile(
    r"\b(k(ö|oe)nn(en|t|te|ten)|kann|k(ö|oe)nntet|w(ü|ue)rden)\s+(sie|ihr|du|das|man|die|den)\s+"
    r"((\w+\s+){0,4})(eintragen|(ä|ae)ndern|ge(ä|ae)ndert|aktualisieren|(ü|ue)bernehmen|"
    r"umstellen|hinterlegen)\b"
    r"|\bbitte\s+(\w+\s+){0,3}(eintragen|(ä|ae)ndern|aktualisieren|umstellen|hinterlegen)\b"
    # "tragt die bitte ein", "korrigiert das bitte"
    r"|\b(tragt|trag|tragen\s+sie)\s+(\w+\s+){0,4}ein\b"
    r"|\b(korrigiert|korrigier|korrigieren\s+sie|berichtigt)\b",
    re.IGNORECASE,
)


def wants_change_made(text: str) -> bool:
    """Whether the customer asks for a change of their details to be made."""
    return _MAKE_CHANGE.search(_addresses_as_words(text)) is not None


def _addresses_as_words(text: str) -> str:
    """``text`` with each e-mail address as one word, so that its dots do not
    end the sentence ("bitte auf lena.h@posteo.de ändern")."""
    return EMAIL_IN_TEXT.sub("adresse", text)
