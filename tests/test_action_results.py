"""Rasa's check of action server responses, compiled once (bot/action_results.py)."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

import bot.tracker_store  # noqa: F401  (installs the check, as in the Rasa server)
from bot import action_results

VALID = {
    "events": [
        {"event": "slot", "timestamp": None, "name": "email", "value": None},
        {"event": "action", "name": "action_listen"},
    ],
    "responses": [{"text": "Hallo", "buttons": []}],
}


@pytest.fixture
def action() -> RemoteAction:
    return RemoteAction("action_answer_pending", EndpointConfig("http://127.0.0.1:1/webhook"))


def test_rasa_server_checks_action_results_with_the_compiled_validator() -> None:
    assert RemoteAction._validate_action_result is action_results.validate_action_result


def test_schema_is_checked_once_not_at_every_action_result(
    action: RemoteAction, monkeypatch: pytest.MonkeyPatch
) -> None:
    cls = validator_for(RemoteAction.action_response_format_spec())
    checks = []
    original = cls.check_schema.__func__
    monkeypatch.setattr(
        cls, "check_schema", classmethod(lambda c, s: checks.append(s) or original(c, s))
    )
    action_results.response_validator.cache_clear()
    for _ in range(3):
        assert action._validate_action_result(VALID) is True
    assert len(checks) == 1


@pytest.mark.parametrize(
    "result",
    [
        {"events": "not a list"},
        {"events": [{"name": "no event type"}]},
        {"events": [], "responses": ["not an object"]},
    ],
)
def test_invalid_action_result_is_refused_with_rasas_message(
    action: RemoteAction, result: dict
) -> None:
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(result)
