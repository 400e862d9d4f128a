"""Choose the FallbackClassifier thresholds from cross-validated predictions.

Trains the NLU of ``config.yml`` (without its FallbackClassifier) on k-1 folds
of ``data/nlu``, parses the remaining fold, and keeps every example's full
intent ranking. Then it sweeps ``threshold`` and ``ambiguity_threshold``:

* a *wrong answer* is a prediction that passes both thresholds but is wrong;
* a *needless clarification* is a correct prediction stopped by a threshold.

The chosen pair catches the most wrong answers while at most
``CLARIFY_BUDGET_PCT`` percent of all messages get a needless clarification:
a clarification is cheap (buttons for the likely topics, usually including the
right one) but a bot that asks back too often is tiring. The fold models see
only (k-1)/k of the data and are less confident than the final model, so the
real clarification rate comes out lower than this estimate. The held-out split
is never used here.

    python -m tools.tune_fallback [--folds 3]
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from nlu_components.family_fallback import family_decision, is_fallback
from tools.nlu_eval import Parser

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "reports" / "fallback_tuning.md"
CLARIFY_BUDGET_PCT = 5.0
THRESHOLDS = [round(0.20 + 0.05 * i, 2) for i in range(16)]  # 0.20 .. 0.95
AMBIGUITIES = [0.0, 0.02, 0.05, 0.08, 0.1, 0.15]


@dataclass
class Prediction:
    gold: str
    best: str
    confidence: float
    margin: float  # confidence of the best family minus the second best


def fold_predictions(folds: int, seed: int = 42) -> list[Prediction]:
    from rasa.model_training import train_nlu
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData

    data = load_data(str(ROOT / "data" / "nlu"))
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    config["pipeline"] = [c for c in config["pipeline"] if not is_fallback(c["name"])]
    examples = list(data.intent_examples)
    random.Random(seed).shuffle(examples)
    workdir = Path(tempfile.mkdtemp(prefix="tune-fallback-"))
    config_path = workdir / "config.yml"
    config_path.write_text(yaml.safe_dump(copy.deepcopy(config)), encoding="utf-8")

    predictions: list[Prediction] = []
    for fold in range(folds):
        test = examples[fold::folds]
        train = [e for i, e in enumerate(examples) if i % folds != fold]
        train_data = TrainingData(
            training_examples=train,
            entity_synonyms=data.entity_synonyms,
            regex_features=data.regex_features,
            lookup_tables=data.lookup_tables,
        )
        nlu_path = workdir / f"fold{fold}.yml"
        nlu_path.write_text(train_data.nlu_as_yaml(), encoding="utf-8")
        model = train_nlu(str(config_path), str(nlu_path), str(workdir / f"model{fold}"))
        parser = Parser(Path(model))
        for example in test:
            parsed = parser.parse(example.get("text"))
            # The shipped fallback decides on families of intents.
            best, confidence, margin = family_decision(parsed["intent_ranking"])
            predictions.append(
                Prediction(
                    gold=example.get("intent"), best=best, confidence=confidence, margin=margin
                )
            )
        print(f"fold {fold + 1}/{folds} done", flush=True)
    return predictions


def sweep(predictions: list[Prediction]) -> list[dict[str, float]]:
    rows = []
    total = len(predictions)
    for threshold in THRESHOLDS:
        for ambiguity in AMBIGUITIES:
            wrong = needless = caught = 0
            for p in predictions:
                stopped = p.confidence < threshold or p.margin < ambiguity
                correct = p.best == p.gold
                if stopped and correct:
                    needless += 1
                elif stopped:
                    caught += 1
                elif not correct:
                    wrong += 1
            rows.append(
                {
                    "threshold": threshold,
                    "ambiguity_threshold": ambiguity,
                    "wrong_answers_pct": round(100 * wrong / total, 2),
                    "needless_clarifications_pct": round(100 * needless / total, 2),
                    "wrong_caught_pct": round(100 * caught / max(1, caught + wrong), 1),
                }
            )
    return rows


def choose(rows: list[dict[str, float]], budget_pct: float = CLARIFY_BUDGET_PCT) -> dict:
    """Fewest wrong answers within the clarification budget; ties: fewer clarifications."""
    affordable = [r for r in rows if r["needless_clarifications_pct"] <= budget_pct]
    return min(
        affordable,
        key=lambda r: (r["wrong_answers_pct"], r["needless_clarifications_pct"], r["threshold"]),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=3)
    args = parser.parse_args()
    predictions = fold_predictions(args.folds)
    rows = sweep(predictions)
    best = choose(rows)
    accuracy = sum(p.best == p.gold for p in predictions) / len(predictions)
    lines = [
        f"# Fallback tuning ({args.folds}-fold CV on data/nlu, {len(predictions)} predictions)",
        "",
        f"Accuracy without fallback: {accuracy:.3f}. Chosen (fewest wrong answers with at "
        f"most {CLARIFY_BUDGET_PCT}% needless clarifications): threshold "
        f"{best['threshold']}, ambiguity_threshold {best['ambiguity_threshold']}.",
        "",
        "| threshold | ambiguity | wrong answers % | needless clarifications % | wrong caught % |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['threshold']} | {r['ambiguity_threshold']} | {r['wrong_answers_pct']} | "
        f"{r['needless_clarifications_pct']} | {r['wrong_caught_pct']} |"
        for r in rows
        if r["ambiguity_threshold"] in (0.0, best["ambiguity_threshold"])
        and abs(r["threshold"] - best["threshold"]) <= 0.2
    ]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (REPORT.with_suffix(".json")).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
