"""The recommendation question (NPS) after the rating, end to end: the real
Rasa server and action server of this test run (``NPS_SHARE`` at its default
1.0: every conversation is asked), a second pair with ``NPS_SHARE=0``, and
the REST channel as the customer.

A conversation is handed back the way the agent console does it: Rasa's
``/execute`` runs ``action_handoff_back``, which asks for the rating.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from bot.db import session_scope
from bot.models import NpsAnswer, Rating
from tests.server.chat import button_titles, new_sender, response_texts, texts
from tools.nlu_eval import latest_model
from tools.servers import Bot, running_bot

pytestmark = pytest.mark.server

PROGRAM = "autosicher"
QUESTION = response_texts("utter_ask_nps_score")
COMMENT_QUESTION = response_texts("utter_ask_nps_comment")
SURVEY_RESPONSES = {
    "utter_ask_nps_score",
    "utter_ask_nps_comment",
    "utter_nps_declined",
    "utter_nps_thanks",
    "utter_nps_invalid_score",
}


def hand_back(bot: Bot, sender: str) -> list[dict]:
    """What the console's *Zurück an den Bot* does; returns the bot's messages."""
    response = bot.session.post(
        f"{bot.url}/conversations/{sender}/execute",
        params={"token": bot.token},
        json={"name": "action_handoff_back"},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    return response.json()["messages"]


def rated(bot: Bot, score: int = 4) -> tuple[str, list[dict]]:
    """A new conversation of the program, handed back and rated; returns the
    sender and the bot's answer to the rating."""
    sender = new_sender()
    bot.say(sender, "Hallo", metadata={"program": PROGRAM})
    asked = hand_back(bot, sender)
    assert texts(asked)[-1] in response_texts("utter_ask_rating")
    return sender, bot.say(sender, f'/rate{{"rating": "{score}"}}')


def answers_of(db_url: str, sender: str) -> list[tuple[int, str | None, str | None]]:
    with session_scope(db_url) as session:
        return [
            (answer.score, answer.comment, answer.program.slug if answer.program else None)
            for answer in session.scalars(
                select(NpsAnswer).where(NpsAnswer.conversation_id == sender)
            )
        ]


def answered_with(bot: Bot, sender: str) -> list[str]:
    """The responses (their names; a text without one) of the bot's answer to
    the latest message: responses with several variants compare equal."""
    events = bot.tracker(sender)["events"]
    last_user = max(i for i, event in enumerate(events) if event["event"] == "user")
    return [
        (event.get("metadata") or {}).get("utter_action") or event.get("text")
        for event in events[last_user + 1 :]
        if event["event"] == "bot"
    ]


def surveyed(bot: Bot, score: int = 4) -> str:
    """A conversation that was just asked the recommendation question."""
    sender, replies = rated(bot, score)
    assert texts(replies)[-1] in QUESTION
    return sender


def test_after_the_rating_the_bot_asks_for_a_recommendation_with_buttons_0_to_10(
    bot: Bot, demo_db_url: str
) -> None:
    sender, replies = rated(bot, 4)
    assert texts(replies) == [
        next(iter(response_texts("utter_rating_noted"))),
        next(iter(QUESTION)),
    ]
    assert button_titles(replies) == [str(n) for n in range(11)]
    with session_scope(demo_db_url) as session:
        assert session.scalars(
            select(Rating.score).where(Rating.conversation_id == sender)
        ).all() == [4]

    # The button answer is stored at once, with the program; then the comment.
    replies = bot.say(sender, '/rate{"nps_score": "9"}')
    assert texts(replies) == [next(iter(COMMENT_QUESTION))]
    assert button_titles(replies) == ["Kein Kommentar"]
    assert answers_of(demo_db_url, sender) == [(9, None, PROGRAM)]

    comment = "Top Service! Melden Sie sich gern unter lena.hoffmann@example.de oder 0170 1234567."
    replies = bot.say(sender, comment)
    assert texts(replies) == [next(iter(response_texts("utter_nps_thanks_comment")))]
    [(score, stored, _)] = answers_of(demo_db_url, sender)
    assert score == 9
    assert stored == "Top Service! Melden Sie sich gern unter le***@example.de oder ***67."


def test_a_low_rating_gets_its_own_short_answer_before_the_question(bot: Bot) -> None:
    _, replies = rated(bot, 1)
    assert texts(replies)[0] in response_texts("utter_rating_low_noted")
    assert texts(replies)[-1] in QUESTION


