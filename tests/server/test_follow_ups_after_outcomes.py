"""Whole conversations against the real servers where a later message asks
about an outcome or a rule just told: a new contract after a revoked one, who
handles a case, the recommended friend's own cancelling or wish that the
referral not count, how long a recommended person's data is kept, a rule or
a second question beside the customer's own dates, a question after thanks,
where a rule is written, a self recommendation told before a question of time.

Expected texts come from the data (domain responses, knowledge base, phrases)."""

from __future__ import annotations

import pytest

from bot.cases import data_rights_kind
from bot.knowledge.phrases import phrase
from tests.server.chat import (
    button_titles,
    close_tickets,
    complaints_of,
    joined,
    kb_text,
    new_sender,
    reaches_person,
    response_texts,
    spoken,
)

pytestmark = pytest.mark.server


def test_a_new_contract_after_a_revoked_referral_gets_whether_it_counts(bot, demo_db_url) -> None:
    """ "und wenn der jetzt nochmal neu abschließt, zählt das dann?" after a
    revoked referral got the reasons of the revocation again."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"})
    said = spoken(bot.say(sender, "und falls sie erneut abschließt, gilt es dann?"))
    # Katharina G.: a woman by the records' first name.
    assert said == [kb_text(demo_db_url, "friend_signs_again_referrer", "funknetz", female=True)]


def test_the_friend_who_revoked_and_signed_again_gets_the_friends_entry(bot, demo_db_url) -> None:
    """The same question from the recommended friend's side is theirs."""
    said = spoken(
        bot.say(
            new_sender(),
            "ich hatte meinen vertrag widerrufen und jetzt wieder neu abgeschlossen. "
            "bekommt mein kollege dann trotzdem was?",
            {"program": "funknetz"},
        )
    )
    assert said[0] == kb_text(demo_db_url, "friend_signs_again", "funknetz")


def test_who_handles_it_right_after_an_objection_names_that_case_and_files_no_second(
    bot, demo_db_url
) -> None:
    """ "wer ist bei euch eigentlich für sowas zuständig?" right after the
    objection was recorded recorded a second one."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"})
    bot.say(sender, "das ist doch unfair, der hat gar nicht widerrufen, sagt er")
    recorded = complaints_of(demo_db_url, sender)
    said = joined(bot.say(sender, "wer ist denn bei euch für so was eigentlich verantwortlich?"))
    assert len(recorded) == 1
    assert len(complaints_of(demo_db_url, sender)) == 1
    assert f"Nummer {recorded[0].id}" in said
    assert said.startswith("Zuständig ist unser Service-Team")
    close_tickets(demo_db_url, sender)


def test_why_the_friend_revoked_is_not_told_and_the_friend_is_named_to_ask(
    bot, demo_db_url
) -> None:
    """ "Warum hat er widerrufen, was ist da passiert?" got only the rule."""
    sender = new_sender()
    bot.say(sender, "FNM-REJ456 ali.oezdemir@example.de", {"program": "funknetz"})
    said = spoken(bot.say(sender, "hä, warum hat sie denn widerrufen?"))
    assert said == [
        phrase("rejection_why.contract_cancelled", female=True, brand="FunkNetz Mobilfunk")
    ]
    assert "fragen Sie sie direkt" in said[0]


def test_a_recommended_friend_asking_if_their_cancelling_costs_the_referrer_gets_their_entry(
    bot, demo_db_url
) -> None:
    """ "wenn ich im herbst wieder kündige, bekommt er seine prämie dann
    trotzdem?" from the recommended friend got that the referrer's status is
    only theirs to see."""
    sender = new_sender()
    bot.say(sender, "mein nachbar hat mich zu euch geholt", {"program": "autosicher"})
    said = spoken(
        bot.say(sender, "und wenn ich in ein paar monaten kündige, verliert er die prämie?")
    )
    assert said == [kb_text(demo_db_url, "friend_cancels_own", "autosicher")]


def test_how_long_data_is_kept_asked_by_a_recommended_person_gets_their_retention(
    bot, demo_db_url
) -> None:
    """ "und wie lange speichert ihr das alles" after where the data came from
    got what is stored about a recommended person, again."""
    sender = new_sender()
    bot.say(
        sender,
        "ich hab eine mail bekommen, dass mich wer empfohlen hat. woher habt ihr meine daten?",
        {"program": "funknetz"},
    )
    said = spoken(bot.say(sender, "und wie lang bleibt das bei euch gespeichert?"))
    assert said == [kb_text(demo_db_url, "friend_data_retention", "funknetz")]


def test_a_rule_asked_after_the_status_is_answered_not_the_dates_again(bot, demo_db_url) -> None:
    """ "jo passt danke. kann ich eig noch mehr leute werben oder is bei 3
    schluss" after the status of three referrals got their dates again."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = spoken(bot.say(sender, "alles klar. darf ich eigentlich noch mehr leute werben?"))
    assert said == [kb_text(demo_db_url, "max_referrals", "funknetz")]


