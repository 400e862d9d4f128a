"""Benchmarks: this bot side by side with the stock ``rasa init`` bot
(throughput and latency at several concurrency levels, cost growth with the
conversation's length, memory), training time, NLU quality and latency,
database lookups at 100,000 referrals, handoff to the agent console and an
agent's reply to the customer's widget.

Prints a table and writes every figure to reports/bench.json
(docs/performance.md explains them). Every number comes from the real parts:
`rasa train`, the trained model, real Rasa and action servers on loopback,
the stock bot trained by `rasa init` (cached in .cache/stock-bot/).

    python -m tools.bench [--skip-train] [--concurrency 1,10,50] [--messages 400]
                          [--profiles embedded,prod]
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
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import requests

from tests.server.chat import WidgetClient
from tools.console_client import login_token, page_csrf
from tools.db_bench import database_figures
from tools.load import Target, Turn, latency_growth, run_load
from tools.nlu_eval import evaluate, latest_model
from tools.prod_target import running_prod
from tools.servers import BIN, ROOT, Bot, rss_mib, running_bot, running_web_app
from tools.stats import percentiles
from tools.stock_bot import MESSAGES as STOCK_MESSAGES
from tools.stock_bot import running_stock_bot

REPORT = ROOT / "reports" / "bench.json"
PROGRAM = {"program": "autosicher"}
# The plain FAQ mix: general questions a customer of a program asks, answered
# from the knowledge base without verification.
PLAIN_MIX = (
    Turn("Hallo", PROGRAM),
    Turn("Wie funktioniert das Empfehlungsprogramm?"),
    Turn("Was passiert mit meinen Daten?"),
    Turn("Wo finde ich die Teilnahmebedingungen?"),
    Turn("Kann ich mir die Prämie auch auszahlen lassen?"),
    Turn("Wen darf ich alles empfehlen?"),
    Turn("Danke!"),
    Turn("Tschüss"),
)
# The verified status conversation: question, code, e-mail, the answer.
VERIFIED_STATUS = (
    Turn("Wo bleibt meine Prämie?", PROGRAM),
    Turn("ASV-QUA567"),
    Turn("mehmet.yilmaz@example.de", expect="bis spätestens"),
)
STOCK_PLAIN = tuple(Turn(text) for text in STOCK_MESSAGES)
# Every verification in the load comes from 127.0.0.1: one client.
BOT_ENV = {"VERIFICATION_MAX_FAILURES_PER_CLIENT": "1000000"}


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


def memory(pids: dict[str, int]) -> dict[str, int]:
    return {name: round(rss_mib(pid)) for name, pid in pids.items()}


def side_by_side(targets: dict[str, Target], levels: list[int], messages: int) -> dict[str, Any]:
    """Every workload at every level, the levels interleaved so each level
    sees the machine in the same state; ratios to the stock bot
    (``targets["stock"]``)."""
    workloads = {"stock": (targets["stock"], STOCK_PLAIN)}
    for profile, target in targets.items():
        if profile == "stock":
            continue
        workloads[f"{profile}_plain"] = (target, PLAIN_MIX)
        workloads[f"{profile}_verified"] = (target, VERIFIED_STATUS)
    for target, conversation in workloads.values():  # warm-up: first calls load lazily
        run_load(target, conversation, 2, 4 * len(conversation))
    results: dict[str, Any] = {}
    for level in levels:
        row = results[str(level)] = {}
        for name, (target, conversation) in workloads.items():
            print(f"  {level:>3} at once: {name} ...", flush=True)
            row[name] = run_load(target, conversation, level, max(messages, 4 * level))
        floor = row["stock"]
        for name, figures in row.items():
            if name != "stock":
                figures["throughput_vs_stock"] = ratio(
                    figures["messages_per_s"], floor["messages_per_s"]
                )
                figures["p95_vs_stock"] = ratio(
                    figures["latency"]["p95_ms"], floor["latency"]["p95_ms"]
                )
    return results


def ratio(value: float, base: float) -> float | None:
    return round(value / base, 2) if base else None


def goals(load: dict[str, Any], profile: str = "embedded") -> dict[str, Any] | None:
    """Issue 14's bar at 10 customers at once: plain mix >= 1.8x the stock
    bot's throughput; verified conversation >= 1.0x, p95 <= the stock bot's."""
    row = load.get("10")
    if row is None or f"{profile}_plain" not in row:
        return None
    plain, verified = row[f"{profile}_plain"], row[f"{profile}_verified"]
    return {
        "plain_throughput_1_8x": plain["throughput_vs_stock"] >= 1.8,
        "verified_throughput_1_0x": verified["throughput_vs_stock"] >= 1.0,
        "verified_p95_at_most_stock": verified["p95_vs_stock"] <= 1.0,
    }


def table(load: dict[str, Any]) -> str:
    """The side-by-side figures as a Markdown table."""
    lines = [
        "| at once | workload | msg/s | p50 ms | p95 ms | p99 ms | msg/s vs stock "
        "| p95 vs stock | errors | generator CPU |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for level, row in load.items():
        for name, f in row.items():
            latency = f["latency"] or {}
            lines.append(
                f"| {level} | {name} | {f['messages_per_s']} | {latency.get('p50_ms')} "
                f"| {latency.get('p95_ms')} | {latency.get('p99_ms')} "
                f"| {f.get('throughput_vs_stock', '')} | {f.get('p95_vs_stock', '')} "
                f"| {f['errors']} | {f['generator_cpu']} |"
            )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-train", action="store_true", help="do not time a training run")
    parser.add_argument("--skip-nlu", action="store_true", help="do not evaluate the NLU")
    parser.add_argument("--skip-console", action="store_true", help="no handoff/console timings")
    parser.add_argument(
        "--concurrency", default="1,10,50", help="customers at once, comma-separated levels"
    )
    parser.add_argument("--messages", type=int, default=400, help="messages per workload and level")
    parser.add_argument(
        "--profiles",
        default="embedded",
        help="this bot's profiles to load: embedded, prod (scripts/prod.sh), or both",
    )
    parser.add_argument(
        "--long-turns", type=int, default=40, help="length of the long conversation"
    )
    parser.add_argument("--referrers", type=int, default=52_000, help="database size")
    args = parser.parse_args()
    levels = [int(level) for level in args.concurrency.split(",") if level.strip()]
    profiles = [name.strip() for name in args.profiles.split(",") if name.strip()]
    unknown = set(profiles) - {"embedded", "prod"}
    if unknown or not profiles:
        parser.error(f"unknown profiles: {', '.join(sorted(unknown)) or '(none)'}")

    figures: dict[str, Any] = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine_cores": 2}
    if not args.skip_train:
        print("timing rasa train --force ...", flush=True)
        figures["training"] = time_training()

    model = latest_model()
    figures["model"] = model.name
    if not args.skip_nlu:
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

    print("filling a database with about 100,000 referrals ...", flush=True)
    db_url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench-db-')) / 'referral.db'}"
    figures["database"] = database_figures(db_url, args.referrers)
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    with (
        running_stock_bot(workdir) as (stock_url, stock_pid),
        running_bot(model, workdir, env={"DATABASE_URL": db_url, **BOT_ENV}) as bot,
        ExitStack() as more,
    ):
        stock = Target("stock", stock_url, pids={"rasa": stock_pid})
        targets = {"embedded": Target("embedded", bot.url, bot.rest_token, bot.pids)}
        if "prod" in profiles:
            targets["prod"] = more.enter_context(running_prod())
        chosen = {"stock": stock, **{name: targets[name] for name in profiles}}
        figures["memory_mib_at_start"] = {name: memory(t.pids) for name, t in chosen.items()}
        print("side by side with the stock bot ...", flush=True)
        load = figures["load"] = side_by_side(chosen, levels, args.messages)
        figures["goals_at_10"] = {profile: goals(load, profile) for profile in profiles}
        figures["memory_mib_after_load"] = {name: memory(t.pids) for name, t in chosen.items()}
        print(f"latency at turn 5 and turn {args.long_turns} ...", flush=True)
        turns = (5, args.long_turns)
        figures["conversation_length"] = {
            name: latency_growth(t, STOCK_PLAIN if name == "stock" else PLAIN_MIX, turns)
            for name, t in chosen.items()
        }
        more.close()  # the production profile stops before the console timings
        figures["verified_status_conversation"] = percentiles(verified_conversations(bot, 30))
        if not args.skip_console:
            with console_agent(bot, db_url) as (web, agent):
                figures["handoff_to_console"] = percentiles(handoff_to_console(bot, web, agent, 20))
                figures["console_reply_to_widget"] = percentiles(
                    console_reply_to_widget(bot, web, agent, 20)
                )

    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    print()
    print(table(figures["load"]))
    print(f"issue 14's bar at 10 at once: {figures['goals_at_10']}")
    print(f"written to {REPORT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
