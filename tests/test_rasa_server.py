"""The Rasa launcher takes its API token from environment or file, never from arguments."""

from bot.rasa_server import main, rasa_arguments


def test_the_token_is_added_inside_the_process() -> None:
    assert rasa_arguments(["--port", "5005"], "geheim-geheim-geheim") == [
        "rasa",
        "run",
        "--enable-api",
        "--port",
        "5005",
        "--auth-token",
        "geheim-geheim-geheim",
    ]


def test_a_token_on_the_command_line_is_refused(capsys) -> None:
    assert main(["--auth-token", "geheim-geheim-geheim"]) == 2
    assert "RASA_AUTH_TOKEN" in capsys.readouterr().err


def test_no_start_without_a_token(monkeypatch, tmp_path, capsys) -> None:
    monkeypatch.delenv("RASA_AUTH_TOKEN", raising=False)
    monkeypatch.setenv("RASA_AUTH_TOKEN_FILE", str(tmp_path / "missing"))
    assert main(["--port", "5005"]) == 2
    assert "not started" in capsys.readouterr().err
