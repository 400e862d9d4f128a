"""Whole conversations against the real servers: the recommended friend on
their own path (the referrer's code handed over, a withdrawal, a bonus said
missing, a code that lapsed, the advantage given away), a qualified reward
told the same way under pressure, a friend named again after the list, the
team's case asked for again, a bare thanks to the offer of an e-mail reply,
the transfer's time, the friend's signing said with a name or a day, a
contract cancelled through the chat, and a reward asked for in two words.

Expected texts come from the data (domain responses, knowledge base,
phrases)."""

from __future__ import annotations

import pytest

from tests.server.chat import (
    button_titles,
    close_tickets,
    complaints_of,
    dates_in,
    joined,
    kb_text,
    new_sender,
    opens_as,
    resends_of,
    response_texts,
    spoken,
)

pytestmark = pytest.mark.server


def test_the_referrers_code_given_by_the_friend_opens_no_verification(bot) -> None:
    """ "Sein Code ist …, reicht das?" from the recommended friend was taken
    as their own code, and the e-mail address was asked for."""
    sender = new_sender()
    bot.say(
        sender,
        "hi, mich hat ein Kollege geworben. Hat er seine Prämie schon?",
        {"program": "autosicher"},
    )
    replies = bot.say(sender, "Sein Empfehlungscode lautet ASV-CSH234, hilft das?")
    said = spoken(replies)
    assert said == list(response_texts("utter_referrers_code_not_needed"))
    assert "Was bekomme ich als Geworbener?" in button_titles(replies)
    state = bot.tracker(sender)["slots"]
    assert state["referral_code"] is None and state["requested_slot"] is None


def test_the_friend_asking_for_their_own_share_after_the_referrers_gets_their_advantage(
    bot, demo_db_url
) -> None:
    """ "und was ist mit mir, bekomme ich auch was?" after the referrer's
    reward repeated the referrer's reward."""
    sender = new_sender()
    bot.say(
        sender,
        "ich bin die Geworbene von Frau Lang. Hat sie ihre Prämie schon gekriegt?",
        {"program": "autosicher"},
    )
    said = spoken(bot.say(sender, "ok. Und was ist mit mir, krieg ich auch was?"))
    assert said[0] in {
        kb_text(demo_db_url, "friend_own_reward", "autosicher", female=woman)
        for woman in (True, False)
    }


def test_a_friend_who_withdrew_hears_what_that_means_for_the_referrers_reward(
    bot, demo_db_url
) -> None:
    """ "ich habe meinen Vertrag widerrufen, kriegt mein Freund trotzdem
    seine Prämie?" told the referrer about their friend's withdrawal."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "Hab meinen Mobilfunkvertrag gestern widerrufen. Bekommt mein Kumpel trotzdem "
            "seine Prämie?",
            {"program": "funknetz"},
        )
    )
    assert said[0] == kb_text(demo_db_url, "friend_cancels_own", "funknetz")


def test_the_confirmation_of_a_withdrawal_is_the_brands(bot, demo_db_url) -> None:
    """ "wo kriege ich eine Bestätigung für meinen Widerruf?" got the friend's
    welcome text."""
    sender = new_sender()
    bot.say(sender, "ich wurde geworben und habe den vertrag widerrufen", {"program": "funknetz"})
    said = spoken(bot.say(sender, "und wer schickt mir eine bestätigung über den widerruf?"))
    assert said[0] == kb_text(demo_db_url, "brand_contact", "funknetz")


def test_a_friend_who_says_the_bonus_never_came_gets_when_it_is_credited(bot, demo_db_url) -> None:
    """ "ich wurde geworben und hab keinen Bonus bekommen" asked the friend
    for a code and an e-mail address."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "Mein Schwager hat mich geworben, aber ich hab nie einen Bonus bekommen",
            {"program": "sonnenstrom"},
        )
    )
    assert said[0] == kb_text(demo_db_url, "friend_own_reward_time", "sonnenstrom")
    assert bot.tracker(sender)["slots"]["requested_slot"] is None


