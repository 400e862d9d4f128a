"""What a client of the agent console reads from its HTML pages (the tests
and the benchmark log in the way a browser does)."""

from __future__ import annotations

import re


def login_token(page: str) -> str:
    """The CSRF token of the login form."""
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def page_csrf(page: str) -> str:
    """The CSRF token a logged-in page hands to console.js."""
    return re.search(r'data-csrf="([^"]+)"', page).group(1)
