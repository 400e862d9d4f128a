"""The production profile (``scripts/prod.sh``) as a benchmark target.

``scripts/prod.sh start`` returns once every part answers; the front (nginx)
is at ``scripts/prod.sh url``, the REST channel's token in
``.prod/secrets/rest-token``, and each part's pid in ``.prod/run/<part>.pid``
(``rasa-1``, ``actions-1``, …). Whatever was not running before is stopped
again afterwards.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tools.load import Target
from tools.servers import ROOT

SCRIPT = ROOT / "scripts" / "prod.sh"
PROD = ROOT / ".prod"
# The parts whose memory the benchmark reports.
MEASURED_PARTS = ("rasa", "actions", "nginx", "redis", "web")


def _prod(command: str) -> str:
    return subprocess.run(
        [str(SCRIPT), command], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()


def prod_pids(run: Path = PROD / "run") -> dict[str, int]:
    """The pids of the production profile's Python servers, nginx and Redis."""
    pids = {}
    for pid_file in sorted(run.glob("*.pid")):
        if pid_file.stem.startswith(MEASURED_PARTS):
            text = pid_file.read_text().strip()
            if text.isdigit():
                pids[pid_file.stem] = int(text)
    return pids


@contextmanager
def running_prod() -> Iterator[Target]:
    """The production profile, started when it is not running; a target at its front."""
    if not SCRIPT.exists():
        raise SystemExit("scripts/prod.sh is missing: no production profile to measure")
    was_running = subprocess.run([str(SCRIPT), "status"], cwd=ROOT, capture_output=True).returncode
    started = was_running != 0
    if started:
        print("starting the production profile (scripts/prod.sh start) ...", flush=True)
        _prod("start")
    try:
        token = (PROD / "secrets" / "rest-token").read_text().strip()
        yield Target("prod", _prod("url"), token, prod_pids())
    finally:
        if started:
            _prod("stop")
