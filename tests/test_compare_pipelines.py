"""The pipeline candidates are config.yml with exactly the change they name."""

from __future__ import annotations

import yaml

from nlu_components.family_fallback import is_fallback
from tools import compare_pipelines


def names(key: str, tmp_path, monkeypatch) -> list[str]:
    monkeypatch.setattr(compare_pipelines, "OUT", tmp_path)
    config = yaml.safe_load(compare_pipelines.write_config(key).read_text(encoding="utf-8"))
    return [c["name"] for c in config["pipeline"]]


def test_the_config_candidate_is_config_yml_without_fallback(tmp_path, monkeypatch):
    shipped = yaml.safe_load((compare_pipelines.ROOT / "config.yml").read_text(encoding="utf-8"))
    expected = [c["name"] for c in shipped["pipeline"] if not is_fallback(c["name"])]
    assert names("config", tmp_path, monkeypatch) == expected


def test_diet_only_replaces_the_linear_classifier(tmp_path, monkeypatch):
    pipeline = names("diet-only", tmp_path, monkeypatch)
    assert compare_pipelines.LINEAR not in pipeline
    assert pipeline.index("LexicalSyntacticFeaturizer") + 1 == pipeline.index("DIETClassifier")


def test_diet_blend_passes_every_confidence_on(tmp_path, monkeypatch):
    monkeypatch.setattr(compare_pipelines, "OUT", tmp_path)
    path = compare_pipelines.write_config("diet-blend")
    pipeline = yaml.safe_load(path.read_text(encoding="utf-8"))["pipeline"]
    order = [c["name"] for c in pipeline]
    assert order.index("DIETClassifier") + 1 == order.index(compare_pipelines.LINEAR)
    diet = pipeline[order.index("DIETClassifier")]
    linear = pipeline[order.index(compare_pipelines.LINEAR)]
    assert diet["ranking_length"] == 0
    assert linear["diet_weight"] == 0.4
