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
        _check_outcome([str(a) for a in args], result)
        _check_output_contract([str(a) for a in args], result, env)
        return result

    return invoke


def _check_outcome(args, result) -> None:
    """Every invocation ends through the error boundary: no uncaught exception, no traceback without --verbose, and
    a success never prints an ERROR line (tests that expect neither still get these checked)."""
    verbose = {"-v", "--verbose"} & set(args)
    exception = result.exception
    assert exception is None or isinstance(exception, SystemExit), f"uncaught {exception!r}"
    assert verbose or "Traceback" not in result.stderr, f"a traceback without --verbose: {result.stderr!r}"
    assert result.exit_code != 0 or not result.stderr.startswith("ERROR:"), f"a success printed {result.stderr!r}"


#: Rows of the output contract a successful command printed, JSON and console (for the session's coverage check).
CONTRACT_SEEN: dict[str, set] = {"json": set(), "console": set()}


def _check_output_contract(args, result, env) -> None:
    """A successful command's JSON document and console line must be tw's (tests/output_contract.py)."""
    import json
    import os

    from tests import output_contract

    if result.exit_code != 0 or "-h" in args or "--help" in args:
        return
    path, json_mode = output_contract.invocation(args)
    json_mode = json_mode or ((env or {}).get("TOWER_CLI_OUTPUT_FORMAT") or os.environ.get("TOWER_CLI_OUTPUT_FORMAT") or
                              "").lower() == "json"
    if json_mode and not {"-v", "--verbose"} & set(args):   # a success in JSON mode: nothing but tw's warnings
        assert all(line.startswith("WARNING: ") for line in result.stderr.splitlines()), \
            f"a success in JSON mode must leave stderr empty: {result.stderr!r}"
    key = output_contract.row_for(path)
    if key is None or not result.stdout.strip():
        return
    if json_mode:
        try:
            document = json.loads(result.stdout)
        except ValueError:
            return   # streamed or raw output (downloads): checked by the command's own tests
        problems = output_contract.document_problems(key, document)
        CONTRACT_SEEN["json"].add(key)
    else:
        problems = output_contract.console_problems(key, result.stdout)
        CONTRACT_SEEN["console"].add(key)
    assert not problems, "output differs from tw's:\n" + "\n".join(problems)


def pytest_sessionfinish(session, exitstatus):
    """A whole test run (no selection) must print every row of the output contract at least once."""
    from tests import output_contract

    config = session.config
    if config.option.keyword or config.option.markexpr or config.option.collectonly or session.testsfailed or \
            [a for a in config.args if a.rstrip("/") not in ("tests", str(config.rootpath / "tests"))]:
        return
    rows = {k: row for k, row in output_contract.ROWS.items() if output_contract.implemented(k)}
    missing_json = sorted(" ".join(k) for k, row in rows.items() if row.keys is not None and k not in CONTRACT_SEEN["json"])
    missing_console = sorted(" ".join(k) for k, row in rows.items() if row.console and k not in CONTRACT_SEEN["console"])
    if missing_json or missing_console:
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        reporter.write_line("output contract rows no test printed: JSON: " + ", ".join(missing_json)
                            + "; console: " + ", ".join(missing_console), red=True)
        session.exitstatus = 1


@pytest.fixture
def write_file(tmp_path):
    """write_file(name, text) -> the path (str) of a new file with that text in the test's directory."""
    def make(name, text):
        path = tmp_path / name
        path.write_text(text)
        return str(path)
    return make


@pytest.fixture
def platform():
    """A stateful Platform: the sandbox's API answering in-process through `responses` (tests.helpers.Platform).
    Every request is checked against the OpenAPI spec, and what one command creates the next one finds."""
    import json
    import re
    import time
    from urllib.parse import urlsplit

    from tests.helpers import Platform
    from tw_py.sandbox.api import Api
    from tw_py.sandbox.seed import seed
    from tw_py.sandbox.store import Store

    store = Store(seed(time.time()), speed=Platform.FAST)
    api = Api(store, TOKEN)

    def answer(request):
        parts = urlsplit(request.url)
        body = request.body or b""
        if hasattr(body, "read"):      # a streamed upload (datasets): read it whole, as a server would
            body = body.read()
            request.body = body        # kept for the spec check after the test
        if isinstance(body, str):
            body = body.encode("utf-8")
        headers = {k.lower(): v for k, v in request.headers.items()}
        response = api.handle(request.method, parts.path, parts.query, headers, body)
        if response.body is None:
            return response.status, {}, ""
        text = response.body if isinstance(response.body, (str, bytes)) else json.dumps(response.body)
        return response.status, {"Content-Type": response.content_type}, text

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for method in ("GET", "POST", "PUT", "DELETE"):
            mock.add_callback(method, re.compile(re.escape(URL) + r"/.*"), callback=answer)
        yield Platform(mock, store)
        if contract.spec_available():
            found = [p for call in mock.calls for p in contract.problems(call.request)]
            assert not found, "requests that do not follow the OpenAPI spec:\n" + "\n".join(found)
