"""The target on the held-out NLU split (never trained on), with the trained model.

The target: macro F1 at least 0.95, every intent at least 0.90. The
intent classifier is deterministic, so this is a gate, not a lottery.

Writes reports/nlu_report.md and reports/nlu_*.json (per-intent F1), also for
the public evaluation set in ../shared/eval, which is reported but not gated.
"""

from __future__ import annotations

import pytest

from tools.nlu_eval import REPORTS, TARGET_INTENT_F1, TARGET_MACRO_F1, evaluate

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def heldout():
    return evaluate().heldout


def test_heldout_macro_f1(heldout):
    assert heldout.macro_f1 >= TARGET_MACRO_F1, f"macro F1 {heldout.macro_f1}"


def test_every_intent_on_heldout(heldout):
    assert heldout.failing_intents(TARGET_INTENT_F1) == {}


def test_reports_are_written(heldout):
    assert (REPORTS / "nlu_report.md").read_text(encoding="utf-8").count("| intent |") >= 2
    assert (REPORTS / "nlu_heldout.json").exists()
    assert (REPORTS / "nlu_dev.json").exists()
