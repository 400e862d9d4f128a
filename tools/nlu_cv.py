"""Cross-validate NLU pipeline candidates in this process, in minutes.

``tools.compare_pipelines`` runs ``rasa test nlu --cross-validation``, which
takes 4 to 20 minutes per candidate. For the linear intent classifier most of
that is overhead: this tool builds the pipeline's own Rasa components (the
same classes and settings ``rasa train`` uses) fold by fold in one process,
trains them on k-1 folds of ``data/nlu``, parses the remaining fold and keeps
every full intent ranking. From those it reports, per candidate:

* macro F1 and accuracy of the best guess (without fallback), as in
  ``tools.compare_pipelines``, and the weakest intent;
* the same on a *noisy* copy of each held-back message (a typing slip plus
  one of: umlauts written out or without dots, lowercase, all caps, no
  punctuation; from ``nlu_components.linear_intents.VARIANTS``, with its own seed). It
  uses the same kinds of noise as the ``TrainingVariants`` augmentation, so
  it flatters that candidate: read it as a check, not as a verdict;
* the fallback thresholds that ``tools.tune_fallback``'s rule picks from
  these rankings, with their wrong-answer and needless-clarification rates;
* seconds per fold (training and parsing).

Every candidate is ``config.yml`` with one change (``CANDIDATES``).
``--write-config DIR`` writes a candidate's full configuration for
``rasa train --config``, with the thresholds its cross-validation chose.

    python -m tools.nlu_cv [--folds 3] [--nlu data/nlu] [--write-config DIR] CANDIDATE ...
"""

from __future__ import annotations

import argparse
import copy
import inspect
import json
import logging
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from nlu_components.family_fallback import family_decision, is_fallback
from tools.tune_fallback import Prediction, choose, sweep

ROOT = Path(__file__).resolve().parent.parent
Pipeline = list[dict[str, Any]]
LINEAR = "nlu_components.linear_intents.LinearIntentClassifier"
FOLD = {"name": "nlu_components.linear_intents.FoldedLemmas"}


def _index(pipeline: Pipeline, name: str) -> int:
    return next(i for i, c in enumerate(pipeline) if c["name"] == name)


def char_ngrams(low: int, high: int, min_df: int = 2) -> Callable[[Pipeline], Pipeline]:
    def change(pipeline: Pipeline) -> Pipeline:
        chars = next(c for c in pipeline if c.get("analyzer") == "char_wb")
        chars.update(min_ngram=low, max_ngram=high, min_df=min_df)
        return pipeline

    return change


def word_bigrams(pipeline: Pipeline) -> Pipeline:
    words = next(
        c
        for c in pipeline
        if c["name"] == "CountVectorsFeaturizer" and c.get("analyzer", "word") == "word"
    )
    words["max_ngram"] = 2
    return pipeline


def folded(pipeline: Pipeline) -> Pipeline:
    """Lemmas folded (lowercase, umlauts written out) before the featurizers."""
    at = _index(pipeline, "SpacyTokenizer") + 1
    return [*pipeline[:at], dict(FOLD), *pipeline[at:]]


AUGMENT = ["spelled_out_umlauts", "dots_dropped", "no_punctuation", "typo"]


def augmented(variants: list[str]) -> Callable[[Pipeline], Pipeline]:
    def change(pipeline: Pipeline) -> Pipeline:
        augmenter = {
            "name": "nlu_components.linear_intents.TrainingVariants",
            "variants": list(variants),
        }
        return [augmenter, *pipeline]

    return change


def linear(**settings: Any) -> Callable[[Pipeline], Pipeline]:
    def change(pipeline: Pipeline) -> Pipeline:
        pipeline[_index(pipeline, LINEAR)].update(settings)
        return pipeline

    return change


def both(*changes: Callable[[Pipeline], Pipeline]) -> Callable[[Pipeline], Pipeline]:
    def change(pipeline: Pipeline) -> Pipeline:
        for one in changes:
            pipeline = one(pipeline)
        return pipeline

    return change


def unchanged(pipeline: Pipeline) -> Pipeline:
    return pipeline


