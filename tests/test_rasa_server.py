"""The Rasa launcher takes its API token from environment or file, never from arguments."""

import pytest

from bot.rasa_server import main, rasa_arguments


@pytest.mark.parametrize("token", ["geheim-geheim-geheim", "-Rr4nd0m-t0ken-from-token_urlsafe"])
def test_rasas_own_parser_reads_the_token_added_inside_the_process(token: str) -> None:
    """Also a token that starts with "-" (one in 64 from token_urlsafe): it
    must not be read as an option, which stopped the Rasa server."""
    from rasa.__main__ import create_argument_parser

    argv = rasa_arguments(["--port", "5005"], token)
    parsed = create_argument_parser().parse_args(argv[1:])
    assert parsed.auth_token == token
    assert parsed.port == 5005 and parsed.enable_api


def test_a_token_on_the_command_line_is_refused(capsys) -> None:
    assert main(["--auth-token", "geheim-geheim-geheim"]) == 2
    assert "RASA_AUTH_TOKEN" in capsys.readouterr().err


def test_no_start_without_a_token(monkeypatch, tmp_path, capsys) -> None:
    monkeypatch.delenv("RASA_AUTH_TOKEN", raising=False)
    monkeypatch.setenv("RASA_AUTH_TOKEN_FILE", str(tmp_path / "missing"))
    assert main(["--port", "5005"]) == 2
    assert "not started" in capsys.readouterr().err