def test_a_limit_and_when_in_one_message_after_the_status_get_both(bot, demo_db_url) -> None:
    """ "krieg ich dann 3x die prämie oder gibts da ne grenze? und wann kommt
    die erste" after the status got only the dates."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = spoken(
        bot.say(sender, "ist die zahl irgendwie begrenzt? und wann kommt die erste prämie?")
    )
    assert said[0] == kb_text(demo_db_url, "max_referrals", "funknetz")
    assert "Maximilian R." in said[1]


def test_a_question_after_disappointed_thanks_is_answered(bot, demo_db_url) -> None:
    """ "ok trotzdem danke. noch was, kann ich …?" got "Danke für die Angabe"."""
    sender = new_sender()
    bot.say(sender, "kann ich die prämie auch bar bekommen?", {"program": "sonnenstrom"})
    said = spoken(bot.say(sender, "ok, trotzdem danke. noch was: muss ich die prämie versteuern?"))
    assert said == [kb_text(demo_db_url, "taxes", "sonnenstrom")]


def test_where_a_rule_is_written_asked_with_a_remark_gets_the_terms(bot, demo_db_url) -> None:
    """ "steht nirgends auf eurer seite. zeig mir wo das steht" got "nicht
    verstanden"; a remark after "wo steht das?" as well."""
    sender = new_sender()
    bot.say(sender, "darf man sich selber werben?", {"program": "funknetz"})
    said = spoken(bot.say(sender, "davon lese ich nichts. zeig mir mal, wo das steht"))
    assert said == [kb_text(demo_db_url, "terms", "funknetz")]
    other = new_sender()
    bot.say(other, "zählt es, wenn mein bruder früher kunde war?", {"program": "funknetz"})
    said = spoken(bot.say(other, "wo steht das denn genau? kenn ich nicht"))
    assert "https://www.funknetz.example/kunden-werben-kunden/teilnahmebedingungen" in said[0]


def test_a_self_recommendation_told_before_a_question_of_time_says_it_does_not_count(
    bot, demo_db_url
) -> None:
    """ "hab mir über meine zweite mailadresse selber den link geschickt …
    wie lange dauert das normal?" got the program's timeline."""
    said = spoken(
        bot.say(
            new_sender(),
            "ich habe mir mit meiner zweiten e-mail-adresse selbst den link geschickt und "
            "abgeschlossen. wann kommt da die prämie?",
            {"program": "funknetz"},
        )
    )
    assert said == [kb_text(demo_db_url, "self_referral", "funknetz")]


def test_asking_whom_else_to_ask_reaches_a_person(bot) -> None:
    """ "ok schade. wen kann ich da sonst fragen" got "Gut! Wenn noch eine
    Frage offen ist …"."""
    sender = new_sender()
    bot.say(sender, "ich wurde geworben, bekomme ich auch etwas?", {"program": "sonnenstrom"})
    replies = bot.say(sender, "hm schade. an wen kann ich mich denn sonst wenden?")
    assert reaches_person(replies)


def test_a_copy_and_a_deletion_in_one_message_file_both(bot, demo_db_url) -> None:
    """A deletion after the payout and a copy before it were filed as a
    deletion only."""
    sender = new_sender()
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"})
    message = (
        "nach der auszahlung löscht bitte meine daten. vorher will ich aber sehen, "
        "was ihr alles über mich gespeichert habt"
    )
    said = joined(bot.say(sender, message))
    assert data_rights_kind(message) == "Löschung und Auskunft"
    assert "(Löschung und Auskunft)" in said
    close_tickets(demo_db_url, sender)


def test_whether_the_referrer_is_told_asked_by_the_friend_is_what_the_referrer_sees(
    bot, demo_db_url
) -> None:
    """ "bekommt er ne nachricht sobald ich unterschrieben hab?" from the
    recommended friend got when the referrer's own reward is announced."""
    sender = new_sender()
    bot.say(
        sender,
        "mein kollege hat mich geworben",
        {"program": "autosicher"},
    )
    said = spoken(bot.say(sender, "kriegt er eigentlich bescheid, sobald ich unterschrieben habe?"))
    assert said[0] in {
        kb_text(demo_db_url, "referrer_sees", "autosicher"),
        kb_text(demo_db_url, "referrer_sees", "autosicher", part="again"),
    }


