"""Database work from the async web app.

SQLAlchemy sessions here are synchronous (``bot.db``), and an SQLite file may
be locked for a moment by the action server: every database step runs in the
thread pool, so one waiting request never stalls the others.

``transaction`` keeps one session open across awaits: the console changes a
handoff, tells the customer through Rasa, and commits only when that worked
(rolls back otherwise).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool

from bot.db import session_scope

T = TypeVar("T")


async def run(url: str | None, work: Callable[..., T], *args: Any) -> T:
    """``work(session, *args)`` in its own transaction, in the thread pool."""

    def in_thread() -> T:
        with session_scope(url) as session:
            return work(session, *args)

    return await run_in_threadpool(in_thread)


@asynccontextmanager
async def transaction(url: str | None) -> AsyncIterator[Session]:
    """A session for several steps (each run with ``step``); commits when the
    block ends normally, rolls back when it raises."""
    scope = session_scope(url)
    session = await run_in_threadpool(scope.__enter__)
    try:
        yield session
    except BaseException as error:
        await run_in_threadpool(scope.__exit__, type(error), error, error.__traceback__)
        raise
    await run_in_threadpool(scope.__exit__, None, None, None)


async def step(session: Session, work: Callable[..., T], *args: Any) -> T:
    """``work(session, *args)`` in the thread pool, inside a ``transaction``."""
    return await run_in_threadpool(work, session, *args)


def handoff_lock(app: Starlette) -> asyncio.Lock:
    """One lock per web app for changes of handoffs (claim, reply, resolve,
    sweep). SQLite has no row locks (``SELECT … FOR UPDATE`` is ignored
    there), so without it two agents claiming at the same moment could both
    win; PostgreSQL's row lock (``bot.handoff.lock_handoff``) covers several
    web processes."""
    lock = getattr(app.state, "handoff_lock", None)
    if lock is None:
        lock = app.state.handoff_lock = asyncio.Lock()
    return lock
