"""Rasa's check of action server responses, with the schema compiled once.

Rasa 3.6 checks every response of the action server against a JSON schema
(``RemoteAction._validate_action_result``) with ``jsonschema.validate``, which
first checks the schema itself against its meta-schema and builds a new
validator, at every call. The schema of the events is large: on this machine
a call costs about 14 ms, and a turn of the verification makes three to four
calls (session start, form validation, the form's next step, the answer).
Profiled, it was a third of the Rasa process's time (docs/performance.md).

``install()`` keeps Rasa's check, with the same schema and the same validator
class, but builds the validator once. A response that fails it goes to Rasa's
own method, which raises its ``ValidationError`` with Rasa's message, so only
the cost changes.

Installed on import of ``bot.tracker_store``, which every Rasa process of the
project loads (``endpoints.yml``, ``deploy/endpoints.yml``).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction

_RASA_CHECK = RemoteAction._validate_action_result


@cache
def response_validator() -> Validator:
    """The validator ``jsonschema.validate`` would build for Rasa's schema."""
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(action: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's check of ``result``; a failure is reported by Rasa's method."""
    if best_match(response_validator().iter_errors(result)) is None:
        return True
    return _RASA_CHECK(action, result)


def install() -> None:
    """Use :func:`validate_action_result` for every remote action (idempotent)."""
    RemoteAction._validate_action_result = validate_action_result