CANDIDATES: dict[str, tuple[str, Callable[[Pipeline], Pipeline]]] = {
    "config": ("config.yml", unchanged),
    "char-2-5": ("char n-grams 2-5 (min_df 2)", char_ngrams(2, 5)),
    "char-1-5": ("char n-grams 1-5 (min_df 2)", char_ngrams(1, 5)),
    "char-3-5": ("char n-grams 3-5 (min_df 2)", char_ngrams(3, 5)),
    "char-2-4-df1": ("char n-grams 2-4, min_df 1", char_ngrams(2, 4, 1)),
    "word-bigrams": ("word bigrams", word_bigrams),
    "fold": ("folded lemmas (lowercase, umlauts written out)", folded),
    "augment": (f"training variants: {', '.join(AUGMENT)}", augmented(AUGMENT)),
    "augment-typo": ("training variants: typo only", augmented(["typo"])),
    "augment-caps": (
        "training variants: all caps, lowercase",
        augmented(["all_caps", "lowercase"]),
    ),
    "fold+augment": (
        "folded lemmas + training variants (dots dropped, no punctuation, typo)",
        both(folded, augmented(["dots_dropped", "no_punctuation", "typo"])),
    ),
    "augment+bigrams": (
        "training variants + word bigrams",
        both(augmented(AUGMENT), word_bigrams),
    ),
    "C10": ("C = 10", linear(C=10.0)),
    "C100": ("C = 100", linear(C=100.0)),
    "unbalanced": ("class_weight None", linear(class_weight=None)),
}


def candidate_config(key: str) -> dict[str, Any]:
    """config.yml with the candidate's change."""
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    _, change = CANDIDATES[key]
    config["pipeline"] = change(copy.deepcopy(config["pipeline"]))
    return config


@dataclass
class Ranked:
    gold: str
    ranking: list[tuple[str, float]]

    def prediction(self) -> Prediction:
        if not self.ranking:
            return Prediction(self.gold, "", 0.0, 0.0)
        ranking = [{"name": name, "confidence": value} for name, value in self.ranking]
        return Prediction(self.gold, *family_decision(ranking))


class Components:
    """The NLU components of a pipeline, trained in this process."""

    def __init__(self, pipeline: Pipeline, workdir: Path) -> None:
        from rasa.engine.graph import ExecutionContext, GraphSchema
        from rasa.engine.recipes.default_recipe import DefaultV1Recipe
        from rasa.engine.storage.local_model_storage import LocalModelStorage
        from rasa.engine.storage.resource import Resource
        from rasa.utils.common import override_defaults

        types = DefaultV1Recipe.ComponentType
        storage = LocalModelStorage(workdir)
        self.steps: list[tuple[Any, Any]] = []  # (component, registered)
        self.model = None
        for index, settings in enumerate(pipeline):
            settings = dict(settings)
            name = settings.pop("name")
            if is_fallback(name):
                continue  # thresholds are applied to the rankings afterwards
            registered = DefaultV1Recipe._from_registry(name)
            cls = registered.clazz
            config = override_defaults(cls.get_default_config(), settings)
            node = f"{name}{index}"
            component = cls.create(
                config, storage, Resource(node), ExecutionContext(GraphSchema({}), node_name=node)
            )
            if types.MODEL_LOADER in registered.types:
                self.model = component.provide()
            self.steps.append((component, registered))
        self.types = types

    def _call(self, method: Callable, data: Any) -> Any:
        if "model" in inspect.signature(method).parameters:
            return method(data, model=self.model)
        return method(data)

    def train(self, training_data: Any) -> None:
        """As the train graph of the default recipe: tokenizers and featurizers
        train, then pass the data on processed; classifiers train."""
        processes = {self.types.MESSAGE_TOKENIZER, self.types.MESSAGE_FEATURIZER}
        for component, registered in self.steps:
            if registered.is_trainable:
                self._call(component.train, training_data)
            if registered.types & processes:
                training_data = self._call(component.process_training_data, training_data)

    def parse(self, texts: list[str]) -> list[list[tuple[str, float]]]:
        from rasa.shared.nlu.training_data.message import Message

        messages = [Message.build(text=text) for text in texts]
        for component, _ in self.steps:
            messages = self._call(component.process, messages)
        return [
            [(item["name"], item["confidence"]) for item in m.get("intent_ranking") or []]
            for m in messages
        ]


def noisy(text: str, seed: int = 7) -> str:
    """A typing slip plus one other way of writing the text."""
    from nlu_components.linear_intents import VARIANTS, typo

    rng = random.Random(f"noise{seed}:{text}")
    other = rng.choice(sorted(set(VARIANTS) - {"typo"}))
    return VARIANTS[other](typo(text, rng), rng)


def load_examples(nlu: Path) -> tuple[list[Any], Any]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(nlu))
    return [m for m in data.intent_examples if m.get("text") and m.get("intent")], data


