"""Shared fixtures: isolated config and keyring, HTTP mocked at the wire, the CLI runner, files. Everything else
the tests share (names, payloads, matchers) is in tests/helpers.py."""
from __future__ import annotations

import keyring
import pytest
import responses

from tests import contract
from tests.helpers import TOKEN, URL, BrokenKeyring, MemoryKeyring, Result, cli_runner


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Each test gets its own config/cache dir, a memory keyring, and a token + URL in the environment."""
    import os

    for name in list(os.environ):
        if name == "TWPY_OPENAPI_SPEC":  # where the spec-checking tests find the spec
            continue
        if name.startswith(("TOWER_", "TWPY_")) or name in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE",
                                                           "NO_COLOR", "PYTHON_KEYRING_BACKEND"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TWPY_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("TWPY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TOWER_ACCESS_TOKEN", TOKEN)
    monkeypatch.setenv("TOWER_API_ENDPOINT", URL)
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring(isolated):
    return isolated


@pytest.fixture
def broken_keyring():
    backend = BrokenKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture
def api():
    """HTTP mocked at the wire. Every registered response must be used, and every request the test
    sent is validated against the OpenAPI spec when the spec is present."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock
        if contract.spec_available():
            found = [p for call in mock.calls for p in contract.problems(call.request)]
            assert not found, "requests that do not follow the OpenAPI spec:\n" + "\n".join(found)


@pytest.fixture
def run():
    """Run the real `twpy` click command in-process: run('-o', 'json', 'workspaces', 'list')."""
    from tw_py.cli.root import cli

    def invoke(*args, input=None, env=None):
        runner = cli_runner()
        result = Result(runner.invoke(cli, [str(a) for a in args], input=input, env=env, catch_exceptions=True))
        assert TOKEN not in result.stdout and TOKEN not in result.stderr, "the token leaked into output"
        return result

    return invoke


@pytest.fixture
def write_file(tmp_path):
    """write_file(name, text) -> the path (str) of a new file with that text in the test's directory."""
    def make(name, text):
        path = tmp_path / name
        path.write_text(text)
        return str(path)
    return make
