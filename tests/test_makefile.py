"""The Makefile: `make help` lists every target a person can type."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def declared_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", text, flags=re.MULTILINE))


def test_make_help_lists_every_target_with_a_description() -> None:
    shown = subprocess.run(
        ["make", "--no-print-directory", "help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    listed = dict(re.findall(r"^  make (\S+)\s+(.+)$", shown, flags=re.MULTILINE))
    targets = declared_targets()
    assert len(targets) > 20
    assert targets - listed.keys() == set(), "targets without a ## description in the Makefile"
    assert all(description.strip() for description in listed.values())
