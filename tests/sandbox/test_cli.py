"""`twpy sandbox env` and `start` errors through the real root command, and the client never importing the sandbox."""
from __future__ import annotations

import socket
from pathlib import Path

import tw_py


def test_env_prints_the_exports_for_the_default_port(run):
    result = run("sandbox", "env")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == ("export TOWER_API_ENDPOINT=http://127.0.0.1:8642\n"
                             "export TOWER_ACCESS_TOKEN=twpy-sandbox-demo-token\n"
                             "export TWPY_INSECURE=1\n")


def test_env_json_for_another_port(run):
    result = run("-o", "json", "sandbox", "env", "--port", "50123")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"TOWER_API_ENDPOINT": "http://127.0.0.1:50123",
                             "TOWER_ACCESS_TOKEN": "twpy-sandbox-demo-token", "TWPY_INSECURE": "1"}


def test_env_rejects_a_port_out_of_range(run):
    result = run("sandbox", "env", "--port", "70000")
    assert result.exit_code == 2 and result.stdout == ""
    assert "70000" in result.stderr


def test_start_on_a_busy_port_is_one_clear_error(run):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = run("sandbox", "start", "--port", port)
    assert result.exit_code == 1 and result.stdout == ""
    assert f"ERROR: Cannot listen on 127.0.0.1:{port}" in result.stderr and "Traceback" not in result.stderr


def test_start_refuses_a_file_that_is_not_a_state_file(run, tmp_path):
    state = tmp_path / "notes.json"
    state.write_text("[1, 2]")
    result = run("sandbox", "start", "--port", "0", "--state", state)
    assert result.exit_code == 1 and result.stdout == ""
    assert "is not a twpy sandbox state file" in result.stderr


def test_the_client_code_never_imports_the_sandbox():
    root = Path(tw_py.__file__).parent
    for package in ("api", "config", "output"):
        for source in (root / package).rglob("*.py"):
            assert "tw_py.sandbox" not in source.read_text(encoding="utf-8"), source


def test_start_names_a_state_file_that_is_not_json(run, tmp_path):
    state = tmp_path / "broken.json"
    state.write_text("{bad")
    result = run("sandbox", "start", "--port", "0", "--state", state)
    assert result.exit_code == 1 and result.stdout == ""
    first, hint = result.stderr.splitlines()
    assert first.startswith(f"ERROR: '{state}' is not a twpy sandbox state file (invalid JSON: ")
    assert hint == "  hint: Point --state at a new file, or at one written by 'twpy sandbox start'."


def test_start_refuses_a_state_file_missing_its_collections(run, tmp_path):
    state = tmp_path / "partial.json"
    state.write_text('{"version": 1}')
    result = run("sandbox", "start", "--port", "0", "--state", state)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[0] == f"ERROR: '{state}' is not a twpy sandbox state file (version 1)"
    assert state.read_text() == '{"version": 1}'


def test_start_with_an_unwritable_state_path_says_so_not_a_port_problem(run, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    state = blocker / "state.json"  # its directory is a regular file
    result = run("sandbox", "start", "--port", "0", "--state", state)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[0].startswith(f"ERROR: Cannot write the state file '{state}': ")
    assert "listen" not in result.stderr


def test_start_on_a_busy_port_writes_no_new_state_file(run, tmp_path):
    state = tmp_path / "new.json"
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = run("sandbox", "start", "--port", port, "--state", state)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[0] == f"ERROR: Cannot listen on 127.0.0.1:{port}: Address already in use"
    assert not state.exists()
