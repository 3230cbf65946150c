"""Every secret, in every escaping it may come back in, is redacted from logs and errors; short ones only as words."""
import io
import json
from urllib.parse import quote, quote_plus

import pytest
import responses

from tests.helpers import URL
from tw_py.api.client import Client, escapings
from tw_py.errors import ApiError

SECRETS = ["p@ss\"w\\rd", "-----BEGIN KEY-----\nMIIEv\nQ==\n-----END KEY-----\n", "naïve-sécret-☃", "a b+c/d?e=f&g"]


def forms(secret):
    once = json.dumps(secret)[1:-1]
    return {secret, once, json.dumps(once)[1:-1], repr(secret)[1:-1], quote(secret, safe=""), quote_plus(secret),
            json.dumps(secret, ensure_ascii=False)[1:-1]}


@pytest.mark.parametrize("secret", SECRETS)
def test_every_escaping_of_every_secret_is_redacted(secret):
    client = Client(URL, "tok-0123456789abcdef")
    client.add_secret(secret)
    for form in forms(secret):
        assert client.redact(f"before {form} after") == "before *** after", form
    assert escapings(secret) >= {secret}


def test_the_token_in_every_escaping_is_redacted():
    token = "tok-0123456789abcdef\"x"
    client = Client(URL, token)
    for form in forms(token):
        assert "0123456789abcdef" not in client.redact(f"x{form}y")


def test_a_short_secret_does_not_mangle_messages():
    client = Client(URL, "tok-0123456789abcdef")
    client.add_secret("e")
    assert client.redact("Credentials with name 'aws' already exists") == "Credentials with name 'aws' already exists"
    assert client.redact('{"password":"e"}') == '{"password":"***"}'


def test_secret_fields_at_any_depth_and_inside_json_strings_are_masked():
    log = io.StringIO()
    client = Client(URL, "tok-0123456789abcdef", log=log)
    inner = json.dumps({"type": "service_account", "private_key": "KEYDATA-123"})
    with responses.RequestsMock() as mock:
        mock.post(f"{URL}/credentials", json={"credentialsId": "c1"})
        client.post("/credentials", {"credentials": {"keys": {"data": inner, "nested": [{"password": "PW-456"}]}}})
    assert "KEYDATA-123" not in log.getvalue()
    assert "PW-456" not in log.getvalue()


def test_a_server_echoing_the_token_in_an_error_does_not_show_it():
    token = "tok-0123456789abcdef"
    client = Client(URL, token)
    with responses.RequestsMock() as mock:
        mock.get(f"{URL}/user-info", status=400, json={"message": f"bad header Authorization: Bearer {token}"})
        with pytest.raises(ApiError) as caught:
            client.get("/user-info")
    assert token not in caught.value.message
    assert "Bearer ***" in caught.value.message
