"""Log records are masked when they are made (``bot.log_masking``), whichever
logger, handler or argument style they come from."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot import log_masking

EMAIL = "mehmet.yilmaz@example.de"
IBAN = "DE89 3704 0044 0532 0130 00"


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    """A logger with its own handler that does not propagate (like Sanic's)."""
    previous = logging.getLogRecordFactory()
    log_masking.install()
    stream = io.StringIO()
    logger = logging.getLogger("test.masking.own_handler")
    logger.propagate = False
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)
    logging.setLogRecordFactory(previous)


def test_message_and_arguments_are_masked(log_stream: io.StringIO) -> None:
    logger = logging.getLogger("test.masking.own_handler")
    logger.info("Kunde %s schrieb: %r", EMAIL, f"Code ASV-QUA567, IBAN {IBAN}, Tel. 0170 1234567")

    written = log_stream.getvalue()
    for secret in (EMAIL, "QUA567", IBAN, "1234567"):
        assert secret not in written
    assert "me***@example.de" in written and "ASV-******" in written


def test_tracebacks_are_masked(log_stream: io.StringIO) -> None:
    logger = logging.getLogger("test.masking.own_handler")
    try:
        raise ValueError(f"[parameters: ('{EMAIL}',)]")
    except ValueError:
        logger.exception("Speichern fehlgeschlagen")

    written = log_stream.getvalue()
    assert "Traceback" in written and "ValueError" in written
    assert EMAIL not in written


def test_install_twice_wraps_once() -> None:
    previous = logging.getLogRecordFactory()
    try:
        log_masking.install()
        once = logging.getLogRecordFactory()
        log_masking.install()
        assert logging.getLogRecordFactory() is once
    finally:
        logging.setLogRecordFactory(previous)


def test_the_web_apps_access_log_keeps_its_arguments_masked() -> None:
    """uvicorn's access formatter unpacks the record's arguments; they stay, masked."""
    from uvicorn.logging import AccessFormatter

    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/hilfe?mail=kim.berger@example.org", "1.1", 200),
        None,
    )
    log_masking.mask_record(record)
    line = AccessFormatter("%(client_addr)s %(request_line)s %(status_code)s").format(record)
    assert "kim.berger@example.org" not in line
    assert "ki***@example.org" in line and "200" in line
