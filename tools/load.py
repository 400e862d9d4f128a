"""Load generator of the benchmark: customers chatting over the REST channel.

A *target* is a base URL plus the REST channel's token: the stock bot, this
bot's embedded profile (one Rasa server, one action server) or the
production profile's front (nginx). A *workload* is one conversation as a
list of turns; ``run_load`` keeps ``concurrency`` customers chatting at once,
each starting a new conversation (a new sender id) when one ends, until the
message budget is spent.

One asyncio loop with aiohttp sends every request, so 50 customers cost the
generator little CPU on a 2-core machine; ``run_load`` reports that cost
(``generator_cpu``: CPU seconds of this process per wall second) so a
result limited by the generator shows.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from tools.stats import percentiles


@dataclass(frozen=True)
class Turn:
    """One customer message; ``expect``: text one of the replies must contain."""

    text: str
    metadata: dict[str, Any] | None = None
    expect: str | None = None


@dataclass(frozen=True)
class Target:
    """A bot to load: where its REST channel is, its token, its processes."""

    name: str
    url: str
    rest_token: str | None = None
    pids: dict[str, int] = field(default_factory=dict)


class UnexpectedReply(RuntimeError):
    """A reply that is not the answer the workload expects."""


async def say(
    http: aiohttp.ClientSession, target: Target, sender: str, turn: Turn
) -> list[dict[str, Any]]:
    """One REST round trip; the bot's replies."""
    body: dict[str, Any] = {"sender": sender, "message": turn.text}
    if turn.metadata is not None:
        body["metadata"] = turn.metadata
    headers = {"Authorization": f"Bearer {target.rest_token}"} if target.rest_token else {}
    async with http.post(
        f"{target.url}/webhooks/rest/webhook", json=body, headers=headers
    ) as response:
        if response.status != 200:
            raise UnexpectedReply(f"{target.name}: HTTP {response.status} {await response.text()}")
        replies = await response.json()
    if turn.expect and not any(turn.expect in (reply.get("text") or "") for reply in replies):
        raise UnexpectedReply(f"{target.name}: {turn.text!r} -> {replies!r}")
    return replies


def _client() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0),
        timeout=aiohttp.ClientTimeout(total=120),
    )


async def _load(
    target: Target, conversation: Sequence[Turn], concurrency: int, messages: int
) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    budget = messages

    async def customer(http: aiohttp.ClientSession) -> None:
        nonlocal budget
        while budget > 0:
            budget -= len(conversation)
            sender = f"bench-{uuid.uuid4().hex[:12]}"
            for turn in conversation:
                started = time.perf_counter()
                try:
                    await say(http, target, sender, turn)
                except (UnexpectedReply, aiohttp.ClientError, TimeoutError) as error:
                    errors.append(str(error)[:300])
                    break
                latencies.append((time.perf_counter() - started) * 1000)

    async with _client() as http:
        cpu, wall = time.process_time(), time.perf_counter()
        await asyncio.gather(*(customer(http) for _ in range(concurrency)))
        elapsed, cpu_used = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "concurrency": concurrency,
        "messages": len(latencies),
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
        "seconds": round(elapsed, 1),
        "messages_per_s": round(len(latencies) / elapsed, 1),
        "latency": percentiles(latencies) if latencies else None,
        "generator_cpu": round(cpu_used / elapsed, 2),
    }


def run_load(
    target: Target, conversation: Sequence[Turn], concurrency: int, messages: int
) -> dict[str, Any]:
    """``concurrency`` customers run ``conversation`` over and over until
    about ``messages`` messages are sent: msg/s, latency per message, errors."""
    return asyncio.run(_load(target, conversation, concurrency, messages))


async def _growth(
    target: Target, conversation: Sequence[Turn], turns: Sequence[int], repeats: int
) -> dict[str, Any]:
    samples: dict[int, list[float]] = {turn: [] for turn in turns}
    async with _client() as http:
        for _ in range(repeats):
            sender = f"bench-long-{uuid.uuid4().hex[:12]}"
            for number in range(1, max(turns) + 1):
                turn = conversation[(number - 1) % len(conversation)]
                started = time.perf_counter()
                await say(http, target, sender, turn)
                if number in samples:
                    samples[number].append((time.perf_counter() - started) * 1000)
    return {f"turn_{turn}": percentiles(values) for turn, values in samples.items()}


def latency_growth(
    target: Target, conversation: Sequence[Turn], turns: Sequence[int] = (5, 40), repeats: int = 5
) -> dict[str, Any]:
    """Latency at the given turns of one long conversation (one customer at
    a time, ``repeats`` conversations): the cost of a longer tracker."""
    figures = asyncio.run(_growth(target, conversation, turns, repeats))
    first, last = (figures[f"turn_{turn}"]["p50_ms"] for turn in (min(turns), max(turns)))
    figures["p50_ratio_last_to_first"] = round(last / first, 2) if first else None
    return figures
