"""A person and the team: a person asked for or wished for, a call, a reply and
when it comes, a matter to check, forward or contest, the team's hours, a
brand's own matter."""

from __future__ import annotations

import re

from actions.wording.reward import names_reward
from actions.wording.talk import is_question, is_thanks
from bot.formatting import has_phone_number

# "verbinden Sie mich", "einen Mitarbeiter", "ein Mensch": the customer asks for a person.
# "wer kann mir dann helfen", "an jemand, der das entscheiden kann", "wenn
# sich da jemand meldet": someone of the team, in other words.
_ASKS_FOR_PERSON = re.compile(
    r"\bverbinde\w*\s+(sie\s+)?mich\b|\bmitarbeiter\w*\b|\bmensch(en|n)?\b|\bechte[nm]?\s+person\b"
    # "stellen sie mich einfach durch", "kannst du mich durchstellen"
    r"|\bstell\w*\s+(sie\s+|du\s+)?mich\s+(\w+\s+){0,2}durch\b|\bmich\s+(\w+\s+)?durchstellen\b"
    # "kannst du doch jemanden drauf ansetzen?", "das an jemanden weitergeben"
    r"|\bjemand\w*\s+(da\s+|drauf\s+|darauf\s+)?ansetzen\b"
    r"|\ban\s+jemand\w*\s+(\w+\s+)?weiter(geben|leiten|reichen)\b"
    r"|\bwer\s+kann\s+mir\s+(\w+\s+)?(weiter)?helfen\b|\bwer\s+hilft\s+mir\b"
    # "ok schade. wen kann ich da sonst fragen", "an wen wende ich mich dann?"
    r"|\bwen\s+(kann|soll|könnte|koennte)\s+ich\s+(da\s+|denn\s+|dann\s+|sonst\s+|noch\s+)*fragen\b"
    r"|\bwen\s+frag\w*\s+ich(\s+(da|denn|dann|sonst|jetzt))*\W*$"
    r"|\ban\s+wen\s+((kann|soll)\s+ich\s+mich|wende\s+ich\s+mich)\s+(da\s+|denn\s+|dann\s+|sonst\s+|jetzt\s+)*wenden\b"
    r"|\ban\s+wen\s+wende\s+ich\s+mich(\s+(da|denn|dann|sonst|jetzt))*\W*$"
    r"|\b(kann|will)\s+mir\s+(denn\s+|also\s+|hier\s+)*(keiner|niemand)\s+helfen\b"
    r"|\b(jemand|wer|einer)\s+echt(es|er|en)?\b"
    r"|\bjemand\w*\b[^.?!]{0,30}\b(entscheide\w*|meldet|melden|zust(ä|ae)ndig\w*"
    # "hätte gern jemanden von ihnen, der prüft ob das geklappt hat"
    r"|pr(ü|ue)ft|pr(ü|ue)fen|nachschaut|nachsieht|k(ü|ue)mmert|ansieht|anschaut)\b"
    # "dann hätte ich gerne jemanden persönlich", "jemand persönlich wäre mir
    # lieber"
    r"|\bjemand(en)?\s+pers(ö|oe)nlich\b",
    re.IGNORECASE,
)


# "wer ist bei euch eigentlich für sowas zuständig?", "wer kümmert sich
# darum?": who handles the matter (the team), not a person asked for.
_WHO_HANDLES = re.compile(
    r"\bwer\s+(ist|w(ä|ae)re)\s+(\w+\s+){0,8}(zust(ä|ae)ndig|verantwortlich)\b"
    r"|\bwer\s+(k(ü|ue)mmert|befasst)\s+sich\b|\bwer\s+(bearbeitet|entscheidet|pr(ü|ue)ft)\s+(das|so\s*was|sowas|den\s+fall)\b",
    re.IGNORECASE,
)


def asks_who_handles(text: str) -> bool:
    """Whether the customer asks who handles their matter."""
    return _WHO_HANDLES.search(text) is not None


def asks_for_person(text: str) -> bool:
    """Whether ``text`` asks for a person of the service team in so many words."""
    return _ASKS_FOR_PERSON.search(text) is not None


# "ich will jetzt einen echten Menschen", "bitte einen Mitarbeiter": a person
# wished for, not asked about ("bist du ein Mensch?").
_WISHES_PERSON = re.compile(
    r"\b(will|w(ö|oe)llte|m(ö|oe)chte|h(ä|ae)tte\s+gern|brauch\w*|verbinde\w*|bitte|gib|hol"
    r"|kannst\s+du|k(ö|oe)nn(en|ten)\s+sie|k(ö|oe)nntest)\b",
    re.IGNORECASE,
)


def wants_person(text: str) -> bool:
    """Whether ``text`` asks to be put through to a person of the team."""
    return asks_for_person(text) and _WISHES_PERSON.search(text) is not None


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


# "und wie erfahr ich, ob das geld wieder da ist?", "krieg ich dann
# bescheid?": how the customer hears of the outcome.
_ASKS_HOW_TOLD = re.compile(
    r"\bwie\s+erfahr\w*\s+ich\b"
    r"|\b(bekomm\w*|krieg\w*)\s+ich\s+((dann|da|noch|davon|auch)\s+)*"
    r"(bescheid|eine\s+nachricht|nachricht|eine\s+info|info)\b"
    r"|\bsagt\s+mir\s+((dann|da)\s+)*(jemand|wer|ihr|einer)\s+bescheid\b"
    # "wie lang dauert sowas bis das geklärt ist?"
    r"|\bbis\s+(das|es|sowas|der\s+fall|alles)\s+(dann\s+)?"
    r"(gekl(ä|ae)rt|erledigt|bearbeitet|gepr(ü|ue)ft|durch)\b",
    re.IGNORECASE,
)


def asks_how_told(text: str) -> bool:
    """Whether the customer asks how they will hear of the outcome."""
    return _ASKS_HOW_TOLD.search(text) is not None


# "heute noch oder was? und wie, ruft ihr an?" to the offer of an e-mail
# reply: when, and how, the team gets in touch.
_ABOUT_REPLY = re.compile(
    r"\bheute\s+noch\b|\bnoch\s+heute\b|\bmorgen\b|\bruft\s+(ihr|man|jemand|mich)\b"
    r"|\b(an)?rufen\s+(sie|ihr)\b|\btelefonisch\b|\bper\s+telefon\b",
    re.IGNORECASE,
)
_ASKS_CALL = re.compile(
    r"\bruft\b|\brufen\s+(sie|ihr)\b|\b(an|zur(ü|ue)ck)ruf\w*|\btelefon", re.IGNORECASE
)


