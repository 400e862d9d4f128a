"""The metrics report as people read it: German numbers, labels and bars.

``bot.metrics`` computes; this module only formats, for the console page
(``/console/metrics``) and the file written by ``python -m web.report``.
"""

from __future__ import annotations

from typing import Any

from bot.formatting import plural
from bot.metrics import FALLBACK_INTENT, MAX_DAYS, Metrics, NpsWeek, ProgramNps, TargetShare
from bot.nps import NpsTally
from bot.topics import TOPIC_TITLES
from web.console_data import REASONS, duration

INTENT_LABELS: dict[str, str] = {
    **TOPIC_TITLES,
    "complaint": "Beschwerde",
    "greet": "Begrüßung",
    "goodbye": "Verabschiedung",
    "thank": "Dank",
    "affirm": "Zustimmung",
    "deny": "Ablehnung",
    "inform": "Angaben (Code, E-Mail, Name)",
    "bot_challenge": "Frage, ob hier ein Bot schreibt",
    "request_human": "Wunsch nach einem Menschen",
    "out_of_scope": "Thema außerhalb des Programms",
    "rate": "Bewertung",
    FALLBACK_INTENT: "Nicht verstanden",
}
PERIODS = (7, 30, 90)
MINUS = "\u2212"
# The NPS trend chart (SVG user units; the browser scales it to the page width).
CHART_WIDTH, CHART_HEIGHT = 640, 220
CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 44, 12, 24, 34
MAX_WEEK_LABELS = 7


def parse_days(raw: str | None, default: int) -> int | None:
    """The period of ``?days=``: 1 to ``MAX_DAYS``; None for anything else."""
    if raw is None:
        return default
    days = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 4 else 0
    return days if 1 <= days <= MAX_DAYS else None


def days_message() -> str:
    return f"Der Zeitraum muss zwischen 1 und {MAX_DAYS} Tagen liegen."


