"""bot/lock_store.py: with Redis unreachable, Rasa's conversation locks keep
working in memory (the production profile's Redis outage; the recovery is
tested on the profile in tests/prod/test_when_parts_fail.py)."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.lock_store import FallbackRedisLockStore
from tools.servers import free_port


def unreachable_store() -> FallbackRedisLockStore:
    # A free port: nothing listens, every Redis call fails at once.
    return FallbackRedisLockStore(host="127.0.0.1", port=free_port(), socket_timeout=0.5)


def test_without_redis_messages_of_one_conversation_still_take_turns(
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = unreachable_store()
    order: list[str] = []

    async def handle(name: str) -> None:
        async with store.lock("kundin-1", wait_time_in_seconds=0.05):
            order.append(f"{name} start")
            await asyncio.sleep(0.2)
            order.append(f"{name} end")

    async def both() -> None:
        await asyncio.gather(handle("first"), handle("second"))

    with caplog.at_level(logging.ERROR, logger="bot.lock_store"):
        asyncio.run(both())
    assert order == ["first start", "first end", "second start", "second end"]
    assert store.get_lock("kundin-1") is None
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "Redis unreachable" in errors[0].getMessage()
