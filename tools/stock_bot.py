"""The stock ``rasa init`` bot, the framework floor of the benchmark.

``rasa init --no-prompt`` with the venv's Rasa writes Rasa's example project
(English moodbot: DIET, TED, in-memory tracker store, no action server) and
trains it. Both take minutes, so the project is kept in ``.cache/stock-bot/``
(gitignored) and reused while its model is there.

The server is started as ``rasa run`` with the example's REST channel on a
free loopback port; it needs nothing else (its ``endpoints.yml`` names no
action server, tracker store or lock store).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tools.servers import BIN, ROOT, _start, _stop, free_port, wait_until_up

CACHE = ROOT / ".cache" / "stock-bot"
# Messages of the example's own intents (greet, mood, affirm, deny, bot
# challenge, goodbye): the stock bot's "plain replies".
MESSAGES = (
    "hello there",
    "I am feeling very good",
    "I am sad",
    "yes",
    "no",
    "are you a bot?",
    "good evening",
    "goodbye",
)
_QUIET = {"RASA_TELEMETRY_ENABLED": "false", "PYTHONUNBUFFERED": "1"}


def stock_model() -> Path:
    """The stock bot's trained model; created (``rasa init``) when missing."""
    models = sorted((CACHE / "models").glob("*.tar.gz"))
    if models:
        return models[-1]
    CACHE.parent.mkdir(exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix="stock-bot-", dir=CACHE.parent))
    print("creating and training the stock rasa init bot ...", flush=True)
    result = subprocess.run(
        [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(build)],
        cwd=build,
        env={**os.environ, **_QUIET},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"rasa init failed:\n{(result.stdout + result.stderr)[-3000:]}")
    shutil.rmtree(CACHE, ignore_errors=True)
    build.rename(CACHE)
    return sorted((CACHE / "models").glob("*.tar.gz"))[-1]


@contextmanager
def running_stock_bot(workdir: Path) -> Iterator[tuple[str, int]]:
    """Serve the stock bot on a free loopback port; yield its URL and pid."""
    model = stock_model()
    port = free_port()
    log = workdir / "stock-rasa.log"
    process = _start(
        [
            sys.executable,
            "-m",
            "rasa",
            "run",
            "--interface",
            "127.0.0.1",
            "--port",
            str(port),
            "--model",
            str(model),
            "--credentials",
            str(CACHE / "credentials.yml"),
            "--endpoints",
            str(CACHE / "endpoints.yml"),
        ],
        log,
        _QUIET,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process, log)
        yield url, process.pid
    finally:
        _stop([process])