def test_a_friend_who_wants_the_referral_not_to_count_gets_the_way(bot, demo_db_url) -> None:
    """ "wenn ich nicht will dass er was für mich bekommt, kann man das
    rausnehmen ohne dass ich kündige?" got why payouts cannot be faster."""
    sender = new_sender()
    bot.say(sender, "meine ex hat mich geworben", {"program": "sonnenstrom"})
    said = spoken(
        bot.say(sender, "kann man die empfehlung irgendwie streichen, ohne dass ich kündigen muss?")
    )
    assert said == [kb_text(demo_db_url, "friend_takes_back", "sonnenstrom")]


def test_why_one_of_several_referrals_is_behind_gets_its_reason_not_a_complaint(
    bot, demo_db_url
) -> None:
    """ "und warum ist bei dem einen noch gar nix passiert? der hat mir doch
    gesagt dass er wechselt" after three referrals recorded a complaint."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = joined(
        bot.say(
            sender,
            "und wieso tut sich bei dem einen nix? der hat doch längst gewechselt",
        )
    )
    assert "Hannah S." in said
    assert complaints_of(demo_db_url, sender) == []


def test_another_programs_referral_told_after_the_status_needs_that_programs_code(
    bot, demo_db_url
) -> None:
    """ "hab übrigens meine schwester auch bei sonnenstrom geworben, kannst du
    da gleich mitschauen?" after the status got whom one may recommend."""
    sender = new_sender()
    bot.say(sender, "ASV-QUA567 mehmet.yilmaz@example.de", {"program": "autosicher"})
    said = spoken(
        bot.say(
            sender,
            "ich hab übrigens auch meine cousine bei sonnenstrom geworben, schaust du da mal mit?",
        )
    )
    assert said[0] in {
        kb_text(demo_db_url, "code_other_program", "sonnenstrom", female=True),
        kb_text(demo_db_url, "code_other_program", "autosicher", female=True),
    }


def test_a_former_customer_asked_about_by_the_referrer_is_answered_not_asked_back(
    bot, demo_db_url
) -> None:
    """A referrer whose sister had been a customer before got a choice of topics."""
    said = spoken(
        bot.say(
            new_sender(),
            "ich habe meinen bruder geworben, er hat jetzt abgeschlossen. nun sagt er, er war "
            "vor jahren schon mal kunde bei euch. zählt das trotzdem?",
            {"program": "sonnenstrom"},
        )
    )
    assert said == [kb_text(demo_db_url, "existing_customers", "sonnenstrom")]
    assert not set(said) & response_texts("utter_clarify_story")


def test_a_reward_redeemed_too_late_is_the_vouchers_validity(bot, demo_db_url) -> None:
    """ "wenn ich die prämie nicht rechtzeitig einlöse, verfällt die dann?"
    got what happens when a reward comes late."""
    said = spoken(
        bot.say(
            new_sender(),
            "was ist, wenn ich meine prämie nicht rechtzeitig einlöse, verfällt sie dann?",
            {"program": "funknetz"},
        )
    )
    assert said == [kb_text(demo_db_url, "voucher_expiry", "funknetz")]


def test_the_mail_a_friend_gave_is_not_told(bot, demo_db_url) -> None:
    """ "dann sag mir wenigstens welche mail er angegeben hat" after the
    status got why the customer's own data is needed."""
    sender = new_sender()
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de", {"program": "autosicher"})
    said = spoken(bot.say(sender, "kannst du mir sagen, welche mail er bei euch angegeben hat?"))
    assert said == list(response_texts("utter_no_contact_of_others"))


