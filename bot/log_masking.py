"""Personal data never reaches a log line in full.

``install()`` replaces the ``logging`` record factory of the process, so every
record, from the project's loggers and from Rasa, rasa-sdk, Sanic, SQLAlchemy
or uvicorn alike, is masked with ``bot.formatting.mask_personal_data`` when it
is created (e-mail addresses, referral codes, IBANs, phone numbers), before
any handler or formatter sees it. A handler filter would miss loggers with
their own handlers (Sanic's) and records formatted by structlog; the record
factory does not: it runs only for records that pass the level check, so
suppressed debug messages cost nothing.

Plain arguments (strings and numbers) are masked and kept, because some
formatters read them (uvicorn's access log); any other message is formatted
once (``msg % args``) and stored masked without args. An exception's
traceback, which can quote customer text (e.g. in SQLAlchemy's
"[parameters: ...]"), is formatted and masked too.

Installed by every process that handles customer data: the Rasa server (on
import of ``bot.tracker_store`` and ``channels.socketio``), the action
server (``actions/server.py``) and the web app (``web/app.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.formatting import mask_personal_data

_EXCEPTION_FORMATTER = logging.Formatter()


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """``record`` with its message, traceback and stack masked (in place)."""
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: logging reports it later
        return record
    if isinstance(record.args, tuple) and all(
        isinstance(arg, str | int | float) for arg in record.args
    ):
        # Plain arguments stay arguments, masked: some formatters read them
        # (uvicorn's access log unpacks client, method, path, version, status).
        record.msg = mask_personal_data(str(record.msg))
        record.args = tuple(
            mask_personal_data(arg) if isinstance(arg, str) else arg for arg in record.args
        )
    else:
        record.msg = mask_personal_data(message)
        record.args = None
    if record.exc_info and not record.exc_text:
        record.exc_text = _EXCEPTION_FORMATTER.formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = mask_personal_data(record.exc_text)
    if record.stack_info:
        record.stack_info = mask_personal_data(record.stack_info)
    return record


class _MaskingFactory:
    """Wraps the previous record factory; recognisable, so ``install`` is idempotent."""

    def __init__(self, previous: Callable[..., logging.LogRecord]) -> None:
        self.previous = previous

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        return mask_record(self.previous(*args, **kwargs))


def install() -> None:
    """Mask every log record of this process from now on (idempotent)."""
    current = logging.getLogRecordFactory()
    if not isinstance(current, _MaskingFactory):
        logging.setLogRecordFactory(_MaskingFactory(current))


def installed() -> bool:
    return isinstance(logging.getLogRecordFactory(), _MaskingFactory)
