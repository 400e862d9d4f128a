"""Tokens of the REST channel: the integrator's channel token and conversation tokens."""

from __future__ import annotations

import time
from datetime import timedelta

import jwt
import pytest

from channels.rest_auth import (
    INVALID_TOKEN,
    MISSING_TOKEN,
    NotAuthenticated,
    RestAuth,
    conversation_token,
    main,
)

AUTH = RestAuth(channel_token="kanal-token-" + "k" * 32, jwt_secret="signier-geheimnis-" + "s" * 32)


def refusal(header: str | None) -> str:
    with pytest.raises(NotAuthenticated) as refused:
        AUTH.caller(header)
    return str(refused.value)


def test_the_channel_token_may_use_every_sender() -> None:
    caller = AUTH.caller(f"Bearer {AUTH.channel_token}")
    assert caller.may_use("kundin-1") and caller.may_use("kunde-2")


def test_a_conversation_token_may_use_only_its_sender() -> None:
    caller = AUTH.caller(f"Bearer {conversation_token('kundin-1', AUTH.jwt_secret)}")
    assert caller.may_use("kundin-1")
    assert not caller.may_use("kunde-2")


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer   ", "Basic abc", "kanal"])
def test_no_bearer_token_is_a_missing_token(header: str | None) -> None:
    assert refusal(header) == MISSING_TOKEN


def test_wrong_tokens_are_refused() -> None:
    now = time.time()
    forged = conversation_token("kundin-1", "ein-anderes-geheimnis-" + "x" * 32)
    expired = conversation_token("kundin-1", AUTH.jwt_secret, now=now - 7200)
    too_long = conversation_token("kundin-1", AUTH.jwt_secret, timedelta(days=30))
    unsigned = jwt.encode({"sub": "kundin-1", "exp": int(now) + 60}, None, algorithm="none")
    no_expiry = jwt.encode({"sub": "kundin-1"}, AUTH.jwt_secret, algorithm="HS256")
    odd_subject = jwt.encode(
        {"sub": "a b/../c", "exp": int(now) + 60}, AUTH.jwt_secret, algorithm="HS256"
    )
    for token in (
        AUTH.channel_token + "x",
        AUTH.jwt_secret,  # the signing secret is no token
        forged,
        expired,
        too_long,
        unsigned,
        no_expiry,
        odd_subject,
        "a.b.c",
        "ä" * 10,
        "x" * 10_000,
    ):
        assert refusal(f"Bearer {token}") == INVALID_TOKEN, token


def test_the_command_mints_a_token_with_the_server_secret(monkeypatch, capsys) -> None:
    monkeypatch.setenv("REST_JWT_SECRET", AUTH.jwt_secret)
    assert main(["token", "kundin-1", "--minutes", "5"]) == 0
    caller = AUTH.caller(f"Bearer {capsys.readouterr().out.strip()}")
    assert caller.conversation == "kundin-1"


def test_the_command_refuses_to_mint_without_a_secret(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("REST_JWT_SECRET", raising=False)
    monkeypatch.setenv("REST_JWT_SECRET_FILE", str(tmp_path / "missing"))
    assert main(["token", "kundin-1"]) == 2
