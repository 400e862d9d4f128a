"""Demo pages: ``/`` lists the programs, ``/demo/<slug>`` is a brand-like
page with the chat widget, embedded exactly as a brand's web team would."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from web.brands import demo_brands
from web.config import Settings


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(settings: Settings) -> str:
    """Only our own scripts and styles; connections to the page and the bot."""
    socket = _origin(settings.socket_url)
    websocket = socket.replace("http", "ws", 1)
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            f"connect-src 'self' {socket} {websocket}",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def routes(templates: Jinja2Templates) -> list[Route]:
    async def index(request: Request) -> Response:
        return templates.TemplateResponse(
            request, "index.html", {"brands": list(demo_brands().values())}
        )

    async def demo_page(request: Request) -> Response:
        slug = request.path_params["slug"]
        brand = demo_brands().get(slug)
        if brand is None:
            raise HTTPException(
                404, f"Ein Empfehlungsprogramm mit dem Kürzel „{slug}“ gibt es hier nicht."
            )
        settings: Settings = request.app.state.settings
        response = templates.TemplateResponse(
            request, "demo.html", {"brand": brand, "settings": settings}
        )
        response.headers["Content-Security-Policy"] = content_security_policy(settings)
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    async def brand_css(request: Request) -> Response:
        brand = demo_brands().get(request.path_params["slug"])
        if brand is None:
            raise HTTPException(404, "Für dieses Programm gibt es keine Farben.")
        css = (
            f":root {{ --accent: {brand.accent}; --accent-dark: {brand.accent_dark}; "
            f"--accent-text: {brand.accent_text}; }}\n"
        )
        return Response(css, media_type="text/css")

    return [
        Route("/", index, name="index"),
        Route("/demo/{slug}", demo_page, name="demo"),
        Route("/demo/{slug}/brand.css", brand_css, name="brand_css"),
    ]
