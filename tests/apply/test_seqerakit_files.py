"""seqerakit's own example and template files (tests/apply/seqerakit, copied unchanged) load, plan and apply as
they are, and a second apply sends no write request."""
from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent / "seqerakit"
STAGE = "organizations,teams,workspaces,labels,members,participants,credentials,secrets"
TEMPLATES = ["organizations", "teams", "workspaces", "labels", "members", "participants", "credentials", "secrets"]


@pytest.fixture
def seqerakit_env(monkeypatch, tmp_path):
    """The variables seqerakit's files use (secrets are made up), from its repository root as they expect."""
    key = tmp_path / "google.json"
    key.write_text('{"type": "service_account", "private_key": "made-up"}')
    for name in ("TOWER_GITHUB_PASSWORD", "DOCKERHUB_PASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                 "AZURE_BATCH_KEY", "AZURE_STORAGE_KEY", "SENTIEON_LICENSE_BASE64", "SEQPLATFORM_GITHUB_PASSWORD",
                 "CODECOMMIT_USER", "CODECOMMIT_PASSWORD"):
        monkeypatch.setenv(name, f"made-up-{name.lower()}")
    monkeypatch.setenv("AWS_ASSUME_ROLE_ARN", "arn:aws:iam::123456789012:role/SeqeraRole")
    monkeypatch.setenv("CODECOMMIT_BASEURL", "https://git-codecommit.eu-west-1.amazonaws.com")
    monkeypatch.setenv("GOOGLE_KEY", str(key))
    monkeypatch.chdir(HERE)


def test_the_e2e_file_applies_then_changes_nothing(platform, run, seqerakit_env):
    planned = run("apply", "examples/yaml/seqerakit-e2e.yml", "--targets", STAGE, "--dry-run")
    assert planned.exit_code == 0, planned
    assert platform.writes() == []
    applied = run("apply", "examples/yaml/seqerakit-e2e.yml", "--targets", STAGE)
    assert applied.exit_code == 0, applied
    assert "11 created, 0 updated, 0 replaced, 0 deleted, 0 unchanged" in applied.stdout
    platform.reset()
    again = run("apply", "examples/yaml/seqerakit-e2e.yml", "--targets", STAGE)
    assert again.exit_code == 0, again
    assert platform.writes() == []
    assert "0 created, 0 updated, 0 replaced, 0 deleted, 11 unchanged" in again.stdout


def test_the_e2e_directory_files_merge_and_apply(platform, run, seqerakit_env):
    files = [f"examples/yaml/e2e/{name}.yml" for name in ("organizations", "teams", "workspaces", "labels",
                                                           "members", "participants", "credentials", "secrets")]
    applied = run("apply", *files)
    assert applied.exit_code == 0, applied
    platform.reset()
    assert run("apply", *files).exit_code == 0
    assert platform.writes() == []


def test_the_templates_apply_as_they_are(platform, run, seqerakit_env, write_file):
    # templates/members.yml names an organization 'myorg' that no template creates: it must exist already.
    files = [write_file("myorg.yml", "organizations:\n  - {name: myorg, full-name: My org}\n")]
    files += [f"templates/{name}.yml" for name in TEMPLATES]
    planned = run("apply", *files, "--dry-run")
    assert planned.exit_code == 0, planned
    applied = run("apply", *files)
    assert applied.exit_code == 0, applied
    platform.reset()
    again = run("apply", *files)
    assert again.exit_code == 0, again
    assert platform.writes() == []
