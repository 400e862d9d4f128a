"""The customer's reward and its timing: the status named, "wann", "wie lange
noch", what if nothing comes, an exception, how long a voucher holds, how to
get it."""

from __future__ import annotations

import re

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


# "prämie wo??", "geld wann", "wo bleibt die prämie": the reward asked for in
# two or three words, which is the writer's own even without "meine".
_TERSE_WHERE = re.compile(
    r"^\W*((und|na|also|hallo|hi)\W+)?((meine?|die|das|der)\s+)?"
    r"(pr(ä|ae|a)mie|geld|gutschein|bonus|belohnung|kohle|auszahlung)\s+"
    r"(wo|wann|wo\s+bleibt\s+die|kommt\s+wann)\b\W*$"
    r"|^\W*(wo|wann)\s+((bleibt|ist|is|kommt)\s+)?((die|das|der|den)\s+)?"
    r"(pr(ä|ae|a)mie|geld|gutschein|bonus|belohnung|kohle)\W*$",
    re.IGNORECASE,
)


# "wie lange dauert so eine Überweisung normalerweise?", "wann ist das geld
# nach der überweisung auf dem konto?": how long a bank transfer takes.
_TRANSFER_TIME = re.compile(
    r"\b(wie\s*lange?|wann|wie\s+viele\s+tage)\b[^.?!]{0,40}"
    r"\b((ü|ue)berweisung\w*|bank\w*|(auf\s+(dem|meinem)\s+)konto)\b"
    r"|\b(ü|ue)berweisung\w*\b[^.?!]{0,20}\b(dauer\w*|braucht)\b",
    re.IGNORECASE,
)


def asks_transfer_time(text: str) -> bool:
    """Whether the message asks how long a bank transfer takes."""
    return _TRANSFER_TIME.search(text) is not None


def asks_for_reward_tersely(text: str) -> bool:
    """Whether a message of a few words asks where the reward is."""
    return _TERSE_WHERE.search(text) is not None


def names_reward(text: str) -> bool:
    """Whether the message names a reward ("Prämie", "Gutschein", "Geld" …)."""
    return _REWARD_WORDS.search(text) is not None


# "wann", "wie lange", "bis wann": a question about time.
# English too ("ok and how long noch?"): half-English follow-ups are common.
_ASKS_WHEN = re.compile(
    r"\b(wann|wi[ea]\s*lange?|wielange|dauert|bis\s+wann|when|how\s+long)\b"
    # "ab welchem tag hab ich das geld?"
    r"|\b(ab|an|bis\s+zu)\s+welchem\s+(tag|datum)\b"
    # "wie viel zeit bleibt ihm noch?", "wieviele tage hat sie noch?"
    r"|\bwie\s*viele?\s+(zeit|tage|wochen|monate)\b",
    re.IGNORECASE,
)


# "warum eigentlich so lang", "wieso dauert das ewig": it takes too long.
_TAKES_LONG = re.compile(r"\bso\s+(\w+\s+)?lange?\b|\bewig\b", re.IGNORECASE)


def says_takes_long(text: str) -> bool:
    """Whether the customer says something takes (too) long."""
    return _TAKES_LONG.search(text) is not None


# "für den ärger will ich jetzt das doppelte", "als entschädigung mehr": a
# higher reward demanded for the trouble.
_DEMANDS_MORE = re.compile(
    r"\b(das|die)\s+doppelte\b|\bverdoppel\w*|\bdoppelt\w*\s+(so\s+viel|pr(ä|ae)mie)"
    r"|\b(den|die|das)\s+doppelten?\s+(betrag|summe|wert|gutschein|geld)\b"
    r"|\bentsch(ä|ae)digung\b|\bwiedergutmachung\b|\bschmerzensgeld\b"
    r"|\baus\s+kulanz\b|\bdrauflegen\b|\bextra-?\s*(bonus|pr(ä|ae)mie)\b",
    re.IGNORECASE,
)


def demands_more(text: str) -> bool:
    """Whether the customer demands a higher reward for their trouble."""
    return _DEMANDS_MORE.search(text) is not None


# "warum ist das überhaupt begrenzt?", "wieso nur zweimal?": the limit on
# sending a reward mail again.
_NAMES_LIMIT = re.compile(
    r"\bbegrenz\w*|\blimit\w*|\bgrenze\b|\bbeschr(ä|ae)nk\w*"
    r"|\bnur\s+(\d|zwei|drei|zwo)\s*-?\s*mal\b"
    r"|\bnicht\s+(mehr|nochmal|noch\s+mal|noch\s+einmal)\s+(\w+\s+)?(schick|send|verschick)\w*",
    re.IGNORECASE,
)


