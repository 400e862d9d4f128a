"""One real action server and one real Rasa server for the whole test run.

Starting Rasa costs about a minute here (TensorFlow import, model load), so
the servers are session-scoped and shared by every test under tests/server/.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tools.nlu_eval import latest_model
from tools.servers import Bot, running_bot


@pytest.fixture(scope="session")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    with running_bot(latest_model(), tmp_path_factory.mktemp("servers")) as running:
        yield running
