"""What the production profile does when a part fails (issue 14, point 5),
each with exact counts: every customer message sent is answered exactly once
and stored exactly once in its conversation.

* a Rasa server stops under load: the other one answers everything;
* PostgreSQL restarts: what needs the data gets a polite apology meanwhile,
  then everything works again by itself;
* the action servers stop: the bot apologises and offers a person, and
  answers normally once they are back (one stopped: nobody notices);
* Redis stops: the bot keeps answering (locks in memory, a clear error in
  the log), and uses Redis again once it is back.

Each test restarts what it stopped, also when it fails.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.prod.conftest import PROD_MARKS, ROOT, Profile, prod_sh, user_texts
from tests.server.chat import button_titles, joined, response_texts

pytestmark = PROD_MARKS

LOGS = ROOT / ".prod" / "logs"
APOLOGY = response_texts("utter_database_unavailable").pop()
# A showcase customer of the demo data (docs/referral-database.md), in one message.
VERIFY = "Mein Empfehlungscode ist ASV-QUA567 und meine E-Mail-Adresse mehmet.yilmaz@example.de"
# How long the front may take to use restarted action servers again: nginx's
# fail_timeout for them (5 s) and some margin.
RECOVERY_S = 15
TURNS = ["Hallo", "Wo bleibt meine Prämie?", "Danke", "Wie lange dauert das?"]


@contextmanager
def stopped(*parts: str) -> Iterator[None]:
    """``parts`` stopped for the block, started again (and healthy) after it."""
    for part in parts:
        prod_sh("stop-part", part)
    try:
        yield
    finally:
        for part in parts:
            prod_sh("start-part", part)


def sender(name: str) -> str:
    return f"prod-{name}-{uuid.uuid4().hex[:10]}"


def answer(profile: Profile, who: str, text: str, metadata: dict | None = None) -> list[dict]:
    response = profile.post_rest(who, text, metadata)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_rasa_server_stopping_under_load_loses_no_message_and_answers_none_twice(
    profile: Profile,
) -> None:
    conversations = [sender("load") for _ in range(6)]
    rounds = 4
    answered: dict[str, list[int]] = {who: [] for who in conversations}
    failures: list[str] = []
    first_round_done = threading.Barrier(len(conversations) + 1)

    def customer(who: str) -> None:
        for turn in range(rounds):
            text = f"{TURNS[turn % len(TURNS)]} ({turn})"
            try:
                response = profile.post_rest(who, text)
                if response.status_code == 200 and response.json():
                    answered[who].append(turn)
                else:
                    failures.append(f"{who} {turn}: {response.status_code} {response.text[:200]}")
            except Exception as error:  # a lost message, counted below
                failures.append(f"{who} {turn}: {error}")
            if turn == 0:
                first_round_done.wait(timeout=300)

    threads = [threading.Thread(target=customer, args=(who,)) for who in conversations]
    for thread in threads:
        thread.start()
    try:
        first_round_done.wait(timeout=300)
        # Under load: the others are sending while rasa-1 shuts down.
        prod_sh("stop-part", "rasa-1")
        for thread in threads:
            thread.join(timeout=600)
    finally:
        prod_sh("start-part", "rasa-1")
    assert not failures, failures
    sent = len(conversations) * rounds
    assert sum(len(turns) for turns in answered.values()) == sent
    for who in conversations:
        texts = user_texts(profile.tracker(who))
        expected = [f"{TURNS[turn % len(TURNS)]} ({turn})" for turn in range(rounds)]
        # Each message exactly once, in the order sent: none lost, none handled twice.
        assert texts == expected, (who, texts)


def test_while_postgresql_restarts_the_bot_answers_politely_then_recovers(
    profile: Profile,
) -> None:
    who = sender("pg")
    assert answer(profile, who, "Hallo")
    with stopped("postgres"):
        # Rasa goes on with the conversation in memory (its FailSafeTrackerStore);
        # what needs the referral data gets the apology. One customer after
        # another: nginx gives each Rasa process some.
        for _ in range(4):
            during = answer(profile, sender("pg-down"), VERIFY, {"program": "autosicher"})
            assert APOLOGY in joined(during), during
            assert "Mit einem Mitarbeiter sprechen" in button_titles(during)
    after = answer(profile, who, "Wo bleibt meine Prämie?")
    assert after and APOLOGY not in joined(after), after
    assert user_texts(profile.tracker(who)) == ["Hallo", "Wo bleibt meine Prämie?"]


def test_with_one_action_server_stopped_nobody_notices(profile: Profile) -> None:
    who = sender("one-action")
    with stopped("actions-1"):
        replies = answer(profile, who, "Wo bleibt meine Prämie?")
        assert replies and APOLOGY not in joined(replies), replies


def test_without_action_servers_the_bot_apologises_and_offers_a_person_then_recovers(
    profile: Profile,
) -> None:
    who = sender("actions")
    with stopped("actions-1", "actions-2"):
        replies = answer(profile, who, "Wo bleibt meine Prämie?")
        assert APOLOGY in joined(replies), replies
        assert "Mit einem Mitarbeiter sprechen" in button_titles(replies)
    # nginx rests an upstream that failed for its fail_timeout (5 s,
    # scripts/prod.sh): the answers come back within that, not at once.
    deadline = time.monotonic() + RECOVERY_S
    while True:
        replies = answer(profile, sender("actions-back"), "Wo bleibt meine Prämie?")
        if (replies and APOLOGY not in joined(replies)) or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert replies and APOLOGY not in joined(replies), replies


def _log_size(name: str) -> dict[Path, int]:
    return {path: path.stat().st_size for path in LOGS.glob(f"{name}-*.log")}


def _logged_since(sizes: dict[Path, int]) -> str:
    text = ""
    for path, size in sizes.items():
        with path.open(encoding="utf-8", errors="replace") as log:
            log.seek(size)
            text += log.read()
    return text


def test_without_redis_the_bot_answers_logs_a_clear_error_and_recovers(
    profile: Profile,
) -> None:
    conversations = [sender("redis") for _ in range(4)]
    sizes = _log_size("rasa")
    with stopped("redis"):
        for who in conversations:
            assert answer(profile, who, "Hallo"), who
    logged = _logged_since(sizes)
    assert "Redis unreachable" in logged
    sizes = _log_size("rasa")
    for who in conversations:
        assert answer(profile, who, "Wo bleibt meine Prämie?"), who
        assert user_texts(profile.tracker(who)) == ["Hallo", "Wo bleibt meine Prämie?"]
    # Give the log a moment: the recovery is logged by the next lock.
    time.sleep(1)
    assert "Redis reachable again" in _logged_since(sizes)
