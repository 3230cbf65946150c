"""What the tests share besides fixtures: the test server's names, payload builders, request matchers and the
CliRunner wrapper. Test modules import from here (fixtures live in conftest.py and are never imported)."""
from __future__ import annotations

import json

import keyring.errors
from click.testing import CliRunner
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError
from responses import matchers

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


def user_and_workspaces(mock, user=USER, workspaces=WORKSPACES):
    """Register the workspace-directory lookups (`/user-info`, `/user/{id}/workspaces`)."""
    mock.get(f"{URL}/user-info", json={"user": user})
    mock.get(f"{URL}/user/{user['id']}/workspaces", json=workspaces)


def page(mock, url: str, key: str, items, total: int | None = None, **params) -> None:
    """Answer a listing request at `url` with one page, `{key: items, "totalSize": total}` (total: how many items unless
    given); with params, only a request with exactly these query parameters (see `query`)."""
    mock.get(url, json={key: list(items), "totalSize": len(items) if total is None else total},
             match=[query(**params)] if params else [])


def answered(mock, url: str, body: dict, params: dict, on_request=None) -> None:
    """Answer `GET url` with `body` for exactly these query parameters (strings, as sent); `on_request()`, when given,
    runs as the request arrives (to see how much of a streamed listing was read by then)."""
    match = [matchers.query_param_matcher(params)]
    if on_request is None:
        mock.get(url, json=body, match=match)
        return

    def reply(request):
        on_request()
        return 200, {}, json.dumps(body)
    mock.add_callback("GET", url, callback=reply, match=match)


def label_page(mock, search: str, *found, type: str = "simple", **params) -> None:
    """The label lookup by name: one page of `found` for `search` among the labels of that type (and exactly these
    other query parameters)."""
    page(mock, f"{URL}/labels", "labels", found, search=search, type=type, max=100, offset=0, **params)


def new_label(mock, name: str, label_id: int, **params) -> None:
    """A simple label that the lookup by name does not find, then created with `label_id`."""
    label_page(mock, name, **params)
    mock.post(f"{URL}/labels", match=[matchers.json_params_matcher({"name": name})], json={"id": label_id})


def validation(mock, path: str, status: str, transient: bool = False, message: str | None = None, **params) -> None:
    """`POST {path}/validate` (a compute environment or credentials) answering `status` (and the detail `message`);
    with params, only a request with exactly these query parameters (`force`)."""
    answer = {"status": status, "transientError": transient, **({"message": message} if message else {})}
    mock.post(f"{URL}/{path}/validate", json=answer, match=[query(**params)] if params else [])


def succeeded(result) -> str:
    """The stdout of a command that had to succeed: exit code 0 and nothing on stderr."""
    assert result.exit_code == 0, result
    assert result.stderr == "", result
    return result.stdout


def document(result):
    """The JSON document a command printed (`-o json`) when it had to succeed: exit code 0 and nothing on stderr."""
    return json.loads(succeeded(result))


def printed(result, code: int) -> str:
    """The stdout of a command that had to exit with `code` printing nothing on stderr (`validate` exits 1 when it
    reports INVALID)."""
    assert result.exit_code == code, result
    assert result.stderr == "", result
    return result.stdout


def failed(result, code: int = 1) -> str:
    """The first stderr line of a command that had to fail with `code` and print nothing on stdout."""
    assert result.exit_code == code, result
    assert result.stdout == "", result
    return result.stderr.splitlines()[0]


def misused(result) -> str:
    """The whole stderr of a command that had to stop at a usage error: exit code 2 and nothing on stdout."""
    assert result.exit_code == 2, result
    assert result.stdout == "", result
    return result.stderr


def listed(mock, url: str, key: str, *items, total: int | None = None, **params) -> None:
    """What an organization or workspace command finds before it acts: the workspace directory
    (`user_and_workspaces`) and one page of items at `url` (see `page`)."""
    user_and_workspaces(mock)
    page(mock, url, key, items, total, **params)


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


def body(call) -> dict:
    """The JSON body of a recorded request."""
    return json.loads(call.request.body)


def query(**params):
    """A matcher for exactly these query parameters (booleans as the client sends them: true/false)."""
    return matchers.query_param_matcher({k: str(v).lower() if isinstance(v, bool) else str(v)
                                         for k, v in params.items()})


class Platform:
    """A stateful Platform in-process: the sandbox's API answering through `responses` (the `platform` fixture),
    so every request is recorded and checked against the OpenAPI spec, and what one command creates the next finds."""

    FAST = 200.0   # sandbox speed: a compute environment is ready (or gone) in a few milliseconds

    def __init__(self, mock, store):
        self.mock = mock
        self.store = store

    def calls(self) -> list[tuple[str, str]]:
        from urllib.parse import urlsplit

        return [(call.request.method, urlsplit(call.request.url).path) for call in self.mock.calls]

    def writes(self) -> list[tuple[str, str]]:
        """The write requests (anything but GET) sent since the last `reset()`."""
        return [(method, path) for method, path in self.calls() if method != "GET"]

    def bodies(self, method: str, pattern: str) -> list:
        import re
        from urllib.parse import urlsplit

        return [json.loads(call.request.body) if call.request.body else None for call in self.mock.calls
                if call.request.method == method and re.fullmatch(pattern, urlsplit(call.request.url).path)]

    def reset(self) -> None:
        self.mock.calls.reset()

    def items(self, kind: str) -> list:
        return self.store.items(kind)


def console_table(stdout: str) -> tuple[str, list[str], list[list[str]]]:
    """A console listing as (title line, header cells, rows of cells): tw's blank line, title, blank line, table."""
    lines = stdout.splitlines()
    cells = [[cell.strip() for cell in line.split("|")] for line in lines[5:] if "|" in line]
    return lines[1], [cell.strip() for cell in lines[3].split("|")], cells
