"""Whole conversations against the real servers where a later message is a
short request that only the conversation explains: since when and until when
after the status, a summary, "und jetzt?" after a case, a ticket asked for in
so many words, what a stage means before any status, the ways to sign a
contract (for the referrer and for the recommended friend), an expired link
of a recommended friend, and English questions about the operator and the
friend's own bonus.

Expected texts come from the data (domain responses, knowledge base, phrases)."""

from __future__ import annotations

import pytest

from tests.server.chat import (
    button_titles,
    close_tickets,
    complaints_of,
    joined,
    kb_english,
    kb_text,
    new_sender,
    reaches_person,
    response_texts,
    spoken,
)

pytestmark = pytest.mark.server


def test_since_and_until_asked_in_one_message_get_both_dates(bot, demo_db_url) -> None:
    """ "seit wann läuft die wartezeit und wann ist sie vorbei?" after the
    status got only the date it began."""
    sender = new_sender()
    bot.say(sender, "ASV-WAI456 sabine.wolf@example.com", {"program": "autosicher"})
    said = joined(bot.say(sender, "seit wann läuft die wartezeit denn und wann ist sie vorbei?"))
    assert "läuft die Wartezeit seit dem" in said
    assert "prämienberechtigt" in said and "Dieter H." in said


def test_a_summary_asked_after_the_status_of_three_referrals_gives_the_status_again(
    bot,
) -> None:
    """ "fass mir das bitte nochmal zusammen" after the status of three
    referrals was read as a complaint."""
    sender = new_sender()
    first = joined(bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"}))
    said = joined(bot.say(sender, "ok danke, fass mir das bitte nochmal kurz zusammen"))
    for friend in ("Hannah S.", "Maximilian R.", "Leonie F."):
        assert friend in first and friend in said


def test_a_ticket_asked_for_after_a_person_was_offered_asks_where_to_reply(bot) -> None:
    """ "dann mach halt ein ticket" after hours (or after a person was
    offered) was out of scope."""
    sender = new_sender()
    bot.say(sender, "ich will mit einem menschen reden", {"program": "sonnenstrom"})
    said = spoken(bot.say(sender, "na dann leg mir halt ein ticket an"))
    assert set(said) & response_texts("utter_ask_callback_email")


def test_a_stage_asked_about_before_any_status_gets_the_stages_not_a_complaint(
    bot, demo_db_url
) -> None:
    """ "bei mir steht nur widerrufen, was bedeutet das?" as the first message
    was recorded as a complaint."""
    sender = new_sender()
    said = joined(
        bot.say(
            sender,
            "ich hab vor monaten jemanden geworben und bei mir steht nur widerrufen. "
            "was bedeutet das?",
            {"program": "funknetz"},
        )
    )
    assert kb_text(demo_db_url, "status_terms", "funknetz").split("\n")[0] in said
    assert complaints_of(demo_db_url, sender) == []


def test_what_now_after_a_new_address_went_to_the_team_names_that_case(bot, demo_db_url) -> None:
    """ "hm. und nun?" after a bounced reward's new address went to the team
    was read as a complaint."""
    sender = new_sender()
    bot.say(sender, "SSE-OLD345 monika.schaefer@example.de", {"program": "sonnenstrom"})
    bot.say(sender, "bitte an monika.neu@example.net schicken")
    said = joined(bot.say(sender, "hm. und nun?"))
    close_tickets(demo_db_url, sender)
    assert "Nummer" in said and complaints_of(demo_db_url, sender) == []


def test_a_referrer_asking_whether_a_signing_in_a_shop_counts_gets_the_ways_to_sign(
    bot, demo_db_url
) -> None:
    """ "und wenn sie im laden unterschreibt, zählt das?" had no entry."""
    sender = new_sender()
    bot.say(sender, "wie funktioniert das mit dem empfehlen?", {"program": "funknetz"})
    said = joined(bot.say(sender, "und wenn meine nachbarin im laden unterschreibt, zählt das?"))
    assert kb_text(demo_db_url, "sign_channels", "funknetz", female=True).split("\n")[0] in said


def test_a_recommended_friend_asking_about_signing_by_phone_gets_their_own_answer(
    bot, demo_db_url
) -> None:
    """ "darf ich auch per telefon abschließen?" from the recommended friend
    got the friend's generic entry again; asked once more, the shorter
    answer, never the referrer's rule."""
    sender = new_sender()
    bot.say(sender, "mein onkel hat mich geworben, was muss ich tun?", {"program": "autosicher"})
    said = joined(
        bot.say(sender, "darf ich auch per telefon abschließen? wie geb ich da den code an")
    )
    assert kb_text(demo_db_url, "friend_sign_channels", "autosicher").split("\n")[0] in said
    again = joined(bot.say(sender, "und beim versicherungsbüro vor ort abschließen?"))
    assert (
        kb_text(demo_db_url, "friend_sign_channels", "autosicher", "again").split("\n")[0] in again
    )


def test_a_recommended_friend_with_an_expired_link_gets_a_new_recommendation_as_the_way(
    bot, demo_db_url
) -> None:
    """A recommended friend whose link expired got buttons; asking whether
    their own code still holds in three months got that the referrer's
    status is only hers to see."""
    sender = new_sender()
    said = joined(
        bot.say(
            sender,
            "ich wurde von meinem cousin geworben, aber der empfehlungslink ist abgelaufen. "
            "bekomm ich den bonus trotzdem?",
            {"program": "sonnenstrom"},
        )
    )
    expired = kb_text(demo_db_url, "friend_link_expired", "sonnenstrom").split("\n")[0]
    assert expired in said
    later = joined(
        bot.say(sender, "ich kann erst in vier monaten wechseln, verfällt der code bis dahin?")
    )
    assert kb_text(demo_db_url, "friend_asks_referrer_reward", "sonnenstrom") not in later


def test_english_questions_about_the_operator_and_the_friends_own_bonus_get_english_answers(
    bot, demo_db_url
) -> None:
    """ "who runs this program?" and "do I keep my own bonus as a new
    customer?" in English got the general English note only."""
    sender = new_sender()
    meta = {"program": "funknetz"}
    bot.say(sender, "hallo, mein kollege hat mich geworben", meta)
    own = spoken(bot.say(sender, "sorry, english please: do I get a bonus as the new customer?"))
    assert kb_english(demo_db_url, "friend_own_reward", "funknetz") in own
    operator = spoken(bot.say(sender, "and who is running this program?"))
    assert kb_english(demo_db_url, "operator", "funknetz") in operator


def test_when_asked_after_the_status_and_read_as_no_help_gets_the_date(bot) -> None:
    """ "ach und bis wann hab ich den dann? vergessen zu fragen" after the
    status and other questions was read as "that did not help"."""
    sender = new_sender()
    bot.say(sender, "SSE-ORD789 claudia.becker@example.de", {"program": "sonnenstrom"})
    bot.say(sender, "darf ich den gutschein verschenken?")
    said = joined(
        bot.say(sender, "oh, und wann kommt der bei mir an? das wollte ich vorhin schon fragen")
    )
    assert "Jürgen W." in said and "spätestens" in said


def test_a_code_without_the_address_is_not_asked_for_again(bot) -> None:
    """ "wieso ist da noch nix gekommen?? SSE-ORD789" got the request for code
    and address before the question for the address alone."""
    sender = new_sender()
    replies = bot.say(
        sender, "wieso ist da noch nix gekommen?? SSE-ORD789", {"program": "sonnenstrom"}
    )
    said = spoken(replies)
    assert not set(said) & response_texts("utter_verification_intro")
    assert "E-Mail-Adresse" in said[0]


def test_not_finding_the_code_after_being_told_where_it_is_reaches_a_person(bot) -> None:
    """ "nee, find ich nicht" after where the code is and that a person helps
    without it got "Alles klar" and nothing else."""
    sender = new_sender()
    bot.say(sender, "ich hab meinen empfehlungscode nicht mehr, was nun?", {"program": "funknetz"})
    assert reaches_person(bot.say(sender, "nee, find ich nicht"))


def test_a_lost_code_told_as_a_grumble_gets_the_way_without_it_then_a_person(
    bot, demo_db_url
) -> None:
    """ "code verschlampt und jetzt sperrt mich eure seite, toll" was read as
    a complaint whose story was asked for; the address alone that followed
    got "Wobei kann ich helfen?"."""
    sender = new_sender()
    first = joined(
        bot.say(
            sender,
            "hab den code verlegt und jetzt sperrt mich eure seite. toll.",
            {"program": "sonnenstrom"},
        )
    )
    assert kb_text(demo_db_url, "no_code", "sonnenstrom").split("\n")[0] in first
    assert reaches_person(bot.say(sender, "meine mail ist jemand.neues@example.de"))
    assert complaints_of(demo_db_url, sender) == []


def test_an_invitation_to_send_again_is_the_referrers_to_send(bot, demo_db_url) -> None:
    """ "kann ich ihm die einladung nochmal schicken?" after the status was
    taken for the reward mail and ended in "nicht sicher"."""
    sender = new_sender()
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"})
    said = joined(
        bot.say(
            sender, "kann ich ihm die einladung irgendwie nochmal schicken? er verpeilt das sonst"
        )
    )
    assert kb_text(demo_db_url, "remind_friend", "autosicher").split("\n")[0] in said


def test_a_grumble_and_a_threat_at_the_offer_of_a_reply_get_that_offer_not_the_timeline(
    bot,
) -> None:
    """ "tagsüber hab ich keine zeit, lächerlich" to the offer of an e-mail
    reply got the terms link; a threat to cancel then got the program's
    timeline of a reward nobody asked about."""
    sender = new_sender()
    bot.say(
        sender,
        "ich hab meinen code nicht mehr, meine mail ist kunde.x@example.de",
        {"program": "sonnenstrom"},
    )
    grumble = bot.say(sender, "ich kann aber nur abends chatten, das ist echt lächerlich")
    assert "Ja, bitte per E-Mail melden" in button_titles(grumble)
    threat = bot.say(sender, "wenn sich bis morgen keiner meldet kündige ich meinen vertrag")
    said = joined(threat)
    assert "Widerrufsfrist" not in said and "Ja, bitte per E-Mail melden" in button_titles(threat)


def test_who_takes_a_matter_after_the_brand_was_named_gets_who_does_what(bot, demo_db_url) -> None:
    """ "und wer macht das jetzt, ihr oder die?" after the recommended friend
    was sent to the brand got the privacy text."""
    sender = new_sender()
    bot.say(
        sender,
        "meine schwester hat mich geworben, kann ich hier meinen vertrag kündigen?",
        {"program": "funknetz"},
    )
    said = joined(bot.say(sender, "und wer macht das jetzt, ihr oder die?"))
    # The brand's customer service takes the contract, the program the referral.
    assert "Kundenservice FunkNetz" in said
    assert kb_text(demo_db_url, "referred_friend", "funknetz").split("\n")[0] not in said


def test_who_revoked_asked_after_a_revoked_referral_gets_the_reasons(bot) -> None:
    """ "wer hat das denn widerrufen, sie oder ihr?" after the status got
    who runs the program."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"})
    said = joined(bot.say(sender, "wer hat das denn widerrufen, sie oder ihr?"))
    # Katharina G.: a woman by the records' first name.
    assert "Warum Ihre Bekannte widerrufen hat" in said


def test_the_recommended_friend_asking_when_their_bonus_comes_is_not_asked_for_a_code(
    bot,
) -> None:
    """ "muss ich noch was machen? und bis wann krieg ich meinen bonus" from a
    recommended friend started the referrer's verification."""
    sender = new_sender()
    bot.say(
        sender,
        "hallo, ich wurde von meiner nachbarin empfohlen, mein link ist aber abgelaufen",
        {"program": "funknetz"},
    )
    replies = bot.say(
        sender,
        "muss ich sonst noch was tun, die nummer mitnehmen? und wann krieg ich meinen bonus",
    )
    assert not set(spoken(replies)) & response_texts("utter_verification_intro")
    assert "Empfehlungscode?" not in joined(replies)


def test_a_long_standing_customer_asking_for_a_loyalty_reward_is_not_taken_for_a_friend(
    bot, demo_db_url
) -> None:
    """ "seit 7 jahren bei euch, nie was gehabt, krieg ich als treue kundin
    auch was?" got the recommended friend's bonus, and every later question
    stayed on the friend's side."""
    sender = new_sender()
    meta = {"program": "autosicher"}
    said = joined(
        bot.say(
            sender,
            "bin seit 7 jahren bei euch versichert. krieg ich als treue kundin auch mal was?",
            meta,
        )
    )
    assert kb_text(demo_db_url, "loyalty", "autosicher").split("\n")[0] in said
    assert kb_text(demo_db_url, "friend_own_reward", "autosicher").split("\n")[0] not in said
    how = joined(bot.say(sender, "und was gibts fürs weiterempfehlen?"))
    assert kb_text(demo_db_url, "friend_own_reward", "autosicher").split("\n")[0] not in how


def test_the_recommended_friend_asking_whether_they_get_something_too_gets_their_own_bonus(
    bot, demo_db_url
) -> None:
    """ "und ich selbst, krieg ich auch was oder nur sie?" from the recommended
    friend got how to get one's own referral code."""
    sender = new_sender()
    bot.say(
        sender,
        "meine nachbarin hat mich geworben, was muss ich jetzt tun?",
        {"program": "funknetz"},
    )
    said = joined(bot.say(sender, "und ich selbst, krieg ich auch was oder nur sie?"))
    assert kb_text(demo_db_url, "friend_own_reward", "funknetz").split("\n")[0] in said


def test_the_referrers_code_from_the_recommended_friend_starts_no_lookup(bot) -> None:
    """ "muss ich noch was tun, damit er seine prämie kriegt? sein code ist
    ASV-…" from the recommended friend asked for code and address."""
    sender = new_sender()
    bot.say(
        sender, "ich wurde von einem kollegen geworben, bekomm ich was?", {"program": "autosicher"}
    )
    replies = bot.say(
        sender, "muss ich noch was tun damit er seine prämie kriegt? sein code ist ASV-REC234"
    )
    assert not set(spoken(replies)) & response_texts("utter_verification_intro")
    assert "E-Mail-Adresse nehmen Sie" not in joined(replies)


def test_from_which_day_asked_after_a_rule_following_the_status_gets_the_own_date(bot) -> None:
    """ "und was bedeutet das jetzt für mich, ab welchem tag hab ich das geld"
    after the rule on a friend who cancels got that rule's example again."""
    sender = new_sender()
    bot.say(sender, "ASV-WAI456 sabine.wolf@example.com", {"program": "autosicher"})
    bot.say(sender, "und was ist wenn er vorher kündigt?")
    said = joined(
        bot.say(sender, "und was bedeutet das jetzt für mich, ab welchem tag hab ich das geld")
    )
    assert "Dieter H." in said and "spätestens" in said


def test_family_and_how_many_in_one_message_are_both_answered(bot, demo_db_url) -> None:
    """ "Geht das bei Verwandten überhaupt, und wie viele darf ich werben?"
    got only how many."""
    sender = new_sender()
    said = joined(
        bot.say(
            sender,
            "Ich möchte meine Tante werben. Geht das bei Familienmitgliedern überhaupt, "
            "und wie viele Empfehlungen sind insgesamt erlaubt?",
            {"program": "autosicher"},
        )
    )
    for entry in ("family", "max_referrals"):
        assert kb_text(demo_db_url, entry, "autosicher").split("\n")[0] in said


def test_a_status_asked_after_condolences_greets_nobody_by_name(bot) -> None:
    """A widow giving her late husband's code and address after condolences
    was thanked as "Herr Lang"."""
    sender = new_sender()
    meta = {"program": "autosicher"}
    bot.say(sender, "Mein Vater ist vor kurzem verstorben, er hatte jemanden geworben.", meta)
    said = joined(bot.say(sender, "Sein Code war ASV-CSH234, seine Mail peter.lang@example.de"))
    assert "Gabriele S." in said and "Herr Lang" not in said


def test_english_questions_on_a_household_member_and_an_existing_customer_get_english_answers(
    bot, demo_db_url
) -> None:
    """ "my brother lives with me, does that count?" and "what if he was a
    customer before?" got only the general English note."""
    sender = new_sender()
    meta = {"program": "sonnenstrom"}
    first = spoken(
        bot.say(
            sender, "Hello, I recommended you to my brother, we share a flat. Does it count?", meta
        )
    )
    assert kb_english(demo_db_url, "family", "sonnenstrom") in first
    later = spoken(bot.say(sender, "and what if he already has a contract with you?"))
    assert kb_english(demo_db_url, "existing_customers", "sonnenstrom") in later


def test_a_threat_after_the_status_and_a_case_names_the_case_not_the_status_again(
    bot, demo_db_url
) -> None:
    """ "immer dieselbe antwort, ich geh zum anwalt" after the status and the
    case for a mail resent as often as allowed got the status once more."""
    sender = new_sender()
    bot.say(sender, "FNM-LIM789 heike.vogel@example.de", {"program": "funknetz"})
    bot.say(sender, "dann schickt sie halt nochmal")
    said = joined(bot.say(sender, "immer dieselbe antwort. ich geh jetzt zum anwalt"))
    close_tickets(demo_db_url, sender)
    assert "Nummer" in said and "Thomas B." not in said


def test_questions_between_the_requests_for_code_and_address_are_answered(bot, demo_db_url) -> None:
    """ "JA ABER WIE LANGE NOCH …" and "wo meld ich nen blechschaden?" while
    the code was asked got only that the code is needed."""
    sender = new_sender()
    bot.say(sender, "wann krieg ich meine prämie?", {"program": "autosicher"})
    timeline = joined(bot.say(sender, "JA ABER WIE LANGE NOCH, ich renn dem nicht ewig hinterher"))
    # The response names the program's code prefix; its words before that.
    openings = {text.split("{")[0] for text in response_texts("utter_verification_how_long")}
    assert any(opening in timeline for opening in openings)
    brand = joined(bot.say(sender, "ach und wo meld ich eigentlich nen blechschaden?"))
    assert kb_text(demo_db_url, "brand_contact", "autosicher").split("\n")[0] in brand


def test_a_ticket_asked_for_once_the_reply_is_filed_names_that_ticket(bot, demo_db_url) -> None:
    """ "egal, mach halt das ticket" after the e-mail reply was already filed
    asked for the address again."""
    sender = new_sender()
    bot.say(
        sender,
        "ich hab meinen code nicht mehr, meine mail ist noch.jemand@example.de",
        {"program": "sonnenstrom"},
    )
    bot.say(sender, "ja bitte per mail melden")
    said = joined(bot.say(sender, "egal, mach halt einfach das ticket"))
    close_tickets(demo_db_url, sender)
    assert "Nummer" in said
    assert not set(spoken(bot.say(sender, "ok"))) & response_texts("utter_ask_callback_email")


def test_a_tariff_change_beside_a_loyalty_question_gets_both_answers(bot, demo_db_url) -> None:
    """ "ich will auf den größeren tarif wechseln, geht das hier? und krieg ich
    als kunde seit 2018 was extra?" got only one of the two answers."""
    sender = new_sender()
    said = joined(
        bot.say(
            sender,
            "ich will auf den größeren Tarif wechseln, geht das hier? "
            "und krieg ich als kunde seit 2018 eigentlich was extra?",
            {"program": "funknetz"},
        )
    )
    for entry in ("brand_contact", "loyalty"):
        assert kb_text(demo_db_url, entry, "funknetz").split("\n")[0] in said
