"""The threshold sweep counts wrong answers and needless clarifications correctly."""

from __future__ import annotations

from tools.tune_fallback import Prediction, choose, sweep


def test_sweep_trades_wrong_answers_against_clarifications():
    predictions = [
        Prediction("greet", "greet", 0.95, 0.9),  # confident and right
        Prediction("greet", "greet", 0.40, 0.3),  # right but unsure
        Prediction("complaint", "deny", 0.45, 0.1),  # wrong and unsure
        Prediction("complaint", "deny", 0.90, 0.8),  # wrong and confident: never caught
    ]
    rows = {(r["threshold"], r["ambiguity_threshold"]): r for r in sweep(predictions)}
    low = rows[(0.2, 0.0)]
    assert low["wrong_answers_pct"] == 50.0
    assert low["needless_clarifications_pct"] == 0.0
    mid = rows[(0.5, 0.0)]
    assert mid["wrong_answers_pct"] == 25.0
    assert mid["needless_clarifications_pct"] == 25.0
    assert mid["wrong_caught_pct"] == 50.0


def test_choose_respects_the_clarification_budget():
    rows = [
        {
            "threshold": 0.8,
            "ambiguity_threshold": 0.0,
            "wrong_answers_pct": 1.0,
            "needless_clarifications_pct": 9.0,
        },
        {
            "threshold": 0.5,
            "ambiguity_threshold": 0.1,
            "wrong_answers_pct": 4.0,
            "needless_clarifications_pct": 4.5,
        },
        {
            "threshold": 0.4,
            "ambiguity_threshold": 0.0,
            "wrong_answers_pct": 6.0,
            "needless_clarifications_pct": 2.0,
        },
    ]
    assert choose(rows, budget_pct=5.0)["threshold"] == 0.5
    assert choose(rows, budget_pct=10.0)["threshold"] == 0.8
