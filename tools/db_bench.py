"""Lookup latency of the referral database at scale.

Fills a fresh database with the demo data (about 100,000 referrals by
default) and times what the bot does per customer: the identity check
(``bot.verification.verify``: lock checks, code lookup, attempt insert) and
the status answer (``load_referrer`` + ``status_report``), each in its own
session as in the action server.

    python -m tools.db_bench [--referrers 52000] [--database-url URL] [--lookups 1000]

Without ``--database-url`` a temporary SQLite file is used. A URL given is
emptied first (it must be a throwaway database).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bot import migrate
from bot.clock import today
from bot.db import session_scope
from bot.demo_data import generate
from bot.models import Referral, Referrer
from bot.reward_status import load_referrer, status_report
from bot.verification import verify
from tools.stats import percentiles


def database_figures(url: str, referrers: int = 52_000, lookups: int = 1_000) -> dict[str, Any]:
    migrate.drop_everything(url)
    migrate.upgrade(url)
    started = time.perf_counter()
    with session_scope(url) as session:
        generate(session, seed=7, referrers=referrers, today=today())
    fill_seconds = time.perf_counter() - started
    with session_scope(url) as session:
        referral_count = session.scalar(select(func.count(Referral.id)))
        people = session.execute(select(Referrer.id, Referrer.referral_code, Referrer.email)).all()
    sample = random.Random(1).sample(people, min(lookups, len(people)))

    verify_ms, status_ms = [], []
    for number, (referrer_id, code, email) in enumerate(sample):
        started = time.perf_counter()
        with session_scope(url) as session:
            verify(session, f"bench-{number}", code, email)
        verify_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        with session_scope(url) as session:
            status_report(load_referrer(session, referrer_id), today())
        status_ms.append((time.perf_counter() - started) * 1000)
    return {
        "backend": url.split(":", 1)[0],
        "referrals": referral_count,
        "referrers": len(people),
        "fill_seconds": round(fill_seconds, 1),
        "verify": percentiles(verify_ms),
        "status_answer": percentiles(status_ms),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--referrers", type=int, default=52_000)
    parser.add_argument("--lookups", type=int, default=1_000)
    parser.add_argument("--database-url", help="a throwaway database (emptied first)")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    figures = database_figures(url, args.referrers, args.lookups)
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
