"""twpy export: a workspace as seqerakit YAML (and JSON files beside it) that apply recreates elsewhere; the round
trip export -> apply to an empty workspace -> export gives the same files but for the workspace's name."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml


@pytest.fixture(autouse=True)
def secrets(monkeypatch):
    monkeypatch.setenv("AWS_DEMO_SECRET_KEY", "made-up-secret-key")
    monkeypatch.setenv("GITHUB_DEMO_PASSWORD", "made-up-password")
    monkeypatch.setenv("TWPY_POLL_INTERVAL", "0.01")


def files_under(root: Path) -> dict:
    return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def round_trip(platform, run, write_file, first: Path) -> str:
    """Apply what was exported to `first` to a new workspace demo/copy, apply it again (nothing to write), export
    demo/copy beside it and check that the files are the same but for the workspace's name; the first apply's stdout."""
    assert run("apply", write_file("ws.yml", "workspaces:\n  - {name: copy, full-name: Copy, organization: demo}\n")
               ).exit_code == 0
    copy = first / "copy.yml"
    copy.write_text((first / "showcase.yml").read_text().replace("demo/showcase", "demo/copy"))
    applied = run("apply", copy)
    assert applied.exit_code == 0, applied
    platform.reset()
    again = run("apply", copy)
    assert again.exit_code == 0 and platform.writes() == [], again
    second = first.parent / "second"
    assert run("export", "-w", "demo/copy", "-o", second / "showcase.yml").exit_code == 0
    expected = {path: text.replace("demo/showcase", "demo/copy") for path, text in files_under(first).items()
                if path != "copy.yml"}
    assert files_under(second) == expected
    return applied.stdout


def test_export_writes_yaml_and_json_files_beside_it(platform, run, tmp_path):
    result = run("export", "-w", "demo/showcase", "-o", tmp_path / "out")
    assert result.exit_code == 0, result
    assert "Give these variables when applying: AWS_DEMO_SECRET_KEY, GITHUB_DEMO_PASSWORD" in result.stdout
    assert platform.writes() == []
    doc = yaml.safe_load((tmp_path / "out/showcase.yml").read_text())
    assert list(doc) == ["labels", "credentials", "compute-envs", "datasets", "pipelines", "data-links", "studios"]
    assert doc["credentials"][0] == {"type": "aws", "name": "aws-demo", "workspace": "demo/showcase",
                                     "access-key": "AKIASANDBOXDEMO0000", "secret-key": "$AWS_DEMO_SECRET_KEY"}
    ce = doc["compute-envs"][0]
    assert ce["file-path"] == "./compute-envs/aws-demo.json" and ce["credentials"] == "aws-demo"
    exported = (tmp_path / "out/compute-envs/aws-demo.json").read_text()
    assert '"id"' not in exported and "dateCreated" not in exported and '"name" : "env"' in exported
    pipeline = (tmp_path / "out/pipelines/rnaseq.json").read_text()
    assert "computeEnvId" not in pipeline and '"revision" : "3.14.0"' in pipeline


def test_export_to_stdout_only_without_files(platform, run):
    refused = run("export", "-w", "demo/showcase")
    assert refused.exit_code == 1 and "Give -o DIR or -o FILE.yml" in refused.stderr
    labels = run("export", "-w", "demo/showcase", "--targets", "labels,credentials")
    assert labels.exit_code == 0, labels
    assert yaml.safe_load(labels.stdout)["labels"][1] == {"name": "env", "value": "sandbox", "workspace": "demo/showcase"}
    as_json = run("-o", "json", "export", "-w", "demo/showcase", "--targets", "labels")
    assert as_json.exit_code == 0 and as_json.stderr == ""
    assert as_json.json()["entries"] == {"labels": 3}
    assert run("export", "-w", "demo/showcase", "--targets", "organizations").exit_code == 1


def test_round_trip(platform, run, tmp_path, write_file):
    first = tmp_path / "first"
    assert run("export", "-w", "demo/showcase", "-o", first).exit_code == 0
    assert "12 created, 0 updated" in round_trip(platform, run, write_file, first)


BUSY = """teams:
  - {name: bioinfo, organization: demo, members: [ada@example.org]}
participants:
  - {name: bioinfo, type: TEAM, workspace: demo/showcase, role: maintain}
  - {name: ada@example.org, type: MEMBER, workspace: demo/showcase, role: launch}
secrets:
  - {name: NCBI_KEY, workspace: demo/showcase, value: made-up}
credentials:
  - {type: container-reg, name: quay, workspace: demo/showcase, username: bot, password: made-up, registry: quay.io}
compute-envs:
  - {type: aws-batch, config-mode: forge, name: spot, workspace: demo/showcase, credentials: aws-demo,
     region: eu-west-1, work-dir: 's3://bucket/work', max-cpus: 32, labels: 'team=bio', wait: AVAILABLE}
actions:
  - type: tower
    name: nightly
    pipeline: https://github.com/nextflow-io/hello
    workspace: demo/showcase
    compute-env: spot
    revision: master
    profile: test
    config: CONFIG
    params: {outdir: 's3://bucket/out', depth: 3}
    labels: demo
pipelines:
  - name: hello-params
    url: https://github.com/nextflow-io/hello
    workspace: demo/showcase
    compute-env: spot
    params: {greeting: hi}
    pull-latest: true
    labels: 'demo,team=bio'
"""


def test_round_trip_of_a_busy_workspace(platform, run, tmp_path, write_file, monkeypatch):
    config = write_file("nextflow.config", "process.maxRetries = 2\n")
    assert run("apply", write_file("busy.yml", BUSY.replace("CONFIG", config))).exit_code == 0
    first = tmp_path / "first"
    exported = run("export", "-w", "demo/showcase", "-o", first)
    assert exported.exit_code == 0, exported
    doc = yaml.safe_load((first / "showcase.yml").read_text())
    assert doc["secrets"] == [{"name": "NCBI_KEY", "workspace": "demo/showcase", "value": "$SECRET_NCBI_KEY"}]
    assert doc["participants"] == [
        {"name": "ada@example.org", "type": "MEMBER", "workspace": "demo/showcase", "role": "launch"},
        {"name": "bioinfo", "type": "TEAM", "workspace": "demo/showcase", "role": "maintain"}]
    action = doc["actions"][0]
    assert action["config"] == "./actions/nightly/nextflow.config" and action["params"] == {"outdir": "s3://bucket/out",
                                                                                          "depth": 3}
    assert (first / "actions/nightly/nextflow.config").read_text() == "process.maxRetries = 2\n"
    pipeline = next(p for p in doc["pipelines"] if p["name"] == "hello-params")
    assert "labels" not in pipeline     # `tw pipelines import` (seqerakit) has no --labels: they are in the file
    assert json.loads((first / "pipelines/hello-params.json").read_text())["labels"] == ["demo", "team=bio"]
    for name in ("SECRET_NCBI_KEY", "QUAY_PASSWORD"):
        monkeypatch.setenv(name, "made-up")
    round_trip(platform, run, write_file, first)