def names_limit(text: str) -> bool:
    """Whether the message speaks of a limit ("warum ist das begrenzt?")."""
    return _NAMES_LIMIT.search(text) is not None


# "kann man das irgendwie beschleunigen?", "geht das nicht schneller?":
# the customer wants it sooner, which no one can make happen.
_SPEED_UP = re.compile(
    r"\bbeschleunig\w*|\b(geht|ginge|gehts|klappt)\s+(das|es|die|der)?\s*(\w+\s+){0,2}"
    r"(schneller|fixer|z(ü|ue)giger)\b|\b(schneller|fixer|z(ü|ue)giger)\s+(machen|gehen|bekommen|kriegen)\b"
    # "ich will mein geld jetzt und nicht irgendwann", "ich brauch die prämie sofort"
    r"|\b(will|m(ö|oe)chte|brauch\w*|h(ä|ae)tte\s+gern)\s+(mein|meine|die|das|den)\s+"
    r"(geld|pr(ä|ae)mie|gutschein|kohle)\s+(\w+\s+)?(jetzt|sofort|heute|endlich)\b"
    r"|\b(jetzt|sofort)\s+und\s+nicht\s+(erst\s+)?(irgendwann|sp(ä|ae)ter|in\s+\w+)",
    re.IGNORECASE,
)


def asks_to_speed_up(text: str) -> bool:
    """Whether the customer asks for things to go faster."""
    return _SPEED_UP.search(text) is not None


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
    # "wie ist der stand bei allen?", "wie ist da der stand"
    r"|\bwie\s+(ist|is)\s+((da|denn|jetzt|eigentlich|so)\s+)*der\s+(aktuelle\s+)?stand\b"
    r"|\bwo\s+(ist|bleibt)\s+(denn\s+|jetzt\s+|eigentlich\s+)?(die|meine?)\s+"
    r"(pr(ä|ae|a)mie|belohnung|gutschein|geld|kohle|bonus)\b(?![^.?!]*\b(einzul|einl(ö|oe)s))"
    r"|\bwann\s+(kommt|bekomme|krieg\w*|erhalte)\s+(ich\s+)?(denn\s+|endlich\s+|eigentlich\s+|jetzt\s+|dann\s+)*mein"
    r"|\bhat\s+meine\s+empfehlung\s+(geklappt|funktioniert)"
    # "und meine empfehlung, zählt die schon?", "zählt meine empfehlung jetzt?"
    r"|\bmeine\s+empfehlung\b[^.?!]{0,15}\b(z(ä|ae)hlt|gilt|l(ä|ae)uft)\s+(die|sie|das|es)\s+"
    r"(schon|jetzt|denn|eigentlich)\b"
    r"|\bz(ä|ae)hlt\s+meine\s+empfehlung\s+(schon|jetzt|denn|eigentlich)\b"
    # "warum wurde meine empfehlung storniert??": the customer's own outcome
    r"|\b(warum|wieso|weshalb)\s+(wurde|ist|wird)\s+meine\s+empfehlung\s+"
    r"(storniert|abgelehnt|gestrichen|annulliert|abgelaufen|ung(ü|ue)ltig)"
    # "ob meine empfehlung durch is", "obs geklappt hat"
    r"|\bob\s+(meine\s+empfehlung|die\s+empfehlung|das|es)\s+(schon\s+)?(durch|geklappt|angekommen)\b"
    # "ich will einfach nur wissen ob meine empfehlung zählt"
    r"|\bob\s+meine\s+empfehlung(en)?\s+((schon|jetzt|denn|eigentlich|überhaupt|ueberhaupt|noch)\s+)*"
    r"(z(ä|ae)hlt|z(ä|ae)hlen|g(ü|ue)ltig|gilt|durch\s+ist)\b"
    r"|\bob'?s\s+(schon\s+)?geklappt\b"
    # "ob das mit meiner Empfehlung für den Dieter jetzt endlich durch ist"
    r"|\bob\s+(das|es)\s+mit\s+meine[rn]\s+empfehlung\b"
    # "Und ist meine eigentlich schon raus?" (the reward named before)
    r"|\b(ist|is)\s+meine\s+((eigentlich|denn|jetzt)\s+)*(schon|bereits)\s+"
    r"(unterwegs|raus|da|angekommen|verschickt|(ü|ue|u)berwiesen)\b"
    # "Ist meine Prämie schon unterwegs?"
    r"|\b(ist|sind)\s+meine\s+(pr(ä|ae|a)mie|belohnung|gutschein|geld)\w*\s+"
    r"(schon|bereits|endlich|jetzt)\s+(unterwegs|raus|da|angekommen|verschickt|(ü|ue|u)berwiesen)\b"
    # "kannst du mal gucken, ob das bei euch angekommen is?"
    r"|\b(kannst|k(ö|oe)nnt|k(ö|oe)nnen|k(ö|oe)nnten|w(ü|ue)rden)\s+(du|ihr|sie)\s+"
    r"((mal|bitte|kurz|eben|einmal|doch)\s+)*"
    r"(gucken|schauen|nachschauen|nachsehen|nachgucken|checken|pr(ü|ue)fen)\b"
    r"|\bhat\s+\w+\s+(schon|bereits|endlich|jetzt)\s+(unterschrieben|abgeschlossen|unterzeichnet)\b"
    r"|\bob\s+(die|der|das|sie|er|es|meine?\w*)\s+(\w+\s+)?schon\s+"
    r"(unterwegs|raus|da|angekommen|verschickt|(ü|ue|u)berwiesen)\b"
    # "hab vor 2 jahren jemand geworben und nie was gekriegt"
    r"|\b(nie|noch\s+nie|nie\s+irgendwas|bis\s+heute\s+nicht|immer\s+noch\s+nicht|noch\s+nichts|noch\s+nix"
    # "ich habe kein Geld bekommen"
    r"|kein(e|en)?(?=\s+(geld|pr(ä|ae|a)mie|gutschein|bonus|belohnung)\b))"
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
# "bitte, nur dieses eine Mal" pleads for one, too.
_EXCEPTION = re.compile(
    r"\bausnahm\w*|\bkulanz\w*|\bauge\s+zudr(ü|ue)ck\w*|\bein\s+auge\s+zu\b"
    r"|\bnur\s+(dieses|das)\s+(eine\s+)?mal\b|\bbitte\s*,?\s+bitte\b",
    re.IGNORECASE,
)


