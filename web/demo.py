"""Demo pages: ``/`` lists the programs, ``/demo/<slug>`` is a brand-like
page with the chat widget, embedded exactly as a brand's web team would;
``/demo/<slug>/rasa-webchat`` the same page with rasa-webchat 1.0.1 instead
(a brand that already uses it, docs/widget.md), its bundle served from
``web/node_modules`` (``make web-deps``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from bot.chat_contract import WEBCHAT_NAMESPACE
from web.brands import demo_brands
from web.config import Settings


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


WEBCHAT_BUNDLE = ("rasa-webchat", "lib", "index.js")


def content_security_policy(settings: Settings, *, inline_styles: bool = False) -> str:
    """Only our own scripts and styles; connections to the page and the bot.
    ``inline_styles`` for rasa-webchat, which puts its CSS, with icon fonts as
    ``data:`` URLs, into ``<style>`` elements; its ``@import`` of Google Fonts
    stays refused (no visitor's address goes to Google)."""
    socket = _origin(settings.socket_url)
    websocket = socket.replace("http", "ws", 1)
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'" if inline_styles else "style-src 'self'",
            "img-src 'self' data:",
            *(["font-src 'self' data:"] if inline_styles else []),
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

    def brand_page(request: Request, template: str, webchat: bool = False) -> Response:
        slug = request.path_params["slug"]
        brand = demo_brands().get(slug)
        if brand is None:
            raise HTTPException(
                404, f"Ein Empfehlungsprogramm mit dem Kürzel „{slug}“ gibt es hier nicht."
            )
        settings: Settings = request.app.state.settings
        context = {"brand": brand, "settings": settings}
        if webchat:  # rasa-webchat connects to the channel's namespace for it
            context["socket_url"] = settings.socket_url.rstrip("/") + WEBCHAT_NAMESPACE
        response = templates.TemplateResponse(request, template, context)
        response.headers["Content-Security-Policy"] = content_security_policy(
            settings, inline_styles=webchat
        )
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    async def demo_page(request: Request) -> Response:
        return brand_page(request, "demo.html")

    async def webchat_page(request: Request) -> Response:
        return brand_page(request, "demo_rasa_webchat.html", webchat=True)

    async def webchat_bundle(request: Request) -> Response:
        settings: Settings = request.app.state.settings
        bundle = settings.node_modules.joinpath(*WEBCHAT_BUNDLE)
        if not bundle.is_file():
            raise HTTPException(404, "rasa-webchat fehlt: bitte `make web-deps` ausführen.")
        return FileResponse(bundle, media_type="text/javascript")

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
        Route("/demo/{slug}/rasa-webchat", webchat_page, name="demo_rasa_webchat"),
        Route("/static/rasa-webchat/index.js", webchat_bundle, name="rasa_webchat_bundle"),
        Route("/demo/{slug}/brand.css", brand_css, name="brand_css"),
    ]
