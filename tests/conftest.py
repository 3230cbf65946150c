"""Shared fixtures: isolated config and keyring, HTTP mocked at the wire, a CliRunner helper."""
from __future__ import annotations

import json

import keyring
import pytest
import responses
from click.testing import CliRunner
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from tests import contract

URL = "https://api.tower.test"     # base URL used by the unit tests (no path: matches the spec's paths)
WEB = "https://tower.test"         # the web UI URL derived from it, as tw derives it
TOKEN = "tok-SECRET-1234567890"     # checked to never appear in any output
USER = {"id": 7, "userName": "jordi", "email": "jordi@example.com"}
ORG_ENTRY = {"orgId": 27736513644467, "orgName": "Seqera", "workspaceId": None, "workspaceName": None}
WS_ENTRY = {"orgId": 27736513644467, "orgName": "Seqera", "workspaceId": 222756650686576, "workspaceName": "cli",
            "workspaceFullName": "CLI tests", "visibility": "PRIVATE"}
WORKSPACES = {"orgsAndWorkspaces": [ORG_ENTRY, WS_ENTRY]}


class MemoryKeyring(KeyringBackend):
    """A working in-memory keyring backend."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        if (service, username) not in self.store:
            raise PasswordDeleteError("not found")
        del self.store[(service, username)]


class BrokenKeyring(MemoryKeyring):
    """A keyring backend that fails like a headless server's (no Secret Service)."""

    def get_password(self, service, username):
        raise keyring.errors.KeyringError("No backend available")

    set_password = get_password
    delete_password = get_password


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Each test gets its own config/cache dir, a memory keyring, and a token + URL in the environment."""
    import os

    for name in list(os.environ):
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


def user_and_workspaces(mock, user=USER, workspaces=WORKSPACES):
    """Register the workspace-directory lookups (`/user-info`, `/user/{id}/workspaces`)."""
    mock.get(f"{URL}/user-info", json={"user": user})
    mock.get(f"{URL}/user/{user['id']}/workspaces", json=workspaces)


class Result:
    def __init__(self, result):
        self.exit_code = result.exit_code
        self.stdout = result.stdout
        self.stderr = result.stderr
        self.exception = result.exception

    def json(self):
        return json.loads(self.stdout)

    def __repr__(self):
        return f"<Result exit={self.exit_code} stdout={self.stdout!r} stderr={self.stderr!r}>"


def cli_runner() -> CliRunner:
    """A CliRunner that keeps stdout and stderr apart with every supported click version."""
    try:
        return CliRunner(mix_stderr=False)  # click 8.1 (Python 3.9); 8.2+ always separates them
    except TypeError:
        return CliRunner()


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


def body(call) -> dict:
    """The JSON body of a recorded request."""
    return json.loads(call.request.body)