def asks_exception(text: str) -> bool:
    """Whether the customer asks for an exception from the rules."""
    return _EXCEPTION.search(text) is not None


# "dann gebt mir wenigstens die hälfte als kulanz", "ein teil davon als
# entschädigung?": money as goodwill or part of the reward.
_GOODWILL = re.compile(
    r"\bkulanz\w*|\bh(ä|ae)lfte\b|\bteil\s+(davon|der\s+pr(ä|ae)mie)\b|\bentsch(ä|ae)digung\w*"
    r"|\bwenigstens\s+(was|etwas|ein\w*|\d+)",
    re.IGNORECASE,
)


def asks_goodwill(text: str) -> bool:
    """Whether the customer asks for goodwill money or part of the reward."""
    return _GOODWILL.search(text) is not None


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


# "seit wann ist er registriert?", "wie lange ist das schon so?", "wann hat sie
# denn unterschrieben?": since when the referral is in its state.
_SINCE_WHEN = re.compile(
    r"\bseit\s+wann\b"
    r"|\bwie\s+lange?\s+(ist|läuft|laeuft|geht|steht)\s+(das|es|er|sie|die\s+\w+)\s+(schon|bereits)\b"
    r"|\bwie\s+lange?\s+(schon|bereits)\b(?!.*\b(noch|dauern?t?|warten)\b)"
    r"|\bwann\s+(hat|ist)\s+(er|sie|der|die|\w+)\s+(sich\s+|denn\s+|den\s+vertrag\s+|genau\s+)*"
    r"(registriert|angemeldet|abgeschlossen|unterschrieben|gewechselt|eingestiegen)\b"
    # "und wann genau war das?" after a transfer told: its date.
    r"|^\W*(und\s+)?wann\s+(genau\s+)?(war|wurde)\s+das(\s+(denn|genau|nochmal))*\W*$"
    # "wann genau wurde das überwiesen?", "wann habt ihr das geschickt?"
    r"|\bwann\s+(genau\s+)?(wurde|wurden|habt\s+ihr|haben\s+sie|ist)\s+(das|es|die\s+pr(ä|ae)mie|"
    r"das\s+geld|der\s+gutschein|die\s+mail)\s+((denn|genau|nochmal|eigentlich)\s+)*"
    r"(überwiesen|ueberwiesen|verschickt|geschickt|angewiesen|rausgegangen|ausgezahlt)\b",
    re.IGNORECASE,
)