def test_a_lapsed_code_from_the_referrer_is_the_recommendations_term(bot, demo_db_url) -> None:
    """A friend whose code from the referrer no longer worked got the
    voucher's expiry and was asked for an e-mail address."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "meine Kollegin hat mir ihren Code FNM-EXP567 geschickt, der geht aber nicht mehr. "
            "Ist der verfallen?",
            {"program": "funknetz"},
        )
    )
    assert said == [
        kb_text(demo_db_url, "friend_link_expired", "funknetz", female=True)
    ] or said == [kb_text(demo_db_url, "friend_link_expired", "funknetz")]
    assert bot.tracker(sender)["slots"]["requested_slot"] is None


def test_the_friend_asking_to_give_away_the_advantage_hears_it_is_on_the_contract(
    bot, demo_db_url
) -> None:
    """A recommended friend asking to give the voucher away got the
    referrer's voucher rules; the welcome also repeated the advantage in a
    second message."""
    sender = new_sender()
    first = spoken(
        bot.say(
            sender, "hallo, ich bin geworben worden. was krieg ich?", {"program": "sonnenstrom"}
        )
    )
    assert first == [kb_text(demo_db_url, "referred_friend", "sonnenstrom")]
    said = spoken(bot.say(sender, "darf ich das an meine Schwester verschenken?"))
    assert said[0] == kb_text(demo_db_url, "friend_reward_use", "sonnenstrom")


def test_the_friend_without_an_own_reward_hears_there_is_nothing_to_pass_on(
    bot, demo_db_url
) -> None:
    sender = new_sender()
    bot.say(sender, "ich wurde von meinem nachbarn geworben", {"program": "funknetz"})
    said = spoken(bot.say(sender, "wie lange kann ich meinen gutschein einlösen?"))
    assert said[0] == kb_text(demo_db_url, "friend_reward_use", "funknetz")
    assert "keine eigene Prämie" in said[0]


def test_a_qualified_reward_is_not_called_ordered_when_asked_why_it_takes_long(bot) -> None:
    """Under a threat to cancel, the facts said the reward of a qualified
    referral was already ordered, against the status just told; the facts
    are the reason of its next step, the same as for "warum so lange?"."""
    sender = new_sender()
    bot.say(sender, "ASV-QUA567 mehmet.yilmaz@example.de", {"program": "autosicher"})
    said = joined(bot.say(sender, "wieso dauert das denn so lange??"))
    assert "bereits in Auftrag gegeben" not in said
    assert "Als Nächstes geben wir Ihre Prämie von 50 € in Auftrag" in said


def test_a_friend_named_again_after_the_list_hears_what_the_state_means(bot, demo_db_url) -> None:
    """ "und bei Leonie?" after the list repeated her line word for word."""
    sender = new_sender()
    with resends_of(demo_db_url, "FNM-MUL678", 0):
        first = joined(
            bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
        )
        replies = bot.say(sender, "und was ist bei leonie?")
    said = joined(replies)
    line = next(line for line in first.split("\n") if "Leonie F." in line).lstrip("• ")
    assert line not in said
    assert said.startswith("Ihre Prämie für die Empfehlung an Leonie F. ist verschickt.")
    assert button_titles(replies) == ["Ja, bitte erneut senden", "Nein, danke"]


def test_someone_to_get_back_while_a_case_is_open_is_that_case(bot, demo_db_url) -> None:
    """ "kann sich dann jemand bei mir melden?" after why no more mails go
    out offered a second, separate e-mail reply."""
    sender = new_sender()
    with resends_of(demo_db_url, "FNM-LIM789", 2):
        bot.say(sender, "prämienmail nie bekommen, bitte neu senden", {"program": "funknetz"})
        bot.say(sender, "FNM-LIM789 heike.vogel@example.de")
        bot.say(sender, "ja, macht das bitte")
        bot.say(sender, "wieso kann man die nicht einfach nochmal schicken?")
        said = spoken(bot.say(sender, "meldet sich dann einer bei mir?"))
    close_tickets(demo_db_url, sender)
    assert opens_as(said[0], "utter_case_when")
    assert "Ja, bitte per E-Mail melden" not in said[0]


def test_a_bare_thanks_to_the_offer_of_an_e_mail_reply_is_asked_once_more(
    bot, closed_program
) -> None:
    """ "danke" to "Soll sich das Team per E-Mail bei Ihnen melden?" closed
    the chat with "Das freut mich!", no reply arranged."""
    sender = new_sender()
    bot.say(sender, "ich möchte mit einem Menschen sprechen", {"program": closed_program})
    replies = bot.say(sender, "danke")
    assert spoken(replies) == list(response_texts("utter_callback_ask_again", language="de"))
    assert button_titles(replies) == ["Ja, bitte per E-Mail melden", "Nein, danke"]


def test_how_long_a_transfer_takes_is_told_with_its_day_and_the_open_case(bot, demo_db_url) -> None:
    """ "wie lange dauert so eine Überweisung?" after the money was said
    missing got only the case's date."""
    sender = new_sender()
    bot.say(
        sender,
        "bei mir ist noch kein geld angekommen. ASV-CSH234 peter.lang@example.de",
        {"program": "autosicher"},
    )
    said = spoken(bot.say(sender, "wie lang braucht denn so eine überweisung normalerweise?"))
    close_tickets(demo_db_url, sender)
    assert said[0].startswith("„Überwiesen“ heißt: Das Geld für Ihre Empfehlung an Gabriele S.")
    assert "ein bis zwei Bankarbeitstage" in said[0]
    assert opens_as(said[1], "utter_case_when")