@pytest.mark.parametrize(("typed", "score"), [("9", 9), ("neun", 9), ("10 von 10", 10)])
def test_typed_answers_count_and_the_comment_can_be_skipped_by_button(
    bot: Bot, demo_db_url: str, typed: str, score: int
) -> None:
    sender = surveyed(bot)
    assert texts(bot.say(sender, typed)) == [next(iter(COMMENT_QUESTION))]
    replies = bot.say(sender, "/deny")  # the button "Kein Kommentar"
    assert texts(replies) == [next(iter(response_texts("utter_nps_thanks")))]
    assert answers_of(demo_db_url, sender) == [(score, None, PROGRAM)]


def test_typing_nein_skips_the_comment(bot: Bot, demo_db_url: str) -> None:
    sender = surveyed(bot)
    bot.say(sender, "7")
    assert texts(bot.say(sender, "nein")) == [next(iter(response_texts("utter_nps_thanks")))]
    assert answers_of(demo_db_url, sender) == [(7, None, PROGRAM)]
    # The survey is over: the bot answers as usual (this conversation was
    # greeted before, so without a second introduction).
    assert texts(bot.say(sender, "Hallo"))[0] in response_texts("utter_greet_again")


def test_a_number_outside_0_to_10_is_asked_again(bot: Bot, demo_db_url: str) -> None:
    sender = surveyed(bot)
    replies = bot.say(sender, "11")
    assert texts(replies) == [
        next(iter(response_texts("utter_nps_invalid_score"))),
        next(iter(QUESTION)),
    ]
    assert answers_of(demo_db_url, sender) == []
    assert texts(bot.say(sender, "8")) == [next(iter(COMMENT_QUESTION))]
    assert answers_of(demo_db_url, sender) == [(8, None, PROGRAM)]


def test_nein_to_the_question_ends_the_survey_politely(bot: Bot, demo_db_url: str) -> None:
    sender = surveyed(bot)
    assert texts(bot.say(sender, "nein")) == [next(iter(response_texts("utter_nps_declined")))]
    assert answers_of(demo_db_url, sender) == []


QUESTIONS = ("Wie funktioniert das Empfehlungsprogramm?", "Wo bleibt meine Prämie?")


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_customer_who_asks_something_else_gets_that_answer(
    bot: Bot, demo_db_url: str, question: str
) -> None:
    """At the question for the score: the answer is the one a new
    conversation gets, the survey ends without a word, nothing is stored."""
    fresh = new_sender()
    bot.say(fresh, question, metadata={"program": PROGRAM})
    sender = surveyed(bot)
    bot.say(sender, question)
    assert answered_with(bot, sender) == answered_with(bot, fresh)
    assert not set(answered_with(bot, sender)) & SURVEY_RESPONSES
    assert answers_of(demo_db_url, sender) == []
    # The survey does not come back with the next message either.
    bot.say(sender, "Hallo")
    assert not set(answered_with(bot, sender)) & SURVEY_RESPONSES


def test_a_question_instead_of_a_comment_is_answered_and_the_score_kept(
    bot: Bot, demo_db_url: str
) -> None:
    question = QUESTIONS[0]
    fresh = new_sender()
    bot.say(fresh, question, metadata={"program": PROGRAM})
    sender = surveyed(bot)
    bot.say(sender, "10")
    bot.say(sender, question)
    assert answered_with(bot, sender) == answered_with(bot, fresh)
    assert answers_of(demo_db_url, sender) == [(10, None, PROGRAM)]


def test_a_second_rating_in_the_conversation_is_not_followed_by_a_second_question(
    bot: Bot, demo_db_url: str
) -> None:
    sender = surveyed(bot)
    bot.say(sender, "6")
    bot.say(sender, "/deny")
    hand_back(bot, sender)
    replies = bot.say(sender, '/rate{"rating": "5"}')
    assert len(replies) == 1 and texts(replies)[0] in response_texts("utter_rating_thanks")
    assert answers_of(demo_db_url, sender) == [(6, None, PROGRAM)]


@pytest.fixture(scope="module")
def bot_without_nps(
    tmp_path_factory: pytest.TempPathFactory, demo_db_url: str, bot: Bot
) -> Iterator[Bot]:
    """A second Rasa and action server on the same database, ``NPS_SHARE=0``."""
    env = {"DATABASE_URL": demo_db_url, "NPS_SHARE": "0"}
    with running_bot(latest_model(), tmp_path_factory.mktemp("no-nps"), env=env) as running:
        yield running


def test_share_0_never_asks(bot_without_nps: Bot, demo_db_url: str) -> None:
    for score in (5, 4, 3, 2, 1):
        sender, replies = rated(bot_without_nps, score)
        thanks = "utter_rating_low" if score <= 2 else "utter_rating_thanks"
        assert len(replies) == 1 and texts(replies)[0] in response_texts(thanks)
        assert not button_titles(replies)
        assert texts(bot_without_nps.say(sender, "9")) != [next(iter(COMMENT_QUESTION))]
        assert answers_of(demo_db_url, sender) == []