def asks_since_when(text: str) -> bool:
    """Whether the customer asks since when a referral is in its state."""
    return _SINCE_WHEN.search(text) is not None


# "und was genau bekomme ich dann?", "was krieg ich denn?": a short question
# for the reward of whoever asks, with no topic of its own.
_ASKS_WHAT_I_GET = re.compile(
    # "Aha. Und was bekomme ich dann dafür?": a short reaction may lead.
    r"^\W*((aha|ah|achso|ach\s+so|ok(ay)?|gut|hm+|na\s+gut|sch(ö|oe)n)\W+)?"
    r"(und\s+|aber\s+|also\s+|ok\s+)?(was|wie\s*viel)\s+"
    r"(genau\s+|denn\s+|dann\s+|jetzt\s+|eigentlich\s+)*"
    r"(bekomm|bekomme|krieg|kriege|bekommt|kriegt)\s+(ich|man)\b"
    r"(\s+(denn|dann|genau|jetzt|eigentlich|da|dafür|dafuer|davon))*\W*$"
    # "Na gut. Und was ist mit mir, bekomme ich auch was?", "krieg ich
    # selbst auch was?": the writer's own share beside someone else's.
    r"|\bwas\s+ist\s+(denn\s+)?mit\s+mir\b"
    # "gibts für mich auch nen Bonus?"
    r"|\bgibt(\s+es|'?s)\s+((dann|denn|eigentlich)\s+)*f(ü|ue)r\s+mich\s+(dann\s+|denn\s+)?auch\s+"
    r"(was|etwas|(eine?n?|nen|ne)\s+(bonus|pr(ä|ae)mie|vorteil|rabatt|gutschrift))\b"
    r"|\b(bekomm|bekomme|krieg|kriege|kriag)\s+ich\s+((denn|dann|selbst|selber|eigentlich)\s+)*"
    r"auch\s+(was|etwas|(eine?n?|nen|ne)\s+(bonus|pr(ä|ae)mie|vorteil|rabatt|gutschrift))"
    r"(\s+(davon|dafür|dafuer|ab))?\W*((und\s+)?(wie\s*viel|welche[nrs]?|was\s+genau)\W*)?$",
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
    r"|\bkonto\b[^.?!]{0,45}\b(gekündigt|gekuendigt|aufgelöst|aufgeloest|geschlossen|gewechselt"
    r"|gibt\s+es\s+nicht\s+mehr|existiert\s+nicht\s+mehr)\b",
    re.IGNORECASE,
)


def says_account_changed(text: str) -> bool:
    """Whether the customer says their bank account changed or was closed."""
    return _ACCOUNT_CHANGED.search(text) is not None


# "die vollständige IBAN mitteilen, auf die der Betrag gebucht wurde": the
# bank details on file shown here ("auf welches konto?" asks where the money
# went, which the status answers).
_BANK_DETAILS_SHOWN = re.compile(
    r"\b(iban|bankverbindung|kontonummer|bankdaten)\b[^.?!]{0,60}"
    r"\b(mitteilen|mitzuteilen|nennen|zeigen|anzeigen|sagen|durchgeben)\b"
    # "welches konto habt ihr da überhaupt hinterlegt?"
    r"|\bwelche[sn]?\s+(konto|iban|bankverbindung|kontonummer)\b[^.?!]{0,40}"
    r"\b(hinterlegt|gespeichert|eingetragen|habt|haben)\b",
    re.IGNORECASE,
)


def asks_bank_details_shown(text: str) -> bool:
    """Whether the customer asks to be told the bank details on file."""
    return _BANK_DETAILS_SHOWN.search(text) is not None


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


# "ich warte jetzt schon ewig auf meine prämie": the own reward awaited.
_WAITS_FOR_OWN = re.compile(
    r"\b(warte|warten|wart)\b[^.?!]{0,40}\b(auf\s+)?(meine[nm]?|mein)\s+"
    r"(pr(ä|ae)mie|geld|gutschein\w*|belohnung|bonus|streaming\w*)\b"
    # "ich warte schon ewig auf die sogenannte prämie"
    r"|\b(warte|warten|wart)\b[^.?!]{0,40}\bauf\s+(die|den|das)\s+(sogenannten?\s+|versprochenen?\s+)?"
    r"(pr(ä|ae)mie|geld|gutschein\w*|belohnung|bonus)\b",
    re.IGNORECASE,
)


