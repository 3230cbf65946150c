"""Guard: random and mutated argument vectors for every command, against a mocked API that answers anything.

Whatever the input, twpy ends in an exit code of 0, 1, 2 or 3, with no "Unexpected error" and no traceback.
Derandomized (the same examples every run) so CI stays stable; a failure prints the argv to reproduce it.
"""
from __future__ import annotations

import json
import re
import zlib

import click
import pytest
import responses
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import cli_runner
from tw_py.cli.root import REGISTRY, cli

#: Commands that serve, wait on the clock, or watch forever: not for a fuzzer; export writes files where -o says.
SKIP = {"sandbox", "runs watch", "runs wait", "completion", "generate-completion", "export"}
SKIP_OPTIONS = {"wait", "wait_timeout", "timeout"}
WEIRD = ["", "-", "--", "..", "../user-info", "x?workspaceId=1", "a#b", "%2e%2e", "\x00", "é☃", " ", "\n",
         "0", "-1", "99999999999999999999", "1.5", "nan", "inf", "true", "null", "[1,2", "{\"a\":", "a=b", "a.b=1",
         "org/ws", "acme/showcase", "personal", "x" * 300, "/dev/null", "/nonexistent/file", "s3://b/w",
         "https://github.com/nextflow-io/hello", "http://x", "1h30m", "SUCCEEDED", "AVAILABLE", "aws", "json"]


def _commands():
    ctx = click.Context(cli)
    found = []

    def walk(command, path):
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                walk(command.get_command(ctx, name), path + [name])
        elif " ".join(path[:1]) not in SKIP and " ".join(path[:2]) not in SKIP:
            found.append((path, command))

    for name in sorted(REGISTRY):
        walk(cli.get_command(ctx, name), [name])
    return found


COMMANDS = _commands()
VALUE = st.one_of(st.sampled_from(WEIRD), st.text(max_size=20), st.integers(-5, 10**12).map(str))


@st.composite
def argv(draw):
    path, command = draw(st.sampled_from(COMMANDS))
    args = list(path)
    for param in command.params:
        if param.name in SKIP_OPTIONS or not draw(st.booleans()):
            continue
        if isinstance(param, click.Option):
            args.append(draw(st.sampled_from(param.opts + param.secondary_opts)))
            if not param.is_flag and not param.count:
                args.append(draw(VALUE))
        else:
            args.append(draw(VALUE))
    for _ in range(draw(st.integers(0, 2))):  # mutations: a stray token somewhere
        args.insert(draw(st.integers(0, len(args))), draw(st.one_of(VALUE, st.sampled_from(["-w", "-i", "-n", "--all"]))))
    if draw(st.booleans()):
        args = ["-o", "json"] + args
    return args


def _answer(request):
    """Anything plausible: an empty object, a list page, or an error with a message."""
    kind = zlib.crc32(f"{request.method} {request.url}".encode()) % 4
    if kind == 0:
        return 200, {}, "{}"
    if kind == 1:
        return 404, {}, json.dumps({"message": "Not found"})
    if kind == 2:
        return 400, {}, json.dumps({"message": "Bad request"})
    return 200, {}, json.dumps({"user": {"id": 7, "userName": "u"}, "orgsAndWorkspaces": [], "workflows": [],
                                "pipelines": [], "computeEnvs": [], "credentials": [], "totalSize": 0})


@pytest.mark.skipif(not COMMANDS, reason="no commands found")
@settings(max_examples=3000, deadline=5000, derandomize=True, suppress_health_check=list(HealthCheck),
          database=None)
@given(args=argv())
def test_no_input_crashes_twpy(args, monkeypatch_env):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for method in ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"):
            mock.add_callback(method, re.compile(r".*"), callback=_answer)
        runner = cli_runner()
        result = runner.invoke(cli, args, input="", catch_exceptions=True)
    out = result.stdout + getattr(result, "stderr", "")
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
    assert result.exit_code in (0, 1, 2, 3), (args, result.exit_code, out)
    assert "Unexpected error" not in out, (args, out)
    assert "Traceback" not in out, (args, out)


@pytest.fixture(scope="module")
def monkeypatch_env(tmp_path_factory):
    """The environment of every example (hypothesis runs many examples in one test call)."""
    import os

    mp = pytest.MonkeyPatch()
    base = tmp_path_factory.mktemp("fuzz")
    for name in list(os.environ):
        if name.startswith(("TOWER_", "TWPY_")):
            mp.delenv(name)
    mp.chdir(base)  # commands that write files (runs dump, exports) write here
    mp.setenv("TWPY_CONFIG_DIR", str(base / "config"))
    mp.setenv("TWPY_CACHE_DIR", str(base / "cache"))
    mp.setenv("TOWER_ACCESS_TOKEN", "fuzz-TOKEN-0123456789")
    mp.setenv("TOWER_API_ENDPOINT", "https://api.tower.test")
    mp.setenv("TWPY_POLL_INTERVAL", "0")
    mp.setenv("TWPY_RETRIES", "0")
    mp.setenv("TWPY_COMPLETE_REFRESH", "0")
    yield
    mp.undo()
