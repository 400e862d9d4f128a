"""The project's web app (Starlette): demo pages with the chat widget, help pages, agent console."""