def test_why_it_takes_long_when_the_friend_has_ordered_is_the_payout_step(bot) -> None:
    """ "warum dauert das so lange, er hat doch schon bestellt" after an
    ordered reward got "Hier bin ich mir nicht sicher"."""
    sender = new_sender()
    bot.say(sender, "SSE-ORD789 claudia.becker@example.de", {"program": "sonnenstrom"})
    said = spoken(bot.say(sender, "wieso zieht sich das so, der hat doch schon längst bestellt"))
    assert said[0].startswith("Die Empfehlung an Jürgen W. hat alle Bedingungen erfüllt")


def test_the_friend_named_with_the_policy_held_for_weeks_is_explained_and_recorded(
    bot, demo_db_url
) -> None:
    sender = new_sender()
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"})
    said = spoken(bot.say(sender, "stimmt doch nicht, Markus hat die Police bereits seit 2 Wochen"))
    close_tickets(demo_db_url, sender)
    assert said[0] in response_texts("utter_contract_not_seen_yet", friend="Markus B.")
    assert len(complaints_of(demo_db_url, sender)) == 1


def test_the_day_of_signing_told_after_the_objection_is_noted_on_its_case(bot, demo_db_url) -> None:
    """ "er hat am 3. März abgeschlossen" right after the objection went to
    the team got "Ihren Ärger verstehe ich … so lange dauert"."""
    sender = new_sender()
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"})
    bot.say(sender, "der hat aber schon längst unterschrieben!")
    said = spoken(bot.say(sender, "er hat am 12. November unterschrieben"))
    close_tickets(demo_db_url, sender)
    assert opens_as(said[0], "utter_case_note_added")
    assert len(complaints_of(demo_db_url, sender)) == 1


@pytest.mark.parametrize(
    "message",
    [
        "kann ich meinen stromvertrag auch über euch kündigen?",
        "ich möchte den vertrag zum monatsende kündigen, geht das hier im chat?",
        "lässt sich die kündigung gleich hier bei euch erledigen?",
    ],
)
def test_a_contract_cancelled_through_the_chat_is_the_brands(bot, demo_db_url, message) -> None:
    sender = new_sender()
    said = spoken(bot.say(sender, message, {"program": "sonnenstrom"}))
    assert said[0] == kb_text(demo_db_url, "brand_contact", "sonnenstrom")


@pytest.mark.parametrize("message", ["prämie wo??", "wo bleibt das geld"])
def test_the_reward_asked_for_in_two_words_starts_the_lookup(bot, message) -> None:
    """ "prämie wo??" got how to redeem a voucher."""
    sender = new_sender()
    said = spoken(bot.say(sender, message, {"program": "autosicher"}))
    assert opens_as(said[-1], "utter_ask_referral_code")


