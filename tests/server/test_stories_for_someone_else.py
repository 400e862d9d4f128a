"""Whole conversations against the real servers where the customer writes for
someone else or about someone else's data: a wife asking for her husband's
reward, a daughter asking to have her mother's data deleted, a referrer
asking to delete the data of the friend the status just named, why the
friend's e-mail would be needed, and the legal basis asked by a recommended
person. Also a condition that clearly names another rule, and a no to the
complaint's offer with the reward question behind it.

Expected texts come from the data (domain responses, knowledge base)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.db import session_scope
from bot.models import Ticket
from tests.server.chat import joined, kb_text, new_sender, opens_as, spoken

pytestmark = pytest.mark.server


def _tickets(database_url: str, sender: str) -> list[Ticket]:
    with session_scope(database_url) as session:
        return list(session.scalars(select(Ticket).where(Ticket.conversation_id == sender)))


def test_a_wife_writing_for_her_husband_gets_his_status_only_with_his_details(
    bot, demo_db_url
) -> None:
    """ "ich schreibe für meinen mann, er hat seinen kollegen geworben" got the
    recommended friend's own answer; with his details the status greeted the
    wife with his name."""
    sender = new_sender()
    first = joined(
        bot.say(
            sender,
            "guten abend, ich schreib für meinen mann. er hat einen arbeitskollegen "
            "geworben und wartet noch auf die prämie",
            {"program": "autosicher"},
        )
    )
    assert kb_text(demo_db_url, "status_of_someone_else", "autosicher") in first
    again = joined(bot.say(sender, "und wenn ich das für ihn übernehme?"))
    assert kb_text(demo_db_url, "status_of_someone_else", "autosicher", "again") in again
    status = joined(bot.say(sender, "gut, hier sein code ASV-QUA567 und mehmet.yilmaz@example.de"))
    assert "Elif K." in status
    assert "Yılmaz" not in status and "Yilmaz" not in status


def test_a_daughter_asking_to_delete_her_mothers_data_gets_the_way_and_nothing_is_filed(
    bot, demo_db_url
) -> None:
    """A relative asking to delete a participant's data got the recommended
    friend's answer, or a request filed under the writer's own name."""
    sender = new_sender()
    first = joined(
        bot.say(
            sender,
            "ich melde mich für meine mutter, sie will dass ihr ihre daten komplett löscht",
            {"program": "funknetz"},
        )
    )
    assert kb_text(demo_db_url, "data_rights_for_other", "funknetz") in first
    again = joined(bot.say(sender, "sie hat aber keinen computer"))
    assert kb_text(demo_db_url, "data_rights_for_other", "funknetz", "again") in again
    assert _tickets(demo_db_url, sender) == []


def test_deleting_the_data_of_a_friend_named_in_the_status_is_that_friends_own_request(
    bot, demo_db_url
) -> None:
    """ "kann ich das für sie beantragen, dass ihre daten gelöscht werden?"
    after the status filed a deletion of the customer's own data."""
    sender = new_sender()
    bot.say(sender, "FNM-MUL678 jonas.weber@example.de", {"program": "funknetz"})
    reply = joined(
        bot.say(
            sender,
            "leonie will nicht mehr bei euch stehen. kann ich die löschung für sie beantragen?",
        )
    )
    assert kb_text(demo_db_url, "friend_data_removal", "funknetz") in reply
    assert _tickets(demo_db_url, sender) == []


def test_the_recommended_friend_asking_to_delete_their_data_themselves_is_told_how(
    bot, demo_db_url
) -> None:
    """ "kann er selber verlangen dass ihr die löscht?" after the friend's data
    started the verification for a request of the customer's own."""
    sender = new_sender()
    bot.say(
        sender, "was macht ihr mit den daten von dem, den ich empfehle?", {"program": "sonnenstrom"}
    )
    reply = spoken(bot.say(sender, "darf er das dann selber löschen lassen?"))
    assert kb_text(demo_db_url, "friend_data_removal", "sonnenstrom") in "\n".join(reply)
    assert not any(opens_as(text, "utter_ask_referral_code") for text in reply)


def test_why_the_friends_email_is_needed_gets_that_none_is(bot, demo_db_url) -> None:
    """ "Warum muss ich die Mailadresse meines Freundes angeben?" got what is
    stored about the friend, never why no address is needed."""
    reply = joined(
        bot.say(
            new_sender(),
            "wieso soll ich euch eigentlich die e-mail von meinem kumpel geben?",
            {"program": "sonnenstrom"},
        )
    )
    assert reply.startswith(kb_text(demo_db_url, "friend_email_why", "sonnenstrom")[:60])


def test_the_legal_basis_asked_by_a_recommended_person_gets_the_legal_basis(
    bot, demo_db_url
) -> None:
    """ "auf welcher grundlage schickt ihr mir das" from someone recommended
    got their stored data again."""
    sender = new_sender()
    bot.say(
        sender,
        "mein schwager hat mich geworben und seitdem bekomme ich ständig mails von euch",
        {"program": "sonnenstrom"},
    )
    reply = joined(bot.say(sender, "mit welchem recht macht ihr das eigentlich?"))
    # The basis of what is kept about a recommended person, not a participant's.
    assert kb_text(demo_db_url, "recommended_legal_basis", "sonnenstrom") in reply


def test_a_condition_that_names_another_rule_gets_that_rule(bot, demo_db_url) -> None:
    """ "und wenn die nachbarin schon strom von euch hat" after giving the
    voucher away got the give-away answer once more."""
    sender = new_sender()
    bot.say(sender, "darf ich den gutschein weiterschenken?", {"program": "sonnenstrom"})
    reply = joined(bot.say(sender, "und wenn meine nachbarin schon strom bei euch bezieht"))
    assert kb_text(demo_db_url, "existing_customers", "sonnenstrom") in reply


def test_a_no_to_the_complaints_offer_with_the_reward_question_starts_the_status(bot) -> None:
    """ "ne lass mal. wo ist der gutschein überhaupt" to the offer of passing
    the criticism on got "In Ordnung", and the question was lost."""
    sender = new_sender()
    bot.say(sender, "kann ich statt gutschein geld haben?", {"program": "sonnenstrom"})
    bot.say(sender, "ernsthaft? mit nem gutschein kann ich nix anfangen")
    said = spoken(
        bot.say(sender, "nee lass mal. wo bleibt der gutschein eigentlich, hab noch nix bekommen")
    )
    assert opens_as(said[0], "utter_declined_then_answer")
    assert any(opens_as(text, "utter_ask_referral_code") for text in said)


def test_a_son_asking_to_act_for_his_mother_gets_the_rule_in_other_words(bot, demo_db_url) -> None:
    """ "die kommt mit dem chat nicht klar, kann ich das nicht für sie
    machen?" after another person's status was declined got the buttons of
    an unclear message."""
    sender = new_sender()
    bot.say(
        sender,
        "guten tag, ich frage für meine mutter, sie wartet auf ihre prämie",
        {"program": "funknetz"},
    )
    reply = joined(
        bot.say(sender, "sie versteht das hier nicht, kann ich das nicht für sie erledigen?")
    )
    assert kb_text(demo_db_url, "status_of_someone_else", "funknetz", "again") in reply
