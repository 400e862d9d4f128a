import time

from bot.identity_token import read_token, sign_token

SECRET = "test-secret-for-tokens"


def test_a_signed_token_is_read_back() -> None:
    token = sign_token("ASV-QUA567", "autosicher", SECRET)
    claims = read_token(token, SECRET)
    assert claims is not None
    assert (claims.code, claims.program) == ("ASV-QUA567", "autosicher")


def test_wrong_secret_tampering_and_expiry_are_refused() -> None:
    token = sign_token("ASV-QUA567", "autosicher", SECRET)
    assert read_token(token, "another-secret") is None
    _payload, signature = token.split(".")
    forged = sign_token("SSE-OLD345", "sonnenstrom", "attacker").split(".")[0]
    assert read_token(f"{forged}.{signature}", SECRET) is None
    assert read_token(token, SECRET, now=time.time() + 7200) is None


def test_garbage_never_raises() -> None:
    for value in (None, 42, "", ".", "a.b", "x" * 5000, "ä.ö", {"code": "x"}):
        assert read_token(value, SECRET) is None
    assert read_token(sign_token("A", "b", SECRET), None) is None  # tokens off
