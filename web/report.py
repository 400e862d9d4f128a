"""Write the metrics report as one self-contained HTML file.

    python -m web.report [--days 30] [--out reports/metrics.html]

The same page as the console's ``/console/metrics`` (``_metrics.html``),
with the console's stylesheet inlined, for mailing or archiving. Reads
``DATABASE_URL`` (and ``TRACKER_DATABASE_URL`` when the conversations are
kept apart); prints the headline figures.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.engine import make_url

from bot import metrics, migrate
from bot.db import database_url, session_scope
from web import metrics_view
from web.config import WEB_DIR

ROOT = WEB_DIR.parent
STYLES = (WEB_DIR / "static" / "demo" / "demo.css", WEB_DIR / "static" / "console" / "console.css")


def render(context: dict) -> str:
    env = Environment(
        loader=FileSystemLoader(WEB_DIR / "templates"), autoescape=select_autoescape(["html"])
    )
    css = "\n".join(path.read_text(encoding="utf-8") for path in STYLES)
    return env.get_template("metrics_report.html").render(css=css, **context)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m web.report", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--days",
        type=int,
        default=metrics.DEFAULT_DAYS,
        help=f"period: the last N days (default {metrics.DEFAULT_DAYS})",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "metrics.html")
    args = parser.parse_args(argv)
    if not 1 <= args.days <= metrics.MAX_DAYS:
        parser.error(f"--days must be between 1 and {metrics.MAX_DAYS}")
    url = database_url()
    if migrate.current(url) != migrate.heads():
        print(
            f"{make_url(url)!r} is not at the newest schema: run `make db` first.",
            file=sys.stderr,
        )
        return 2
    with session_scope(url) as session:
        figures = metrics.compute(session, args.days)
    context = metrics_view.context(figures)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(context), encoding="utf-8")
    for label, value in context["tiles"]:
        print(f"{label}: {value}")
    for row in context["targets"]:
        print(
            f"Im Antwortziel, {row['name']}: Live-Chat {row['chat']}, "
            f"Rückruf per E-Mail {row['callback']}"
        )
    for program in context["nps"]["programs"]:
        print(f"NPS, {program['name']}: {program['score']} ({program['answers']})")
    print(f"Report: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
