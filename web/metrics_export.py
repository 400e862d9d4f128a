"""CSV exports of the metrics for logged-in agents: the answers to the
recommendation question (NPS) and the weekly NPS per program.

    GET /console/metrics/nps.csv?days=30        one row per answer
    GET /console/metrics/nps-weeks.csv?days=30  one row per program and week

Both are for spreadsheets as German offices use them: semicolons between
fields, decimal commas, UTF-8 with a byte order mark (so Excel reads the
umlauts). No conversation ids (a widget's session id is a secret); comments
are stored masked (``bot.nps``) and a cell that a spreadsheet would run as a
formula (``=``, ``+``, ``-``, ``@`` first) is quoted with an apostrophe.
Routes are registered in ``web/app.py``; ``web/auth.py``'s guard sends
strangers to the login.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot import metrics
from bot.clock import local, utcnow
from bot.nps import NpsTally, group
from web import auth, database
from web.metrics_view import days_message, parse_days

GROUP_LABELS = {"promoter": "Promotor", "passive": "Passiv", "detractor": "Kritiker"}
ANSWER_HEADER = ["Nr.", "Zeitpunkt", "Kalenderwoche", "Programm", "Wert", "Gruppe", "Kommentar"]
WEEK_HEADER = [
    "Programm",
    "Kalenderwoche",
    "Woche ab",
    "Antworten",
    "Promotoren",
    "Passive",
    "Kritiker",
    "NPS",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A spreadsheet cell that never runs as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def decimal(value: float | None) -> str:
    """``33.3`` -> ``"33,3"``; empty without a value."""
    return "" if value is None else f"{value:.1f}".replace(".", ",")


def to_csv(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[cell(value) for value in row] for row in rows])
    return "\ufeff" + buffer.getvalue()


def answers_csv(session: Session, days: int) -> str:
    until = utcnow()
    rows = [
        [
            str(row.id),
            local(row.created_at).strftime("%d.%m.%Y %H:%M"),
            metrics.iso_week(row.week),
            row.program,
            str(row.score),
            GROUP_LABELS[group(row.score)],
            row.comment or "",
        ]
        for row in metrics.nps_answers(session, until - timedelta(days=days), until)
    ]
    return to_csv(ANSWER_HEADER, rows)


def weeks_csv(session: Session, days: int) -> str:
    until = utcnow()
    since = until - timedelta(days=days)
    answers = metrics.nps_answers(session, since, until)
    rows = []
    for program in metrics.nps_per_program(session, answers, since, until):
        for week in program.weeks:
            tally: NpsTally = week.tally
            rows.append(
                [
                    program.name,
                    week.label,
                    week.monday.strftime("%d.%m.%Y"),
                    str(tally.count),
                    str(tally.promoters),
                    str(tally.passives),
                    str(tally.detractors),
                    decimal(tally.score),
                ]
            )
    return to_csv(WEEK_HEADER, rows)


def _export(build: Callable[[Session, int], str], filename: str) -> Callable:
    async def endpoint(request: Request) -> Response:
        days = parse_days(request.query_params.get("days"), metrics.DEFAULT_DAYS)
        if days is None:
            return PlainTextResponse(days_message(), status_code=400)
        text = await database.run(auth.settings_of(request).database_url, build, days)
        return Response(
            text,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}-{days}-tage.csv"'},
        )

    return endpoint


def routes() -> list[Route]:
    guard = auth.guard
    return [
        Route(
            "/console/metrics/nps.csv",
            guard(_export(answers_csv, "nps-antworten")),
            methods=["GET"],
        ),
        Route(
            "/console/metrics/nps-weeks.csv",
            guard(_export(weeks_csv, "nps-wochen")),
            methods=["GET"],
        ),
    ]
