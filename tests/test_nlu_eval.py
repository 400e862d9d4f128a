"""The evaluation tool's own rules: verbatim training lines are skipped, comments ignored."""

from __future__ import annotations

from tools.nlu_eval import Example, load_public_eval, normalise


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
