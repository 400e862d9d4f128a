"""Write the knowledge base's questions as Rasa NLU training data.

``data/nlu/knowledge.yml`` is generated from ``knowledge/entries/*.yml``: the
questions of each entry become examples of the entry's intent, with program
names and reward kinds annotated the way ``data/nlu/entities.yml`` defines
them. ``make kb`` (and ``make train``) regenerate it; ``--check`` fails when
the committed file is out of date.

    python -m bot.knowledge.nlu_export [--check]
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from bot.knowledge.entries import KnowledgeBase, load

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "data" / "nlu" / "knowledge.yml"
ENTITIES = ROOT / "data" / "nlu" / "entities.yml"
ANNOTATED = ("program", "reward_type")
HEADER = (
    "# GENERATED from knowledge/entries/*.yml by `make kb`: do not edit.\n"
    "# The questions of the knowledge base as examples of their intents.\n"
)


def surface_forms() -> dict[str, str]:
    """Surface form -> entity, for the entities annotated automatically."""
    nlu = yaml.safe_load(ENTITIES.read_text(encoding="utf-8"))["nlu"]
    forms: dict[str, str] = {}
    for block in nlu:
        if block.get("lookup") in ANNOTATED:
            for line in block["examples"].splitlines():
                form = line.strip().removeprefix("- ").strip()
                if form:
                    forms[form.casefold()] = block["lookup"]
    return forms


def annotate(text: str, forms: dict[str, str]) -> str:
    """``"Gibt es bei Sonnenstrom Geld?"`` -> ``"… [Sonnenstrom](program) [Geld](reward_type)?"``"""
    if not forms:
        return text
    alternatives = sorted(forms, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w\[-])(" + "|".join(re.escape(form) for form in alternatives) + r")(?![\w\]-])",
        re.IGNORECASE,
    )
    return pattern.sub(lambda m: f"[{m.group(1)}]({forms[m.group(1).casefold()]})", text)


def render(base: KnowledgeBase) -> str:
    forms = surface_forms()
    by_intent: dict[str, list[str]] = defaultdict(list)
    for entry in base.entries:
        by_intent[entry.intent] += [annotate(question, forms) for question in entry.questions]
    lines = [HEADER, 'version: "3.1"', "nlu:"]
    for intent in sorted(by_intent):
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {example}" for example in by_intent[intent]]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    content = render(load())
    if argv == ["--check"]:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != content:
            print(f"{TARGET.relative_to(ROOT)} is out of date: run `make kb`", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(content, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
