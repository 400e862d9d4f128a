"""The evaluation tool's own rules: verbatim training lines are skipped,
comments ignored, fallback errors split into wrong answers and needless
clarifications; the external dev set stays out of the training data."""

from __future__ import annotations

from tests.test_training_data import CATALOG
from tools.nlu_eval import (
    EXTERNAL_EVAL,
    TRAINING_DIR,
    Example,
    calibration,
    confusion_counts,
    load_public_eval,
    load_rasa_examples,
    normalise,
    score,
)


def test_public_eval_skips_lines_found_verbatim_in_training(tmp_path):
    tsv = tmp_path / "eval.tsv"
    tsv.write_text(
        "# text\tlabel\tsource\n"
        "Hallo!\tgreet\tsomewhere\n"
        "Moin   Moin\tgreet\tsomewhere\n"
        "Wo ist mein Geld?\task_reward_status\tsomewhere\n"
        "\n",
        encoding="utf-8",
    )
    training = [Example("hallo!", "greet"), Example("moin moin", "greet")]
    examples, skipped = load_public_eval(tsv, training)
    assert skipped == 2
    assert examples == [Example("Wo ist mein Geld?", "ask_reward_status")]


def test_normalise_ignores_case_and_spacing():
    assert normalise("  Wo  bleibt\tmeine PRÄMIE ") == normalise("wo bleibt meine prämie")


def test_calibration_splits_wrong_answers_from_needless_clarifications():
    gold = ["greet", "deny", "complaint", "thank"]
    returned = ["greet", "affirm", "nlu_fallback", "nlu_fallback"]
    best_guess = ["greet", "affirm", "complaint", "goodbye"]
    rates = calibration(gold, returned, best_guess)
    # "deny" answered as "affirm" is a wrong answer; the fallback on
    # "complaint" held back a right guess; the one on "thank" caught a wrong one.
    assert rates == {"wrong_answer_rate": 0.25, "needless_clarification_rate": 0.25}


def test_confusion_counts_name_pairs_never_texts():
    gold = ["deny", "deny", "complaint", "greet"]
    returned = ["affirm", "affirm", "out_of_scope", "greet"]
    assert confusion_counts(gold, returned) == {
        "deny -> affirm": 2,
        "complaint -> out_of_scope": 1,
    }


class _AlwaysGreet:
    """A parser stand-in that reads every message as a greeting."""

    def parse(self, text: str) -> dict:
        return {"intent": {"name": "greet", "confidence": 0.9}, "intent_ranking": []}


def test_errors_of_unread_sets_keep_no_message_text():
    """The held-out split and the public set must stay unread: their error
    lists name labels only, while the tuning sets keep the text to look at."""
    examples = [Example("Hallo", "greet"), Example("Wo ist mein Geld?", "ask_reward_status")]
    unread = score("public_eval", examples, _AlwaysGreet())
    tuning = score("dev", examples, _AlwaysGreet(), keep_texts=True)
    assert unread.errors == [
        {
            "expected": "ask_reward_status",
            "returned": "greet",
            "best_guess": "greet",
            "confidence": 0.9,
        }
    ]
    assert tuning.errors[0]["text"] == "Wo ist mein Geld?"


def test_external_dev_set_is_labelled_with_catalog_intents_and_never_trained_on():
    """tests/nlu_external/ is evaluation material only: no line of it may
    appear verbatim in data/nlu, and every label is a catalog intent."""
    rows = [
        line.split("\t")
        for line in EXTERNAL_EVAL.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert rows
    assert all(len(row) == 3 and row[2].strip() for row in rows), "text, label, source"
    assert {row[1] for row in rows} <= CATALOG
    training = load_rasa_examples(TRAINING_DIR)
    examples, skipped = load_public_eval(EXTERNAL_EVAL, training)
    assert skipped == 0
    assert len(examples) == len(rows)
