"""End to end: the INSTALLED `twpy` console script against the sandbox, over real sockets on 127.0.0.1.

`twpy sandbox start` itself runs as a subprocess (start, --state across a restart, SIGTERM); the other command
groups run against an in-thread sandbox that records every request, and each request must follow the spec.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time

import pytest

from tests.sandbox_server import response_problems, running_sandbox, sandbox_env, spec_problems, twpy_executable

pytestmark = pytest.mark.e2e


@pytest.fixture
def exe():
    found = twpy_executable()
    if found is None:
        pytest.skip("the twpy console script is not installed (pip install -e '.[test]')")
    return found


@pytest.fixture
def home(tmp_path):
    """Isolated config/cache dirs for the subprocesses."""
    return {"TWPY_CONFIG_DIR": str(tmp_path / "config"), "TWPY_CACHE_DIR": str(tmp_path / "cache")}


def run(exe, env, *args, input=None, timeout=60):
    return subprocess.run([exe, *map(str, args)], input=input, capture_output=True, text=True, env=env,
                          timeout=timeout)


class Started:
    """A `twpy sandbox start` subprocess and the URL it printed."""

    def __init__(self, exe, env, *args):
        # SIGINT as a terminal delivers it, even when the test run itself was started with SIGINT ignored
        # (a background job of a non-interactive shell): Ctrl-C is what one test checks.
        self.process = subprocess.Popen([exe, "sandbox", "start", "--port", "0", *args], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, env=env,
                                        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        first = self.process.stdout.readline()
        match = re.search(r"listening on (http://127\.0\.0\.1:(\d+))", first)
        if not match:
            self.process.kill()
            raise AssertionError(f"no URL on the first line: {first!r} {self.process.stderr.read()!r}")
        self.url, self.port = match.group(1), int(match.group(2))

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        out, err = self.process.communicate(timeout=15)
        return self.process.returncode, out, err


@pytest.fixture
def started(exe, home):
    servers = []

    def start(*args):
        server = Started(exe, {**os.environ, **home}, *args)
        servers.append(server)
        return server

    yield start
    for server in servers:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait(timeout=5)


def test_sandbox_start_serves_loopback_and_env_points_twpy_at_it(exe, home, started):
    server = started("--speed", "20")
    exports = run(exe, {**os.environ, **home}, "sandbox", "env", "--port", server.port)
    assert exports.returncode == 0 and exports.stderr == ""
    values = dict(re.findall(r"^export (\w+)=(.*)$", exports.stdout, re.M))
    assert values == {"TOWER_API_ENDPOINT": server.url, "TOWER_ACCESS_TOKEN": "twpy-sandbox-demo-token",
                      "TWPY_INSECURE": "1"}
    env = {**sandbox_env(values["TOWER_API_ENDPOINT"], values["TOWER_ACCESS_TOKEN"]), **home, "TWPY_INSECURE": "1"}
    listed = run(exe, env, "-o", "json", "workspaces", "list")
    assert listed.returncode == 0, listed.stderr
    assert [(w["orgName"], w["workspaceName"]) for w in json.loads(listed.stdout)["workspaces"]] == [("demo", "showcase")]
    info = run(exe, env, "info")
    assert info.returncode == 0, info.stdout + info.stderr
    assert "Authenticated user      | demo" in info.stdout or re.search(r"Authenticated user\s+\|\s+demo", info.stdout)
    code, out, err = server.stop()
    assert code == 0 and "Sandbox stopped." in err and "Traceback" not in err


def test_state_file_keeps_what_was_added_across_a_restart(exe, home, started, tmp_path):
    state = tmp_path / "sandbox.json"
    first = started("--speed", "20", "--state", state)
    env = {**sandbox_env(first.url, "twpy-sandbox-demo-token"), **home}
    added = run(exe, env, "pipelines", "add", "-n", "kept", "-w", "demo/showcase", "https://github.com/nextflow-io/hello")
    assert added.returncode == 0, added.stderr
    assert first.stop()[0] == 0
    second = started("--speed", "20", "--state", state)
    env = {**sandbox_env(second.url, "twpy-sandbox-demo-token"), **home}
    listed = run(exe, env, "-o", "json", "pipelines", "list", "-w", "demo/showcase")
    assert listed.returncode == 0, listed.stderr
    assert "kept" in [p["name"] for p in json.loads(listed.stdout)["pipelines"]]
    assert second.stop()[0] == 0


def test_start_refuses_a_busy_port_with_one_error_line(exe, home, started):
    server = started()
    again = run(exe, {**os.environ, **home}, "sandbox", "start", "--port", server.port, timeout=20)
    assert again.returncode == 1 and again.stdout == ""
    assert again.stderr.startswith(f"ERROR: Cannot listen on 127.0.0.1:{server.port}") and "Traceback" not in again.stderr


# Command groups against an in-thread sandbox whose received requests are checked against the spec -------------
@pytest.fixture
def sandbox_twpy(exe, home):
    with running_sandbox(speed=20) as sandbox:
        env = {**sandbox_env(sandbox.url, sandbox.token), **home}
        yield lambda *args, **kw: run(exe, env, *args, **kw)
        problems = spec_problems(sandbox)
        assert not problems, "twpy sent requests the spec rejects:\n" + "\n".join(problems)
        problems = response_problems(sandbox)
        assert not problems, "the sandbox answered outside the spec:\n" + "\n".join(problems)


def test_launch_hello_and_wait_until_succeeded(sandbox_twpy):
    launched = sandbox_twpy("-o", "json", "launch", "hello", "--workspace", "demo/showcase", "--wait", "SUCCEEDED")
    assert launched.returncode == 0, launched.stdout + launched.stderr
    run_id = json.loads(launched.stdout)["workflowId"]
    runs = sandbox_twpy("-o", "json", "runs", "list", "-w", "demo/showcase", "-f", "status:SUCCEEDED")
    assert runs.returncode == 0, runs.stderr
    assert run_id in [w["workflow"]["id"] for w in json.loads(runs.stdout)["workflows"]]


def test_a_run_asked_to_fail_ends_failed_and_wait_exits_1(sandbox_twpy, tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text("sandbox_fail: true\n")
    launched = sandbox_twpy("launch", "hello", "-w", "demo/showcase", "--params-file", params, "--wait", "SUCCEEDED")
    assert launched.returncode == 1, launched.stdout + launched.stderr
    assert "FAILED" in launched.stdout + launched.stderr


def test_pipelines_add_and_list(sandbox_twpy):
    added = sandbox_twpy("pipelines", "add", "-n", "my-hello", "-w", "demo/showcase", "-d", "mine",
                         "https://github.com/nextflow-io/hello")
    assert added.returncode == 0, added.stderr
    assert "New pipeline 'my-hello' added at [demo / showcase] workspace" in added.stdout
    listed = sandbox_twpy("-o", "json", "pipelines", "list", "-w", "demo/showcase")
    assert listed.returncode == 0, listed.stderr
    assert sorted(p["name"] for p in json.loads(listed.stdout)["pipelines"]) == ["hello", "my-hello", "rnaseq", "sarek"]
    personal = sandbox_twpy("-o", "json", "pipelines", "list")
    assert "my-hello" not in [p["name"] for p in json.loads(personal.stdout)["pipelines"]]


def test_compute_envs_add_wait_available_and_list(sandbox_twpy):
    added = sandbox_twpy("compute-envs", "add", "aws-batch", "forge", "-n", "e2e-ce", "-w", "demo/showcase",
                         "-r", "eu-west-1", "--work-dir", "s3://e2e/work", "--max-cpus", "16", "--wait", "AVAILABLE")
    assert added.returncode == 0, added.stdout + added.stderr
    listed = sandbox_twpy("-o", "json", "compute-envs", "list", "-w", "demo/showcase")
    assert listed.returncode == 0, listed.stderr
    found = {c["name"]: c for c in json.loads(listed.stdout)["computeEnvs"]}
    assert found["e2e-ce"]["status"] == "AVAILABLE" and found["aws-demo"]["primary"] is True
    deleted = sandbox_twpy("compute-envs", "delete", "-n", "e2e-ce", "-w", "demo/showcase")
    assert deleted.returncode == 0, deleted.stderr
    time.sleep(0.2)
    listed = sandbox_twpy("-o", "json", "compute-envs", "list", "-w", "demo/showcase")
    assert "e2e-ce" not in [c["name"] for c in json.loads(listed.stdout)["computeEnvs"]]


def test_runs_view_and_credentials_list(sandbox_twpy):
    runs = sandbox_twpy("-o", "json", "runs", "list", "-w", "demo/showcase")
    assert runs.returncode == 0, runs.stderr
    first = json.loads(runs.stdout)["workflows"][0]["workflow"]["id"]
    view = sandbox_twpy("runs", "view", "-i", first, "-w", "demo/showcase")
    assert view.returncode == 0, view.stderr
    assert first in view.stdout
    creds = sandbox_twpy("-o", "json", "credentials", "list", "-w", "demo/showcase")
    assert creds.returncode == 0, creds.stderr
    assert sorted(c["name"] for c in json.loads(creds.stdout)["credentials"]) == ["aws-demo", "github-demo"]


def test_a_sandbox_killed_while_writing_leaves_a_state_file_that_loads(exe, home, started, tmp_path):
    import threading

    import requests

    state = tmp_path / "sandbox.json"
    for round_ in range(3):
        server = started("--speed", "20", "--state", state)
        session = requests.Session()
        session.headers["Authorization"] = "Bearer twpy-sandbox-demo-token"
        written = []

        def write(n, server=server, session=session, written=written, round_=round_):
            for i in range(200):
                try:
                    response = session.post(f"{server.url}/labels", json={"name": f"r{round_}-{n}-{i}"}, timeout=5)
                except requests.RequestException:
                    return
                if response.status_code == 200:
                    written.append(response.json()["name"])

        writers = [threading.Thread(target=write, args=(n,)) for n in range(2)]
        for writer in writers:
            writer.start()
        deadline = time.monotonic() + 10
        while len(written) < 20 and time.monotonic() < deadline:
            time.sleep(0.01)
        server.process.kill()  # SIGKILL: no handler runs, a save may be half done
        server.process.wait(timeout=5)
        for writer in writers:
            writer.join(timeout=10)
        session.close()
        assert len(written) >= 20
        on_disk = json.loads(state.read_text())  # a whole JSON document, never a torn one
        saved = {label["name"] for label in on_disk["labels"]}
        assert set(written) <= saved  # the state is saved before the answer: every answered write is on disk
    again = started("--speed", "20", "--state", state)
    env = {**sandbox_env(again.url, "twpy-sandbox-demo-token"), **home}
    listed = run(exe, env, "-o", "json", "workspaces", "list")
    assert listed.returncode == 0 and listed.stderr == ""
    code, _, err = again.stop()
    assert code == 0 and "Traceback" not in err


def test_ctrl_c_stops_cleanly_and_keeps_the_state(exe, home, started, tmp_path):
    state = tmp_path / "sandbox.json"
    server = started("--speed", "20", "--state", state)
    env = {**sandbox_env(server.url, "twpy-sandbox-demo-token"), **home}
    added = run(exe, env, "organizations", "add", "-n", "kept-org", "-f", "Kept Org")
    assert added.returncode == 0 and added.stderr == "", added.stderr
    server.process.send_signal(signal.SIGINT)
    out, err = server.process.communicate(timeout=15)
    assert server.process.returncode == 0
    assert err == f"Sandbox stopped. State saved in {state}.\n"
    assert "kept-org" in [org["name"] for org in json.loads(state.read_text())["orgs"]]
    assert not list(tmp_path.glob(".sandbox-*"))