def number(value: float, digits: int = 0) -> str:
    """German number format: 1.234,5."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def percent(share: float | None) -> str:
    return "–" if share is None else f"{number(100 * share, 1)} %"


def _bars(rows: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """Label, count and bar width (0-100, relative to the largest row)."""
    top = max((count for _, count in rows), default=0)
    return [
        {"label": label, "count": count, "width": round(100 * count / top, 1) if top else 0}
        for label, count in rows
    ]


def within_target(share: TargetShare) -> str:
    """``"80,0 % (4 von 5)"``; ``"–"`` when nothing counted yet."""
    if not share.counted:
        return "–"
    return f"{percent(share.share)} ({share.within} von {share.counted})"


def target_rows(metrics: Metrics) -> list[dict[str, str]]:
    return [
        {
            "name": row.name,
            "chat_goal": duration(row.chat_seconds),
            "chat": within_target(row.chat),
            "callback_goal": plural(row.callback_days, "Werktag", "Werktage"),
            "callback": within_target(row.callback),
        }
        for row in metrics.targets
    ]


def signed(value: float | None) -> str:
    """An NPS as people write it: ``"+33"``, ``"−20"``, ``"0"``; ``"–"`` without answers."""
    if value is None:
        return "–"
    rounded = round(value)
    if rounded == 0:
        return "0"
    return f"{'+' if rounded > 0 else MINUS}{number(abs(rounded))}"


def week_label(week: NpsWeek) -> str:
    """``"KW 22"``: the calendar week, short, for the chart."""
    return f"KW {week.monday.isocalendar()[1]}"


def week_title(week: NpsWeek) -> str:
    """``"KW 22/2026 (ab 25.05.2026)"``: the week with its year and Monday."""
    year, number_, _ = week.monday.isocalendar()
    return f"KW {number_}/{year} (ab {week.monday.strftime('%d.%m.%Y')})"


def trend_chart(weeks: list[NpsWeek]) -> dict[str, Any]:
    """Coordinates of the weekly NPS line (-100 to 100) for ``_metrics.html``:
    a point per week with answers, lines between neighbouring weeks that both
    have answers, grid lines at -100, -50, 0, 50 and 100, week labels (every
    n-th when there are many weeks). Rendered as SVG attributes on the server:
    no script, no inline style, so the console's CSP holds."""
    plot_width = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    slot = plot_width / max(len(weeks), 1)

    def y_of(value: float) -> float:
        return round(CHART_TOP + (100 - value) / 200 * plot_height, 1)

    points, segments, labels = [], [], []
    step = max(1, -(-len(weeks) // MAX_WEEK_LABELS))
    previous: dict[str, Any] | None = None
    for index, week in enumerate(weeks):
        x = round(CHART_LEFT + (index + 0.5) * slot, 1)
        if index % step == 0 or index == len(weeks) - 1:
            labels.append({"x": x, "text": week_label(week)})
        score = week.tally.score
        if score is None:
            previous = None
            continue
        point = {
            "x": x,
            "y": y_of(score),
            "value": signed(score),
            "title": f"{week_label(week)}: NPS {signed(score)} "
            f"({plural(week.tally.count, 'Antwort', 'Antworten')})",
        }
        if previous is not None:
            segments.append({"x1": previous["x"], "y1": previous["y"], "x2": x, "y2": point["y"]})
        points.append(point)
        previous = point
    grid = [
        {"y": y_of(value), "label": signed(value), "zero": value == 0}
        for value in (100, 50, 0, -50, -100)
    ]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - CHART_RIGHT,
        "label_y": CHART_HEIGHT - 12,
        "grid": grid,
        "points": points,
        "segments": segments,
        "labels": labels,
    }


def nps_figures(tally: NpsTally) -> dict[str, Any]:
    """A tally in words: the NPS and its three groups with their shares."""

    def share(count: int) -> str:
        return percent(count / tally.count if tally.count else None)

    return {
        "score": signed(tally.score),
        "answers": plural(tally.count, "Antwort", "Antworten"),
        "count": tally.count,
        "promoters": tally.promoters,
        "passives": tally.passives,
        "detractors": tally.detractors,
        "promoters_share": share(tally.promoters),
        "passives_share": share(tally.passives),
        "detractors_share": share(tally.detractors),
    }


def nps_program(program: ProgramNps) -> dict[str, Any]:
    return {
        "name": program.name,
        **nps_figures(program.tally),
        "chart": trend_chart(program.weeks),
        "weeks": [
            {"label": week_title(week), "iso": week.label, **nps_figures(week.tally)}
            for week in reversed(program.weeks)
            if week.tally.count
        ],
    }


def intent_label(intent: str) -> str:
    return INTENT_LABELS.get(intent, intent)


def context(metrics: Metrics) -> dict[str, Any]:
    """Template values of ``_metrics.html``."""
    csat = metrics.csat
    return {
        "days": metrics.days,
        "periods": PERIODS,
        "since": metrics.since.strftime("%d.%m.%Y"),
        "until": metrics.until.strftime("%d.%m.%Y"),
        "tiles": [
            ("Gespräche", number(metrics.conversations)),
            ("Ohne Mitarbeiter gelöst", percent(metrics.containment_rate)),
            ("Nicht verstanden (Fallback)", percent(metrics.fallback_rate)),
            ("Übergaben an Mitarbeiter", number(metrics.handoffs)),
            ("Erste Antwort (Median)", duration(metrics.first_response.median)),
            (
                "Zufriedenheit (CSAT)",
                "–" if csat.mean is None else f"{number(csat.mean, 1)} von 5",
            ),
            ("Weiterempfehlung (NPS)", signed(metrics.nps.score)),
        ],
        "customer_messages": plural(
            metrics.customer_messages, "Kundennachricht", "Kundennachrichten"
        ),
        "first_response": {
            "answered": plural(
                metrics.first_response.count, "beantwortete Übergabe", "beantwortete Übergaben"
            ),
            "median": duration(metrics.first_response.median),
            "p90": duration(metrics.first_response.p90),
        },
        "csat": {
            "count": csat.count,
            "ratings": plural(csat.count, "Bewertung", "Bewertungen"),
            "satisfied": percent(csat.satisfied_share),
            "bars": _bars([(f"{score} ★", csat.scores.get(score, 0)) for score in range(5, 0, -1)])
            if csat.count
            else [],
        },
        "reasons": _bars([(REASONS[reason], n) for reason, n in metrics.handoff_reasons]),
        "targets": target_rows(metrics),
        "nps": {
            **nps_figures(metrics.nps),
            "programs": [nps_program(p) for p in metrics.nps_programs],
        },
        "programs": [
            {"name": name, "bars": _bars([(intent_label(i), n) for i, n in intents])}
            for name, intents in metrics.top_intents.items()
        ],
    }
