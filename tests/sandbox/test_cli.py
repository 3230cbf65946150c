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