def test_a_request_to_look_beside_a_missing_mail_is_no_question_about_others(bot) -> None:
    """ "… nie bekommen. Können Sie mal nachsehen?" was answered that another
    person's status is shown only to them."""
    sender = new_sender()
    said = joined(
        bot.say(
            sender,
            "Guten Tag, meine Gutschein-Mail kam nie an. Könnten Sie bitte mal nachsehen?",
            {"program": "sonnenstrom"},
        )
    )
    assert "einer anderen Person" not in said
    assert bot.tracker(sender)["slots"]["requested_slot"] == "referral_code"


def test_a_status_word_asked_about_first_is_looked_up_then_explained(bot) -> None:
    """ "Warum steht bei mir storniert??" as the first message was out of
    scope."""
    sender = new_sender()
    first = spoken(
        bot.say(sender, "wieso steht bei mir auf einmal storniert??", {"program": "funknetz"})
    )
    assert opens_as(first[-1], "utter_ask_referral_code")
    said = joined(bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de"))
    assert "Katharina G." in said


def test_a_deletion_ordered_outright_by_a_verified_customer_is_filed(bot, demo_db_url) -> None:
    """ "löscht einfach mein konto und alles was ihr von mir habt" got what is
    stored, and nothing was filed."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"})
    said = spoken(bot.say(sender, "wisst ihr was, löscht halt mein konto und alles was ihr habt"))
    close_tickets(demo_db_url, sender)
    assert opens_as(said[0], "utter_data_rights_ticket")
    assert "(Löschung)" in said[0]
    # That stored data are not shown in the chat belongs to a request for access.
    assert "Aus Sicherheitsgründen" not in said[0]


def test_a_deletion_said_while_giving_up_is_filed_and_the_reward_question_answered(
    bot, demo_db_url
) -> None:
    """ "dann löschen Sie alle meine Daten, ich hab keine Lust mehr" got only
    an apology; "geht das, wenn die Prämie noch offen ist?" then got how the
    program works."""
    sender = new_sender()
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"})
    first = spoken(bot.say(sender, "dann löscht halt alle meine daten, hab echt keine lust mehr"))
    assert opens_as(first[0], "utter_data_rights_ticket")
    said = spoken(bot.say(sender, "klappt das auch, wenn meine prämie noch offen ist?"))
    close_tickets(demo_db_url, sender)
    assert said[0] == kb_text(demo_db_url, "deletion_reward", "autosicher")


def test_the_reward_after_an_objection_to_advertising_is_kept(bot, demo_db_url) -> None:
    """ "Bekomme ich meine Prämie dann trotzdem?" after an objection got what a
    deletion does to a reward."""
    sender = new_sender()
    bot.say(
        sender,
        "ich widerspreche der werbung per mail. SSE-ORD789 claudia.becker@example.de",
        {"program": "sonnenstrom"},
    )
    said = spoken(bot.say(sender, "und meine prämie krieg ich dann trotzdem noch?"))
    close_tickets(demo_db_url, sender)
    assert opens_as(said[0], "utter_objection_keeps_reward")


def test_a_copy_asked_after_the_request_for_access_is_that_request(bot, demo_db_url) -> None:
    """ "Kann ich davon eine Kopie bekommen?" after a request for access was
    told that the case number is the confirmation."""
    sender = new_sender()
    bot.say(sender, "was habt ihr denn alles über mich gespeichert?", {"program": "autosicher"})
    filed = spoken(bot.say(sender, "ASV-WAI456 sabine.wolf@example.com"))
    assert opens_as(filed[-1], "utter_data_access_ticket")
    assert "Aus Sicherheitsgründen" in filed[-1]
    said = spoken(bot.say(sender, "krieg ich davon eine kopie, schriftlich?"))
    close_tickets(demo_db_url, sender)
    assert opens_as(said[0], "utter_data_copy_in_request")
    assert "sa***@example.com" in said[0]


def test_an_angry_missing_reward_without_a_code_starts_the_lookup(bot) -> None:
    """ "Ich habe mein Geld nie bekommen!!! Unverschämtheit" was asked what
    happened."""
    sender = new_sender()
    said = spoken(
        bot.say(sender, "hab meine prämie nie gekriegt!!! frechheit", {"program": "autosicher"})
    )
    # Sorry and the lookup (the NLU may read it as the status question
    # itself, which asks for the details as well), never "what happened?".
    assert opens_as(said[-1], "utter_ask_referral_code")
    assert "Was genau ist passiert" not in " ".join(said)


def test_a_disappointed_thanks_closes_without_asking_what_happened(bot) -> None:
    """ "na toll. ok danke trotzdem" was answered "Was genau ist passiert?"."""
    sender = new_sender()
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"})
    bot.say(sender, "kann ich dafür das doppelte kriegen?")
    said = spoken(bot.say(sender, "na toll. danke trotzdem"))
    assert said[0] in response_texts("utter_thank_despite")


def test_whether_a_person_answers_is_said_before_the_person(bot, closed_program) -> None:
    """ "bist du überhaupt ein mensch? ich will einen mitarbeiter" went straight
    to "Leider ist gerade niemand …"."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "bist du eigentlich ein bot? ich will nen mitarbeiter",
            {"program": closed_program},
        )
    )
    assert said[0] in response_texts("utter_bot_challenge_person")


