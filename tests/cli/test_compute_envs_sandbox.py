"""compute-envs end to end against the local sandbox server (real HTTP; every request checked against the spec):
add with --wait, view, export --portable, import --overwrite, primary set/get, validate, delete --wait."""
from __future__ import annotations

import json

import pytest

from tests.sandbox_server import running_sandbox, spec_problems

WS = "demo/showcase"


@pytest.fixture
def env(monkeypatch):
    with running_sandbox() as sandbox:
        variables = sandbox.env()
        monkeypatch.setenv("TOWER_API_ENDPOINT", variables["TOWER_API_ENDPOINT"])
        monkeypatch.setenv("TOWER_ACCESS_TOKEN", variables["TOWER_ACCESS_TOKEN"])
        monkeypatch.setenv("TWPY_INSECURE", "1")
        monkeypatch.setenv("TWPY_POLL_INTERVAL", "0.05")
        yield sandbox
        assert spec_problems(sandbox) == []


def test_lifecycle_against_sandbox(env, run, tmp_path):
    added = run("-o", "json", "compute-envs", "add", "aws-batch", "forge", "-w", WS, "-n", "e2e", "-r", "eu-west-1",
                "--work-dir", "s3://bucket/work", "--max-cpus", "8", "--labels", "team=e2e", "--wait", "AVAILABLE")
    assert added.exit_code == 0, added
    assert added.stderr == ""
    assert added.json()["name"] == "e2e"

    target = tmp_path / "e2e.json"
    exported = run("compute-envs", "export", "-w", WS, "-n", "e2e", "--portable", target)
    assert exported.exit_code == 0 and exported.stderr == ""
    doc = json.loads(target.read_text())
    assert doc["labels"] == [{"name": "team", "value": "e2e", "resource": True}]
    assert doc["forge"]["maxCpus"] == 8

    imported = run("-o", "json", "compute-envs", "import", "-w", WS, "-n", "e2e", "--overwrite", "--wait", "AVAILABLE",
                   target)
    assert imported.exit_code == 0, imported
    new_id = imported.json()["id"]
    assert new_id != added.json()["id"]

    assert run("compute-envs", "primary", "set", "-w", WS, "-i", new_id).exit_code == 0
    primary = run("-o", "json", "compute-envs", "primary", "get", "-w", WS)
    assert primary.exit_code == 0 and primary.json()["id"] == new_id

    listed = run("-o", "json", "compute-envs", "list", "-w", WS)
    assert [c["name"] for c in listed.json()["computeEnvs"]].count("e2e") == 1

    deleted = run("compute-envs", "delete", "-w", WS, "-i", new_id, "--wait")
    assert deleted.exit_code == 0, deleted
    assert deleted.stderr == ""
    listed = run("-o", "json", "compute-envs", "list", "-w", WS)
    assert new_id not in [c["id"] for c in listed.json()["computeEnvs"] if c.get("status") != "DELETED"]