def waits_for_own_reward(text: str) -> bool:
    """Whether the customer says they are waiting for their own reward."""
    return _WAITS_FOR_OWN.search(text) is not None


def asks_how_to_get(text: str) -> bool:
    """Whether the customer asks how to get hold of the reward."""
    return _HOW_TO_GET.search(text) is not None


# "und wo löse ich das von leonie ein?", "wie aktiviere ich das abo?": how a
# reward is redeemed, not the referral's status.
_HOW_TO_REDEEM = re.compile(
    r"\b(wo|wie)\b[^.?!]{0,40}\b(einl(ö|oe)s\w*|l(ö|oe)se\s+(ich|man)\b[^.?!]{0,30}\bein"
    r"|aktivier\w*|freischalt\w*|freigeschalt\w*)",
    re.IGNORECASE,
)


def asks_how_to_redeem(text: str) -> bool:
    """Whether the customer asks where or how to redeem a reward."""
    return _HOW_TO_REDEEM.search(text) is not None


# "bei mir ist nix angekommen", "hab nichts bekommen", "alle Umsätze
# durchgeschaut, da ist nichts": the reward did not reach the customer.
_NOT_ARRIVED = re.compile(
    # Not "nicht dass da wer anders …" (a worry, no missing reward).
    r"\b(nix|nichts|nicht(?!,?\s+dass\b)|keine?n?|nie)\b[^.?!]{0,30}?"
    r"\b(angekommen|bekommen|erhalten|gekommen|da|eingegangen|gutgeschrieben|drauf|gesehen)\b"
    r"|\b(konto|postfach|posteingang)\b[^.?!]{0,20}\b(nix|nichts|leer)\b"
    # "das geld ist aber nicht auf meinem konto"
    r"|\b(nicht|nie)\s+(auf|in)\s+(meinem|meinen|mein|dem)\s+(konto|postfach|posteingang)\b"
    r"|\bhab\w*\s+(noch\s+)?(nix|nichts|nie\s+was)\b"
    r"|\bda\s+(ist|war|is)\s+(aber\s+)?(nix|nichts)\b"
    # "mein gutschein kommt und kommt nicht"
    r"|\b(pr(ä|ae)mie|geld|gutschein\w*|bonus)\s+(\w+\s+){0,3}(kommt|kam)\s+(und\s+kommt\s+)?"
    r"((einfach|immer|noch|halt|aber)\s+)*(nicht|nie)\b(?!\s+(in\s+frage|infrage))"
    # "aber es kam nie etwas an"
    r"|\b(kam|kommt)\b[^.?!]{0,20}\b(nie|nix|nichts|nicht)\b[^.?!]{0,15}\ban\b"
    # "ich hab dreimal nachgeschaut"
    r"|\b(dreimal|mehrmals|x-?mal|zigmal|(ü|ue)berall|zweimal)\s+"
    r"(nach)?(geschaut|gesehen|geguckt|gekuckt)\b",
    re.IGNORECASE,
)


# "die Prämie ist angekommen 👍 hat alles super geklappt": good news, no
# question; the customer is thanked, not asked for code and address.
_ARRIVED = re.compile(
    r"\b(ist|sind|war)\s+((jetzt|endlich|gut|heute|gestern|schon)\s+)*(angekommen|eingegangen|da|drauf)\b"
    r"|\bhab\w*\s+(sie|ihn|es|die\s+pr(ä|ae)mie|das\s+geld|den\s+gutschein)\s+"
    r"((jetzt|endlich|heute|gestern|schon)\s+)*(bekommen|erhalten|gekriegt)\b",
    re.IGNORECASE,
)
# "ist angekommen, aber nur 25 statt 50 €": good news with a complaint.
_ARRIVED_BUT = re.compile(
    r"\b(aber|statt|nur\s+\d+|zu\s+wenig|falsch|doppelt|fehlt)\b", re.IGNORECASE
)


def says_arrived(text: str) -> bool:
    """Whether the customer reports that the reward arrived (no question, no
    "nicht")."""
    return (
        _ARRIVED.search(text) is not None
        and names_reward(text)
        and "?" not in text
        and _ARRIVED_BUT.search(text) is None
        and not says_not_arrived(text)
    )