def test_a_person_asked_while_the_chats_case_is_open_hears_that_case(
    bot, demo_db_url, closed_program
) -> None:
    """ "Mitarbeiter bitte" once this chat's case was with the team offered a
    second e-mail reply."""
    sender = new_sender()
    bot.say(sender, "ich möchte mich beschweren", {"program": closed_program})
    bot.say(sender, "eure hotline hat mich dreimal weggedrückt und keiner ruft zurück")
    replies = bot.say(sender, "mitarbeiter bitte")
    said = spoken(replies)
    close_tickets(demo_db_url, sender)
    assert opens_as(said[-1], "utter_case_brings_reply")
    assert "Ja, bitte per E-Mail melden" not in button_titles(replies)


def test_what_to_do_after_an_expired_referral_is_to_recommend_again(bot) -> None:
    """ "ok, was kann ich jetzt noch tun?" after an expired referral got only
    the offer of a second check (or a person), never the new recommendation."""
    sender = new_sender()
    bot.say(sender, "FNM-EXP567 ursula.meier@example.org", {"program": "funknetz"})
    said = spoken(bot.say(sender, "und was kann ich da jetzt noch machen?"))
    assert said == list(response_texts("utter_dispute_offer_expired", friend="Sören K."))


def test_a_status_and_a_rule_in_one_message_are_both_taken_up(bot, demo_db_url) -> None:
    """ "wie ist der stand bei allen und darf ich noch mehr werben?" answered
    only the rule, and the status was never looked up."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender, "wie ist da der stand und darf ich noch mehr werben?", {"program": "funknetz"}
        )
    )
    assert said[0] == kb_text(demo_db_url, "max_referrals", "funknetz")
    assert opens_as(said[-1], "utter_ask_referral_code")


def test_a_question_beside_not_helpful_is_answered(bot, demo_db_url) -> None:
    """ "das hilft mir nicht, ihr seid doch AutoSicher oder?" after the
    brand's service got topic buttons."""
    sender = new_sender()
    bot.say(sender, "wo melde ich einen steinschlag an meinem auto", {"program": "autosicher"})
    said = spoken(bot.say(sender, "bringt mir nix. ihr seid doch autosicher, oder?"))
    assert kb_text(demo_db_url, "operator", "autosicher") in said


def test_a_code_said_to_be_right_after_a_mismatch_gets_what_else_may_be_wrong(bot) -> None:
    sender = new_sender()
    bot.say(sender, "wie steht meine empfehlung", {"program": "sonnenstrom"})
    bot.say(sender, "SSE-ORD788 claudia.becker@example.de")
    said = spoken(bot.say(sender, "ich hab doch den richtigen code! steht genau so in der mail"))
    assert said[0] in response_texts("utter_mismatch_unclear")