def test_a_number_asked_for_one_of_several_friends_is_not_told(bot, demo_db_url) -> None:
    """ "gib mir einfach die nummer vom dritten dann ruf ich den selber an",
    read as a wish for a person, got the offer of an e-mail reply."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = spoken(bot.say(sender, "gib mir halt die handynummer vom zweiten, ich ruf selber an"))
    assert said == list(response_texts("utter_no_contact_of_others"))


def test_and_him_after_what_the_customer_gets_is_the_friends_advantage(bot, demo_db_url) -> None:
    """ "und ihm?" after what the customer gets got how the program works."""
    sender = new_sender()
    bot.say(sender, "wie hoch ist eigentlich die prämie?", {"program": "sonnenstrom"})
    said = spoken(bot.say(sender, "und ihm?"))
    assert said == [kb_text(demo_db_url, "friend_reward", "sonnenstrom")]
    other = new_sender()
    bot.say(other, "was krieg ich, wenn ich meinen nachbarn werbe?", {"program": "funknetz"})
    said = spoken(bot.say(other, "und für ihn?"))
    assert said == [kb_text(demo_db_url, "friend_reward", "funknetz")]


def test_recommending_again_after_an_expired_referral_gets_the_rule_for_it(
    bot, demo_db_url
) -> None:
    """ "kann ich sie einfach nochmal neu empfehlen?" after an expired
    referral got the offer of a second check."""
    sender = new_sender()
    bot.say(sender, "FNM-EXP567 ursula.meier@example.org", {"program": "funknetz"})
    said = spoken(bot.say(sender, "und was mach ich jetzt? darf ich ihn erneut empfehlen?"))
    assert said == [kb_text(demo_db_url, "recommend_again", "funknetz")]


def test_the_brand_itself_asked_after_the_data_is_who_sees_them(bot, demo_db_url) -> None:
    """ "und FunkNetz selbst? kriegen die meine daten?" after what is stored
    got what is stored again, read as the same topic for that program."""
    sender = new_sender()
    bot.say(sender, "verkauft ihr eigentlich meine daten?", {"program": "autosicher"})
    said = spoken(bot.say(sender, "und autosicher selbst? bekommen die meine daten auch?"))
    assert said == [kb_text(demo_db_url, "data_who_sees", "autosicher")]


def test_giving_the_voucher_away_and_getting_it_by_post_are_both_answered(bot, demo_db_url) -> None:
    """ "kann ich den gutschein weiterschenken? und geht das auch per post
    statt per mail" got only the first answer."""
    said = spoken(
        bot.say(
            new_sender(),
            "darf ich den gutschein verschenken? und kommt der auch per post statt per mail?",
            {"program": "sonnenstrom"},
        )
    )
    assert sorted(said) == sorted(
        [
            kb_text(demo_db_url, "give_away", "sonnenstrom"),
            kb_text(demo_db_url, "payout_method", "sonnenstrom"),
        ]
    )


def test_when_the_team_is_back_asked_to_the_offer_of_a_reply_is_told(bot, demo_db_url) -> None:
    """ "und wann seid ihr wieder da?" to the offer of an e-mail reply was
    taken for a yes and asked for the address."""
    sender = new_sender()
    meta = {"program": "funknetz"}
    offer = bot.say(sender, "ich möchte bitte mit einem mitarbeiter sprechen", meta)
    assert "Ja, bitte per E-Mail melden" in button_titles(offer)  # nobody is in the console
    replies = bot.say(sender, "und wann seid ihr wieder da?", meta)
    assert "Ja, bitte per E-Mail melden" in button_titles(replies)
    assert not set(spoken(replies)) & response_texts("utter_ask_callback_email")


def _since_of(database_url: str, code: str) -> list[str]:
    """What each referral of ``code`` says for "seit wann?", from the records."""
    from sqlalchemy import select

    from bot.db import session_scope
    from bot.models import Referrer
    from bot.reward_status import since_text

    with session_scope(database_url) as session:
        referrer = session.scalars(select(Referrer).where(Referrer.referral_code == code)).one()
        return [since_text(referral, referrer.program) for referral in referrer.referrals]


def test_since_when_after_the_status_gets_the_date_of_the_current_step(bot, demo_db_url) -> None:
    """ "seit wann ist er da registriert?" after the status got how long is
    left instead of the date the referral reached its step; asked again, the
    same date is said to stand as recorded, not that the dates did not change."""
    sender = new_sender()
    bot.say(sender, "ASV-REC234 lena.hoffmann@example.de wo steht das?", {"program": "autosicher"})
    (since,) = _since_of(demo_db_url, "ASV-REC234")
    said = joined(bot.say(sender, "seit wann ist er da registriert?"))
    assert since in said and "Markus B." in since
    again = joined(bot.say(sender, "und seit wann läuft das schon?"))
    assert since in again and again.startswith(phrase("status.since_again"))


def test_since_when_after_several_referrals_names_each_step_with_its_date(bot, demo_db_url) -> None:
    """ "seit wann?" after the status of three referrals: each one's date."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    said = joined(bot.say(sender, "seit wann?"))
    for since in _since_of(demo_db_url, "FNM-MUL678"):
        assert since in said
