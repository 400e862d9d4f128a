"""channels/socketio_cluster.py: the widget's socket.io server for one or
several Rasa processes (end to end on the profile: tests/prod/)."""

from __future__ import annotations

import pytest
from socketio import AsyncRedisManager

from channels.socketio_cluster import create_server


def test_without_cluster_settings_the_server_is_python_socketios_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOCKETIO_REDIS_URL", raising=False)
    monkeypatch.delenv("SOCKETIO_NODE", raising=False)
    sio = create_server(None)
    assert not isinstance(sio.manager, AsyncRedisManager)
    assert "." not in sio.eio.generate_id()


def test_a_named_process_starts_every_engineio_session_id_with_its_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOCKETIO_NODE", "r2")
    sio = create_server(None)
    ids = {sio.eio.generate_id() for _ in range(100)}
    assert len(ids) == 100
    assert all(sid.startswith("r2.") and len(sid) > 20 for sid in ids)


def test_a_node_name_nginx_could_not_match_safely_stops_the_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOCKETIO_NODE", "r1.|x")
    with pytest.raises(ValueError, match="SOCKETIO_NODE"):
        create_server(None)


def test_with_a_redis_url_messages_go_through_redis_with_the_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOCKETIO_REDIS_URL", "redis://127.0.0.1:56379/0")
    monkeypatch.setenv("REDIS_PASSWORD", "ein-langes-redis-passwort")
    sio = create_server(["http://127.0.0.1:8088"])
    assert isinstance(sio.manager, AsyncRedisManager)
    assert sio.manager.redis_url == "redis://127.0.0.1:56379/0"
    assert sio.manager.redis_options["password"] == "ein-langes-redis-passwort"
