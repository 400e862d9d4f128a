"""Public help pages: ``/hilfe/<program>`` shows every knowledge-base entry
answered for that program, grouped by topic, with a search (``?q=``) that uses
the bot's own matcher. Bot and page read the same entries (``knowledge/``):
one change shows in both places.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from bot.knowledge.entries import knowledge_base
from bot.knowledge.facts import Rendered, render
from bot.knowledge.matcher import entry_matcher
from bot.programs import find_program
from web import database

MAX_QUERY = 200
MAX_RESULTS = 5


@dataclass(frozen=True)
class HelpEntry:
    id: str
    title: str
    answer: Rendered


@dataclass(frozen=True)
class HelpPage:
    brand: str
    slug: str
    sections: list[tuple[str, list[HelpEntry]]]
    results: list[HelpEntry]


def build_page(session: Session, slug: str, query: str) -> HelpPage | None:
    program = find_program(session, slug)
    if program is None:
        return None
    base = knowledge_base()
    rendered = {
        entry.id: HelpEntry(entry.id, entry.title, render(entry, base, program))
        for entry in base.entries
    }
    sections = [
        (heading, [rendered[e.id] for e in base.entries if e.topic == topic])
        for topic, heading in base.topics.items()
    ]
    results: list[HelpEntry] = []
    if query:
        ranked = entry_matcher().rank(query)
        results = [rendered[m.entry.id] for m in ranked[:MAX_RESULTS] if m.similarity >= 0.15]
    return HelpPage(program.brand, program.slug, [s for s in sections if s[1]], results)


def routes(templates: Jinja2Templates) -> list[Route]:
    async def help_page(request: Request) -> Response:
        slug = request.path_params["slug"]
        query = request.query_params.get("q", "").strip()[:MAX_QUERY]
        settings = request.app.state.settings
        page = await database.run(settings.database_url, build_page, slug, query)
        if page is None:
            raise HTTPException(404, f"Eine Hilfe für das Programm „{slug}“ gibt es hier nicht.")
        return templates.TemplateResponse(request, "help.html", {"page": page, "query": query})

    return [Route("/hilfe/{slug}", help_page, name="help")]
