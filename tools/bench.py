"""Benchmarks: training time, NLU quality and latency, REST round trips,
database lookups at 100,000 referrals, handoff to the agent console and an
agent's reply to the customer's widget, memory.

Prints the figures and writes them to reports/bench.json. Every number comes
from the real parts: `rasa train`, the trained model, a real Rasa server and
action server on loopback.

    python -m tools.bench [--skip-train] [--requests 200] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import requests

from tests.server.chat import WidgetClient
from tools.console_client import login_token, page_csrf
from tools.db_bench import database_figures
from tools.nlu_eval import HELDOUT_DIR, evaluate, latest_model, load_rasa_examples
from tools.servers import BIN, ROOT, Bot, rss_mib, running_bot, running_web_app
from tools.stats import percentiles

REPORT = ROOT / "reports" / "bench.json"


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


def verified_conversations(bot: Bot, count: int) -> list[float]:
    """Wall time of a whole status conversation: question, code, e-mail."""
    latencies = []
    for number in range(count):
        sender = f"bench-status-{number}-{uuid.uuid4().hex[:6]}"
        started = time.perf_counter()
        bot.say(sender, "Wo bleibt meine Prämie?", metadata={"program": "autosicher"})
        bot.say(sender, "ASV-QUA567")
        replies = bot.say(sender, "mehmet.yilmaz@example.de")
        latencies.append((time.perf_counter() - started) * 1000)
        assert "bis spätestens" in replies[0].get("text", ""), replies
    return latencies


def throughput(bot: Bot, messages: list[str], count: int, concurrency: int) -> dict[str, Any]:
    """Messages per second with ``concurrency`` customers chatting at once."""

    def conversation(worker: int) -> list[float]:
        # Same bot and tokens, a connection pool of its own.
        client = replace(bot, session=requests.Session())
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


@contextmanager
def console_agent(bot: Bot, db_url: str) -> Iterator[tuple[str, requests.Session]]:
    """The agent console on ``db_url`` and an agent logged in the way a
    browser does (the session sends the page's CSRF token). The program
    autosicher is opened around the clock, so handoffs queue at any hour."""
    from datetime import time as clock_time

    from sqlalchemy import select

    from bot.agents import create_agent
    from bot.db import session_scope
    from bot.models import Program

    password = uuid.uuid4().hex
    with session_scope(db_url) as session:
        program = session.scalars(select(Program).where(Program.slug == "autosicher")).one()
        program.hours_weekdays = "1234567"
        program.hours_open = program.hours_close = clock_time(0, 0)
        create_agent(session, f"bench-{password[:6]}", "Bench", password)
    with running_web_app(
        bot.url, database_url=db_url, rasa_url=bot.url, rasa_token=bot.token
    ) as web:
        agent = requests.Session()
        form = agent.get(f"{web}/console/login", timeout=10).text
        token = login_token(form)
        login = {"csrf_token": token, "username": f"bench-{password[:6]}", "password": password}
        assert agent.post(f"{web}/console/login", data=login, timeout=10).ok
        agent.headers["X-CSRF-Token"] = page_csrf(agent.get(f"{web}/console", timeout=10).text)
        yield web, agent


def queue_entry(web: str, agent: requests.Session, conversation_id: str) -> dict | None:
    """The conversation's entry in the console's queue API, polled as its page
    does; None if it is not there within 10 seconds."""
    deadline = time.perf_counter() + 10
    while True:
        for entry in agent.get(f"{web}/console/api/queue", timeout=10).json()["handoffs"]:
            if entry["conversation_id"] == conversation_id:
                return entry
        if time.perf_counter() > deadline:
            return None
        time.sleep(0.05)


def handoff_to_console(bot: Bot, web: str, agent: requests.Session, count: int) -> list[float]:
    """Milliseconds from a customer's "I want a person" (REST) until the
    handoff is in the agent console's queue API, polled as its page does."""
    samples = []
    for _ in range(count):
        sender = uuid.uuid4().hex
        start = time.perf_counter()
        bot.say(sender, "Ich möchte mit einem Mitarbeiter sprechen", {"program": "autosicher"})
        queue_entry(web, agent, sender)
        samples.append((time.perf_counter() - start) * 1000)  # over 10 s: never seen
    return samples


def console_reply_to_widget(bot: Bot, web: str, agent: requests.Session, count: int) -> list[float]:
    """Milliseconds from an agent's reply in the console (its POST) until the
    customer's widget, a socket.io client of the widget's protocol, has it."""
    customer = WidgetClient(bot.url)
    try:
        customer.request_session(metadata={"program": "autosicher"})
        customer.say("Ich möchte mit einem Mitarbeiter sprechen")
        entry = queue_entry(web, agent, customer.session_id)
        handoff = f"{web}/console/api/handoffs/{entry['id']}"
        assert agent.post(f"{handoff}/claim", timeout=10).ok
        customer.next("bot_uttered")  # the agent is there
        samples = []
        for number in range(count):
            text = f"Antwort Nummer {number} aus dem Benchmark."
            start = time.perf_counter()
            assert agent.post(f"{handoff}/reply", json={"text": text}, timeout=10).ok
            while customer.next("bot_uttered").get("text") != text:
                pass
            samples.append((time.perf_counter() - start) * 1000)
        agent.post(f"{handoff}/resolve", timeout=10)
    finally:
        customer.close()
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-train", action="store_true", help="do not time a training run")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--referrers", type=int, default=52_000, help="database size")
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
    print("filling a database with about 100,000 referrals ...", flush=True)
    db_url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench-db-')) / 'referral.db'}"
    figures["database"] = database_figures(db_url, args.referrers)
    with running_bot(model, env={"DATABASE_URL": db_url}) as bot:
        figures["verified_status_conversation"] = percentiles(verified_conversations(bot, 30))
        figures["memory_mib"] = {name: round(rss_mib(pid)) for name, pid in bot.pids.items()}
        with console_agent(bot, db_url) as (web, agent):
            figures["handoff_to_console"] = percentiles(handoff_to_console(bot, web, agent, 20))
            figures["console_reply_to_widget"] = percentiles(
                console_reply_to_widget(bot, web, agent, 20)
            )
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
