"""twpy's studios commands against the sandbox: the seeded studio starts, runs, stops and leaves a checkpoint."""
from __future__ import annotations

import requests

from tests.sandbox.test_shows_what_the_platform_shows import twpy


def test_studio_lifecycle_through_twpy(run, sandbox):
    ws = ("-w", "demo/showcase")
    listed = twpy(run, sandbox, "-o", "json", "studios", "list", *ws)
    assert listed.exit_code == 0, listed
    assert [s["name"] for s in listed.json()["studios"]] == ["demo-notebook"]
    started = twpy(run, sandbox, "-o", "json", "studios", "start", "-n", "demo-notebook", *ws, "--wait", "running",
                   "--wait-timeout", "60s")
    assert started.exit_code == 0, started
    page = requests.get(started.json()["studioUrl"], timeout=10)
    assert page.status_code == 200 and "demo-notebook" in page.text
    stopped = twpy(run, sandbox, "studios", "stop", "-n", "demo-notebook", *ws, "--wait", "stopped",
                   "--wait-timeout", "60s")
    assert stopped.exit_code == 0, stopped
    checkpoints = twpy(run, sandbox, "-o", "json", "studios", "checkpoints", "-n", "demo-notebook", *ws)
    assert [c["status"] for c in checkpoints.json()["checkpoints"]] == ["finalized"]
    added = twpy(run, sandbox, "studios", "add", "-n", "nb2", "-t",
                 "public.cr.seqera.io/platform/data-studio-vscode:1.93.1-0.8", "-c", "aws-demo", *ws,
                 "--mount-data", "sandbox-demo-bucket")
    assert added.exit_code == 0, added
    assert twpy(run, sandbox, "studios", "delete", "-n", "nb2", *ws).exit_code == 0
    settings = twpy(run, sandbox, "-o", "json", "workspaces", "settings", "studios", "view", "-n", "demo/showcase")
    assert settings.exit_code == 0 and settings.json()["settings"]["lifespanHours"] == 8