# "kann ich statt dem gutschein nicht einfach geld bekommen": a wish for
# something else, not a reward that failed to arrive.
_INSTEAD = re.compile(r"\b(statt|stattdessen|anstatt|anstelle|lieber)\b", re.IGNORECASE)


def says_not_arrived(text: str) -> bool:
    """Whether the customer says the reward did not reach them."""
    return _NOT_ARRIVED.search(text) is not None and _INSTEAD.search(text) is None


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
    # "ich will wissen WANN das geld kommt", "wann die prämie endlich überwiesen wird"
    r"|\bwann\s+(das|die|der|mein|meine)\s+(pr(ä|ae|a)mie|belohnung|gutschein|geld|kohle)\s+"
    r"((denn|dann|endlich|jetzt|nun|ungef(ä|ae)hr)\s+)*(kommt|ankommt|da\s+ist|gezahlt|"
    r"(ü|ue)berwiesen|ausgezahlt|verschickt)\b"
    # "ich will nur wissen ob das geld kommt oder nicht"
    r"|\bob\s+(das|die|der|mein|meine)\s+(pr(ä|ae|a)mie|belohnung|gutschein|geld|kohle)\s+"
    r"((denn|jetzt|noch|überhaupt|ueberhaupt)\s+)*(kommt|ankommt|gezahlt|ausgezahlt)\b",
    re.IGNORECASE,
)


def asks_own_reward_when(text: str) -> bool:
    """Whether the message asks when the customer's own reward comes."""
    return _OWN_REWARD_WHEN.search(text) is not None


# "das hilft mir nicht, ich hab nach der zeit gefragt", "ich wollte ein
# datum": the customer says the answer missed the time they asked for.
_TIME_WANTED = re.compile(
    r"\b(gefragt|wissen|wollte|will|wollt)\b[^.?!]{0,30}"
    r"\b(wann|wie\s+lang\w*|zeit|datum|termin|zeitpunkt|dauer)\b",
    re.IGNORECASE,
)


def wanted_the_time(text: str) -> bool:
    """Whether the customer says they wanted to know when (or how long)."""
    return _TIME_WANTED.search(text) is not None


# "wann kommt der bei mir an?", "bis wann ist sie da?", "wann ist es auf
# dem konto?": when something
# arrives, never how long it holds once there.
_ARRIVAL = re.compile(
    r"\b(kommt|ist|sind|kommen)\s+(der|die|das|er|sie|es)\s+(\w+\s+){0,3}(an|da)\b"
    r"|\bankommt\b|\bankommen\b"
    # "wann genau ist es auf dem konto?"
    r"|\b(ist|sind|kommt)\s+(der|die|das|er|sie|es)\s+(\w+\s+){0,2}auf\s+(dem|meinem)\s+konto\b",
    re.IGNORECASE,
)


def asks_arrival(text: str) -> bool:
    """Whether the customer asks when something arrives."""
    return _ARRIVAL.search(text) is not None


# A friend named with a capital first letter ("Markus"), not a question word.
_FRIEND_NAMED = (
    r"(?!(?i:warum|wieso|weshalb|wann|was|wer|wie|wo|seit|dann|das|es|man|ich|wir)\b)"
    r"(?-i:[A-ZÄÖÜ][a-zäöüß]+)"
)

