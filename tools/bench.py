"""Benchmarks: training time, NLU quality and latency, REST round trips, memory.

Prints the figures and writes them to reports/bench.json. Every number comes
from the real parts: `rasa train`, the trained model, a real Rasa server and
action server on loopback.

    python -m tools.bench [--skip-train] [--requests 200] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from tools.nlu_eval import HELDOUT_DIR, evaluate, latest_model, load_rasa_examples
from tools.servers import BIN, ROOT, Bot, rss_mib, running_bot

REPORT = ROOT / "reports" / "bench.json"


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)

    def pick(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)

    return {
        "n": len(ordered),
        "p50_ms": pick(0.50),
        "p95_ms": pick(0.95),
        "p99_ms": pick(0.99),
        "max_ms": round(ordered[-1], 1),
        "mean_ms": round(statistics.fmean(ordered), 1),
    }


def time_training() -> dict[str, Any]:
    """A full `rasa train --force` into a throwaway folder, with peak memory."""
    out = Path(tempfile.mkdtemp(prefix="bench-train-"))
    started = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%M", str(BIN / "rasa"), "train", "--force", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    peak_kib = int(result.stderr.strip().splitlines()[-1])
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "peak_rss_mib": round(peak_kib / 1024),
    }


def round_trips(bot: Bot, messages: list[str], count: int) -> list[float]:
    latencies = []
    for i in range(count):
        started = time.perf_counter()
        bot.say(f"bench-{uuid.uuid4().hex[:8]}", messages[i % len(messages)])
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def throughput(bot: Bot, messages: list[str], count: int, concurrency: int) -> dict[str, Any]:
    """Messages per second with ``concurrency`` customers chatting at once."""

    def conversation(worker: int) -> list[float]:
        client = Bot(bot.url, bot.token, bot.action_url)
        sender = f"bench-load-{worker}-{uuid.uuid4().hex[:6]}"
        latencies = []
        for i in range(worker, count, concurrency):
            started = time.perf_counter()
            client.say(sender, messages[i % len(messages)])
            latencies.append((time.perf_counter() - started) * 1000)
        return latencies

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        latencies = [ms for chunk in pool.map(conversation, range(concurrency)) for ms in chunk]
    elapsed = time.perf_counter() - started
    return {
        "concurrency": concurrency,
        "messages": count,
        "messages_per_s": round(count / elapsed, 1),
        "latency": percentiles(latencies),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-train", action="store_true", help="do not time a training run")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()

    figures: dict[str, Any] = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine_cores": 2}
    if not args.skip_train:
        print("timing rasa train --force ...", flush=True)
        figures["training"] = time_training()

    model = latest_model()
    figures["model"] = model.name
    evaluation = evaluate(model)
    heldout, public = evaluation.heldout, evaluation.public
    figures["nlu"] = {
        "dev_macro_f1": evaluation.dev.macro_f1,
        "heldout_macro_f1": heldout.macro_f1,
        "heldout_accuracy": heldout.accuracy,
        "heldout_fallback_rate": heldout.fallback_rate,
        "public_eval_macro_f1": public.macro_f1 if public else None,
        "public_eval_accuracy": public.accuracy if public else None,
        "parse_latency": percentiles(evaluation.parser.latencies_ms),
    }

    messages = [example.text for example in load_rasa_examples(HELDOUT_DIR)]
    with running_bot(model) as bot:
        figures["memory_mib"] = {name: round(rss_mib(pid)) for name, pid in bot.pids.items()}
        round_trips(bot, messages, 10)  # warm-up
        figures["rest_sequential"] = percentiles(round_trips(bot, messages, args.requests))
        figures["rest_concurrent"] = throughput(bot, messages, args.requests, args.concurrency)
        figures["memory_mib_after_load"] = {
            name: round(rss_mib(pid)) for name, pid in bot.pids.items()
        }

    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    print(f"written to {REPORT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