def cross_validate(key: str, nlu: Path, folds: int, seed: int = 42) -> dict[str, Any]:
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData
    from sklearn.model_selection import StratifiedKFold

    examples, data = load_examples(nlu)
    gold = [m.get("intent") for m in examples]
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    pipeline = candidate_config(key)["pipeline"]
    clean: list[Ranked] = []
    noise: list[Ranked] = []
    seconds = []
    for train_index, test_index in splitter.split(examples, gold):
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="nlu-cv-") as workdir:
            components = Components(pipeline, Path(workdir))
            train = TrainingData(
                # Fresh messages: processing adds tokens and features to them.
                training_examples=[Message(data=dict(examples[i].data)) for i in train_index],
                entity_synonyms=data.entity_synonyms,
                regex_features=data.regex_features,
                lookup_tables=data.lookup_tables,
            )
            components.train(train)
            texts = [examples[i].get("text") for i in test_index]
            golds = [gold[i] for i in test_index]
            for target, batch in ((clean, texts), (noise, [noisy(t) for t in texts])):
                target += [
                    Ranked(g, r) for g, r in zip(golds, components.parse(batch), strict=True)
                ]
        seconds.append(time.perf_counter() - started)
    return summarise(key, clean, noise, seconds)


def scores(ranked: list[Ranked]) -> tuple[float, float, tuple[str, float]]:
    from sklearn.metrics import f1_score

    gold = [r.gold for r in ranked]
    best = [r.ranking[0][0] if r.ranking else "" for r in ranked]
    labels = sorted(set(gold))
    per_intent = f1_score(gold, best, labels=labels, average=None, zero_division=0)
    worst = min(zip(labels, per_intent, strict=True), key=lambda item: item[1])
    accuracy = sum(g == b for g, b in zip(gold, best, strict=True)) / len(gold)
    return float(per_intent.mean()), accuracy, (worst[0], float(worst[1]))


def summarise(
    key: str, clean: list[Ranked], noise: list[Ranked], seconds: list[float]
) -> dict[str, Any]:
    macro_f1, accuracy, worst = scores(clean)
    noisy_f1, noisy_accuracy, _ = scores(noise)
    rows = sweep([r.prediction() for r in clean])
    chosen = choose(rows)
    return {
        "key": key,
        "description": CANDIDATES[key][0],
        "examples": len(clean),
        "macro_f1": round(macro_f1, 4),
        "accuracy": round(accuracy, 4),
        "worst": [worst[0], round(worst[1], 3)],
        "noisy_macro_f1": round(noisy_f1, 4),
        "noisy_accuracy": round(noisy_accuracy, 4),
        "threshold": chosen["threshold"],
        "ambiguity_threshold": chosen["ambiguity_threshold"],
        "wrong_answers_pct": chosen["wrong_answers_pct"],
        "needless_clarifications_pct": chosen["needless_clarifications_pct"],
        "seconds_per_fold": round(sum(seconds) / len(seconds), 1),
    }


def write_config(key: str, directory: Path, threshold: float, ambiguity: float) -> Path:
    """The candidate's full configuration, with the given fallback thresholds."""
    config = candidate_config(key)
    fallback = next(c for c in config["pipeline"] if is_fallback(c["name"]))
    fallback.update(threshold=threshold, ambiguity_threshold=ambiguity)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "config.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


HEADER = [
    "| candidate | CV macro F1 | CV accuracy | weakest intent | noisy CV macro F1 | "
    "thresholds | wrong answers % | needless clarifications % | s per fold |",
    "|---|---|---|---|---|---|---|---|---|",
]


def table_row(row: dict[str, Any]) -> str:
    return (
        f"| {row['key']}: {row['description']} | {row['macro_f1']:.4f} | {row['accuracy']:.4f} | "
        f"{row['worst'][0]} {row['worst'][1]:.3f} | {row['noisy_macro_f1']:.4f} | "
        f"{row['threshold']} / {row['ambiguity_threshold']} | {row['wrong_answers_pct']} | "
        f"{row['needless_clarifications_pct']} | {row['seconds_per_fold']} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--nlu", type=Path, default=ROOT / "data" / "nlu")
    parser.add_argument("--json", type=Path, help="append each result as a JSON line here")
    parser.add_argument(
        "--write-config",
        type=Path,
        metavar="DIR",
        help="also write DIR/<candidate>/config.yml with the thresholds chosen here",
    )
    parser.add_argument("candidates", nargs="+", choices=sorted(CANDIDATES))
    args = parser.parse_args()
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    logging.getLogger("rasa").setLevel(logging.WARNING)
    print("\n".join(HEADER), flush=True)
    for key in args.candidates:
        row = cross_validate(key, args.nlu, args.folds)
        print(table_row(row), flush=True)
        if args.json:
            with args.json.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(row) + "\n")
        if args.write_config:
            write_config(key, args.write_config / key, row["threshold"], row["ambiguity_threshold"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