# "aber der hat doch schon längst unterschrieben!!", "sie hat aber
# abgeschlossen": the friend signed, against what the status says.
_FRIEND_SIGNED = re.compile(
    r"\b(er|sie|der|die|mein\w*)(\s+(?!hat\b)\w+)?\s+hat(te)?\s+"
    r"((doch|aber|ja|schon|bereits|l(ä|ae)ngst|lange|eigentlich|definitiv|sicher)\s+)+"
    r"(unterschrieben|abgeschlossen|gewechselt|(den|einen|seinen|ihren)\s+vertrag\s+"
    r"(gemacht|abgeschlossen|unterschrieben))\b(?!\s*\?)"
    # "der hat ja schon nen vertrag" (not "hat er schon einen vertrag?")
    r"|\b(er|sie|der|die)\s+hat\s+((doch|aber|ja|schon|bereits|l(ä|ae)ngst|inzwischen|mittlerweile)\s+)+"
    r"(nen|einen|ein|n)\s+vertrag\b(?![^.!?]*\?)"
    # "die hat danach im shop nochmal nen neuen vertrag gemacht"
    r"|\b(er|sie|der|die)\s+hat\s+([\w-]+\s+){0,5}(nochmal|noch\s+mal|erneut|wieder)\s+"
    r"(((ne|nen|einen)\s+)?(neuen\s+)?vertrag\s+(gemacht|abgeschlossen|unterschrieben)"
    r"|(neu\s+)?(abgeschlossen|unterschrieben|bestellt))\b"
    # "der hat aber letzte woche schon unterschrieben!", "die hat doch schon
    # bestellt" (a mobile contract is ordered)
    r"|\b(er|sie|der|die)\s+hat\s+([\w-]+\s+){0,4}(schon|bereits|l(ä|ae)ngst)\s+([\w-]+\s+){0,3}"
    r"(unterschrieben|abgeschlossen|gewechselt|bestellt)\b(?![^.!?]*\?)"
    # "die ist doch schon seit 2 monaten bei euch", "er ist längst kunde"
    # (with "doch" or "längst": "der ist schon bei euch versichert" beside
    # "kann ich meinen bruder werben?" tells of a customer to recommend)
    r"|\b(er|sie|der|die)\s+ist\s+(((doch|aber|ja)\s+)+(schon|bereits)|((doch|aber|ja)\s+)*l(ä|ae)ngst)"
    r"\s+([\w-]+\s+){0,4}(kunde|kundin|bei\s+euch|bei\s+ihnen|drin)\b(?![^.!?]*\?)"
    # "die hat ihre sim karte schon seit letzter woche", "Markus hat die
    # Police doch schon seit 3 wochen"
    r"|\b(er|sie|der|die|" + _FRIEND_NAMED + r")\s+hat\s+((doch|aber|ja)\s+)*"
    r"(ihre|seine|die|den|das|eine?n?|ne|nen)\s+"
    r"(sim|sim-?karte|karte|vertrag|tarif|police|versicherung|zähler|zaehler)(\s+karte)?\s+"
    r"((doch|aber|ja)\s+)*(schon|bereits|l(ä|ae)ngst)\b(?![^.!?]*\?)"
    # "er hat am 3. märz abgeschlossen", "Elif hat vor zwei wochen
    # unterschrieben": a day named for the signing
    r"|\b(er|sie|der|die|" + _FRIEND_NAMED + r")\s+hat\s+((doch|aber|ja|schon|bereits)\s+)*"
    r"(am|vor|im|seit|anfang|ende|mitte|letzte[nr]?|vorige[nr]?)\b([^.?!]|(?<=\d)\.){0,25}?\s"
    r"(unterschrieben|abgeschlossen|gewechselt|bestellt)\b(?![^.!?]*\?)"
    # "der markus hat mir gesagt er hat alles ausgefüllt", "sie sagt, sie
    # habe unterschrieben": what the friend told the customer
    r"|\b(gesagt|sagt|meint|meinte|behauptet|erz(ä|ae)hlt),?\s+(dass\s+)?(er|sie)\s+"
    r"(hat|h(ä|ae)tte|habe)\s+([\w-]+\s+){0,4}(unterschrieben|abgeschlossen|gewechselt|bestellt|"
    r"ausgef(ü|ue)llt|abgeschickt)\b"
    r"|\b(er|sie|der|die|" + _FRIEND_NAMED + r")\s+hat\s+((doch|aber|ja|schon|bereits)\s+)*"
    r"(alles|das\s+formular|den\s+antrag)\s+((schon|bereits|l(ä|ae)ngst)\s+)?"
    r"(ausgef(ü|ue)llt|abgeschickt|eingereicht)\b(?![^.!?]*\?)",
    re.IGNORECASE,
)


def says_friend_signed(text: str) -> bool:
    """Whether the customer insists the friend already signed."""
    return _FRIEND_SIGNED.search(text) is not None


# "die von leonie, wo is die hin?": where a reward went.
_WHERE_GONE = re.compile(
    r"\bwo\s+(is|ist|sind)\s+(die|der|das|sie|er|es|denn)\s+((denn|jetzt|eigentlich)\s+)*"
    r"(hin|geblieben|abgeblieben|hingegangen)\b",
    re.IGNORECASE,
)


def asks_where_gone(text: str) -> bool:
    """Whether the message asks where something (a reward) went."""
    return _WHERE_GONE.search(text) is not None


