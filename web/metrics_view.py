"""The metrics report as people read it: German numbers, labels and bars.

``bot.metrics`` computes; this module only formats, for the console page
(``/console/metrics``) and the file written by ``python -m web.report``.
"""

from __future__ import annotations

from typing import Any

from bot.formatting import plural
from bot.metrics import FALLBACK_INTENT, Metrics, TargetShare
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
        "programs": [
            {"name": name, "bars": _bars([(intent_label(i), n) for i, n in intents])}
            for name, intents in metrics.top_intents.items()
        ],
    }
