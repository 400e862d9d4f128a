"""The text blocks of assembled answers (knowledge/phrases.yml) and the code
that fills them agree: every block the code names exists, gets exactly the
placeholders it needs, and no block lies unused."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.knowledge.phrases import fields, load, phrase
from bot.models import RejectionReason, RewardKind

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    *ROOT.glob("bot/**/*.py"),
    *ROOT.glob("actions/*.py"),
    *ROOT.glob("channels/*.py"),
    *ROOT.glob("web/*.py"),
]

# Keys built at run time from an enum: prefix and the values it is built with.
DYNAMIC_KEYS = {
    "status.delivery_": [kind.value for kind in RewardKind],
    "rejection.": [reason.value for reason in RejectionReason] + ["other"],
    "rejection_why.": [reason.value for reason in RejectionReason] + ["other"],
}


def phrase_calls() -> list[tuple[Path, ast.Call]]:
    calls = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "phrase"
            ):
                calls.append((path, node))
    return calls


def literal_keys() -> set[str]:
    """Keys written as text, also in ``"a" if x else "b"`` and ``key = ...`` forms."""
    keys = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and str(node.value) in load():
                keys.add(node.value)
    return keys


def test_every_block_named_in_code_exists_and_no_block_is_unused() -> None:
    for path, call in phrase_calls():
        if not call.args or isinstance(call.args[0], ast.JoinedStr):
            continue  # f"prefix_{value}": DYNAMIC_KEYS
        for node in ast.walk(call.args[0]):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert node.value in load(), f"{path.name}:{call.lineno} {node.value}"
    named = literal_keys() | {
        prefix + value for prefix, values in DYNAMIC_KEYS.items() for value in values
    }
    assert named - load().keys() == set(), "blocks named in code but missing in phrases.yml"
    assert load().keys() - named == set(), "blocks in phrases.yml that no code uses"


def test_each_call_passes_exactly_the_placeholders_of_its_block() -> None:
    checked = 0
    for path, call in phrase_calls():
        if not call.args or not isinstance(call.args[0], ast.Constant):
            continue
        if any(keyword.arg is None for keyword in call.keywords):
            continue  # **values: checked by the rendering tests of that module
        key = call.args[0].value
        # ``female`` picks the friend's forms ({er|sie}); it fills no placeholder.
        given = {keyword.arg for keyword in call.keywords} - {"female"}
        assert given == fields(key), f"{path.name}:{call.lineno} {key}"
        checked += 1
    assert checked >= 20


def test_a_missing_placeholder_raises_instead_of_printing_half_a_sentence() -> None:
    with pytest.raises(KeyError):
        phrase("status.expired", friend="Lea M.")
    with pytest.raises(KeyError):
        phrase("status.no_such_block")


def test_blocks_are_formal_german_without_leftover_markup() -> None:
    for key, text in load().items():
        assert "  " not in text.replace("\n\n", ""), key
        for informal in (" du ", " dich ", " dein", " dir "):
            assert informal not in f" {text.lower()} ", key