# "wie kann ich meine neue iban hinterlegen?", "neue iban: DE…, trag die
# bitte ein": the new bank details to be entered, not what happens to the
# reward meanwhile.
_ENTERS_DETAILS = re.compile(
    r"\b(hinterleg\w*|eintrag\w*|mitteil\w*|(ä|ae)nder\w*|umstell\w*)\b"
    r"|\btrag\w*\b[^.?!]{0,30}\bein\b|\b(neue|meine)\s+(iban|kontonummer|bankverbindung)\b",
    re.IGNORECASE,
)


def enters_new_details(text: str) -> bool:
    """Whether the customer wants new bank details entered."""
    return _ENTERS_DETAILS.search(text) is not None


# "krieg ich da ne sms oder nen brief, wenn das kommt?", "bekomm ich ne sms
# wenn die prämie für maximilian da ist?": how the customer hears that the
# reward is on its way (by e-mail), not the reward's own way.
_NOTICE_BY = (
    r"(sms|brief|post|whatsapp|push\w*|anruf|nachricht|bescheid|benachrichtigung|mitteilung|"
    r"e-?mail|mail)"
)
_NOTICE_CHANNEL = re.compile(
    # The reward itself between verb and channel is its way ("die prämie per post").
    r"\b(krieg|bekomm|erhalt|erh(ä|ae)lt|schick|send)\w*\b"
    r"((?!pr(ä|ae)mie|gutschein|geld|code|abo)[^.?!]){0,30}\b" + _NOTICE_BY + r"\b"
    r"[^.?!]{0,40}\b(wenn?|sobald|falls)\b[^.?!]{0,40}"
    r"\b(pr(ä|ae|a)mie|geld|gutschein|abo|belohnung|bonus|da\s+ist|kommt|unterwegs|"
    r"(ü|ue)berwiesen|verschickt|ankommt|raus\s+ist)",
    re.IGNORECASE,
)


def asks_how_reward_is_announced(text: str) -> bool:
    """Whether the customer asks by which channel they hear that the reward
    comes ("… ne SMS, wenn die Prämie da ist?")."""
    return _NOTICE_CHANNEL.search(text) is not None


# "und wie viel ist das dann insgesamt?", "was krieg ich zusammen?": the sum
# of the customer's rewards.
_TOTAL = re.compile(
    r"\b(insgesamt|zusammen|in\s+summe|zusammengerechnet|alles\s+in\s+allem|gesamt|summa)\b",
    re.IGNORECASE,
)
_HOW_MUCH = re.compile(r"\b(wie\s*viel\w*|was|welche\w*|wieviel\w*)\b", re.IGNORECASE)


def asks_total(text: str) -> bool:
    """Whether the message asks what the customer's rewards come to."""
    return _TOTAL.search(text) is not None and _HOW_MUCH.search(text) is not None


# "zählt auch ne prepaid karte?", "wird ein Zusatzvertrag gezählt?": which
# kind of contract counts for a recommendation.
_CONTRACT_KIND = re.compile(
    r"\b(prepaid\w*|zusatzvertr(a|ä)g\w*|zusatzprodukt\w*|zweitvertr(a|ä)g\w*|tarifwechsel|"
    r"datentarif\w*|datenkarte\w*|gewerbe\w*|gesch(ä|ae)ftsvertr(a|ä)g\w*|laufzeitvertr(a|ä)g\w*|"
    r"vertragsverl(ä|ae)ngerung\w*|upgrade)\b",
    re.IGNORECASE,
)
_COUNTS = re.compile(
    r"\b(z(ä|ae)hl\w*|gez(ä|ae)hlt|gilt|gelten|bringt|pr(ä|ae)mie|empfehlung|geht\s+das)\b",
    re.IGNORECASE,
)


def asks_which_contracts_count(text: str) -> bool:
    """Whether the message asks if a kind of contract counts for a
    recommendation (prepaid, an add-on, a change of tariff)."""
    return _CONTRACT_KIND.search(text) is not None and _COUNTS.search(text) is not None


# "hab meine prämie nie gekriegt!!!": nothing received, in colloquial words
# (not part of ``says_not_arrived``: "die mail hab ich nie gekriegt" after a
# transfer asks for a mail that does not exist).
_NEVER_GOT = re.compile(
    r"\b(nie|nicht|noch\s+nicht|nix|nichts)\b[^.?!]{0,20}\b(gekriegt|gekricht)\b", re.IGNORECASE
)


def says_never_got(text: str) -> bool:
    """Whether the customer says, colloquially, that nothing reached them."""
    return _NEVER_GOT.search(text) is not None
