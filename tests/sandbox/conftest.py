"""Fixtures for the sandbox tests: a running sandbox and an HTTP helper speaking to it."""
from __future__ import annotations

import pytest

from tests.sandbox_server import response_problems, running_sandbox, spec_problems


@pytest.fixture
def sandbox():
    """A sandbox on a free 127.0.0.1 port with fast runs; every request it received and every response it sent
    must follow the spec."""
    with running_sandbox() as server:
        yield server
        problems = spec_problems(server)
        assert not problems, "requests the OpenAPI spec rejects reached the sandbox:\n" + "\n".join(problems)
        problems = response_problems(server)
        assert not problems, "responses that do not follow the OpenAPI spec:\n" + "\n".join(problems)


class Http:
    """requests against the sandbox with its token: http.get('/pipelines', workspaceId=1) -> Response."""

    def __init__(self, server, token=None):
        import requests

        self.server = server
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token or server.token}"

    def call(self, method, path, body=None, **params):
        return self.session.request(method, self.server.url + path, params=params or None,
                                    json=body if body is not None else None, timeout=10)

    def get(self, path, **params):
        return self.call("GET", path, **params)

    def post(self, path, body=None, **params):
        return self.call("POST", path, body if body is not None else {}, **params)

    def put(self, path, body=None, **params):
        return self.call("PUT", path, body if body is not None else {}, **params)

    def delete(self, path, **params):
        return self.call("DELETE", path, **params)


@pytest.fixture
def http(sandbox):
    http = Http(sandbox)
    yield http
    http.session.close()


@pytest.fixture
def showcase(http):
    """The id of the seeded demo/showcase workspace."""
    user = http.get("/user-info").json()["user"]
    entries = http.get(f"/user/{user['id']}/workspaces").json()["orgsAndWorkspaces"]
    return next(e["workspaceId"] for e in entries if e.get("workspaceName") == "showcase")
