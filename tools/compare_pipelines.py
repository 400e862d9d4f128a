"""Compare NLU pipelines with Rasa's cross-validation (`rasa test nlu --cross-validation`).

Writes reports/pipeline_comparison.md; the numbers that chose config.yml are
copied into docs/nlu-pipeline.md. Takes about ten minutes per candidate on two
cores.

    python -m tools.compare_pipelines [--folds 3] [CANDIDATE ...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIPELINES = ROOT / "tools" / "pipelines"
# name -> (config file, environment for the spaCy package)
CANDIDATES: dict[str, tuple[str, dict[str, str]]] = {
    "A whitespace, no lemmas": ("a_whitespace.yml", {}),
    "B spaCy lookup lemmas": ("bc_spacy.yml", {"DE_REFERRAL_NLP_LEMMAS": "base"}),
    "C spaCy + simplemma lemmas": ("bc_spacy.yml", {"DE_REFERRAL_NLP_LEMMAS": "simplemma"}),
    "D like C, no char n-grams": ("d_no_char_ngrams.yml", {"DE_REFERRAL_NLP_LEMMAS": "simplemma"}),
}


def run(name: str, folds: int) -> dict:
    config, env = CANDIDATES[name]
    out = ROOT / "reports" / "cv" / config.removesuffix(".yml") / (env.get("DE_REFERRAL_NLP_LEMMAS") or "none")
    started = time.perf_counter()
    subprocess.run(
        [
            str(Path(sys.executable).parent / "rasa"), "test", "nlu", "--nlu", "data/nlu",
            "--config", str(PIPELINES / config), "--cross-validation", "--folds", str(folds),
            "--out", str(out),
        ],  # fmt: skip
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    report = json.loads((out / "intent_report.json").read_text())
    return {
        "name": name,
        "macro_f1": report["macro avg"]["f1-score"],
        "weighted_f1": report["weighted avg"]["f1-score"],
        "worst": min(
            ((k, v["f1-score"]) for k, v in report.items() if isinstance(v, dict) and "support" in v and k not in ("macro avg", "weighted avg", "micro avg")),
            key=lambda item: item[1],
        ),
        "minutes": (time.perf_counter() - started) / 60,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("candidates", nargs="*", default=list(CANDIDATES))
    args = parser.parse_args()
    rows = []
    for name in args.candidates:
        row = run(name, args.folds)
        rows.append(row)
        print(f"{name}: macro F1 {row['macro_f1']:.4f}, worst {row['worst']}, {row['minutes']:.1f} min", flush=True)
    lines = [
        f"| pipeline | macro F1 ({args.folds}-fold CV) | weighted F1 | weakest intent | minutes |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['name']} | {r['macro_f1']:.4f} | {r['weighted_f1']:.4f} | "
        f"{r['worst'][0]} {r['worst'][1]:.3f} | {r['minutes']:.1f} |"
        for r in rows
    ]
    target = ROOT / "reports" / "pipeline_comparison.md"
    target.parent.mkdir(exist_ok=True)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(target.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