# "dann ruft mich halt morgen an", "können sie mich zurückrufen?"
_CALL_ME = re.compile(
    r"\b(ruft|rufen\s+sie|ruf|rufst\s+du)\s+mich\b|\bmich\s+(an|zur(ü|ue)ck)?rufen\b"
    r"|\bzur(ü|ue)ckrufen\b|\br(ü|ue)ckruf\b"
    # "kann mich nicht einfach wer anrufen?"
    r"|\bmich\s+(\w+\s+){0,3}(wer|jemand|einer|ihr)\s+(an|zur(ü|ue)ck)rufen\b",
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


# "ja bitte, mach das", "ja gerne": a yes that asks the bot to act.
_PLEASE_DO = re.compile(
    r"\b(bitte|mach\s+(das|mal)|machen\s+sie\s+das|gerne?|k(ü|ue)mmer)\b", re.IGNORECASE
)


def asks_to_act(text: str) -> bool:
    """Whether a yes asks the bot to do something ("ja bitte, mach das")."""
    return _PLEASE_DO.search(text) is not None and not is_thanks(text)


def asks_about_reply(text: str) -> bool:
    """Whether a message to the offer of an e-mail reply asks when or how it comes."""
    return _ABOUT_REPLY.search(text) is not None or asks_when_contacted(text)


def asks_for_call(text: str) -> bool:
    """Whether the customer asks about a call or to be called back (the team
    answers by e-mail)."""
    return _ASKS_CALL.search(text) is not None or asks_to_be_called(text)


def asks_when_contacted(text: str) -> bool:
    """Whether the customer asks when someone of the team gets in touch."""
    return _ASKS_WHEN_CONTACTED.search(text) is not None


# "geht das auch telefonisch?", "kann ich da auch anrufen?", "ruft ihr mich
# an?": whether the matter can be settled by phone (the team writes).
_BY_PHONE = re.compile(
    r"\b(geht|gehts|klappt|kann\s+man|l(ä|ae)sst\s+sich)\s+(das|es|dies)?\s*(\w+\s+){0,2}"
    r"(telefonisch|per\s+telefon|am\s+telefon)\b"
    r"|^\W*(und\s+|oder\s+|auch\s+)*(telefonisch|per\s+telefon|anrufen)\W*\??\W*$"
    r"|\b(kann|darf|k(ö|oe)nnte)\s+ich\s+(da\s+|euch\s+|sie\s+|jemanden\s+|wen\s+)?"
    r"(auch\s+|nicht\s+)*(einfach\s+)?anrufen\b"
    r"|\b(ruft|rufen)\s+(ihr|sie)\s+(mich\s+)?(auch\s+|dann\s+)*an\b",
    re.IGNORECASE,
)


# "wo kann ich anrufen?", "welche nummer?": a number asked for, not whether.
_ASKS_WHERE_TO_CALL = re.compile(r"\b(wo|wen|welche\w*|unter\s+was)\b", re.IGNORECASE)


def asks_if_by_phone(text: str) -> bool:
    """Whether the customer asks if the matter can be settled by phone."""
    return _BY_PHONE.search(text) is not None and _ASKS_WHERE_TO_CALL.search(text) is None


# "meine nummer ist 0171 …", "erreichbar bin ich unter …", "handy: …": the
# customer's own number, given to be called.
_OWN_NUMBER = re.compile(
    r"\b(meine|unter\s+der)\s+(\w+\s+)?(nummer|telefonnummer|handynummer|tel\.?)\b"
    r"|\berreichbar\b|\b(handy|mobil|tel|telefon)\s*[.:]"
    r"|\b(ruf\w*|meld\w*)\s+(\w+\s+){0,3}(unter|an)\b",
    re.IGNORECASE,
)


def gives_own_number(text: str) -> bool:
    """Whether the customer gives their phone number (to be called)."""
    return has_phone_number(text) and _OWN_NUMBER.search(text) is not None


# "wer ist bei ihnen für datenschutz zuständig?", "euer datenschutzbeauftragter":
# the privacy side named, not the reward.
_NAMES_PRIVACY = re.compile(r"\bdatenschutz\w*|\bdsgvo\b|\bprivacy\b", re.IGNORECASE)


def names_privacy(text: str) -> bool:
    """Whether the message names data protection."""
    return _NAMES_PRIVACY.search(text) is not None


# "hab ich jetzt ein ticket oder nicht", "gibt es dafür jetzt einen Vorgang?",
# "ist das jetzt aufgenommen?": whether a case with the team exists.
_ASKS_CASE_OPEN = re.compile(
    r"\b(hab\w*|gibt\s+es|gibts|existiert|l(ä|ae)uft)\s+(ich\s+|es\s+)?(\w+\s+){0,3}"
    r"(ein\s+|einen\s+|ne\s+|nen\s+|n\s+)?(ticket|vorgang|fall|anfrage)\b[^.!]{0,25}\?"
    r"|\b(ticket|vorgang)\s+oder\s+nicht\b"
    r"|\b(ist|wurde)\s+(das|es|mein\w*\s+\w+)\s+(jetzt\s+|denn\s+|dann\s+|schon\s+)*"
    r"(aufgenommen|angelegt|erfasst|weitergeleitet|registriert)\b[^.!]{0,20}\?"
    r"|\b(wurde|ist)\s+(ein|das|der)\s+(ticket|vorgang|fall)\s+(\w+\s+)?"
    r"(erstellt|angelegt|aufgemacht|er(ö|oe)ffnet)\b",
    re.IGNORECASE,
)


def asks_if_case_open(text: str) -> bool:
    """Whether the customer asks if their matter is now a case with the team."""
    return _ASKS_CASE_OPEN.search(text) is not None


_CASE_WORD = (
    r"(beschwerde|reklamation|anfrage|anliegen|ticket|vorgang|fall|meldung|antrag|"
    r"r(ü|ue)ckruf\w*)"
)
# "Wie ist der Stand meiner Beschwerde?", "gibts zu meiner anfrage schon was
# neues?", "was ist aus meinem ticket geworden": a case named as the
# customer's own, and its progress asked.
_OWN_CASE = re.compile(
    r"\b(mein\w*|(zu|von|bei|mit|aus)\s+(der|dem))\s+(\w+\s+)?" + _CASE_WORD + r"\b",
    re.IGNORECASE,
)
_CASE_PROGRESS = re.compile(
    r"\b(stand|status|was\s+neues|neuigkeit\w*|geworden|bearbeitet|bearbeitung|"
    r"(keine|noch\s+keine|nie\s+(eine?|ne|n))\s+(antwort|r(ü|ue)ckmeldung|reaktion)|"
    r"(nichts|nix|nie\s+was|noch\s+nichts)\s+(mehr\s+)?(gehört|gehoert)|"
    r"tut\s+sich|passiert|gek(ü|ue)mmert|erledigt)\b",
    re.IGNORECASE,
)
# "ich hab mich letzte woche schon beschwert", "hatte vor 2 wochen ne
# Beschwerde eingereicht": a matter brought to the team before this chat.
_EARLIER_CASE = re.compile(
    r"\b(letzte|letzten|vorige|vorigen|vergangene\w*)\s+(woche|monat)\b|\bvor\s+(\d+|ein\w*|ner|nem|zwei|"
    r"drei|vier|paar|ein\s+paar)\s+(tag\w*|woche\w*|monat\w*)\b|\bneulich\b|\bgestern\b"
    r"|\b(schon|bereits)\s+(mal\s+|einmal\s+)?(\w+\s+){0,3}(beschwert|reklamiert|eingereicht)\b",
    re.IGNORECASE,
)
_EARLIER_DONE = re.compile(
    r"\b(beschwert|reklamiert|eingereicht|gemeldet|geschrieben|angefragt|beantragt|"
    r"beschwerde|reklamation|anfrage)\b",
    re.IGNORECASE,
)
_MAIL_SENT = re.compile(
    r"\b(e-?mail|mail|brief|nachricht)\b[^.?!]{0,20}\b(geschrieben|geschickt|gesendet)\b",
    re.IGNORECASE,
)
# "Vorgang 12 - wie ist da der Stand?", "ticket nr. 7": the case's number.
_CASE_NUMBER = re.compile(
    r"\b(vorgang|ticket|fall|anliegen|beschwerde|anfrage|vorgangsnummer|ticketnummer)\s*"
    r"(nr\.?|nummer|no\.?|#)?\s*\d{1,7}\b",
    re.IGNORECASE,
)


# "an welche mail schreibt ihr mir dann?", "wohin antwortet ihr?", "welche
# adresse habt ihr da von mir?": where the team's written answer goes.
_WHERE_REPLY_GOES = re.compile(
    r"\b(an|auf)\s+welche\s+(e-?mail|mail|adresse|mailadresse|e-?mail-?adresse)\w*\b[^.?!]{0,30}"
    r"\b(schreib\w*|meld\w*|antwort\w*|kommt|kommen)\b"
    r"|\bwohin\s+(schreib|antwort|meld)\w*"
    # "wo bekomm ich dann die antwort hin?", "bekomme ich dann eine mail oder
    # wie erfahr ich das?"
    r"|\bwo(hin)?\s+(bekomm|krieg|erhalt)\w*\s+ich\s+(\w+\s+){0,3}antwort"
    r"|\b(bekomm|krieg|erhalt)\w*\s+ich\s+(dann\s+|da\s+)?(eine?|ne|n)\s+(e-?)?mail\b"
    r"|\bwie\s+erfahr\w*\s+ich\s+(das|es|davon|dann)\b"
    # "Kommt die Antwort dann per Mail oder hier im Chat?"
    r"|\bantwort\b[^.?!]{0,25}\b(per\s+(e-?)?mail|als\s+(e-?)?mail|hier\s+im\s+chat|im\s+chat)\b"
    r"[^.!?]*\?"
    r"|\bwelche\s+(e-?mail|mail|adresse|mailadresse)(-?adresse)?\s+(habt\s+ihr|haben\s+sie|ist)\b"
    r"[^.?!]{0,25}\b(von\s+mir|hinterlegt|gespeichert)\b"
    r"|\ban\s+welche\s+(e-?mail|mail|adresse)\w*\s+(denn|dann|eigentlich)?\s*\?",
    re.IGNORECASE,
)


def asks_where_reply_goes(text: str) -> bool:
    """Whether the customer asks to which address the team's answer goes."""
    return _WHERE_REPLY_GOES.search(text) is not None


def asks_about_earlier_case(text: str) -> bool:
    """Whether the customer asks what became of a matter they brought to the
    team before ("Wie ist der Stand meiner Beschwerde?", "hab mich letzte
    Woche beschwert und nie eine Antwort bekommen"), not to file a new one."""
    if _CASE_NUMBER.search(text) and (is_question(text) or _CASE_PROGRESS.search(text)):
        return True
    if not _CASE_PROGRESS.search(text):
        return False
    if _OWN_CASE.search(text):
        return True
    if _MAIL_SENT.search(text):
        # "hab euch vor ner woche ne mail geschrieben und nix gehört": a mail
        # to the program, which no case shows (entry ``mail_no_reply``).
        return False
    return _EARLIER_CASE.search(text) is not None and _EARLIER_DONE.search(text) is not None


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


# "dann meldet euch halt per mail", "schreibt mir einfach eine e-mail", "dann
# soll mir halt einer ne mail schreiben", "nein, per Mail ist mir lieber": the
# e-mail reply asked for in so many words.
_MAIL_REPLY = re.compile(
    r"\b(meldet|melden|schreibt|schreiben|antwortet|antworten)\b[^.?!]{0,25}"
    r"\b(per|via|eine?|ne|über)\s+(e-?)?mail\b"
    r"|\b(per|via)\s+(e-?)?mail\b[^.?!]{0,15}\b(melden|zurückmelden|antworten|schreiben)\b"
    r"|\b(eine?|ne|n)\s+(e-?)?mail\s+(schreib|schick)\w*"
    r"|\b(per|via|über|ueber|lieber|gern|gerne)\s+(e-?)?mail\b|\bmail\s+(ist|wäre|waere)\s+mir\b"
    r"|\bschreib(t|en\s+sie)?\s+mir\b"
    # "Melden Sie sich bitte bei mir": a reply later, not a live chat now.
    r"|\b(melden\s+sie\s+sich|meldet\s+euch|meld\s+dich)\b[^.?!]{0,20}\bbei\s+mir\b(?!\s+an\b)",
    re.IGNORECASE,
)


def asks_for_mail_reply(text: str) -> bool:
    """Whether the message asks the team to reply by e-mail."""
    return _MAIL_REPLY.search(text) is not None


_NUMBER = re.compile(r"\b(telefon)?(nummer|nr)\b|\bhotline\b|\bdurchwahl\b", re.IGNORECASE)
_ONCE_MORE = re.compile(
    r"\b(nochmal|noch\s+mal|noch\s+einmal|erneut|wieder|weggeklickt|vergessen|verloren)\b",
    re.IGNORECASE,
)


def asks_number_again(text: str) -> bool:
    """Whether the message asks for a phone number the bot gave before ("und
    die nummer für die scheibe nochmal bitte, hab sie weggeklickt")."""
    return _NUMBER.search(text) is not None and _ONCE_MORE.search(text) is not None


# "wie war nochmal meine vorgangsnummer?", "Ich möchte eine Vorgangsnummer
# haben", "die Nummer von meinem Vorgang?": the case's number.
_CASE_NUMBER_ASKED = re.compile(
    r"\b(vorgangs|fall|ticket|bearbeitungs|referenz|beschwerde)-?\s?(nummer|nr)\b|\baktenzeichen\b"
    r"|\bnummer\s+(von\s+|zu\s+)?(meinem|meines|meiner|dem|des|der|meinen)\s+"
    r"(vorgang|fall|ticket|anliegen|beschwerde|anfrage)\w*"
    r"|\bwelche\s+nummer\s+(hat|hatte)\s+(mein|meine|der|die|das)\s+"
    r"(vorgang|fall|ticket|anliegen|beschwerde|anfrage)\b",
    re.IGNORECASE,
)
# "sorry, wie war die nummer nochmal?": a number asked again, bare.
_BARE_NUMBER_AGAIN = re.compile(
    r"\b(die|welche|ihre|meine)\s+nummer\b(?![^.?!]*\b(telefon|hotline|anruf|anrufen|"
    r"kundenservice|service)\w*)",
    re.IGNORECASE,
)


def asks_case_number(text: str) -> bool:
    """Whether the message asks for the number of the customer's case."""
    return _CASE_NUMBER_ASKED.search(text) is not None


def asks_bare_number_again(text: str) -> bool:
    """Whether the message asks for "die Nummer" again without saying which
    (a case's number once a case was told, a phone number after a brand)."""
    return _BARE_NUMBER_AGAIN.search(text) is not None and _ONCE_MORE.search(text) is not None


# "und wann sind die erreichbar?", "die haben auch schon zu oder?": the hours
# of whoever the last answer named.
_WHEN_OPEN = re.compile(
    r"\bwann\s+(sind|ist|haben|hat)\s+(die|der|sie|er)\s+(denn\s+|dann\s+|da\s+)*"
    r"(erreichbar|da|offen|ge(ö|oe)ffnet|auf|besetzt)\b"
    r"|\b(haben|hat)\s+(die|der|sie|er)\s+((auch|schon|jetzt|noch|heute|denn)\s+)*"
    r"(zu|offen|auf|ge(ö|oe)ffnet|geschlossen)\b"
    r"|\b(sind|ist)\s+(die|der|sie|er)\s+((auch|schon|jetzt|noch|heute|denn)\s+)*"
    r"(erreichbar|zu|geschlossen|besetzt)\b"
    r"|\b(die|der|sie|er)\s+(haben|hat|sind|ist)\s+((auch|schon|jetzt|noch|heute|denn)\s+)*"
    r"(zu|offen|geschlossen|erreichbar)\b"
    r"|\b(ö|oe)ffnungszeiten\b|\bservicezeiten\b",
    re.IGNORECASE,
)


def asks_when_open(text: str) -> bool:
    """Whether the message asks when whoever the last answer named is open."""
    return _WHEN_OPEN.search(text) is not None


# "die hotline vom handyanbieter", "der kundendienst meiner versicherung":
# the brand's own service, not the program's team ("euer team", "ihr").
_BRAND_SERVICE = re.compile(
    r"\b(hotline|kundendienst|kundenservice|vertragshotline|servicehotline)\b"
    r"|\b(versicherers?|stromanbieters?|handyanbieters?|mobilfunkanbieters?|anbieters?)\b",
    re.IGNORECASE,
)
_OUR_TEAM = re.compile(r"\b(euer|eure|ihr|ihre[rn]?|team|chat|empfehlungs\w*)\b", re.IGNORECASE)


def names_brand_service(text: str) -> bool:
    """Whether the message names the brand's own customer service."""
    return _BRAND_SERVICE.search(text) is not None and _OUR_TEAM.search(text) is None


# "bis wie viel uhr", "samstags", "öffnungszeiten": opening hours asked.
_HOURS = re.compile(
    r"\b(uhr|uhrzeit\w*|(ö|oe)ffnungszeit\w*|servicezeit\w*|ge(ö|oe)ffnet|offen|besetzt"
    r"|samstags?|sonntags?|wochenende|abends|feiertag\w*)\b",
    re.IGNORECASE,
)


def asks_hours(text: str) -> bool:
    """Whether the message asks about opening hours."""
    return _HOURS.search(text) is not None


# "wie erreiche ich die?", "wie kann ich den kontaktieren": how to get hold
# of whoever the last answer named.
_HOW_TO_REACH = re.compile(
    r"\bwie\s+(erreiche|erreich|kontaktiere|kontaktier|komme|komm)\s+ich\s+"
    r"(denn\s+|dann\s+|da\s+)*(die|den|sie|ihn|diese\w*|dort\s*hin|da\s*hin)\b"
    r"|\bwie\s+(kann|k(ö|oe)nnte|soll)\s+ich\s+(die|den|sie|ihn|diese\w*)\s+"
    r"(denn\s+|dann\s+)*(erreichen|kontaktieren|anrufen)\b"
    r"|\bwie\s+(sind|ist)\s+(die|der|sie|er)\s+(denn\s+|dann\s+)*(zu\s+)?erreich\w*",
    re.IGNORECASE,
)


def asks_how_to_reach(text: str) -> bool:
    """Whether the message asks how to reach whoever the last answer named."""
    return _HOW_TO_REACH.search(text) is not None


# "wie erreiche ich SonnenStrom nochmal telefonisch?", "hast du die nummer
# von funknetz?": how to reach someone named in the message (not "euch", the
# program's own team).
_REACH_NAMED = re.compile(
    r"\b(telefonisch|anrufen|anruf|anzurufen|telefonnummer|rufnummer|nummer|hotline|"
    r"erreich\w*|kontaktier\w*)\b",
    re.IGNORECASE,
)
_REACH_US = re.compile(r"\b(euch|eure\w*|empfehlungs\w*|programm\w*|team)\b", re.IGNORECASE)


def asks_to_reach_named(text: str) -> bool:
    """Whether the message asks how to reach someone it names, not this
    program's team ("wie erreiche ich SonnenStrom telefonisch?")."""
    return _REACH_NAMED.search(text) is not None and _REACH_US.search(text) is None


# "ich will Widerspruch einlegen", "dagegen lege ich Einspruch ein" – without
# a word about data or advertising, which would make it the GDPR objection.
_CONTEST = re.compile(r"\b(widerspruch|widersprechen|einspruch|anfechten)\b", re.IGNORECASE)
_ABOUT_DATA = re.compile(
    r"\b(daten\w*|werbung|werbe\w*|newsletter|verarbeitung|dsgvo|mails?|e-mails?)\b", re.IGNORECASE
)


def contests_decision(text: str) -> bool:
    """Whether the message objects to a decision rather than to the use of data."""
    return _CONTEST.search(text) is not None and _ABOUT_DATA.search(text) is None


# "kann ich da was dagegen machen?", "kann man da nix machen", "dagegen
# vorgehen": what the customer can do against a decision.
_AGAINST_IT = re.compile(
    r"\b(was|nix|nichts|irgendwas|etwas)\s+(da\s+)?dagegen\s+(machen|tun|unternehmen)\b"
    r"|\bdagegen\s+(vorgehen|wehren|angehen)\b"
    r"|\b(kann|k(ö|oe)nnte)\s+(man|ich)\s+(da\s+)?(noch\s+)?(nix|nichts|was|etwas|irgendwas)"
    r"\s+(machen|tun)\b",
    re.IGNORECASE,
)


def asks_what_can_be_done(text: str) -> bool:
    """Whether the customer asks what they can do against a decision ("kann
    ich da was dagegen machen?")."""
    return _AGAINST_IT.search(text) is not None


# "die Werbung bitte sofort einstellen", "keine werbemails mehr an mich": an
# objection to advertising, whatever else the message names.
_STOP_MARKETING = re.compile(
    r"\bkeine\s+(werbung|werbe-?\s?mails?|newsletter)\b"
    # "und werbung will ich auch keine mehr"
    r"|\b(werbung|werbe-?\s?mails?|newsletter)\s+(will|m(ö|oe)chte|brauch)\w*\s+ich\s+"
    r"((auch|echt|wirklich|gar)\s+)*keine\b"
    r"|\b(werbung|werbe-?\s?mails?|newsletter)\b[^.?!]{0,40}\b(einstellen|stoppen|abstellen"
    r"|abbestellen|beenden|unterlassen|aufh(ö|oe)ren)\b"
    # "ich bekomme ständig mails von eurem programm, das möchte ich nicht mehr"
    r"|\b(st(ä|ae)ndig|dauernd|immer\s+wieder|st(ä|ae)ndig|andauernd)\s+(\w+\s+){0,2}"
    r"(e-?mails?|mails|nachrichten|post)\b[^.?!]{0,60}[.,;]?\s*[^.?!]{0,20}"
    r"\b(nicht\s+mehr|reicht|nervt|aufh(ö|oe)ren|abbestellen)\b"
    r"|\b(will|m(ö|oe)chte|bitte)\b[^.?!]{0,15}\bkeine\s+(e-?mails?|mails|nachrichten|post)\s+mehr\b"
    r"|\bkeine\s+(e-?mails?|mails|nachrichten)\s+mehr[,\s]+bitte\b",
    re.IGNORECASE,
)


def objects_to_marketing(text: str) -> bool:
    """Whether the customer asks that advertising stop ("die Werbung aber
    bitte sofort einstellen")."""
    return _STOP_MARKETING.search(text) is not None


# "wenn Sie meine Daten löschen", "dann", "trotzdem": the reward asked as a
# consequence of the request.
_CONSEQUENCE = re.compile(
    r"\b(dann|trotzdem|danach|l(ö|oe)sch\w*|widersprech\w*|widerspruch)\b"
    # "geht das auch, wenn die prämie noch offen ist?"
    r"|\b(geht|klappt)\s+das\s+(auch|trotzdem|denn)\b|\bnoch\s+(offen|nicht\s+da|unterwegs)\b",
    re.IGNORECASE,
)


def asks_reward_after_request(text: str) -> bool:
    """Whether a message asks what a data request does to the reward ("und
    krieg ich meine prämie dann trotzdem?"); the callers know whether a
    request was made."""
    asks = is_question(text) and names_reward(text) and _CONSEQUENCE.search(text) is not None
    return asks and not objects_to_marketing(text)


# "ich will das schriftlich", "per Mail bitte, für meinen Anwalt".
_ASKS_IN_WRITING = re.compile(
    r"\bschriftlich\w*|\bper\s+(e-?mail|mail|post|brief)\b|\bals\s+(e-?mail|brief)\b"
    r"|\bschwarz\s+auf\s+wei(ß|ss)\b",
    re.IGNORECASE,
)


def asks_in_writing(text: str) -> bool:
    """Whether the message asks for the matter in writing."""
    return _ASKS_IN_WRITING.search(text) is not None


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


# "wer liest diesen chat hier mit? sitzt da einer und schaut zu, was ich
# schreibe?": who reads the chat (a question on data), not a wish for a person.
_WHO_READS = re.compile(
    r"\b(liest|lesen)\b[^.?!]{0,30}\bmit\b|\bmit(lesen|liest|gelesen)\b"
    r"|\bschaut\s+(\w+\s+){0,3}zu\b|\bzuschauen\b|\bwer\s+(sieht|liest)\s+(den|diesen|das|meinen)\s+chat",
    re.IGNORECASE,
)


def asks_who_reads(text: str) -> bool:
    """Whether the customer asks who reads the chat."""
    return _WHO_READS.search(text) is not None


def asks_if_nobody_there(text: str) -> bool:
    """Whether the customer asks what happens when nobody of the team is there."""
    return _NOBODY_THERE.search(text) is not None


# "mein abschlag wurde um 40 euro erhöht", "steinschlag in der scheibe": a
# matter of the customer's contract with the brand, whatever else it sounds like.
_BRAND_MATTER = re.compile(
    r"\b(abschl(a|ä|ae)g\w*|stromrechnung|handyrechnung|nachzahlung|jahresabrechnung|abrechnung"
    r"|datenvolumen|roaming"
    r"|steinschlag|windschutzscheibe|frontscheibe|z(ä|ae)hlerstand\w*|sim(-?karte)?"
    r"|beitragserh(ö|oe)hung|parkrempler|blechschaden|auffahrunfall|schadensmeldung|schadenfall"
    r"|tarifwechsel|rufnummernmitnahme|stromz(ä|ae)hler|stromausfall|kundenkonto|kundenportal"
    r"|funkloch|netzausfall)\b"
    # "bei mir ist der Strom weg", "kein Netz seit heute morgen", "Passwort vergessen"
    r"|\b(strom|netz|internet|empfang)\s+(ist\s+)?(\w+\s+){0,2}(weg|ausgefallen|tot)\b"
    r"|\bkein(en)?\s+(strom|netz|empfang)\b|\bpasswort\s+vergessen\b"
    r"|\b(ins|in\s+mein)\s+(kundenkonto|konto|portal)\s+(\w+\s+)?(rein|einloggen)\b"
    # "ich will von 10GB auf den 30GB tarif wechseln"
    r"|\btarif\w*\s+(\w+\s+){0,2}wechseln\b|\bwechseln\b[^.?!]{0,20}\btarif\b"
    # "wo meld ich den unfall?", "schaden melden"
    r"|\b(unfall|schaden)\b[^.?!]{0,30}\bmeld\w*|\bmeld\w*\b[^.?!]{0,30}\b(unfall|schaden)\b"
    # "kann ich meinen Stromvertrag auch über Sie kündigen?", "… zum
    # Jahresende kündigen, geht das hier im Chat?": the contract cancelled here.
    r"|\bk(ü|ue)ndig\w*\b[^.!?]{0,40}\b(hier\s+im\s+chat|(geht|klappt)\s+das\s+(hier|auch\s+hier))"
    r"|\b(ü|ue)ber\s+(sie|euch|ihnen|dich|diesen\s+chat)\s+(\w+\s+){0,2}k(ü|ue)ndig"
    r"|\b(kann|darf)\s+ich\b[^.!?]{0,40}\bbei\s+(euch|ihnen|dir)\s+(\w+\s+){0,2}k(ü|ue)ndigen\b"
    # "kann ich die Kündigung direkt hier bei Ihnen machen?"
    r"|\bk(ü|ue)ndigung\b[^.!?]{0,25}\b(hier|bei\s+(euch|ihnen|dir))\b[^.!?]{0,20}\b(machen|abgeben|einreichen|erledigen)\b"
    # "wo bekomme ich eine bestätigung für meinen widerruf?": the contract's.
    r"|\bbest(ä|ae)tigung\w*\s+(f(ü|ue)r|(ü|ue)ber|zu|zum|des|der|meine[rsn]?)\s+((meine[nmrs]?|den|die|das)\s+)?"
    r"(widerruf|k(ü|ue)ndigung)"
    r"|\b(widerrufs|k(ü|ue)ndigungs)best(ä|ae)tigung",
    re.IGNORECASE,
)


def names_brand_matter(text: str) -> bool:
    """Whether the message names a matter of the contract with the brand."""
    return _BRAND_MATTER.search(text) is not None


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


# "jetzt sofort?", "heute nicht mehr?", "also gerade nicht?": whether now.
_IF_NOW = re.compile(
    r"^\W*(und|also|wie|echt|nur)?\s*(jetzt|heute|gerade|grad)\s*(sofort|gleich|direkt|noch|nicht"
    r"|gar\s+nicht|nicht\s+mehr|keiner)?\s*(mehr)?\s*\?+\W*$",
    re.IGNORECASE,
)


# "und jetzt?" asks what happens next, not whether now.
_WHAT_NOW = re.compile(r"^\W*und\s+(jetzt|nun)\W*$", re.IGNORECASE)


def asks_if_now(text: str) -> bool:
    """Whether a short message only asks if something happens now."""
    return _IF_NOW.search(text) is not None and _WHAT_NOW.search(text) is None


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


# "moment mal, du antwortest auf was ganz anderes": no wait, an objection.
_NOT_WAITING = re.compile(
    r"\b(antwort\w*|falsch|verstanden|gefragt|gemeint|stimmt|quatsch|mist)\b", re.IGNORECASE
)
_WAIT_WORDS = 8


def only_asks_to_wait(text: str) -> bool:
    """Whether the message does nothing but ask for a moment ("sekunde
    bitte", "warte kurz, ich such den code"), with no question or objection."""
    return (
        asks_to_wait(text)
        and not is_question(text)
        and len(text.split()) <= _WAIT_WORDS
        and _NOT_WAITING.search(text) is None
    )


# "wo genau steht das?", "und wo kann ich das nachlesen?", "zurück zu den
# Daten, wo steht das alles?": where the rule just told is written down.
# "zeig mir wo das steht", "Wo steht das? Ich will das sehen": the same,
# asked as a demand or followed by a remark ("wo steht das mit der
# wartezeit?" names a topic of its own).
_WHERE_WRITTEN = re.compile(
    r"(?:^|[.,;:!?])\W*(und\s+|aber\s+|ok\s+|also\s+|dann\s+)?"
    r"(zeig\w*\s+(mir\s+|uns\s+)?(mal\s+|doch\s+|bitte\s+)*)?wo\s+(genau\s+|denn\s+|steht\s+das\s+|das\s+)?"
    r"(steht|stehts|steht's|kann\s+ich\s+das\s+nachlesen|ist\s+das\s+geregelt)\b"
    r"(\s+(das|des|dies|denn|genau|geschrieben|alles|eigentlich))*"
    r"(\W*$|\W*\?)",
    re.IGNORECASE,
)


def asks_where_written(text: str) -> bool:
    """Whether the customer asks where the rule just told is written."""
    return _WHERE_WRITTEN.search(text) is not None


# "davon stand nirgends was", "das hat mir keiner gesagt": the rule just told
# was never seen, which is answered with where it is written.
_NEVER_TOLD = re.compile(
    r"\b(stand|steht|stehts)\s+(doch\s+|aber\s+)?nirgend(s|wo)\b"
    r"|\bdavon\s+(stand|steht|war)\s+(doch\s+|aber\s+|da\s+)*(nirgends|nie|nichts|kein\s+wort)\b"
    r"|\b(hat|wurde)\s+mir\s+(doch\s+|aber\s+)?(nie(mand)?|keiner)\s+(was\s+|etwas\s+|davon\s+)?gesagt\b"
    r"|\b(niemand|keiner)\s+hat\s+mir\s+(das|davon|was)\b",
    re.IGNORECASE,
)


def says_never_told(text: str) -> bool:
    """Whether the customer says the rule just told was never said or written."""
    return _NEVER_TOLD.search(text) is not None


# A question about the writer's own data is the recommended person's data path.
_DATA_WORDS = re.compile(
    r"\bdaten\b|l(ö|oe)sch|auskunft|widersprech|widerspruch|speicher"
    # "wieso hobts ihr scho mei email ghabt?": where the address came from.
    r"|\b(woher|wieso|warum|weshalb)\b[^.?!]{0,40}\b(mei|meine|meinen)\s+"
    r"(e-?mail\w*|mail\w*|adresse|\w*nummer)\b",
    re.IGNORECASE,
)


# "auf welcher grundlage schickt ihr mir das?", "Rechtsgrundlage?"
_LEGAL_BASIS = re.compile(
    r"\b(rechts)?grundlage\b|\bauf\s+welche[rm]?\s+(recht|basis)\b|\bmit\s+welchem\s+recht\b"
    # "ist das überhaupt erlaubt??", "darf der das einfach so?"
    r"|\b(ist|w(ä|ae)re)\s+das\s+((denn|überhaupt|ueberhaupt|eigentlich|so)\s+)*(erlaubt|legal|rechtens|zul(ä|ae)ssig)\b"
    r"|\bdarf\s+(der|die|er|sie|man)\s+((das|denn|einfach|so|überhaupt|ueberhaupt)\s+)*(das|einfach)\b",
    re.IGNORECASE,
)


# "ich hab da nie zugestimmt", "ohne meine Einwilligung": consent said to
# be missing, which the legal basis answers.
_NO_CONSENT = re.compile(
    r"\b(nie|nicht|niemals|gar\s+nicht)\s+((\w+\s+){0,2})(zugestimmt|eingewilligt|einverstanden)\b"
    r"|\bohne\s+(meine\s+|mein\s+)?(zustimmung|einwilligung|einverst(ä|ae)ndnis|erlaubnis)\b",
    re.IGNORECASE,
)


def says_never_consented(text: str) -> bool:
    """Whether the writer says they never agreed to their data being kept."""
    return _NO_CONSENT.search(text) is not None


def asks_legal_basis(text: str) -> bool:
    """Whether the message asks on what legal basis data are processed."""
    return _LEGAL_BASIS.search(text) is not None


def names_own_data(text: str) -> bool:
    """Whether the message is about the writer's data (deletion, a copy, storage)."""
    return _DATA_WORDS.search(text) is not None


# "Dann möchte ich das als offizielle Beschwerde festhalten lassen", "ich
# will mich beschweren": a complaint to be recorded, in so many words.
_FILES_COMPLAINT = re.compile(
    r"\b(offiziell|f(ö|oe)rmlich|formell|schriftlich)\w*\s+beschwerde\b"
    # "Dann will ich dat aber offiziell beschweren"
    r"|\b(offiziell|f(ö|oe)rmlich|formell)\w*\s+(\w+\s+)?beschweren\b"
    r"|\bbeschwerde\s+(\w+\s+){0,3}(festhalten|aufnehmen|einreichen|einlegen|eintragen|erfassen"
    r"|anlegen|vermerken|abgeben|machen)\b"
    r"|\b(m(ö|oe)chte|will|w(ü|ue)rde|werde)\s+mich\s+(\w+\s+){0,2}beschweren\b"
    r"|\bbeschwere\s+ich\s+mich\b|\bich\s+beschwere\s+mich\b|\bnehm\w*\s+(\w+\s+){0,3}beschwerde\s+auf\b",
    re.IGNORECASE,
)


def files_complaint(text: str) -> bool:
    """Whether ``text`` asks in so many words for a complaint to be recorded."""
    return _FILES_COMPLAINT.search(text) is not None


# "wird die prämie schneller ausgezahlt, wenn ich jetzt nen mitarbeiter frag?":
# a person named in a condition, the question is about something else.
_PERSON_AS_CONDITION = re.compile(
    r"\b(wenn|falls)\s+(ich|man|wir)\b[^.?!]{0,40}\b(mitarbeiter\w*|mensch\w*|jemand\w*"
    r"|service\w*|hotline|anruf\w*|anrufe)\b",
    re.IGNORECASE,
)


def person_as_condition(text: str) -> bool:
    """Whether ``text`` names a person of the team only in a condition
    ("… wenn ich einen Mitarbeiter frage?"), not as its wish."""
    return _PERSON_AS_CONDITION.search(text) is not None


# "und wenn meine prämie nicht kommt, an wen wende ich mich dann?": whom to
# turn to if something should go wrong, a question about a rule, no wish
# for a person now.
_WHOM_IF = re.compile(
    r"\b(wenn|falls)\b[^?!]{0,80}\b(an\s+wen|wohin|bei\s+wem)\b"
    r"|\b(an\s+wen|wohin|bei\s+wem)\b[^?!]{0,60}\b(wenn|falls)\b",
    re.IGNORECASE,
)


def asks_whom_if(text: str) -> bool:
    """Whether the customer asks whom to turn to if something goes wrong."""
    return _WHOM_IF.search(text) is not None


# "dann warte ich mit dem Löschen lieber, bis die Prämie da ist", "ach
# vergessen Sie es", "hat sich erledigt": the request is put off.
_PUTS_OFF_REQUEST = re.compile(
    r"\bdann\s+(warte|lass|mach|frag)\w*\s+ich\b[^.!?]{0,40}\b(lieber|erstmal|erst\s+mal|sp(ä|ae)ter"
    r"|doch\s+nicht|noch\s+nicht)\b"
    r"|\bvergiss\s+(es|das)\b|\bvergessen\s+sie\s+(es|das)\b|\bhat\s+sich\s+(schon\s+)?erledigt\b"
    r"|\b(dann\s+)?(lieber|erstmal|vorerst)\s+(doch\s+)?nicht\b"
    # "dann lieber erst nach der Auszahlung löschen"
    r"|\blieber\s+(erst\s+(nach|nachdem|wenn|sobald)|nach\s+der|sp(ä|ae)ter)\b",
    re.IGNORECASE,
)


def puts_request_off(text: str) -> bool:
    """Whether ``text`` puts the customer's own request off for now."""
    return _PUTS_OFF_REQUEST.search(text) is not None


# "wie lange bewahren Sie meine Daten noch auf?", "und wie lang speichert ihr
# das alles?": how long data are kept, not a case's or a reward's date.
_KEEPS_DATA = re.compile(
    r"\b(aufbewahr\w*|bewahr\w*\s+(\w+\s+){0,5}auf|speicher\w*|gespeichert)\b", re.IGNORECASE
)
_KEPT_WHAT = re.compile(r"\b(daten|angaben|infos?|informationen|das\s+alles)\b", re.IGNORECASE)


# "wie lange bleibt das dann gespeichert, wenn alles durch ist": the data,
# too; "wann wird das gelöscht?", "Speicherdauer?": how long, not what.
_STAYS_STORED = re.compile(
    r"\b(bleibt|bleiben)\s+(das|die|sie|es|alles)\b[^.?!]{0,25}\b(gespeichert|aufbewahrt)\b"
    r"|\bwie\s+lange?\s+(\w+\s+){0,5}(ge)?(speicher|bewahr|behalt|aufheb|heb|aufbewahr)\w*"
    r"|\b(speicher|bewahr|behalt)\w*\s+(\w+\s+){0,4}wie\s+lange?\b"
    r"|\bwann\s+(\w+\s+){0,7}(gel(ö|oe|o)scht|l(ö|oe|o)scht)\b"
    # "bleibt meine tante, die ich empfohlen hab, dauerhaft gespeichert?"
    r"|\b(dauerhaft|f(ü|ue)r\s+immer)\s+(\w+\s+){0,3}(gespeichert|aufbewahrt|bei\s+(euch|ihnen))\b"
    r"|\b(l(ö|oe|o)schfrist|aufbewahrungsfrist|aufbewahrungsdauer|speicherdauer|speicherfrist)\w*",
    re.IGNORECASE,
)


def asks_how_long_kept(text: str) -> bool:
    """Whether ``text`` asks how long data are kept or when they are deleted
    (not what is stored)."""
    return _STAYS_STORED.search(text) is not None


def asks_data_kept(text: str) -> bool:
    """Whether ``text`` asks how long the customer's data are kept."""
    if asks_how_long_kept(text):
        return True
    return _KEEPS_DATA.search(text) is not None and _KEPT_WHAT.search(text) is not None


# "wo kann er das mit der Kündigung machen, bei Ihnen?", "an wen wende ich mich
# zum Kündigen": the way to cancel a contract, which is the brand's matter;
# not "was passiert, wenn er kündigt".
_WHERE_TO_CANCEL = re.compile(
    r"\b(wo|wohin|bei\s+wem|an\s+wen)\b[^.!?]{0,40}\bk(ü|ue|u)ndig"
    r"|\bwie\s+(kann|k(ö|oe)nnen|muss|geht)\b[^.!?]{0,30}\bk(ü|ue|u)ndig",
    re.IGNORECASE,
)


def asks_where_to_cancel(text: str) -> bool:
    """Whether ``text`` asks where or how to cancel a contract."""
    return _WHERE_TO_CANCEL.search(text) is not None


# "und kündigen geht dann wo?", "wie kündige ich da", "wo kann ich kündigen":
# asking the way to cancel once a threat was heard, where a looser wording
# counts than in any other context (asks_where_to_cancel).
_ASKS_WAY_TO_CANCEL = re.compile(
    r"\b(wo|wie|wohin|bei\s+wem|wer)\b[^.!]{0,40}\bk(ü|ue|u)ndig"
    r"|\bk(ü|ue|u)ndig\w*\b[^.!]{0,60}\b(wo|wie|wohin|bei\s+wem)\b"
    # "dann kündige ich eben meinen vertrag. wo mach ich das?"
    r"|\bk(ü|ue|u)ndig\w*\b[^?!]{0,60}[.,]\s*(und\s+)?(wo|wie|wohin)\s+"
    r"(mach|geht|gehts|kann|muss|soll|l(ä|ae)uft)\w*\s+(ich|man|das)\b"
    # "und kündigen kann ich bei euch auch nicht?", "kann ich hier kündigen?"
    r"|\bk(ü|ue|u)ndig\w*\s+(kann|darf)\s+ich\b|\b(kann|darf)\s+ich\b[^.!]{0,30}\bk(ü|ue|u)ndig"
    # "ich muss seinen stromvertrag kündigen oder auf mich umschreiben, geht
    # das hier?": a contract to cancel or transfer, a matter for the brand.
    r"|\b(muss|möchte|moechte|will|wollte)\b[^.!?]{0,50}\bk(ü|ue|u)ndigen\b"
    r"|\b(umschreiben|ummelden|überschreiben|ueberschreiben)\b",
    re.IGNORECASE,
)


def asks_way_to_cancel(text: str) -> bool:
    """Whether the message, after a threat to cancel was heard, asks where or
    how to cancel the contract."""
    return asks_where_to_cancel(text) or _ASKS_WAY_TO_CANCEL.search(text) is not None


# "Können Sie mir das bitte schriftlich per Mail zusenden, damit ich es in der
# Hand habe?": a copy of what the bot said, not the reward mail again.
_SEND_A_COPY = re.compile(
    r"\b(zusenden|zuschicken|schicken|senden|mailen|zukommen|bestätig\w*|zusammenfassung"
    r"|in\s+der\s+hand|schwarz\s+auf\s+wei(ß|ss))\b",
    re.IGNORECASE,
)
_NOT_A_COPY = re.compile(
    r"\b(code|gutschein\w*|prämie\w*|praemie\w*|abo|anmeldung|bestätigungsmail|link)\b",
    re.IGNORECASE,
)


def asks_written_copy(text: str) -> bool:
    """Whether ``text`` asks for what the bot said in writing, by mail."""
    return (
        asks_in_writing(text)
        and _SEND_A_COPY.search(text) is not None
        and _NOT_A_COPY.search(text) is None
    )


# "Geht meine offene Prämie verloren, wenn ich meinen Vertrag kündige?": a
# question about the writer's own cancelling, no threat to cancel.
_OWN_CANCELLING = re.compile(
    r"\b(wenn|falls|sobald)\s+ich\b[^.!?]{0,40}\b(k(ü|ue|u)ndige|widerrufe|beende)\b(?!\s+ich\b)"
    r"|\bmeine[nrm]?\s+(k(ü|ue|u)ndigung|widerruf)\b",
    re.IGNORECASE,
)


def asks_about_own_cancelling(text: str) -> bool:
    """Whether ``text`` asks what the writer's own cancelling would mean."""
    return _OWN_CANCELLING.search(text) is not None and "?" in text


# "und wer macht das dann, ihr oder die?", "wer regelt das, ihr?": which side
# takes the matter just named (the program or the brand).
_WHO_DOES = re.compile(
    r"\bwer\s+(macht|erledigt|regelt|(ü|ue)bernimmt)\s+(das|dies|so\s*was|sowas|den|die)\b"
    r"|\b(ihr|sie)\s+oder\s+(die|der|er|sie|[A-ZÄÖÜ]\w+)\s*\?",
    re.IGNORECASE,
)


def asks_who_does(text: str) -> bool:
    """Whether the customer asks which side takes the matter just named."""
    return _WHO_DOES.search(text) is not None


# "ja bitte, und schreib rein dass es im shop in der innenstadt war",
# "notieren Sie bitte noch, dass …", "…, falls das wichtig ist": something to
# add to the case.
_ADD_NOTE = re.compile(
    r"\b(schreib\w*|notier\w*|vermerk\w*)[\s,]+((sie|du|ihr|das|bitte|noch|mal|auch)[\s,]+)*"
    r"((rein|dazu|mit\s+rein|auf|mit\s+auf)[\s,]+)?(dass|das)\b"
    r"|\berg(ä|ae)nz\w*[\s,]+((sie|du|ihr|bitte|noch|mal)[\s,]+)*(dass|das)\b"
    r"|\b(nimm|nehmen\s+sie)\s+((das|bitte|noch|mal)\s+)*mit\s+auf\b"
    # "der vertrag ist vom 12.03., falls das für die prüfung wichtig ist",
    # "nur zur info: …": a detail offered for the case.
    r"|\bfalls\s+(das|es|dies)\s+"
    r"((f(ü|ue)r\s+((die|eure|ihre|den)\s+\w+|euch|sie|ihnen)|noch|euch|ihnen|weiter)\s+)*"
    r"(wichtig|hilft|relevant|hilfreich)"
    r"|\b(nur\s+)?zur\s+info\b|\bvielleicht\s+hilft\s+(das|es)\b",
    re.IGNORECASE,
)


def asks_to_add_note(text: str) -> bool:
    """Whether the customer asks to add something to their case."""
    return _ADD_NOTE.search(text) is not None


# "wie lang muss ich warten, bis ichs nochmal probieren kann?": another try
# at the check.
_RETRY = re.compile(
    r"\b(nochmal|noch\s+mal|noch\s+einmal|erneut|wieder)\s+(\w+\s+)?(probier|versuch|eingeb|eintipp)\w*",
    re.IGNORECASE,
)


def asks_retry(text: str) -> bool:
    """Whether the customer asks when they may try the check again."""
    return _RETRY.search(text) is not None


# "ja ok dann soll sich jemand melden", "dann kümmert euch bitte", "meldet
# euch halt": someone of the team is to get back, no live chat asked for.
_HEAR_BACK = re.compile(
    r"\bsoll(en|te)?\s+sich\s+(\w+\s+){0,5}(melden|k(ü|ue)mmern)\b"
    r"|\b(jemand|wer|einer|ihr|das\s+team)\s+(soll|sollte)\s+sich\b"
    r"|\b(meldet\s+euch|melden\s+sie\s+sich|meld\s+dich|k(ü|ue)mmert\s+euch)\b"
    # "kann sich dann jemand bei mir melden?", "meldet sich da noch wer?"
    r"|\b(kann|k(ö|oe)nnte|wird|meldet)\s+sich\s+((dann|da|denn|noch|mal|bitte)\s+)*"
    r"(jemand|wer|einer|eine|das\s+team)\b",
    re.IGNORECASE,
)


def wants_to_hear_back(text: str) -> bool:
    """Whether the customer asks for someone of the team to get back to them."""
    return _HEAR_BACK.search(text) is not None


# "per brief. an welche adresse?", "wohin kann ich schriftlich schreiben",
# "eure postanschrift": the postal address asked for.
_POSTAL = re.compile(
    r"\b(post\s*anschrift|postadresse)\b|\b(eure|ihre|deren|die)\s+anschrift\b"
    r"|\b(brief|schriftlich|per\s+post|postweg)\b[^?!]{0,60}\b(adresse|anschrift|wohin|an\s+wen)\b"
    r"|\b(adresse|anschrift|wohin|an\s+wen)\b[^?!]{0,60}\b(brief|schriftlich|per\s+post|postweg)\b"
    # "Ich möchte mich schriftlich beschweren, per Brief."
    r"|\b(beschwer|wend|widersprech|schreib)\w*\b[^?!]{0,60}\b(per|mit\s+(einem|nem))\s+brief\b"
    r"|\b(per|mit\s+(einem|nem))\s+brief\b[^?!]{0,60}\b(beschwer|wend|widersprech)\w*",
    re.IGNORECASE,
)


# "schriftlich, per mail": in writing, but by e-mail, not by letter.
_BY_MAIL_NOT_LETTER = re.compile(r"\b(per|via|über|ueber)\s+(e-?)?mail\b|\bmailen\b", re.IGNORECASE)
_LETTER = re.compile(r"\b(brief|post|postweg|anschrift)\w*\b", re.IGNORECASE)


def asks_postal_address(text: str) -> bool:
    """Whether the customer asks where to send a letter."""
    by_mail = _BY_MAIL_NOT_LETTER.search(text) is not None and _LETTER.search(text) is None
    return _POSTAL.search(text) is not None and not by_mail


# "ich bin 78 und komm mit dem internet nich klar", "mit dem computer bin ich
# nicht so fit": someone for whom chat and e-mail are hard.
_HARD_ONLINE = re.compile(
    r"\b(internet|computer|pc|technik|online|chat|handy|smartphone|e-?mails?)\b[^.?!]{0,30}"
    r"\b(nicht|nich|kaum|schlecht)\b[^.?!]{0,15}\b(klar|zurecht|fit|aus)\b"
    r"|\b(nicht|nich|kaum|schlecht)\s+(so\s+)?(fit|gut|zurecht)\s+(mit|im|am)\s+"
    r"(dem\s+|der\s+)?(internet|computer|pc|technik|chat|handy)\b"
    r"|\bich\s+bin\s+(schon\s+|ja\s+|(ü|ue)ber\s+)?([7-9]\d|1\d\d)\b",
    re.IGNORECASE,
)


def finds_online_hard(text: str) -> bool:
    """Whether the customer says chat, e-mail or the internet are hard for them."""
    return _HARD_ONLINE.search(text) is not None


# "geht das auch per sms?", "kann ich euch bei whatsapp schreiben": a channel
# the program has none of; not the code shared by messenger ("kann ich den
# link per whatsapp weiterschicken?"), which is allowed.
_OTHER_CHANNEL = re.compile(
    r"\b(sms|whats\s*app|messenger|telegram|signal|facebook|instagram)\b", re.IGNORECASE
)
_SHARING = re.compile(
    r"\b(code|link|weiter\w*|teil\w*|empfehl\w*|werb\w*|freund\w*|bekannt\w*|kumpel\w*)\b",
    re.IGNORECASE,
)


def asks_other_channel(text: str) -> bool:
    """Whether the customer asks to be reached or served by SMS or a
    messenger (not to share the code there)."""
    return (
        _OTHER_CHANNEL.search(text) is not None
        and is_question(text)
        and _SHARING.search(text) is None
    )


# "per mail. an welche adresse?", "wie ist eure mailadresse?", "wohin kann ich
# das mailen?": the program's own e-mail address (not where a reward mail
# went: "an welche adresse geht die mail?").
_WHERE_TO_WRITE = re.compile(
    r"\ban\s+welche\s+(e-?mail-?)?(adresse|mail)\b(?![^.?!]*\b(habt|hast|von\s+mir|geschickt|"
    r"gegangen|geht|ging|schickt|verschickt)\b)"
    r"|\b(eure|ihre|deine)\s+(e-?mail-?adresse|mailadresse|mail-?adresse)\b"
    r"|\bwohin\s+(kann|soll|muss)\s+ich\s+(\w+\s+){0,2}(mailen|schreiben|schicken)\b"
    r"|\bper\s+(e-?)?mail\b[^!]{0,40}\bwelche\s+(e-?mail-?)?adresse\b",
    re.IGNORECASE,
)


def asks_where_to_write(text: str) -> bool:
    """Whether the customer asks for the program's e-mail address."""
    return _WHERE_TO_WRITE.search(text) is not None and not asks_postal_address(text)


# "dann gib mir einen" right after the bot said it is a chatbot: a person.
_ONE_OF_YOU = re.compile(
    r"^\W*((dann|ok|okay|na\s+dann|gut)\W+)*(gib|gebt|geben\s+sie|hol|holt|holen\s+sie)\s+"
    r"(mir\s+)?(doch\s+|bitte\s+|halt\s+|mal\s+)*(einen|eine|jemanden|nen|ne|wen)"
    r"(\s+(echten|von\s+euch|richtigen))?\W*$",
    re.IGNORECASE,
)


def asks_for_one_of_them(text: str) -> bool:
    """Whether a short message asks for "one" (a person) after the bot said
    it is a chatbot ("dann gib mir einen")."""
    return _ONE_OF_YOU.search(text) is not None
