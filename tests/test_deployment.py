"""docker-compose.yml describes the same production profile as
scripts/prod.sh (docker cannot run here, so the file is checked, not run):
the same services, nginx config, endpoints, ports and settings."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

from bot.settings import BY_NAME

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
# Variables that deploy/endpoints.yml hands to Rasa (filled from the environment).
ENDPOINT_VARIABLES = set(
    re.findall(r"\$\{(\w+)\}", (ROOT / "deploy" / "endpoints.yml").read_text(encoding="utf-8"))
)


def rendered_nginx() -> str:
    return subprocess.run(
        ["bash", "scripts/prod.sh", "render-nginx"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_compose_has_the_services_of_the_local_profile() -> None:
    assert set(SERVICES) == {
        "postgres",
        "redis",
        "migrate",
        "rasa-1",
        "rasa-2",
        "actions-1",
        "actions-2",
        "web",
        "nginx",
    }


def test_compose_nginx_runs_the_local_profiles_config_for_its_service_names() -> None:
    conf = (ROOT / "deploy" / "nginx.compose.conf").read_text(encoding="utf-8")
    assert conf == rendered_nginx(), "run: scripts/prod.sh render-nginx > deploy/nginx.compose.conf"
    assert SERVICES["nginx"]["volumes"] == ["./deploy/nginx.compose.conf:/etc/nginx/nginx.conf:ro"]
    assert SERVICES["nginx"]["ports"] == ["8088:8088"]
    assert "listen 0.0.0.0:8088;" in conf
    # Only nginx is published: every other service stays on the compose network.
    assert [name for name, service in SERVICES.items() if "ports" in service] == ["nginx"]


def test_compose_rasa_servers_match_nginx_upstreams_and_sticky_names() -> None:
    conf = rendered_nginx()
    for index in (1, 2):
        rasa = SERVICES[f"rasa-{index}"]
        command = rasa["command"]
        assert command[command.index("--endpoints") + 1] == "deploy/endpoints.yml"
        assert command[command.index("--credentials") + 1] == "credentials.yml"
        assert command[command.index("--port") + 1] == "5005"
        node = rasa["environment"]["SOCKETIO_NODE"]
        assert f"~^{node}\\. rasa_{node};" in conf
        assert f"upstream rasa_{node} {{ server rasa-{index}:5005; }}" in conf
        actions = SERVICES[f"actions-{index}"]
        assert actions["command"][-2:] == ["--port", "5055"]
        assert f"server actions-{index}:5055 " in conf
    assert SERVICES["rasa-1"]["environment"]["ACTION_ENDPOINT_URL"] == "http://nginx:8090/webhook"
    assert "listen 0.0.0.0:8090;" in conf


def test_compose_sets_only_documented_settings() -> None:
    for name, service in SERVICES.items():
        if name in ("postgres", "redis", "nginx"):
            continue
        for variable in service.get("environment") or {}:
            assert (
                variable in BY_NAME
                or variable in ENDPOINT_VARIABLES
                or variable.startswith("SANIC_")
            ), (name, variable)


def test_every_compose_secret_is_exported_by_the_entry_point() -> None:
    entry = (ROOT / "deploy" / "with-secrets.sh").read_text(encoding="utf-8")
    exported = dict(re.findall(r"([a-z-]+):([A-Z_]+)", entry))
    assert set(exported.values()) <= set(BY_NAME)
    for name, service in SERVICES.items():
        if service.get("entrypoint") == ["deploy/with-secrets.sh"]:
            assert set(service["secrets"]) <= set(exported), name
    for secret in COMPOSE["secrets"].values():
        assert secret["file"].startswith(".prod/secrets/")
