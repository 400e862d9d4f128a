"""Compare NLU pipelines with Rasa's cross-validation (`rasa test nlu --cross-validation`).

Every candidate is ``config.yml`` with one change, so the comparison always
tracks the project's real configuration. Results go to
reports/pipeline_comparison.md; docs/nlu-pipeline.md keeps the numbers that
chose config.yml.

    python -m tools.compare_pipelines [--folds 3] [--nlu data/nlu] [CANDIDATE ...]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from nlu_components.family_fallback import is_fallback

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "reports" / "cv"
Pipeline = list[dict[str, Any]]


def component(pipeline: Pipeline, name: str) -> dict[str, Any]:
    return next(c for c in pipeline if c["name"] == name)


def whitespace_tokens(pipeline: Pipeline) -> Pipeline:
    """No spaCy: whitespace tokens, word features on surface forms."""
    rest = [c for c in pipeline if c["name"] not in ("SpacyNLP", "SpacyTokenizer")]
    for c in rest:
        if c["name"] == "CountVectorsFeaturizer":
            c["use_lemma"] = False
    return [{"name": "WhitespaceTokenizer"}, *rest]


def no_char_ngrams(pipeline: Pipeline) -> Pipeline:
    return [c for c in pipeline if c.get("analyzer") != "char_wb"]


# DIET as config.yml had it until 2026-11-30, with the token features only it
# used (the linear classifier reads sentence features, which this featurizer
# does not make).
LEXICAL = {"name": "LexicalSyntacticFeaturizer"}
DIET = {
    "name": "DIETClassifier",
    "epochs": 60,
    "number_of_transformer_layers": 1,
    "transformer_size": 128,
    "entity_recognition": False,
    "constrain_similarities": True,
    "random_seed": 1234,
}
LINEAR = "nlu_components.linear_intents.LinearIntentClassifier"


def _linear_at(pipeline: Pipeline) -> int:
    return next(i for i, c in enumerate(pipeline) if c["name"] == LINEAR)


def diet_only(pipeline: Pipeline) -> Pipeline:
    """DIET in place of the linear classifier."""
    at = _linear_at(pipeline)
    return [*pipeline[:at], LEXICAL, dict(DIET), *pipeline[at + 1 :]]


def diet_blend(pipeline: Pipeline) -> Pipeline:
    """DIET before the linear classifier, averaged 40:60."""
    at = _linear_at(pipeline)
    pipeline[at]["diet_weight"] = 0.4
    return [*pipeline[:at], LEXICAL, {**DIET, "ranking_length": 0}, *pipeline[at:]]


def unchanged(pipeline: Pipeline) -> Pipeline:
    return pipeline


# key -> (description, change to config.yml, environment for de_referral_nlp)
CANDIDATES: dict[str, tuple[str, Callable[[Pipeline], Pipeline], dict[str, str]]] = {
    "config": ("config.yml", unchanged, {}),
    "whitespace": ("config.yml with whitespace tokens, no lemmas", whitespace_tokens, {}),
    "spacy-lookup": (
        "config.yml with spaCy lookup lemmas",
        unchanged,
        {"DE_REFERRAL_NLP_LEMMAS": "base"},
    ),
    "no-char": ("config.yml without char n-grams", no_char_ngrams, {}),
    "diet-only": ("config.yml with DIET instead of the linear classifier", diet_only, {}),
    "diet-blend": ("config.yml with DIET and the linear classifier averaged", diet_blend, {}),
}


def write_config(key: str) -> Path:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    _, change, _ = CANDIDATES[key]
    # Fallback turns low-confidence answers into a miss; CV compares the classifiers.
    pipeline = [c for c in copy.deepcopy(config["pipeline"]) if not is_fallback(c["name"])]
    config["pipeline"] = change(pipeline)
    path = OUT / key / "config.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def run(key: str, folds: int, nlu: Path) -> dict[str, Any]:
    description, _, env = CANDIDATES[key]
    config = write_config(key)
    started = time.perf_counter()
    subprocess.run(
        [
            str(Path(sys.executable).parent / "rasa"),
            "test",
            "nlu",
            "--nlu",
            str(nlu),
            "--config",
            str(config),
            "--cross-validation",
            "--folds",
            str(folds),
            "--out",
            str(config.parent),
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    report = json.loads((config.parent / "intent_report.json").read_text())
    per_intent = {
        name: scores["f1-score"]
        for name, scores in report.items()
        if isinstance(scores, dict) and name not in ("macro avg", "weighted avg", "micro avg")
    }
    worst = min(per_intent.items(), key=lambda item: item[1])
    return {
        "key": key,
        "description": description,
        "macro_f1": report["macro avg"]["f1-score"],
        "accuracy": report.get("accuracy", 0.0),
        "worst": worst,
        "minutes": (time.perf_counter() - started) / 60,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--nlu", type=Path, default=ROOT / "data" / "nlu")
    parser.add_argument("candidates", nargs="*", default=list(CANDIDATES))
    args = parser.parse_args()
    lines = [
        f"| pipeline | macro F1 ({args.folds}-fold CV) | accuracy | weakest intent | minutes |",
        "|---|---|---|---|---|",
    ]
    for key in args.candidates:
        row = run(key, args.folds, args.nlu)
        lines.append(
            f"| {row['description']} | {row['macro_f1']:.4f} | {row['accuracy']:.4f} | "
            f"{row['worst'][0]} {row['worst'][1]:.3f} | {row['minutes']:.1f} |"
        )
        print(lines[-1], flush=True)
    target = ROOT / "reports" / "pipeline_comparison.md"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(target.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