def test_a_demand_for_more_while_waiting_also_starts_the_lookup(bot, demo_db_url) -> None:
    """ "… es passiert nix. Für das Warten will ich das Doppelte!" only got
    the refusal of a higher reward."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "mein nachbar hat längst bestellt und da tut sich nichts. "
            "für die warterei will ich das doppelte",
            {"program": "sonnenstrom"},
        )
    )
    assert said[0] == kb_text(demo_db_url, "higher_reward", "sonnenstrom")
    assert opens_as(said[-1], "utter_ask_referral_code")


def test_why_it_takes_long_to_count_after_the_order_is_the_customers_own_step(bot) -> None:
    """ "warum dauert das eigentlich so lang bis das zählt, …" after a reward
    already ordered got the waiting period's reason, as if it still ran."""
    sender = new_sender()
    bot.say(sender, "SSE-ORD789 claudia.becker@example.de", {"program": "sonnenstrom"})
    said = spoken(bot.say(sender, "wieso braucht das überhaupt so lange bis das zählt?"))
    assert said[0].startswith("Die Empfehlung an Jürgen W. hat alle Bedingungen erfüllt")


def test_money_said_missing_beside_a_rule_question_gets_both(bot, demo_db_url) -> None:
    """ "Ich habe kein Geld bekommen und muss ich die Prämie versteuern?" got
    only the taxes."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "hab kein geld bekommen. und muss man das versteuern?",
            {"program": "autosicher"},
        )
    )
    assert said[0] == kb_text(demo_db_url, "taxes", "autosicher")
    assert opens_as(said[-1], "utter_ask_referral_code")


def test_what_must_happen_for_the_reward_after_the_status_is_the_own_date(bot) -> None:
    """ "was muss denn jetzt noch passieren, damit ich die Prämie bekomme?"
    after the status got the program's rules and the offer to look it up."""
    sender = new_sender()
    status = joined(
        bot.say(sender, "SSE-ORD789 claudia.becker@example.de", {"program": "sonnenstrom"})
    )
    said = joined(
        bot.say(sender, "und was muss jetzt noch passieren, damit ich meine prämie kriege?")
    )
    # The reward's date from the status (the demo dates move with the day).
    assert dates_in(said) & dates_in(status)
    assert "schaue ich gern für Sie nach" not in said


def test_a_code_said_to_be_copied_from_the_mail_is_not_asked_for_again(bot) -> None:
    """ "den Code hab ich so aus der Mail abgetippt" after a mismatch got what
    else may be wrong, and then the same request for the details again."""
    sender = new_sender()
    bot.say(sender, "wo bleibt meine prämie", {"program": "funknetz"})
    bot.say(sender, "FNM-ABC123 jonas.weber@example.de")
    said = spoken(bot.say(sender, "den code hab ich genau so aus der mail kopiert"))
    assert said == list(response_texts("utter_mismatch_unclear"))


def test_a_question_pointing_back_gets_no_answer_of_its_own(bot, demo_db_url) -> None:
    """ "… meinen Handyvertrag kündigen, wie geht das?" got how the program
    works before the brand's service."""
    sender = new_sender()
    said = spoken(
        bot.say(
            sender,
            "noch was anderes, ich möchte meinen handyvertrag kündigen, wie geht das?",
            {"program": "funknetz"},
        )
    )
    assert said == [kb_text(demo_db_url, "brand_contact", "funknetz")]


def test_a_friend_called_die_is_spoken_of_as_a_woman_in_the_reasons(bot) -> None:
    """ "warum das denn?? die hat doch abgeschlossen" after a withdrawn
    referral got "Ihr Bekannter … fragen Sie ihn"."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"})
    said = joined(bot.say(sender, "ist doch nicht meine schuld wenn die widerruft"))
    assert "Ihre Bekannte" in said and "Ihr Bekannter" not in said


def test_whether_one_may_be_recommended_unasked_is_the_recommended_persons_basis(
    bot, demo_db_url
) -> None:
    """ "und darf der das einfach so, meine Daten weitergeben?" after where
    the address came from got what is stored once more."""
    sender = new_sender()
    bot.say(
        sender,
        "mir hat jemand eure einladung geschickt, mich hat wohl ein nachbar empfohlen. "
        "woher habt ihr meinen namen?",
        {"program": "sonnenstrom"},
    )
    said = spoken(bot.say(sender, "und darf der das überhaupt einfach so?"))
    assert said[0] == kb_text(demo_db_url, "recommended_legal_basis", "sonnenstrom")
