"""The project's web app (Starlette): demo pages with the chat widget; later the agent console."""
